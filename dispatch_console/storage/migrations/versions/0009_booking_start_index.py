"""bookings: an index on their start, for the board's span over every technician

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

The board, the suggestions and the capacity figures read the bookings overlapping a span of
days for every technician at once. A booking lasts at most 14 days
(``domain.booking_length.LONGEST``), so those bookings start within the span or up to 14 days
before it (``storage.booking_ranges``); with this index that is a short range read, today or
two years back, instead of a scan of every booking ever made.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_booking_start", "booking", ["start"])


def downgrade() -> None:
    op.drop_index("ix_booking_start", table_name="booking")
