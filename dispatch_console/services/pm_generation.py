"""Turning recurring plans into work orders: each occurrence exactly once, on any number of PCs.

One transaction per run. Generation runs one at a time (an advisory lock on PostgreSQL, the
write lock on SQLite), and the unique key (plan, occurrence) with insert-or-ignore is the
guarantee underneath: even a second PC that got past the lock could not make a duplicate.
Days when no computer ran are caught up: a fixed plan makes every occurrence since the last
one it made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from dispatch_console.domain.booking_length import booking_length
from dispatch_console.domain.changes import Changes
from dispatch_console.domain.enums import PRIORITY_RANK, PlanMode, Priority, Status
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.lifecycle import DONE
from dispatch_console.domain.plan_schedule import (
    LastVisit,
    PlanTiming,
    due_occurrences,
    due_together,
)
from dispatch_console.domain.recurrence import load_rule
from dispatch_console.domain.timekeeping import company_zone, to_local
from dispatch_console.loading import collection_paused
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import book_if_free
from dispatch_console.services.work_orders import WO_PREFIX
from dispatch_console.storage import models as m
from dispatch_console.storage import plan_store
from dispatch_console.storage.plan_store import PlanForGeneration, PlanHistory
from dispatch_console.storage.unit_of_work import UnitOfWork

#: The lock that lets one PC at a time generate.
GENERATION = "recurring plan generation"


@dataclass(frozen=True)
class GenerationReport:
    """What one run made: the work orders, by plan, and which were booked."""

    as_of: date
    created: tuple[str, ...]
    booked: tuple[str, ...]
    plans: tuple[str, ...]
    #: Plans whose rule could not be read (an old database), with the reason; they made nothing.
    skipped: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        if not self.created:
            text = f"nothing was due by {self.as_of.isoformat()}: no work order created"
        else:
            orders = "work order" if len(self.created) == 1 else "work orders"
            plans = "plan" if len(self.plans) == 1 else "plans"
            text = f"created {len(self.created)} {orders} from {len(self.plans)} {plans}"
            if self.booked:
                text += f" ({len(self.booked)} booked to the preferred technician)"
        for code, reason in self.skipped:
            text += f"\nplan {code} skipped: {reason}"
        return text


def last_visit(history: PlanHistory | None, tz: object) -> LastVisit | None:
    """The plan's latest work order as the schedule rules see it."""
    if history is None or history.last_occurrence is None or history.last_status is None:
        return None
    from zoneinfo import ZoneInfo

    assert isinstance(tz, ZoneInfo)
    if history.last_status in DONE:
        done_at = history.last_completed_at or history.last_occurrence
        return LastVisit(history.last_occurrence, to_local(done_at, tz).date())
    if history.last_status is Status.CANCELLED:
        return LastVisit(history.last_occurrence, to_local(history.last_occurrence, tz).date())
    return LastVisit(history.last_occurrence, None)


def timing_of(plan: PlanForGeneration) -> PlanTiming:
    return PlanTiming(plan.rrule, plan.start_wall, plan.mode, plan.lead_days, plan.generated_through)


def generate(
    ctx: ServiceContext, as_of: date | None = None, plan_codes: Sequence[str] | None = None
) -> GenerationReport:
    """Create the work order of every occurrence due by ``as_of`` (default: the company's today)
    plus each plan's lead days that has none yet; book it to the preferred technician where he
    is free at that time. Safe to run any number of times, from any number of PCs at once."""
    with ctx.write("Generate recurring work") as uow:
        uow.serialize(GENERATION)
        tz = company_zone(uow.company())
        now = ctx.now()
        day = as_of if as_of is not None else to_local(now, tz).date()
        plans = plan_store.active_plans(uow.session, plan_codes)
        if plan_codes is not None:
            missing = sorted(set(plan_codes) - {p.code for p in plans})
            if missing:
                raise ValidationError(f"no active plan '{missing[0]}'; check the code, or make the plan active")
        histories = plan_store.plan_histories(uow.session, [p.id for p in plans] if plan_codes else None)
        due, skipped = _due(plans, histories, tz, day)
        with collection_paused():
            created = _create(uow, due, now)
        booked = _book_preferred(uow, due, created, now)
        marks: dict[int, datetime] = {}
        for plan, occurrence in due:
            marks[plan.id] = max(occurrence, marks.get(plan.id, occurrence))
        plan_store.advance_generated_through(uow.session, marks)
        codes = {p.id: p.code for p in plans}
        report = GenerationReport(
            as_of=day,
            created=tuple(number for _, _, _, number in created),
            booked=tuple(booked),
            plans=tuple(sorted({codes[plan_id] for _, plan_id, _, _ in created})),
            skipped=tuple(skipped),
        )
    return report


def _due(
    plans: Sequence[PlanForGeneration], histories: dict[int, PlanHistory], tz: ZoneInfo, day: date
) -> tuple[list[tuple[PlanForGeneration, datetime]], list[tuple[str, str]]]:
    """Each plan's occurrences due by ``day``, in the plans' order; and the plans skipped
    because their rule could not be read. Each distinct rule and start is read once, and
    fixed-calendar plans sharing one are expanded together."""
    rules: dict[tuple[str, datetime], rrule | ValidationError] = {}
    found: dict[int, list[datetime]] = {}
    together: dict[tuple[str, datetime], list[PlanForGeneration]] = {}
    skipped: list[tuple[str, str]] = []
    for plan in plans:
        key = (plan.rrule, plan.start_wall)
        rule = rules.get(key)
        if rule is None:
            try:
                rule = rules[key] = load_rule(plan.rrule, plan.start_wall, tz)
            except ValidationError as exc:
                rule = rules[key] = exc
        if isinstance(rule, ValidationError):
            skipped.append((plan.code, str(rule)))
        elif plan.mode is PlanMode.FIXED:
            together.setdefault(key, []).append(plan)
        else:
            history = histories.get(plan.id)
            last = last_visit(history, tz)
            found[plan.id] = due_occurrences(timing_of(plan), tz, day, last, history.made if history else 0, rule)
    for key, group in together.items():
        rule = rules[key]
        assert not isinstance(rule, ValidationError)
        for plan, occurrences in zip(group, due_together([timing_of(p) for p in group], rule, tz, day), strict=True):
            found[plan.id] = occurrences
    due = [(plan, occurrence) for plan in plans for occurrence in found.get(plan.id, ())]
    return due, skipped


def _numbers(uow: UnitOfWork, count: int) -> list[str]:
    """``count`` free work order numbers in a row, taken from the series under its lock."""
    if count == 0:
        return []
    first = uow.next_number("work_order", WO_PREFIX, m.WorkOrder)
    counter = uow._counter("work_order")  # noqa: SLF001 - the series' row, locked by next_number
    assert counter is not None
    start = int(first[len(WO_PREFIX) :])
    numbers = [first]
    candidate = start + 1
    while len(numbers) < count:
        want = count - len(numbers)
        block = [f"{WO_PREFIX}{n}" for n in range(candidate, candidate + want)]
        taken = plan_store.taken_numbers(uow.session, block)
        numbers.extend(n for n in block if n not in taken)
        candidate += want
    counter.next_value = candidate
    return numbers


def _create(
    uow: UnitOfWork, due: list[tuple[PlanForGeneration, datetime]], now: datetime
) -> list[tuple[int, int, datetime, str]]:
    """The work orders of the due occurrences: the plan's data, its code, the occurrence as
    due-by; each audited as made by this run, and announced to this PC's views."""
    numbers = _numbers(uow, len(due))
    plans = {plan.id: plan for plan, _ in due}
    shared = {
        plan.id: plan_store.PlanOrders(
            columns={
                "type": plan.type.value,
                "priority": Priority.NORMAL.value,
                "priority_rank": PRIORITY_RANK[Priority.NORMAL],
                "status": Status.OPEN.value,
                "site_id": plan.site_id,
                "asset_id": plan.asset_id,
                "summary": plan.summary,
                "description": f"Recurring plan {plan.code}: {plan.summary}",
                "estimated_hours": plan.estimated_hours,
                "task_codes": [],
                "pm_plan_id": plan.id,
                "closeout_needs": list(plan.closeout_needs),
                "billable": True,
                "version": 1,
            },
            checklist=plan.checklist,
            skill_ids=plan.skill_ids,
        )
        for plan in plans.values()
    }
    orders = [
        (plan.id, occurrence, occurrence, number) for (plan, occurrence), number in zip(due, numbers, strict=True)
    ]
    created = plan_store.insert_generated_orders(uow.session, shared, orders, now)
    plan_store.record_generated(uow.session, created, {plan_id: plan.code for plan_id, plan in plans.items()})
    if created:
        uow.also_changed(Changes(entities=frozenset({"work_order"}), work_orders=frozenset(n for *_, n in created)))
    return created


def _book_preferred(
    uow: UnitOfWork,
    due: list[tuple[PlanForGeneration, datetime]],
    created: list[tuple[int, int, datetime, str]],
    now: datetime,
) -> list[str]:
    """Book each new, future visit to its plan's preferred technician where he is free then."""
    plans = {p.id: p for p, _ in due}
    wanted = [
        (wo_id, plans[plan_id], occurrence, number)
        for wo_id, plan_id, occurrence, number in created
        if plans[plan_id].preferred_technician_id is not None and occurrence > now
    ]
    if not wanted:
        return []
    techs = {p.preferred_technician_id for _, p, _, _ in wanted}
    uow.lock_technicians(
        [uow.get(m.Technician, t).code for t in techs if t is not None]
    )
    booked: list[str] = []
    for wo_id, plan, occurrence, number in sorted(wanted, key=lambda w: w[2]):
        wo = uow.get(m.WorkOrder, wo_id)
        tech = uow.get(m.Technician, plan.preferred_technician_id)  # type: ignore[arg-type]
        end = occurrence + booking_length(plan.estimated_hours)
        if book_if_free(uow, wo, tech, occurrence, end):
            uow.flush()
            booked.append(number)
    return booked
