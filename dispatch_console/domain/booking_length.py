"""How long a booking is and where it may start: whole quarter hours.

The board (a drop from the queue, a suggestion) and the services use these, so a work order
estimated at 1.1 hours is booked 01:15 everywhere.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, Decimal

QUARTER_MINUTES = 15
QUARTER = timedelta(minutes=QUARTER_MINUTES)
#: The shortest booking: one quarter hour (a resize never makes a booking shorter).
SHORTEST = QUARTER
#: The longest booking: a longer job is booked as several visits. Because of it, whatever
#: overlaps a span starts at most this long before it, so the board, the conflict checks and
#: the suggestions read a bounded range of the bookings' start index, not ten years of them.
LONGEST = timedelta(days=14)


def too_long(start: datetime, end: datetime) -> str | None:
    """Why a booking from ``start`` to ``end`` is too long, or None when it is not."""
    if end - start > LONGEST:
        return f"a booking may last at most {LONGEST.days} days; book several visits instead"
    return None


def earliest_overlapping_start(start: datetime) -> datetime:
    """No booking overlapping a span from ``start`` on starts before this."""
    return start - LONGEST


def booking_length(estimated_hours: Decimal) -> timedelta:
    """The estimate rounded up to the quarter hour, at least a quarter hour.

    Up, not to the nearest: a job estimated at 1.1 h booked for 1 h would overrun the next one.
    """
    quarters = (Decimal(estimated_hours) * 4).to_integral_value(rounding=ROUND_CEILING)
    return QUARTER * max(1, int(quarters))


def snap_to_quarter(minutes: float) -> int:
    """Minutes rounded to the nearest quarter hour (halves round up), for dragging and dropping."""
    return int(math.floor(minutes / QUARTER_MINUTES + 0.5)) * QUARTER_MINUTES


def ceil_to_quarter(moment: datetime) -> datetime:
    """Up to the next quarter hour of wall clock (``moment`` itself when it is on one).

    Every time zone in use is offset from UTC by whole quarter hours, so rounding the instant
    is rounding the wall clock, without converting to the zone.
    """
    seconds = moment.timestamp()
    step = QUARTER_MINUTES * 60
    rounded = math.ceil(seconds / step) * step
    if rounded == seconds:
        return moment
    return datetime.fromtimestamp(rounded, UTC)
