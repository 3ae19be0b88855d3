"""Each demo work order walked through the lifecycle's guards, as the services would have run them.

The demo is written in one go (calling the services once per step for months of history would
take minutes), so this module replays every work order's way to its status against the very
guards of ``domain.lifecycle``: booked before dispatched, started before labor, labor before
completion, the type's closeout before verification, invoiced or non-billable before closing.
It also checks the demo's own promise: nothing is dated after now. A refusal means a bug in
the demo, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import (
    CloseoutNeed,
    PhotoKind,
    ScopeChangeStatus,
    Status,
    WorkOrderType,
)
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.storage import models as m

S = Status
SUBJECT = "cannot create the demo company"
#: Work that was done.
DONE = frozenset({S.COMPLETED, S.VERIFIED, S.INVOICED, S.CLOSED})


def facts_of(wo: m.WorkOrder) -> WorkOrderFacts:
    """What the guards see of a work order built in memory (``UnitOfWork.facts`` counts the same)."""
    kinds = {a.kind for a in wo.attachments}
    return WorkOrderFacts(
        number=wo.number,
        type=WorkOrderType(wo.type),
        status=Status(wo.status),
        booking_count=len(wo.bookings),
        labor_count=len(wo.labor),
        checklist_total=len(wo.checklist),
        checklist_done=sum(1 for item in wo.checklist if item.done),
        note_count=len(wo.notes),
        has_signature=wo.signature is not None,
        photo_kinds=frozenset(PhotoKind(k) for k in kinds if k in PhotoKind._value2member_map_),
        pending_scope_changes=tuple(
            sorted(c.seq for c in wo.scope_changes if c.status == ScopeChangeStatus.PENDING)
        ),
        extra_needs=frozenset(CloseoutNeed(n) for n in wo.closeout_needs or ()),
    )


def walk(wo: m.WorkOrder, billed: bool) -> None:
    """Replay the steps that lead to the work order's status; a guard's refusal is raised."""
    final = Status(wo.status)
    done = facts_of(wo)

    def at(status: Status, **changes: object) -> WorkOrderFacts:
        return replace(done, status=status, **changes)  # type: ignore[arg-type]

    if final == S.CANCELLED:
        lifecycle.check_cancel(at(S.OPEN, booking_count=0), wo.cancel_reason or "")
        return
    if final == S.OPEN:
        if wo.bookings:
            raise RuleViolation(SUBJECT, [f"{wo.number} is open but booked"])
        return
    lifecycle.check_book(at(S.OPEN, booking_count=0))
    scheduled = lifecycle.status_after_bookings_change(at(S.OPEN), done.booking_count)
    if scheduled != S.SCHEDULED:
        raise RuleViolation(SUBJECT, [f"{wo.number} has no booking, yet it is {final.label}"])
    if final == S.SCHEDULED:
        return
    lifecycle.check_dispatch(at(S.SCHEDULED))
    if final == S.DISPATCHED:
        return
    lifecycle.check_start(at(S.DISPATCHED))
    if done.labor_count or wo.parts_used or wo.signature is not None:
        lifecycle.check_record_execution(at(S.IN_PROGRESS), "labor")
    if wo.scope_changes:
        lifecycle.check_request_scope_change(at(S.IN_PROGRESS))
    if final == S.IN_PROGRESS:
        return
    if final == S.ON_HOLD:
        if not done.pending_scope_changes:
            lifecycle.check_hold(at(S.IN_PROGRESS))
        return
    lifecycle.check_complete(at(S.IN_PROGRESS))
    if final == S.COMPLETED:
        return
    lifecycle.check_verify(at(S.COMPLETED))
    if final == S.VERIFIED:
        return
    if billed:
        lifecycle.check_invoice(at(S.VERIFIED))
        if final == S.INVOICED:
            return
        lifecycle.check_close(at(S.INVOICED), non_billable=False)
    else:
        if final == S.INVOICED:
            raise RuleViolation(SUBJECT, [f"{wo.number} is invoiced but on no invoice"])
        lifecycle.check_close(at(S.VERIFIED), non_billable=True)


def moments(wo: m.WorkOrder) -> Iterable[tuple[str, datetime | None]]:
    """Every moment recorded on a work order and its request, by what happened then."""
    yield "created", wo.created_at
    yield "started", wo.started_at
    yield "completed", wo.completed_at
    yield "verified", wo.verified_at
    yield "closed", wo.closed_at
    for entry in wo.labor:
        yield "labor ends", entry.end
    for note in wo.notes:
        yield "a note", note.at
    for item in wo.checklist:
        yield "a checklist tick", item.done_at
    if wo.signature is not None:
        yield "signed", wo.signature.signed_at
    for photo in wo.attachments:
        yield "a photo", photo.added_at
    for change in wo.scope_changes:
        yield "a scope change", change.requested_at
        yield "a scope decision", change.decided_at
    if wo.request is not None:
        yield "the request", wo.request.received_at
        yield "the review", wo.request.reviewed_at


def check(orders: Iterable[m.WorkOrder], billed: set[str], now: datetime) -> None:
    """Every work order follows the lifecycle, and nothing happened after ``now``."""
    reasons: list[str] = []
    for wo in orders:
        try:
            walk(wo, wo.number in billed)
        except RuleViolation as refusal:
            reasons.append(str(refusal))
        late = [what for what, moment in moments(wo) if moment is not None and moment > now]
        if late:
            reasons.append(f"{wo.number}: {', '.join(late)} after now")
        status = Status(wo.status)
        if wo.bookings and status in DONE | {S.IN_PROGRESS, S.ON_HOLD}:
            if min(b.start for b in wo.bookings) > now:
                reasons.append(f"{wo.number} is {status.label} but its first visit is to come")
        if wo.bookings and status in DONE and max(b.end for b in wo.bookings) > now:
            reasons.append(f"{wo.number} is {status.label} but a visit ends after now")
        if wo.bookings and status in (S.SCHEDULED, S.DISPATCHED):
            if min(b.start for b in wo.bookings) < now:
                reasons.append(f"{wo.number} is {status.label} but its visit has begun")
    if reasons:
        raise RuleViolation(SUBJECT, reasons[:10])
