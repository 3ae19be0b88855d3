"""the kind of work a request asks for

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_request") as batch:
        batch.add_column(sa.Column("requested_type", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("work_request") as batch:
        batch.drop_column("requested_type")
