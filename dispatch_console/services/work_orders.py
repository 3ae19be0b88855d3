"""Creating, editing and reading work orders (the record itself, not its schedule or execution)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import PRIORITY_RANK, Priority, Status, WorkOrderType
from dispatch_console.domain.errors import RuleViolation, ValidationError
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.services import record_history
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork
from dispatch_console.storage.work_order_pages import (  # read there, a page at a time
    WorkOrderRow as WorkOrderRow,
)

WO_PREFIX = "WO-"


@dataclass(frozen=True)
class WorkOrderSpec:
    """What a new work order needs; codes refer to records by their code or sku."""

    type: WorkOrderType
    site_code: str
    summary: str
    priority: Priority = Priority.NORMAL
    asset_code: str | None = None
    description: str = ""
    required_skills: tuple[str, ...] = ()
    estimated_hours: Decimal = Decimal("1")
    due_by: datetime | None = None
    task_codes: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    planned_parts: tuple[tuple[str, Decimal], ...] = ()  # (sku, quantity)


def validate_spec(uow: UnitOfWork, spec: WorkOrderSpec) -> list[str]:
    """Every problem with a new work order, in words; references are looked up here."""
    problems: list[str] = []
    if not spec.summary.strip():
        problems.append("the summary is empty; say in one line what is to be done")
    site = uow.find(m.Site, spec.site_code)
    if site is None:
        problems.append(f"there is no site '{spec.site_code}'")
    if spec.asset_code:
        asset = uow.find(m.Asset, spec.asset_code)
        if asset is None:
            problems.append(f"there is no asset '{spec.asset_code}'")
        elif site is not None and asset.site_id != site.id:
            problems.append(f"asset '{spec.asset_code}' is not at site '{spec.site_code}'")
    if not (Decimal("0") < spec.estimated_hours <= Decimal("1000")):
        problems.append("estimated hours must be more than 0 and at most 1000")
    skills = uow.by_codes(m.Skill, spec.required_skills)
    for code in spec.required_skills:
        if code not in skills:
            problems.append(f"there is no skill '{code}'")
    parts = uow.by_codes(m.Part, [sku for sku, _ in spec.planned_parts])
    for sku, quantity in spec.planned_parts:
        if sku not in parts:
            problems.append(f"there is no part '{sku}'")
        if quantity <= 0:
            problems.append(f"the planned quantity of '{sku}' must be more than 0")
    return problems


def build_work_order(uow: UnitOfWork, spec: WorkOrderSpec, now: datetime) -> m.WorkOrder:
    """A new, open work order (call validate_spec first)."""
    site = uow.require(m.Site, spec.site_code)
    asset = uow.require(m.Asset, spec.asset_code) if spec.asset_code else None
    skills = uow.by_codes(m.Skill, spec.required_skills)
    parts = uow.by_codes(m.Part, [sku for sku, _ in spec.planned_parts])
    wo = m.WorkOrder(
        number=uow.next_number("work_order", WO_PREFIX, m.WorkOrder),
        type=spec.type,
        priority=spec.priority,
        priority_rank=PRIORITY_RANK[spec.priority],
        status=Status.OPEN,
        site=site,
        asset=asset,
        summary=spec.summary.strip(),
        description=spec.description.strip() or None,
        estimated_hours=spec.estimated_hours,
        due_by=spec.due_by,
        created_at=now,
        task_codes=list(spec.task_codes),
        required_skills=[skills[c] for c in spec.required_skills],
        checklist=[
            m.ChecklistItem(position=i, text=text.strip(), done=False)
            for i, text in enumerate(spec.checklist)
            if text.strip()
        ],
        planned_parts=[m.PlannedPart(part=parts[sku], quantity=q) for sku, q in spec.planned_parts],
    )
    uow.add(wo)
    return wo


def create_work_order(ctx: ServiceContext, spec: WorkOrderSpec) -> str:
    """A work order straight from the office (a phone call that needs no review); its number."""
    with ctx.write("Create work order") as uow:
        problems = validate_spec(uow, spec)
        if problems:
            raise ValidationError("cannot create the work order: " + "; ".join(problems))
        wo = build_work_order(uow, spec, ctx.now())
        uow.flush()
        number = wo.number
    return number


@dataclass(frozen=True)
class WorkOrderEdit:
    """The fields of a work order the office may change before the work is finished."""

    summary: str
    description: str
    priority: Priority
    type: WorkOrderType
    estimated_hours: Decimal
    due_by: datetime | None
    required_skills: tuple[str, ...]
    task_codes: tuple[str, ...] = ()


def edit_work_order(ctx: ServiceContext, number: str, edit: WorkOrderEdit, expected_version: int) -> int:
    """Save the office's edits; refuses a stale copy and finished records. Returns the new version."""
    with ctx.write(f"Edit {number}") as uow:
        wo = uow.work_order(number)
        uow.check_version(wo, expected_version, number, ctx.zone())
        refused = lifecycle.why_not_edit(Status(wo.status))
        if refused:
            raise RuleViolation(f"cannot edit {number}", [refused])
        problems = []
        if not edit.summary.strip():
            problems.append("the summary is empty")
        if not (Decimal("0") < edit.estimated_hours <= Decimal("1000")):
            problems.append("estimated hours must be more than 0 and at most 1000")
        skills = uow.by_codes(m.Skill, edit.required_skills)
        problems += [f"there is no skill '{c}'" for c in edit.required_skills if c not in skills]
        if problems:
            raise ValidationError(f"cannot save {number}: " + "; ".join(problems))
        wo.summary = edit.summary.strip()
        wo.description = edit.description.strip() or None
        wo.priority = edit.priority
        wo.priority_rank = PRIORITY_RANK[edit.priority]
        wo.type = edit.type
        wo.estimated_hours = edit.estimated_hours
        wo.due_by = edit.due_by
        wo.task_codes = list(edit.task_codes)
        wo.required_skills = [skills[c] for c in edit.required_skills]
        uow.flush()
        version = wo.version
    return version


def list_rows(ctx: ServiceContext) -> list[WorkOrderRow]:
    """Every work order as a row for the list screen, from one query."""
    rows: list[WorkOrderRow] = []
    with ctx.read() as uow:
        for row, techs in uow.work_order_list():
            rows.append(
                WorkOrderRow(
                    id=row.id,
                    number=row.number,
                    type=WorkOrderType(row.type),
                    priority=Priority(row.priority),
                    status=Status(row.status),
                    summary=row.summary,
                    customer=row.customer_name,
                    site=row.site_name,
                    technicians=tuple(techs),
                    scheduled_start=row.first_start,
                    due_by=row.due_by,
                    created_at=row.created_at,
                    estimated_hours=row.estimated_hours,
                    version=row.version,
                    search_text=" ".join(
                        [row.number, row.summary, row.customer_name, row.site_name, row.site_code, *techs]
                    ).casefold(),
                )
            )
    return rows


def facts(ctx: ServiceContext, number: str) -> WorkOrderFacts:
    """What the lifecycle's guards read, so a screen offers only the steps they allow."""
    with ctx.read() as uow:
        return uow.facts(uow.work_order(number))


def details(ctx: ServiceContext, number: str) -> m.WorkOrder:
    """The whole record, loaded, so a screen can show it without touching the database again."""
    with ctx.read() as uow:
        return uow.work_order(number, full=True)


def history(ctx: ServiceContext, *, site_code: str | None = None, asset_code: str | None = None) -> Sequence[m.WorkOrder]:
    """Service history of a site or an asset, newest first."""
    with ctx.read() as uow:
        site_id = uow.require(m.Site, site_code).id if site_code else None
        asset_id = uow.require(m.Asset, asset_code).id if asset_code else None
        return list(uow.history(site_id=site_id, asset_id=asset_id))


def unscheduled_queue(ctx: ServiceContext, limit: int | None = None) -> Sequence[m.WorkOrder]:
    """Open work orders waiting for a booking: priority first, then the earliest due-by."""
    with ctx.read() as uow:
        return list(uow.unscheduled_queue(limit))


def history_of(ctx: ServiceContext, number: str) -> list[record_history.ChangeEntry]:
    """Who did what to the work order and when, newest first, one line per action: the whole
    of it (the History tab reads it a page at a time, ``record_history.work_order_changes``)."""
    with ctx.read() as uow:
        uow.work_order(number)  # an unknown number is refused in words
    entries, _older = record_history.work_order_changes(ctx, number, limit=None)
    return entries
