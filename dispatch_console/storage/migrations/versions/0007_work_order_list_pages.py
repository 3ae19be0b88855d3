"""work order list: stored sort keys and search text, an index per order it sorts by

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

The work order list reads a screenful at a time, sorted, filtered and searched in SQL
(``storage/work_order_pages.py``). To sort 100,000 work orders by customer, site, summary or
technicians within 100 ms the database must walk an index, and an index cannot hold a key
computed per row from other tables: each work order now stores what it sorts as (accents and
case folded by ``domain.sorting``) and the text its search looks in (``search_text``, case
folded), kept by the session on every flush (``storage/work_order_keys.py``). This fills them
for the work orders already there (``domain.sorting.list_keys``, the rule the session uses),
before the indexes on them are made. The search looks words up in an index of that text:
PostgreSQL a trigram GIN index on ``search_text`` (where pg_trgm can be had, as in 0004), SQLite
an FTS5 table with the trigram tokenizer (``work_order_search``, one row per work order), which
``work_order_keys`` keeps beside the column.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from alembic import op

from dispatch_console.domain.sorting import ListKeys, list_keys

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger("dispatch_console.storage.migrations")

SORT_TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("number_sort", SORT_TEXT),
    ("status_sort", sa.Integer()),
    ("customer_sort", SORT_TEXT),
    ("site_sort", SORT_TEXT),
    ("summary_sort", SORT_TEXT),
    ("technicians_sort", SORT_TEXT),
    ("scheduled_sort", sa.DateTime()),
    ("hours_sort", sa.Float()),
    ("search_text", sa.Text()),
)
#: index name suffix -> the columns before (number_sort, id); as models.LIST_ORDERS.
ORDERS: dict[str, tuple[str, ...]] = {
    "number": (),
    "status": ("status_sort",),
    "priority": ("priority_rank",),
    "type": ("type",),
    "customer": ("customer_sort",),
    "site": ("site_sort",),
    "summary": ("summary_sort",),
    "technicians": ("technicians_sort",),
    "scheduled": ("scheduled_sort",),
    "due_by": ("due_by",),
    "estimated_hours": ("hours_sort",),
}
PLAIN_INDEXES = {"ix_work_order_created_at": "created_at", "ix_work_order_updated_at": "updated_at"}
TRGM_INDEX = "ix_work_order_search_text_trgm"
#: SQLite: the search's FTS5 table (models.WORK_ORDER_SEARCH). Trigrams find any part of a word
#: ("leak" in "leaking"); case_sensitive because the text and the words are folded already, so
#: a match is exactly "contains".
SEARCH_TABLE = "work_order_search"
CREATE_SEARCH = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(search_text, tokenize='trigram case_sensitive 1')"
)
BATCH = 5_000
#: Rows per UPDATE on PostgreSQL (ten parameters each; at most 65,535 parameters a statement).
PG_ROWS = 2_000
CREATE_TRGM = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
TRGM_STATEMENT = f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON work_order USING gin (search_text gin_trgm_ops)"

_wo = sa.table(
    "work_order", sa.column("id", sa.Integer), sa.column("number", sa.String),
    sa.column("summary", sa.Text), sa.column("status", sa.String),
    sa.column("estimated_hours", sa.String), sa.column("site_id", sa.Integer),
    *(sa.column(name, kind) for name, kind in COLUMNS),
)
_site = sa.table("site", sa.column("id", sa.Integer), sa.column("name", sa.String),
                 sa.column("code", sa.String), sa.column("customer_id", sa.Integer))
_customer = sa.table("customer", sa.column("id", sa.Integer), sa.column("name", sa.String))
_booking = sa.table("booking", sa.column("id", sa.Integer), sa.column("work_order_id", sa.Integer),
                    sa.column("technician_id", sa.Integer), sa.column("start", sa.String))
_technician = sa.table("technician", sa.column("id", sa.Integer), sa.column("name", sa.String))


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("work_order", sa.Column(name, kind, nullable=True))
    conn = op.get_bind()
    _fill(conn)
    for name, columns in ORDERS.items():
        op.create_index(f"ix_work_order_list_{name}", "work_order", [*columns, "number_sort", "id"])
    for name, column in PLAIN_INDEXES.items():
        op.create_index(name, "work_order", [column])
    if conn.dialect.name == "postgresql":
        _trigram_index(conn)
    else:
        _search_table(conn)


def _fill(conn: sa.Connection) -> None:
    """The keys of the work orders already there, by the rule the session keeps them with
    (``sorting.list_keys``): every booking and every work order read once, the keys written
    a batch per statement through the driver, before the indexes on them exist (100,000 work
    orders in a few seconds; SQLAlchemy's own executemany spent as long again on parameters).
    Booking starts are compared and written as the driver hands them (on SQLite the stored
    text, which sorts as the instants do)."""
    names: dict[int, list[str]] = {}
    starts: dict[int, Any] = {}
    for wo_id, name, start in conn.execute(
        sa.select(_booking.c.work_order_id, _technician.c.name, _booking.c.start)
        .join(_technician, _technician.c.id == _booking.c.technician_id)
        .order_by(_booking.c.start, _booking.c.id)
    ):
        bucket = names.setdefault(wo_id, [])
        if name not in bucket:
            bucket.append(name)
        if wo_id not in starts or start < starts[wo_id]:
            starts[wo_id] = start
    rows = conn.execute(
        sa.select(_wo.c.id, _wo.c.number, _wo.c.summary, _wo.c.status, _wo.c.estimated_hours,
                  _site.c.name, _site.c.code, _customer.c.name)
        .join(_site, _site.c.id == _wo.c.site_id)
        .join(_customer, _customer.c.id == _site.c.customer_id)
        .order_by(_wo.c.id)
    ).all()
    no_names: tuple[str, ...] = ()
    write = _write_postgresql if conn.dialect.name == "postgresql" else _write_sqlite
    for i in range(0, len(rows), BATCH):
        write(conn, [
            (*list_keys(
                number=number, status=status, summary=summary, customer=customer, site=site,
                site_code=code, technicians=names.get(wo_id, no_names),
                first_start=starts.get(wo_id), hours=hours,
            ), wo_id)
            for wo_id, number, summary, status, hours, site, code, customer in rows[i : i + BATCH]
        ])


def _write_sqlite(conn: sa.Connection, values: list[tuple[Any, ...]]) -> None:
    """One UPDATE by id per work order, executemany (in-process: a few microseconds each)."""
    sets = ", ".join(f"{name} = ?" for name in ListKeys._fields)
    conn.exec_driver_sql(f"UPDATE work_order SET {sets} WHERE id = ?", values)


#: PostgreSQL types of the keys (and the id) in a VALUES list, whose parameters have none.
_PG_TYPES = ("text", "integer", "text", "text", "text", "text", "timestamp", "float8", "text", "integer")


def _write_postgresql(conn: sa.Connection, values: list[tuple[Any, ...]]) -> None:
    """One UPDATE ... FROM (VALUES ...) per batch: a statement per row was a round trip per row
    (77 s for 100,000 work orders)."""
    names = [*ListKeys._fields, "id"]
    row = "(" + ", ".join(f"%s::{kind}" for kind in _PG_TYPES) + ")"
    sets = ", ".join(f"{name} = v.{name}" for name in ListKeys._fields)
    for i in range(0, len(values), PG_ROWS):
        chunk = values[i : i + PG_ROWS]
        conn.exec_driver_sql(
            f"UPDATE work_order SET {sets} FROM (VALUES {', '.join([row] * len(chunk))}) "
            f"AS v({', '.join(names)}) WHERE work_order.id = v.id",
            tuple(value for keys in chunk for value in keys),
        )


def _search_table(conn: sa.Connection) -> None:
    """SQLite: the FTS5 trigram table the search looks words up in, filled from the column."""
    conn.exec_driver_sql(CREATE_SEARCH)
    conn.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE} (rowid, search_text) SELECT id, search_text FROM work_order"
    )


def _trigram_index(conn: sa.Connection) -> None:
    """As 0004: without pg_trgm the search works unindexed (slower), and the log says what to run."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(CREATE_TRGM)
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        log.warning(
            "the work order list's search has no trigram index on this PostgreSQL database (the "
            "pg_trgm extension could not be created: %s); it works, but slower over many work "
            "orders. A database administrator can add it by running in this database: %s",
            reason, "; ".join([CREATE_TRGM, TRGM_STATEMENT]),
        )
        return
    conn.exec_driver_sql(TRGM_STATEMENT)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
    else:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    for name in PLAIN_INDEXES:
        op.drop_index(name, "work_order")
    for name in ORDERS:
        op.drop_index(f"ix_work_order_list_{name}", "work_order")
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), as 0004's downgrade.
    for name, _kind in reversed(COLUMNS):
        op.execute(f"ALTER TABLE work_order DROP COLUMN {name}")
