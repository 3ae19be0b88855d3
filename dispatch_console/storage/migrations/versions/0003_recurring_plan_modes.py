"""recurring plans: mode, closeout needs passed on to their work orders, and how far they generated

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dispatch_console.storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pm_plan") as batch:
        batch.add_column(sa.Column("mode", sa.String(length=20), nullable=False, server_default="fixed"))
        batch.add_column(sa.Column("closeout_needs", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("generated_through", UTCDateTime(), nullable=True))
    with op.batch_alter_table("work_order") as batch:
        batch.add_column(sa.Column("closeout_needs", sa.JSON(), nullable=False, server_default="[]"))
    # A plan that already made work orders has generated up to its latest occurrence.
    op.execute(
        "UPDATE pm_plan SET generated_through = (SELECT MAX(w.pm_occurrence) FROM work_order w "
        "WHERE w.pm_plan_id = pm_plan.id)"
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy would drop the old table, and
    # SQLite's foreign keys would take every row that refers to it along (ON DELETE CASCADE).
    op.execute("ALTER TABLE work_order DROP COLUMN closeout_needs")
    for column in ("generated_through", "closeout_needs", "mode"):
        op.execute(f"ALTER TABLE pm_plan DROP COLUMN {column}")
