"""work order list: read a page at a time; its free-text search indexed on both databases

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

The list no longer loads every work order (``storage/work_order_pages.py``): it sorts, filters
and searches in SQL and reads one screenful after another.

- PostgreSQL: an index on the number's (length, text), the order every page ends with (SQLite
  sorts without one: its schema reflection cannot read an expression index, which would blind
  the check that the migrations match the models).
- SQLite: ``work_order_search``, an FTS5 trigram table (case-blind "contains" look-ups) of each
  work order's number, summary, customer, site name and code and booked technicians; kept by
  triggers on every table those come from, so every writer (the console, the importer, a
  script) keeps it right without knowing of it.
- PostgreSQL: trigram indexes on the summary and the technicians' names (the others are from
  0004), made only where the pg_trgm extension can be had (see 0004).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

log = logging.getLogger("dispatch_console.storage.migrations")

SEARCH_TABLE = "work_order_search"
NUMBER_INDEX = "ix_work_order_number_order_list"
PG_INDEXES = {
    "ix_work_order_summary_trgm": ("work_order", "lower(summary)"),
    "ix_technician_name_trgm": ("technician", "lower(name)"),
}

#: One work order's searched text, for the work orders matching ``{where}`` (alias ``w``).
_DOCUMENT = """
SELECT w.id, w.number || ' ' || w.summary || ' ' || c.name || ' ' || s.name || ' ' || s.code
       || coalesce(' ' || (SELECT group_concat(t.name, ' ') FROM booking b
                           JOIN technician t ON t.id = b.technician_id
                           WHERE b.work_order_id = w.id), '')
FROM work_order w JOIN site s ON s.id = w.site_id JOIN customer c ON c.id = s.customer_id
WHERE {where}"""


def _refresh(where: str) -> str:
    return (
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT w.id FROM work_order w WHERE {where});\n"
        f"INSERT INTO {SEARCH_TABLE} (rowid, doc) {_DOCUMENT.format(where=where)};"
    )


#: trigger name -> (event, body)
TRIGGERS = {
    "work_order_search_wo_insert": ("AFTER INSERT ON work_order", _refresh("w.id = NEW.id")),
    "work_order_search_wo_update": (
        "AFTER UPDATE OF number, summary, site_id ON work_order",
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;\n" + _refresh("w.id = NEW.id"),
    ),
    "work_order_search_wo_delete": (
        "AFTER DELETE ON work_order", f"DELETE FROM {SEARCH_TABLE} WHERE rowid = OLD.id;"
    ),
    "work_order_search_site": (
        "AFTER UPDATE OF name, code, customer_id ON site", _refresh("w.site_id = NEW.id")
    ),
    "work_order_search_customer": (
        "AFTER UPDATE OF name ON customer",
        _refresh("w.site_id IN (SELECT id FROM site WHERE customer_id = NEW.id)"),
    ),
    "work_order_search_booking_insert": (
        "AFTER INSERT ON booking", _refresh("w.id = NEW.work_order_id")
    ),
    "work_order_search_booking_delete": (
        "AFTER DELETE ON booking", _refresh("w.id = OLD.work_order_id")
    ),
    "work_order_search_booking_update": (
        "AFTER UPDATE OF technician_id, work_order_id ON booking",
        _refresh("w.id IN (OLD.work_order_id, NEW.work_order_id)"),
    ),
    "work_order_search_technician": (
        "AFTER UPDATE OF name ON technician",
        _refresh("w.id IN (SELECT work_order_id FROM booking WHERE technician_id = NEW.id)"),
    ),
}


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute(f'CREATE INDEX {NUMBER_INDEX} ON work_order (length(number), number COLLATE "C")')
        _pg_indexes(conn)
        return
    op.execute(
        f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(doc, tokenize='trigram case_sensitive 0')"
    )
    op.execute(f"INSERT INTO {SEARCH_TABLE} (rowid, doc) {_DOCUMENT.format(where='1 = 1')}")
    for name, (event, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN\n{body}\nEND")


def _pg_indexes(conn: sa.Connection) -> None:
    """Like 0004: without pg_trgm (it takes a role allowed to create it) the search works
    unindexed, slower over many work orders, and the log says what to run."""
    statements = [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)"
        for name, (table, expression) in PG_INDEXES.items()
    ]
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        log.warning(
            "the work order search has no trigram indexes on this PostgreSQL database (the "
            "pg_trgm extension could not be created: %s); a database administrator can add "
            "them by running: %s",
            str(exc.orig).strip().splitlines()[0] if exc.orig is not None else exc,
            "; ".join(["CREATE EXTENSION IF NOT EXISTS pg_trgm", *statements]),
        )
        return
    for statement in statements:
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for name in [*PG_INDEXES, NUMBER_INDEX]:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
