"""A technician's week: hours of shift on the workdays less time off, against the hours booked.

Hours are ``Decimal``, rounded half up to the hundredth of an hour only once, at the end, so a
week of odd minutes adds up the same whichever way it is summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain.conflicts import Interval
from dispatch_console.domain.timekeeping import day_bounds, wall_to_utc
from dispatch_console.domain.workdays import is_workday

HUNDREDTH = Decimal("0.01")


def week_of(day: date) -> date:
    """The Monday that starts the week of ``day`` (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def week_bounds(monday: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From Monday 00:00 to the next Monday 00:00, company wall clock, as UTC instants."""
    return day_bounds(monday, tz)[0], day_bounds(monday + timedelta(days=7), tz)[0]


def to_hours(span: timedelta) -> Decimal:
    """A duration as hours, to the hundredth, half up."""
    seconds = int(span.total_seconds())
    return (Decimal(seconds) / Decimal(3600)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class WeekLoad:
    """One technician's week in hours (``Decimal``, to the hundredth)."""

    week_start: date
    shift_hours: Decimal  # the shifts of the workdays, before time off
    time_off_hours: Decimal  # shift hours lost to time off
    booked_hours: Decimal  # bookings within the week, in or out of the shift

    @property
    def capacity_hours(self) -> Decimal:
        return self.shift_hours - self.time_off_hours

    @property
    def free_hours(self) -> Decimal:
        """Capacity not yet booked; 0 when the week is full or over-booked."""
        return max(Decimal(0), self.capacity_hours - self.booked_hours)

    @property
    def over_hours(self) -> Decimal:
        """Hours booked beyond the capacity (0 unless over-booked)."""
        return max(Decimal(0), self.booked_hours - self.capacity_hours)


def shifts_of_week(
    monday: date, shift_start: time, shift_end: time, workdays: frozenset[str], tz: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The technician's shifts in the week as UTC instants, one per workday."""
    shifts = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if is_workday(workdays, day):
            shifts.append(
                (wall_to_utc(datetime.combine(day, shift_start), tz), wall_to_utc(datetime.combine(day, shift_end), tz))
            )
    return shifts


def _union(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> timedelta:
    return sum((max(timedelta(0), min(e, end) - max(s, start)) for s, e in spans), timedelta(0))


def week_load(
    monday: date,
    shift_start: time,
    shift_end: time,
    workdays: frozenset[str],
    time_off: Iterable[Interval],
    bookings: Iterable[Interval],
    tz: ZoneInfo,
) -> WeekLoad:
    """The week from ``monday`` (company zone) of a technician, from shift, time off and bookings.

    Time off counts only where it covers the shift, once even where two entries overlap; each
    booking counts for its part inside the week (two overlapping bookings are both work to do).
    """
    if monday.weekday() != 0:
        raise ValueError(f"{monday.isoformat()} is not a Monday")
    shifts = shifts_of_week(monday, shift_start, shift_end, workdays, tz)
    off = _union((o.start, o.end) for o in time_off)
    shift_span = sum((e - s for s, e in shifts), timedelta(0))
    off_span = sum((_covered(off, s, e) for s, e in shifts), timedelta(0))
    week_start, week_end = week_bounds(monday, tz)
    booked = _covered([(b.start, b.end) for b in bookings], week_start, week_end)
    return WeekLoad(monday, to_hours(shift_span), to_hours(off_span), to_hours(booked))
