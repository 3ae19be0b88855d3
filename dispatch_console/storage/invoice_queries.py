"""The queries of billing: work ready to bill, which live invoice holds a work order, the
invoices list, one invoice with its lines, and the row locks that keep two PCs from billing
one work order twice."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dispatch_console.domain.enums import InvoiceStatus, Status
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

_BILLABLE_WORK = (Status.COMPLETED, Status.VERIFIED)


def _with_work(stmt: Any) -> Any:
    """Load what billing reads of a work order (labor with its technician, parts used)."""
    return stmt.options(selectinload(m.WorkOrder.labor), selectinload(m.WorkOrder.parts_used))


def lock_work_orders(uow: UnitOfWork, numbers: Iterable[str]) -> dict[str, m.WorkOrder]:
    """The work orders ``numbers`` (those that exist), this PC's alone until it commits.

    Billing reads whether a work order is on a live invoice, then writes the invoice: on
    PostgreSQL two PCs billing the same work order would both pass that check, so the work
    orders' rows are locked first (in id order, so two PCs never deadlock) and the second PC
    waits here, then sees the first one's invoice. SQLite needs nothing: a write takes the
    database's one write lock as it begins.
    """
    wanted = sorted(set(numbers))
    if not wanted:
        return {}
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.execute(
            select(m.WorkOrder.id)
            .where(m.WorkOrder.number.in_(wanted))
            .order_by(m.WorkOrder.id)
            .with_for_update(key_share=True)
        ).all()
    # Read again under the lock: a copy read before it may predate another PC's commit.
    stmt = _with_work(select(m.WorkOrder).where(m.WorkOrder.number.in_(wanted))).execution_options(
        populate_existing=True
    )
    return {wo.number: wo for wo in uow.session.scalars(stmt).unique()}


def live_invoices_of(uow: UnitOfWork, work_order_ids: Iterable[int]) -> dict[int, str]:
    """work order id -> the number of the live (not void) invoice it is on."""
    wanted = sorted(set(work_order_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = uow.session.execute(
            select(m.InvoiceLine.work_order_id, m.Invoice.number)
            .join(m.Invoice, m.Invoice.id == m.InvoiceLine.invoice_id)
            .where(m.InvoiceLine.work_order_id.in_(chunk), m.Invoice.status != InvoiceStatus.VOID)
        )
        for work_order_id, number in rows:
            found[work_order_id] = number
    return found


def ready_to_bill(uow: UnitOfWork) -> Sequence[m.WorkOrder]:
    """Completed and verified billable work orders on no live invoice, with what bills them."""
    on_live = (
        select(m.InvoiceLine.work_order_id)
        .join(m.Invoice, m.Invoice.id == m.InvoiceLine.invoice_id)
        .where(m.Invoice.status != InvoiceStatus.VOID)
    )
    stmt = _with_work(
        select(m.WorkOrder)
        .where(
            m.WorkOrder.status.in_(_BILLABLE_WORK),
            m.WorkOrder.billable.is_(True),
            m.WorkOrder.id.not_in(on_live),
        )
        .order_by(m.WorkOrder.number)
    )
    return uow.session.scalars(stmt).unique().all()


def invoice_list(uow: UnitOfWork) -> Sequence[m.Invoice]:
    """Every invoice (its customer joined), newest number first."""
    return uow.session.scalars(select(m.Invoice).order_by(m.Invoice.id.desc())).unique().all()


def work_orders_of_invoices(uow: UnitOfWork) -> dict[int, list[tuple[str, str]]]:
    """invoice id -> (number, status) of each work order it bills, once each, in line order."""
    rows = uow.session.execute(
        select(m.InvoiceLine.invoice_id, m.WorkOrder.number, m.WorkOrder.status)
        .join(m.WorkOrder, m.WorkOrder.id == m.InvoiceLine.work_order_id)
        .order_by(m.InvoiceLine.invoice_id, m.InvoiceLine.position)
    )
    found: dict[int, list[tuple[str, str]]] = {}
    for invoice_id, number, status in rows:
        work = found.setdefault(invoice_id, [])
        if all(n != number for n, _s in work):
            work.append((number, status))
    return found


def invoice(uow: UnitOfWork, number: str) -> m.Invoice | None:
    """The invoice ``number`` with its lines and their work orders (and what bills them)."""
    stmt = (
        select(m.Invoice)
        .where(m.Invoice.number == number)
        .options(
            selectinload(m.Invoice.lines)
            .selectinload(m.InvoiceLine.work_order)
            .options(selectinload(m.WorkOrder.labor), selectinload(m.WorkOrder.parts_used))
        )
    )
    return uow.session.scalars(stmt).unique().first()
