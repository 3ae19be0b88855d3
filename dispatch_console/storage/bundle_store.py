"""Queries of the CSV bundle import and export: whole tables and their children in a few round trips."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, Table, delete, insert, inspect, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from dispatch_console.domain.enums import InvoiceStatus
from dispatch_console.storage import audit
from dispatch_console.storage import models as m
from dispatch_console.storage.record_keys import fill_missing_list_keys
from dispatch_console.storage.unit_of_work import UnitOfWork
from dispatch_console.storage.work_order_keys import refresh_list_keys

_CHUNK = 500
#: Rows per bulk statement (one executemany) of the import, and per batch the export reads.
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
    """Insert ``rows`` into ``target`` (a mapped class or a table) with one executemany per
    ``BATCH`` rows of the same columns (a column a row leaves out gets its default).

    Core statements: no ORM flush and no per-row audit. With ``key`` (a unique column), the new
    ids by that column's value.
    """
    table = target if isinstance(target, Table) else table_of(target)
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    ids: dict[Any, int] = {}
    connection = uow.session.connection()
    for same in shapes.values():
        for start in range(0, len(same), BATCH):
            batch = same[start : start + BATCH]
            if key is None:
                connection.execute(insert(table), batch)
                continue
            stmt = insert(table).returning(table.c[key], table.c.id)
            for code, ident in connection.execute(stmt, batch):
                ids[code] = ident
    return ids


def refresh_list_keys_after_bulk(uow: UnitOfWork, work_order_ids: Iterable[int]) -> None:
    """The lists' stored sort and search keys of rows written in bulk (the session and the
    models keep them only for what goes through them): these work orders', and every
    customer, site, asset and invoice left without."""
    ids = list(work_order_ids)
    if ids:
        refresh_list_keys(uow.session, ids)
    fill_missing_list_keys(uow.session)


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


def start_empty(obj: m.Base) -> None:
    """A row just made (not yet flushed) owns no children: record that, so reading its lists
    later asks the database nothing (an import of a thousand work orders would otherwise load
    each list of each one separately)."""
    for relation in inspect(type(obj)).relationships:
        if relation.cascade.delete_orphan:
            set_committed_value(obj, relation.key, [] if relation.uselist else None)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    wanted = sorted(set(values))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def _pairs(uow: UnitOfWork, keys: Iterable[str], query: Callable[[list[str]], Any]) -> dict[str, str]:
    """key -> value from a two-column query, run over the keys a chunk at a time."""
    found: dict[str, str] = {}
    for chunk in _chunks(keys):
        for key, value in uow.session.execute(query(chunk)):
            found[key] = value
    return found


def technicians_with_children(uow: UnitOfWork, codes: Iterable[str]) -> dict[str, m.Technician]:
    """Technicians by code with skills and time off loaded, for upserting and replacing them."""
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
    found: dict[str, m.WorkOrder] = {}
    for chunk in _chunks(numbers):
        stmt = select(m.WorkOrder).where(m.WorkOrder.number.in_(chunk)).options(*_work_order_children())
        for wo in uow.session.scalars(stmt):
            found[wo.number] = wo
    return found


def invoices_with_lines(uow: UnitOfWork, numbers: Iterable[str]) -> dict[str, m.Invoice]:
    """Invoices by number with their lines, to tell an import that would change one."""
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


def _by_code(uow: UnitOfWork, column: Any) -> Any:
    """Order by a code as Python sorts strings (code point by code point) on both databases:
    SQLite compares text byte by byte already; PostgreSQL does with the "C" collation."""
    if uow.session.get_bind().dialect.name == "postgresql":
        return column.collate("C")
    return column


def _streamed(uow: UnitOfWork, stmt: Any) -> Iterator[Any]:
    """The rows of ``stmt`` a batch at a time (a server-side cursor where the driver has one):
    the export never holds a whole large table."""
    result = uow.session.scalars(stmt.execution_options(yield_per=BATCH))
    try:
        yield from result
    finally:
        result.close()


def stream_work_orders(uow: UnitOfWork) -> Iterator[m.WorkOrder]:
    """Every work order by number (as Python sorts them), everything the bundle carries of it loaded."""
    return _streamed(
        uow,
        select(m.WorkOrder).order_by(_by_code(uow, m.WorkOrder.number)).options(*_work_order_children()),
    )


def stream_requests(uow: UnitOfWork) -> Iterator[m.WorkRequest]:
    """Every request by number (as Python sorts them)."""
    return _streamed(uow, select(m.WorkRequest).order_by(_by_code(uow, m.WorkRequest.number)))


def stream_invoices(uow: UnitOfWork) -> Iterator[m.Invoice]:
    """Every invoice by number (as Python sorts them), with its lines and their work orders' numbers."""
    return _streamed(
        uow,
        select(m.Invoice).order_by(_by_code(uow, m.Invoice.number)).options(
            selectinload(m.Invoice.lines).selectinload(m.InvoiceLine.work_order)
        ),
    )


def everything_for_export(uow: UnitOfWork) -> dict[str, Sequence[Any]]:
    """Every table the bundle carries but the large ones (``stream_work_orders``,
    ``stream_requests``, ``stream_invoices``), each row's children loaded up front.

    Unordered: the export sorts these in Python, since PostgreSQL's collation would order
    codes differently from SQLite.
    """
    session = uow.session
    return {
        "skills": session.scalars(select(m.Skill)).all(),
        "technicians": session.scalars(
            select(m.Technician).options(
                selectinload(m.Technician.skills), selectinload(m.Technician.time_off)
            )
        ).all(),
        "customers": session.scalars(select(m.Customer)).all(),
        "sites": session.scalars(select(m.Site)).all(),
        "assets": session.scalars(select(m.Asset).options(selectinload(m.Asset.site))).all(),
        "parts": session.scalars(select(m.Part)).all(),
        "pm_plans": session.scalars(select(m.PmPlan)).all(),
        "agreements": session.scalars(
            select(m.ServiceAgreement).order_by(m.ServiceAgreement.id)
        ).all(),
        "counters": session.scalars(select(m.Counter)).all(),
    }
