"""invoices: an index on status and due date, for billing's Overdue view

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Billing's Overdue view asks for the invoices issued and due before today. Without an index on
both, the database walks the number index of every invoice ever issued looking for the few
dozen overdue (80 ms over 78,000 invoices); with it they are one short range.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_invoice_status_due_on", "invoice", ["status", "due_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_invoice_status_due_on", table_name="invoice")
