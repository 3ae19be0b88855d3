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

Filters are written in the shape each database's planner starts from when they are selective:
a technician's work orders come from the technician's bookings (``id IN (bookings by
technician)``, on their index), open and recent work from the status, created and updated
indexes (an OR SQLite answers with one index each); the planner then sorts the few thousand
rows found, or walks the order's index when the matches are many or come first (the default
view, newest first: the recent work is at the top of the number index). Measured against
forcing a sort whenever the count is small, the planner's own choice was as fast or faster.

Free text: every word typed must be in the work order's folded ``search_text`` (number,
summary, customer, site name and code, booked technicians), kept by ``work_order_keys``.
SQLite looks the words of three letters and more up in an FTS5 trigram table beside it (any
part of the text, as ``in``: a word is a quoted phrase, so nothing typed is FTS syntax) and
compares shorter words with ``instr`` on what the others found, or on every row when all are
short. PostgreSQL compares with ``LIKE '%word%'`` on the column, which its trigram GIN index
answers for three letters and more. Chosen over a scan of the column (the previous choice):
at 100,000 work orders a scan costs 60 ms of CPU whatever the word, the FTS5 look-up a few
milliseconds ("zz-nothing": 110 ms -> 3 ms; "leak", 2,600 matches sorted by customer: 25 ms,
on a busy 2-core machine, ``tests/benchmarks/bench_work_order_list.py``). The table is written
beside the keys, one statement per batch, not by triggers (they made every work order write
60-70 % slower); it costs ~40 MB and ~6 s to build at 100,000 (migration 0007). One- and
two-letter searches still scan (their COUNT is the cost); the list waits for a pause in
typing before it asks, so they are rarely asked alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Connection,
    column,
    exists,
    false,
    func,
    or_,
    select,
    table,
    tuple_,
)
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

    def finds_what(self, other: ListQuery) -> bool:
        """Whether this query finds the rows ``other`` finds, in whatever order (its count is
        the same: a click on a header needs no COUNT)."""
        return replace(self, sort=other.sort, descending=other.descending) == other


#: Where a page continues: the last row's (0 filled / 1 empty, key, number_sort, id). Opaque.
Key = tuple[int, Any, str, int]
#: Words shorter than a trigram are looked for in the stored text itself.
TRIGRAM = 3


@dataclass(frozen=True)
class WorkOrderRow:
    """One line of the work order list: plain data, no database access behind it. Read here a
    page at a time (and whole by ``services.work_orders.list_rows``); services and screens
    name it from ``services.work_orders``."""

    id: int
    number: str
    type: WorkOrderType
    priority: Priority
    status: Status
    summary: str
    customer: str
    site: str
    technicians: tuple[str, ...]
    scheduled_start: datetime | None
    due_by: datetime | None
    created_at: datetime
    estimated_hours: Decimal
    version: int
    search_text: str = field(repr=False, default="")


#: A row of a page, and where the list continues after it.
Found = tuple[WorkOrderRow, Key]

_TYPES = {t.value: t for t in WorkOrderType}
_PRIORITIES = {p.value: p for p in Priority}
_STATUSES = {s.value: s for s in Status}


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _sort_column(sort: str) -> Any:
    """The stored column an order sorts by before number and id (None: number alone)."""
    columns = m.LIST_ORDERS[sort]
    return getattr(m.WorkOrder, columns[0]) if columns else None


_SEARCH = table(m.WORK_ORDER_SEARCH, column("rowid"), column(m.WORK_ORDER_SEARCH))


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
        if query.technician == NOBODY:
            # Nobody booked is exactly no technicians key (sorting.technicians_key), on its index.
            where.append(wo.technicians_sort.is_(None))
        else:
            # From the technician's bookings (their index) to the work orders: a few thousand.
            where.append(wo.id.in_(
                select(m.Booking.work_order_id)
                .join(m.Technician, m.Technician.id == m.Booking.technician_id)
                .where(m.Technician.name == query.technician)
            ))
    if not query.whole_history:
        recent: list[ColumnElement[bool]] = [
            wo.status.in_([s.value for s in Status if s not in ARCHIVED])
        ]
        if query.since is not None:
            recent += [wo.created_at >= query.since, wo.updated_at >= query.since]
        where.append(or_(*recent))
    where += _search(session, query.words)
    return where


def _search(session: Session, words: Sequence[str]) -> list[ColumnElement[bool]]:
    """Every word (folded) is in the work order's folded search text.

    SQLite: the words of three letters and more are looked up in the FTS5 trigram table (each
    a quoted phrase: any part of the text, as ``in``), the shorter ones compared with ``instr``
    on the rows found (or on every row when all words are short). PostgreSQL: ``LIKE`` on the
    column, which its trigram GIN index answers for words of three letters and more."""
    stored = m.WorkOrder.search_text
    if _is_pg(session):
        return [stored.like(f"%{_escape_like(word)}%", escape="\\") for word in words]
    long = [word for word in words if len(word) >= TRIGRAM]
    where: list[ColumnElement[bool]] = []
    if long:
        phrases = " ".join('"' + word.replace('"', '""') + '"' for word in long)
        where.append(m.WorkOrder.id.in_(
            select(_SEARCH.c.rowid).where(_SEARCH.c[m.WORK_ORDER_SEARCH].op("MATCH")(phrases))
        ))
    where += [func.instr(stored, word) > 0 for word in words if len(word) < TRIGRAM]
    return where


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _runs(sort: str, descending: bool, after: Key | None) -> list[int]:
    """The runs of the order still to read: 0 = filled values, 1 = empty ones."""
    runs = [0, 1] if sort in MAY_BE_EMPTY else [0]
    if descending:
        runs.reverse()
    return runs if after is None else runs[runs.index(after[0]):]


def page(session: Session, query: ListQuery, after: Key | None, limit: int) -> list[Found]:
    """Up to ``limit`` rows of the list in its order, each with the key the list continues
    after, continuing after ``after`` (None: from the top): one statement per run of the
    order for the keys, one for the rows of those keys, one for the names booked on them.

    The order is found on the keys alone and the rows read after: a search the database
    answers from its text index sorts what it finds, and sorting a few thousand whole rows
    (with their customer and site) cost five times sorting their keys."""
    wo, site, customer = m.WorkOrder, m.Site, m.Customer
    value = _sort_column(query.sort)
    filters = _filters(session, query)
    connection = session.connection()
    found: list[tuple[int, Any]] = []
    for run in _runs(query.sort, query.descending, after):
        order: list[Any] = [wo.number_sort, wo.id]
        if value is not None and run == 0:
            order.insert(0, value)
        stmt = select(wo.id, value if value is not None else wo.id, wo.number_sort).where(*filters)
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
        found += [(run, key) for key in connection.execute(stmt)]
        if len(found) >= limit:
            break
    ids = [key[0] for _run, key in found]
    columns = select(
        wo.id, wo.number, wo.type, wo.priority, wo.status, wo.summary, customer.name, site.name,
        wo.scheduled_sort, wo.due_by, wo.created_at, wo.estimated_hours, wo.version, wo.search_text,
    ).join(site, site.id == wo.site_id).join(customer, customer.id == site.customer_id)
    rows = {row[0]: row for chunk in _chunks(ids) for row in connection.execute(columns.where(wo.id.in_(chunk)))}
    names = _technician_names(connection, ids)
    none: tuple[str, ...] = ()
    return [
        (
            WorkOrderRow(
                row[0], row[1], _TYPES[row[2]], _PRIORITIES[row[3]], _STATUSES[row[4]], row[5],
                row[6], row[7], names.get(row[0], none), row[8], row[9], row[10], row[11], row[12],
                row[13] or "",
            ),
            (run, key[1] if value is not None else None, key[2], key[0]),
        )
        for run, key in found
        for row in (rows[key[0]],)
    ]


def _technician_names(connection: Connection, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The names booked on each work order, in the order of their visits, each once."""
    names: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        stmt = (
            select(m.Booking.work_order_id, m.Technician.name)
            .join(m.Technician, m.Technician.id == m.Booking.technician_id)
            .where(m.Booking.work_order_id.in_(chunk))
            .order_by(m.Booking.start, m.Booking.id)
        )
        for wo_id, name in connection.execute(stmt):
            bucket = names.setdefault(wo_id, [])
            if name not in bucket:
                bucket.append(name)
    return {wo_id: tuple(bucket) for wo_id, bucket in names.items()}


#: Ids a statement names at the most: SQLite as Python ships it on Windows and macOS takes
#: 32,766 values a statement (a refresh reads again every row the list has loaded).
IDS_A_STATEMENT = 10_000


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[at:at + IDS_A_STATEMENT] for at in range(0, len(ids), IDS_A_STATEMENT)]


def count(session: Session, query: ListQuery) -> int:
    """How many work orders the list shows with these filters (one ``COUNT``)."""
    stmt = select(func.count()).select_from(m.WorkOrder).where(*_filters(session, query))
    return int(session.connection().execute(stmt).scalar_one())


def shows(session: Session, query: ListQuery, number: str) -> bool:
    """Whether the list with these filters has work order ``number`` (by its unique index)."""
    stmt = select(m.WorkOrder.id).where(m.WorkOrder.number == number, *_filters(session, query))
    return session.connection().execute(stmt).first() is not None


def technicians_booked(session: Session) -> list[str]:
    """The names of the technicians booked on any work order (the technician filter's choices)."""
    stmt = select(m.Technician.name).where(
        exists(select(m.Booking.id).where(m.Booking.technician_id == m.Technician.id))
    )
    return sorted(session.scalars(stmt), key=sort_key)
