"""Billing: one invoice for completed or verified work orders of one customer; each billed once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import InvoiceLineKind, Status
from dispatch_console.domain.errors import RuleViolation, ValidationError
from dispatch_console.domain.money import (
    effective_tax_rate,
    hours_between,
    invoice_totals,
    labor_amount,
    parts_amount,
)
from dispatch_console.domain.timekeeping import to_local, zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m

INVOICE_PREFIX = "INV-"


@dataclass(frozen=True)
class InvoiceSummary:
    number: str
    customer: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    work_orders: tuple[str, ...]


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


def create_invoice(ctx: ServiceContext, numbers: list[str]) -> InvoiceSummary:
    """Bill the work orders on one new invoice; refuses mixed customers and anything billed already."""
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if not wanted:
        raise ValidationError("name at least one work order to invoice")
    with ctx.write("Invoice " + ", ".join(wanted)) as uow:
        orders = uow.work_orders_by_numbers(wanted)
        missing = [n for n in wanted if n not in orders]
        if missing:
            raise ValidationError("no work order " + ", ".join(f"'{n}'" for n in missing))
        billed = uow.invoiced_work_order_ids([wo.id for wo in orders.values()])
        reasons: list[str] = []
        for number in wanted:
            wo = orders[number]
            if wo.id in billed:
                reasons.append(f"{number} is already on an invoice")
                continue
            try:
                lifecycle.check_invoice(uow.facts(wo))
            except RuleViolation as refusal:
                reasons += [f"{number}: {r}" for r in refusal.reasons]
            if not wo.billable:
                reasons.append(f"{number} is marked non-billable")
        customers = {orders[n].site.customer_id for n in wanted}
        if len(customers) > 1:
            names = sorted({orders[n].site.customer.name for n in wanted})
            reasons.append("the work orders belong to different customers: " + ", ".join(names))
        if reasons:
            raise RuleViolation("cannot invoice", reasons)
        company = uow.company()
        if company is None:
            raise RuleViolation("cannot invoice", ["the company is not set up (name, currency, tax)"])
        tz = zone(company.timezone)
        customer = orders[wanted[0]].site.customer
        lines = invoice_lines([orders[n] for n in wanted], tz)
        rate = effective_tax_rate(customer.tax_rate, company.tax_rate)
        totals = invoice_totals([line.amount for line in lines], rate)
        today = to_local(ctx.now(), tz).date()
        invoice = m.Invoice(
            number=uow.next_number("invoice", INVOICE_PREFIX, m.Invoice),
            customer=customer, issued_on=today,
            due_on=today + timedelta(days=company.payment_terms_days),
            currency=company.currency, tax_rate=rate, subtotal=totals.subtotal, tax=totals.tax,
            total=totals.total, created_at=ctx.now(), created_by=ctx.actor, lines=lines,
        )
        uow.add(invoice)
        for number in wanted:
            orders[number].status = Status.INVOICED
        uow.flush()
        summary = InvoiceSummary(
            invoice.number, customer.name, totals.subtotal, totals.tax, totals.total, tuple(wanted)
        )
    return summary
