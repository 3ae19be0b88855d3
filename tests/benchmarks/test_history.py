"""The benchmarks' history generator makes data the console itself accepts (issue #11).

Two years and 2,000 work orders on the test database, then the app's own services read them:
the work order list, invoices against ``domain.money``, the board's day, the next work order
number, and an export that imports into an empty database with the same counts.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import selectinload

from dispatch_console.domain import money
from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.services import board, bundle_export, bundle_import, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage import work_order_keys
from dispatch_console.storage.database import Database
from tests.benchmarks.history import FIRST_WO, add_fortnight, build_history
from tests.conftest import PG_SERVER

TODAY = date(2026, 11, 26)  # the test clock's day (conftest: 26 Nov 2026, 09:00 in Chicago)
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
ORDERS = 2_000

pytestmark = pytest.mark.slow


@pytest.fixture
def empty_url(_template: str, tmp_path: Path) -> Iterator[str]:
    """A second fresh, migrated, empty database (as ``db_url``), to import into."""
    if PG_SERVER:
        name = f"dc_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(f"{PG_SERVER.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
        yield f"{PG_SERVER.rstrip('/')}/{name}".replace("postgresql://", "postgresql+psycopg://")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path / "empty.db"
        shutil.copyfile(_template, path)
        yield f"sqlite:///{path}"


def counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in m.Base.metadata.sorted_tables}
    finally:
        db.dispose()


def test_two_years_of_history_is_data_the_console_accepts(db_url: str, empty_url: str, tmp_path: Path) -> None:
    stats = build_history(db_url, work_orders=ORDERS, years=2, customers=300, today=TODAY)
    assert stats.work_orders == ORDERS
    assert stats.seconds < 15, stats.seconds
    db = Database(db_url)
    ctx = ServiceContext(db=db, actor="Dana Dispatcher", clock=lambda: NOW)
    try:
        # The work order list shows every one, of every type, in the statuses of an office's years.
        rows = work_orders.list_rows(ctx)
        assert sorted(r.number for r in rows) == sorted(f"WO-{FIRST_WO + i}" for i in range(ORDERS))
        assert {r.type for r in rows} == set(WorkOrderType)
        by_status = {s: sum(1 for r in rows if r.status is s) for s in Status}
        assert by_status[Status.CLOSED] > ORDERS * 0.7, by_status
        assert all(by_status[s] > 0 for s in (Status.OPEN, Status.SCHEDULED, Status.DISPATCHED, Status.IN_PROGRESS,
                                              Status.COMPLETED, Status.VERIFIED, Status.INVOICED, Status.CANCELLED))
        old = [r for r in rows if r.created_at < NOW - timedelta(days=90)]
        assert all(r.status in (Status.CLOSED, Status.CANCELLED, Status.COMPLETED) for r in old)

        with ctx.read() as uow:
            invoices = uow.session.scalars(select(m.Invoice).options(selectinload(m.Invoice.lines))).all()
            assert len(invoices) > ORDERS / 2
            for invoice in invoices:
                totals = money.invoice_totals([line.amount for line in invoice.lines], invoice.tax_rate)
                assert (invoice.subtotal, invoice.tax, invoice.total) == (totals.subtotal, totals.tax, totals.total)
            # Bookings never overlap on a technician.
            b1, b2 = m.Booking.__table__.alias(), m.Booking.__table__.alias()
            overlapping = uow.session.scalar(
                select(func.count()).select_from(b1).join(
                    b2, (b1.c.technician_id == b2.c.technician_id) & (b1.c.id < b2.c.id)
                    & (b1.c.start < b2.c.end) & (b2.c.start < b1.c.end)
                )
            )
            assert overlapping == 0
            # Every billed work order is on an invoice, and only those.
            on_invoices = set(uow.session.scalars(select(m.InvoiceLine.work_order_id).distinct()))
            billed = set(uow.session.scalars(select(m.WorkOrder.id).where(
                m.WorkOrder.status.in_([Status.INVOICED.value, Status.CLOSED.value]),
                m.WorkOrder.billable.is_(True))))
            assert on_invoices == billed

        # The board loads today's bookings (work under way) with the history behind it.
        start = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
        day = board.load_board(ctx, start, start + timedelta(days=1))
        assert day.bookings and all(start <= b.start < start + timedelta(days=1) for b in day.bookings)

        # The next number the console gives is the first free one.
        number = work_orders.create_work_order(ctx, work_orders.WorkOrderSpec(
            type=WorkOrderType.CORRECTIVE, site_code="S-00001-1", summary="Leak under the sink"))
        assert number == f"WO-{FIRST_WO + ORDERS}"

        # The importer's checks accept all of it: exported, then imported into an empty database.
        bundle_export.export_folder(ctx, tmp_path / "bundle")
    finally:
        db.dispose()
    target = Database(empty_url)
    try:
        report = bundle_import.import_folder(ServiceContext(db=target, actor="Dana Dispatcher", clock=lambda: NOW),
                                             tmp_path / "bundle")
        assert report.changed
    finally:
        target.dispose()
    before, after = counts(db_url), counts(empty_url)
    del before["audit_log"], after["audit_log"]
    assert after == before
    assert after["pm_plan"] > 0 and after["work_request"] > 0 and after["invoice_line"] > 0


def test_a_busy_fortnight_on_top_of_the_history(db_url: str) -> None:
    build_history(db_url, work_orders=200, years=1, technicians=10, customers=50, today=TODAY)
    made = add_fortnight(db_url, first_day=date(2026, 12, 14), technicians=20, bookings=400)
    assert made == 400
    db = Database(db_url)
    ctx = ServiceContext(db=db, actor="Dana Dispatcher", clock=lambda: NOW)
    try:
        start = datetime(2026, 12, 14, 6, 0, tzinfo=UTC)
        fortnight = board.load_board(ctx, start, start + timedelta(days=14))
        assert len(fortnight.bookings) == 400
        assert len({b.technician_id for b in fortnight.bookings}) == 20
        number = work_orders.create_work_order(ctx, work_orders.WorkOrderSpec(
            type=WorkOrderType.CORRECTIVE, site_code="S-00001-1", summary="Leak under the sink"))
        assert number == f"WO-{FIRST_WO + 200 + 400}"
        # The lists' stored keys are there for the history and the fortnight, as the console's
        # own writers leave them (none missing; a booked fortnight's job sorts by its technician).
        with db.read() as uow:
            assert work_order_keys.missing_keys(uow.session) == []
            for model in (m.Customer, m.Site, m.Asset):
                assert uow.session.scalar(
                    select(func.count()).select_from(model).where(model.name_sort.is_(None))
                ) == 0
            assert uow.session.scalar(
                select(func.count()).select_from(m.WorkOrder)
                .where(m.WorkOrder.status == Status.SCHEDULED.value, m.WorkOrder.technicians_sort.is_(None))
            ) == 0
    finally:
        db.dispose()
