"""The work order list's stored keys and search index, kept right by every write.

The list sorts and searches 100,000 work orders by index (``work_order_pages.py``); an index
cannot hold a key computed at query time from the customer's, site's or technicians' names, so
each work order stores what it sorts as (``number_sort``, ``customer_sort``...) and what its free
text is searched in (``search_text``), all computed by ``domain.sorting.list_keys``. On SQLite
the search text is also in an FTS5 trigram table (``models.WORK_ORDER_SEARCH``, one row per work
order, rowid = its id), written here beside the column, never by a trigger: a trigger made every
work order write 60-70 % slower, this costs one statement per batch.

Who keeps them: the session itself, after every flush, for the work orders whose sources the
flush changed (a work order created or edited, a booking made, moved or removed, a customer,
site or technician renamed), so no service can forget it. Writers that bypass the ORM either
insert the keys with the row (``list_keys`` from the values they have, then ``index_search``
with the new ids: a bulk insert pays a few microseconds a row) or call ``refresh_list_keys`` with
the work orders they wrote (it reads their sources again). A work order left without keys, or
newer than the search index, is found by ``missing_keys`` and given them before the list reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, event, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.elements import ColumnElement

from dispatch_console.domain import sorting
from dispatch_console.storage import models as m

__all__ = [
    "KEY_COLUMNS", "index_search", "list_keys", "missing_keys", "moves_keys", "refresh_list_keys", "site_names",
    "technician_names", "work_orders_of", "work_orders_to_refresh",
]

#: The stored columns this module keeps.
KEY_COLUMNS: tuple[str, ...] = sorting.ListKeys._fields
#: The source columns of each record whose change moves a work order's keys.
_SOURCES: dict[type[m.Base], tuple[str, ...]] = {
    m.WorkOrder: ("number", "summary", "status", "site_id", "estimated_hours"),
    m.Booking: ("work_order_id", "technician_id", "start"),
    m.Site: ("name", "code", "customer_id"),
    m.Customer: ("name",),
    m.Technician: ("name",),
}
#: Work orders read and written per statement (SQLite allows 32,766 parameters).
_CHUNK = 5_000
_INDEX = f"INSERT OR REPLACE INTO {m.WORK_ORDER_SEARCH} (rowid, search_text) VALUES (:_id, :search_text)"
_INDEX_EVERY = (
    f"INSERT OR REPLACE INTO {m.WORK_ORDER_SEARCH} (rowid, search_text) "
    "SELECT id, search_text FROM work_order WHERE search_text IS NOT NULL"
)
_INDEX_FROM_TABLE = (
    f"INSERT OR REPLACE INTO {m.WORK_ORDER_SEARCH} (rowid, search_text) "
    "SELECT id, search_text FROM work_order WHERE id IN ({ids}) AND search_text IS NOT NULL"
)


def list_keys(
    *,
    number: str,
    status: str,
    summary: str,
    customer: str,
    site: str,
    site_code: str,
    technicians: Iterable[str] = (),
    first_start: datetime | None = None,
    hours: Decimal | float | str = Decimal("1"),
) -> dict[str, Any]:
    """The key columns of one work order, for a writer that inserts it in bulk: its number,
    status, summary and estimated hours, its customer's and site's names and site code, the
    names booked on it in the order of their visits and the first booking's start (none for a new one).
    Insert them with the row, then call ``index_search`` with the new ids."""
    return sorting.list_keys(
        number=number, status=status, summary=summary, customer=customer, site=site,
        site_code=site_code, technicians=technicians, first_start=first_start, hours=hours,
    )._asdict()


def moves_keys(model: type[m.Base], columns: Iterable[str]) -> bool:
    """Whether a change of these columns of a ``model`` row moves work orders' keys."""
    sources = _SOURCES.get(model, ())
    return any(column in sources for column in columns)


def site_names(session: Session, site_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """Each site's name, code and customer's name as stored: what ``list_keys`` takes of them,
    for a writer that inserts work orders of these sites in bulk."""
    found: dict[int, tuple[str, str, str]] = {}
    ids = sorted(set(site_ids))
    for chunk in _chunks(ids):
        for site_id, name, code, customer in session.execute(
            select(m.Site.id, m.Site.name, m.Site.code, m.Customer.name)
            .join(m.Customer, m.Customer.id == m.Site.customer_id)
            .where(m.Site.id.in_(chunk))
        ):
            found[site_id] = (name, code, customer)
    return found


def technician_names(session: Session, technician_ids: Iterable[int]) -> dict[int, str]:
    """Each technician's name as stored (what the list shows of a booking)."""
    found: dict[int, str] = {}
    ids = sorted(set(technician_ids))
    for chunk in _chunks(ids):
        for tech_id, name in session.execute(
            select(m.Technician.id, m.Technician.name).where(m.Technician.id.in_(chunk))
        ):
            found[tech_id] = name
    return found


def work_orders_of(
    session: Session, *, sites: Iterable[int] = (), customers: Iterable[int] = (), technicians: Iterable[int] = ()
) -> set[int]:
    """The work orders whose keys name these sites, customers' sites or booked technicians:
    those to refresh once a writer that bypassed the session renamed them."""
    site_ids = set(sites)
    wo_ids: set[int] = set()
    for chunk in _chunks(sorted(set(customers))):
        site_ids.update(session.execute(select(m.Site.id).where(m.Site.customer_id.in_(chunk))).scalars())
    for chunk in _chunks(sorted(site_ids)):
        wo_ids.update(session.execute(select(m.WorkOrder.id).where(m.WorkOrder.site_id.in_(chunk))).scalars())
    for chunk in _chunks(sorted(set(technicians))):
        wo_ids.update(session.execute(
            select(m.Booking.work_order_id).where(m.Booking.technician_id.in_(chunk)).distinct()
        ).scalars())
    return wo_ids


def _is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def index_search(session: Session, work_order_ids: Iterable[int]) -> None:
    """Put these work orders' stored search text in the search index (SQLite's FTS5 table;
    PostgreSQL's trigram index follows the column by itself). For writers that inserted the
    keys with the rows (``list_keys``)."""
    connection = session.connection()
    if not _is_sqlite(connection):
        return
    ids = sorted(set(work_order_ids))
    for chunk in _chunks(ids):
        connection.exec_driver_sql(_INDEX_FROM_TABLE.format(ids=",".join(str(int(i)) for i in chunk)))


def index_search_of_every_work_order(session: Session) -> None:
    """``index_search`` of every work order in one statement: for a writer that filled an empty
    table (a third quicker than by chunks of ids at 100,000 work orders)."""
    connection = session.connection()
    if _is_sqlite(connection):
        connection.exec_driver_sql(_INDEX_EVERY)


def refresh_list_keys(session: Session, work_order_ids: Iterable[int] | None = None) -> int:
    """Compute and store the list keys of these work orders (None: of every work order).

    For writers that bypass the ORM and did not insert the keys: call it in the same
    transaction, after the work orders and their bookings are written. Reads the sources of a
    chunk of work orders in two statements and writes their keys in one (and the search index
    in one more on SQLite). Returns how many work orders it updated.
    """
    connection = session.connection()
    done = 0
    for values in _key_batches(connection, work_order_ids):
        if _is_sqlite(connection):
            table = cast(Table, m.WorkOrder.__table__)
            connection.execute(
                table.update().where(table.c.id == bindparam("_id")).values(
                    {name: bindparam(name) for name in KEY_COLUMNS}
                ),
                values,
            )
            connection.execute(text(_INDEX), values)
        else:
            _update_postgresql(connection, values)
        done += len(values)
    return done


#: PostgreSQL types of the keys and the id in a VALUES list (its parameters have none).
_PG_TYPES = ("text", "integer", "text", "text", "text", "text", "timestamp", "float8", "text", "integer")
#: Rows per UPDATE on PostgreSQL (ten parameters each; at most 65,535 a statement).
_PG_ROWS = 2_000


def _update_postgresql(connection: Connection, values: list[dict[str, Any]]) -> None:
    """One UPDATE ... FROM (VALUES ...) per 2,000 work orders: a statement per row is a round
    trip per row (over a minute for 100,000)."""
    table = cast(Table, m.WorkOrder.__table__)
    scheduled = table.c.scheduled_sort.type
    bind = scheduled.bind_processor(connection.dialect)
    names = [*KEY_COLUMNS, "id"]
    sets = ", ".join(f"{name} = v.{name}" for name in KEY_COLUMNS)
    for i in range(0, len(values), _PG_ROWS):
        chunk = values[i : i + _PG_ROWS]
        row = "(" + ", ".join(f"%s::{kind}" for kind in _PG_TYPES) + ")"
        params: list[Any] = []
        for keys in chunk:
            params += [keys[name] for name in KEY_COLUMNS]
            params.append(keys["_id"])
            at = KEY_COLUMNS.index("scheduled_sort") - len(names)
            params[at] = bind(params[at]) if bind is not None else params[at]
        connection.exec_driver_sql(
            f"UPDATE work_order SET {sets} FROM (VALUES {', '.join([row] * len(chunk))}) "
            f"AS v({', '.join(names)}) WHERE work_order.id = v.id",
            tuple(params),
        )


def _key_batches(
    connection: Connection, work_order_ids: Iterable[int] | None
) -> Iterator[list[dict[str, Any]]]:
    if work_order_ids is None:
        # Every work order: the whole table in id ranges, no list of ids to send.
        bounds = connection.execute(select(m.WorkOrder.id).order_by(m.WorkOrder.id)).scalars().all()
        for chunk in _chunks(bounds):
            yield _keys(connection, between=(chunk[0], chunk[-1]))
        return
    ids = sorted(set(work_order_ids))
    for chunk in _chunks(ids):
        yield _keys(connection, ids=chunk)


def _keys(
    connection: Connection, *, ids: Sequence[int] = (), between: tuple[int, int] | None = None
) -> list[dict[str, Any]]:
    """The keys of a chunk of work orders (``ids``, or every id in ``between``), by ``list_keys``."""
    wo, site, customer, booking = m.WorkOrder, m.Site, m.Customer, m.Booking
    if between is not None:
        which, booked = wo.id.between(*between), booking.work_order_id.between(*between)
    else:
        which, booked = wo.id.in_(ids), booking.work_order_id.in_(ids)
    names: dict[int, list[str]] = {}
    starts: dict[int, datetime] = {}
    # Names in the order of their visits (as the work order's bookings and the bundle list
    # them, so an export and import keeps it), each once.
    for wo_id, name, start in connection.execute(
        select(booking.work_order_id, m.Technician.name, booking.start)
        .join(m.Technician, m.Technician.id == booking.technician_id)
        .where(booked)
        .order_by(booking.start, booking.id)
    ):
        bucket = names.setdefault(wo_id, [])
        if name not in bucket:
            bucket.append(name)
        if wo_id not in starts or start < starts[wo_id]:
            starts[wo_id] = start
    values: list[dict[str, Any]] = []
    for row in connection.execute(
        select(
            wo.id, wo.number, wo.summary, wo.status, wo.estimated_hours,
            site.name.label("site_name"), site.code.label("site_code"),
            customer.name.label("customer_name"),
        )
        .join(site, site.id == wo.site_id)
        .join(customer, customer.id == site.customer_id)
        .where(which)
    ):
        keys = sorting.list_keys(
            number=row.number, status=row.status, summary=row.summary, customer=row.customer_name,
            site=row.site_name, site_code=row.site_code, technicians=names.get(row.id, ()),
            first_start=starts.get(row.id), hours=row.estimated_hours,
        )._asdict()
        keys["_id"] = row.id
        values.append(keys)
    return values


def missing_keys(session: Session, limit: int = 10_000) -> list[int]:
    """Work orders written without their keys, or (SQLite) newer than the search index: by a
    writer that bypassed the ORM and forgot ``refresh_list_keys`` / ``index_search``."""
    wo = m.WorkOrder
    connection = session.connection()
    missing: ColumnElement[bool] = wo.number_sort.is_(None)
    if _is_sqlite(connection):
        indexed = connection.exec_driver_sql(
            f"SELECT rowid FROM {m.WORK_ORDER_SEARCH} ORDER BY rowid DESC LIMIT 1"
        ).scalar()
        missing = missing | (wo.id > (indexed or 0))
    return list(connection.execute(select(wo.id).where(missing).limit(limit)).scalars())


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


def _deleted_work_orders(session: Session) -> list[int]:
    return [obj.id for obj in session.deleted if isinstance(obj, m.WorkOrder)]


@event.listens_for(Session, "after_flush")
def _keep_list_keys(session: Session, _ctx: UOWTransaction) -> None:
    ids = work_orders_to_refresh(session)
    gone = _deleted_work_orders(session)
    ids.difference_update(gone)
    if ids:
        refresh_list_keys(session, ids)
    if gone and _is_sqlite(session.connection()):
        session.connection().execute(
            text(f"DELETE FROM {m.WORK_ORDER_SEARCH} WHERE rowid = :id"), [{"id": i} for i in gone]
        )
