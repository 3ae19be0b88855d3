"""`invoice WO-NUMBER ...` on the command line: prints the new invoice's number; a refusal exits 2
with every reason in words and writes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dispatch_console import app
from dispatch_console.domain.enums import InvoiceStatus, Status
from dispatch_console.paths import AppPaths
from dispatch_console.services import billing, work_orders
from dispatch_console.services.context import ServiceContext
from tests.services.billing_helpers import audit_rows, done, invoice_numbers


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


def test_invoice_bills_work_of_one_customer_and_prints_the_number(
    company: ServiceContext, clock, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = done(company, clock, hours=1)
    b = done(company, clock, hours=2, verified=True)
    code, out, err = run(["invoice", a, b, "--db", db_url], tmp_path, capsys)
    assert (code, out, err) == (0, "INV-1001\n", "")
    (row,) = billing.invoice_rows(company)
    assert row.status is InvoiceStatus.ISSUED and row.work_orders == (a, b)
    assert row.total == Decimal("276.04")  # 85 + 170 = 255; 8.25 % = 21.0375 -> 21.04
    assert {work_orders.details(company, n).status for n in (a, b)} == {Status.INVOICED}
    # A work order is billed at most once.
    before = audit_rows(company)
    code, out, err = run(["--db", db_url, "invoice", a], tmp_path, capsys)
    assert (code, out) == (2, "")
    assert err == f"dispatch-console: cannot invoice: {a} is already on an invoice (INV-1001)\n"
    assert audit_rows(company) == before


def test_invoice_refuses_with_every_reason_and_writes_nothing(
    company: ServiceContext, clock, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = done(company, clock)
    bakery = done(company, clock, site="S2")
    open_one = work_orders.create_work_order(
        company, work_orders.WorkOrderSpec(type=work_orders.WorkOrderType.GENERAL, site_code="S1", summary="Open")
    )
    before = audit_rows(company)
    code, out, err = run(["invoice", a, bakery, open_one, "--db", db_url], tmp_path, capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"dispatch-console: cannot invoice: {open_one}: it is open, and this needs it completed or verified; "
        "the work orders belong to different customers: Elm Street Bakery, Lakeside Medical\n"
    )
    code, out, err = run(["invoice", a, "WO-9999", "--db", db_url], tmp_path, capsys)
    assert (code, out, err) == (2, "", "dispatch-console: no work order 'WO-9999'\n")
    code, out, err = run(["invoice", "--db", db_url], tmp_path, capsys)
    assert code == 2 and "the following arguments are required: WO-NUMBER" in err
    assert audit_rows(company) == before and invoice_numbers(company) == []
    assert work_orders.details(company, a).status == Status.COMPLETED


def test_invoice_bills_again_after_the_invoice_was_voided(
    company: ServiceContext, clock, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = done(company, clock)
    first = billing.create_invoice(company, [a]).number
    billing.void(company, first, "Billed at the wrong rate")
    code, out, err = run(["invoice", a, "--db", db_url], tmp_path, capsys)
    assert (code, out, err) == (0, "INV-1002\n", "")
    assert invoice_numbers(company) == ["INV-1001", "INV-1002"]
