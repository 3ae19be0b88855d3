"""The review queue: requests waiting for a decision, in the order of ``domain/review_order``,
and what the reviewer sees beside each one (coverage, history, open work, a possible callback)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dispatch_console.domain.enums import Priority, RequestSource, WorkOrderType
from dispatch_console.domain.review_order import review_key
from dispatch_console.services import intake, record_history
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_history import JobRow
from dispatch_console.storage import review_queries as q


@dataclass(frozen=True)
class WaitingRequest:
    """One request waiting for review, as the queue lists it."""

    number: str
    priority: Priority
    source: RequestSource
    received_at: datetime
    customer: str
    site_code: str
    site: str
    asset_code: str | None
    asset: str | None
    contact_name: str
    contact_phone: str
    problem: str
    #: The kind of work the caller asked for, if they said.
    requested_type: WorkOrderType | None = None


@dataclass(frozen=True)
class RequestContext:
    """Beside a request: its brief, the last jobs at its site and on its asset (each flagged
    when it was a possible callback), the open work there, and whether this request itself is
    a possible callback (``callback``: the words, or "")."""

    brief: intake.ReviewBrief
    site_jobs: tuple[JobRow, ...]
    asset_jobs: tuple[JobRow, ...]
    open_work: tuple[JobRow, ...]
    callback: str
    under_warranty: bool
    warranty_until: date | None


#: How many past jobs the reviewer sees per site and per asset.
LAST_JOBS = 5


def waiting_requests(ctx: ServiceContext) -> list[WaitingRequest]:
    """The requests waiting for review: emergencies first, then the oldest."""
    with ctx.read() as uow:
        rows = [
            WaitingRequest(
                number=r.number, priority=Priority(r.priority), source=RequestSource(r.source),
                received_at=r.received_at, customer=r.customer.name, site_code=r.site.code,
                site=r.site.name, asset_code=r.asset.code if r.asset else None,
                asset=r.asset.name if r.asset else None, contact_name=r.contact_name or "",
                contact_phone=r.contact_phone or "", problem=r.problem,
                requested_type=WorkOrderType(r.requested_type) if r.requested_type else None,
            )
            for r in q.waiting_requests(uow)
        ]
    return sorted(rows, key=review_key)


def request_context(ctx: ServiceContext, request: WaitingRequest) -> RequestContext:
    """What the reviewer needs beside ``request`` to decide."""
    brief = intake.review_brief(ctx, request.number)
    site = record_history.site_history(ctx, request.site_code)
    asset = record_history.asset_history(ctx, request.asset_code) if request.asset_code else None
    open_work = {j.number: j for j in site.open_work}
    if asset is not None:
        open_work.update({j.number: j for j in asset.open_work})
    flag = record_history.possible_callback(
        ctx, site_code=request.site_code, asset_code=request.asset_code, at=request.received_at
    )
    return RequestContext(
        brief=brief,
        site_jobs=site.work_orders[:LAST_JOBS],
        asset_jobs=asset.work_orders[:LAST_JOBS] if asset else (),
        open_work=tuple(open_work.values()),
        callback=flag.words if flag else "",
        under_warranty=brief.under_warranty,
        warranty_until=brief.warranty_until,
    )
