"""Conflict rules at their edges: touching is not overlapping, the shift bounds are inclusive."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from dispatch_console.domain.conflicts import (
    ConflictKind,
    Interval,
    TechCalendar,
    booking_conflicts,
)
from dispatch_console.domain.timekeeping import zone

CHICAGO = zone("America/Chicago")


def cal(**kw: object) -> TechCalendar:
    base: dict[str, object] = dict(
        name="Ana Reyes", shift_start=time(8), shift_end=time(17),
        workdays=frozenset({"Mon", "Tue", "Wed", "Thu", "Fri"}), skills={"HVAC": None},
    )
    base.update(kw)
    return TechCalendar(**base)  # type: ignore[arg-type]


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    # November 2026: Chicago is UTC-6.
    return datetime(2026, 11, day, hour + 6, minute, tzinfo=UTC)


def kinds(conflicts) -> set[ConflictKind]:
    return {c.kind for c in conflicts}


def test_a_booking_filling_the_shift_exactly_is_fine() -> None:
    assert booking_conflicts(cal(), utc(30, 8), utc(30, 17), CHICAGO, ["HVAC"]) == []


def test_one_minute_outside_the_shift_is_a_conflict() -> None:
    assert kinds(booking_conflicts(cal(), utc(30, 7, 59), utc(30, 9), CHICAGO)) == {ConflictKind.OUTSIDE_SHIFT}


def test_touching_bookings_do_not_overlap() -> None:
    other = Interval(utc(30, 8), utc(30, 10), "WO-1")
    assert booking_conflicts(cal(bookings=(other,)), utc(30, 10), utc(30, 12), CHICAGO) == []
    overlap = booking_conflicts(cal(bookings=(other,)), utc(30, 9, 59), utc(30, 12), CHICAGO)
    assert kinds(overlap) == {ConflictKind.OVERLAP} and "WO-1" in overlap[0].message


def test_a_two_day_booking_is_checked_on_each_day() -> None:
    # Friday 08:00 to Saturday 12:00: nights are outside the shift, Saturday is no workday.
    found = kinds(booking_conflicts(cal(), utc(27, 8), utc(28, 12), CHICAGO))
    assert found == {ConflictKind.OUTSIDE_SHIFT, ConflictKind.DAY_OFF}


def test_certification_valid_through_the_job_day() -> None:
    valid = cal(skills={"ELEC": date(2026, 11, 30)})
    assert booking_conflicts(valid, utc(30, 9), utc(30, 10), CHICAGO, ["ELEC"]) == []
    lapsed = cal(skills={"ELEC": date(2026, 11, 29)})
    assert kinds(booking_conflicts(lapsed, utc(30, 9), utc(30, 10), CHICAGO, ["ELEC"])) == {
        ConflictKind.EXPIRED_CERTIFICATION
    }


def test_ending_exactly_at_due_by_is_on_time() -> None:
    assert booking_conflicts(cal(), utc(30, 9), utc(30, 10), CHICAGO, due_by=utc(30, 10)) == []
    late = booking_conflicts(cal(), utc(30, 9), utc(30, 11), CHICAGO, due_by=utc(30, 10))
    assert kinds(late) == {ConflictKind.AFTER_DUE}


def test_one_minute_past_the_shifts_end_is_a_conflict() -> None:
    late = booking_conflicts(cal(), utc(30, 15), utc(30, 17, 1), CHICAGO)
    assert kinds(late) == {ConflictKind.OUTSIDE_SHIFT}
    assert late[0].message == "outside Ana Reyes's shift 08:00–17:00"

