"""A week's capacity: the shifts of the workdays less time off on them, against the hours booked."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from dispatch_console.domain.capacity import week_bounds, week_load, week_of
from dispatch_console.domain.conflicts import Interval
from dispatch_console.domain.timekeeping import zone

CHICAGO = zone("America/Chicago")
WEEKDAYS = frozenset({"Mon", "Tue", "Wed", "Thu", "Fri"})
MONDAY = date(2026, 11, 30)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_weeks_start_on_monday_in_the_company_zone() -> None:
    assert week_of(date(2026, 12, 6)) == MONDAY  # Sunday
    assert week_of(MONDAY) == MONDAY
    assert week_bounds(MONDAY, CHICAGO) == (utc(2026, 11, 30, 6), utc(2026, 12, 7, 6))


def test_five_shifts_with_nothing_booked() -> None:
    load = week_load(MONDAY, time(8), time(17), WEEKDAYS, [], [], CHICAGO)
    assert (load.shift_hours, load.time_off_hours, load.capacity_hours) == (Decimal("45.00"), Decimal("0.00"), Decimal("45.00"))
    assert (load.booked_hours, load.free_hours, load.over_hours) == (0, Decimal("45.00"), 0)


def test_time_off_counts_only_on_the_shift_and_once() -> None:
    day_off = Interval(utc(2026, 12, 1, 6), utc(2026, 12, 2, 6))  # all of Tuesday
    again = Interval(utc(2026, 12, 1, 14), utc(2026, 12, 1, 18))  # Tuesday morning, inside the day off
    saturday = Interval(utc(2026, 12, 5, 6), utc(2026, 12, 6, 6))  # not a workday
    load = week_load(MONDAY, time(8), time(17), WEEKDAYS, [day_off, again, saturday], [], CHICAGO)
    assert load.time_off_hours == Decimal("9.00") and load.capacity_hours == Decimal("36.00")


def test_booked_hours_inside_the_week_and_over_booking() -> None:
    bookings = [
        Interval(utc(2026, 11, 30, 15), utc(2026, 11, 30, 17, 20), "WO-1"),  # 2 h 20
        Interval(utc(2026, 12, 7, 4), utc(2026, 12, 7, 8), "WO-2"),  # 2 h before next Monday
        Interval(utc(2026, 11, 30, 15), utc(2026, 11, 30, 16), "WO-3"),  # overlaps WO-1: work too
    ]
    load = week_load(MONDAY, time(8), time(17), WEEKDAYS, [], bookings, CHICAGO)
    assert load.booked_hours == Decimal("5.33") and load.free_hours == Decimal("39.67")
    full = week_load(MONDAY, time(8), time(9), frozenset({"Mon"}), [], bookings, CHICAGO)
    assert full.free_hours == 0 and full.over_hours == Decimal("4.33")


def test_a_week_across_fall_back_keeps_wall_clock_shifts() -> None:
    # Sunday 1 Nov 2026 falls back; a Sunday 08:00-17:00 shift is still 9 hours.
    load = week_load(date(2026, 10, 26), time(8), time(17), frozenset({"Sun"}), [], [], CHICAGO)
    assert load.shift_hours == Decimal("9.00")
    start, end = week_bounds(date(2026, 10, 26), CHICAGO)
    assert (end - start).total_seconds() == 169 * 3600


def test_only_a_monday_starts_a_week() -> None:
    with pytest.raises(ValueError, match="not a Monday"):
        week_load(date(2026, 12, 1), time(8), time(17), WEEKDAYS, [], [], CHICAGO)
