"""Histories read from the newest back, a bounded number at a time (issue #11).

Ten years of a busy customer is hundreds of work orders and invoices, and a work order's audit
log grows with every edit: a history reads its open work (short by nature), then the ``limit``
newest of the rest, and says how many there are in all, so "Show older" can read further.
Nothing here reads a whole table: the work orders by their site (or asset) index, each one's
first visit by the bookings' work order index, the audit log by entity and by time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.sql import Select

from dispatch_console.domain.lifecycle import DONE, FINISHED_WORK
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

_FINISHED = sorted(str(s) for s in FINISHED_WORK)
_DONE = sorted(str(s) for s in DONE)


def _scope(customer_id: int | None, site_id: int | None, asset_id: int | None) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if customer_id is not None:
        conditions.append(m.Site.customer_id == customer_id)
    if site_id is not None:
        conditions.append(m.WorkOrder.site_id == site_id)
    if asset_id is not None:
        conditions.append(m.WorkOrder.asset_id == asset_id)
    if not conditions:
        raise ValueError("a history belongs to a customer, a site or an asset")
    return and_(*conditions)


def _first_visit() -> Any:
    """The work order's first booking's start (a look-up by the bookings' work order index)."""
    return (
        select(func.min(m.Booking.start)).where(m.Booking.work_order_id == m.WorkOrder.id)
        .correlate(m.WorkOrder).scalar_subquery()
    )


def _jobs(scope: ColumnElement[bool]) -> Select[Any]:
    first = _first_visit().label("first_start")
    return (
        select(
            m.WorkOrder.id, m.WorkOrder.number, m.WorkOrder.status, m.WorkOrder.type, m.WorkOrder.priority,
            m.WorkOrder.summary, m.WorkOrder.created_at, m.WorkOrder.completed_at, first,
            m.Site.code.label("site_code"), m.Asset.code.label("asset_code"),
        )
        .join(m.Site, m.Site.id == m.WorkOrder.site_id)
        .outerjoin(m.Asset, m.Asset.id == m.WorkOrder.asset_id)
        .where(scope)
    )


def _newest_first(stmt: Select[Any]) -> Select[Any]:
    """When it was done (or is planned, or was asked for), newest first; ties by the id."""
    first = _first_visit()
    return stmt.order_by(
        func.coalesce(m.WorkOrder.completed_at, first, m.WorkOrder.created_at).desc(), m.WorkOrder.id.desc(),
    )


def work_order_history(
    uow: UnitOfWork, limit: int, *, customer_id: int | None = None, site_id: int | None = None,
    asset_id: int | None = None,
) -> tuple[Sequence[Any], Sequence[Any], int]:
    """The open work of a customer, site or asset (all of it), the ``limit`` newest finished
    work orders, and how many finished ones there are in all."""
    scope = _scope(customer_id, site_id, asset_id)
    open_work = uow.session.execute(
        _newest_first(_jobs(scope).where(m.WorkOrder.status.not_in(_FINISHED)))
    ).all()
    finished = uow.session.execute(
        _newest_first(_jobs(scope).where(m.WorkOrder.status.in_(_FINISHED))).limit(limit)
    ).all()
    count = uow.session.execute(
        select(func.count(m.WorkOrder.id)).select_from(m.WorkOrder)
        .join(m.Site, m.Site.id == m.WorkOrder.site_id)
        .where(scope, m.WorkOrder.status.in_(_FINISHED))
    ).scalar_one()
    return open_work, finished, int(count)


def last_completion(
    uow: UnitOfWork, *, customer_id: int | None = None, site_id: int | None = None, asset_id: int | None = None
) -> Any | None:
    """The work order done last for a customer, at a site or on an asset (number, completed_at)."""
    return uow.session.execute(
        select(m.WorkOrder.number, m.WorkOrder.completed_at)
        .join(m.Site, m.Site.id == m.WorkOrder.site_id)
        .where(
            _scope(customer_id, site_id, asset_id),
            m.WorkOrder.status.in_(_DONE),
            m.WorkOrder.completed_at.is_not(None),
        )
        .order_by(m.WorkOrder.completed_at.desc(), m.WorkOrder.id.desc())
        .limit(1)
    ).first()


def invoices_of(uow: UnitOfWork, customer_id: int, limit: int) -> tuple[Sequence[Any], int]:
    """A customer's ``limit`` newest invoices, and how many it has in all."""
    rows = uow.session.execute(
        select(m.Invoice.number, m.Invoice.issued_on, m.Invoice.due_on, m.Invoice.currency, m.Invoice.total)
        .where(m.Invoice.customer_id == customer_id)
        .order_by(m.Invoice.issued_on.desc(), m.Invoice.number.desc())
        .limit(limit)
    ).all()
    count = uow.session.execute(
        select(func.count(m.Invoice.id)).where(m.Invoice.customer_id == customer_id)
    ).scalar_one()
    return rows, int(count)


#: The tables whose rows belong to a work order (their audit rows are its history too).
CHILDREN = (m.Booking, m.LaborEntry, m.PartUsed, m.Note, m.Attachment, m.ChecklistItem, m.PlannedPart,
            m.ScopeChange, m.Signature)


def audit_of_work_order(uow: UnitOfWork, number: str, limit: int | None) -> tuple[list[m.AuditEntry], bool]:
    """The newest audit rows of a work order and of its children, newest first, at most
    ``limit`` read (None: all of them), and whether older ones may remain.

    Rows found by the work order's id (or a child's), or
    by actions naming its number; an action can only name it once it exists, so that text is
    looked for from its creation on (the log's time index), not in ten years of log.
    """
    wo = uow.session.execute(
        select(m.WorkOrder.id, m.WorkOrder.created_at).where(m.WorkOrder.number == number)
    ).first()
    if wo is None:
        return [], False
    children: dict[str, list[int]] = {}
    for model in CHILDREN:
        ids = uow.session.scalars(select(model.id).where(model.work_order_id == wo.id)).all()
        if ids:
            children[model.__tablename__] = list(ids)
    a = m.AuditEntry
    condition = or_(
        and_(a.entity == "work_order", a.entity_id == wo.id),
        and_(a.at >= wo.created_at, a.action.contains(number, autoescape=True)),
        *(and_(a.entity == table, a.entity_id.in_(ids)) for table, ids in children.items()),
    )
    rows = uow.session.scalars(select(a).where(condition).order_by(a.id.desc()).limit(limit)).all()
    pattern = re.compile(rf"(?<![\w-]){re.escape(number)}(?![\w-])")
    kept = []
    for row in rows:
        if row.entity == "work_order":
            if row.entity_id == wo.id:
                kept.append(row)
            continue
        details = row.details if isinstance(row.details, dict) else {}
        mine = row.entity_id in children.get(row.entity, ())
        points_here = details.get("work_order_id") == wo.id
        if mine or points_here or ("work_order_id" not in details and pattern.search(row.action)):
            kept.append(row)
    return kept, limit is not None and len(rows) >= limit


__all__ = ["CHILDREN", "audit_of_work_order", "invoices_of", "last_completion", "work_order_history"]
