"""A booking's length: the estimate rounded up to the quarter hour, never under a quarter hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from dispatch_console.domain.booking_length import booking_length, ceil_to_quarter, snap_to_quarter


@pytest.mark.parametrize(
    ("hours", "minutes"),
    [
        ("2", 120),
        ("1.1", 75),  # 66 min: up to 01:15, not down to 01:00
        ("1.25", 75),
        ("1.26", 90),
        ("0.1", 15),
        ("0", 15),  # at least a quarter hour
        ("0.05", 15),
        ("7.75", 465),
    ],
)
def test_booking_length(hours: str, minutes: int) -> None:
    assert booking_length(Decimal(hours)) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("minutes", "snapped"), [(0, 0), (7, 0), (7.5, 15), (8, 15), (22, 15), (23, 30), (-8, -15), (-7, 0)]
)
def test_snap_to_quarter_goes_to_the_nearest(minutes: float, snapped: int) -> None:
    assert snap_to_quarter(minutes) == snapped


def test_ceil_to_quarter() -> None:
    on = datetime(2026, 11, 30, 15, 15, tzinfo=UTC)
    assert ceil_to_quarter(on) is on
    assert ceil_to_quarter(on + timedelta(seconds=1)) == datetime(2026, 11, 30, 15, 30, tzinfo=UTC)
    assert ceil_to_quarter(on - timedelta(minutes=14)) == on


def test_too_long_allows_the_longest_and_refuses_a_quarter_more() -> None:
    from datetime import UTC, datetime

    from dispatch_console.domain.booking_length import LONGEST, earliest_overlapping_start, too_long

    start = datetime(2026, 3, 2, 14, tzinfo=UTC)
    assert too_long(start, start + LONGEST) is None
    assert too_long(start, start + LONGEST + timedelta(minutes=15)) == (
        "a booking may last at most 14 days; book several visits instead"
    )
    assert earliest_overlapping_start(start) == start - LONGEST
