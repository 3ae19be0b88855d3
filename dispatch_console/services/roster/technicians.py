"""The roster's technicians and skills: create, edit, activate or deactivate, and the roster list.

Deactivating a technician who still has bookings ahead is refused with those bookings
(``BookingsToMove``) unless the dispatcher says to move them to the queue; then they are taken
off in the same unit of work, under the same rules as unbooking on the board.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dispatch_console.domain import lifecycle
from dispatch_console.domain.capacity import WeekLoad, week_of
from dispatch_console.domain.certifications import CertificationState, SkillState, skill_states
from dispatch_console.domain.csv_values import MAX_CODE
from dispatch_console.domain.enums import Status
from dispatch_console.domain.errors import (
    ConcurrencyConflict,
    DispatchError,
    InvalidFields,
    RuleViolation,
)
from dispatch_console.domain.technicians import (
    Certification,
    TechnicianSpec,
    field_problems,
    workdays_text,
)
from dispatch_console.domain.timekeeping import company_zone, to_local
from dispatch_console.domain.workdays import WEEKDAYS, day_text, parse_workdays
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster.capacity import week_loads
from dispatch_console.storage import models as m
from dispatch_console.storage import roster_queries as q
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SkillInfo:
    code: str
    name: str


@dataclass(frozen=True)
class TechnicianRecord:
    """A saved technician as the editor shows it: the fields, and the version to save against."""

    spec: TechnicianSpec
    version: int
    updated_by: str | None
    updated_at: datetime | None


@dataclass(frozen=True)
class FutureBooking:
    """A booking of the technician that is not over yet, as the deactivation question lists it."""

    booking_id: int
    version: int
    number: str
    status: Status
    start: datetime
    end: datetime
    #: ``Mon 30 Nov 09:00``, company wall clock.
    start_text: str
    #: Why the rules keep this booking on the schedule (work in progress); None: it can be moved.
    why_not_move: str | None

    @property
    def text(self) -> str:
        return f"{self.number} {self.start_text}"


class BookingsToMove(DispatchError):
    """The technician still has bookings ahead; nothing was saved. Move them to the queue to go on."""

    def __init__(self, name: str, bookings: Sequence[FutureBooking]) -> None:
        self.bookings = tuple(bookings)
        count = f"{len(bookings)} booking{'s' if len(bookings) != 1 else ''} ahead"
        listed = ", ".join(b.text for b in bookings)
        super().__init__(
            f"{name} has {count} ({listed}); move them to the queue to deactivate the technician"
        )


@dataclass(frozen=True)
class TechnicianRow:
    """One line of the roster list: plain data, certifications judged on ``day``."""

    code: str
    name: str
    phone: str
    email: str
    active: bool
    skills: tuple[SkillState, ...]
    week: WeekLoad
    version: int

    @property
    def certification_warnings(self) -> tuple[SkillState, ...]:
        """The skills whose certification has expired or runs out soon (what the list marks)."""
        marked = (CertificationState.EXPIRED, CertificationState.EXPIRING)
        return tuple(s for s in self.skills if s.state in marked)


# -- reading ---------------------------------------------------------------------------------------
def _zone(uow: UnitOfWork) -> ZoneInfo:
    return company_zone(uow.company())


def today(ctx: ServiceContext) -> date:
    """The company's date now (the day certifications and "this week" are judged on)."""
    return to_local(ctx.now(), ctx.zone()).date()


def _spec_of(tech: m.Technician) -> TechnicianSpec:
    days = parse_workdays(tech.workdays)
    return TechnicianSpec(
        code=tech.code,
        name=tech.name,
        hourly_rate=tech.hourly_rate,
        phone=tech.phone or "",
        email=tech.email or "",
        shift_start=tech.shift_start,
        shift_end=tech.shift_end,
        workdays=tuple(d for d in WEEKDAYS if d in days),
        home_lat=tech.home_lat,
        home_lon=tech.home_lon,
        active=tech.active,
        skills=tuple(
            Certification(ts.skill.code, ts.certified_until)
            for ts in sorted(tech.skills, key=lambda ts: ts.skill.code)
        ),
    )


def _record(tech: m.Technician) -> TechnicianRecord:
    return TechnicianRecord(_spec_of(tech), tech.version, tech.updated_by, tech.updated_at)


def technician(ctx: ServiceContext, code: str) -> TechnicianRecord:
    """A technician for the editor."""
    with ctx.read() as uow:
        return _record(uow.require(m.Technician, code))


def list_skills(ctx: ServiceContext) -> list[SkillInfo]:
    """The skills catalogue, by code."""
    with ctx.read() as uow:
        return [SkillInfo(s.code, s.name) for s in q.skills(uow)]


def technician_rows(ctx: ServiceContext, day: date) -> list[TechnicianRow]:
    """The roster list: every technician by name, skills judged on ``day``, and the load of its week."""
    monday = week_of(day)
    with ctx.read() as uow:
        tz = _zone(uow)
        techs = q.technicians(uow)
        loads = week_loads(uow, monday, tz, techs)
        rows = []
        for tech in techs:
            rows.append(
                TechnicianRow(
                    code=tech.code,
                    name=tech.name,
                    phone=tech.phone or "",
                    email=tech.email or "",
                    active=tech.active,
                    skills=skill_states({ts.skill.code: ts.certified_until for ts in tech.skills}, day),
                    week=loads[tech.id],
                    version=tech.version,
                )
            )
    return rows


def _future_bookings(uow: UnitOfWork, tech: m.Technician, now: datetime, tz: ZoneInfo) -> list[FutureBooking]:
    found = []
    leaving: dict[str, int] = {}  # per work order: how many of its bookings go before this one
    for row in q.future_bookings(uow, tech.id, now):
        status = Status(row.status)
        if lifecycle.is_finished(status):
            continue  # finished work's bookings are the record of who was there, not plans
        # Taken off one after another: this one leaves the work order with fewer bookings.
        left = row.booking_count - leaving.get(row.number, 0)
        leaving[row.number] = leaving.get(row.number, 0) + 1
        local = to_local(row.start, tz)
        found.append(
            FutureBooking(
                booking_id=row.id,
                version=row.version,
                number=row.number,
                status=status,
                start=row.start,
                end=row.end,
                start_text=f"{day_text(local.date())} {local:%H:%M}",
                why_not_move=lifecycle.why_not_unbook(status, left),
            )
        )
    return found


def future_bookings(ctx: ServiceContext, code: str) -> list[FutureBooking]:
    """The technician's bookings of unfinished work that are not over yet, soonest first.

    What deactivating would move to the queue: the screen shows them before it asks.
    """
    with ctx.read() as uow:
        tech = uow.require(m.Technician, code)
        return _future_bookings(uow, tech, ctx.now(), _zone(uow))


# -- writing ---------------------------------------------------------------------------------------
def create_skill(ctx: ServiceContext, code: str, name: str) -> SkillInfo:
    """Add a skill to the catalogue; codes are unique."""
    problems = {}
    code, name = code.strip(), name.strip()
    if not code:
        problems["code"] = "the code is empty; give the skill a short code such as HVAC"
    elif len(code) > MAX_CODE or ";" in code:
        problems["code"] = f"use a code of at most {MAX_CODE} characters without ';'"
    if not name:
        problems["name"] = "the name is empty; say what the skill is, e.g. 'HVAC service'"
    elif len(name) > 200:
        problems["name"] = "the name is longer than 200 characters; shorten it"
    with ctx.write(f"Add skill {code}") as uow:
        uow.serialize(_SKILL_CODES)
        if "code" not in problems and uow.find(m.Skill, code) is not None:
            problems["code"] = f"there is already a skill {code}; choose another code"
        if problems:
            raise InvalidFields("cannot add the skill", problems)
        uow.add(m.Skill(code=code, name=name))
    return SkillInfo(code, name)


#: Two PCs adding the same code at once: the second waits, then is told the code is taken
#: (instead of a unique-key error from PostgreSQL).
_TECHNICIAN_CODES = "technician codes"
_SKILL_CODES = "skill codes"


def _check_spec(uow: UnitOfWork, spec: TechnicianSpec, subject: str, tech: m.Technician | None) -> dict[str, m.Skill]:
    if tech is None or tech.code != spec.code.strip():
        uow.serialize(_TECHNICIAN_CODES)
    problems = field_problems(spec)
    code = spec.code.strip()
    if "code" not in problems:
        other = uow.find(m.Technician, code)
        if other is not None and other is not tech:
            problems["code"] = f"{code} is already the code of {other.name}; choose another code"
    skills = uow.by_codes(m.Skill, [c.skill_code for c in spec.skills])
    missing = [c.skill_code for c in spec.skills if c.skill_code not in skills]
    if missing and "skills" not in problems:
        problems["skills"] = (
            f"there is no skill {', '.join(missing)}; pick one of the list or add it to the skills first"
        )
    if problems:
        raise InvalidFields(subject, problems)
    return skills


def _apply(tech: m.Technician, spec: TechnicianSpec, skills: dict[str, m.Skill]) -> None:
    tech.code = spec.code.strip()
    tech.name = spec.name.strip()
    tech.phone = spec.phone.strip() or None
    tech.email = spec.email.strip() or None
    tech.hourly_rate = spec.hourly_rate
    tech.shift_start = spec.shift_start
    tech.shift_end = spec.shift_end
    tech.workdays = workdays_text(spec.workdays)
    tech.home_lat = spec.home_lat
    tech.home_lon = spec.home_lon
    wanted = {c.skill_code: c.certified_until for c in spec.skills}
    held = {ts.skill.code: ts for ts in tech.skills}
    for code, ts in held.items():
        if code not in wanted:
            tech.skills.remove(ts)
        elif ts.certified_until != wanted[code]:
            ts.certified_until = wanted[code]
    for code, until in wanted.items():
        if code not in held:
            tech.skills.append(m.TechnicianSkill(skill=skills[code], certified_until=until))


def create_technician(ctx: ServiceContext, spec: TechnicianSpec) -> TechnicianRecord:
    """Add a technician to the roster; every problem is refused at once, field by field."""
    with ctx.write(f"Add technician {spec.code.strip()}") as uow:
        skills = _check_spec(uow, spec, "cannot add the technician", None)
        tech = m.Technician(skills=[])
        _apply(tech, spec, skills)
        tech.active = spec.active
        uow.add(tech)
        uow.flush()
        record = _record(tech)
    return record


def edit_technician(
    ctx: ServiceContext,
    code: str,
    spec: TechnicianSpec,
    expected_version: int | None,
    *,
    move_bookings: bool = False,
    seen: Sequence[FutureBooking] | None = None,
) -> TechnicianRecord:
    """Save the editor's fields over the technician ``code`` (the code itself may change).

    A copy older than ``expected_version`` is refused naming who changed it and when. Turning
    ``active`` off follows ``set_active``'s rules (``move_bookings``, ``seen``).
    """
    with ctx.write(f"Edit technician {code}") as uow:
        tz = _zone(uow)
        uow.lock_technicians([code])
        tech = uow.require(m.Technician, code)
        uow.check_version(tech, expected_version, f"The technician {code}", tz)
        uow.name_action(f"Edit {tech.name}")
        skills = _check_spec(uow, spec, f"cannot save {tech.name}", tech)
        if tech.active and not spec.active:
            _deactivate(ctx, uow, tech, tz, move_bookings, seen)
        tech.active = spec.active
        _apply(tech, spec, skills)
        uow.flush()
        record = _record(tech)
    return record


def set_active(
    ctx: ServiceContext,
    code: str,
    active: bool,
    expected_version: int | None,
    *,
    move_bookings: bool = False,
    seen: Sequence[FutureBooking] | None = None,
) -> TechnicianRecord:
    """Activate or deactivate a technician.

    Deactivating one with bookings ahead (of unfinished work) raises ``BookingsToMove`` listing
    them, unless ``move_bookings``: then they are unbooked in the same save (each work order left
    without a booking goes back to the queue). A booking the rules keep (the last one of started
    work) refuses the deactivation, named. ``seen``: the bookings the dispatcher was shown; if
    they changed meanwhile, the save is refused rather than moving bookings nobody saw.
    """
    verb = "Activate" if active else "Deactivate"
    with ctx.write(f"{verb} technician {code}") as uow:
        tz = _zone(uow)
        uow.lock_technicians([code])  # no booking slips in between the check and the save
        tech = uow.require(m.Technician, code)
        uow.check_version(tech, expected_version, f"The technician {code}", tz)
        uow.name_action(f"{verb} {tech.name}")
        if tech.active and not active:
            _deactivate(ctx, uow, tech, tz, move_bookings, seen)
        tech.active = active
        uow.flush()
        record = _record(tech)
    return record


def _deactivate(
    ctx: ServiceContext,
    uow: UnitOfWork,
    tech: m.Technician,
    tz: ZoneInfo,
    move_bookings: bool,
    seen: Sequence[FutureBooking] | None,
) -> None:
    ahead = _future_bookings(uow, tech, ctx.now(), tz)
    if seen is not None and {(b.booking_id, b.version) for b in seen} != {(b.booking_id, b.version) for b in ahead}:
        raise ConcurrencyConflict(
            f"the bookings of {tech.name} changed after you looked at them; "
            "nothing was saved. Look at the list again and confirm once more."
        )
    kept = [f"{b.text}: {b.why_not_move}" for b in ahead if b.why_not_move]
    if kept:
        raise RuleViolation(f"cannot deactivate {tech.name}", kept)
    if not ahead:
        return
    if not move_bookings:
        raise BookingsToMove(tech.name, ahead)
    numbers = []
    for found in ahead:
        booking = uow.booking(found.booking_id, tz)
        wo = booking.work_order
        lifecycle.check_unbook(uow.schedule_facts(wo))  # as unbook_many: the rule, asked again
        wo.bookings.remove(booking)
        uow.delete(booking)
        uow.flush()
        facts = uow.schedule_facts(wo)
        wo.status = lifecycle.status_after_bookings_change(facts, facts.booking_count)
        numbers.append(wo.number)
    uow.name_action(f"Deactivate {tech.name}; unbook " + ", ".join(sorted(set(numbers))))

