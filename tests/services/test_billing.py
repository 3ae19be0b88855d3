"""Billing through the services: amounts to the cent (half-cent cases by hand), drafts, issue,
paid, void (the work orders freed, the number kept), ready to bill, bill everything ready; each
rule's allowed and refused case, and nothing written on a refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dispatch_console.domain import invoicing
from dispatch_console.domain.enums import InvoiceLineKind, InvoiceStatus, Status
from dispatch_console.domain.errors import (
    ConcurrencyConflict,
    NotFound,
    RuleViolation,
    ValidationError,
)
from dispatch_console.services import billing, closeout, work_orders
from dispatch_console.services.context import ServiceContext
from tests.services.billing_helpers import audit_rows, done, invoice_numbers, set_rate


def status(ctx: ServiceContext, number: str) -> Status:
    return Status(work_orders.details(ctx, number).status)


def row(ctx: ServiceContext, number: str) -> billing.InvoiceRow:
    return next(r for r in billing.invoice_rows(ctx) if r.number == number)


# -- amounts -----------------------------------------------------------------------------------------

def test_half_cents_round_up_on_each_line_and_tax_once_on_the_sum(company: ServiceContext, clock) -> None:
    set_rate(company, "T1", "85.33")
    number = done(company, clock, hours=1.5, parts=(("F-2020", "3", "0.335"),))
    ready = billing.ready_to_bill(company)
    (customer,) = ready.customers
    (wo,) = customer.work_orders
    # 1.5 h x 85.33 = 127.995 -> 128.00; 3 x 0.335 = 1.005 -> 1.01 (half up, not to even).
    assert wo.amount == Decimal("129.01")
    # Tax 8.25 % (the company's; Lakeside has none of its own) of 129.01 = 10.643325 -> 10.64.
    assert (customer.subtotal, customer.tax, customer.total) == (Decimal("129.01"), Decimal("10.64"), Decimal("139.65"))
    summary = billing.create_invoice(company, [number])
    # The preview was exactly what the invoice bills.
    assert (summary.subtotal, summary.tax, summary.total) == (customer.subtotal, customer.tax, customer.total)
    details = billing.invoice_details(company, summary.number)
    assert [(line.kind, line.quantity, line.unit_price, line.amount) for line in details.lines] == [
        (InvoiceLineKind.LABOR, Decimal("1.5"), Decimal("85.33"), Decimal("128.00")),
        (InvoiceLineKind.PART, Decimal("3"), Decimal("0.335"), Decimal("1.01")),
    ]
    assert details.tax_rate == Decimal("8.25") and details.terms_days == 30


def test_tax_of_a_third_of_a_cent_rounds_down(company: ServiceContext, clock) -> None:
    number = done(company, clock, hours=0, parts=(("F-2020", "1", "10.10"),))
    summary = billing.create_invoice(company, [number])
    # 8.25 % of 10.10 = 0.83325 -> 0.83
    assert (summary.subtotal, summary.tax, summary.total) == (Decimal("10.10"), Decimal("0.83"), Decimal("10.93"))


def test_a_tax_exempt_customer_pays_no_tax_although_the_company_has_a_rate(company: ServiceContext, clock) -> None:
    number = done(company, clock, site="S2", hours=0, parts=(("F-2020", "1", "10.10"),))
    assert billing.ready_to_bill(company).customer("C2").tax == Decimal("0.00")  # type: ignore[union-attr]
    summary = billing.create_invoice(company, [number])
    assert (summary.tax, summary.total) == (Decimal("0.00"), Decimal("10.10"))


def test_ready_to_bill_groups_by_customer_and_previews_any_choice(company: ServiceContext, clock) -> None:
    a = done(company, clock, hours=1)  # 85.00
    b = done(company, clock, hours=2, verified=True)  # 170.00
    c = done(company, clock, site="S2", hours=1)
    ready = billing.ready_to_bill(company)
    assert [(x.name, [w.number for w in x.work_orders]) for x in ready.customers] == [
        ("Elm Street Bakery", [c]), ("Lakeside Medical", [a, b]),
    ]
    lakeside = ready.customer("C1")
    assert lakeside is not None
    assert [w.status for w in lakeside.work_orders] == [Status.COMPLETED, Status.VERIFIED]
    assert lakeside.work_orders[1].verified_at is not None
    assert ready.preview([b]).total == Decimal("184.03")  # 170 + 14.025 -> 14.03
    assert ready.total == Decimal("85.00") + Decimal("276.04")  # the bakery's tax-exempt 85 + Lakeside's 255 + 21.04


def test_ready_to_bill_leaves_out_open_non_billable_and_billed_work(company: ServiceContext, clock) -> None:
    billed = done(company, clock)
    billing.create_invoice(company, [billed])
    non_billable = done(company, clock, verified=True)
    closeout.close(company, non_billable, non_billable=True)
    work_orders.create_work_order(
        company, work_orders.WorkOrderSpec(type=work_orders.WorkOrderType.GENERAL, site_code="S1", summary="Open")
    )
    assert billing.ready_to_bill(company).customers == ()


# -- create ------------------------------------------------------------------------------------------

def test_create_refuses_in_words_and_writes_nothing(company: ServiceContext, clock) -> None:
    a = done(company, clock)
    bakery = done(company, clock, site="S2")
    open_one = work_orders.create_work_order(
        company, work_orders.WorkOrderSpec(type=work_orders.WorkOrderType.GENERAL, site_code="S1", summary="Open")
    )
    before = audit_rows(company)
    with pytest.raises(RuleViolation) as refused:
        billing.create_invoice(company, [a, bakery, open_one])
    assert refused.value.reasons == [
        f"{open_one}: it is open, and this needs it completed or verified",
        "the work orders belong to different customers: Elm Street Bakery, Lakeside Medical",
    ]
    with pytest.raises(ValidationError, match="no work order 'WO-9'"):
        billing.create_invoice(company, [a, "WO-9"])
    with pytest.raises(ValidationError, match="at least one work order"):
        billing.create_invoice(company, [" "])
    assert audit_rows(company) == before and invoice_numbers(company) == []
    assert status(company, a) == Status.COMPLETED


def test_a_draft_holds_its_work_orders_and_bills_once_issued(company: ServiceContext, clock) -> None:
    a = done(company, clock, hours=1)
    draft = billing.create_draft(company, [a])
    assert draft.status is InvoiceStatus.DRAFT and draft.number == "INV-1001"
    assert status(company, a) == Status.COMPLETED  # not billed yet...
    assert billing.ready_to_bill(company).customers == ()  # ...but nobody else bills it
    with pytest.raises(RuleViolation, match=rf"{a} is already on an invoice \(INV-1001\)"):
        billing.create_invoice(company, [a])
    listed = row(company, "INV-1001")
    assert listed.status is InvoiceStatus.DRAFT and listed.issued_on is None and listed.due_on is None
    assert invoicing.why_not_mark_paid(listed.facts) == "it is draft, and this needs it issued"
    assert invoicing.why_not_issue(listed.facts) is None and invoicing.why_not_void(listed.facts) is None

    clock.advance(days=2)
    issued = billing.issue(company, "INV-1001", listed.version)
    assert issued.status is InvoiceStatus.ISSUED and issued.total == Decimal("92.01")  # 85 + 7.0125 -> 7.01
    assert status(company, a) == Status.INVOICED
    listed = row(company, "INV-1001")
    assert listed.issued_on == date(2026, 12, 2) and listed.due_on == date(2027, 1, 1)
    before = audit_rows(company)
    with pytest.raises(RuleViolation, match="cannot issue INV-1001: it is issued, and this needs it a draft"):
        billing.issue(company, "INV-1001", listed.version)
    assert audit_rows(company) == before


def test_issue_refuses_a_draft_whose_work_was_closed_meanwhile(company: ServiceContext, clock) -> None:
    a = done(company, clock, verified=True)
    billing.create_draft(company, [a])
    closeout.close(company, a, non_billable=True)
    before = audit_rows(company)
    with pytest.raises(RuleViolation) as refused:
        billing.issue(company, "INV-1001")
    assert refused.value.reasons == [
        f"{a}: it is closed, and this needs it completed or verified", f"{a} is marked non-billable",
    ]
    assert audit_rows(company) == before
    billing.void(company, "INV-1001", "Warranty work after all")  # a draft's closed work is no obstacle
    assert row(company, "INV-1001").status is InvoiceStatus.VOID


# -- paid --------------------------------------------------------------------------------------------

def test_mark_paid_needs_an_issued_invoice_and_a_day_between_issue_and_today(company: ServiceContext, clock) -> None:
    a = done(company, clock)
    number = billing.create_invoice(company, [a]).number
    issued_on = row(company, number).issued_on
    assert issued_on == date(2026, 11, 30)
    before = audit_rows(company)
    with pytest.raises(RuleViolation, match="issued on 2026-11-30; it cannot be paid before that"):
        billing.mark_paid(company, number, date(2026, 11, 29))
    with pytest.raises(RuleViolation, match="2026-12-01 is in the future"):
        billing.mark_paid(company, number, date(2026, 12, 1))
    assert audit_rows(company) == before and row(company, number).status is InvoiceStatus.ISSUED
    billing.mark_paid(company, number, issued_on, row(company, number).version)
    paid = row(company, number)
    assert paid.status is InvoiceStatus.PAID and paid.paid_on == issued_on
    with pytest.raises(RuleViolation, match="it is paid, and this needs it issued"):
        billing.mark_paid(company, number, issued_on)
    # Paid is final: voiding it is refused, and the reason says why.
    assert invoicing.why_not_void(paid.facts) == invoicing.PAID_IS_FINAL
    with pytest.raises(RuleViolation, match="the customer's payment is recorded against it"):
        billing.void(company, number, "Wrong customer")
    assert status(company, a) == Status.INVOICED


def test_a_stale_copy_is_refused_naming_who_changed_the_invoice(company: ServiceContext, other_pc: ServiceContext, clock) -> None:
    number = billing.create_invoice(company, [done(company, clock)]).number
    seen = row(company, number).version
    billing.void(other_pc, number, "Billed to the wrong site", seen)
    with pytest.raises(ConcurrencyConflict, match="Olga Office"):
        billing.mark_paid(company, number, date(2026, 11, 30), seen)
    with pytest.raises(NotFound, match="no invoice 'INV-9'"):
        billing.mark_paid(company, "INV-9", date(2026, 11, 30))


# -- void --------------------------------------------------------------------------------------------

def test_void_keeps_the_number_and_frees_the_work_orders(company: ServiceContext, clock) -> None:
    completed = done(company, clock, hours=1)
    verified = done(company, clock, hours=2, verified=True)
    number = billing.create_invoice(company, [completed, verified]).number
    before = audit_rows(company)
    with pytest.raises(RuleViolation, match="a reason is required"):
        billing.void(company, number, "  ")
    assert audit_rows(company) == before and status(company, completed) == Status.INVOICED

    billing.void(company, number, "Wrong rate on the labor", row(company, number).version)
    voided = billing.invoice_details(company, number)
    assert voided.row.status is InvoiceStatus.VOID and voided.row.void_reason == "Wrong rate on the labor"
    assert voided.voided_by == "Dana Dispatcher" and voided.voided_at == clock.now
    assert len(voided.lines) == 2 and voided.total == Decimal("276.04")  # kept for the record
    # The work goes back where it was and is ready to bill again.
    assert status(company, completed) == Status.COMPLETED
    assert status(company, verified) == Status.VERIFIED
    assert [w.number for w in billing.ready_to_bill(company).work_orders] == [completed, verified]
    # Billed again on the next number: the void one keeps its own, so there is no gap.
    again = billing.create_invoice(company, [completed, verified])
    assert invoice_numbers(company) == [number, again.number] == ["INV-1001", "INV-1002"]
    with pytest.raises(RuleViolation, match="it is void, and a void invoice stays void"):
        billing.void(company, number, "again")
    with pytest.raises(RuleViolation, match="it is void"):
        billing.issue(company, number)


def test_void_is_refused_once_the_work_was_closed(company: ServiceContext, clock) -> None:
    a = done(company, clock)
    number = billing.create_invoice(company, [a]).number
    closeout.close(company, a)
    facts = row(company, number).facts
    assert invoicing.why_not_void(facts) == f"{a} is closed since; closed work stays on its invoice"
    with pytest.raises(RuleViolation, match="closed work stays on its invoice"):
        billing.void(company, number, "Wrong customer")
    assert status(company, a) == Status.CLOSED


# -- bill everything ready ---------------------------------------------------------------------------

def test_bill_everything_ready_makes_one_invoice_per_customer_at_once(company: ServiceContext, clock) -> None:
    a = done(company, clock, hours=1)
    b = done(company, clock, hours=2, verified=True)
    c = done(company, clock, site="S2", hours=1)
    ready = billing.ready_to_bill(company)
    made = billing.bill_everything_ready(company, [w.number for w in ready.work_orders])
    assert [(s.number, s.customer, s.work_orders, s.total) for s in made] == [
        ("INV-1001", "Elm Street Bakery", (c,), Decimal("85.00")),
        ("INV-1002", "Lakeside Medical", (a, b), Decimal("276.04")),
    ]
    assert sum(s.total for s in made) == ready.total
    assert {status(company, n) for n in (a, b, c)} == {Status.INVOICED}
    before = audit_rows(company)
    with pytest.raises(RuleViolation, match="no completed or verified work is waiting to be billed"):
        billing.bill_everything_ready(company)
    assert audit_rows(company) == before


def test_bill_everything_ready_refuses_when_the_list_changed_since_it_was_shown(company: ServiceContext, clock) -> None:
    a = done(company, clock)
    shown = [w.number for w in billing.ready_to_bill(company).work_orders]
    b = done(company, clock, site="S2")  # finished on another PC meanwhile
    before = audit_rows(company)
    with pytest.raises(RuleViolation) as refused:
        billing.bill_everything_ready(company, shown)
    assert refused.value.reasons == [f"{b} became ready to bill"]
    assert audit_rows(company) == before and invoice_numbers(company) == []
    billing.create_invoice(company, [a])
    with pytest.raises(RuleViolation, match=f"{a} is no longer ready to bill"):
        billing.bill_everything_ready(company, [a, b])


# -- the list ----------------------------------------------------------------------------------------

def test_the_list_shows_every_invoice_newest_first_with_its_work(company: ServiceContext, clock) -> None:
    a = done(company, clock)
    b = done(company, clock, site="S2")
    billing.create_invoice(company, [a])
    billing.create_draft(company, [b])
    rows = billing.invoice_rows(company)
    assert [(r.number, r.customer, r.status, r.work_orders) for r in rows] == [
        ("INV-1002", "Elm Street Bakery", InvoiceStatus.DRAFT, (b,)),
        ("INV-1001", "Lakeside Medical", InvoiceStatus.ISSUED, (a,)),
    ]
    issued = rows[1]
    assert not issued.overdue(date(2026, 12, 30)) and issued.overdue(date(2026, 12, 31))
