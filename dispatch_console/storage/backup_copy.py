"""Copying an SQLite database while it is in use, with SQLite's online backup API.

The copy is one consistent snapshot: the backup reads the database in a single step under a
read transaction, so what another connection is writing meanwhile (committed or not) is
either wholly in the copy or not at all. A server database (PostgreSQL) is not copied here:
its backups are the server's job (pg_dump).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from dispatch_console.domain.errors import DispatchError
from dispatch_console.storage.database import Database
from dispatch_console.storage.locking import explain

#: Files SQLite keeps beside a database: a backup must never be written over one of them.
SIDE_FILES = ("-wal", "-shm", "-journal")


def is_file_database(db: Database) -> bool:
    """An SQLite database (a file this PC can copy), not a server's."""
    return db.engine.url.get_backend_name() == "sqlite"


def database_files(db: Database) -> list[Path]:
    """The database's file and the files SQLite keeps beside it (none for a server or memory)."""
    if not is_file_database(db):
        return []
    main = _main_file(db)
    if main is None:
        return []
    return [main, *(main.with_name(main.name + side) for side in SIDE_FILES)]


def _main_file(db: Database) -> Path | None:
    """The file SQLite itself says holds the main database (also for a ``file:`` URI)."""
    try:
        raw = db.engine.raw_connection()
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise _explained(exc, db) from None
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        rows = source.execute("PRAGMA database_list").fetchall()
    finally:
        raw.close()
    for _seq, name, file in rows:
        if name == "main" and file:
            return Path(file).resolve()
    return None


def copy_sqlite(db: Database, target: Path) -> int:
    """Write a consistent copy of the SQLite database ``db`` into the new file ``target``.

    The copy is a self-contained file (rollback journal, no WAL beside it) that SQLite has
    checked; returns its size in bytes. ``target`` is left half-written on an error: the caller
    writes into a temporary name and removes it then.
    """
    try:
        raw = db.engine.raw_connection()
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise _explained(exc, db) from None
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy = sqlite3.connect(target)
        try:
            # pages=-1: the whole database in one step, under one read transaction (a snapshot).
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
            (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise DispatchError(f"the copy of {db.display_name} failed SQLite's check: {verdict}")
        except sqlite3.Error as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
                raise _explained(exc, db) from None  # another PC held the database too long
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DispatchError(f"the copy of {db.display_name} could not be written: {first}") from None
        finally:
            copy.close()
    finally:
        raw.close()
    return target.stat().st_size


def _explained(exc: BaseException, db: Database) -> DispatchError:
    return explain(exc, db.display_name, writing=False)
