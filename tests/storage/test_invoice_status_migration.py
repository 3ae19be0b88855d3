"""Migration 0005: invoices made before statuses existed were issued when made, so they become
issued (and their work orders stay billed); the new columns go again on a downgrade."""

from __future__ import annotations

from sqlalchemy import inspect

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.services import billing
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage.database import Database
from tests.services.billing_helpers import done
from tests.storage.test_database import _migrate


def columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("invoice")}


def test_invoices_made_before_0005_become_issued(company: ServiceContext, db: Database, clock) -> None:
    number = done(company, clock)
    billing.create_invoice(company, [number])
    _migrate(db, "downgrade", "0004")
    assert "status" not in columns(db) and "void_reason" not in columns(db)
    _migrate(db, "upgrade", "head")
    assert {"status", "paid_on", "voided_at", "voided_by", "void_reason"} <= columns(db)
    (row,) = billing.invoice_rows(company)
    assert row.status is InvoiceStatus.ISSUED and row.paid_on is None and row.work_orders == (number,)
    assert billing.ready_to_bill(company).customers == ()  # still billed: the issued invoice is live
