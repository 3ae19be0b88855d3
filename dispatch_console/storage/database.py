"""Engines and sessions: SQLite tuned for a desktop (WAL, busy timeout, write lock up front) or PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool

from dispatch_console.domain.errors import BadDatabaseUrl
from dispatch_console.storage import audit, locking
from dispatch_console.storage.opening import (
    URL_EXAMPLES,
    explain_open_error,
    inspect_sqlite_file,
    is_in_memory,
    parse_url,
    refuse_read_only,
    sqlite_file,
)
from dispatch_console.storage.unit_of_work import UnitOfWork

BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "dispatch_console_write"


def describe_url(url: str) -> str:
    """The URL as the status bar shows it: no password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def _make_engine(url: str) -> Engine:
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgres":
        # libpq's and many hosts' spelling, which SQLAlchemy does not take: say the one it does.
        fixed = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=True)
        raise BadDatabaseUrl(
            f"'{describe_url(url)}' starts with postgres://, which is not understood here; "
            f"write it as {fixed}"
        )
    if backend not in ("sqlite", "postgresql"):
        raise BadDatabaseUrl(
            f"'{backend}' databases are not supported; use SQLite or PostgreSQL"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        memory = is_in_memory(parsed)
        file = sqlite_file(parsed)
        if file is not None:
            # Before any connection: the engine would switch another program's file to WAL.
            inspect_sqlite_file(file)
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        if memory:
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 5}
        # No HSTORE column: skip the round trip that looks its type up on the first connection.
        kwargs["use_native_hstore"] = False
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise BadDatabaseUrl(
            f"cannot use '{describe_url(url)}' ({exc}); write e.g. {URL_EXAMPLES}"
        ) from None
    if backend == "sqlite":
        _tune_sqlite(engine)
    else:
        _tune_postgresql(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        try:
            # Only files found new, empty or ours get here (storage/opening.py).
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise
            # A read-only file in rollback mode stays so: it can still be read.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write takes the lock at once, so two PCs never both read then fail to upgrade;
        # it waits for another PC's write in short steps that a cancel can stop (locking.py).
        if conn.get_execution_options().get(WRITE_OPTION):
            locking.begin_sqlite_write(conn.connection.dbapi_connection, BUSY_TIMEOUT_MS)
        else:
            conn.exec_driver_sql("BEGIN")


def _tune_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            locking.begin_postgresql_write(conn)


class Database:
    """One database, opened once at start-up and shared by every service."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _make_engine(url)
        write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        self._read_sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(bind=write_engine, expire_on_commit=False)

    @property
    def display_name(self) -> str:
        return describe_url(self.url)

    def check_reachable(self, *, for_writing: bool = False) -> None:
        """Connect once, so a wrong URL or a server that is down is told before any work.

        ``for_writing``: the caller will write, so a read-only SQLite file is refused now, in
        words, rather than at its first save.
        """
        file = sqlite_file(self.engine.url)
        if for_writing and file is not None:
            refuse_read_only(file)
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise explain_open_error(exc, self.display_name) from None

    @contextmanager
    def write(
        self, actor: str, action: str, origin: str = "", *, clock: Callable[[], datetime]
    ) -> Iterator[UnitOfWork]:
        """A unit of work that commits on success and rolls back on any error.

        ``clock`` stamps versions and the audit log: the service context's, never the system's,
        so a test (or a PC with a wrong clock) sees one consistent time. After the block,
        ``uow.changes`` says what the commit changed.
        """
        session: Session = self._write_sessions()
        session.info[audit.ACTOR] = actor
        session.info[audit.ACTION] = action
        session.info[audit.ORIGIN] = origin
        session.info[audit.CLOCK] = clock
        uow = UnitOfWork(session, actor=actor, action=action)
        try:
            with locking.in_words(self.display_name, writing=True):
                try:
                    yield uow
                    uow.commit()
                except StaleDataError:
                    # A stale row written by an autoflush before a query: say who and when.
                    raise uow.stale_conflict() from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A read-only unit of work: never commits anything."""
        session: Session = self._read_sessions()
        uow = UnitOfWork(session, actor="", action="read")
        try:
            with locking.in_words(self.display_name, writing=False):
                yield uow
        finally:
            # close() detaches the loaded objects without expiring them (rollback() would),
            # so screens keep what the service returned.
            session.close()

    def waiting(self, control: locking.LockWait) -> AbstractContextManager[locking.LockWait]:
        """Writes inside the block, on this thread, wait for other PCs as ``control`` says."""
        return locking.waiting_with(control)

    def dispose(self) -> None:
        self.engine.dispose()
