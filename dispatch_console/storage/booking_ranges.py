"""Bookings overlapping a span, as a bounded range of the bookings' start index.

``start < end AND end > start`` alone is a scan of every booking ever made: on ten years of
history the board, the conflict checks and the suggestions would slow down year by year.
A booking lasts at most ``domain.booking_length.LONGEST``, so whatever overlaps a span also
starts after the span's start less that: one more condition and the index on ``start`` (or
``technician_id, start``) reads only the weeks around the span, today or two years back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.sql.elements import ColumnElement

from dispatch_console.domain.booking_length import earliest_overlapping_start
from dispatch_console.storage import models as m


def booked_over(start: datetime, end: datetime) -> tuple[ColumnElement[bool], ...]:
    """Conditions for the bookings overlapping [start, end)."""
    return (
        m.Booking.start < end,
        m.Booking.start > earliest_overlapping_start(start),
        m.Booking.end > start,
    )


def booked_after(moment: datetime) -> tuple[ColumnElement[bool], ...]:
    """Conditions for the bookings not yet over at ``moment``."""
    return (m.Booking.start > earliest_overlapping_start(moment), m.Booking.end > moment)
