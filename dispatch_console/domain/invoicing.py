"""Invoices: which status changes exist, the guards that refuse them in words, and what a void
invoice gives back.

A draft is issued; an issued invoice is paid; a draft or an issued invoice is voided with a
reason. Paid and void are final. An invoice is never deleted: a draft nobody wants is voided, so
its number stays taken and the numbers run without gaps (they come from the counter row, locked
until commit, so two PCs never get the same one). A void invoice keeps its number and its lines
for the record, and frees its work orders to be billed again; a work order is on at most one
live (not void) invoice.

Guards read an ``InvoiceFacts`` snapshot and raise ``RuleViolation`` with every reason; the
``why_not_*`` functions say the same in one line for menus and buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dispatch_console.domain.enums import InvoiceStatus, Status
from dispatch_console.domain.errors import RuleViolation

I = InvoiceStatus  # noqa: E741 - the statuses read best short, as in lifecycle's S

#: Which status each status may go to (anything else is refused).
TRANSITIONS: dict[InvoiceStatus, frozenset[InvoiceStatus]] = {
    I.DRAFT: frozenset({I.ISSUED, I.VOID}),
    I.ISSUED: frozenset({I.PAID, I.VOID}),
    I.PAID: frozenset(),
    I.VOID: frozenset(),
}
#: Invoices that bill their work orders: every status but void.
LIVE = frozenset({I.DRAFT, I.ISSUED, I.PAID})
#: Work that may be put on an invoice (the lifecycle's ``check_invoice`` says the same).
BILLABLE_WORK = frozenset({Status.COMPLETED, Status.VERIFIED})
#: Why a paid invoice is not voided.
PAID_IS_FINAL = (
    "it is paid: the customer's payment is recorded against it, so it stays as it is "
    "(a refund or a credit is booked in the accounts, not by voiding)"
)


def is_live(status: InvoiceStatus | str) -> bool:
    """A draft, issued or paid invoice bills its work orders; a void one no longer does."""
    return InvoiceStatus(status) in LIVE


def freed_status(verified_at: datetime | None) -> Status:
    """Where a work order goes back to when its invoice is voided: verified if it had been
    verified, else completed (it is billable again either way)."""
    return Status.VERIFIED if verified_at is not None else Status.COMPLETED


@dataclass(frozen=True)
class InvoiceFacts:
    """What the guards need to know about one invoice."""

    number: str
    status: InvoiceStatus
    issued_on: date
    #: Its work orders that were closed since it was issued (their file is shut).
    closed_work_orders: tuple[str, ...] = ()


def _refuse(verb: str, facts: InvoiceFacts, reasons: list[str]) -> None:
    if reasons:
        raise RuleViolation(f"cannot {verb} {facts.number}", reasons)


def _status_reasons(facts: InvoiceFacts, to: InvoiceStatus, wanted: str) -> list[str]:
    if to in TRANSITIONS[facts.status]:
        return []
    if facts.status is I.VOID:
        return ["it is void, and a void invoice stays void"]
    if to is I.VOID and facts.status is I.PAID:
        return [PAID_IS_FINAL]
    return [f"it is {facts.status.label}, and this needs it {wanted}"]


def check_issue(facts: InvoiceFacts) -> None:
    """Only a draft is issued (it then gets its invoice date and due date)."""
    _refuse("issue", facts, _status_reasons(facts, I.ISSUED, "a draft"))


def check_mark_paid(facts: InvoiceFacts, paid_on: date | None = None, today: date | None = None) -> None:
    """An issued invoice is paid on a day between its issue and today (both included)."""
    reasons = _status_reasons(facts, I.PAID, "issued")
    if not reasons and paid_on is not None:
        if paid_on < facts.issued_on:
            reasons.append(f"it was issued on {facts.issued_on.isoformat()}; it cannot be paid before that")
        if today is not None and paid_on > today:
            reasons.append(f"{paid_on.isoformat()} is in the future; record a payment once it is received")
    _refuse("mark paid", facts, reasons)


def check_void(facts: InvoiceFacts, reason: str | None = None) -> None:
    """A draft or an issued invoice is voided with a reason; paid and void ones are final, and
    one whose work orders were closed since stays (their file is shut: reopen nothing silently).

    ``reason`` None: the reason is asked for later (a menu asking whether Void may be offered).
    """
    reasons = _status_reasons(facts, I.VOID, "a draft or issued")
    if not reasons and facts.closed_work_orders:
        closed = ", ".join(facts.closed_work_orders)
        reasons.append(f"{closed} {'is' if len(facts.closed_work_orders) == 1 else 'are'} closed since; "
                       "closed work stays on its invoice")
    if reason is not None and not reason.strip():
        reasons.append("a reason is required (it is kept with the void invoice)")
    _refuse("void", facts, reasons)


def why_not(check: Callable[[InvoiceFacts], None], facts: InvoiceFacts) -> str | None:
    """A guard's reasons in one line, or None when it allows the step (for menus and buttons)."""
    try:
        check(facts)
    except RuleViolation as refused:
        return "; ".join(refused.reasons)
    return None


def why_not_issue(facts: InvoiceFacts) -> str | None:
    return why_not(check_issue, facts)


def why_not_mark_paid(facts: InvoiceFacts) -> str | None:
    return why_not(check_mark_paid, facts)


def why_not_void(facts: InvoiceFacts) -> str | None:
    return why_not(check_void, facts)


def why_not_bill(number: str, status: Status, billable: bool, live_invoice: str | None) -> list[str]:
    """Every reason the work order may not go on a new invoice (none: it may).

    Completed or verified billable work, on no live invoice: a work order is billed once, and
    again only after its invoice was voided.
    """
    if live_invoice is not None:
        return [f"{number} is already on an invoice ({live_invoice})"]
    reasons: list[str] = []
    if status not in BILLABLE_WORK:
        reasons.append(f"{number}: it is {status.label}, and this needs it completed or verified")
    if not billable:
        reasons.append(f"{number} is marked non-billable")
    return reasons


def why_not_one_invoice(customer_names: set[str]) -> list[str]:
    """One invoice bills one customer."""
    if len(customer_names) <= 1:
        return []
    return ["the work orders belong to different customers: " + ", ".join(sorted(customer_names))]
