"""Creating and upgrading the schema with Alembic: `init` and every start-up call ``upgrade``.

Alembic is imported only when the schema must be created, upgraded or judged: a start-up on
an up-to-date database reads the revision with one query and skips its import (a tenth of a
second of the two-second start-up budget).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from dispatch_console.domain.errors import DatabaseUnavailable
from dispatch_console.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration's revision. tests/storage/test_database.py checks that it is Alembic's
#: head, so adding a migration without moving this fails the suite.
HEAD_REVISION = "0001"


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
    """The database's schema revision; None for a database without the schema."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(revision) if revision is not None else None


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
    """A schema this program does not know was written by a newer one: refuse, never guess."""
    if current is not None and not is_known(current):
        raise NewerSchema(
            f"the database {db.display_name} was upgraded by a newer Dispatch Console "
            f"(schema {current}); this one cannot use it: install the newer version on this PC"
        )


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to the newest revision, keeping the data; returns (from, to).

    A database already upgraded by a newer program is refused with ``NewerSchema``.
    """
    from alembic import command

    before = current_revision(db)
    refuse_newer(db, before)
    config = _config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return before, head_revision()
