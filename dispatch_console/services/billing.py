"""Billing: invoices for completed or verified work orders of one customer; each billed once.

Invoices are drafted, issued, paid or voided as ``domain/invoicing.py`` says. Numbers come from
the counter row (``uow.next_number``), locked until the invoice is committed, and an invoice is
never deleted, so numbers run without gaps or doubles even when two PCs bill at once. The work
orders an invoice bills are locked before they are checked (``invoice_queries.lock_work_orders``),
so two PCs never put one work order on two live invoices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain import invoicing
from dispatch_console.domain.enums import InvoiceLineKind, InvoiceStatus, Status
from dispatch_console.domain.errors import NotFound, RuleViolation, ValidationError
from dispatch_console.domain.invoicing import InvoiceFacts
from dispatch_console.domain.money import (
    Totals,
    effective_tax_rate,
    hours_between,
    invoice_totals,
    labor_amount,
    parts_amount,
)
from dispatch_console.domain.sorting import sort_key
from dispatch_console.domain.timekeeping import company_zone, to_local, zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import invoice_queries as q
from dispatch_console.storage import models as m
from dispatch_console.storage.invoice_queries import InvoiceQuery
from dispatch_console.storage.pages import Key
from dispatch_console.storage.unit_of_work import UnitOfWork

INVOICE_PREFIX = "INV-"


@dataclass(frozen=True)
class InvoiceSummary:
    number: str
    customer: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    work_orders: tuple[str, ...]
    status: InvoiceStatus = InvoiceStatus.ISSUED


def invoice_lines(orders: Sequence[m.WorkOrder], tz: ZoneInfo) -> list[m.InvoiceLine]:
    """The lines that bill these work orders, in order: each billable labor entry (hours worked
    times the technician's rate) and each part used (quantity times the price), each amount
    rounded to the cent half up. The demo's invoices are made by this too."""
    lines: list[m.InvoiceLine] = []
    for wo in orders:
        for entry in sorted(wo.labor, key=lambda e: (e.start, e.id or 0)):
            if not entry.billable:
                continue
            rate = entry.technician.hourly_rate or Decimal("0")
            when = to_local(entry.start, tz).strftime("%Y-%m-%d")
            lines.append(
                m.InvoiceLine(
                    work_order=wo, position=len(lines) + 1, kind=InvoiceLineKind.LABOR.value,
                    description=f"{wo.number} labor, {entry.technician.name}, {when}",
                    quantity=hours_between(entry.start, entry.end).quantize(Decimal("0.0001")),
                    unit_price=rate, amount=labor_amount(entry.start, entry.end, rate),
                )
            )
        for used in wo.parts_used:
            price = used.unit_price if used.unit_price is not None else used.part.unit_price
            lines.append(
                m.InvoiceLine(
                    work_order=wo, position=len(lines) + 1, kind=InvoiceLineKind.PART.value,
                    description=f"{wo.number} {used.part.sku} {used.part.description}",
                    quantity=used.quantity, unit_price=price,
                    amount=parts_amount(used.quantity, price),
                )
            )
    return lines


def _amount_of(wo: m.WorkOrder, tz: ZoneInfo) -> Decimal:
    """What a work order adds to an invoice's subtotal: its lines, each rounded to the cent."""
    return sum((line.amount for line in invoice_lines([wo], tz)), Decimal("0.00"))


def _wanted(numbers: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if not wanted:
        raise ValidationError("name at least one work order to invoice")
    return wanted


def _company(uow: UnitOfWork) -> m.Company:
    company = uow.company()
    if company is None:
        raise RuleViolation("cannot invoice", ["the company is not set up (name, currency, tax)"])
    return company


def _today(ctx: ServiceContext, tz: ZoneInfo) -> date:
    return to_local(ctx.now(), tz).date()


def _summary(invoice: m.Invoice) -> InvoiceSummary:
    numbers = tuple(dict.fromkeys(line.work_order.number for line in invoice.lines))
    return InvoiceSummary(
        invoice.number, invoice.customer.name, invoice.subtotal, invoice.tax, invoice.total, numbers,
        InvoiceStatus(invoice.status),
    )


def _refusals(uow: UnitOfWork, wanted: list[str], orders: dict[str, m.WorkOrder]) -> list[str]:
    """Every reason these work orders may not go on one new invoice together."""
    missing = [n for n in wanted if n not in orders]
    if missing:
        raise ValidationError("no work order " + ", ".join(f"'{n}'" for n in missing))
    live = q.live_invoices_of(uow, [wo.id for wo in orders.values()])
    reasons: list[str] = []
    for number in wanted:
        wo = orders[number]
        reasons += invoicing.why_not_bill(number, Status(wo.status), wo.billable, live.get(wo.id))
    reasons += invoicing.why_not_one_invoice({orders[n].site.customer.name for n in wanted})
    return reasons


def _bill(
    ctx: ServiceContext, uow: UnitOfWork, orders: list[m.WorkOrder], status: InvoiceStatus
) -> m.Invoice:
    """A new invoice (draft or issued) billing ``orders`` (checked already) for their customer."""
    company = _company(uow)
    tz = zone(company.timezone)
    customer = orders[0].site.customer
    lines = invoice_lines(orders, tz)
    rate = effective_tax_rate(customer.tax_rate, company.tax_rate)
    totals = invoice_totals([line.amount for line in lines], rate)
    today = _today(ctx, tz)
    invoice = m.Invoice(
        number=uow.next_number("invoice", INVOICE_PREFIX, m.Invoice),
        customer=customer, issued_on=today,
        due_on=today + timedelta(days=company.payment_terms_days),
        currency=company.currency, tax_rate=rate, subtotal=totals.subtotal, tax=totals.tax,
        total=totals.total, created_at=ctx.now(), created_by=ctx.actor, lines=lines, status=status,
    )
    uow.add(invoice)
    if status is InvoiceStatus.ISSUED:
        for wo in orders:
            wo.status = Status.INVOICED
    uow.flush()
    return invoice


def _create(ctx: ServiceContext, numbers: Sequence[str], status: InvoiceStatus, action: str) -> InvoiceSummary:
    wanted = _wanted(numbers)
    with ctx.write(f"{action} " + ", ".join(wanted)) as uow:
        orders = q.lock_work_orders(uow, wanted)
        reasons = _refusals(uow, wanted, orders)
        if reasons:
            raise RuleViolation("cannot invoice", reasons)
        invoice = _bill(ctx, uow, [orders[n] for n in wanted], status)
        uow.name_action(f"{action} {', '.join(wanted)} on {invoice.number}")
        summary = _summary(invoice)
    return summary


def create_invoice(ctx: ServiceContext, numbers: list[str]) -> InvoiceSummary:
    """Bill the work orders on one new issued invoice; refuses mixed customers and anything
    on a live invoice already (the command line's ``invoice``)."""
    return _create(ctx, numbers, InvoiceStatus.ISSUED, "Invoice")


def create_draft(ctx: ServiceContext, numbers: Sequence[str]) -> InvoiceSummary:
    """A draft invoice for the work orders: it holds them (nobody else bills them) and takes its
    number now; it bills once issued, or is voided (never deleted, so no number goes missing)."""
    return _create(ctx, numbers, InvoiceStatus.DRAFT, "Draft invoice for")


# -- ready to bill ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReadyWorkOrder:
    """A finished work order on no live invoice, and what it would add to its invoice."""

    number: str
    summary: str
    customer_code: str
    customer: str
    site: str
    status: Status
    completed_at: datetime | None
    verified_at: datetime | None
    amount: Decimal


@dataclass(frozen=True)
class ReadyCustomer:
    """One customer's ready work, totalled as one invoice would bill it (tax on the sum)."""

    code: str
    name: str
    tax_rate: Decimal
    work_orders: tuple[ReadyWorkOrder, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class ReadyToBill:
    customers: tuple[ReadyCustomer, ...]
    #: The company's currency: the invoices' (empty before the company is set up).
    currency: str = ""

    @property
    def work_orders(self) -> tuple[ReadyWorkOrder, ...]:
        return tuple(wo for c in self.customers for wo in c.work_orders)

    @property
    def total(self) -> Decimal:
        """What billing everything ready would invoice in all (each invoice's total, summed)."""
        return sum((c.total for c in self.customers), Decimal("0.00"))

    def customer(self, code: str) -> ReadyCustomer | None:
        return next((c for c in self.customers if c.code == code), None)

    def preview(self, numbers: Sequence[str]) -> Totals:
        """The totals of one invoice billing these ready work orders (of one customer)."""
        chosen = [wo for wo in self.work_orders if wo.number in set(numbers)]
        if not chosen:
            return Totals(Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))
        customer = self.customer(chosen[0].customer_code)
        rate = customer.tax_rate if customer is not None else Decimal("0")
        return invoice_totals([wo.amount for wo in chosen], rate)


def _ready(uow: UnitOfWork) -> tuple[ReadyToBill, dict[str, m.WorkOrder]]:
    company = uow.company()
    tz = company_zone(company)
    orders = q.ready_to_bill(uow)
    groups: dict[str, list[m.WorkOrder]] = {}
    for wo in orders:
        groups.setdefault(wo.site.customer.code, []).append(wo)
    customers: list[ReadyCustomer] = []
    for code in sorted(groups, key=lambda c: (groups[c][0].site.customer.name.casefold(), c)):
        group = groups[code]
        customer = group[0].site.customer
        rate = effective_tax_rate(customer.tax_rate, company.tax_rate if company else None)
        rows = tuple(
            ReadyWorkOrder(
                wo.number, wo.summary, code, customer.name, wo.site.name, Status(wo.status),
                wo.completed_at, wo.verified_at, _amount_of(wo, tz),
            )
            for wo in group
        )
        totals = invoice_totals([line.amount for line in invoice_lines(group, tz)], rate)
        customers.append(ReadyCustomer(code, customer.name, rate, rows, totals.subtotal, totals.tax, totals.total))
    currency = company.currency if company is not None else ""
    return ReadyToBill(tuple(customers), currency), {wo.number: wo for wo in orders}


def ready_to_bill(ctx: ServiceContext) -> ReadyToBill:
    """Completed and verified billable work on no live invoice, by customer, with each work
    order's amount and each customer's invoice exactly as billing it now would make them."""
    with ctx.read() as uow:
        ready, _orders = _ready(uow)
    return ready


def bill_everything_ready(ctx: ServiceContext, expected: Sequence[str] | None = None) -> list[InvoiceSummary]:
    """One issued invoice per customer for all the work ready to bill, in one transaction.

    ``expected``: the work orders the dispatcher was shown (and confirmed); if other PCs
    billed or finished work since, nothing is billed and the refusal says what changed.
    """
    with ctx.write("Bill everything ready") as uow:
        _company(uow)
        # Two PCs billing everything at once: the second waits, then finds only what is left.
        uow.serialize("bill everything ready")
        ready, _orders = _ready(uow)
        numbers = [wo.number for wo in ready.work_orders]
        locked = q.lock_work_orders(uow, numbers)
        if not numbers:
            raise RuleViolation("cannot bill everything ready", ["no completed or verified work is waiting to be billed"])
        if expected is not None and set(expected) != set(numbers):
            gone = sorted(set(expected) - set(numbers))
            new = sorted(set(numbers) - set(expected))
            reasons = []
            if gone:
                reasons.append(f"{', '.join(gone)} {'is' if len(gone) == 1 else 'are'} no longer ready to bill")
            if new:
                reasons.append(f"{', '.join(new)} became ready to bill")
            raise RuleViolation("cannot bill everything ready; the list changed since you looked", reasons)
        reasons = [  # again, under the locks
            r for c in ready.customers for r in _refusals(uow, [wo.number for wo in c.work_orders], locked)
        ]
        if reasons:
            raise RuleViolation("cannot bill everything ready", reasons)
        made = []
        for customer in ready.customers:
            invoice = _bill(ctx, uow, [locked[wo.number] for wo in customer.work_orders], InvoiceStatus.ISSUED)
            made.append(_summary(invoice))
        uow.name_action(
            f"Bill everything ready: {', '.join(s.number for s in made)}"
        )
    return made


# -- the invoices ----------------------------------------------------------------------------------
def _load(uow: UnitOfWork, number: str) -> m.Invoice:
    found = q.invoice(uow, number.strip())
    if found is None:
        raise NotFound(f"no invoice '{number}'")
    return found


def _facts(invoice: m.Invoice) -> InvoiceFacts:
    return _facts_of(invoice, [(line.work_order.number, line.work_order.status) for line in invoice.lines])


def _facts_of(invoice: m.Invoice | q.InvoiceListRow, work_orders: Sequence[tuple[str, str]]) -> InvoiceFacts:
    """The guards' view of an invoice; the work orders closed since count for an issued one
    (a draft never moved its work orders, so voiding it changes nothing of theirs)."""
    status = InvoiceStatus(invoice.status)
    closed: tuple[str, ...] = ()
    if status is InvoiceStatus.ISSUED:
        closed = tuple(dict.fromkeys(n for n, s in work_orders if s == Status.CLOSED))
    return InvoiceFacts(invoice.number, status, invoice.issued_on, closed)


def _changing(
    ctx: ServiceContext, uow: UnitOfWork, number: str, expected_version: int | None
) -> tuple[m.Invoice, ZoneInfo]:
    invoice = _load(uow, number)
    tz = company_zone(uow.company())
    uow.check_version(invoice, expected_version, f"invoice {invoice.number}", tz)
    return invoice, tz


def issue(ctx: ServiceContext, number: str, expected_version: int | None = None) -> InvoiceSummary:
    """Issue a draft: dated today and due after the company's terms; its lines are made again
    from the work orders as they are now (a labor correction since the draft is billed), and the
    work orders become invoiced."""
    with ctx.write(f"Issue invoice {number}") as uow:
        invoice, tz = _changing(ctx, uow, number, expected_version)
        invoicing.check_issue(_facts(invoice))
        numbers = list(dict.fromkeys(line.work_order.number for line in invoice.lines))
        orders = q.lock_work_orders(uow, numbers)
        reasons: list[str] = []
        for wo_number in numbers:
            wo = orders[wo_number]
            reasons += invoicing.why_not_bill(wo_number, Status(wo.status), wo.billable, None)
        if reasons:
            raise RuleViolation(f"cannot issue {invoice.number}", reasons)
        company = _company(uow)
        ordered = [orders[n] for n in numbers]
        lines = invoice_lines(ordered, tz)
        rate = effective_tax_rate(invoice.customer.tax_rate, company.tax_rate)
        totals = invoice_totals([line.amount for line in lines], rate)
        today = _today(ctx, tz)
        invoice.lines = lines
        invoice.tax_rate, invoice.subtotal, invoice.tax, invoice.total = rate, totals.subtotal, totals.tax, totals.total
        invoice.issued_on = today
        invoice.due_on = today + timedelta(days=company.payment_terms_days)
        invoice.status = InvoiceStatus.ISSUED
        invoice.updated_at, invoice.updated_by = ctx.now(), ctx.actor
        for wo in ordered:
            wo.status = Status.INVOICED
        uow.flush()
        summary = _summary(invoice)
    return summary


def mark_paid(ctx: ServiceContext, number: str, paid_on: date, expected_version: int | None = None) -> InvoiceSummary:
    """Record that the customer paid an issued invoice on ``paid_on`` (not before it was issued,
    not in the future)."""
    with ctx.write(f"Mark invoice {number} paid") as uow:
        invoice, tz = _changing(ctx, uow, number, expected_version)
        invoicing.check_mark_paid(_facts(invoice), paid_on, _today(ctx, tz))
        invoice.status = InvoiceStatus.PAID
        invoice.paid_on = paid_on
        invoice.updated_at, invoice.updated_by = ctx.now(), ctx.actor
        uow.flush()
        summary = _summary(invoice)
    return summary


def void(ctx: ServiceContext, number: str, reason: str, expected_version: int | None = None) -> InvoiceSummary:
    """Void a draft or an issued invoice with a reason: it keeps its number and lines for the
    record, and its work orders are free to be billed again (back to verified, or completed)."""
    with ctx.write(f"Void invoice {number}") as uow:
        invoice, _tz = _changing(ctx, uow, number, expected_version)
        was = InvoiceStatus(invoice.status)
        invoicing.check_void(_facts(invoice), reason)
        invoice.status = InvoiceStatus.VOID
        invoice.voided_at, invoice.voided_by, invoice.void_reason = ctx.now(), ctx.actor, reason.strip()
        invoice.updated_at, invoice.updated_by = ctx.now(), ctx.actor
        if was is InvoiceStatus.ISSUED:
            for wo in {line.work_order.id: line.work_order for line in invoice.lines}.values():
                if wo.status == Status.INVOICED:
                    wo.status = invoicing.freed_status(wo.verified_at)
        uow.flush()
        summary = _summary(invoice)
    return summary


@dataclass(frozen=True)
class InvoiceRow:
    """One invoice as the list shows it; ``facts`` is what the domain's guards read."""

    number: str
    customer_code: str
    customer: str
    status: InvoiceStatus
    issued_on: date | None  # a draft is not issued yet
    due_on: date | None
    paid_on: date | None
    currency: str
    total: Decimal
    work_orders: tuple[str, ...]
    version: int
    facts: InvoiceFacts
    void_reason: str | None = None

    def overdue(self, today: date) -> bool:
        return self.status is InvoiceStatus.ISSUED and self.due_on is not None and self.due_on < today


def _list_row(row: q.InvoiceListRow) -> InvoiceRow:
    """A row of the list read as plain values (``invoice_queries.invoice_page``)."""
    status = InvoiceStatus(row.status)
    draft = status is InvoiceStatus.DRAFT
    return InvoiceRow(
        row.number, row.customer_code, row.customer_name, status,
        None if draft else row.issued_on, None if draft else row.due_on, row.paid_on,
        row.currency, row.total, tuple(dict.fromkeys(n for n, _s in row.work_orders)), row.version,
        _facts_of(row, row.work_orders), row.void_reason,
    )


def _row(invoice: m.Invoice, work_orders: Sequence[tuple[str, str]]) -> InvoiceRow:
    status = InvoiceStatus(invoice.status)
    draft = status is InvoiceStatus.DRAFT
    return InvoiceRow(
        invoice.number, invoice.customer.code, invoice.customer.name, status,
        None if draft else invoice.issued_on, None if draft else invoice.due_on, invoice.paid_on,
        invoice.currency, invoice.total, tuple(dict.fromkeys(n for n, _s in work_orders)), invoice.version,
        _facts_of(invoice, work_orders), invoice.void_reason,
    )


def invoice_rows(ctx: ServiceContext) -> list[InvoiceRow]:
    """Every invoice, newest first, with what the list and its actions need (the command line
    and tests; the billing page reads a page at a time: ``invoice_page``)."""
    with ctx.read() as uow:
        invoices = q.invoice_list(uow)
        work = q.work_orders_of_invoices(uow)
        return [_row(i, work.get(i.id, [])) for i in invoices]


#: The list's default view: what is not yet paid or void, and what was issued this recently.
RECENT_INVOICES = timedelta(days=90)


def invoice_query(
    *,
    sort: str = "number",
    descending: bool = True,
    statuses: frozenset[InvoiceStatus] | None = None,
    overdue_on: date | None = None,
    recent_since: date | None = None,
    text: str = "",
) -> InvoiceQuery:
    """What the invoices list shows; every word of ``text`` must be in the invoice's number,
    its customer's name (accents and case folded) or code, or a work order it bills."""
    words = tuple(sort_key(word) for word in text.split())
    return InvoiceQuery(sort, descending, statuses, overdue_on, recent_since, words)


def invoice_page(
    ctx: ServiceContext, query: InvoiceQuery, after: Key | None = None, limit: int = 100
) -> tuple[list[InvoiceRow], Key | None]:
    """Up to ``limit`` rows of the invoices list after ``after`` (None: the first), and where
    the next page begins (None when these were the last)."""
    with ctx.read() as uow:
        found, next_after = q.invoice_page(uow, query, after, limit)
        return [_list_row(row) for row in found], next_after


def invoice_count(ctx: ServiceContext, query: InvoiceQuery) -> int:
    """How many invoices the list shows with this query."""
    with ctx.read() as uow:
        return q.invoice_count(uow, query)


def today(ctx: ServiceContext) -> date:
    """The company's date now (what 'paid today' and 'overdue' mean)."""
    return _today(ctx, ctx.zone())


@dataclass(frozen=True)
class InvoiceLineRow:
    work_order: str
    kind: InvoiceLineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class InvoiceDetails:
    """One invoice in full: its row, bill-to, lines and amounts, and its history in words."""

    row: InvoiceRow
    billing_address: str | None
    terms_days: int
    tax_rate: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    lines: tuple[InvoiceLineRow, ...]
    created_at: datetime
    created_by: str
    voided_at: datetime | None
    voided_by: str | None


def invoice_details(ctx: ServiceContext, number: str) -> InvoiceDetails:
    with ctx.read() as uow:
        invoice = _load(uow, number)
        return InvoiceDetails(
            row=_row(invoice, [(line.work_order.number, line.work_order.status) for line in invoice.lines]),
            billing_address=invoice.customer.billing_address,
            terms_days=(invoice.due_on - invoice.issued_on).days,
            tax_rate=invoice.tax_rate, subtotal=invoice.subtotal, tax=invoice.tax, total=invoice.total,
            lines=tuple(
                InvoiceLineRow(
                    line.work_order.number, InvoiceLineKind(line.kind), line.description,
                    line.quantity, line.unit_price, line.amount,
                )
                for line in invoice.lines
            ),
            created_at=invoice.created_at, created_by=invoice.created_by,
            voided_at=invoice.voided_at, voided_by=invoice.voided_by,
        )
