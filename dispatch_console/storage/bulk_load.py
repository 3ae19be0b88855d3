"""Tables a bulk write fills from empty get their indexes built once, after the rows.

Keeping a B-tree up to date row by row costs a random page visit per index per row; building it
from the finished table is one sort. At 100,000 work orders (sixteen indexes on the work order
table, trigram indexes on PostgreSQL) that is the difference between most of an import's time
and a few seconds. ``pg_restore`` and SQLite's own advice load the same way.

Only tables empty when the write starts are loaded so: nothing was in them for anyone to read
through the index, and rebuilding costs no more than the rows just written. The indexes are
dropped and built again inside the write's own transaction, so a failed or killed write leaves
them (and the schema) exactly as they were; their definitions are read back from the database
itself, so what is built is what the migrations made. Unique keys and primary keys stay: they are
constraints the write relies on, not just ways to find rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, literal_column, select
from sqlalchemy.exc import OperationalError


def has_rows(connection: Connection, table: Table) -> bool:
    """Whether ``table`` holds any row (seen by this transaction)."""
    return connection.execute(select(literal_column("1")).select_from(table).limit(1)).first() is not None


#: How long the write waits for a table's lock before it loads that table the usual way (ms).
LOCK_WAIT_MS = 1_000


class DeferredIndexes:
    """The indexes (and on PostgreSQL the foreign keys) of those tables that were empty, dropped
    until ``build`` makes them again."""

    def __init__(self, connection: Connection, tables: Iterable[Table]) -> None:
        self.connection = connection
        self.postgresql = connection.dialect.name == "postgresql"
        self.quote = connection.dialect.identifier_preparer.quote
        self.dropped: list[str] = []  # the statements that make them again, in order
        #: PostgreSQL: the tables dropped for, which this transaction now holds to itself.
        self.held: set[str] = set()
        for table in dict.fromkeys(tables):
            if not has_rows(connection, table):
                self._defer(table.name)

    def build(self) -> None:
        """Every dropped index made again from the rows now in its table, then every foreign key
        (checked once for all the rows)."""
        self.held.clear()
        while self.dropped:
            self.connection.exec_driver_sql(self.dropped.pop(0))

    def _defer(self, table: str) -> None:
        indexes = self._indexes(table)
        if not self.postgresql:
            for name, definition in indexes:
                self.connection.exec_driver_sql(f"DROP INDEX {self.quote(name)}")
                self.dropped.append(definition)
            return
        # PostgreSQL checks a foreign key row by row, by a trigger: most of a large COPY's time.
        # Dropping needs the table to itself; if another PC holds it (an open read), this table
        # is loaded the usual way rather than waiting.
        keys = self._foreign_keys(table)
        waits = self.connection.exec_driver_sql("SHOW lock_timeout").scalar_one()
        savepoint = self.connection.begin_nested()
        try:
            self.connection.exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_WAIT_MS}")
            for name, _definition in keys:
                self.connection.exec_driver_sql(f"ALTER TABLE {self.quote(table)} DROP CONSTRAINT {self.quote(name)}")
            for name, _definition in indexes:
                self.connection.exec_driver_sql(f"DROP INDEX {self.quote(name)}")
            self.connection.exec_driver_sql("SELECT set_config('lock_timeout', %s, true)", (waits,))
        except OperationalError:
            savepoint.rollback()
            return
        savepoint.commit()
        self.held.add(table)
        self.dropped[:0] = [definition for _name, definition in indexes]
        self.dropped.extend(
            f"ALTER TABLE {self.quote(table)} ADD CONSTRAINT {self.quote(name)} {definition}" for name, definition in keys
        )

    def _indexes(self, table: str) -> list[tuple[str, str]]:
        """Plain (not unique) indexes of ``table`` with the statements that make them."""
        if not self.postgresql:
            # sql is NULL for the indexes a table's own UNIQUE or PRIMARY KEY makes.
            found = self.connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
                "AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                (table,),
            )
        else:
            found = self.connection.exec_driver_sql(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = to_regclass(%s) AND NOT i.indisunique AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
                "ORDER BY c.relname",
                (self.quote(table),),
            )
        return [(name, definition) for name, definition in found]

    def _foreign_keys(self, table: str) -> list[tuple[str, str]]:
        """PostgreSQL: the foreign keys of ``table`` with their definitions."""
        found = self.connection.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = to_regclass(%s) AND contype = 'f' ORDER BY conname",
            (self.quote(table),),
        )
        return [(name, definition) for name, definition in found]
