"""The work order list read a page at a time: sorted, filtered and searched in SQL.

Every order is (the column's stored key, ``number_sort``, ``id``), and each has an index in
exactly that order (``models.LIST_ORDERS``), so the first screenful after a click on a header is
the first rows of an index, whatever the number of work orders. A page continues after the last
row of the previous one (keyset: ``WHERE (key, number_sort, id) > last``), so the hundredth page
costs what the first does and a row changed meanwhile is neither skipped nor shown twice.
Descending is the same order reversed, as the old list's was.

Empty values (nobody booked, not scheduled, no due-by) come after the filled ones, as in the old
list (so first when descending): they are read as a second run of the same index
(``key IS NULL``), which keeps both runs in index order on SQLite and PostgreSQL alike.

Free text: every word typed must be in the work order's ``search_text`` (number, summary,
customer, site name and code, booked technicians; case folded as the old list's filter did),
kept by ``work_order_keys``. Chosen over an FTS5 table on SQLite because it costs a write
nothing beyond the sort keys it is stored with (the FTS5 table kept by triggers made every work
order write 60-70 % slower), and a scan of one short column answers within the budget at 100,000
work orders (``tests/benchmarks/bench_work_order_list.py``): SQLite compares with ``instr``
(both sides already folded), PostgreSQL with ``LIKE`` on a trigram GIN index (migration 0007).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, false, func, not_, or_, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.lifecycle import ARCHIVED
from dispatch_console.domain.sorting import search_words, sort_key
from dispatch_console.storage import models as m

#: The orders the list can sort by (one index each).
SORTABLE = tuple(m.LIST_ORDERS)
#: The orders whose value can be empty (sorted after the filled ones).
MAY_BE_EMPTY = frozenset({"technicians", "scheduled", "due_by"})
#: Technician filter value for the work orders nobody is booked on.
NOBODY = ""


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: the order, the filters (None = all) and the words searched."""

    sort: str = "number"
    descending: bool = False
    statuses: frozenset[Status] | None = None
    type: WorkOrderType | None = None
    priority: Priority | None = None
    #: A technician's name, ``NOBODY`` for the unbooked ones, None for all.
    technician: str | None = None
    text: str = ""
    #: Every work order ever; else open work and what was created or changed since ``since``.
    whole_history: bool = True
    since: datetime | None = None

    def __post_init__(self) -> None:
        if self.sort not in SORTABLE:
            raise ValueError(f"the work order list cannot sort by {self.sort!r}")

    @property
    def words(self) -> tuple[str, ...]:
        return search_words(self.text)


#: Where a page continues: the last row's (0 filled / 1 empty, key, number_sort, id). Opaque.
Key = tuple[int, Any, str, int]


@dataclass(frozen=True)
class PageRow:
    """One line of the list, as read."""

    id: int
    number: str
    type: str
    priority: str
    status: str
    summary: str
    customer: str
    site: str
    technicians: tuple[str, ...]
    scheduled_start: datetime | None
    due_by: datetime | None
    created_at: datetime
    estimated_hours: Decimal
    version: int
    search_text: str
    key: Key


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _sort_column(sort: str) -> Any:
    """The stored column an order sorts by before number and id (None: number alone)."""
    columns = m.LIST_ORDERS[sort]
    return getattr(m.WorkOrder, columns[0]) if columns else None


def _filters(session: Session, query: ListQuery) -> list[ColumnElement[bool]]:
    wo = m.WorkOrder
    where: list[ColumnElement[bool]] = []
    if query.statuses is not None:
        where.append(wo.status.in_([s.value for s in query.statuses]) if query.statuses else false())
    if query.type is not None:
        where.append(wo.type == query.type.value)
    if query.priority is not None:
        where.append(wo.priority == query.priority.value)
    if query.technician is not None:
        booked = select(m.Booking.id).where(m.Booking.work_order_id == wo.id)
        if query.technician == NOBODY:
            where.append(not_(exists(booked)))
        else:
            where.append(exists(
                booked.join(m.Technician, m.Technician.id == m.Booking.technician_id)
                .where(m.Technician.name == query.technician)
            ))
    if not query.whole_history:
        recent: list[ColumnElement[bool]] = [
            wo.status.in_([s.value for s in Status if s not in ARCHIVED])
        ]
        if query.since is not None:
            recent += [wo.created_at >= query.since, wo.updated_at >= query.since]
        where.append(or_(*recent))
    for word in query.words:
        where.append(_contains(session, word))
    return where


def _contains(session: Session, word: str) -> ColumnElement[bool]:
    """``word`` (folded) is in the work order's folded search text."""
    column = m.WorkOrder.search_text
    if not _is_pg(session):
        return func.instr(column, word) > 0
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def _runs(sort: str, descending: bool, after: Key | None) -> list[int]:
    """The runs of the order still to read: 0 = filled values, 1 = empty ones."""
    runs = [0, 1] if sort in MAY_BE_EMPTY else [0]
    if descending:
        runs.reverse()
    return runs if after is None else runs[runs.index(after[0]):]


def page(session: Session, query: ListQuery, after: Key | None, limit: int) -> list[PageRow]:
    """Up to ``limit`` rows of the list in its order, continuing after ``after`` (None: from the top)."""
    wo, site, customer = m.WorkOrder, m.Site, m.Customer
    value = _sort_column(query.sort)
    filters = _filters(session, query)
    found: list[tuple[int, Any]] = []
    for run in _runs(query.sort, query.descending, after):
        order: list[Any] = [wo.number_sort, wo.id]
        if value is not None and run == 0:
            order.insert(0, value)
        stmt = (
            select(
                wo.id, wo.number, wo.type, wo.priority, wo.status, wo.summary, wo.due_by,
                wo.created_at, wo.estimated_hours, wo.version, wo.scheduled_sort,
                wo.search_text, wo.number_sort,
                (value if value is not None else wo.id).label("sort_value"),
                site.name.label("site_name"), customer.name.label("customer_name"),
            )
            .join(site, site.id == wo.site_id)
            .join(customer, customer.id == site.customer_id)
            .where(*filters)
        )
        if value is not None and query.sort in MAY_BE_EMPTY:
            stmt = stmt.where(value.is_(None) if run else value.is_not(None))
        if after is not None and after[0] == run:
            last: list[Any] = [after[2], after[3]]
            if value is not None and run == 0:
                last.insert(0, after[1])
            beyond = tuple_(*order) < tuple_(*last) if query.descending else tuple_(*order) > tuple_(*last)
            stmt = stmt.where(beyond)
        stmt = stmt.order_by(*[c.desc() for c in order] if query.descending else order)
        stmt = stmt.limit(limit - len(found))
        found += [(run, row) for row in session.execute(stmt)]
        if len(found) >= limit:
            break
    names = technician_names(session, [row.id for _run, row in found])
    return [
        PageRow(
            id=row.id, number=row.number, type=row.type, priority=row.priority,
            status=row.status, summary=row.summary, customer=row.customer_name,
            site=row.site_name, technicians=names.get(row.id, ()),
            scheduled_start=row.scheduled_sort, due_by=row.due_by, created_at=row.created_at,
            estimated_hours=row.estimated_hours, version=row.version,
            search_text=row.search_text or "",
            key=(run, row.sort_value if value is not None else None, row.number_sort, row.id),
        )
        for run, row in found
    ]


def technician_names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The names booked on each work order, in the order the bookings were made, each once."""
    if not ids:
        return {}
    stmt = (
        select(m.Booking.work_order_id, m.Technician.name)
        .join(m.Technician, m.Technician.id == m.Booking.technician_id)
        .where(m.Booking.work_order_id.in_(ids))
        .order_by(m.Booking.id)
    )
    names: dict[int, list[str]] = {}
    for wo_id, name in session.execute(stmt):
        bucket = names.setdefault(wo_id, [])
        if name not in bucket:
            bucket.append(name)
    return {wo_id: tuple(bucket) for wo_id, bucket in names.items()}


def count(session: Session, query: ListQuery) -> int:
    """How many work orders the list shows with these filters (one ``COUNT``)."""
    stmt = select(func.count()).select_from(m.WorkOrder).where(*_filters(session, query))
    return int(session.execute(stmt).scalar_one())


def technicians_booked(session: Session) -> list[str]:
    """The names of the technicians booked on any work order (the technician filter's choices)."""
    stmt = select(m.Technician.name).where(
        exists(select(m.Booking.id).where(m.Booking.technician_id == m.Technician.id))
    )
    return sorted(session.scalars(stmt), key=sort_key)
