"""What the CSV bundle export reads: each file's rows as plain tuples, in the bundle's order.

The export of a ten-year history is a million rows: read through the ORM (an object per row and
per child, sorted in Python) it took minutes. Here each file is one SELECT with the codes its
rows name joined in, ordered by the database exactly as the bundle sorts (codes code point by
code point on both databases, then the list's own order, then the id so that ties come out the
same every time), and read a batch at a time (a server-side cursor on PostgreSQL), so the export
never holds a whole table. The columns of each query are in the order ``services.bundle_export``
formats them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import closing
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import partial
from itertools import chain
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Row,
    Select,
    Text,
    Time,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.types import TypeEngine

from dispatch_console.storage import models as m
from dispatch_console.storage.bundle_store import table_of
from dispatch_console.storage.types import ExactDecimal, UTCDateTime
from dispatch_console.storage.unit_of_work import UnitOfWork

#: Rows fetched at a time; photos and signatures fewer, since each holds its file.
BATCH = 2_000
FILE_BATCH = 50

_company = table_of(m.Company)
_skill = table_of(m.Skill)
_tech = table_of(m.Technician)
_tech_skill = table_of(m.TechnicianSkill)
_time_off = table_of(m.TimeOff)
_customer = table_of(m.Customer)
_site = table_of(m.Site)
_agreement = table_of(m.ServiceAgreement)
_asset = table_of(m.Asset)
_part = table_of(m.Part)
_plan = table_of(m.PmPlan)
_request = table_of(m.WorkRequest)
_wo = table_of(m.WorkOrder)
_booking = table_of(m.Booking)
_checklist = table_of(m.ChecklistItem)
_planned = table_of(m.PlannedPart)
_labor = table_of(m.LaborEntry)
_used = table_of(m.PartUsed)
_note = table_of(m.Note)
_photo = table_of(m.Attachment)
_signature = table_of(m.Signature)
_scope = table_of(m.ScopeChange)
_invoice = table_of(m.Invoice)
_line = table_of(m.InvoiceLine)
_counter = table_of(m.Counter)
_wo_skill = m.work_order_skill
_plan_skill = m.pm_plan_skill

#: The table each bundle file's rows come from (one row of it, one row of the file).
_TABLE_OF_FILE = {
    "company.csv": _company, "skills.csv": _skill, "technicians.csv": _tech,
    "technician_skills.csv": _tech_skill, "time_off.csv": _time_off, "customers.csv": _customer,
    "sites.csv": _site, "service_agreements.csv": _agreement, "assets.csv": _asset, "parts.csv": _part,
    "pm_plans.csv": _plan, "requests.csv": _request, "work_orders.csv": _wo, "bookings.csv": _booking,
    "checklist_items.csv": _checklist, "planned_parts.csv": _planned, "labor.csv": _labor,
    "parts_used.csv": _used, "notes.csv": _note, "photos.csv": _photo, "signatures.csv": _signature,
    "scope_changes.csv": _scope, "invoices.csv": _invoice, "invoice_lines.csv": _line,
    "number_series.csv": _counter,
}


#: A file's rows, a batch (a list of tuples) at a time, in the bundle's order, each value as
#: the driver gives it (see ``ExportReads``); read on the caller's demand, closed (their cursor
#: with them) when not read to the end.
Reading = Generator[Sequence[Any], None, None]
#: An instant as PostgreSQL writes it for the export: the stored UTC wall clock as SQLite keeps it.
_PG_INSTANT = "YYYY-MM-DD HH24:MI:SS.US"


def _utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class ExportReads:
    """The export's queries on one unit of work's connection (one snapshot of the database).

    Rows come as the database driver gives them, with no SQLAlchemy row or type conversion: a
    history is a million rows of ten or twenty values, and converting each value (then
    formatting it) was most of a large export's time, though most values repeat. Instants come
    as the text of their UTC wall clock ('2016-11-25 14:00:00.000000', as SQLite stores them;
    PostgreSQL writes them so for the export), decimals as their text ('12.5', '12.5000') and
    lists as their JSON text, on both databases;
    the ``read_*`` functions read a value of the driver's as the domain's (None stays None),
    exactly as the models' columns do, for the caller to convert each distinct value once.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.connection: Connection = uow.session.connection()
        self.dialect: Dialect = self.connection.dialect
        self.postgres = self.dialect.name == "postgresql"
        self._driver: Any = self.connection.connection.driver_connection
        #: An instant's text (see above) as an aware UTC datetime.
        self.read_instant: Callable[[Any], datetime | None] = (
            _none_kept(_utc_text) if self.postgres else self._reader(UTCDateTime())
        )
        #: A decimal's text as the column reads it (which takes a Decimal as well).
        self.read_decimal: Callable[[Any], Decimal | None] = partial(
            ExactDecimal().process_result_value, dialect=self.dialect
        )
        self.read_date: Callable[[Any], date | None] = self._reader(Date())
        self.read_time: Callable[[Any], time | None] = self._reader(Time())
        #: A wall clock stored as it is (a plan's start), naive.
        self.read_wall: Callable[[Any], datetime | None] = self._reader(DateTime())
        self.read_bool: Callable[[Any], bool | None] = self._reader(Boolean())
        #: A list's JSON text as the list.
        self.read_list: Callable[[Any], list[str] | None] = _none_kept(json.loads)

    def _reader(self, kind: TypeEngine[Any]) -> Callable[[Any], Any]:
        """How the column type ``kind`` reads a value of the driver's on this database."""
        convert = kind.dialect_impl(self.dialect).result_processor(self.dialect, None)
        return convert if convert is not None else _same

    def _select(self, *columns: Any) -> Select[Any]:
        """A query of ``columns``; on PostgreSQL instants and lists as text (see the class)."""
        if not self.postgres:
            return select(*columns)
        return select(*[_as_text(column) for column in columns])

    # -- helpers -----------------------------------------------------------------------------------
    def _code(self, column: Any) -> Any:
        """Order by a code as Python sorts strings (code point by code point): SQLite compares
        text byte by byte already (UTF-8 keeps code point order); PostgreSQL does with "C"."""
        return column.collate("C") if self.postgres else column

    def _rows(self, stmt: Select[Any], batch: int | None = None) -> Reading:
        """The rows of ``stmt`` a batch at a time, as the driver gives them, on the unit of
        work's own connection and transaction (streamed on PostgreSQL)."""
        sql = str(stmt.compile(dialect=self.dialect, compile_kwargs={"literal_binds": True}))
        if self.postgres:
            yield from self._streamed(sql, batch or BATCH)
            return
        cursor = self._driver.cursor()
        try:
            cursor.execute(sql)
            while rows := cursor.fetchmany(batch or BATCH):
                yield rows
        finally:
            cursor.close()

    def _merged(self, rows: Select[Any], codes: Select[Any]) -> Reading:
        """``rows`` with the codes of ``codes`` merged in (``_with_codes``). On PostgreSQL the
        codes (a few short ones per row) are read whole first: one connection streams one query
        at a time."""
        if self.postgres:
            read_first = list(self._rows(codes))
            return _with_codes(self._rows(rows), (batch for batch in read_first))
        return _with_codes(self._rows(rows), self._rows(codes))

    def _streamed(self, sql: str, batch: int) -> Reading:
        """PostgreSQL: the rows of ``sql`` streamed by the server a chunk of ``batch`` rows at a
        time, while the rows before are formatted (libpq's chunked rows mode, libpq 17 and
        later; one row at a time before it). A server-side cursor waits on the server for every
        batch; COPY gave the same rows but cost the client three times the CPU (psycopg reads
        COPY a row at a time, through a generator per row)."""
        import psycopg  # only on PostgreSQL, where the driver is loaded already

        size = batch if psycopg.capabilities.has_stream_chunked() else 1
        with self._driver.cursor() as cursor:
            rows: list[tuple[Any, ...]] = []
            for row in cursor.stream(sql, size=size):
                rows.append(row)
                if len(rows) >= batch:
                    yield rows
                    rows = []
            if rows:
                yield rows

    def counts(self) -> dict[str, int]:
        """How many rows each file of the bundle will have (the company: at most one)."""
        found: dict[str, int] = {}
        for name, table in _TABLE_OF_FILE.items():
            found[name] = int(self.connection.execute(select(func.count()).select_from(table)).scalar_one())
        found["company.csv"] = min(found["company.csv"], 1)
        return found

    # -- the small tables --------------------------------------------------------------------------
    def company(self) -> Row[Any] | None:
        """The company (the row the console edits, id 1): name, address, phone, email,
        timezone, currency, tax rate, payment terms, travel speed."""
        c = _company.c
        stmt = select(
            c.name, c.address, c.phone, c.email, c.timezone, c.currency, c.tax_rate, c.payment_terms_days,
            c.travel_speed_kmh,
        ).where(c.id == 1)
        return self.connection.execute(stmt).first()

    def skills(self) -> Reading:
        s = _skill.c
        return self._rows(self._select(s.code, s.name).order_by(self._code(s.code)))

    def technicians(self) -> Reading:
        t = _tech.c
        return self._rows(self._select(
            t.code, t.name, t.phone, t.email, t.hourly_rate, t.home_lat, t.home_lon, t.shift_start, t.shift_end,
            t.workdays, t.active,
        ).order_by(self._code(t.code)))

    def technician_skills(self) -> Reading:
        """By technician, then skill code."""
        held = _tech_skill.c
        return self._rows(
            self._select(_tech.c.code, _skill.c.code, held.certified_until)
            .select_from(_tech_skill)
            .join(_tech, _tech.c.id == held.technician_id)
            .join(_skill, _skill.c.id == held.skill_id)
            .order_by(self._code(_tech.c.code), self._code(_skill.c.code))
        )

    def time_off(self) -> Reading:
        """By technician, then start."""
        t = _time_off.c
        return self._rows(
            self._select(_tech.c.code, t.start, t.end, t.reason)
            .select_from(_time_off)
            .join(_tech, _tech.c.id == t.technician_id)
            .order_by(self._code(_tech.c.code), t.start, t.id)
        )

    def customers(self) -> Reading:
        c = _customer.c
        return self._rows(
            self._select(c.code, c.name, c.billing_address, c.phone, c.email, c.tax_rate).order_by(self._code(c.code))
        )

    def sites(self) -> Reading:
        s = _site.c
        return self._rows(
            self._select(
                s.code, _customer.c.code, s.name, s.address, s.lat, s.lon, s.contact_name, s.contact_phone,
                s.access_notes,
            )
            .select_from(_site)
            .join(_customer, _customer.c.id == s.customer_id)
            .order_by(self._code(s.code))
        )

    def service_agreements(self) -> Reading:
        """By customer, then in the order they were made."""
        a = _agreement.c
        return self._rows(
            self._select(_customer.c.code, _site.c.code, a.name, a.starts_on, a.ends_on, a.scope, a.not_to_exceed)
            .select_from(_agreement)
            .join(_customer, _customer.c.id == a.customer_id)
            .outerjoin(_site, _site.c.id == a.site_id)
            .order_by(self._code(_customer.c.code), a.id)
        )

    def assets(self) -> Reading:
        a = _asset.c
        return self._rows(
            self._select(
                a.code, _site.c.code, a.name, a.category, a.make, a.model, a.serial, a.installed_on,
                a.warranty_until,
            )
            .select_from(_asset)
            .join(_site, _site.c.id == a.site_id)
            .order_by(self._code(a.code))
        )

    def parts(self) -> Reading:
        p = _part.c
        return self._rows(self._select(p.sku, p.description, p.unit_price, p.unit).order_by(self._code(p.sku)))

    def pm_plans(self) -> Reading:
        """Each plan's row and, last, its required skills' codes in order."""
        p = _plan.c
        plans = (
            self._select(
                p.code, _site.c.code, _asset.c.code, p.type, p.summary, p.checklist, p.estimated_hours,
                p.rrule, p.start_wall, p.lead_days, _tech.c.code, p.active, p.mode, p.closeout_needs,
                p.generated_through,
            )
            .select_from(_plan)
            .join(_site, _site.c.id == p.site_id)
            .outerjoin(_asset, _asset.c.id == p.asset_id)
            .outerjoin(_tech, _tech.c.id == p.preferred_technician_id)
            .order_by(self._code(p.code))
        )
        skills = (
            self._select(p.code, _skill.c.code)
            .select_from(_plan)
            .join(_plan_skill, _plan_skill.c.pm_plan_id == p.id)
            .join(_skill, _skill.c.id == _plan_skill.c.skill_id)
            .order_by(self._code(p.code), self._code(_skill.c.code))
        )
        return self._merged(plans, skills)

    # -- the large tables --------------------------------------------------------------------------
    def requests(self) -> Reading:
        r = _request.c
        return self._rows(
            self._select(
                r.number, r.status, r.source, _customer.c.code, _site.c.code, _asset.c.code, r.contact_name,
                r.contact_phone, r.problem, r.priority, r.requested_type, r.received_at, r.reviewed_by,
                r.reviewed_at, r.rejection_reason,
            )
            .select_from(_request)
            .join(_customer, _customer.c.id == r.customer_id)
            .join(_site, _site.c.id == r.site_id)
            .outerjoin(_asset, _asset.c.id == r.asset_id)
            .order_by(self._code(r.number))
        )

    def work_orders(self) -> Reading:
        """Each work order's row and, last, its required skills' codes in order."""
        w = _wo.c
        orders = (
            self._select(
                w.number, w.type, w.priority, w.status, _site.c.code, _asset.c.code, w.summary, w.description,
                w.task_codes, w.estimated_hours, w.due_by, w.created_at, _plan.c.code, w.pm_occurrence,
                _request.c.number, w.started_at, w.completed_at, w.verified_at, w.verified_by, w.closed_at,
                w.billable, w.hold_reason, w.cancel_reason, w.closeout_needs,
            )
            .select_from(_wo)
            .join(_site, _site.c.id == w.site_id)
            .outerjoin(_asset, _asset.c.id == w.asset_id)
            .outerjoin(_plan, _plan.c.id == w.pm_plan_id)
            .outerjoin(_request, _request.c.id == w.request_id)
            .order_by(self._code(w.number))
        )
        skills = (
            self._select(w.number, _skill.c.code)
            .select_from(_wo)
            .join(_wo_skill, _wo_skill.c.work_order_id == w.id)
            .join(_skill, _skill.c.id == _wo_skill.c.skill_id)
            .order_by(self._code(w.number), self._code(_skill.c.code))
        )
        return self._merged(orders, skills)

    def _of_work_orders(
        self, table: Any, columns: Sequence[Any], *order: Any, joined: tuple[Any, Any] | None = None,
        batch: int | None = None,
    ) -> Reading:
        """The rows of a work order's list (``table``, with ``joined``, a table and how it joins,
        for the codes it names): its number first, by work order, then in the list's own order.

        The work order comes first in the join: SQLite then reads each list by its work order
        (bookings: 0.55 s -> 0.25 s of 100,000) rather than all of it in another index's order.
        """
        source = _wo.join(table, _wo.c.id == table.c.work_order_id)
        if joined is not None:
            source = source.join(*joined)
        return self._rows(
            self._select(_wo.c.number, *columns).select_from(source).order_by(self._code(_wo.c.number), *order), batch
        )

    def bookings(self) -> Reading:
        b = _booking.c
        return self._of_work_orders(
            _booking,
            (_tech.c.code, b.start, b.end, b.confirmed_conflicts, b.confirmed_by),
            b.start, b.id,
            joined=(_tech, _tech.c.id == b.technician_id),
        )

    def checklist_items(self) -> Reading:
        i = _checklist.c
        return self._of_work_orders(_checklist, (i.text, i.done, i.done_by, i.done_at), i.position, i.id)

    def planned_parts(self) -> Reading:
        p = _planned.c
        return self._of_work_orders(
            _planned, (_part.c.sku, p.quantity), p.id, joined=(_part, _part.c.id == p.part_id)
        )

    def labor(self) -> Reading:
        e = _labor.c
        return self._of_work_orders(
            _labor,
            (_tech.c.code, e.start, e.end, e.billable, e.note),
            e.start, e.id,
            joined=(_tech, _tech.c.id == e.technician_id),
        )

    def parts_used(self) -> Reading:
        u = _used.c
        return self._of_work_orders(
            _used, (_part.c.sku, u.quantity, u.unit_price), u.id, joined=(_part, _part.c.id == u.part_id)
        )

    def notes(self) -> Reading:
        n = _note.c
        return self._of_work_orders(_note, (n.author, n.at, n.text), n.at, n.id)

    def photos(self) -> Reading:
        """By work order, then in the order they were added; the file's bytes last."""
        p = _photo.c
        return self._of_work_orders(
            _photo, (p.filename, p.kind, p.content_type, p.caption, p.added_by, p.added_at, p.data), p.id,
            batch=FILE_BATCH,
        )

    def signatures(self) -> Reading:
        s = _signature.c
        return self._of_work_orders(_signature, (s.signer_name, s.signed_at, s.image_png), s.id, batch=FILE_BATCH)

    def scope_changes(self) -> Reading:
        c = _scope.c
        return self._of_work_orders(
            _scope,
            (
                c.seq, c.description, c.extra_hours, c.extra_cost, c.status, c.requested_by, c.requested_at,
                c.decided_by, c.decided_at, c.decision_note,
            ),
            c.seq, c.id,
        )

    def invoices(self) -> Reading:
        i = _invoice.c
        return self._rows(
            self._select(
                i.number, _customer.c.code, i.issued_on, i.due_on, i.currency, i.tax_rate, i.subtotal, i.tax,
                i.total, i.created_at, i.created_by, i.status, i.paid_on, i.voided_at, i.voided_by,
                i.void_reason,
            )
            .select_from(_invoice)
            .join(_customer, _customer.c.id == i.customer_id)
            .order_by(self._code(i.number))
        )

    def invoice_lines(self) -> Reading:
        """By invoice, then position."""
        line = _line.c
        return self._rows(
            self._select(
                _invoice.c.number, _wo.c.number, line.kind, line.description, line.quantity, line.unit_price,
                line.amount,
            )
            .select_from(_line)
            .join(_invoice, _invoice.c.id == line.invoice_id)
            .join(_wo, _wo.c.id == line.work_order_id)
            .order_by(self._code(_invoice.c.number), line.position, line.id)
        )

    def number_series(self) -> Reading:
        c = _counter.c
        return self._rows(self._select(c.name, c.next_value).order_by(self._code(c.name)))


_T = TypeVar("_T")


def _same(value: Any) -> Any:
    return value


def _none_kept(convert: Callable[[Any], _T]) -> Callable[[Any], _T | None]:
    def read(value: Any) -> _T | None:
        return None if value is None else convert(value)

    return read


def _as_text(column: Any) -> Any:
    """PostgreSQL: an instant as its UTC wall clock's text, a list as its JSON text, a decimal as
    its text (see ``ExportReads``)."""
    kind = getattr(column, "type", None)
    if isinstance(kind, UTCDateTime):
        return func.to_char(column, literal(_PG_INSTANT))
    if isinstance(kind, JSON | ExactDecimal):
        return cast(column, Text)
    return column


_K = TypeVar("_K")


def in_turn(readings: Iterable[tuple[_K, Reading]]) -> Generator[tuple[_K, Sequence[Any]], None, None]:
    """The batches of each of ``readings`` in turn, each with its reading's key; each reading
    closed (its cursor with it) as it ends, read to the end or not. Close it when not read to
    the end.

    Read as asked, on the caller's thread: a thread reading ahead gained nothing measurable,
    as the drivers take Python's lock back for every row (SQLite) or every wait on the
    server (psycopg) while the caller formats; on PostgreSQL a pipeline that asks for the next
    batch before the last is formatted would let the server work meanwhile (the report of
    issue #11).
    """
    for key, reading in readings:
        with closing(reading):
            for batch in reading:
                yield key, batch


def _with_codes(batches: Reading, codes: Reading) -> Reading:
    """Each row with, appended, the list of the codes of ``codes`` (owner, code) whose owner is
    the row's first cell: both come ordered by that owner, so they are merged in one pass."""
    try:
        pairs = chain.from_iterable(codes)
        pending = next(pairs, None)
        for batch in batches:
            merged: list[tuple[Any, ...]] = []
            for row in batch:
                owner = row[0]
                mine: list[str] = []
                while pending is not None and pending[0] == owner:
                    mine.append(pending[1])
                    pending = next(pairs, None)
                merged.append((*row, mine))
            yield merged
    finally:
        batches.close()
        codes.close()
