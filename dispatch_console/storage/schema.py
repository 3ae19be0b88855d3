"""Creating and upgrading the schema with Alembic: `init` and every start-up call ``upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dispatch_console.domain.errors import DatabaseUnavailable
from dispatch_console.storage.database import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class NewerSchema(DatabaseUnavailable):
    """The database was upgraded by a newer Dispatch Console; this older one must not touch it."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_known(revision: str) -> bool:
    """False for a revision written by a newer program (another PC upgraded the database)."""
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
    before = current_revision(db)
    refuse_newer(db, before)
    config = _config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return before, head_revision()
