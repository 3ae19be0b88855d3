"""Queries of the CSV bundle import and export: whole tables and their children in a few round trips."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Date, DateTime, String, Table, delete, inspect, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.storage import audit, bulk_load
from dispatch_console.storage import models as m
from dispatch_console.storage.bulk_load import DeferredIndexes
from dispatch_console.storage.record_keys import fill_missing_list_keys, keys_of_row
from dispatch_console.storage.types import UTCDateTime, copy_text
from dispatch_console.storage.unit_of_work import UnitOfWork
from dispatch_console.storage.work_order_keys import (
    index_search,
    index_search_of_every_work_order,
    list_keys,
    moves_keys,
    refresh_list_keys,
    site_names,
    technician_names,
    work_orders_of,
)

_CHUNK = 500
#: Where the session keeps the tables the import holds to itself (``DeferredIndexes.held``).
_HELD = "dispatch_console.bulk_held_tables"
#: Rows per bulk statement (one executemany) of the import.
BATCH = 2_000


def table_of(model: type[m.Base]) -> Table:
    """The table of a mapped class (declarative types it as a FromClause; it is always a Table)."""
    return cast(Table, model.__table__)


def is_versioned(model: type[m.Base]) -> bool:
    """Whether rows of ``model`` carry a version and a last-change stamp."""
    return issubclass(model, m.Versioned)


def summarize_audit(uow: UnitOfWork) -> None:
    """From now on this unit of work writes its own summary audit rows (``write_summary``):
    its flushes write no row per record and column (the stamps and versions stay)."""
    uow.session.info[audit.SUMMARIZED] = True


def write_summary(uow: UnitOfWork, model: type[m.Base], details: dict[str, Any]) -> None:
    """One audit row for many rows of ``model`` written at once, with their counts."""
    audit.write_summary(uow.session, table_of(model).name, details)


def insert_rows(
    uow: UnitOfWork, target: type[m.Base] | Table, rows: Sequence[dict[str, Any]], key: str | None = None
) -> dict[Any, int]:
    """Insert ``rows`` into ``target`` (a mapped class or a table), a column a row leaves out
    getting its default; with ``key`` (a unique column), the new ids by that column's value.

    No ORM flush and no per-row audit: see ``_BulkRows`` for how each database is written.
    """
    table = target if isinstance(target, Table) else table_of(target)
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    writer = _BulkRows(uow)
    ids: dict[Any, int] = {}
    for shape, same in shapes.items():
        for start in range(0, len(same), BATCH):
            ids.update(writer.insert(table, shape, same[start : start + BATCH], key))
    return ids


def _row_values(shape: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values of the columns ``shape``, in its order, as a tuple."""
    if len(shape) > 1:
        return itemgetter(*shape)
    only = shape[0]
    return lambda row: (row[only],)


def insert_values(
    uow: UnitOfWork,
    target: type[m.Base] | Table,
    names: tuple[str, ...],
    values: Sequence[tuple[Any, ...]],
    key: str | None = None,
    same: Mapping[str, Any] | None = None,
) -> dict[Any, int]:
    """``insert_rows`` of rows given as tuples of the columns ``names`` (no dict made per row),
    each also holding ``same``'s values; with ``key`` (one of ``names``), the new ids by its value."""
    table = target if isinstance(target, Table) else table_of(target)
    writer = _BulkRows(uow)
    ids: dict[Any, int] = {}
    for start in range(0, len(values), BATCH):
        ids.update(writer.insert_values(table, names, values[start : start + BATCH], key, same))
    return ids


def _same(value: Any) -> Any:
    return value


class _Distinct:
    """A converter that gives equal values alike, so a column's each distinct value is converted
    once (a datetime: equal instants are stored alike)."""

    __slots__ = ("convert",)

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert

    def __call__(self, value: Any) -> Any:
        return self.convert(value)


class _BulkRows:
    """Rows written the cheapest way each database has, stored exactly as an ORM insert stores them.

    SQLAlchemy's per-row statement machinery (a bind processor called through several layers
    per value) costs more than the database's own work at this size. So each value is made
    what the driver takes here, once per column: on SQLite by the column type's own bind
    processor (UTC datetimes, exact decimals, JSON), a datetime converted once per distinct
    value, then the driver's executemany; on PostgreSQL the same naive UTC datetimes and JSON
    text, and psycopg's COPY, which the server reads with the same input functions as an
    INSERT. Ids: on SQLite the rows above the table's highest id before the statement (the
    import holds the database's write lock from its start), on PostgreSQL taken from the
    table's sequence first and copied with the rows.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.connection = uow.session.connection()
        self.dialect = self.connection.dialect
        self.copying = self.dialect.name == "postgresql"
        self.quote = self.dialect.identifier_preparer.quote
        #: The driver's parameter mark (sqlite3's ?, psycopg's %s).
        self.mark = "?" if self.dialect.paramstyle == "qmark" else "%s"
        self.held: set[str] = uow.session.info.get(_HELD, set())

    def converter(self, table: Table, name: str) -> Callable[[Any], Any]:
        """How a value of ``table.name`` is handed to the driver."""
        column_type = table.c[name].type
        if isinstance(column_type, JSON):
            # As SQLAlchemy's JSON type binds: None is JSON's null unless the column says otherwise.
            serialize = self.dialect._json_serializer or json.dumps  # type: ignore[attr-defined]  # noqa: SLF001
            return _json_text(serialize, none_as_null=column_type.none_as_null)
        if self.copying:
            # Dates and times as COPY text, made once per distinct value (a history has millions).
            if isinstance(column_type, UTCDateTime):
                bind = column_type.process_bind_param
                return _Distinct(lambda v: copy_text(bind(v, self.dialect)))
            if isinstance(column_type, Date | DateTime):
                return _Distinct(copy_text)
            if isinstance(column_type, String):
                return lambda v: None if v is None else str(v)  # a StrEnum as its value
            return _same
        if isinstance(column_type, UTCDateTime) and _default_sqlite_datetime(self.dialect, column_type):
            return _Distinct(_sqlite_text(column_type, self.dialect))
        process = column_type._cached_bind_processor(self.dialect)  # noqa: SLF001
        if process is None:
            return _same
        return _Distinct(process) if isinstance(column_type, UTCDateTime) else process

    def insert(
        self, table: Table, shape: tuple[str, ...], rows: Sequence[dict[str, Any]], key: str | None
    ) -> dict[Any, int]:
        """Rows of the same columns (``shape``); with ``key``, their ids by its value."""
        return self.insert_values(table, shape, list(map(_row_values(shape), rows)), key)

    def insert_values(
        self, table: Table, shape: tuple[str, ...], rows: Sequence[tuple[Any, ...]], key: str | None,
        same: Mapping[str, Any] | None = None,
    ) -> dict[Any, int]:
        """Rows of the columns ``shape`` as tuples in its order, each also holding ``same``'s
        values; with ``key`` (a column of ``shape``), their ids by its value."""
        if not rows:
            return {}
        same = same or {}
        defaults = {
            column.name: column.default
            for column in table.columns
            if column.name not in shape and column.name not in same
            and column.default is not None and not column.primary_key
        }
        width = len(shape)
        names = [*shape, *same, *defaults]
        converters = [self.converter(table, name) for name in names]
        fixed = (
            *(convert(value) for convert, value in zip(converters[width:], same.values(), strict=False)),
            *(
                converter(d.arg(None) if d.is_callable else d.arg)  # type: ignore[attr-defined]
                for converter, d in zip(converters[width + len(same):], defaults.values(), strict=True)
            ),
        )
        # Column by column, each by C loops: the rows taken apart into columns, only the columns
        # the driver cannot take as they are converted (a datetime column's each distinct value
        # once), then put together into rows again.
        taken: list[tuple[Any, ...]] = list(zip(*rows, strict=True))
        cells: list[Iterable[Any]] = list(taken)
        for at, convert in enumerate(converters[:width]):
            if convert is _same:
                continue
            column = taken[at]
            if isinstance(convert, _Distinct):
                distinct = convert.convert  # called straight, without the wrapper's call per value
                converted = {value: distinct(value) for value in set(column)}
                cells[at] = map(converted.__getitem__, column)
                continue
            # The same object (a memoized cell's value, True) converted once: the processors
            # give an object one text, where equal values may differ (Decimal 1.0 and 1).
            objects = {id(value): value for value in column}
            if len(objects) * 2 <= len(column):
                by_id = {ident: convert(value) for ident, value in objects.items()}
                cells[at] = map(by_id.__getitem__, map(id, column))
            else:
                cells[at] = map(convert, column)
        # The fixed values repeat without end: the rows' columns say where the rows end.
        values: list[tuple[Any, ...]] = list(zip(*cells, *(repeat(value) for value in fixed), strict=False))
        if self.copying:
            return self._copy(table, names, values, rows, shape.index(key) if key is not None else None)
        columns = ", ".join(self.quote(name) for name in names)
        marks = ", ".join(["?"] * len(names))
        before = self._highest_id(table) if key is not None else 0
        self.connection.exec_driver_sql(f"INSERT INTO {self.quote(table.name)} ({columns}) VALUES ({marks})", values)
        return {} if key is None else self._ids_above(table, key, before)

    def _highest_id(self, table: Table) -> int:
        return int(self.connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {self.quote(table.name)}").scalar_one())

    def _ids_above(self, table: Table, key: str, before: int) -> dict[Any, int]:
        """The ids of the rows above ``before``, by their ``key``: the rows just inserted, where
        nobody else can add rows meanwhile (SQLite's write lock, a table the import holds)."""
        found = self.connection.exec_driver_sql(
            f"SELECT {self.quote(key)}, id FROM {self.quote(table.name)} WHERE id > {self.mark}", (before,)
        )
        return {code: ident for code, ident in found}

    def _copy(
        self, table: Table, names: list[str], values: list[tuple[Any, ...]], rows: Sequence[tuple[Any, ...]],
        key: int | None,
    ) -> dict[Any, int]:
        ids: dict[Any, int] = {}
        held = key is not None and table.name in self.held
        before = 0
        if held:
            # Nobody else can add rows to this table now (the import holds it, see bulk_load):
            # its new rows are those above its highest id, numbered by the column's default as
            # the COPY goes, without a round trip for the ids first.
            before = self._highest_id(table)
        elif key is not None:
            new_ids = [
                ident
                for (ident,) in self.connection.exec_driver_sql(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    (table.name, len(values)),
                )
            ]
            names = ["id", *names]
            values = [(ident, *row) for ident, row in zip(new_ids, values, strict=True)]
            ids = {row[key]: ident for row, ident in zip(rows, new_ids, strict=True)}
        driver = self.connection.connection.driver_connection
        assert driver is not None
        columns = ", ".join(self.quote(name) for name in names)
        with driver.cursor() as cursor, cursor.copy(f"COPY {self.quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        if held:
            assert key is not None
            ids = self._ids_above(table, names[key], before)
        return ids


def _json_text(serialize: Callable[[Any], str], *, none_as_null: bool) -> Callable[[Any], Any]:
    """A JSON column's text of a value, as SQLAlchemy's JSON type binds it (None is JSON's null
    unless the column says otherwise); a list of texts serialized once per distinct list, as
    rows repeat theirs (most are empty)."""
    memo: dict[tuple[str, ...], str] = {}

    def convert(value: Any) -> Any:
        if value is None and none_as_null:
            return None
        if type(value) is list:
            key = tuple(value)
            if all(type(item) is str for item in key):  # texts only: equal keys, equal JSON
                text = memo.get(key)
                if text is None:
                    text = memo[key] = serialize(value)
                return text
        return serialize(value)

    return convert


#: SQLite's DATETIME text (SQLAlchemy's default storage format), in the SQLite dialect's own words.
_SQLITE_DATETIME_FORMAT = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"


def _default_sqlite_datetime(dialect: Any, column_type: UTCDateTime) -> bool:
    """Whether the dialect stores this datetime column as SQLite's DATETIME text of the default
    format, which ``isoformat`` writes alike (``_sqlite_text``)."""
    impl = dialect.type_descriptor(column_type.impl)
    return dialect.name == "sqlite" and getattr(impl, "_storage_format", None) == _SQLITE_DATETIME_FORMAT


def _sqlite_text(column_type: UTCDateTime, dialect: Any) -> Callable[[Any], Any]:
    """The type's own conversion to naive UTC, then the text SQLite's DATETIME processor writes
    (``YYYY-MM-DD HH:MM:SS.ffffff``) by ``isoformat``, without its dict of fields per value."""
    bind = column_type.process_bind_param

    def convert(value: datetime | None) -> str | None:
        naive = bind(value, dialect)
        return None if naive is None else naive.isoformat(" ", "microseconds")

    return convert


#: Columns the update stamps itself (as the session's flush stamps a changed row).
_STAMPS = frozenset({"version", "updated_at", "updated_by"})


def update_changed(uow: UnitOfWork, objs: Iterable[m.Base]) -> set[int]:
    """Write the column changes made to these loaded rows (through their attributes, so the
    models' own keys and digits follow) as one executemany UPDATE by id per table and set of
    changed columns, instead of the flush's statement per row.

    As the flush would: a versioned row's version moves on only if it is still the one read
    (``WHERE version = :old``; otherwise StaleDataError, as from a flush) and it is stamped with
    the session's actor and clock. The rows are then clean in the session, their new values
    committed, so a later flush writes nothing of them again. Collections are left to the flush.

    Returns the work orders whose list keys these changes moved (a site, customer or technician
    renamed: the session's own refresh never sees a bulk update), for ``refresh_list_keys_after_bulk``.
    """
    session = uow.session
    groups: dict[tuple[type[m.Base], tuple[str, ...]], list[tuple[m.Base, dict[str, Any]]]] = {}
    for obj in objs:
        state = inspect(obj)
        changed: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            if attr.key in _STAMPS:
                continue
            added = state.attrs[attr.key].history.added
            if added:
                changed[attr.key] = added[0]
        if changed:
            groups.setdefault((type(obj), tuple(changed)), []).append((obj, changed))
    if not groups:
        return set()
    renamed: dict[type[m.Base], set[int]] = {}
    for (model, keys), rows in groups.items():
        if model is not m.WorkOrder and moves_keys(model, keys):
            renamed.setdefault(model, set()).update(obj.id for obj, _ in rows)  # type: ignore[attr-defined]
    writer = _BulkRows(uow)
    mark = writer.mark
    actor = session.info.get(audit.ACTOR)
    now = session.info[audit.CLOCK]() if actor else None
    for (model, keys), rows in groups.items():
        table = table_of(model)
        mapper = inspect(model)
        names = [mapper.column_attrs[key].columns[0].name for key in keys]
        versioned = is_versioned(model)
        stamped = versioned and actor is not None
        sets = [*names, *(["updated_at", "updated_by"] if stamped else [])]
        convert = [writer.converter(table, name) for name in sets]
        assignments = [f"{writer.quote(name)} = {mark}" for name in sets]
        where = f"id = {mark}"
        if versioned:
            assignments.append(f"version = {mark}")
            where += f" AND version = {mark}"
        values: list[tuple[Any, ...]] = []
        for obj, changed in rows:
            given = [*(changed[key] for key in keys), *([now, actor] if stamped else [])]
            row = [c(v) for c, v in zip(convert, given, strict=True)]
            old: Any = getattr(obj, "version", None)
            if versioned:
                row.extend([old + 1, obj.id, old])  # type: ignore[attr-defined]
            else:
                row.append(obj.id)  # type: ignore[attr-defined]
            values.append(tuple(row))
        sql = f"UPDATE {writer.quote(table.name)} SET {', '.join(assignments)} WHERE {where}"
        for start in range(0, len(values), BATCH):
            batch = values[start : start + BATCH]
            result = writer.connection.exec_driver_sql(sql, batch)
            if versioned and writer.dialect.supports_sane_multi_rowcount and result.rowcount != len(batch):
                raise StaleDataError(
                    f"UPDATE of {table.name} expected to match {len(batch)} rows; {result.rowcount} were matched"
                )
        for obj, changed in rows:
            for key, value in changed.items():
                set_committed_value(obj, key, value)
            if stamped:
                set_committed_value(obj, "updated_at", now)
                set_committed_value(obj, "updated_by", actor)
            if versioned:
                set_committed_value(obj, "version", obj.version + 1)  # type: ignore[attr-defined]
    if not renamed:
        return set()
    return work_orders_of(
        session, sites=renamed.get(m.Site, ()), customers=renamed.get(m.Customer, ()),
        technicians=renamed.get(m.Technician, ()),
    )


def refresh_list_keys_after_bulk(uow: UnitOfWork, work_order_ids: Iterable[int]) -> None:
    """The lists' stored sort and search keys of rows written in bulk (the session and the
    models keep them only for what goes through them): these work orders' (those written
    without keys, or whose sources changed), and every customer, site, asset and invoice left
    without (a safety net: the import inserts theirs with the rows)."""
    ids = list(work_order_ids)
    if ids:
        refresh_list_keys(uow.session, ids)
    fill_missing_list_keys(uow.session)


class KeySources:
    """What new work orders' list keys are made of, read once the rows they name are written:
    each site's name, code and customer's name, each technician's name (as stored)."""

    def __init__(self, uow: UnitOfWork, site_ids: Iterable[int], technician_ids: Iterable[int]) -> None:
        self.sites = site_names(uow.session, site_ids)
        self.technicians = technician_names(uow.session, technician_ids)

    def keys(
        self, row: dict[str, Any], bookings: Sequence[tuple[datetime, int]], status: str, hours: Any
    ) -> dict[str, Any]:
        """The key columns of a new work order ``row`` whose bookings will be ``bookings``
        (start, technician id), in the order they are inserted."""
        site, code, customer = self.sites[row["site_id"]]
        names: list[str] = []
        for _start, tech in sorted(bookings, key=lambda b: b[0]):  # stable: insertion order breaks ties
            name = self.technicians[tech]
            if name not in names:
                names.append(name)
        first = min((start for start, _tech in bookings), default=None)
        return list_keys(
            number=row["number"], status=status, summary=row["summary"], customer=customer, site=site,
            site_code=code, technicians=names, first_start=first, hours=hours,
        )


def record_keys(model: type[m.Base], row: dict[str, Any]) -> dict[str, Any]:
    """The record lists' stored keys of a new row (customer, site, asset, invoice) to insert with it."""
    return keys_of_row(model, row)


def defer_indexes(uow: UnitOfWork, targets: Iterable[type[m.Base] | Table]) -> DeferredIndexes:
    """The indexes of those of ``targets`` that are empty now, dropped until the rows are written
    (``DeferredIndexes.build``): see ``bulk_load``."""
    tables = [target if isinstance(target, Table) else table_of(target) for target in targets]
    deferred = DeferredIndexes(uow.session.connection(), tables)
    uow.session.info[_HELD] = deferred.held  # emptied again by build
    return deferred


def index_new_work_orders(uow: UnitOfWork, ids: Iterable[int]) -> None:
    """The search index of work orders inserted with their keys."""
    index_search(uow.session, ids)


def index_every_work_order(uow: UnitOfWork) -> None:
    """The search index of every work order, for an import that filled an empty table."""
    index_search_of_every_work_order(uow.session)


def delete_rows(uow: UnitOfWork, model: type[m.Base], ids: Iterable[int]) -> None:
    """Delete rows of ``model`` by id, a chunk per statement (Core: no per-row audit)."""
    table = table_of(model)
    connection = uow.session.connection()
    for chunk in _chunks(ids):
        connection.execute(delete(table).where(table.c.id.in_(chunk)))


def max_length(model: type[m.Base], attr: str) -> int | None:
    """How many characters a text column holds (None: unlimited), so a long cell is refused before writing."""
    column_type = model.__table__.c[attr].type
    return column_type.length if isinstance(column_type, String) else None


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    wanted = sorted(set(values))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def has_rows(uow: UnitOfWork, model: type[m.Base]) -> bool:
    """Whether ``model``'s table holds any row: a first import into an empty database looks
    nothing up (at 100,000 work orders, hundreds of lookups that find nothing: seconds)."""
    return bulk_load.has_rows(uow.session.connection(), table_of(model))


def _pairs(uow: UnitOfWork, keys: Iterable[str], query: Callable[[list[str]], Any]) -> dict[str, str]:
    """key -> value from a two-column query, run over the keys a chunk at a time."""
    found: dict[str, str] = {}
    for chunk in _chunks(keys):
        for key, value in uow.session.execute(query(chunk)):
            found[key] = value
    return found


def technicians_with_children(uow: UnitOfWork, codes: Iterable[str]) -> dict[str, m.Technician]:
    """Technicians by code with skills and time off loaded, for upserting and replacing them."""
    if not has_rows(uow, m.Technician):
        return {}
    found: dict[str, m.Technician] = {}
    for chunk in _chunks(codes):
        stmt = (
            select(m.Technician)
            .where(m.Technician.code.in_(chunk))
            .options(selectinload(m.Technician.skills), selectinload(m.Technician.time_off))
        )
        for tech in uow.session.scalars(stmt):
            found[tech.code] = tech
    return found


def _work_order_children() -> list[Any]:
    return [
        selectinload(m.WorkOrder.bookings),
        selectinload(m.WorkOrder.labor),
        selectinload(m.WorkOrder.parts_used),
        selectinload(m.WorkOrder.pm_plan),
        selectinload(m.WorkOrder.request),
        selectinload(m.WorkOrder.checklist),
        selectinload(m.WorkOrder.planned_parts),
        selectinload(m.WorkOrder.notes),
        selectinload(m.WorkOrder.attachments),
        selectinload(m.WorkOrder.signature),
        selectinload(m.WorkOrder.scope_changes),
    ]


def work_orders_with_children(uow: UnitOfWork, numbers: Iterable[str]) -> dict[str, m.WorkOrder]:
    """Work orders by number with everything the bundle carries of them loaded."""
    if not has_rows(uow, m.WorkOrder):
        return {}
    found: dict[str, m.WorkOrder] = {}
    for chunk in _chunks(numbers):
        stmt = select(m.WorkOrder).where(m.WorkOrder.number.in_(chunk)).options(*_work_order_children())
        for wo in uow.session.scalars(stmt):
            found[wo.number] = wo
    return found


def invoices_with_lines(uow: UnitOfWork, numbers: Iterable[str]) -> dict[str, m.Invoice]:
    """Invoices by number with their lines, to tell an import that would change one."""
    if not has_rows(uow, m.Invoice):
        return {}
    found: dict[str, m.Invoice] = {}
    for chunk in _chunks(numbers):
        stmt = select(m.Invoice).where(m.Invoice.number.in_(chunk)).options(
            selectinload(m.Invoice.lines).selectinload(m.InvoiceLine.work_order)
        )
        for invoice in uow.session.scalars(stmt):
            found[invoice.number] = invoice
    return found


def counters(uow: UnitOfWork, names: Iterable[str]) -> dict[str, m.Counter]:
    """The number series by name (WO, REQ, invoice ...)."""
    found: dict[str, m.Counter] = {}
    for chunk in _chunks(names):
        for counter in uow.session.scalars(select(m.Counter).where(m.Counter.name.in_(chunk))):
            found[counter.name] = counter
    return found


def agreements_of_customers(uow: UnitOfWork, customer_ids: Iterable[int]) -> dict[int, list[m.ServiceAgreement]]:
    """Each customer's service agreements, in the order they were made."""
    found: dict[int, list[m.ServiceAgreement]] = {}
    for chunk in _chunks(customer_ids):
        stmt = (
            select(m.ServiceAgreement)
            .where(m.ServiceAgreement.customer_id.in_(chunk))
            .order_by(m.ServiceAgreement.id)
        )
        for agreement in uow.session.scalars(stmt):
            found.setdefault(agreement.customer_id, []).append(agreement)
    return found


def request_owners(uow: UnitOfWork, request_numbers: Iterable[str]) -> dict[str, str]:
    """The work order number each request already became: a request becomes one work order."""
    if not has_rows(uow, m.WorkOrder):
        return {}
    return _pairs(
        uow,
        request_numbers,
        lambda chunk: (
            select(m.WorkRequest.number, m.WorkOrder.number)
            .join(m.WorkOrder, m.WorkOrder.request_id == m.WorkRequest.id)
            .where(m.WorkRequest.number.in_(chunk))
        ),
    )


def invoices_of_work_orders(uow: UnitOfWork, numbers: Iterable[str]) -> dict[str, str]:
    """The live invoice each work order is billed on already: a work order is billed once (a
    void invoice frees its work)."""
    if not has_rows(uow, m.Invoice):
        return {}
    return _pairs(
        uow,
        numbers,
        lambda chunk: (
            select(m.WorkOrder.number, m.Invoice.number)
            .join(m.InvoiceLine, m.InvoiceLine.work_order_id == m.WorkOrder.id)
            .join(m.Invoice, m.Invoice.id == m.InvoiceLine.invoice_id)
            .where(m.WorkOrder.number.in_(chunk), m.Invoice.status != InvoiceStatus.VOID.value)
        ),
    )


def site_customers(uow: UnitOfWork, site_codes: Iterable[str]) -> dict[str, str]:
    """The customer code of each site in the database, to check a site belongs to the customer named."""
    if not has_rows(uow, m.Site):
        return {}
    return _pairs(
        uow,
        site_codes,
        lambda chunk: (
            select(m.Site.code, m.Customer.code)
            .join(m.Customer, m.Customer.id == m.Site.customer_id)
            .where(m.Site.code.in_(chunk))
        ),
    )


def asset_site_codes(uow: UnitOfWork, asset_codes: Iterable[str]) -> dict[str, str]:
    """The site code of each asset in the database, to check an asset belongs to the site named."""
    if not has_rows(uow, m.Asset):
        return {}
    return _pairs(
        uow,
        asset_codes,
        lambda chunk: (
            select(m.Asset.code, m.Site.code)
            .join(m.Site, m.Site.id == m.Asset.site_id)
            .where(m.Asset.code.in_(chunk))
        ),
    )


def plan_occurrence_owners(
    uow: UnitOfWork, occurrences: Iterable[tuple[int, datetime]]
) -> dict[tuple[int, datetime], str]:
    """The work order number that already holds each (plan id, occurrence): one per occurrence."""
    if not has_rows(uow, m.WorkOrder):
        return {}
    wanted = set(occurrences)
    found: dict[tuple[int, datetime], str] = {}
    for chunk in _chunks(plan_id for plan_id, _ in wanted):
        stmt = select(m.WorkOrder.pm_plan_id, m.WorkOrder.pm_occurrence, m.WorkOrder.number).where(
            m.WorkOrder.pm_plan_id.in_(chunk), m.WorkOrder.pm_occurrence.is_not(None)
        )
        for plan_id, occurrence, number in uow.session.execute(stmt):
            if (plan_id, occurrence) in wanted:
                found[(plan_id, occurrence)] = number
    return found
