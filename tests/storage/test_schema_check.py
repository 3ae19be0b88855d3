"""The schema check every start-up makes: one query on a database in use, the catalogue read
only when that query fails (a database without the schema, or a version table it cannot read)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from dispatch_console.domain.errors import DatabaseUnavailable
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements sent inside the block (transaction control left out)."""
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_a_database_in_use_tells_its_revision_in_one_query(db: Database) -> None:
    db.check_reachable()  # the driver's own first-connection queries are not the check's
    with statements(db) as sent:
        assert schema.current_revision(db) == schema.head_revision()
    assert sent == ["SELECT version_num FROM alembic_version"]


def test_a_database_without_the_version_table_has_no_revision(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    with statements(db) as sent:
        assert schema.current_revision(db) is None
    assert sent[0] == "SELECT version_num FROM alembic_version" and len(sent) > 1  # then the catalogue
    # The failed query left nothing behind: the same engine goes on reading and writing.
    assert "company" in schema.table_names(db)


def test_a_version_table_it_cannot_read_is_refused_in_words(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE alembic_version RENAME COLUMN version_num TO revision"))
    with pytest.raises(DatabaseUnavailable, match="cannot read the schema of the database") as refused:
        schema.current_revision(db)
    assert "SELECT" not in str(refused.value)
