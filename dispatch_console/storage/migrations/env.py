"""Alembic environment: runs on the connection the program hands over (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from dispatch_console.storage.models import Base, tracked_by_models

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand during development
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=tracked_by_models,
)
with context.begin_transaction():
    context.run_migrations()
