"""Invoices' statuses in a CSV bundle: draft, issued, paid and void (with the day paid and who
voided one, when and why) come back exactly; a void invoice's work billed again on a live one is
no double billing; a bundle cannot change an invoice already in the database."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.services import billing
from dispatch_console.services.bundle_export import export_folder
from dispatch_console.services.bundle_import import import_folder
from dispatch_console.services.context import ServiceContext
from tests.services.billing_helpers import done
from tests.services.bundles import database_contents, second_database


@pytest.fixture
def other_ctx(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    yield from second_database(_template, tmp_path, clock)


def every_status(ctx: ServiceContext, clock: Any) -> None:
    """INV-1001 void (its work billed again on INV-1002, paid), INV-1003 issued, INV-1004 a draft."""
    again = done(ctx, clock, verified=True)
    first = billing.create_invoice(ctx, [again]).number
    billing.void(ctx, first, "Billed at the wrong rate; <b>& billed again")
    second = billing.create_invoice(ctx, [again]).number
    billing.mark_paid(ctx, second, date(2026, 11, 30))
    billing.create_invoice(ctx, [done(ctx, clock)])
    billing.create_draft(ctx, [done(ctx, clock, site="S2")])


def test_every_status_comes_back_exactly(company: ServiceContext, other_ctx: ServiceContext, clock: Any, tmp_path: Path) -> None:
    every_status(company, clock)
    export_folder(company, tmp_path / "bundle")
    with (tmp_path / "bundle" / "invoices.csv").open(newline="", encoding="utf-8") as f:
        rows = {r["number"]: r for r in csv.DictReader(f)}
    assert [rows[n]["status"] for n in sorted(rows)] == ["void", "paid", "issued", "draft"]
    assert rows["INV-1001"]["void_reason"] == "Billed at the wrong rate; <b>& billed again"
    assert rows["INV-1002"]["paid_on"] == "2026-11-30"
    import_folder(other_ctx, tmp_path / "bundle")
    assert database_contents(other_ctx)["invoice"] == database_contents(company)["invoice"]
    assert [(r.number, r.status) for r in billing.invoice_rows(other_ctx)] == [
        ("INV-1004", InvoiceStatus.DRAFT), ("INV-1003", InvoiceStatus.ISSUED),
        ("INV-1002", InvoiceStatus.PAID), ("INV-1001", InvoiceStatus.VOID),
    ]
    assert billing.ready_to_bill(other_ctx).customers == ()
    # Again over itself: nothing changes, and no invoice can be changed by a bundle.
    import_folder(company, tmp_path / "bundle")
    assert database_contents(other_ctx)["invoice"] == database_contents(company)["invoice"]


def test_a_bundle_cannot_change_an_invoices_status(company: ServiceContext, clock: Any, tmp_path: Path) -> None:
    every_status(company, clock)
    export_folder(company, tmp_path / "bundle")
    path = tmp_path / "bundle" / "invoices.csv"
    text = path.read_text(encoding="utf-8").replace(",issued,", ",paid,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        import_folder(company, tmp_path / "bundle")
    assert "invoice INV-1003 is issued; an import cannot change it" in str(refused.value.errors)  # type: ignore[attr-defined]


def test_work_freed_by_a_void_invoice_in_the_database_is_billed_by_a_bundle(
    company: ServiceContext, other_ctx: ServiceContext, clock: Any, tmp_path: Path
) -> None:
    work = done(company, clock, verified=True)
    billing.void(company, billing.create_invoice(company, [work]).number, "Wrong rate")
    export_folder(company, tmp_path / "voided")
    import_folder(other_ctx, tmp_path / "voided")  # the other database has the void invoice only
    billing.create_draft(company, [work])  # a draft leaves the work verified
    export_folder(company, tmp_path / "billed again")
    import_folder(other_ctx, tmp_path / "billed again")
    assert [(r.number, r.status) for r in billing.invoice_rows(other_ctx)] == [
        ("INV-1002", InvoiceStatus.DRAFT), ("INV-1001", InvoiceStatus.VOID),
    ]
