"""Time off as instants: whole company days (23 or 25 hours across DST), half shifts, overlaps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from dispatch_console.domain.conflicts import ConflictKind, Interval
from dispatch_console.domain.time_off import (
    Absence,
    HalfDay,
    bookings_in_time_off,
    half_day,
    overlapping,
    range_problem,
    shift_middle,
    whole_days,
)
from dispatch_console.domain.timekeeping import zone

CHICAGO = zone("America/Chicago")


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_a_day_runs_from_local_midnight_to_the_next() -> None:
    assert whole_days(date(2026, 11, 30), date(2026, 11, 30), CHICAGO) == (utc(2026, 11, 30, 6), utc(2026, 12, 1, 6))


def test_a_range_across_spring_forward_is_an_hour_shorter() -> None:
    start, end = whole_days(date(2026, 3, 7), date(2026, 3, 9), CHICAGO)
    assert (start, end) == (utc(2026, 3, 7, 6), utc(2026, 3, 10, 5))
    assert end - start == timedelta(hours=71)


def test_a_range_across_fall_back_is_an_hour_longer() -> None:
    start, end = whole_days(date(2026, 10, 31), date(2026, 11, 1), CHICAGO)
    assert (start, end) == (utc(2026, 10, 31, 5), utc(2026, 11, 2, 6))
    assert end - start == timedelta(hours=49)


def test_half_days_split_the_shift_at_its_middle() -> None:
    day = date(2026, 11, 30)
    assert half_day(day, HalfDay.MORNING, time(8), time(17), CHICAGO) == (utc(2026, 11, 30, 14), utc(2026, 11, 30, 18, 30))
    assert half_day(day, HalfDay.AFTERNOON, time(8), time(17), CHICAGO) == (utc(2026, 11, 30, 18, 30), utc(2026, 11, 30, 23))
    # 07:00-15:30 is 8.5 h: the middle is 11:15; 08:00-16:50 would split at 12:25, floored to 12:15.
    assert shift_middle(time(7), time(15, 30)) == time(11, 15)
    assert shift_middle(time(8), time(16, 50)) == time(12, 15)


def test_half_days_keep_wall_clock_on_dst_days() -> None:
    # Sunday 8 March 2026: 08:00 CDT is 13:00 UTC, an hour earlier in UTC than the day before.
    assert half_day(date(2026, 3, 8), HalfDay.MORNING, time(8), time(16), CHICAGO) == (utc(2026, 3, 8, 13), utc(2026, 3, 8, 17))
    assert half_day(date(2026, 3, 7), HalfDay.MORNING, time(8), time(16), CHICAGO) == (utc(2026, 3, 7, 14), utc(2026, 3, 7, 18))


def test_a_range_must_run_forward_and_not_for_years() -> None:
    assert range_problem(date(2026, 12, 1), date(2026, 12, 1)) is None
    assert "before the first" in (range_problem(date(2026, 12, 2), date(2026, 12, 1)) or "")
    assert range_problem(date(2026, 1, 1), date(2026, 12, 31)) is None
    assert "at most 366 days" in (range_problem(date(2026, 1, 1), date(2027, 1, 2)) or "")


def test_overlap_but_not_touching() -> None:
    morning = Absence(utc(2026, 11, 30, 14), utc(2026, 11, 30, 18, 30), "Dentist", 1)
    assert overlapping(utc(2026, 11, 30, 18, 30), utc(2026, 11, 30, 23), [morning]) == []
    assert overlapping(utc(2026, 11, 30, 18), utc(2026, 11, 30, 23), [morning]) == [morning]


def test_bookings_hit_by_time_off_are_named_with_their_times() -> None:
    bookings = [
        Interval(utc(2026, 11, 30, 20), utc(2026, 11, 30, 22), "WO-2"),
        Interval(utc(2026, 11, 30, 15), utc(2026, 11, 30, 17), "WO-1"),
        Interval(utc(2026, 12, 1, 15), utc(2026, 12, 1, 17), "WO-3"),
    ]
    start, end = whole_days(date(2026, 11, 30), date(2026, 11, 30), CHICAGO)
    found = bookings_in_time_off("Ana Reyes", start, end, bookings, CHICAGO)
    assert [c.kind for c in found] == [ConflictKind.TIME_OFF] * 2
    assert [c.message for c in found] == [
        "WO-1 is booked for Ana Reyes Mon 30 Nov 09:00–11:00",
        "WO-2 is booked for Ana Reyes Mon 30 Nov 14:00–16:00",
    ]
