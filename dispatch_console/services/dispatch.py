"""Putting work on technicians' schedules: book, move, resize, unbook, dispatch.

Every booking change returns the conflicts it makes. A change with conflicts is refused with
``ConflictsNeedConfirmation`` unless the dispatcher confirmed it; then the conflicts are recorded
on the booking (who confirmed what), and the audit log has the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain import lifecycle
from dispatch_console.domain.booking_length import too_long
from dispatch_console.domain.conflicts import (
    Conflict,
    ConflictKind,
    Interval,
    TechCalendar,
    booking_conflicts,
)
from dispatch_console.domain.enums import Status
from dispatch_console.domain.errors import DispatchError, RuleViolation, ValidationError
from dispatch_console.domain.timekeeping import company_zone
from dispatch_console.domain.workdays import parse_workdays
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork


class ConflictsNeedConfirmation(DispatchError):
    """The booking change would make conflicts; nothing was saved. Confirm to save anyway."""

    def __init__(self, subject: str, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__(f"{subject}: " + "; ".join(c.message for c in conflicts))


@dataclass(frozen=True)
class Placement:
    """Where a booking goes: the work order, the technician and the times.

    The one record for a booking's place, from the board's gesture to the undo command to the
    service. For a booking that exists, ``booking_id`` and the ``version`` the dispatcher saw
    (a save based on an older copy is refused).
    """

    number: str
    tech_code: str
    start: datetime
    end: datetime
    booking_id: int | None = None
    version: int | None = None

    def moved(self, tech_code: str, start: datetime, end: datetime) -> Placement:
        return replace(self, tech_code=tech_code, start=start, end=end)

    def saved_as(self, result: BookingResult) -> Placement:
        """The same place, with the id and version the save handed back."""
        return replace(self, booking_id=result.booking_id, version=result.version)


@dataclass(frozen=True)
class BookingResult:
    booking_id: int
    work_order: str
    conflicts: tuple[Conflict, ...]
    version: int


def _company_zone(uow: UnitOfWork) -> ZoneInfo:
    return company_zone(uow.company())


def tech_calendar(
    uow: UnitOfWork, tech: m.Technician, start: datetime, end: datetime, exclude: Sequence[int] = ()
) -> TechCalendar:
    """The technician's availability around [start, end), for the conflict rules."""
    margin = timedelta(days=1)
    others = uow.tech_bookings_near(tech.id, start - margin, end + margin, exclude)
    offs = uow.time_off_near(tech.id, start - margin, end + margin)
    skills: dict[str, date | None] = {ts.skill.code: ts.certified_until for ts in tech.skills}
    return TechCalendar(
        name=tech.name,
        shift_start=tech.shift_start,
        shift_end=tech.shift_end,
        workdays=parse_workdays(tech.workdays),
        skills=skills,
        time_off=tuple(Interval(o.start, o.end, o.reason or "") for o in offs),
        bookings=tuple(Interval(b.start, b.end, b.number) for b in others),
    )


def _conflicts(
    uow: UnitOfWork,
    wo: m.WorkOrder,
    tech: m.Technician,
    start: datetime,
    end: datetime,
    exclude: Sequence[int] = (),
) -> list[Conflict]:
    calendar = tech_calendar(uow, tech, start, end, exclude)
    return booking_conflicts(
        calendar,
        start,
        end,
        _company_zone(uow),
        required_skills=[s.code for s in wo.required_skills],
        due_by=wo.due_by,
    )


def _check_times(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationError("booking times must be instants with a time zone")
    if end <= start:
        raise ValidationError("the booking must end after it starts")
    reason = too_long(start, end)
    if reason is not None:
        raise ValidationError(reason)


def _apply_status(uow: UnitOfWork, wo: m.WorkOrder) -> None:
    uow.flush()
    facts = uow.schedule_facts(wo)
    wo.status = lifecycle.status_after_bookings_change(facts, facts.booking_count)


def _record(booking: m.Booking, conflicts: list[Conflict], actor: str) -> None:
    if conflicts:
        booking.confirmed_conflicts = "; ".join(c.message for c in conflicts)
        booking.confirmed_by = actor
    else:
        booking.confirmed_conflicts = None
        booking.confirmed_by = None


def preview_booking(
    ctx: ServiceContext,
    number: str,
    tech_code: str,
    start: datetime,
    end: datetime,
    booking_id: int | None = None,
) -> list[Conflict]:
    """The conflicts a booking would make, without saving anything (for drag feedback)."""
    _check_times(start, end)
    with ctx.read() as uow:
        wo = uow.work_order(number)
        tech = uow.require(m.Technician, tech_code)
        return _conflicts(uow, wo, tech, start, end, [booking_id] if booking_id else [])


def book(
    ctx: ServiceContext,
    number: str,
    tech_code: str,
    start: datetime,
    end: datetime,
    *,
    confirm: bool = False,
) -> BookingResult:
    """Put a visit of the work order on a technician's schedule (a second visit or tech is allowed)."""
    _check_times(start, end)
    with ctx.write(f"Book {number}") as uow:
        uow.lock_technicians([tech_code])  # before the overlap check: another PC's booking is seen
        wo = uow.work_order(number)
        tech = uow.require(m.Technician, tech_code)
        lifecycle.check_book(uow.schedule_facts(wo))
        if not tech.active:
            raise RuleViolation(f"cannot book {number}", [f"{tech.name} is no longer active"])
        conflicts = _conflicts(uow, wo, tech, start, end)
        if conflicts and not confirm:
            raise ConflictsNeedConfirmation(f"booking {number} on {tech.name} makes conflicts", conflicts)
        booking = m.Booking(work_order=wo, technician=tech, start=start, end=end)
        _record(booking, conflicts, ctx.actor)
        uow.add(booking)
        _apply_status(uow, wo)
        uow.flush()
        result = BookingResult(booking.id, number, tuple(conflicts), booking.version)
    return result


def move_booking(
    ctx: ServiceContext,
    booking_id: int,
    tech_code: str,
    start: datetime,
    end: datetime,
    *,
    expected_version: int | None,
    confirm: bool = False,
) -> BookingResult:
    """Move a booking to another time and/or technician, or resize it (same tech, new times)."""
    with ctx.read() as uow:
        number = uow.booking(booking_id).work_order.number
    place = Placement(number, tech_code, start, end, booking_id, expected_version)
    return move_bookings(ctx, [place], confirm=confirm)[0]


def move_bookings(
    ctx: ServiceContext, moves: Sequence[Placement], *, confirm: bool = False
) -> list[BookingResult]:
    """Move several bookings together (a multi-select drag, a shifted day): all or nothing.

    Conflicts are checked against the others' new places, so moving a whole day later does not
    collide with itself.
    """
    if not moves:
        return []
    for move in moves:
        _check_times(move.start, move.end)
    moved_ids = [mv.booking_id for mv in moves if mv.booking_id is not None]
    if len(moved_ids) != len(moves):
        raise ValidationError("only a saved booking can be moved")
    with ctx.write("Move bookings") as uow:
        uow.lock_technicians(mv.tech_code for mv in moves)  # before the overlap check, as in book
        tz = _company_zone(uow)
        bookings = [uow.booking(booking_id, tz) for booking_id in moved_ids]
        numbers = sorted({b.work_order.number for b in bookings})
        uow.name_action("Move " + ", ".join(numbers))
        all_conflicts: list[Conflict] = []
        per_booking: list[list[Conflict]] = []
        for booking, mv in zip(bookings, moves, strict=True):
            uow.check_version(booking, mv.version, f"The booking of {booking.work_order.number}", tz)
            lifecycle.check_book(uow.schedule_facts(booking.work_order))
        techs = {mv.tech_code: uow.require(m.Technician, mv.tech_code) for mv in moves}
        for booking, mv in zip(bookings, moves, strict=True):
            tech = techs[mv.tech_code]
            calendar = tech_calendar(uow, tech, mv.start, mv.end, moved_ids)
            siblings = tuple(
                Interval(o.start, o.end, b.work_order.number)
                for b, o in zip(bookings, moves, strict=True)
                if o.tech_code == mv.tech_code and b.id != booking.id
            )
            calendar = replace(calendar, bookings=calendar.bookings + siblings)
            found = booking_conflicts(
                calendar, mv.start, mv.end, tz,
                required_skills=[s.code for s in booking.work_order.required_skills],
                due_by=booking.work_order.due_by,
            )
            per_booking.append(found)
            all_conflicts += [Conflict(c.kind, f"{booking.work_order.number}: {c.message}") for c in found]
        if all_conflicts and not confirm:
            if len(moves) == 1:  # one booking: name it and its technician, no prefixes needed
                subject = f"moving {bookings[0].work_order.number} to {techs[moves[0].tech_code].name} makes conflicts"
                raise ConflictsNeedConfirmation(subject, per_booking[0])
            raise ConflictsNeedConfirmation("moving the bookings makes conflicts", all_conflicts)
        for booking, mv, found in zip(bookings, moves, per_booking, strict=True):
            booking.technician = techs[mv.tech_code]
            booking.start = mv.start
            booking.end = mv.end
            _record(booking, found, ctx.actor)
        uow.flush()
        results = [
            BookingResult(b.id, b.work_order.number, tuple(found), b.version)
            for b, found in zip(bookings, per_booking, strict=True)
        ]
    return results


def unbook_many(ctx: ServiceContext, bookings: Sequence[tuple[int, int | None]]) -> list[str]:
    """Take several bookings off the schedule at once (all or nothing); returns the work orders."""
    numbers: list[str] = []
    with ctx.write("Unbook") as uow:
        tz = _company_zone(uow)
        for booking_id, expected in bookings:
            booking = uow.booking(booking_id, tz)
            wo = booking.work_order
            uow.check_version(booking, expected, f"The booking of {wo.number}", tz)
            lifecycle.check_unbook(uow.schedule_facts(wo))
            wo.bookings.remove(booking)
            uow.delete(booking)
            _apply_status(uow, wo)
            numbers.append(wo.number)
        uow.name_action("Unbook " + ", ".join(sorted(set(numbers))))
    return numbers


def resize_booking(
    ctx: ServiceContext,
    booking_id: int,
    start: datetime,
    end: datetime,
    *,
    expected_version: int | None,
    confirm: bool = False,
) -> BookingResult:
    """Change a booking's start or end, keeping its technician."""
    with ctx.read() as uow:
        tech_code = uow.booking(booking_id).technician.code
    return move_booking(
        ctx, booking_id, tech_code, start, end, expected_version=expected_version, confirm=confirm
    )


def unbook(ctx: ServiceContext, booking_id: int, *, expected_version: int | None) -> str:
    """Take a visit off the schedule; the last one puts the work order back in the queue."""
    return unbook_many(ctx, [(booking_id, expected_version)])[0]


def dispatch(ctx: ServiceContext, number: str) -> None:
    """Send a scheduled work order to its crew."""
    with ctx.write(f"Dispatch {number}") as uow:
        wo = uow.work_order(number)
        lifecycle.check_dispatch(uow.facts(wo))
        wo.status = Status.DISPATCHED


def bookings_in_window(
    ctx: ServiceContext, start: datetime, end: datetime, tech_codes: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """What the board draws for [start, end): plain rows, one query."""
    with ctx.read() as uow:
        ids = None
        if tech_codes is not None:
            ids = [t.id for t in uow.by_codes(m.Technician, tech_codes).values()]
        return [dict(row._mapping) for row in uow.bookings_in_window(ids, start, end)]


def book_if_free(uow: UnitOfWork, wo: m.WorkOrder, tech: m.Technician, start: datetime, end: datetime) -> bool:
    """Book the visit only where it makes no conflict but the due-by itself (a plan's visit is
    due at its own start): for work the office did not place by hand, such as a plan's."""
    if not tech.active or lifecycle.why_not_reschedule(Status(wo.status)) is not None:
        return False
    found = [c for c in _conflicts(uow, wo, tech, start, end) if c.kind is not ConflictKind.AFTER_DUE]
    if found:
        return False
    uow.add(m.Booking(work_order=wo, technician=tech, start=start, end=end))
    _apply_status(uow, wo)
    return True
