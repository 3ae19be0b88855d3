"""What the active plans will make over the next months, and whether the roster can do it.

A manager sees a crunch coming: for each required skill and each week (Monday to Sunday, the
company's zone) the hours the plans' visits need against the capacity of the technicians who
hold that skill (their shifts on their workdays less time off: ``domain/capacity.week_load``,
the roster's own rule). Bookings are not subtracted: the forecast asks whether the people are
there at all, not whether their diaries are free today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from dispatch_console.domain.capacity import week_load, week_of
from dispatch_console.domain.certifications import is_expired
from dispatch_console.domain.conflicts import Interval
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.plan_schedule import forecast as plan_forecast
from dispatch_console.domain.timekeeping import company_zone, day_bounds, to_local
from dispatch_console.domain.workdays import parse_workdays
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_generation import last_visit, timing_of
from dispatch_console.storage import models as m
from dispatch_console.storage import plan_store
from dispatch_console.storage import roster_queries as roster_q

#: The longest forecast: three years of visits is as far as a plan's data is worth trusting.
MAX_MONTHS = 36
#: What a plan without required skills counts its hours under; anyone on the roster can do it.
NO_SKILL = "no skill"


@dataclass(frozen=True)
class ForecastVisit:
    """A work order a plan will make."""

    occurrence: datetime  # UTC
    plan_code: str
    summary: str
    site: str
    skills: tuple[str, ...]
    hours: Decimal


@dataclass(frozen=True)
class SkillWeek:
    """One skill's week: the hours the visits need against the hours its technicians have."""

    skill: str  # a skill's code, or NO_SKILL
    week_start: date  # the Monday
    planned_hours: Decimal
    capacity_hours: Decimal
    visits: int
    technicians: int  # how many hold the skill that week

    @property
    def over_hours(self) -> Decimal:
        """How many planned hours the technicians cannot cover (0 when they can)."""
        return max(Decimal(0), self.planned_hours - self.capacity_hours)

    @property
    def crunch(self) -> bool:
        return self.planned_hours > self.capacity_hours

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _ = self.week_start.isocalendar()
        return year, week

    @property
    def text(self) -> str:
        """In words: ``crunch: 6 h more than the 4 h of capacity`` or ``12 h free``."""
        if self.crunch:
            if self.capacity_hours == 0:
                return f"crunch: {_hours(self.over_hours)} h and nobody with {self.skill} on shift"
            return (
                f"crunch: {_hours(self.over_hours)} h more than the "
                f"{_hours(self.capacity_hours)} h of capacity"
            )
        return f"{_hours(self.capacity_hours - self.planned_hours)} h free"


def _hours(value: Decimal) -> str:
    """``87.5``, ``2``: hours without trailing zeros."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Forecast:
    """The visits from ``start`` (a company day) for ``months`` months, and their weeks by skill."""

    start: date
    end: date  # the first day after the forecast
    months: int
    visits: tuple[ForecastVisit, ...]
    #: Per skill needed, every week of the forecast (in week order, then skill).
    weeks: tuple[SkillWeek, ...]
    #: Plans whose rule could not be read, with the reason; they are not in the forecast.
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def crunches(self) -> tuple[SkillWeek, ...]:
        return tuple(w for w in self.weeks if w.crunch)

    @property
    def skills(self) -> tuple[str, ...]:
        return tuple(sorted({w.skill for w in self.weeks}, key=lambda s: (s == NO_SKILL, s)))

    def __str__(self) -> str:
        visits = "visit" if len(self.visits) == 1 else "visits"
        text = f"{len(self.visits)} {visits} from {self.start:%d %b %Y} to {self.end - timedelta(days=1):%d %b %Y}"
        crunches = self.crunches
        if crunches:
            weeks = "week" if len(crunches) == 1 else "weeks"
            text += f"; {len(crunches)} {weeks} short of technicians"
        return text


def check_months(months: int) -> None:
    """A forecast covers 1 to ``MAX_MONTHS`` months."""
    if months < 1:
        raise ValidationError(f"a forecast covers at least 1 month; {months} months shows nothing")
    if months > MAX_MONTHS:
        raise ValidationError(f"a forecast covers at most {MAX_MONTHS} months; {months} is too far ahead")


def forecast(ctx: ServiceContext, months: int, start: date | None = None) -> Forecast:
    """Every work order the active plans will make from ``start`` (default: the company's today)
    for ``months`` months, and the hours per skill per week against the roster's capacity.

    Work orders already made are not in it (they are on the board or in the queue already)."""
    check_months(months)
    with ctx.read() as uow:
        tz = company_zone(uow.company())
        first = start if start is not None else to_local(ctx.now(), tz).date()
        end = first + relativedelta(months=months)
        window_start = day_bounds(first, tz)[0]
        window_end = day_bounds(end, tz)[0]
        plans = plan_store.active_plans(uow.session)
        histories = plan_store.plan_histories(uow.session, [p.id for p in plans])
        labels = plan_store.plan_labels(uow.session, [p.id for p in plans])
        # A visit whose work order exists is not made again (the unique key), whatever the plan's
        # mark says (an imported plan's history, the demo company's): it is not forecast.
        made = plan_store.made_occurrences(uow.session, window_start, window_end)
        visits: list[ForecastVisit] = []
        skipped: list[tuple[str, str]] = []
        for plan in plans:
            history = histories.get(plan.id)
            try:
                occurrences = plan_forecast(
                    timing_of(plan), tz, window_start, window_end - timedelta(microseconds=1),
                    last_visit(history, tz), history.made if history else 0,
                )
            except ValidationError as exc:
                skipped.append((plan.code, str(exc)))
                continue
            label = labels[plan.id]
            visits.extend(
                ForecastVisit(o, plan.code, plan.summary, label.site, label.skills, plan.estimated_hours)
                for o in occurrences
                if (plan.id, o) not in made
            )
        visits.sort(key=lambda v: (v.occurrence, v.plan_code))
        mondays = _mondays(first, end)
        technicians = [t for t in roster_q.technicians(uow) if t.active]
        off: dict[int, list[Interval]] = {}
        for o in uow.time_off_in_window(day_bounds(mondays[0], tz)[0], day_bounds(mondays[-1] + timedelta(days=7), tz)[0]):
            off.setdefault(o.technician_id, []).append(Interval(o.start, o.end))
        weeks = _skill_weeks(visits, mondays, technicians, off, tz)
    return Forecast(first, end, months, tuple(visits), weeks, tuple(skipped))


def _mondays(first: date, end: date) -> list[date]:
    monday, last = week_of(first), week_of(end - timedelta(days=1))
    mondays = []
    while monday <= last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def _skill_weeks(
    visits: Sequence[ForecastVisit],
    mondays: Sequence[date],
    technicians: Sequence[m.Technician],
    off: dict[int, list[Interval]],
    tz: ZoneInfo,
) -> tuple[SkillWeek, ...]:
    planned: dict[tuple[str, date], Decimal] = {}
    counts: dict[tuple[str, date], int] = {}
    for visit in visits:
        monday = week_of(to_local(visit.occurrence, tz).date())
        for skill in visit.skills or (NO_SKILL,):
            key = (skill, monday)
            planned[key] = planned.get(key, Decimal(0)) + visit.hours
            counts[key] = counts.get(key, 0) + 1
    needed = sorted({skill for skill, _ in planned}, key=lambda s: (s == NO_SKILL, s))
    weeks: list[SkillWeek] = []
    for monday in mondays:
        capacity = {
            t.id: week_load(
                monday, t.shift_start, t.shift_end, parse_workdays(t.workdays), off.get(t.id, ()), (), tz
            ).capacity_hours
            for t in technicians
        }
        for skill in needed:
            holders = [t for t in technicians if skill == NO_SKILL or _holds(t, skill, monday)]
            weeks.append(
                SkillWeek(
                    skill, monday, planned.get((skill, monday), Decimal(0)),
                    sum((capacity[t.id] for t in holders), Decimal(0)),
                    counts.get((skill, monday), 0), len(holders),
                )
            )
    return tuple(weeks)


def _holds(tech: m.Technician, skill: str, monday: date) -> bool:
    """The technician holds ``skill`` with a certification still valid on the week's Monday."""
    return any(ts.skill.code == skill and not is_expired(ts.certified_until, monday) for ts in tech.skills)


def plan_starts(ctx: ServiceContext) -> dict[str, datetime]:
    """Each plan's first occurrence on the company's wall clock, by code: the plans list says
    a rule in words from it (``every month on the 1st at 08:00``)."""
    with ctx.read() as uow:
        return plan_store.plan_starts(uow.session)
