"""search: customers and sites kept in name order on PostgreSQL, so the first letters typed are quick

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

One or two letters typed are in nearly every customer's name or site's address, and
PostgreSQL's trigram indexes (migration 0004) cannot look up fewer than three letters, so the
intake search and quick find went through every row. They now search rank by rank
(``domain/search_rank.py``): the best rank's matches first, in name order, stopping at the
page's last row (``storage/record_queries.py``). An index in that order lets PostgreSQL walk
the names from the first and stop after a page of matches instead of sorting them all. SQLite
needs none for 10,000 customers; its searches do not get slower without one.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: PostgreSQL only: index name -> (table, columns). Named ``*_pg``: ``models.tracked_by_models``
#: leaves them out of Alembic's comparison with the models, which do not declare them.
NAME_ORDER_INDEXES = {
    "ix_customer_name_code_pg": ("customer", "name, code"),
    "ix_site_name_code_pg": ("site", "name, code"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, columns) in NAME_ORDER_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in NAME_ORDER_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
