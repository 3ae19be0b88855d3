"""The work order list read a page at a time: sorted, filtered and searched in SQL.

A page continues after the last row of the previous one (keyset: ``WHERE key > last key``), so
the hundredth page costs what the first does and a row changed meanwhile is neither skipped nor
shown twice. Every order ends with the work order number (``domain.sorting.number_key``), which
makes it total: ties are broken the same way on every page and on both databases.

Empty values (not scheduled, no due-by, nobody booked) come last in both directions: a
dispatcher sorting by due-by wants the deadlines, not the blanks, at the top.

Text sorts by ``domain.sorting.sort_key`` (accents and case folded): PostgreSQL computes it
with ``translate``/``replace`` from the same table, SQLite calls the Python function. Keys are
compared by code point on both (``COLLATE "C"`` on PostgreSQL, SQLite's default).

Free text: every word must appear (case-blind) in the number, summary, customer, site name,
site code or a booked technician's name, as the list's filter always did. SQLite answers from
the FTS5 trigram table ``work_order_search`` (migration 0006; words shorter than three letters
by ``LIKE`` over the same table); PostgreSQL compares ``lower(column) LIKE`` (trigram indexes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.lifecycle import ARCHIVED
from dispatch_console.domain.sorting import multi_folds, single_folds, sort_key
from dispatch_console.storage import models as m

#: The columns the list can sort by.
SORTABLE = (
    "number", "status", "priority", "type", "customer", "site", "summary",
    "technicians", "scheduled", "due_by", "estimated_hours",
)
#: Technician filter value for the work orders nobody is booked on.
NOBODY = ""
#: The SQLite function that computes ``sort_key`` (registered on the connection when used).
SQLITE_SORT_KEY = "dc_sort_key"
#: SQLite's full-text table of the list's search (migration 0006).
SEARCH_TABLE = "work_order_search"


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
        """The words searched, in lower case. (Lower, not casefold: the indexes fold case the
        way ``lower`` does, so "strasse" does not find "Straße"; "straße" does.)"""
        return tuple(self.text.lower().split())


#: Where a page continues: the last row's (empty?, sort value, number). Opaque to callers.
Key = tuple[int, Any, str]


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
    site_code: str
    technicians: tuple[str, ...]
    scheduled_start: datetime | None
    due_by: datetime | None
    created_at: datetime
    estimated_hours: Any
    version: int
    key: Key


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _prepare(session: Session) -> None:
    """SQLite computes ``sort_key`` by calling it: register it on this connection."""
    if not _is_pg(session):
        raw = session.connection().connection.dbapi_connection
        raw.create_function(SQLITE_SORT_KEY, 1, sort_key, deterministic=True)  # type: ignore[union-attr]


def _folded(session: Session, column: Any) -> ColumnElement[Any]:
    if not _is_pg(session):
        return getattr(func, SQLITE_SORT_KEY)(column)  # type: ignore[no-any-return]
    source, target = single_folds()
    expression: ColumnElement[Any] = func.translate(func.coalesce(column, ""), source, target)
    for char, fold in multi_folds():
        expression = func.replace(expression, char, fold)
    return expression.collate("C")


def _text_order(session: Session, column: Any) -> ColumnElement[Any]:
    return column.collate("C") if _is_pg(session) else column  # type: ignore[no-any-return]


def _first_start() -> Any:
    return (
        select(func.min(m.Booking.start))
        .where(m.Booking.work_order_id == m.WorkOrder.id)
        .scalar_subquery()
    )


def _sort_value(session: Session, sort: str) -> ColumnElement[Any] | None:
    """The value a column sorts by (None: by number alone)."""
    if sort == "number":
        return None
    if sort == "status":
        return case({status.value: i for i, status in enumerate(Status)}, value=m.WorkOrder.status)
    if sort == "priority":
        return m.WorkOrder.priority_rank  # type: ignore[return-value]
    if sort == "type":
        return _text_order(session, m.WorkOrder.type)
    if sort == "customer":
        return _folded(session, m.Customer.name)
    if sort == "site":
        return _folded(session, m.Site.name)
    if sort == "summary":
        return _folded(session, m.WorkOrder.summary)
    if sort == "technicians":
        first = (
            select(func.min(_folded(session, m.Technician.name)))
            .select_from(m.Booking)
            .join(m.Technician, m.Technician.id == m.Booking.technician_id)
            .where(m.Booking.work_order_id == m.WorkOrder.id)
            .scalar_subquery()
        )
        return first
    if sort == "scheduled":
        return _first_start()  # type: ignore[no-any-return]
    if sort == "due_by":
        return m.WorkOrder.due_by  # type: ignore[return-value]
    if _is_pg(session):
        return m.WorkOrder.estimated_hours  # type: ignore[return-value]
    return cast(m.WorkOrder.estimated_hours, Float)  # stored as text on SQLite


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
        recent: list[ColumnElement[bool]] = [wo.status.not_in([s.value for s in ARCHIVED])]
        if query.since is not None:
            recent += [wo.created_at >= query.since, wo.updated_at >= query.since]
        where.append(or_(*recent))
    if query.words:
        where.append(_search(session, query.words))
    return where


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _search(session: Session, words: Sequence[str]) -> ColumnElement[bool]:
    wo = m.WorkOrder
    if not _is_pg(session):
        from sqlalchemy import column, table

        fts = table(SEARCH_TABLE, column("rowid"), column(SEARCH_TABLE), column("doc"))
        conditions: list[ColumnElement[bool]] = []
        long_words = [w for w in words if len(w) >= 3]
        if long_words:
            phrase = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            conditions.append(wo.id.in_(
                select(fts.c.rowid).where(fts.c[SEARCH_TABLE].op("MATCH")(phrase))
            ))
        for word in words:
            if len(word) < 3:
                conditions.append(wo.id.in_(
                    select(fts.c.rowid).where(fts.c.doc.like(_like_pattern(word), escape="\\"))
                ))
        return and_(*conditions)
    per_word: list[ColumnElement[bool]] = []
    for word in words:
        pattern = _like_pattern(word.lower())

        def like(col: Any, pattern: str = pattern) -> ColumnElement[bool]:
            return func.lower(col).like(pattern, escape="\\")

        technician = exists(
            select(m.Booking.id)
            .join(m.Technician, m.Technician.id == m.Booking.technician_id)
            .where(m.Booking.work_order_id == wo.id, like(m.Technician.name))
        )
        per_word.append(or_(
            like(wo.number), like(wo.summary), like(m.Customer.name), like(m.Site.name),
            like(m.Site.code), technician,
        ))
    return and_(*per_word)


def _base(session: Session, query: ListQuery, *columns: Any) -> Any:
    return (
        select(*columns)
        .select_from(m.WorkOrder)
        .join(m.Site, m.Site.id == m.WorkOrder.site_id)
        .join(m.Customer, m.Customer.id == m.Site.customer_id)
        .where(*_filters(session, query))
    )


def _after(
    value: ColumnElement[Any] | None, number: Any, key: Key, descending: bool
) -> ColumnElement[bool]:
    """Rows after ``key`` in the order (empty last, value, number length, number)."""
    empty_0, value_0, number_0 = key

    def beyond(col: Any, than: Any) -> ColumnElement[bool]:
        return col < than if descending else col > than  # type: ignore[no-any-return]

    length = func.length(m.WorkOrder.number)
    by_number = or_(
        beyond(length, len(number_0)), and_(length == len(number_0), beyond(number, number_0))
    )
    if value is None:
        return by_number
    is_empty = case((value.is_(None), 1), else_=0)
    if empty_0:
        return and_(value.is_(None), by_number)
    return or_(
        value.is_(None),
        and_(is_empty == 0, or_(beyond(value, value_0), and_(value == value_0, by_number))),
    )


def page(
    session: Session, query: ListQuery, after: Key | None, limit: int
) -> list[PageRow]:
    """Up to ``limit`` rows of the list in its order, continuing after ``after`` (None: from the top)."""
    _prepare(session)
    wo = m.WorkOrder
    value = _sort_value(session, query.sort)
    number = _text_order(session, wo.number)
    length = func.length(wo.number)
    order: list[Any] = []
    if value is not None:
        order.append(case((value.is_(None), 1), else_=0))
        order.append(value.desc() if query.descending else value)
    order += [length.desc(), number.desc()] if query.descending else [length, number]
    stmt = _base(
        session, query,
        wo.id, wo.number, wo.type, wo.priority, wo.status, wo.summary, wo.due_by,
        wo.created_at, wo.estimated_hours, wo.version,
        m.Site.code.label("site_code"), m.Site.name.label("site_name"),
        m.Customer.name.label("customer_name"),
        (value if value is not None else literal(None)).label("sort_value"),
    ).order_by(*order).limit(limit)
    if after is not None:
        stmt = stmt.where(_after(value, number, after, query.descending))
    rows = session.execute(stmt).all()
    ids = [row.id for row in rows]
    names = technician_names(session, ids)
    # Read for the page's rows only: in the statement above it would be computed for every row sorted.
    starts: dict[int, datetime] = dict(session.execute(  # type: ignore[arg-type]
        select(m.Booking.work_order_id, func.min(m.Booking.start))
        .where(m.Booking.work_order_id.in_(ids)).group_by(m.Booking.work_order_id)
    ).all()) if ids else {}
    return [
        PageRow(
            id=row.id, number=row.number, type=row.type, priority=row.priority,
            status=row.status, summary=row.summary, customer=row.customer_name,
            site=row.site_name, site_code=row.site_code, technicians=names.get(row.id, ()),
            scheduled_start=starts.get(row.id), due_by=row.due_by, created_at=row.created_at,
            estimated_hours=row.estimated_hours, version=row.version,
            key=(1 if value is not None and row.sort_value is None else 0, row.sort_value, row.number),
        )
        for row in rows
    ]


def technician_names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The names booked on each work order, in the order of their bookings, each once."""
    if not ids:
        return {}
    stmt = (
        select(m.Booking.work_order_id, m.Technician.name)
        .join(m.Technician, m.Technician.id == m.Booking.technician_id)
        .where(m.Booking.work_order_id.in_(ids))
        .order_by(m.Booking.work_order_id, m.Booking.start, m.Booking.id)
    )
    names: dict[int, list[str]] = {}
    for wo_id, name in session.execute(stmt):
        bucket = names.setdefault(wo_id, [])
        if name not in bucket:
            bucket.append(name)
    return {wo_id: tuple(bucket) for wo_id, bucket in names.items()}


def count(session: Session, query: ListQuery) -> int:
    """How many work orders the list shows with these filters (one ``COUNT``)."""
    _prepare(session)
    stmt = _base(session, query, func.count(m.WorkOrder.id))
    return int(session.execute(stmt).scalar_one())


def technicians_booked(session: Session) -> list[str]:
    """The names of the technicians booked on any work order (the technician filter's choices)."""
    stmt = select(m.Technician.name).where(
        exists(select(m.Booking.id).where(m.Booking.technician_id == m.Technician.id))
    )
    return sorted(session.scalars(stmt), key=sort_key)


