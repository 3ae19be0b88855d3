"""record lists: customers, sites, assets and invoices sorted by stored keys, a page at a time

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

The records page and billing read their lists a screenful at a time, sorted in SQL
(``storage/pages.py``). A name sorts as a reader expects, accents and case folded
(``domain.sorting.sort_key``: "Ólafur" among the O's) and an invoice number naturally
(``number_key``: INV-999 before INV-1000); no index can hold a key computed at query time by
Python's rule, so customers, sites and assets store their folded name (``name_sort``) and
invoices their number's key (``number_sort``) and their total as a number (``total_sort``:
money is text on SQLite), kept by the models on every change of the name
or number or total. This fills them for the rows already there and adds the indexes the lists walk:
by those keys, and billing's default view (the invoices not yet paid or void, and those
issued lately).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

from dispatch_console.domain.sorting import number_key, sort_key

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FOLDED = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")
#: (table, the stored key, its type, the column it is computed from, how).
KEYS: tuple[tuple[str, str, Any, str, Callable[[Any], Any]], ...] = (
    ("customer", "name_sort", FOLDED, "name", lambda name: sort_key(name or "")),
    ("site", "name_sort", FOLDED, "name", lambda name: sort_key(name or "")),
    ("asset", "name_sort", FOLDED, "name", lambda name: sort_key(name or "")),
    ("invoice", "number_sort", FOLDED, "number", number_key),
    ("invoice", "total_sort", sa.Float(), "total", lambda total: float(Decimal(str(total)))),
)
#: index name -> (table, columns).
INDEXES: dict[str, tuple[str, list[str]]] = {
    "ix_customer_name_sort": ("customer", ["name_sort", "id"]),
    "ix_site_name_sort": ("site", ["name_sort", "id"]),
    "ix_asset_name_sort": ("asset", ["name_sort", "id"]),
    "ix_invoice_number_sort": ("invoice", ["number_sort", "id"]),
    "ix_invoice_status_issued_on": ("invoice", ["status", "issued_on", "id"]),
    "ix_invoice_issued_on": ("invoice", ["issued_on", "id"]),
    "ix_invoice_due_on": ("invoice", ["due_on", "id"]),
    "ix_invoice_total_sort": ("invoice", ["total_sort", "id"]),
}


def upgrade() -> None:
    conn = op.get_bind()
    for table, key, kind, source, rule in KEYS:
        op.add_column(table, sa.Column(key, kind, nullable=True))
        _fill(conn, table, key, source, rule)
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def _fill(conn: sa.Connection, table: str, key: str, source: str, rule: Callable[[Any], Any]) -> None:
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column(source), sa.column(key))
    update = rows.update().where(rows.c.id == sa.bindparam("_id")).values({key: sa.bindparam("_key")})
    found = conn.execute(sa.select(rows.c.id, rows.c[source])).all()
    for i in range(0, len(found), 2000):
        values = [{"_id": row_id, "_key": rule(value)} for row_id, value in found[i : i + 2000]]
        conn.execute(update, values)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table)
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), as 0005's downgrade.
    for table, key, _kind, _source, _rule in reversed(KEYS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {key}")
