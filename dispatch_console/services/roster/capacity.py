"""This week's hours per technician: capacity (shift × workdays less time off), booked and free.

Hours are ``Decimal``, to the hundredth of an hour (``domain/capacity.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from dispatch_console.domain.capacity import WeekLoad, week_bounds, week_load, week_of
from dispatch_console.domain.conflicts import Interval
from dispatch_console.domain.timekeeping import company_zone
from dispatch_console.domain.workdays import parse_workdays
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage import roster_queries as q
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TechnicianWeek:
    code: str
    name: str
    active: bool
    load: WeekLoad


def week_loads(
    uow: UnitOfWork, monday: date, tz: ZoneInfo, techs: Sequence[m.Technician]
) -> dict[int, WeekLoad]:
    """The week from ``monday`` of each technician, by id, from two queries for all of them."""
    start, end = week_bounds(monday, tz)
    off: dict[int, list[Interval]] = {}
    for o in uow.time_off_in_window(start, end):
        off.setdefault(o.technician_id, []).append(Interval(o.start, o.end))
    booked: dict[int, list[Interval]] = {}
    for tech_id, b_start, b_end in q.bookings_between(uow, start, end):
        booked.setdefault(tech_id, []).append(Interval(b_start, b_end))
    return {
        tech.id: week_load(
            monday, tech.shift_start, tech.shift_end, parse_workdays(tech.workdays),
            off.get(tech.id, ()), booked.get(tech.id, ()), tz,
        )
        for tech in techs
    }


def week_capacity(ctx: ServiceContext, day: date, codes: Sequence[str] | None = None) -> list[TechnicianWeek]:
    """The week (Monday to Sunday, company zone) containing ``day``, per technician by name.

    ``codes``: only these technicians (all of them, active or not, when None).
    """
    monday = week_of(day)
    with ctx.read() as uow:
        tz = company_zone(uow.company())
        techs = [t for t in q.technicians(uow) if codes is None or t.code in set(codes)]
        loads = week_loads(uow, monday, tz, techs)
        return [TechnicianWeek(t.code, t.name, t.active, loads[t.id]) for t in techs]
