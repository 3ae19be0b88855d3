"""The work order list's stored keys, kept right by every write.

The list sorts and searches 100,000 work orders by index (``work_order_pages.py``); an index
cannot hold a key computed at query time from the customer's, site's or technicians' names, so
each work order stores what it sorts as (``number_sort``, ``customer_sort``...) and what its free
text is searched in (``search_text``), all computed by ``domain.sorting``.

Who keeps them: the session itself, after every flush, for the work orders whose sources the
flush changed (a work order created or edited, a booking made, moved or removed, a customer,
site or technician renamed), so no service can forget it. Writers that bypass the ORM (the bulk
importer, the recurring generator's bulk insert, a migration) call ``refresh_list_keys`` with
the work orders they wrote; a work order left without keys is found by ``missing_keys``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from dispatch_console.domain.enums import Status
from dispatch_console.domain.sorting import (
    STATUS_RANK,
    number_key,
    search_text,
    sort_key,
    technicians_key,
)
from dispatch_console.storage import models as m

__all__ = ["KEY_COLUMNS", "missing_keys", "refresh_list_keys", "work_orders_to_refresh"]

#: The stored columns this module keeps.
KEY_COLUMNS = (
    "number_sort", "status_sort", "customer_sort", "site_sort", "summary_sort",
    "technicians_sort", "scheduled_sort", "hours_sort", "search_text",
)
#: The source columns of each record whose change moves a work order's keys.
_SOURCES: dict[type[m.Base], tuple[str, ...]] = {
    m.WorkOrder: ("number", "summary", "status", "site_id", "estimated_hours"),
    m.Booking: ("work_order_id", "technician_id", "start"),
    m.Site: ("name", "code", "customer_id"),
    m.Customer: ("name",),
    m.Technician: ("name",),
}
_CHUNK = 500


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _all_ids(session: Session) -> list[int]:
    return list(session.execute(select(m.WorkOrder.id).order_by(m.WorkOrder.id)).scalars())


def refresh_list_keys(session: Session, work_order_ids: Iterable[int] | None = None) -> int:
    """Compute and store the list keys of these work orders (None: of every work order).

    For writers that bypass the ORM: call it in the same transaction, after the work orders
    and their bookings are inserted. Returns how many work orders it updated.
    """
    ids = sorted(set(work_order_ids)) if work_order_ids is not None else _all_ids(session)
    table = cast(Table, m.WorkOrder.__table__)
    update = table.update().where(table.c.id == bindparam("_id")).values(
        {name: bindparam(name) for name in KEY_COLUMNS}
    )
    connection = session.connection()
    done = 0
    for chunk in _chunks(ids):
        values = _keys(session, chunk)
        if values:
            connection.execute(update, values)
            done += len(values)
    return done


def _keys(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    wo, site, customer = m.WorkOrder, m.Site, m.Customer
    rows = session.execute(
        select(
            wo.id, wo.number, wo.summary, wo.status, wo.estimated_hours,
            site.name.label("site_name"), site.code.label("site_code"),
            customer.name.label("customer_name"),
        )
        .join(site, site.id == wo.site_id)
        .join(customer, customer.id == site.customer_id)
        .where(wo.id.in_(ids))
    ).all()
    names: dict[int, list[str]] = {}
    starts: dict[int, datetime] = {}
    # Names in the order the bookings were made, each once: as the list has always shown them.
    for wo_id, name, start in session.execute(
        select(m.Booking.work_order_id, m.Technician.name, m.Booking.start)
        .join(m.Technician, m.Technician.id == m.Booking.technician_id)
        .where(m.Booking.work_order_id.in_(ids))
        .order_by(m.Booking.id)
    ):
        bucket = names.setdefault(wo_id, [])
        if name not in bucket:
            bucket.append(name)
        if wo_id not in starts or start < starts[wo_id]:
            starts[wo_id] = start
    values: list[dict[str, Any]] = []
    for row in rows:
        techs = names.get(row.id, [])
        values.append({
            "_id": row.id,
            "number_sort": number_key(row.number),
            "status_sort": STATUS_RANK[Status(row.status)],
            "customer_sort": sort_key(row.customer_name),
            "site_sort": sort_key(row.site_name),
            "summary_sort": sort_key(row.summary),
            "technicians_sort": technicians_key(techs),
            "scheduled_sort": starts.get(row.id),
            "hours_sort": float(row.estimated_hours),
            "search_text": search_text(
                row.number, row.summary, row.customer_name, row.site_name, row.site_code, techs
            ),
        })
    return values


def missing_keys(session: Session, limit: int = 10_000) -> list[int]:
    """Work orders written without their keys (by a writer that bypassed the ORM)."""
    return list(session.execute(
        select(m.WorkOrder.id).where(m.WorkOrder.number_sort.is_(None)).limit(limit)
    ).scalars())


def _changed(obj: Any, columns: tuple[str, ...]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in columns)


def _old_and_new(obj: Any, column: str) -> list[Any]:
    history = inspect(obj).attrs[column].history
    return [*history.deleted, *history.added, getattr(obj, column, None)]


def work_orders_to_refresh(session: Session) -> set[int]:
    """The work orders whose keys the running flush moves."""
    wo_ids: set[int] = set()
    site_ids: set[int] = set()
    customer_ids: set[int] = set()
    tech_ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, m.WorkOrder):
            wo_ids.add(obj.id)
        elif isinstance(obj, m.Booking):
            wo_ids.add(obj.work_order_id)
    for obj in session.deleted:
        if isinstance(obj, m.Booking):
            wo_ids.update(_old_and_new(obj, "work_order_id"))
    for obj in session.dirty:
        sources = _SOURCES.get(type(obj))
        if sources is None or not _changed(obj, sources):
            continue
        if isinstance(obj, m.WorkOrder):
            wo_ids.add(obj.id)
        elif isinstance(obj, m.Booking):
            wo_ids.update(_old_and_new(obj, "work_order_id"))
        elif isinstance(obj, m.Site):
            site_ids.add(obj.id)
        elif isinstance(obj, m.Customer):
            customer_ids.add(obj.id)
        elif isinstance(obj, m.Technician):
            tech_ids.add(obj.id)
    wo = m.WorkOrder
    if customer_ids:
        site_ids.update(session.execute(
            select(m.Site.id).where(m.Site.customer_id.in_(customer_ids))
        ).scalars())
    if site_ids:
        wo_ids.update(session.execute(select(wo.id).where(wo.site_id.in_(site_ids))).scalars())
    if tech_ids:
        wo_ids.update(session.execute(
            select(m.Booking.work_order_id).where(m.Booking.technician_id.in_(tech_ids)).distinct()
        ).scalars())
    wo_ids.discard(None)  # type: ignore[arg-type, unused-ignore]
    return wo_ids


@event.listens_for(Session, "after_flush")
def _keep_list_keys(session: Session, _ctx: UOWTransaction) -> None:
    ids = work_orders_to_refresh(session)
    if ids:
        refresh_list_keys(session, ids)
