"""Creating and upgrading the schema with Alembic: `init` and every start-up call ``upgrade``.

Alembic is imported only when the schema must be created, upgraded or judged: a start-up on
an up-to-date database reads the revision with one query and skips its import (a tenth of a
second of the two-second start-up budget).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from dispatch_console.domain.errors import DatabaseUnavailable
from dispatch_console.storage.database import Database
from dispatch_console.storage.opening import (
    OUR_TABLES,
    NotOurDatabase,
    ReadOnlyDatabase,
    first_line,
    name_tables,
    read_only_words,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration's revision. tests/storage/test_database.py checks that it is Alembic's
#: head, so adding a migration without moving this fails the suite.
HEAD_REVISION = "0010"


class NewerSchema(DatabaseUnavailable):
    """The database was upgraded by a newer Dispatch Console; this older one must not touch it."""


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return HEAD_REVISION


def alembic_head() -> str:
    """The head as Alembic finds it in the migrations folder (what ``HEAD_REVISION`` must say)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The database's schema revision; None for a database without the schema.

    Every start-up asks, so a database in use answers in one query; only when that fails is
    the catalogue read (a new database has no version table; any other failure is raised).
    """
    try:
        with db.engine.connect() as conn:
            try:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except DBAPIError:
                conn.rollback()  # PostgreSQL refuses anything more in a failed transaction
                if not inspect(conn).has_table("alembic_version"):
                    return None
                raise
            return str(revision) if revision is not None else None
    except SQLAlchemyError as exc:
        raise _in_words(exc, db, "read the schema of") from None


def table_names(db: Database) -> set[str]:
    try:
        with db.engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    except SQLAlchemyError as exc:
        raise _in_words(exc, db, "read the schema of") from None


def refuse_foreign(db: Database, current: str | None, tables: set[str] | None = None) -> None:
    """Tables without our schema version belong to another program: refuse, touch nothing.

    (An SQLite file is judged before it is even opened, in ``opening``; this catches the same
    on a PostgreSQL database, and a file whose tables appeared since.)
    """
    if current is not None:
        return
    found = (table_names(db) if tables is None else tables) - {"alembic_version"}
    if found:
        raise _foreign(db, found)


def _foreign(db: Database, tables: set[str]) -> NotOurDatabase:
    return NotOurDatabase(
        f"the database {db.display_name} is not a Dispatch Console database (it has tables of "
        f"another program: {name_tables(tables)}); give another database, or an empty one"
    )


def _in_words(exc: SQLAlchemyError, db: Database, what: str) -> DatabaseUnavailable:
    """A driver's error while reading or changing the schema, as a sentence (never the SQL)."""
    reason = first_line(exc)
    if "readonly" in reason.lower() or "read-only" in reason.lower():
        return ReadOnlyDatabase(read_only_words(db.display_name))
    return DatabaseUnavailable(
        f"cannot {what} the database {db.display_name}: {reason}; nothing was changed"
    )


def is_known(revision: str) -> bool:
    """False for a revision written by a newer program (another PC upgraded the database)."""
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
        return False


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()


def refuse_newer(db: Database, current: str | None) -> None:
    """A schema this program does not know was written by a newer one: refuse, never guess.

    Without our tables beside it, the version is another program's (it uses Alembic too).
    """
    refuse_foreign(db, current)
    if current is not None and not is_known(current):
        tables = table_names(db)
        if not OUR_TABLES <= tables:
            raise _foreign(db, tables - {"alembic_version"})
        raise NewerSchema(
            f"the database {db.display_name} was upgraded by a newer Dispatch Console "
            f"(schema {current}); this one cannot use it: install the newer version on this PC"
        )


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to the newest revision, keeping the data; returns (from, to).

    A database already upgraded by a newer program is refused with ``NewerSchema``, one with
    another program's tables with ``NotOurDatabase``; a driver's error becomes a sentence.
    """
    from alembic import command

    before = current_revision(db)
    refuse_newer(db, before)
    config = _config()
    try:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        action = "create the schema in" if before is None else "upgrade the schema of"
        raise _in_words(exc, db, action) from None
    return before, head_revision()
