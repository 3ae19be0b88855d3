"""Recurring plans: create, edit, pause and read them, with the rule checked as the plan is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from dispatch_console.domain import record_rules as rules
from dispatch_console.domain.enums import CloseoutNeed, PlanMode, Status, WorkOrderType
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.lifecycle import DONE
from dispatch_console.domain.plan_schedule import (
    MAX_LEAD_DAYS,
    PlanTiming,
    completed_on_time,
    next_after,
)
from dispatch_console.domain.record_rules import Referrers
from dispatch_console.domain.recurrence import clean_rule, expand, parse_rule
from dispatch_console.domain.timekeeping import company_zone, to_local
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_editing import (
    Checked,
    Problems,
    RecordKind,
    Saved,
    check_code_free,
    create_record,
    edit_record,
    get_record,
    lookup,
)
from dispatch_console.storage import models as m
from dispatch_console.storage import plan_store
from dispatch_console.storage.plan_store import PlanHistory
from dispatch_console.storage.unit_of_work import UnitOfWork

#: The kinds of work a plan makes.
PLAN_TYPES = (WorkOrderType.PREVENTIVE, WorkOrderType.INSPECTION)


@dataclass(frozen=True)
class PlanSpec:
    """A plan as its editor shows it; numbers as typed."""

    code: str
    site_code: str
    summary: str
    rule: str
    start_wall: datetime  # naive, company wall clock: the first occurrence
    asset_code: str = ""
    type: WorkOrderType = WorkOrderType.PREVENTIVE
    checklist: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    estimated_hours: str = "1"
    lead_days: str = "7"
    mode: PlanMode = PlanMode.FIXED
    preferred_tech_code: str = ""
    active: bool = True
    closeout_needs: tuple[CloseoutNeed, ...] = ()


PlanRecord = Saved[PlanSpec]


def _hours(text: str, problems: Problems) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        problems.note("estimated_hours", f"'{text}' is not a number of hours; write e.g. 1.5")
        return None
    if not value.is_finite() or not Decimal("0") < value <= Decimal("1000"):
        problems.note("estimated_hours", "the estimated hours must be more than 0 and at most 1000")
        return None
    return value


def _lead(text: str, problems: Problems) -> int | None:
    cleaned = text.strip()
    if not cleaned.isdigit() or int(cleaned) > MAX_LEAD_DAYS:
        problems.note("lead_days", f"the lead time must be a whole number of days, 0 to {MAX_LEAD_DAYS}")
        return None
    return int(cleaned)


def _check(uow: UnitOfWork, spec: PlanSpec, own: m.PmPlan | None) -> Checked[m.PmPlan]:
    problems = Problems()
    problems.note("code", rules.code_problem(spec.code, "plan"))
    problems.note("summary", rules.required_text_problem(spec.summary, "summary", 500))
    check_code_free(uow, m.PmPlan, spec.code, own, "plan", problems)
    site = lookup(uow, m.Site, spec.site_code, "site", problems, "site_code")
    asset = None
    if spec.asset_code.strip():
        asset = lookup(uow, m.Asset, spec.asset_code, "asset", problems, "asset_code")
        if asset is not None and site is not None and asset.site_id != site.id:
            problems.note("asset_code", f"asset '{asset.code}' is at another site; pick one of site {site.code}'s")
    if spec.type not in PLAN_TYPES:
        problems.note("type", "a plan makes preventive or inspection work")
    tech = None
    if spec.preferred_tech_code.strip():
        tech = lookup(uow, m.Technician, spec.preferred_tech_code, "technician", problems, "preferred_tech_code")
    skills = uow.by_codes(m.Skill, spec.required_skills)
    for code in spec.required_skills:
        if code not in skills:
            problems.note("required_skills", f"there is no skill '{code}'")
    hours = _hours(spec.estimated_hours, problems)
    lead = _lead(spec.lead_days, problems)
    tz = company_zone(uow.company())
    try:
        parse_rule(spec.rule, spec.start_wall, tz)
    except ValidationError as exc:
        problems.note("rule", str(exc))
    checklist = [item.strip() for item in spec.checklist if item.strip()]
    for item in checklist:
        problems.note("checklist", rules.text_length_problem(item, "a checklist item", 500))

    def apply(plan: m.PmPlan) -> None:
        assert site is not None and hours is not None and lead is not None
        plan.code = spec.code.strip()
        plan.site = site
        plan.asset = asset
        plan.type = spec.type
        plan.summary = spec.summary.strip()
        plan.checklist = checklist
        plan.required_skills = [skills[c] for c in spec.required_skills]
        plan.estimated_hours = hours
        plan.rrule = clean_rule(spec.rule)
        plan.start_wall = spec.start_wall.replace(tzinfo=None, second=0, microsecond=0)
        plan.lead_days = lead
        plan.mode = spec.mode
        plan.preferred_technician = tech
        plan.active = spec.active
        plan.closeout_needs = [n.value for n in spec.closeout_needs]

    return problems, apply


def _spec_of(plan: m.PmPlan) -> PlanSpec:
    return PlanSpec(
        code=plan.code,
        site_code=plan.site.code,
        summary=plan.summary,
        rule=plan.rrule,
        start_wall=plan.start_wall,
        asset_code=plan.asset.code if plan.asset else "",
        type=WorkOrderType(plan.type),
        checklist=tuple(plan.checklist or ()),
        required_skills=tuple(s.code for s in plan.required_skills),
        estimated_hours=str(plan.estimated_hours.normalize()),
        lead_days=str(plan.lead_days),
        mode=PlanMode(plan.mode),
        preferred_tech_code=plan.preferred_technician.code if plan.preferred_technician else "",
        active=plan.active,
        closeout_needs=tuple(CloseoutNeed(n) for n in plan.closeout_needs or ()),
    )


def _made(uow: UnitOfWork, plan_id: int) -> Sequence[Referrers]:
    numbers = plan_store.latest_numbers(uow.session, plan_id)
    count = plan_store.plan_histories(uow.session, [plan_id]).get(plan_id)
    return [Referrers("work orders", count.made if count else 0, tuple(numbers))]


PLANS = RecordKind("plan", m.PmPlan, _check, _spec_of, _made)


def create_plan(ctx: ServiceContext, spec: PlanSpec) -> str:
    return create_record(ctx, PLANS, spec)


def edit_plan(ctx: ServiceContext, code: str, spec: PlanSpec, expected_version: int) -> int:
    """Save the plan; occurrences it already made stay, later ones follow the new rule."""
    return edit_record(ctx, PLANS, code, spec, expected_version)


def get_plan(ctx: ServiceContext, code: str) -> PlanRecord:
    return get_record(ctx, PLANS, code)


def set_active(ctx: ServiceContext, code: str, active: bool, expected_version: int) -> int:
    """Pause a plan (it makes nothing until resumed) or resume it."""
    saved = get_plan(ctx, code)
    from dataclasses import replace

    return edit_plan(ctx, code, replace(saved.spec, active=active), expected_version)


@dataclass(frozen=True)
class PlanRow:
    """One line of the plans list."""

    code: str
    summary: str
    site: str
    asset: str
    type: WorkOrderType
    mode: PlanMode
    rule: str
    active: bool
    next_due: datetime | None
    last_generated: datetime | None
    made: int
    completed: int
    on_time: int
    version: int
    start_wall: datetime | None = None
    #: Why there is no next visit, in words (paused, waiting for an open visit, the rule ended).
    no_next_reason: str = ""


def plan_rows(ctx: ServiceContext) -> list[PlanRow]:
    """Every plan with its next visit still to be made and what it made so far."""

    with ctx.read() as uow:
        tz = company_zone(uow.company())
        plans = plan_store.every_plan(uow.session)
        histories = plan_store.plan_histories(uow.session)
        done = plan_store.completion_counts(uow.session, tz)
        rows: list[PlanRow] = []
        for plan in plans:
            history = histories.get(plan.id)
            timing = PlanTiming(plan.rrule, plan.start_wall, PlanMode(plan.mode), plan.lead_days, plan.generated_through)
            upcoming, reason = _next_visit(plan, timing, history, tz, ctx.now())
            completed, on_time = done.get(plan.id, (0, 0))
            rows.append(
                PlanRow(
                    code=plan.code, summary=plan.summary, site=plan.site.name,
                    asset=plan.asset.name if plan.asset else "", type=WorkOrderType(plan.type),
                    mode=PlanMode(plan.mode), rule=plan.rrule, active=plan.active,
                    next_due=upcoming, last_generated=history.last_occurrence if history else None,
                    made=history.made if history else 0, completed=completed, on_time=on_time,
                    version=plan.version, start_wall=plan.start_wall, no_next_reason=reason,
                )
            )
        return rows


def _next_visit(
    plan: m.PmPlan, timing: PlanTiming, history: PlanHistory | None, tz: ZoneInfo, now: datetime
) -> tuple[datetime | None, str]:
    """The plan's next visit still to be made, or why there is none, in words."""
    from dispatch_console.services.pm_generation import last_visit

    if not plan.active:
        return None, "paused"
    try:
        rule = parse_rule(plan.rrule, plan.start_wall, tz)
    except ValidationError as exc:
        return None, f"the rule cannot be used: {exc}"
    if timing.mode is PlanMode.FIXED:
        found = expand(rule, tz, plan.generated_through, max(now, plan.generated_through or now) + NEXT_VISIT_SEARCH)
        return (found[0], "") if found else (None, "the rule has no more visits")
    last = last_visit(history, tz)
    if last is not None and last.finished_on is None:
        return None, f"when the visit of {to_local(last.occurrence, tz):%d %b %Y} is completed"
    upcoming = next_after(rule, timing, tz, last, history.made if history else 0)
    return (upcoming, "") if upcoming is not None else (None, "the rule has no more visits")


#: How far ahead the plans list looks for a fixed plan's next visit (a yearly rule of 29
#: February finds its next one within 8 years).
NEXT_VISIT_SEARCH = timedelta(days=3700)


@dataclass(frozen=True)
class PlanVisit:
    """A work order a plan made."""

    number: str
    occurrence: datetime
    status: Status
    completed_at: datetime | None
    on_time: bool | None  # None while not done


def plan_visits(ctx: ServiceContext, code: str) -> list[PlanVisit]:
    """The work orders the plan made, newest occurrence first."""
    with ctx.read() as uow:
        tz = company_zone(uow.company())
        plan = uow.require(m.PmPlan, code)
        visits: list[PlanVisit] = []
        for number, occurrence, status, completed_at in plan_store.visits_of(uow.session, plan.id):
            done = status in DONE
            visits.append(
                PlanVisit(
                    number, occurrence, status, completed_at,
                    completed_on_time(occurrence, completed_at, tz) if done and completed_at else None,
                )
            )
        return visits


def preview(ctx: ServiceContext, rule: str, start_wall: datetime, count: int = 10) -> list[datetime]:
    """The first ``count`` occurrences (UTC) of a rule being typed, in the company's zone."""
    tz = ctx.zone()
    parsed = parse_rule(rule, start_wall, tz)
    from dispatch_console.domain.timekeeping import wall_to_utc

    return [wall_to_utc(wall, tz) for wall in parsed.xafter(start_wall.replace(tzinfo=None), count=count, inc=True)]


def today(ctx: ServiceContext) -> date:
    from dispatch_console.domain.timekeeping import to_local

    return to_local(ctx.now(), ctx.zone()).date()
