"""invoices: status (draft, issued, paid, void), the day paid, and who voided one, when and why

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Every invoice made before this was issued when it was made, so existing invoices become
``issued``. An invoice is never deleted: a void one keeps its number, so numbers have no gaps.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dispatch_console.storage.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Columns are only added: SQLite does that in place (no copy of the table).
    with op.batch_alter_table("invoice") as batch:
        batch.add_column(sa.Column("status", sa.String(length=10), nullable=False, server_default="issued"))
        batch.add_column(sa.Column("paid_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("voided_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("voided_by", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("void_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy of the table would drop the
    # old one, and SQLite's foreign keys would take the invoices' lines with it (ON DELETE CASCADE).
    for column in ("void_reason", "voided_by", "voided_at", "paid_on", "status"):
        op.execute(f"ALTER TABLE invoice DROP COLUMN {column}")
