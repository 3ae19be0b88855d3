"""Two PCs billing at once, with real processes (SQLite and PostgreSQL): the invoice numbers run
on without gaps or doubles, and no work order lands on two invoices, even when both PCs try to
bill the same work at the same moment."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.processes import run_at_once
from tests.services.billing_helpers import done, invoice_numbers

#: One PC: waits for the start, then bills each work order named on its own invoice, and prints
#: the invoice number or the refusal of each.
PC = textwrap.dedent(
    """
    import json, os, sys
    from datetime import UTC, datetime
    from dispatch_console.domain.errors import RuleViolation
    from dispatch_console.services import billing
    from dispatch_console.services.context import ServiceContext
    from dispatch_console.storage.database import Database
    from tests.processes import wait_for_start

    go, ready, url, *numbers = sys.argv[1:]
    ctx = ServiceContext(Database(url), actor=f"pc-{os.getpid()}",
                         clock=lambda: datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    ctx.zone()  # connect before the start, so both begin together
    wait_for_start(go, ready)
    results = []
    for number in numbers:
        try:
            results.append([number, billing.create_invoice(ctx, [number]).number])
        except RuleViolation as refused:
            results.append([number, str(refused)])
    print(json.dumps(results))
    """
)


def run_pcs(db_url: str, tmp_path: Path, *work: list[str]) -> list[list[list[str]]]:
    outputs = run_at_once(PC, tmp_path, *([db_url, *numbers] for numbers in work))
    return [json.loads(out) for out in outputs]


def test_two_pcs_billing_at_once_number_without_gaps_and_bill_each_work_order_once(
    company: ServiceContext, clock, db_url: str, tmp_path: Path
) -> None:
    numbers = [done(company, clock, hours=1, summary=f"Job {i}") for i in range(12)]
    own_a, own_b, contested = numbers[:3], numbers[3:6], numbers[6:]
    # Each PC bills its own work and all of the contested work, in opposite orders.
    first, second = run_pcs(db_url, tmp_path, own_a + contested, own_b + contested[::-1])
    made = [inv for _wo, inv in first + second if inv.startswith("INV-")]
    refused = [why for _wo, why in first + second if not why.startswith("INV-")]
    # Every work order was billed exactly once; each contested one was refused to the other PC.
    assert len(made) == 12 and len(refused) == 6
    assert all("is already on an invoice" in why for why in refused)
    # Numbers run on from INV-1001 with no gap and no double.
    assert sorted(made, key=lambda n: int(n[4:])) == [f"INV-{1001 + i}" for i in range(12)]
    assert invoice_numbers(company) == sorted(made, key=lambda n: int(n[4:]))
    with company.read() as uow:
        billed = uow.session.execute(
            select(m.WorkOrder.number, func.count(func.distinct(m.InvoiceLine.invoice_id)))
            .join(m.InvoiceLine, m.InvoiceLine.work_order_id == m.WorkOrder.id)
            .join(m.Invoice, m.Invoice.id == m.InvoiceLine.invoice_id)
            .where(m.Invoice.status != InvoiceStatus.VOID)
            .group_by(m.WorkOrder.number)
        ).all()
    assert sorted(billed) == sorted((n, 1) for n in numbers)
