"""Requests for service and their review: the first two steps of the lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dispatch_console.domain.enums import Priority, RequestSource, RequestStatus, WorkOrderType
from dispatch_console.domain.errors import RuleViolation, ValidationError
from dispatch_console.domain.warranty import under_warranty
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec, build_work_order, validate_spec
from dispatch_console.storage import models as m

REQUEST_PREFIX = "REQ-"


@dataclass(frozen=True)
class RequestSpec:
    site_code: str
    problem: str
    source: RequestSource = RequestSource.PHONE
    priority: Priority = Priority.NORMAL
    asset_code: str | None = None
    contact_name: str = ""
    contact_phone: str = ""
    #: The kind of work the caller asks for, if they said.
    requested_type: WorkOrderType | None = None


@dataclass(frozen=True)
class ReviewBrief:
    """What the reviewer needs to decide: coverage, limits and what was done here before."""

    number: str
    status: RequestStatus
    customer: str
    site: str
    asset: str | None
    problem: str
    under_warranty: bool
    warranty_until: date | None
    agreements: tuple[str, ...]  # "Gold PM plan (until 2027-03-31): filters, belts; up to 5000.00"
    recent_work: tuple[str, ...]  # "WO-1002 2026-10-03 corrective: Boiler no heat (closed)"


def create_request(ctx: ServiceContext, spec: RequestSpec) -> str:
    """Record a request as received (status new); returns its number."""
    with ctx.write("Receive request") as uow:
        problems = []
        if not spec.problem.strip():
            problems.append("the problem statement is empty; write what the caller reported")
        site = uow.find(m.Site, spec.site_code)
        if site is None:
            problems.append(f"there is no site '{spec.site_code}'")
        asset = None
        if spec.asset_code:
            asset = uow.find(m.Asset, spec.asset_code)
            if asset is None:
                problems.append(f"there is no asset '{spec.asset_code}'")
            elif site is not None and asset.site_id != site.id:
                problems.append(f"asset '{spec.asset_code}' is not at site '{spec.site_code}'")
        if problems:
            raise ValidationError("cannot record the request: " + "; ".join(problems))
        assert site is not None
        request = m.WorkRequest(
            number=uow.next_number("work_request", REQUEST_PREFIX, m.WorkRequest),
            status=RequestStatus.NEW,
            source=spec.source,
            customer_id=site.customer_id,
            site=site,
            asset=asset,
            contact_name=spec.contact_name.strip() or site.contact_name,
            contact_phone=spec.contact_phone.strip() or site.contact_phone,
            problem=spec.problem.strip(),
            priority=spec.priority,
            requested_type=spec.requested_type,
            received_at=ctx.now(),
        )
        uow.add(request)
        uow.flush()
        number = request.number
    return number


def review_brief(ctx: ServiceContext, number: str) -> ReviewBrief:
    with ctx.read() as uow:
        request = uow.require(m.WorkRequest, number)
        today = ctx.now().date()
        asset = request.asset
        agreements = []
        for agreement in uow.agreements_of(request.customer_id, request.site_id, today):
            limit = f"; up to {agreement.not_to_exceed:.2f}" if agreement.not_to_exceed else ""
            scope = f": {agreement.scope}" if agreement.scope else ""
            agreements.append(f"{agreement.name} (until {agreement.ends_on.isoformat()}){scope}{limit}")
        history = uow.history(site_id=request.site_id, asset_id=asset.id if asset else None)
        recent = [
            f"{wo.number} {wo.created_at:%Y-%m-%d} {wo.type}: {wo.summary} ({wo.status.replace('_', ' ')})"
            for wo in history[:10]
        ]
        return ReviewBrief(
            number=request.number,
            status=RequestStatus(request.status),
            customer=request.customer.name,
            site=request.site.name,
            asset=asset.name if asset else None,
            problem=request.problem,
            under_warranty=asset is not None and under_warranty(asset.warranty_until, today),
            warranty_until=asset.warranty_until if asset else None,
            agreements=tuple(agreements),
            recent_work=tuple(recent),
        )


@dataclass(frozen=True)
class Approval:
    """The work order the reviewer makes of a request."""

    type: WorkOrderType
    summary: str
    priority: Priority | None = None  # default: the request's
    required_skills: tuple[str, ...] = ()
    estimated_hours: Decimal = Decimal("1")
    task_codes: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    planned_parts: tuple[tuple[str, Decimal], ...] = ()
    description: str = ""
    due_by_hours: int | None = None  # SLA: due this many hours from approval


def approve(ctx: ServiceContext, number: str, approval: Approval) -> str:
    """Approve a new request and create its work order (status open); returns the order's number.

    An emergency is approved in this one step like any other: no separate review queue.
    """
    from datetime import timedelta

    with ctx.write(f"Approve {number}") as uow:
        request = uow.require(m.WorkRequest, number)
        if request.status != RequestStatus.NEW:
            raise RuleViolation(f"cannot approve {number}", [f"it is already {request.status}"])
        now = ctx.now()
        spec = WorkOrderSpec(
            type=approval.type,
            site_code=request.site.code,
            asset_code=request.asset.code if request.asset else None,
            summary=approval.summary,
            priority=approval.priority or Priority(request.priority),
            description=approval.description or request.problem,
            required_skills=approval.required_skills,
            estimated_hours=approval.estimated_hours,
            due_by=now + timedelta(hours=approval.due_by_hours) if approval.due_by_hours else None,
            task_codes=approval.task_codes,
            checklist=approval.checklist,
            planned_parts=approval.planned_parts,
        )
        problems = validate_spec(uow, spec)
        if problems:
            raise ValidationError(f"cannot approve {number}: " + "; ".join(problems))
        request.status = RequestStatus.APPROVED
        request.reviewed_by = ctx.actor
        request.reviewed_at = now
        wo = build_work_order(uow, spec, now)
        wo.request = request
        uow.flush()
        wo_number = wo.number
    return wo_number


def reject(ctx: ServiceContext, number: str, reason: str) -> None:
    with ctx.write(f"Reject {number}") as uow:
        request = uow.require(m.WorkRequest, number)
        reasons = []
        if request.status != RequestStatus.NEW:
            reasons.append(f"it is already {request.status}")
        if not reason.strip():
            reasons.append("a reason is required, so the customer can be told why")
        if reasons:
            raise RuleViolation(f"cannot reject {number}", reasons)
        request.status = RequestStatus.REJECTED
        request.rejection_reason = reason.strip()
        request.reviewed_by = ctx.actor
        request.reviewed_at = ctx.now()


def emergency(ctx: ServiceContext, spec: RequestSpec, summary: str, required_skills: tuple[str, ...] = ()) -> str:
    """Receive and approve an emergency in one step; the work order is due within 4 hours."""
    request_number = create_request(
        ctx,
        RequestSpec(**{**spec.__dict__, "priority": Priority.EMERGENCY}),
    )
    return approve(
        ctx,
        request_number,
        Approval(
            type=WorkOrderType.EMERGENCY,
            summary=summary,
            priority=Priority.EMERGENCY,
            required_skills=required_skills,
            due_by_hours=4,
        ),
    )
