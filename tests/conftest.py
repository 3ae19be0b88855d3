"""Shared fixtures: offscreen Qt, a migrated database per test (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import schema  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402

#: Set by .ci/run to a PostgreSQL server URL (no database name); then every test runs there.
PG_SERVER = os.environ.get("DISPATCH_CONSOLE_TEST_PG")

SAMPLES = Path(__file__).resolve().parent / "data"


class Clock:
    """A settable clock, so tests say what 'now' is."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def _pg_admin_url(dbname: str) -> str:
    assert PG_SERVER
    return f"{PG_SERVER.rstrip('/')}/{dbname}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated empty database to copy for each test (much faster than migrating each time)."""
    if PG_SERVER:
        from sqlalchemy import create_engine, text

        name = f"dc_template_{uuid.uuid4().hex[:8]}"
        admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = Database(_pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://"))
        schema.upgrade(db)
        db.dispose()
        yield name
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        db = Database(f"sqlite:///{path}")
        schema.upgrade(db)
        db.dispose()
        yield str(path)


@pytest.fixture
def db_url(_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated, empty database for this test."""
    if PG_SERVER:
        from sqlalchemy import create_engine, text

        name = f"dc_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
        yield _pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path / "dispatch.db"
        shutil.copyfile(_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> Clock:
    # Thursday 26 Nov 2026, 15:00 UTC (09:00 in Chicago).
    return Clock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))


@pytest.fixture
def ctx(db: Database, clock: Clock) -> ServiceContext:
    return ServiceContext(db=db, actor="Dana Dispatcher", clock=clock)


@pytest.fixture
def sample_bundle() -> Path:
    """The Northwind sample bundle, copied into the project as test data."""
    return SAMPLES / "northwind"
