"""What the benchmarks share: the database each run fills (a temporary SQLite file, or a
PostgreSQL database created for the run and dropped after it), the context over it, the
planner's statistics after a bulk insert, and running a measure over SQLite and, when a
server is named, PostgreSQL."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database

#: Set to a server URL without a database name to measure PostgreSQL too.
PG_SERVER = "DISPATCH_CONSOLE_TEST_PG"


@contextmanager
def sqlite_url(name: str) -> Iterator[str]:
    """A new SQLite file ``NAME.db`` in a temporary folder of its own (kept for a look after)."""
    yield f"sqlite:///{Path(tempfile.mkdtemp(prefix=f'bench-{name}-')) / f'{name}.db'}"


@contextmanager
def postgresql_url(server: str) -> Iterator[str]:
    """A new PostgreSQL database on ``server`` for the run, dropped after it."""
    name = f"dc_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server.rstrip('/')}/{name}".replace("postgresql://", "postgresql+psycopg://")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_context(url: str, now: datetime) -> ServiceContext:
    """The console's context over ``url``, its schema made, the clock stopped at ``now``."""
    db = Database(url)
    schema.upgrade(db)
    return ServiceContext(db=db, actor="bench", clock=lambda: now)


def analyze(db: Database) -> None:
    """What autovacuum does within a minute of a bulk insert on PostgreSQL: the planner's
    statistics, and the trigram indexes' pending entries merged (nothing to do on SQLite)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def on_each_database(name: str, measure: Callable[[str, str], bool]) -> bool:
    """``measure(label, url)`` on a new SQLite file, then on PostgreSQL when ``PG_SERVER`` names
    a server (else says it is not measured); True when every measure held its budget."""
    results = []
    with sqlite_url(name) as url:
        results.append(measure("SQLite", url))
    server = os.environ.get(PG_SERVER)
    if server:
        with postgresql_url(server) as url:
            results.append(measure("PostgreSQL", url))
    else:
        print(f"\nPostgreSQL: not measured; set {PG_SERVER}=postgresql+psycopg://user@host:port")
    return all(results)
