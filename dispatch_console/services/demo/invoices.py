"""Invoices of the demo: one per work order this week, a Friday run per customer in the history.

Lines and totals are what ``services.billing.create_invoice`` writes for the same work orders:
one line per billable labor entry and per part used, each amount by ``domain.money`` (rounded
to the cent half up), tax applied once to the sum at the customer's rate (else the company's).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dispatch_console.domain.enums import InvoiceLineKind
from dispatch_console.domain.money import (
    effective_tax_rate,
    hours_between,
    invoice_totals,
    labor_amount,
    parts_amount,
)
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.services.billing import INVOICE_PREFIX
from dispatch_console.services.demo.base import FIRST_INVOICE, _Invoice, _Job
from dispatch_console.services.demo.bookings import Bookings
from dispatch_console.storage import models as m


class Invoices(Bookings):
    def _make_invoices(self, jobs: list[_Job]) -> None:
        groups: dict[tuple[str, ...], _Invoice] = {}
        for job in jobs:
            if job.invoice_key is None:
                continue
            assert job.invoiced is not None
            group = groups.get(job.invoice_key)
            if group is None:
                group = groups[job.invoice_key] = _Invoice(
                    job.invoice_key, job.site.customer, job.invoiced
                )
            group.jobs.append(job)
        ordered = sorted(groups.values(), key=lambda g: (g.at, g.jobs[0].number))
        for index, group in enumerate(ordered):
            lines: list[m.InvoiceLine] = []
            for job in group.jobs:
                wo = job.wo
                assert wo is not None
                for entry in sorted(wo.labor, key=lambda e: e.start):
                    if not entry.billable:
                        continue
                    rate = entry.technician.hourly_rate or Decimal(0)
                    when = to_local(entry.start, self.tz).strftime("%Y-%m-%d")
                    lines.append(
                        m.InvoiceLine(
                            work_order=wo,
                            position=len(lines) + 1,
                            kind=InvoiceLineKind.LABOR.value,
                            description=f"{wo.number} labor, {entry.technician.name}, {when}",
                            quantity=hours_between(entry.start, entry.end).quantize(
                                Decimal("0.0001")
                            ),
                            unit_price=rate,
                            amount=labor_amount(entry.start, entry.end, rate),
                        )
                    )
                for used in wo.parts_used:
                    price = used.unit_price if used.unit_price is not None else used.part.unit_price
                    lines.append(
                        m.InvoiceLine(
                            work_order=wo,
                            position=len(lines) + 1,
                            kind=InvoiceLineKind.PART.value,
                            description=f"{wo.number} {used.part.sku} {used.part.description}",
                            quantity=used.quantity,
                            unit_price=price,
                            amount=parts_amount(used.quantity, price),
                        )
                    )
            rate = effective_tax_rate(group.customer.tax_rate, self.cat.tax_rate)
            totals = invoice_totals([line.amount for line in lines], rate)
            issued = group.at.date()
            self.invoices.append(
                m.Invoice(
                    number=f"{INVOICE_PREFIX}{FIRST_INVOICE + index}",
                    customer=group.customer,
                    issued_on=issued,
                    due_on=issued + timedelta(days=self.cat.payment_terms_days),
                    currency="USD",
                    tax_rate=rate,
                    subtotal=totals.subtotal,
                    tax=totals.tax,
                    total=totals.total,
                    created_at=self.utc(group.at),
                    created_by=self._office(),
                    lines=lines,
                )
            )

