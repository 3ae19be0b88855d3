"""Schedule conflicts of one booking, in words the dispatcher can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dispatch_console.domain.certifications import is_expired
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.domain.workdays import day_text, is_workday


class ConflictKind(StrEnum):
    OVERLAP = "overlap"
    OUTSIDE_SHIFT = "outside_shift"
    DAY_OFF = "day_off"
    TIME_OFF = "time_off"
    MISSING_SKILL = "missing_skill"
    EXPIRED_CERTIFICATION = "expired_certification"
    AFTER_DUE = "after_due"


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    label: str = ""

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class TechCalendar:
    """What a technician's availability looks like, as the conflict check needs it."""

    name: str
    shift_start: time
    shift_end: time
    workdays: frozenset[str]
    skills: dict[str, date | None]  # skill code -> certified until (None: no expiry)
    time_off: tuple[Interval, ...] = ()
    bookings: tuple[Interval, ...] = ()  # the tech's other bookings


def _fmt(moment: datetime, tz: ZoneInfo) -> str:
    local = to_local(moment, tz)
    return f"{day_text(local.date())} {local:%H:%M}"


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def booking_conflicts(
    tech: TechCalendar,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    required_skills: Iterable[str] = (),
    due_by: datetime | None = None,
) -> list[Conflict]:
    """Every conflict a booking of ``tech`` from ``start`` to ``end`` (UTC) would make."""
    found: list[Conflict] = []
    for other in tech.bookings:
        if other.overlaps(start, end):
            what = other.label or "another booking"
            found.append(
                Conflict(
                    ConflictKind.OVERLAP,
                    f"overlaps {what} of {tech.name} "
                    f"({_clock(to_local(other.start, tz))}–{_clock(to_local(other.end, tz))})",
                )
            )
    found += _shift_conflicts(tech, start, end, tz)
    for off in tech.time_off:
        if off.overlaps(start, end):
            why = f" ({off.label})" if off.label else ""
            found.append(
                Conflict(
                    ConflictKind.TIME_OFF,
                    f"{tech.name} has time off{why} from {_fmt(off.start, tz)} to {_fmt(off.end, tz)}",
                )
            )
    job_day = to_local(end, tz).date()
    for code in required_skills:
        if code not in tech.skills:
            found.append(Conflict(ConflictKind.MISSING_SKILL, f"{tech.name} lacks the skill {code}"))
            continue
        until = tech.skills[code]
        if until is not None and is_expired(until, job_day):
            found.append(
                Conflict(
                    ConflictKind.EXPIRED_CERTIFICATION,
                    f"{tech.name}'s {code} certification expired on {until.isoformat()}",
                )
            )
    if due_by is not None and end > due_by:
        found.append(Conflict(ConflictKind.AFTER_DUE, f"ends after the due-by {_fmt(due_by, tz)}"))
    return found


def _shift_conflicts(tech: TechCalendar, start: datetime, end: datetime, tz: ZoneInfo) -> list[Conflict]:
    """Each local day the booking touches must be a workday, and the booking inside the shift."""
    local_start, local_end = to_local(start, tz), to_local(end, tz)
    found: list[Conflict] = []
    day = local_start.date()
    last = (local_end - timedelta(microseconds=1)).date() if local_end > local_start else day
    outside = False
    while day <= last:
        if not is_workday(tech.workdays, day):
            found.append(
                Conflict(ConflictKind.DAY_OFF, f"{day_text(day)} is not a workday of {tech.name}")
            )
        else:
            seg_start = max(local_start, datetime.combine(day, time(0), tzinfo=tz))
            seg_end = min(local_end, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz))
            shift_start = datetime.combine(day, tech.shift_start, tzinfo=tz)
            shift_end = datetime.combine(day, tech.shift_end, tzinfo=tz)
            if seg_start < shift_start or seg_end > shift_end:
                outside = True
        day += timedelta(days=1)
    if outside:
        found.append(
            Conflict(
                ConflictKind.OUTSIDE_SHIFT,
                f"outside {tech.name}'s shift "
                f"{tech.shift_start.strftime('%H:%M')}–{tech.shift_end.strftime('%H:%M')}",
            )
        )
    return found
