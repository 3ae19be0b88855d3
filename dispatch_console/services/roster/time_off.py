"""A technician's time off: add a day, a range of days or half a day with a reason; remove; list.

Time off that would overlap the technician's bookings is refused with ``ConflictsNeedConfirmation``
listing them, as the board does for a booking, unless confirmed; confirmed, each of those bookings
records the conflicts it now has and who confirmed them (the board marks it ⚠).

Time off never overlaps other time off of the same technician: adding some that does is refused,
naming what is there already. Merging would silently change an entry somebody else wrote (and
its reason); the dispatcher removes or keeps it instead. Entries that only touch (a morning off,
then the afternoon) are fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dispatch_console.domain.conflicts import Conflict, Interval, booking_conflicts
from dispatch_console.domain.errors import (
    ConcurrencyConflict,
    InvalidFields,
    NotFound,
    RuleViolation,
)
from dispatch_console.domain.time_off import (
    Absence,
    HalfDay,
    bookings_in_time_off,
    describe,
    half_day,
    overlapping,
    range_problem,
    whole_days,
)
from dispatch_console.domain.timekeeping import company_zone, format_wall
from dispatch_console.domain.workdays import day_text, is_workday, parse_workdays
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation, tech_calendar
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

MAX_REASON = 500


@dataclass(frozen=True)
class TimeOffEntry:
    id: int
    tech_code: str
    start: datetime
    end: datetime
    reason: str
    #: ``Mon 30 Nov 00:00 to Tue 01 Dec 00:00``, company wall clock.
    text: str


def _zone(uow: UnitOfWork) -> ZoneInfo:
    return company_zone(uow.company())


def _entry(o: m.TimeOff, code: str, tz: ZoneInfo) -> TimeOffEntry:
    return TimeOffEntry(o.id, code, o.start, o.end, o.reason or "", describe(o.start, o.end, tz))


def time_off_of(ctx: ServiceContext, code: str, start: datetime, end: datetime) -> list[TimeOffEntry]:
    """The technician's time off overlapping [start, end), in order (the calendar of the editor)."""
    with ctx.read() as uow:
        tech = uow.require(m.Technician, code)
        tz = _zone(uow)
        offs = sorted(uow.time_off_near(tech.id, start, end), key=lambda o: (o.start, o.id))
        return [_entry(o, code, tz) for o in offs]


def _reason_problem(reason: str) -> str | None:
    if not reason.strip():
        return "the reason is empty; say why (vacation, training, sick), the board shows it"
    if len(reason.strip()) > MAX_REASON:
        return f"the reason is longer than {MAX_REASON} characters; shorten it"
    return None


def add_days_off(
    ctx: ServiceContext, code: str, first: date, last: date, reason: str, *, confirm: bool = False
) -> TimeOffEntry:
    """Whole company days ``first`` to ``last`` (inclusive) off, from midnight to midnight."""
    problems = {}
    problem = range_problem(first, last)
    if problem:
        problems["last"] = problem
    problem = _reason_problem(reason)
    if problem:
        problems["reason"] = problem
    with ctx.write(f"Add time off for {code}") as uow:
        tech = _locked(uow, code)
        if problems:
            raise InvalidFields(f"cannot add time off for {tech.name}", problems)
        start, end = whole_days(first, last, _zone(uow))
        return _add(ctx, uow, tech, start, end, reason.strip(), confirm)


def add_day_off(
    ctx: ServiceContext, code: str, day: date, reason: str, *, confirm: bool = False
) -> TimeOffEntry:
    """One whole company day off."""
    return add_days_off(ctx, code, day, day, reason, confirm=confirm)


def add_half_day_off(
    ctx: ServiceContext, code: str, day: date, half: HalfDay, reason: str, *, confirm: bool = False
) -> TimeOffEntry:
    """The morning (shift start to its middle) or the afternoon (middle to shift end) of ``day``."""
    problems = {}
    problem = _reason_problem(reason)
    if problem:
        problems["reason"] = problem
    with ctx.write(f"Add time off for {code}") as uow:
        tech = _locked(uow, code)
        if not is_workday(parse_workdays(tech.workdays), day):
            problems["day"] = (
                f"{day_text(day)} is not a workday of {tech.name}, so there is no shift to halve; "
                "add a whole day off instead"
            )
        if problems:
            raise InvalidFields(f"cannot add time off for {tech.name}", problems)
        start, end = half_day(day, half, tech.shift_start, tech.shift_end, _zone(uow))
        return _add(ctx, uow, tech, start, end, reason.strip(), confirm)


def _locked(uow: UnitOfWork, code: str) -> m.Technician:
    # First, so that another PC's booking or time off for this technician waits until we commit
    # and then sees ours (the overlap checks below read, then write).
    uow.lock_technicians([code])
    return uow.require(m.Technician, code)


def _add(
    ctx: ServiceContext,
    uow: UnitOfWork,
    tech: m.Technician,
    start: datetime,
    end: datetime,
    reason: str,
    confirm: bool,
) -> TimeOffEntry:
    tz = _zone(uow)
    when = describe(start, end, tz)
    uow.name_action(f"Add time off for {tech.name} ({when})")
    existing = [Absence(o.start, o.end, o.reason or "", o.id) for o in uow.time_off_near(tech.id, start, end)]
    clashes = overlapping(start, end, existing)
    if clashes:
        raise RuleViolation(
            f"cannot add time off for {tech.name} from {when}",
            [
                f"it overlaps time off{f' ({a.reason})' if a.reason else ''} from {describe(a.start, a.end, tz)};"
                " remove that first or choose other days"
                for a in clashes
            ],
        )
    booked = uow.tech_bookings_near(tech.id, start, end)
    conflicts = bookings_in_time_off(
        tech.name, start, end, [Interval(b.start, b.end, b.number) for b in booked], tz
    )
    if conflicts and not confirm:
        raise ConflictsNeedConfirmation(f"time off for {tech.name} from {when} overlaps bookings", conflicts)
    off = m.TimeOff(technician=tech, start=start, end=end, reason=reason)
    uow.add(off)
    uow.flush()
    for row in booked:
        _record_conflicts(ctx, uow, tech, row.id, tz)
    uow.flush()
    return _entry(off, tech.code, tz)


def _record_conflicts(ctx: ServiceContext, uow: UnitOfWork, tech: m.Technician, booking_id: int, tz: ZoneInfo) -> None:
    """The booking now has the time off among its conflicts: record them all, and who confirmed."""
    booking = uow.booking(booking_id, tz)
    wo = booking.work_order
    calendar = tech_calendar(uow, tech, booking.start, booking.end, [booking.id])
    found: list[Conflict] = booking_conflicts(
        calendar, booking.start, booking.end, tz,
        required_skills=[s.code for s in wo.required_skills], due_by=wo.due_by,
    )
    booking.confirmed_conflicts = "; ".join(c.message for c in found) or None
    booking.confirmed_by = ctx.actor if found else None


def remove_time_off(ctx: ServiceContext, time_off_id: int) -> None:
    """Take time off away; if another PC removed it meanwhile, say who and when."""
    with ctx.write("Remove time off") as uow:
        tz = _zone(uow)
        off = _time_off(uow, time_off_id, tz)
        tech = off.technician
        uow.lock_technicians([tech.code])
        uow.name_action(f"Remove time off of {tech.name} ({describe(off.start, off.end, tz)})")
        tech.time_off.remove(off)
        uow.delete(off)


def _time_off(uow: UnitOfWork, time_off_id: int, tz: ZoneInfo) -> m.TimeOff:
    try:
        return uow.get(m.TimeOff, time_off_id)
    except NotFound:
        removed = [e for e in uow.audit_of("time_off", time_off_id) if e.change == "delete"]
        if not removed:
            raise NotFound("that time off does not exist; reload the calendar") from None
        entry = removed[-1]
        raise ConcurrencyConflict(
            f"that time off was already removed by {entry.actor} at "
            f"{format_wall(entry.at, tz).replace('T', ' ')} ({entry.action}); reload the calendar"
        ) from None
