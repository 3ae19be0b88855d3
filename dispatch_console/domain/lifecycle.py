"""The work order lifecycle: which transitions exist and the guards that refuse them in words.

Guards read a ``WorkOrderFacts`` snapshot, so the rules stay plain Python and every front end
(board, editor, command line, import) is refused for the same reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from dispatch_console.domain.enums import CloseoutNeed, PhotoKind, Status, WorkOrderType
from dispatch_console.domain.errors import RuleViolation

S = Status

#: Work that was done: completed, and every status after it (cancelled work was not done).
DONE = frozenset({S.COMPLETED, S.VERIFIED, S.INVOICED, S.CLOSED})
#: Finished work: done or cancelled. Its bookings are the record of who was there; nothing more
#: is planned, moved or unbooked. The board, the services and the import all ask ``is_finished``.
FINISHED_WORK = DONE | {S.CANCELLED}
#: Statuses in which work is still to be planned or done: bookings may change.
BOOKABLE = frozenset(Status) - FINISHED_WORK
#: Statuses from which a work order may be cancelled (before completion).
CANCELLABLE = BOOKABLE
#: Statuses in which the crew records execution (labor, parts, notes, photos, signature).
EXECUTABLE = frozenset({S.DISPATCHED, S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED})
#: Work under way: its last booking is the record of who is on it.
STARTED = frozenset({S.IN_PROGRESS, S.ON_HOLD})
#: The crew has been told (or is at work): taking a booking away needs a second thought.
CREW_INFORMED = frozenset({S.DISPATCHED, S.IN_PROGRESS, S.ON_HOLD})
#: Archived records: invoiced, closed or cancelled; the office no longer edits them.
ARCHIVED = frozenset({S.INVOICED, S.CLOSED, S.CANCELLED})


def is_finished(status: Status) -> bool:
    """Completed, verified, invoiced, closed or cancelled: nothing more to plan."""
    return status in FINISHED_WORK


def why_not_edit(status: Status) -> str | None:
    """Why the office may not change a work order's fields (None: it may); archived records stay."""
    if status in ARCHIVED:
        return f"it is {status.label}, and archived records are not changed"
    return None


def why_not_reschedule(status: Status) -> str | None:
    """Why a booking of a work order in ``status`` may not be booked, moved or resized (None: it may)."""
    if status in BOOKABLE:
        return None
    return f"it is {status.label}, and its bookings are part of the record"


def why_not_unbook(status: Status, booking_count: int) -> str | None:
    """Why one of the ``booking_count`` bookings of a work order in ``status`` may not be taken off.

    Finished work keeps its bookings; started work keeps its last one.
    """
    reason = why_not_reschedule(status)
    if reason is not None:
        return reason
    if status in STARTED and booking_count <= 1:
        return "work has started; its last booking stays as the record of who is on it"
    return None


def unbook_needs_confirmation(status: Status) -> bool:
    """Dispatched, in progress or on hold: the crew knows of the booking, so ask first."""
    return status in CREW_INFORMED


@dataclass(frozen=True)
class CloseoutRequirements:
    """What a type of work order must have before it can be verified."""

    labor: bool = True
    checklist: bool = False
    notes: bool = False
    signature: bool = False
    photos: frozenset[PhotoKind] = frozenset()


CLOSEOUT: dict[WorkOrderType, CloseoutRequirements] = {
    WorkOrderType.PREVENTIVE: CloseoutRequirements(checklist=True, notes=True),
    WorkOrderType.CORRECTIVE: CloseoutRequirements(notes=True, signature=True),
    WorkOrderType.EMERGENCY: CloseoutRequirements(notes=True, signature=True),
    WorkOrderType.INSPECTION: CloseoutRequirements(checklist=True, notes=True, signature=True),
    WorkOrderType.GENERAL: CloseoutRequirements(),
    WorkOrderType.INSTALLATION: CloseoutRequirements(
        checklist=True,
        signature=True,
        photos=frozenset({PhotoKind.BEFORE, PhotoKind.AFTER}),
    ),
}


def with_needs(base: CloseoutRequirements, needs: frozenset[CloseoutNeed]) -> CloseoutRequirements:
    """The type's closeout plus what a plan adds (never less than the type's)."""
    photos = set(base.photos)
    if CloseoutNeed.BEFORE_PHOTO in needs:
        photos.add(PhotoKind.BEFORE)
    if CloseoutNeed.AFTER_PHOTO in needs:
        photos.add(PhotoKind.AFTER)
    return CloseoutRequirements(
        labor=base.labor,
        checklist=base.checklist or CloseoutNeed.CHECKLIST in needs,
        notes=base.notes or CloseoutNeed.NOTES in needs,
        signature=base.signature or CloseoutNeed.SIGNATURE in needs,
        photos=frozenset(photos),
    )


@dataclass(frozen=True)
class WorkOrderFacts:
    """What the guards need to know about one work order."""

    number: str
    type: WorkOrderType
    status: Status
    booking_count: int = 0
    labor_count: int = 0
    checklist_total: int = 0
    checklist_done: int = 0
    note_count: int = 0
    has_signature: bool = False
    photo_kinds: frozenset[PhotoKind] = field(default_factory=frozenset)
    pending_scope_changes: tuple[int, ...] = ()
    #: What the plan that made it adds to the type's closeout.
    extra_needs: frozenset[CloseoutNeed] = field(default_factory=frozenset)


def why_not(check: Callable[[WorkOrderFacts], None], facts: WorkOrderFacts) -> str | None:
    """A guard's reasons in one line, or None when it allows the step (for menus and buttons)."""
    try:
        check(facts)
    except RuleViolation as refused:
        return "; ".join(refused.reasons)
    return None


def _refuse(verb: str, facts: WorkOrderFacts, reasons: list[str]) -> None:
    if reasons:
        raise RuleViolation(f"cannot {verb} {facts.number}", reasons)


def _status_reason(facts: WorkOrderFacts, allowed: frozenset[Status] | set[Status]) -> list[str]:
    if facts.status in allowed:
        return []
    wanted = " or ".join(sorted(s.label for s in allowed))
    return [f"it is {facts.status.label}, and this needs it {wanted}"]


def _pending_reasons(facts: WorkOrderFacts) -> list[str]:
    return [f"scope change #{n} awaits approval" for n in facts.pending_scope_changes]


def check_book(facts: WorkOrderFacts) -> None:
    """Bookings may be added, moved or resized while the work is not finished."""
    reason = why_not_reschedule(facts.status)
    _refuse("book", facts, [reason] if reason else [])


def check_unbook(facts: WorkOrderFacts) -> None:
    """A booking may be taken off unless the work is finished, or started and this is its last."""
    reason = why_not_unbook(facts.status, facts.booking_count)
    _refuse("unbook", facts, [reason] if reason else [])


def status_after_bookings_change(facts: WorkOrderFacts, booking_count: int) -> Status:
    """Booking an open order schedules it; removing its last booking opens it again."""
    if facts.status == S.OPEN and booking_count > 0:
        return S.SCHEDULED
    if facts.status in (S.SCHEDULED, S.DISPATCHED) and booking_count == 0:
        return S.OPEN
    return facts.status


def check_dispatch(facts: WorkOrderFacts) -> None:
    reasons = _status_reason(facts, {S.SCHEDULED})
    if facts.booking_count == 0 and facts.status in (S.OPEN, S.SCHEDULED):
        reasons.append("it has no booking; put it on a technician's schedule first")
    _refuse("dispatch", facts, reasons)


def check_start(facts: WorkOrderFacts) -> None:
    reasons = _status_reason(facts, {S.SCHEDULED, S.DISPATCHED})
    _refuse("start", facts, reasons)


def check_record_execution(facts: WorkOrderFacts, what: str) -> None:
    """Labor, parts, notes, photos and signatures belong to work under way or just done."""
    _refuse(f"record {what} on", facts, _status_reason(facts, EXECUTABLE))


def check_request_scope_change(facts: WorkOrderFacts) -> None:
    _refuse("request a scope change on", facts, _status_reason(facts, {S.IN_PROGRESS, S.ON_HOLD}))


def check_hold(facts: WorkOrderFacts) -> None:
    _refuse("put on hold", facts, _status_reason(facts, {S.IN_PROGRESS}))


def check_resume(facts: WorkOrderFacts) -> None:
    reasons = _status_reason(facts, {S.ON_HOLD})
    reasons += _pending_reasons(facts)
    _refuse("resume", facts, reasons)


def check_complete(facts: WorkOrderFacts) -> None:
    reasons = _status_reason(facts, {S.IN_PROGRESS})
    if facts.labor_count == 0:
        reasons.append("no labor logged")
    reasons += _pending_reasons(facts)
    _refuse("complete", facts, reasons)


def closeout_gaps(facts: WorkOrderFacts) -> list[str]:
    """What the type's closeout requires and the record lacks, in words."""
    need = with_needs(CLOSEOUT[facts.type], facts.extra_needs)
    gaps: list[str] = []
    if need.labor and facts.labor_count == 0:
        gaps.append("no labor logged")
    if need.checklist and facts.checklist_done < facts.checklist_total:
        left = facts.checklist_total - facts.checklist_done
        gaps.append(f"{left} checklist item{'s' if left != 1 else ''} not done")
    if need.notes and facts.note_count == 0:
        gaps.append("no notes")
    if need.signature and not facts.has_signature:
        gaps.append("no customer signature")
    for kind in sorted(need.photos - facts.photo_kinds):
        gaps.append(f"no {kind.value} photo")
    gaps += _pending_reasons(facts)
    return gaps


def check_verify(facts: WorkOrderFacts) -> None:
    reasons = _status_reason(facts, {S.COMPLETED})
    reasons += closeout_gaps(facts)
    _refuse("verify", facts, reasons)


def check_invoice(facts: WorkOrderFacts) -> None:
    _refuse("invoice", facts, _status_reason(facts, {S.COMPLETED, S.VERIFIED}))


def check_close(facts: WorkOrderFacts, *, non_billable: bool) -> None:
    """Invoiced orders close; verified ones close only when marked non-billable."""
    allowed = {S.INVOICED, S.VERIFIED} if non_billable else {S.INVOICED}
    reasons = _status_reason(facts, allowed)
    if facts.status == S.VERIFIED and not non_billable:
        reasons = ["it is verified but not invoiced; invoice it or close it as non-billable"]
    _refuse("close", facts, reasons)


def check_cancel(facts: WorkOrderFacts, reason: str) -> None:
    reasons = _status_reason(facts, CANCELLABLE)
    if not reason.strip():
        reasons.append("a reason is required")
    _refuse("cancel", facts, reasons)


def check_add_note(facts: WorkOrderFacts) -> None:
    """A note may be added at any time except to a closed or cancelled record (an invoiced job
    may still get one, e.g. a call from the customer after the invoice)."""
    if facts.status in ARCHIVED - {S.INVOICED}:
        _refuse("add a note to", facts, [f"it is {facts.status.label}"])


def _removal_reasons(facts: WorkOrderFacts, kept: str) -> list[str]:
    """Why a line entered by mistake may not be taken off now; ``kept`` names what stays
    ("its labor is")."""
    if facts.status in EXECUTABLE:
        return []
    if facts.status in FINISHED_WORK:
        return [f"it is {facts.status.label}, and {kept} part of the record"]
    return _status_reason(facts, EXECUTABLE)


def check_remove_labor(facts: WorkOrderFacts) -> None:
    """A labor entry logged by mistake (8 h for 0.8 h) may be removed while the crew's record
    is still open: dispatched, in progress, on hold or completed; once verified it is the
    record. Completing needs labor, so completed work keeps its last entry (log the right
    time first, then remove the wrong one)."""
    reasons = _removal_reasons(facts, "its labor is")
    if facts.status == S.COMPLETED and facts.labor_count <= 1:
        reasons.append(
            "it is completed and completing needs labor, so its last labor entry stays; "
            "log the right time first, then remove this entry"
        )
    _refuse("remove labor from", facts, reasons)


def check_remove_part_used(facts: WorkOrderFacts) -> None:
    """A part recorded by mistake may be removed on the same terms as labor (no last-line rule:
    a job may use no parts)."""
    _refuse("remove a part used from", facts, _removal_reasons(facts, "the parts it used are"))


#: A labor timer running longer than this was probably started and forgotten (nobody works a
#: 12-hour stretch on one job without stopping it).
TIMER_PROBABLY_FORGOTTEN_HOURS = 12


def why_check_timer(elapsed: timedelta) -> str | None:
    """Why the time of a labor timer should be checked before it is logged (None: log it as it
    is): a timer left running overnight would log 30 h silently."""
    if elapsed <= timedelta(hours=TIMER_PROBABLY_FORGOTTEN_HOURS):
        return None
    minutes = int(elapsed.total_seconds() // 60)
    return (
        f"it has been running for {minutes // 60}:{minutes % 60:02d} h, longer than "
        f"{TIMER_PROBABLY_FORGOTTEN_HOURS} hours, so it was probably left running"
    )
