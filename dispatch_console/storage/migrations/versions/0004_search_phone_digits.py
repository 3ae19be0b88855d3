"""search: phone digits stored beside each phone; trigram indexes for "contains" searches on PostgreSQL

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Quick find and the intake search match phone numbers on their digits and everything else on
"contains the text" (``domain/search_rank.py``). Taking the punctuation out of every phone on
every keystroke, and scanning every name and address, kept PostgreSQL over its 100 ms budget
per keystroke at 10,000 customers: the digits are now stored (kept by the models on every
write), and PostgreSQL gets pg_trgm GIN indexes that answer ``LIKE '%text%'``. SQLite needs no
index for that size (and has none of that kind).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

from dispatch_console.domain.search_rank import phone_digits

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("dispatch_console.storage.migrations")

#: (table, phone column, its digits column)
PHONES = (
    ("customer", "phone", "phone_digits"),
    ("site", "contact_phone", "contact_phone_digits"),
    ("technician", "phone", "phone_digits"),
)

#: PostgreSQL only: index name -> (table, indexed expression). The searches compare ``lower(x)``
#: with ``LIKE`` on PostgreSQL (``record_queries._folding``), so the text indexes are on lower(x).
SEARCH_INDEXES = {
    "ix_customer_code_trgm": ("customer", "lower(code)"),
    "ix_customer_name_trgm": ("customer", "lower(name)"),
    "ix_customer_phone_digits_trgm": ("customer", "phone_digits"),
    "ix_site_code_trgm": ("site", "lower(code)"),
    "ix_site_name_trgm": ("site", "lower(name)"),
    "ix_site_address_trgm": ("site", "lower(address)"),
    "ix_site_contact_phone_digits_trgm": ("site", "contact_phone_digits"),
    "ix_asset_code_trgm": ("asset", "lower(code)"),
    "ix_asset_serial_trgm": ("asset", "lower(serial)"),
    "ix_asset_name_trgm": ("asset", "lower(name)"),
    "ix_work_order_number_trgm": ("work_order", "lower(number)"),
}

CREATE_TRGM = "CREATE EXTENSION IF NOT EXISTS pg_trgm"


def upgrade() -> None:
    for table, _phone, digits in PHONES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(digits, sa.String(length=60), nullable=True))
    conn = op.get_bind()
    for table, phone, digits in PHONES:
        _fill_digits(conn, table, phone, digits)
    if conn.dialect.name == "postgresql":
        create_search_indexes(conn)


def _fill_digits(conn: sa.Connection, table: str, phone: str, digits: str) -> None:
    """The digits of the phones already there, by the rule the models keep them with."""
    t = sa.table(table, sa.column("id", sa.Integer), sa.column(phone, sa.String), sa.column(digits, sa.String))
    rows = [
        {"key": key, "value": phone_digits(number)}
        for key, number in conn.execute(sa.select(t.c.id, t.c[phone]).where(t.c[phone].is_not(None)))
    ]
    if rows:
        conn.execute(
            t.update().where(t.c.id == sa.bindparam("key")).values({digits: sa.bindparam("value")}), rows
        )


def create_search_indexes(conn: sa.Connection) -> bool:
    """The trigram indexes of the searches (PostgreSQL); False, said in the log, when the pg_trgm
    extension cannot be had (it takes a role allowed to create it): the searches then work
    unindexed, only slower over many records."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(CREATE_TRGM)
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        log.warning(
            "quick find and the customer search have no trigram indexes on this PostgreSQL database "
            "(the pg_trgm extension could not be created: %s); they work, but slower over many "
            "records. A database administrator can add them by running in this database: %s",
            reason, "; ".join([CREATE_TRGM, *index_statements()]),
        )
        return False
    for statement in index_statements():
        conn.exec_driver_sql(statement)
    return True


def index_statements() -> list[str]:
    """GIN's fast update stays on: an import adds its rows to a pending list (at most 4 MB) that
    searches read through until autovacuum merges it, within a minute; without it an import of
    10,000 customers took five times as long."""
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)"
        for name, (table, expression) in SEARCH_INDEXES.items()
    ]


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for name in SEARCH_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy would drop the old table,
    # which SQLite's foreign keys refuse while sites and work orders refer to it.
    for table, _phone, digits in reversed(PHONES):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {digits}")
