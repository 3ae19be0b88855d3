"""The queries of billing: work ready to bill, which live invoice holds a work order, the
invoices list (whole, or a page at a time sorted and filtered in SQL), one invoice with its lines, and the row locks that keep two PCs from billing
one work order twice."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, false, func, literal_column, or_, select, union
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from dispatch_console.domain.enums import InvoiceStatus, Status
from dispatch_console.storage import models as m
from dispatch_console.storage.pages import Key, Sort, next_key, paged
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


def work_orders_of_invoices(
    uow: UnitOfWork, invoice_ids: Sequence[int] | None = None
) -> dict[int, list[tuple[str, str]]]:
    """invoice id -> (number, status) of each work order it bills, once each, in line order
    (of the invoices ``invoice_ids``, or of every invoice)."""
    stmt = (
        select(m.InvoiceLine.invoice_id, m.WorkOrder.number, m.WorkOrder.status)
        .join(m.WorkOrder, m.WorkOrder.id == m.InvoiceLine.work_order_id)
        .order_by(m.InvoiceLine.invoice_id, m.InvoiceLine.position)
    )
    if invoice_ids is not None:
        if not invoice_ids:
            return {}
        stmt = stmt.where(m.InvoiceLine.invoice_id.in_(invoice_ids))
    rows = uow.session.execute(stmt)
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


# -- the invoices list, a page at a time -------------------------------------------------------
#: What the list sorts by: the column's name -> its terms before the id.
INVOICE_SORTS = ("number", "customer", "issued", "due", "total", "status")


@dataclass(frozen=True)
class InvoiceQuery:
    """What billing's list shows: its order, the statuses (None: all), the overdue ones only
    (``overdue_on``: issued and due before that day), the default view (``recent_since``: not
    yet paid or void, or issued since that day) and the words typed (each in the number, the
    customer's name or code, or one of the work orders billed)."""

    sort: str = "number"
    descending: bool = True
    statuses: frozenset[InvoiceStatus] | None = None
    overdue_on: date | None = None
    recent_since: date | None = None
    words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.sort not in INVOICE_SORTS:
            raise ValueError(f"the invoices list cannot sort by {self.sort!r}")


_OPEN = (InvoiceStatus.DRAFT.value, InvoiceStatus.ISSUED.value)


def _is_pg(uow: UnitOfWork) -> bool:
    return uow.session.get_bind().dialect.name == "postgresql"


def _contains(uow: UnitOfWork, column: Any, word: str) -> ColumnElement[bool]:
    """``word`` (folded) is in ``column`` whatever its case: SQLite's LIKE ignores ASCII case by
    itself and reads an index's entries without calling ``lower`` on each (a third of the
    time over 100,000 numbers); PostgreSQL's does not."""
    found: ColumnElement[bool] = (func.lower(column) if _is_pg(uow) else column).contains(word, autoescape=True)
    return found


def _matching_work_orders(uow: UnitOfWork, word: str) -> Select[Any]:
    """The ids of the work orders whose number holds ``word``. On PostgreSQL the work order's
    folded search text (which holds its number) is asked first, so that its trigram index finds
    the few that hold the word at all; SQLite reads the numbers' index (100,000 in a few ms)."""
    wo = m.WorkOrder
    matching = select(wo.id).where(_contains(uow, wo.number, word))
    if _is_pg(uow):
        matching = matching.where(wo.search_text.contains(word, autoescape=True))
    return matching


def _invoice_filters(uow: UnitOfWork, query: InvoiceQuery) -> list[ColumnElement[bool]]:
    """The list's conditions; each one an index can answer on its own is read as a set of ids
    first (an ``OR`` of two indexed conditions makes SQLite scan the whole table)."""
    inv = m.Invoice
    where: list[ColumnElement[bool]] = []
    if query.statuses is not None:
        where.append(inv.status.in_(sorted(s.value for s in query.statuses)) if query.statuses else false())
    if query.overdue_on is not None:
        past_due: ColumnElement[bool] = inv.due_on < query.overdue_on
        if not _is_pg(uow):  # few are overdue: SQLite, not knowing, would walk every invoice
            past_due = func.likelihood(past_due, literal_column("0.001"))
        where.append(and_(inv.status == InvoiceStatus.ISSUED.value, past_due))
    if query.recent_since is not None:
        still_open = select(inv.id).where(inv.status.in_(_OPEN))
        lately = select(inv.id).where(inv.issued_on >= query.recent_since)
        where.append(inv.id.in_(union(still_open, lately)))
    for word in query.words:  # each a subquery read once, not a test per invoice and line
        customers = select(m.Customer.id).where(or_(
            m.Customer.name_sort.contains(word, autoescape=True),
            _contains(uow, m.Customer.code, word),
        ))
        numbered = select(inv.id).where(_contains(uow, inv.number, word))
        billed = select(m.InvoiceLine.invoice_id).where(
            m.InvoiceLine.work_order_id.in_(_matching_work_orders(uow, word))
        )
        where.append(or_(inv.id.in_(numbered), inv.customer_id.in_(customers), inv.id.in_(billed)))
    return where


def _invoice_order(query: InvoiceQuery) -> list[Sort]:
    """The list's order, each ending in the id (rows that tie: the older first), descending
    the same order reversed; each has an index in that order but the customer's (a join)."""
    inv = m.Invoice
    orders: dict[str, list[Any]] = {
        "number": [inv.number_sort],
        "customer": [m.Customer.name_sort],
        "issued": [inv.issued_on],
        "due": [inv.due_on],
        "total": [inv.total_sort],
        "status": [inv.status, inv.issued_on],
    }
    terms = orders[query.sort]
    return [Sort(term, query.descending) for term in (*terms, inv.id)]


@dataclass(frozen=True)
class InvoiceListRow:
    """One invoice as the list shows it: plain values read in one statement (building a page
    of ORM objects cost more than the query itself)."""

    id: int
    number: str
    status: str
    issued_on: date
    due_on: date
    paid_on: date | None
    currency: str
    total: Decimal
    version: int
    void_reason: str | None
    customer_code: str
    customer_name: str
    #: (number, status) of each work order it bills, once each, in line order.
    work_orders: list[tuple[str, str]]


def invoice_page(
    uow: UnitOfWork, query: InvoiceQuery, after: Key | None, limit: int
) -> tuple[list[InvoiceListRow], Key | None]:
    """Up to ``limit`` invoices of the list in its order after ``after`` (None: the first), and
    where the next page begins (None: none)."""
    inv, customer = m.Invoice, m.Customer
    order = _invoice_order(query)
    stmt = (
        select(
            inv.id, inv.number, inv.status, inv.issued_on, inv.due_on, inv.paid_on, inv.currency,
            inv.total, inv.version, inv.void_reason, customer.code, customer.name,
        )
        .join(customer, customer.id == inv.customer_id)
        .where(*_invoice_filters(uow, query))
    )
    rows = uow.session.execute(paged(stmt, order, after, limit)).all()
    work = work_orders_of_invoices(uow, [row.id for row in rows])
    found = [
        InvoiceListRow(*row[:12], work_orders=work.get(row.id, []))  # type: ignore[misc]
        for row in rows
    ]
    return found, next_key(rows, order, limit)


def invoice_count(uow: UnitOfWork, query: InvoiceQuery) -> int:
    """How many invoices the list shows (one ``COUNT``)."""
    stmt = select(func.count()).select_from(m.Invoice).where(*_invoice_filters(uow, query))
    return int(uow.session.execute(stmt).scalar_one())
