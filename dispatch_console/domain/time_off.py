"""Time off as instants: a whole day, a range of days, or half a day of the technician's shift.

Days are company days (local midnight to the next, 23 or 25 hours on a DST change day). A half
day splits the technician's shift at its middle, floored to the quarter hour, so a morning off
and an afternoon off together are exactly the shift and the board shades just the hours missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from dispatch_console.domain.conflicts import Conflict, ConflictKind, Interval
from dispatch_console.domain.timekeeping import day_bounds, to_local, wall_to_utc
from dispatch_console.domain.workdays import day_text

#: A range of time off longer than this is refused as a typing slip (a year instead of a month).
MAX_DAYS = 366


class HalfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"


def whole_days(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the end of ``last``, both company days, as UTC instants."""
    return day_bounds(first, tz)[0], day_bounds(last, tz)[1]


def shift_middle(shift_start: time, shift_end: time) -> time:
    """Where a shift splits into morning and afternoon: its middle, floored to the quarter hour."""
    start = shift_start.hour * 60 + shift_start.minute
    end = shift_end.hour * 60 + shift_end.minute
    middle = start + (end - start) // 2
    middle -= (middle - start) % 15
    return time(middle // 60, middle % 60)


def half_day(
    day: date, half: HalfDay, shift_start: time, shift_end: time, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    """The morning (shift start to its middle) or afternoon (middle to shift end) of ``day``."""
    middle = shift_middle(shift_start, shift_end)
    first, last = (shift_start, middle) if half is HalfDay.MORNING else (middle, shift_end)
    return wall_to_utc(datetime.combine(day, first), tz), wall_to_utc(datetime.combine(day, last), tz)


def range_problem(first: date, last: date) -> str | None:
    """Why days ``first`` to ``last`` are not a range of time off (None: they are)."""
    if last < first:
        return f"the last day {last.isoformat()} is before the first {first.isoformat()}; swap them"
    if (last - first).days + 1 > MAX_DAYS:
        return f"time off lasts at most {MAX_DAYS} days; add a longer absence in parts"
    return None


def describe(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``Mon 30 Nov 00:00 to Wed 02 Dec 00:00`` in company wall clock (how refusals name it)."""
    a, b = to_local(start, tz), to_local(end, tz)
    return f"{day_text(a.date())} {a:%H:%M} to {day_text(b.date())} {b:%H:%M}"


@dataclass(frozen=True)
class Absence:
    """A technician's time off as the rules see it (a stored one has its id)."""

    start: datetime
    end: datetime
    reason: str = ""
    id: int | None = None


def overlapping(start: datetime, end: datetime, existing: Iterable[Absence]) -> list[Absence]:
    """The time off that overlaps [start, end); touching ends (a morning then an afternoon) do not."""
    return [a for a in existing if a.start < end and start < a.end]


def bookings_in_time_off(
    tech_name: str, start: datetime, end: datetime, bookings: Iterable[Interval], tz: ZoneInfo
) -> list[Conflict]:
    """Each booking (labelled with its work order) that time off from ``start`` to ``end`` would hit."""
    found = []
    for b in sorted(bookings, key=lambda b: b.start):
        if b.overlaps(start, end):
            a, z = to_local(b.start, tz), to_local(b.end, tz)
            until = f"{z:%H:%M}" if z.date() == a.date() else f"{day_text(z.date())} {z:%H:%M}"
            found.append(
                Conflict(
                    ConflictKind.TIME_OFF,
                    f"{b.label or 'a booking'} is booked for {tech_name} {day_text(a.date())} {a:%H:%M}–{until}",
                )
            )
    return found

