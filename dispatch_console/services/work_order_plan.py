"""The office's plan of one work order, read and saved whole: its fields, checklist and planned parts.

The work order editor shows the plan as one form and saves it with one Save, against the version
it was opened at: a change another PC saved meanwhile is never overwritten, and every problem is
named at its field (``InvalidFields``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dispatch_console.domain import checklists, lifecycle
from dispatch_console.domain.enums import PRIORITY_RANK, Priority, Status, WorkOrderType
from dispatch_console.domain.errors import InvalidFields, RuleViolation, ValidationError
from dispatch_console.domain.money import parse_decimal
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m

#: The most hours one work order may be planned at (a year of one technician's shifts).
MAX_HOURS = Decimal("1000")
MAX_SUMMARY = 300


@dataclass(frozen=True)
class ChecklistLine:
    """One line as the editor shows it; ``item_id`` keeps a ticked line ticked when it moves."""

    text: str
    item_id: int | None = None
    done: bool = False


@dataclass(frozen=True)
class PlannedLine:
    sku: str
    quantity: str  # as typed; checked by the save
    description: str = ""


@dataclass(frozen=True)
class Plan:
    """Everything the office plans for a work order, as the editor shows and saves it."""

    summary: str
    description: str
    priority: Priority
    type: WorkOrderType
    estimated_hours: str  # as typed
    due_by: datetime | None
    required_skills: tuple[str, ...]
    checklist: tuple[ChecklistLine, ...]
    planned_parts: tuple[PlannedLine, ...]


@dataclass(frozen=True)
class PlanRecord:
    plan: Plan
    version: int
    status: Status
    #: Why the plan may not be changed now (None: it may).
    locked_because: str | None


def plan_of(ctx: ServiceContext, number: str) -> PlanRecord:
    with ctx.read() as uow:
        wo = uow.work_order(number, full=True)
        plan = Plan(
            summary=wo.summary,
            description=wo.description or "",
            priority=Priority(wo.priority),
            type=WorkOrderType(wo.type),
            estimated_hours=_hours_text(wo.estimated_hours),
            due_by=wo.due_by,
            required_skills=tuple(sorted(s.code for s in wo.required_skills)),
            checklist=tuple(
                ChecklistLine(item.text, item.id, item.done)
                for item in sorted(wo.checklist, key=lambda i: i.position)
            ),
            planned_parts=tuple(
                PlannedLine(p.part.sku, _hours_text(p.quantity), p.part.description)
                for p in wo.planned_parts
            ),
        )
        status = Status(wo.status)
        return PlanRecord(plan, wo.version, status, lifecycle.why_not_edit(status))


def _hours_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _decimal(text: str, what: str) -> tuple[Decimal | None, str | None]:
    try:
        return parse_decimal(text, what), None
    except ValidationError as exc:
        return None, str(exc)


def save_plan(ctx: ServiceContext, number: str, plan: Plan, expected_version: int) -> int:
    """Save the plan shown in the editor; returns the new version.

    Refuses a stale copy (naming who saved meanwhile), an archived work order, and every field
    problem at once. A checklist line keeps its tick through a move; a line with a new text is
    a new, unticked line.
    """
    with ctx.write(f"Edit {number}") as uow:
        wo = uow.work_order(number, full=True)
        tz = ctx.zone()
        uow.check_version(wo, expected_version, number, tz)
        refused = lifecycle.why_not_edit(Status(wo.status))
        if refused:
            raise RuleViolation(f"cannot edit {number}", [refused])
        problems: dict[str, str] = {}
        summary = plan.summary.strip()
        if not summary:
            problems["summary"] = "the summary is empty; say in one line what is to be done"
        elif len(summary) > MAX_SUMMARY:
            problems["summary"] = f"the summary has {len(summary)} characters; keep it under {MAX_SUMMARY}"
        hours, hours_problem = _decimal(plan.estimated_hours, "number of hours")
        if hours_problem:
            problems["estimated_hours"] = hours_problem
        elif hours is not None and not (Decimal("0") < hours <= MAX_HOURS):
            problems["estimated_hours"] = f"the estimated hours must be more than 0 and at most {MAX_HOURS}"
        skills = uow.by_codes(m.Skill, plan.required_skills)
        missing = [c for c in plan.required_skills if c not in skills]
        if missing:
            problems["required_skills"] = f"there is no skill {', '.join(missing)}; choose from the list"
        line_problems = [p for p in (checklists.line_problem(line.text) for line in plan.checklist) if p]
        too_many = checklists.list_problem(len(plan.checklist))
        if line_problems or too_many:
            problems["checklist"] = (too_many or line_problems[0])
        parts = uow.by_codes(m.Part, [line.sku for line in plan.planned_parts])
        part_problems: list[str] = []
        quantities: list[tuple[m.Part, Decimal]] = []
        for line in plan.planned_parts:
            part = parts.get(line.sku)
            quantity, quantity_problem = _decimal(line.quantity, f"quantity of {line.sku}")
            if part is None:
                part_problems.append(f"there is no part '{line.sku}'; pick one from the parts list")
            elif quantity_problem:
                part_problems.append(quantity_problem)
            elif quantity is not None and quantity <= 0:
                part_problems.append(f"the quantity of {line.sku} must be more than 0")
            elif quantity is not None:
                quantities.append((part, quantity))
        if len({line.sku for line in plan.planned_parts}) < len(plan.planned_parts):
            part_problems.append("a part is listed twice; give it one line with the whole quantity")
        if part_problems:
            problems["planned_parts"] = "; ".join(part_problems)
        if problems:
            raise InvalidFields(f"cannot save {number}", problems)
        assert hours is not None
        wo.summary = summary
        wo.description = plan.description.strip() or None
        wo.priority = plan.priority
        wo.priority_rank = PRIORITY_RANK[plan.priority]
        wo.type = plan.type
        wo.estimated_hours = hours
        wo.due_by = plan.due_by
        wo.required_skills = [skills[c] for c in plan.required_skills]
        if _save_checklist(wo, plan.checklist) | _save_planned_parts(wo, quantities):
            uow.touch(wo)  # its children changed: the work order's version moves too
        uow.flush()
        return int(wo.version)


def _save_checklist(wo: m.WorkOrder, lines: tuple[ChecklistLine, ...]) -> bool:
    """The checklist as shown; True when it changed."""
    existing = {item.id: item for item in wo.checklist}
    kept: list[m.ChecklistItem] = []
    for position, line in enumerate(lines):
        item = existing.pop(line.item_id, None) if line.item_id is not None else None
        if item is not None and item.text != line.text.strip():
            item = None  # reworded: a new line to do
        if item is None:
            item = m.ChecklistItem(text=line.text.strip(), done=False)
        item.position = position
        kept.append(item)
    before = [(i.id, i.text) for i in sorted(wo.checklist, key=lambda i: i.position)]
    if before == [(i.id, i.text) for i in kept]:
        return False
    wo.checklist = kept
    return True


def _save_planned_parts(wo: m.WorkOrder, quantities: list[tuple[m.Part, Decimal]]) -> bool:
    """The planned parts as shown; True when they changed."""
    current = [(p.part.sku, p.quantity) for p in wo.planned_parts]
    if current == [(part.sku, quantity) for part, quantity in quantities]:
        return False
    wo.planned_parts = [m.PlannedPart(part=part, quantity=q) for part, q in quantities]
    return True
