"""Invoices of the demo: one per work order this week, a Friday run per customer in the history.

The lines are made by ``services.billing.invoice_lines``, as ``create_invoice`` makes them; tax
is applied once to the sum at the customer's rate (else the company's), by ``domain.money``.
"""

from __future__ import annotations

from datetime import timedelta

from dispatch_console.domain.money import (
    effective_tax_rate,
    invoice_totals,
)
from dispatch_console.services.billing import INVOICE_PREFIX, invoice_lines
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
            orders = [job.wo for job in group.jobs if job.wo is not None]
            lines = invoice_lines(orders, self.tz)
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

