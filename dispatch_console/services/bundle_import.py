"""Import of a CSV bundle (spec/import-format.md): every file checked first, then one upsert.

Nothing is written unless the whole bundle is right; every problem is reported at once as
``FILE:LINE: COLUMN: message``. Rows are upserted by code and only values that differ are
assigned, so importing the same bundle again changes nothing (no audit entries, no new versions).

A column the file leaves out keeps what the database has for existing rows (new rows get the
default); a column that is there but empty means "no value" or the spec's default.
"""

from __future__ import annotations

import copy
import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dispatch_console.domain import lifecycle
from dispatch_console.domain.csv_values import (
    parse_bool,
    parse_code,
    parse_codes,
    parse_currency,
    parse_latitude,
    parse_longitude,
    parse_money,
    parse_percent,
    parse_positive,
    parse_wall_datetime,
    parse_whole_number,
    parse_workdays,
    split_list,
)
from dispatch_console.domain.enums import PRIORITY_RANK, Priority, Status, WorkOrderType, parse_enum
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.recurrence import parse_rule
from dispatch_console.domain.timekeeping import (
    format_wall,
    is_valid_zone,
    local_zone_name,
    parse_date,
    parse_datetime,
    parse_time,
    zone,
)
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.storage import bundle_store
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

ACTION = "Import CSV bundle"

#: Statuses that only make sense with a technician on the schedule.
_NEED_BOOKING = frozenset({Status.SCHEDULED, Status.DISPATCHED})
_BOOKING_COLUMNS = ("tech_code", "scheduled_start", "scheduled_end")
_PLAN_TYPES = (WorkOrderType.PREVENTIVE, WorkOrderType.INSPECTION)


# -- errors and report -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BundleError:
    """One problem, where the user finds it: file, physical line (header = 1), column."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"{self.file}:{self.line}: {self.column}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class BundleErrors(ValidationError):
    """The bundle was refused; ``errors`` lists every problem, one per line of the message."""

    def __init__(self, errors: Sequence[BundleError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class FileCounts:
    """Rows of one file: new, changed, already so, and (for replaced lists) taken away."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass(frozen=True)
class ImportReport:
    files: dict[str, FileCounts]

    @property
    def changed(self) -> bool:
        return any(counts.changed for counts in self.files.values())

    def lines(self) -> list[str]:
        """One line per file, for the command line and the import dialog."""
        result = []
        for name, c in self.files.items():
            text = f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            if c.removed:
                text += f", {c.removed} removed"
            result.append(text)
        return result

    def __str__(self) -> str:
        return "\n".join(self.lines())


# -- columns ---------------------------------------------------------------------------------------
Reader = Callable[[str, ZoneInfo], Any]


@dataclass(frozen=True)
class Column:
    """How one column is read and where its value goes."""

    name: str
    read: Reader
    required: bool = False
    attr: str | None = None  # model attribute set straight from the cell (an id for references)
    default: Any = None  # the value of an empty cell
    ref: type[m.Base] | None = None  # the cell names rows of this model by code
    limit: int | None = None  # characters the database column holds


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[m.Base]
    key: str | None  # the code column; None for company.csv and the replaced lists
    columns: tuple[Column, ...]


def _zone_free(parse: Callable[[str], Any]) -> Callable[[str, ZoneInfo], Any]:
    """Most cells need no time zone: a text-only parser, with the columns' signature."""
    return lambda text, _tz: parse(text)


_code = _zone_free(parse_code)
_codes = _zone_free(parse_codes)
_items = _zone_free(split_list)
_bool = _zone_free(parse_bool)
_date = _zone_free(parse_date)
_time = _zone_free(parse_time)
_money = _zone_free(parse_money)
_positive = _zone_free(parse_positive)
_percent = _zone_free(parse_percent)
_lat = _zone_free(parse_latitude)
_lon = _zone_free(parse_longitude)
_workdays = _zone_free(parse_workdays)
_currency = _zone_free(parse_currency)


def _text(text: str, _tz: ZoneInfo) -> str:
    return text


def _instant(text: str, tz: ZoneInfo) -> datetime:
    return parse_datetime(text, tz)


def _wall(text: str, tz: ZoneInfo) -> datetime:
    return parse_wall_datetime(text, tz)


def _days(text: str, _tz: ZoneInfo) -> int:
    return parse_whole_number(text, 0, 365)


def _zone_name(text: str, _tz: ZoneInfo) -> str:
    zone(text.strip())
    return text.strip()


def _wo_type(text: str, _tz: ZoneInfo) -> Any:
    return parse_enum(WorkOrderType, text, "work order type")


def _priority(text: str, _tz: ZoneInfo) -> Any:
    return parse_enum(Priority, text, "priority")


def _status(text: str, _tz: ZoneInfo) -> Any:
    return parse_enum(Status, text, "work order status")


def _plan_type(text: str, _tz: ZoneInfo) -> WorkOrderType:
    key = text.strip().lower()
    for member in _PLAN_TYPES:
        if member.value == key:
            return member
    choices = ", ".join(t.value for t in _PLAN_TYPES)
    raise ValidationError(f"'{text}' is not a plan type; use one of: {choices}")


def _rule(text: str, _tz: ZoneInfo) -> str:
    cleaned = text.strip()
    if cleaned.upper().startswith("RRULE:"):
        cleaned = cleaned[len("RRULE:") :].strip()
    return cleaned


def _txt(model: type[m.Base], name: str, attr: str | None = None, **kw: Any) -> Column:
    attr = attr or name
    return Column(name, _text, attr=attr, limit=bundle_store.max_length(model, attr), **kw)


def _ref(name: str, model: type[m.Base], attr: str | None, **kw: Any) -> Column:
    return Column(name, _code, attr=attr, ref=model, **kw)


_SPECS: tuple[FileSpec, ...] = (
    FileSpec("company.csv", m.Company, None, (
        _txt(m.Company, "name", required=True),
        _txt(m.Company, "address"),
        _txt(m.Company, "phone"),
        _txt(m.Company, "email"),
        Column("timezone", _zone_name),
        Column("currency", _currency, attr="currency", default="USD"),
        Column("tax_rate", _percent, attr="tax_rate"),
        Column("payment_terms_days", _days, attr="payment_terms_days", default=30),
    )),
    FileSpec("skills.csv", m.Skill, "code", (
        Column("code", _code, required=True),
        _txt(m.Skill, "name", required=True),
    )),
    FileSpec("technicians.csv", m.Technician, "code", (
        Column("code", _code, required=True),
        _txt(m.Technician, "name", required=True),
        _txt(m.Technician, "phone"),
        _txt(m.Technician, "email"),
        Column("skills", _codes, ref=m.Skill, default=[]),
        Column("hourly_rate", _money, attr="hourly_rate"),
        Column("home_lat", _lat, attr="home_lat"),
        Column("home_lon", _lon, attr="home_lon"),
        Column("shift_start", _time, attr="shift_start", default=time(8, 0)),
        Column("shift_end", _time, attr="shift_end", default=time(17, 0)),
        Column("workdays", _workdays, attr="workdays", default="Mon;Tue;Wed;Thu;Fri"),
        Column("active", _bool, attr="active", default=True),
    )),
    FileSpec("time_off.csv", m.TimeOff, None, (
        _ref("tech_code", m.Technician, None, required=True),
        Column("start", _instant, required=True),
        Column("end", _instant, required=True),
        Column("reason", _text),
    )),
    FileSpec("customers.csv", m.Customer, "code", (
        Column("code", _code, required=True),
        _txt(m.Customer, "name", required=True),
        _txt(m.Customer, "billing_address"),
        _txt(m.Customer, "phone"),
        _txt(m.Customer, "email"),
        Column("tax_rate", _percent, attr="tax_rate"),
    )),
    FileSpec("sites.csv", m.Site, "code", (
        Column("code", _code, required=True),
        _ref("customer_code", m.Customer, "customer_id", required=True),
        _txt(m.Site, "name", required=True),
        _txt(m.Site, "address", required=True),
        Column("lat", _lat, attr="lat"),
        Column("lon", _lon, attr="lon"),
        _txt(m.Site, "contact_name"),
        _txt(m.Site, "contact_phone"),
        _txt(m.Site, "access_notes"),
    )),
    FileSpec("assets.csv", m.Asset, "code", (
        Column("code", _code, required=True),
        _ref("site_code", m.Site, "site_id", required=True),
        _txt(m.Asset, "name", required=True),
        _txt(m.Asset, "category"),
        _txt(m.Asset, "make"),
        _txt(m.Asset, "model"),
        _txt(m.Asset, "serial"),
        Column("installed_on", _date, attr="installed_on"),
        Column("warranty_until", _date, attr="warranty_until"),
    )),
    FileSpec("parts.csv", m.Part, "sku", (
        Column("sku", _code, required=True),
        _txt(m.Part, "description", required=True),
        Column("unit_price", _money, required=True, attr="unit_price"),
        _txt(m.Part, "unit", default="ea"),
    )),
    FileSpec("work_orders.csv", m.WorkOrder, "number", (
        Column("number", _code, required=True),
        Column("type", _wo_type, required=True, attr="type"),
        Column("priority", _priority, attr="priority", default=Priority.NORMAL),
        Column("status", _status, attr="status", default=Status.OPEN),
        _ref("site_code", m.Site, "site_id", required=True),
        _ref("asset_code", m.Asset, "asset_id"),
        _txt(m.WorkOrder, "summary", required=True),
        _txt(m.WorkOrder, "description"),
        Column("required_skills", _codes, ref=m.Skill, default=[]),
        Column("estimated_hours", _positive, attr="estimated_hours", default=Decimal(1)),
        Column("due_by", _instant, attr="due_by"),
        Column("created_at", _instant),
        _ref("tech_code", m.Technician, None),
        Column("scheduled_start", _instant),
        Column("scheduled_end", _instant),
        _ref("pm_plan_code", m.PmPlan, "pm_plan_id"),
    )),
    FileSpec("labor.csv", m.LaborEntry, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        _ref("tech_code", m.Technician, None, required=True),
        Column("start", _instant, required=True),
        Column("end", _instant, required=True),
        Column("billable", _bool, default=True),
        Column("note", _text),
    )),
    FileSpec("parts_used.csv", m.PartUsed, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        _ref("sku", m.Part, None, required=True),
        Column("quantity", _positive, required=True),
        Column("unit_price", _money),
    )),
    FileSpec("pm_plans.csv", m.PmPlan, "code", (
        Column("code", _code, required=True),
        _ref("site_code", m.Site, "site_id", required=True),
        _ref("asset_code", m.Asset, "asset_id"),
        Column("type", _plan_type, attr="type", default=WorkOrderType.PREVENTIVE),
        _txt(m.PmPlan, "summary", required=True),
        Column("checklist", _items, attr="checklist", default=[]),
        Column("required_skills", _codes, ref=m.Skill, default=[]),
        Column("estimated_hours", _positive, attr="estimated_hours", default=Decimal(1)),
        Column("rrule", _rule, required=True, attr="rrule"),
        Column("start", _wall, required=True, attr="start_wall"),
        Column("lead_days", _days, attr="lead_days", default=7),
        _ref("preferred_tech_code", m.Technician, "preferred_technician_id"),
        Column("active", _bool, attr="active", default=True),
    )),
)
SPECS: dict[str, FileSpec] = {spec.name: spec for spec in _SPECS}
#: Every file of the bundle and its columns, in the spec's order (the export writes this order).
BUNDLE_FILES: dict[str, tuple[str, ...]] = {
    spec.name: tuple(column.name for column in spec.columns) for spec in _SPECS
}
#: Rows are written after the rows they name: plans before the work orders made from them.
_WRITE_ORDER = (
    "company.csv", "skills.csv", "technicians.csv", "time_off.csv", "customers.csv", "sites.csv",
    "assets.csv", "parts.csv", "pm_plans.csv", "work_orders.csv", "labor.csv", "parts_used.csv",
)
assert sorted(_WRITE_ORDER) == sorted(SPECS)

#: The file that holds each kind of row by code, to tell where a reference should be.
_FILE_OF: dict[type[m.Base], str] = {
    spec.model: spec.name for spec in _SPECS if spec.key is not None
}
_WHAT: dict[type[m.Base], str] = {
    m.Skill: "skill", m.Technician: "technician", m.Customer: "customer", m.Site: "site",
    m.Asset: "asset", m.Part: "part", m.WorkOrder: "work order", m.PmPlan: "recurring plan",
}
#: What each file changes, in the names views listen for (Changes.entities).
_ENTITIES: dict[str, tuple[str, ...]] = {
    "company.csv": ("company",),
    "skills.csv": ("skill",),
    "technicians.csv": ("technician",),
    "time_off.csv": ("time_off", "technician"),
    "customers.csv": ("customer",),
    "sites.csv": ("site",),
    "assets.csv": ("asset",),
    "parts.csv": ("part",),
    "work_orders.csv": ("work_order",),
    "labor.csv": ("labor_entry", "work_order"),
    "parts_used.csv": ("part_used", "work_order"),
    "pm_plans.csv": ("pm_plan",),
}
assert set(_ENTITIES) == set(SPECS)


def first_booking(bookings: Iterable[m.Booking]) -> m.Booking | None:
    """The booking a work order's CSV row stands for: the earliest (ties: the oldest)."""
    return min(bookings, key=lambda b: (b.start, b.id if b.id is not None else 0), default=None)


# -- reading files -------------------------------------------------------------------------------
@dataclass
class Record:
    """One row of one file: its line, the cells as written, and their values once read."""

    line: int
    raw: dict[str, str]  # only the columns the file has
    values: dict[str, Any] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.raw

    def filled(self, column: str) -> bool:
        return bool(self.raw.get(column))

    def get(self, column: str) -> Any:
        return self.values.get(column)


def _decode(name: str, data: bytes, errors: list[BundleError]) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        errors.append(BundleError(
            name, line, "",
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02X} cannot be read); "
            "save it as 'CSV UTF-8'",
        ))
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        errors.append(BundleError(name, line, "", "the file holds a NUL character; is it really CSV?"))
        return None
    return text


def _read_table(
    spec: FileSpec, text: str, errors: list[BundleError]
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header's column names and each non-empty row with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(BundleError(spec.name, start, "", f"the CSV cannot be read here: {exc}"))
            return None
        if header is None:
            header = cells
            continue
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))
    if header is None:
        errors.append(BundleError(spec.name, 1, "", "the file is empty; the first row must name the columns"))
        return None
    return header, rows


def _check_header(spec: FileSpec, header: list[str], errors: list[BundleError]) -> list[str | None]:
    """Each position's column as the spec spells it; None where the header is wrong.

    The rows are still read with the columns that are right, so their errors are reported too
    and other files' references to their codes do not look dangling.
    """
    known = BUNDLE_FILES[spec.name]
    names: list[str | None] = []
    for position, cell in enumerate(header, start=1):
        name = cell.strip().lower()
        if not name:
            errors.append(BundleError(spec.name, 1, "", f"column {position} has no name"))
        elif name not in known:
            errors.append(BundleError(
                spec.name, 1, cell.strip(),
                f"unknown column; the columns of {spec.name} are: {', '.join(known)}",
            ))
        elif name in names:
            errors.append(BundleError(spec.name, 1, name, "the column is named twice"))
        else:
            names.append(name)
            continue
        names.append(None)
    for column in spec.columns:
        if column.required and column.name not in names:
            errors.append(BundleError(spec.name, 1, column.name, "required column is missing"))
    return names


def _records(
    spec: FileSpec, names: list[str | None], rows: list[tuple[int, list[str]]], errors: list[BundleError]
) -> list[Record]:
    records = []
    for line, cells in rows:
        extra = [cell for cell in cells[len(names):] if cell.strip()]
        if extra:
            errors.append(BundleError(
                spec.name, line, "",
                f"the row has {len(cells)} cells but the header names {len(names)} columns",
            ))
            continue
        padded = cells + [""] * (len(names) - len(cells))
        cells_by_name = {name: cell.strip() for name, cell in zip(names, padded, strict=False) if name is not None}
        records.append(Record(line, cells_by_name))
    return records


# -- the import ------------------------------------------------------------------------------------
class _Import:
    """Checks a bundle against itself and the database, then writes it in the same unit of work."""

    def __init__(self, uow: UnitOfWork, now: datetime) -> None:
        self.uow = uow
        self.now = now.replace(microsecond=0)
        self.errors: list[BundleError] = []
        self.records: dict[str, list[Record]] = {}
        self.tz = zone("UTC")
        self.timezone_name = "UTC"
        # Rows of the database the bundle names, by model and code; new rows join as they are made.
        self.known: dict[type[m.Base], dict[str, Any]] = {}
        # Codes each file of the bundle defines, and the site each asset will belong to.
        self.codes: dict[type[m.Base], set[str]] = {}
        self.asset_sites: dict[str, str] = {}
        self.counts: dict[str, FileCounts] = {}
        # Labor.csv replaces a work order's labor: its ends, not the database's, date the completion.
        self.labor_ends: dict[str, list[datetime]] = {}
        self.entities: set[str] = set()
        self.work_orders_touched: set[str] = set()

    def error(self, file: str, line: int, column: str, message: str) -> None:
        self.errors.append(BundleError(file, line, column, message))

    # -- checking ----------------------------------------------------------------------------------
    def check(self, files: Mapping[str, bytes]) -> None:
        for name in sorted(files):
            spec = SPECS.get(name)
            if spec is None:
                self.error(name, 1, "", f"unknown file; a bundle holds only {', '.join(BUNDLE_FILES)}")
                continue
            text = _decode(name, files[name], self.errors)
            table = _read_table(spec, text, self.errors) if text is not None else None
            if table is None:
                continue
            names = _check_header(spec, table[0], self.errors)
            self.records[name] = _records(spec, names, table[1], self.errors)
        self._choose_zone()
        for spec in _SPECS:
            for record in self.records.get(spec.name, []):
                self._read_cells(spec, record)
        self._check_keys()
        self._load_known()
        self._check_references()
        self._check_company()
        self._check_technicians()
        self._check_spans("time_off.csv", "start", "end")
        self._check_spans("labor.csv", "start", "end")
        self._check_asset_sites("pm_plans.csv")
        self._check_plans()
        self._check_asset_sites("work_orders.csv")
        self._check_work_orders()

    def _choose_zone(self) -> None:
        """Wall clock in the file means the company's zone: this bundle's, else the database's."""
        name = None
        company_rows = self.records.get("company.csv", [])
        if company_rows and company_rows[0].filled("timezone"):
            name = company_rows[0].raw["timezone"]
        if name is None or not is_valid_zone(name):
            company = self.uow.company()
            name = company.timezone if company is not None else local_zone_name()
        self.timezone_name = name
        self.tz = zone(name)

    def _read_cells(self, spec: FileSpec, record: Record) -> None:
        for column in spec.columns:
            if not record.has(column.name):
                continue
            text = record.raw[column.name]
            if not text:
                if column.required:
                    self.error(spec.name, record.line, column.name, "a value is required")
                # A fresh copy: a list default must not be shared by rows and mapped objects.
                record.values[column.name] = copy.copy(column.default)
                continue
            if column.limit is not None and len(text) > column.limit:
                self.error(
                    spec.name, record.line, column.name,
                    f"the text is {len(text)} characters long; at most {column.limit} fit",
                )
                continue
            try:
                record.values[column.name] = column.read(text, self.tz)
            except ValidationError as exc:
                self.error(spec.name, record.line, column.name, str(exc))

    def _check_keys(self) -> None:
        for spec in _SPECS:
            if spec.key is None:
                continue
            seen: dict[str, int] = {}
            for record in self.records.get(spec.name, []):
                code = record.get(spec.key)
                if code is None:
                    continue
                if code in seen:
                    self.error(
                        spec.name, record.line, spec.key,
                        f"'{code}' is already on line {seen[code]}; codes are unique in a file",
                    )
                else:
                    seen[code] = record.line

    def _load_known(self) -> None:
        for model, file in _FILE_OF.items():
            key = SPECS[file].key
            assert key is not None
            self.codes[model] = {
                r.get(key) for r in self.records.get(file, []) if r.get(key) is not None
            }
        wanted = {model: set(codes) for model, codes in self.codes.items()}
        for spec in _SPECS:
            for column in spec.columns:
                if column.ref is None:
                    continue
                for record in self.records.get(spec.name, []):
                    wanted[column.ref].update(_as_codes(record.get(column.name)))
        for model, codes in wanted.items():
            if model is m.Technician:
                self.known[model] = bundle_store.technicians_with_children(self.uow, codes)
            elif model is m.WorkOrder:
                self.known[model] = bundle_store.work_orders_with_children(self.uow, codes)
            else:
                self.known[model] = dict(self.uow.by_codes(model, codes))
        self.asset_sites = bundle_store.asset_site_codes(self.uow, self.known[m.Asset])
        for record in self.records.get("assets.csv", []):
            if record.get("code") is not None:
                self.asset_sites[record.get("code")] = record.get("site_code")

    def exists(self, model: type[m.Base], code: str) -> bool:
        return code in self.known[model] or code in self.codes[model]

    def _check_references(self) -> None:
        for spec in _SPECS:
            for column in spec.columns:
                if column.ref is None:
                    continue
                for record in self.records.get(spec.name, []):
                    for code in _as_codes(record.get(column.name)):
                        if not self.exists(column.ref, code):
                            self.error(
                                spec.name, record.line, column.name,
                                f"no {_WHAT[column.ref]} '{code}' in {_FILE_OF[column.ref]} "
                                "or in the database",
                            )

    def _check_company(self) -> None:
        rows = self.records.get("company.csv", [])
        for record in rows[1:]:
            self.error(
                "company.csv", record.line, "",
                f"company.csv holds at most one row; the company is on line {rows[0].line}",
            )

    def _check_technicians(self) -> None:
        for record in self.records.get("technicians.csv", []):
            existing = self.known[m.Technician].get(record.get("code"))
            start = self._effective(record, "shift_start", existing, "shift_start", time(8, 0))
            end = self._effective(record, "shift_end", existing, "shift_end", time(17, 0))
            if isinstance(start, time) and isinstance(end, time) and not start < end:
                self.error(
                    "technicians.csv", record.line, "shift_end",
                    f"the shift ends at {end:%H:%M}, which is not after its start at {start:%H:%M}",
                )

    def _effective(
        self, record: Record, column: str, existing: Any, attr: str, default: Any
    ) -> Any:
        """The value a row will have after the import: the file's, else what is kept, else the default."""
        if record.has(column):
            if record.filled(column) and column not in record.values:
                return None  # unreadable: already reported
            return record.get(column)
        return getattr(existing, attr) if existing is not None else default

    def _check_spans(self, file: str, start_column: str, end_column: str) -> None:
        for record in self.records.get(file, []):
            self._check_span(file, record, start_column, end_column)

    def _check_span(self, file: str, record: Record, start_column: str, end_column: str) -> None:
        start, end = record.get(start_column), record.get(end_column)
        if isinstance(start, datetime) and isinstance(end, datetime) and not end > start:
            self.error(
                file, record.line, end_column,
                f"{format_wall(end, self.tz)} is not after {start_column} "
                f"{format_wall(start, self.tz)}",
            )

    def _check_asset_sites(self, file: str) -> None:
        """An order's or plan's asset must stand at its site (as both will be after the import)."""
        model = SPECS[file].model
        key = SPECS[file].key
        assert key is not None
        for record in self.records.get(file, []):
            existing = self.known[model].get(record.get(key))
            site = self._effective(record, "site_code", existing, "site", None)
            asset = self._effective(record, "asset_code", existing, "asset", None)
            site = getattr(site, "code", site)
            asset = getattr(asset, "code", asset)
            if not site or not asset or not self.exists(m.Asset, asset):
                continue
            owner = self.asset_sites.get(asset)
            if owner is not None and owner != site:
                self.error(
                    file, record.line, "asset_code",
                    f"asset '{asset}' belongs to site '{owner}', not to '{site}'",
                )

    def _check_plans(self) -> None:
        for record in self.records.get("pm_plans.csv", []):
            rule, start = record.get("rrule"), record.get("start")
            if rule and isinstance(start, datetime):
                try:
                    parse_rule(rule, start)
                except ValidationError as exc:
                    self.error("pm_plans.csv", record.line, "rrule", str(exc))

    def _check_work_orders(self) -> None:
        file = "work_orders.csv"
        occurrences: dict[tuple[str, datetime], tuple[str, int]] = {}
        for record in self.records.get(file, []):
            number = record.get("number")
            existing: m.WorkOrder | None = self.known[m.WorkOrder].get(number)
            self._check_booking(record)
            status = self._effective(record, "status", existing, "status", Status.OPEN)
            if existing is not None and record.has("status") and status is not None \
                    and Status(existing.status) != status:
                # docs/design.md: no import may move a work order around the lifecycle's rules.
                self.error(
                    file, record.line, "status",
                    f"{number} is {Status(existing.status).label} in the database; an import "
                    f"cannot move it to {Status(status).label} (the console applies the rules)",
                )
            if status in _NEED_BOOKING and not self._will_be_booked(record, existing):
                self.error(
                    file, record.line, "status",
                    f"a {Status(status).label} work order needs a booking: fill "
                    "tech_code, scheduled_start and scheduled_end",
                )
            plan = self._effective(record, "pm_plan_code", existing, "pm_plan", None)
            plan = getattr(plan, "code", plan)
            due = self._effective(record, "due_by", existing, "due_by", None)
            if plan and due is None and not record.filled("due_by"):
                self.error(
                    file, record.line, "due_by",
                    f"a work order of recurring plan '{plan}' needs due_by: the plan's occurrence",
                )
            if plan and isinstance(due, datetime) and number is not None:
                key = (plan, due)
                if key in occurrences:
                    other, line = occurrences[key]
                    self.error(
                        file, record.line, "due_by",
                        f"occurrence {format_wall(due, self.tz)} of plan '{plan}' is already "
                        f"work order {other} (line {line})",
                    )
                else:
                    occurrences[key] = (number, record.line)
        self._check_occurrences_in_database(occurrences)

    def _check_booking(self, record: Record) -> None:
        file = "work_orders.csv"
        present = [c for c in _BOOKING_COLUMNS if record.has(c)]
        if not present:
            return
        filled = [c for c in _BOOKING_COLUMNS if record.filled(c)]
        if filled and len(filled) < len(_BOOKING_COLUMNS):
            missing = next(c for c in _BOOKING_COLUMNS if c not in filled)
            self.error(
                file, record.line, missing,
                "tech_code, scheduled_start and scheduled_end go together: fill all three or none",
            )
            return
        self._check_span(file, record, "scheduled_start", "scheduled_end")

    def _will_be_booked(self, record: Record, existing: m.WorkOrder | None) -> bool:
        if any(record.has(c) for c in _BOOKING_COLUMNS):
            return all(record.filled(c) for c in _BOOKING_COLUMNS)
        return existing is not None and bool(existing.bookings)

    def _check_occurrences_in_database(
        self, occurrences: dict[tuple[str, datetime], tuple[str, int]]
    ) -> None:
        """One work order per plan occurrence, also counting those already in the database."""
        by_id: dict[tuple[int, datetime], tuple[str, datetime, str, int]] = {}
        for (plan_code, due), (number, line) in occurrences.items():
            plan = self.known[m.PmPlan].get(plan_code)
            if plan is not None:
                by_id[(plan.id, due)] = (plan_code, due, number, line)
        owners = bundle_store.plan_occurrence_owners(self.uow, by_id)
        for key, owner in owners.items():
            plan_code, due, number, line = by_id[key]
            if owner != number:
                self.error(
                    "work_orders.csv", line, "due_by",
                    f"occurrence {format_wall(due, self.tz)} of plan '{plan_code}' is already "
                    f"work order {owner}",
                )

    # -- writing -----------------------------------------------------------------------------------
    def write(self) -> ImportReport:
        writers: dict[str, Callable[[FileSpec, list[Record]], None]] = {
            "company.csv": self._write_company,
            "time_off.csv": self._write_time_off,
            "labor.csv": self._write_labor,
            "parts_used.csv": self._write_parts_used,
        }
        for record in self.records.get("labor.csv", []):
            self.labor_ends.setdefault(record.get("work_order_number"), []).append(record.get("end"))
        for spec in (SPECS[name] for name in _WRITE_ORDER):
            if spec.name not in self.records:
                continue
            self.counts[spec.name] = FileCounts()
            writers.get(spec.name, self._write_coded)(spec, self.records[spec.name])
            self.uow.flush()
            if self.counts[spec.name].changed:
                self.entities.update(_ENTITIES[spec.name])
        return ImportReport({name: self.counts[name] for name in BUNDLE_FILES if name in self.counts})

    def _tally(self, file: str, created: bool, changed: bool) -> None:
        counts = self.counts[file]
        if created:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _assign_columns(self, spec: FileSpec, record: Record, obj: Any) -> bool:
        """Set the attributes the row gives, only those that differ: no needless UPDATE."""
        changed = False
        for column in spec.columns:
            if column.attr is None or not record.has(column.name):
                continue
            value = record.get(column.name)
            if column.ref is not None and value is not None:
                value = self.known[column.ref][value].id
            changed |= _assign(obj, column.attr, value)
        return changed

    def _write_company(self, spec: FileSpec, records: list[Record]) -> None:
        record = records[0]
        company = self.uow.company()
        created = company is None
        if company is None:
            company = m.Company(id=1, timezone=self.timezone_name)
            self.uow.add(company)
        changed = self._assign_columns(spec, record, company)
        if record.filled("timezone"):
            changed |= _assign(company, "timezone", record.get("timezone"))
        self._tally(spec.name, created, changed)

    def _write_coded(self, spec: FileSpec, records: list[Record]) -> None:
        assert spec.key is not None
        for record in records:
            code = record.get(spec.key)
            obj = self.known[spec.model].get(code)
            created = obj is None
            if obj is None:
                obj = spec.model(**{spec.key: code})
                self.uow.add(obj)
                self.known[spec.model][code] = obj
            changed = self._assign_columns(spec, record, obj)
            if isinstance(obj, m.Technician):
                changed |= self._write_tech_skills(record, obj)
            elif isinstance(obj, m.PmPlan):
                changed |= self._write_skills(record, obj)
            elif isinstance(obj, m.WorkOrder):
                changed |= self._write_work_order(record, obj, created)
            self._tally(spec.name, created, changed)

    def _write_tech_skills(self, record: Record, tech: m.Technician) -> bool:
        if not record.has("skills"):
            return False
        wanted = [self.known[m.Skill][code].id for code in record.get("skills")]
        changed = False
        for held in list(tech.skills):
            if held.skill_id not in wanted:
                tech.skills.remove(held)  # delete-orphan: the row goes
                changed = True
        held_ids = {held.skill_id for held in tech.skills}
        for skill_id in wanted:
            if skill_id not in held_ids:
                tech.skills.append(m.TechnicianSkill(skill_id=skill_id))
                changed = True
        return changed

    def _write_skills(self, record: Record, obj: m.PmPlan | m.WorkOrder) -> bool:
        if not record.has("required_skills"):
            return False
        wanted = sorted(record.get("required_skills"))
        if sorted(skill.code for skill in obj.required_skills) == wanted:
            return False
        obj.required_skills = [self.known[m.Skill][code] for code in wanted]
        return True

    def _write_work_order(self, record: Record, wo: m.WorkOrder, created: bool) -> bool:
        changed = self._write_skills(record, wo)
        if record.has("priority"):
            changed |= _assign(wo, "priority_rank", PRIORITY_RANK[Priority(wo.priority)])
        if record.filled("created_at"):
            changed |= _assign(wo, "created_at", record.get("created_at"))
        elif created:
            wo.created_at = self.now
        plan_id = wo.pm_plan_id
        if record.has("pm_plan_code") or plan_id is not None:
            changed |= _assign(wo, "pm_occurrence", wo.due_by if plan_id is not None else None)
        changed |= self._write_booking(record, wo)
        if Status(wo.status or Status.OPEN) in lifecycle.DONE and wo.completed_at is None:
            wo.completed_at = self._completion_time(wo)
        if changed:
            self.work_orders_touched.add(wo.number)
        return changed

    def _completion_time(self, wo: m.WorkOrder) -> datetime:
        """When done work was finished, so history sorts: last labor, else booking end, due-by, creation."""
        ends = self.labor_ends.get(wo.number)
        if ends is None:
            ends = [entry.end for entry in wo.labor]
        booking = first_booking(wo.bookings)
        candidates = [
            max(ends, default=None),
            booking.end if booking is not None else None,
            wo.due_by,
            wo.created_at,
        ]
        return next(value for value in candidates if value is not None)

    def _write_booking(self, record: Record, wo: m.WorkOrder) -> bool:
        """The row's booking replaces the order's bookings unless it is the first of them already."""
        if not any(record.has(c) for c in _BOOKING_COLUMNS):
            return False
        first = first_booking(wo.bookings)
        if not record.filled("tech_code"):
            if not wo.bookings:
                return False
            wo.bookings = []
        else:
            tech_id = self.known[m.Technician][record.get("tech_code")].id
            start, end = record.get("scheduled_start"), record.get("scheduled_end")
            if first is not None and (first.technician_id, first.start, first.end) == (tech_id, start, end):
                return False
            wo.bookings = [m.Booking(technician_id=tech_id, start=start, end=end)]
        self.entities.add("booking")
        return True

    def _replace(
        self,
        spec: FileSpec,
        records: list[Record],
        parent: type[m.Base],
        parent_column: str,
        collection: str,
        row_of: Callable[[Record], dict[str, Any]],
    ) -> None:
        """Rows without a code: a parent's list is replaced as a whole, unless it is already so."""
        groups: dict[str, list[Record]] = {}
        for record in records:
            groups.setdefault(record.get(parent_column), []).append(record)
        counts = self.counts[spec.name]
        for code, group in groups.items():
            owner = self.known[parent][code]
            current: list[Any] = getattr(owner, collection)
            wanted = [row_of(record) for record in group]
            fields = list(wanted[0])
            if Counter(_row_key(r, fields) for r in wanted) == Counter(
                _row_key({f: getattr(obj, f) for f in fields}, fields) for obj in current
            ):
                counts.unchanged += len(group)
                continue
            counts.removed += len(current)
            counts.created += len(group)
            setattr(owner, collection, [spec.model(**row) for row in wanted])
            if parent is m.WorkOrder:
                self.work_orders_touched.add(code)

    def _write_time_off(self, spec: FileSpec, records: list[Record]) -> None:
        self._replace(spec, records, m.Technician, "tech_code", "time_off", lambda r: {
            "start": r.get("start"), "end": r.get("end"), "reason": r.get("reason"),
        })

    def _write_labor(self, spec: FileSpec, records: list[Record]) -> None:
        def row(r: Record) -> dict[str, Any]:
            return {
                "technician_id": self.known[m.Technician][r.get("tech_code")].id,
                "start": r.get("start"),
                "end": r.get("end"),
                "billable": r.get("billable") if r.has("billable") else True,
                "note": r.get("note"),
            }

        self._replace(spec, records, m.WorkOrder, "work_order_number", "labor", row)

    def _write_parts_used(self, spec: FileSpec, records: list[Record]) -> None:
        self._replace(spec, records, m.WorkOrder, "work_order_number", "parts_used", lambda r: {
            "part_id": self.known[m.Part][r.get("sku")].id,
            "quantity": r.get("quantity"),
            "unit_price": r.get("unit_price"),
        })


def _as_codes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _row_key(row: Mapping[str, Any], fields: list[str]) -> tuple[Any, ...]:
    return tuple(row[f] for f in fields)


def _assign(obj: Any, attr: str, value: Any) -> bool:
    if getattr(obj, attr) == value:
        return False
    setattr(obj, attr, value)
    return True


_FILE_ORDER = {name: position for position, name in enumerate(BUNDLE_FILES)}


def import_bundle(ctx: ServiceContext, files: Mapping[str, bytes]) -> ImportReport:
    """Check every file of the bundle, then upsert it all in one unit of work, or nothing."""
    with ctx.write(ACTION) as uow:
        job = _Import(uow, ctx.now())
        job.check(files)
        if job.errors:
            ordered = sorted(
                job.errors, key=lambda e: (_FILE_ORDER.get(e.file, len(_FILE_ORDER)), e.file, e.line)
            )
            raise BundleErrors(ordered)
        report = job.write()
    if report.changed:
        ctx.notify(Changes(
            entities=frozenset(job.entities), work_orders=frozenset(job.work_orders_touched)
        ))
    return report


def import_folder(ctx: ServiceContext, path: Path) -> ImportReport:
    """Import the CSV files of a folder; hidden files (.DS_Store and the like) are not part of it."""
    if not path.is_dir():
        raise ValidationError(f"'{path}' is not a folder")
    files = {
        entry.name: entry.read_bytes()
        for entry in sorted(path.iterdir())
        if entry.is_file() and not entry.name.startswith(".")
    }
    if not files:
        raise ValidationError(f"'{path}' holds no CSV files")
    return import_bundle(ctx, files)
