"""Import of a CSV bundle (docs/csv-bundle-format.md): every file checked first, then one upsert.

Nothing is written unless the whole bundle is right; every problem is reported at once as
``FILE:LINE: COLUMN: message``. Rows are upserted by code and only values that differ are
assigned, so importing the same bundle again changes nothing (no audit entries, no new versions).

A column the file leaves out keeps what the database has for existing rows (new rows get the
default); a column that is there but empty means "no value" or the spec's default.

Two versions are read: version 1 (no ``bundle.csv``), what a contractor writes from spreadsheets,
and version 2, the whole database as the export writes it, photos and signatures as files in
the bundle's ``files/`` folder.
"""

from __future__ import annotations

import csv
import io
import mimetypes
import re
import stat
import sys
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from itertools import repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dispatch_console.domain import invoicing, lifecycle, search_rank
from dispatch_console.domain.changes import EVERYTHING, Changes
from dispatch_console.domain.csv_values import (
    FILES_FOLDER,
    MAX_CODE,
    format_instant,
    parse_bool,
    parse_bundle_path,
    parse_code,
    parse_codes,
    parse_currency,
    parse_instant,
    parse_latitude,
    parse_longitude,
    parse_money,
    parse_not_negative,
    parse_percent,
    parse_positive,
    parse_wall_datetime,
    parse_whole_number,
    parse_workdays,
    parse_zone_name,
    split_list,
)
from dispatch_console.domain.enums import (
    PRIORITY_RANK,
    CloseoutNeed,
    InvoiceLineKind,
    InvoiceStatus,
    PhotoKind,
    PlanMode,
    Priority,
    RequestSource,
    RequestStatus,
    ScopeChangeStatus,
    Status,
    WorkOrderType,
    parse_enum,
)
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.money import invoice_totals
from dispatch_console.domain.recurrence import parse_rule
from dispatch_console.domain.timekeeping import (
    company_zone,
    parse_date,
    parse_time,
    zone,
)
from dispatch_console.loading import collection_paused
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import bundle_store, plan_store
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

ACTION = "Import CSV bundle"

#: The version the export writes; a bundle without ``bundle.csv`` is version 1.
BUNDLE_VERSION = 2
MANIFEST = "bundle.csv"
MANIFEST_COLUMNS = ("version",)
#: The manifest's column of a spreadsheet-safe export: text cells a spreadsheet would run as a
#: formula carry an apostrophe in front, which the import takes off again.
SPREADSHEET_SAFE = "spreadsheet_safe"
#: What a spreadsheet takes for the start of a formula (OWASP's list), and the apostrophe that
#: marks a protected cell: a text starting with either gets an apostrophe in a safe export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SAFE_MARK = "'"

#: Statuses that only make sense with a technician on the schedule.
_NEED_BOOKING = frozenset({Status.SCHEDULED, Status.DISPATCHED})
#: A work order is on an invoice only once billed: invoiced, then closed.
_BILLED = frozenset({Status.INVOICED, Status.CLOSED})
_BOOKING_COLUMNS = ("tech_code", "scheduled_start", "scheduled_end")
_PLAN_TYPES = (WorkOrderType.PREVENTIVE, WorkOrderType.INSPECTION)


#: Told between batches of the writing: rows written so far, rows to write, the file being written.
Progress = Callable[[int, int, str], None]
#: Each replaced list's column naming the row it belongs to.
_OWNER_COLUMN = {"time_off.csv": "technician_id", "invoice_lines.csv": "invoice_id"}
#: Each replaced list's collection on its parent and the attributes of one of its rows, in the
#: order ``_Import._list_row`` gives them (after the owner's id).
_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "time_off.csv": ("time_off", ("start", "end", "reason")),
    "labor.csv": ("labor", ("technician_id", "start", "end", "billable", "note")),
    "parts_used.csv": ("parts_used", ("part_id", "quantity", "unit_price")),
    "bookings.csv": ("bookings", ("technician_id", "start", "end", "confirmed_conflicts", "confirmed_by")),
    "checklist_items.csv": ("checklist", ("position", "text", "done", "done_by", "done_at")),
    "planned_parts.csv": ("planned_parts", ("part_id", "quantity")),
    "notes.csv": ("notes", ("author", "at", "text")),
    "photos.csv": ("attachments", ("kind", "filename", "content_type", "data", "caption", "added_by", "added_at")),
    "scope_changes.csv": ("scope_changes", (
        "seq", "description", "extra_hours", "extra_cost", "status", "requested_by", "requested_at",
        "decided_by", "decided_at", "decision_note",
    )),
    "invoice_lines.csv": ("lines", (
        "work_order_id", "position", "kind", "description", "quantity", "unit_price", "amount",
    )),
}
#: A row of a list as inserted, from its owner's id, its record's values and its place in the list.
_ListRow = Callable[[int | None, tuple[Any, ...], int], tuple[Any, ...]]


def _no_row(_owner: int | None, _vals: tuple[Any, ...], _position: int) -> tuple[Any, ...]:
    raise AssertionError("no layout yet")


#: The columns of each list file ``_Import._list_row`` reads, in the order it names them a, b, c ...
_LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "time_off.csv": ("start", "end", "reason"),
    "labor.csv": ("tech_code", "start", "end", "billable", "note"),
    "parts_used.csv": ("sku", "quantity", "unit_price"),
    "bookings.csv": ("tech_code", "start", "end", "confirmed_conflicts", "confirmed_by"),
    "checklist_items.csv": ("text", "done", "done_by", "done_at"),
    "planned_parts.csv": ("sku", "quantity"),
    "notes.csv": ("author", "at", "text"),
    "photos.csv": ("file", "filename", "kind", "content_type", "caption", "added_by", "added_at"),
    "scope_changes.csv": (
        "seq", "description", "extra_hours", "extra_cost", "status", "requested_by", "requested_at",
        "decided_by", "decided_at", "decision_note",
    ),
    "invoice_lines.csv": ("work_order_number", "kind", "description", "quantity", "unit_price", "amount"),
}
#: Columns whose digits searches match by (kept by the models' validators for ORM writes).
_PHONE_DIGITS = {"phone": "phone_digits", "contact_phone": "contact_phone_digits"}


#: Records whose list keys are inserted with the row (``record_keys``).
_RECORD_KEYS = frozenset({m.Customer, m.Site, m.Asset, m.Invoice})

#: Where the skills of a technician (version 1), a plan or a work order are held.
_SKILL_TABLES: dict[type[m.Base], tuple[str, Any]] = {
    m.Technician: ("technician_id", m.TechnicianSkill),
    m.PmPlan: ("pm_plan_id", m.pm_plan_skill),
    m.WorkOrder: ("work_order_id", m.work_order_skill),
}


#: How ``_Import._new_row`` makes a row of a file's records (``_Import._attributes``).
_RowPlan = tuple[
    int, tuple[str, ...], Callable[[tuple[Any, ...]], tuple[Any, ...]], list[tuple[str, dict[str, Any]]],
    list[tuple[str, str]],
]


class _New:
    """A row this import inserted in bulk: its id, and (being new) no children yet."""

    __slots__ = ("id",)

    def __init__(self, ident: int) -> None:
        self.id = ident


# -- errors and report -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BundleError:
    """One problem, where the user finds it: file, physical line (header = 1), column."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the bundle holds: line breaks and control characters of a cell are
        written as escapes (``\\n``), and a long cell quoted in the message is cut short."""
        file, column, message = _one_line(self.file), _one_line(self.column), _one_line(self.message)
        if column:
            return f"{file}:{self.line}: {_shortened(column)}: {message}"
        return f"{file}:{self.line}: {message}"


#: What would break a message's line, or hide in it: control characters and line separators.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: A quoted cell longer than this is cut short in a message.
_QUOTED_LIMIT = 80
_QUOTED = re.compile(rf"'([^']{{{_QUOTED_LIMIT}}})[^']+'")


def _one_line(text: str) -> str:
    escaped = _UNPRINTABLE.sub(lambda found: repr(found.group())[1:-1], text)
    return _QUOTED.sub(lambda found: f"'{found.group(1)}…'", escaped)


def _shortened(text: str) -> str:
    return text if len(text) <= _QUOTED_LIMIT else text[:_QUOTED_LIMIT] + "…"


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
    #: For a list without codes, the column naming the row it belongs to: a list is replaced whole.
    parent: str | None = None


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
_not_negative = _zone_free(parse_not_negative)
_percent = _zone_free(parse_percent)
_lat = _zone_free(parse_latitude)
_lon = _zone_free(parse_longitude)
_workdays = _zone_free(parse_workdays)
_currency = _zone_free(parse_currency)
_path = _zone_free(parse_bundle_path)


def _text(text: str, _tz: ZoneInfo) -> str:
    return text


def _instant(text: str, tz: ZoneInfo) -> datetime:
    return parse_instant(text, tz)


def _wall(text: str, tz: ZoneInfo) -> datetime:
    return parse_wall_datetime(text, tz)


def _days(text: str, _tz: ZoneInfo) -> int:
    return parse_whole_number(text, 0, 365)


def _sequence(text: str, _tz: ZoneInfo) -> int:
    return parse_whole_number(text, 1, 1_000_000)


def _next_number(text: str, _tz: ZoneInfo) -> int:
    return parse_whole_number(text, 1, 2_000_000_000)


def _zone_name(text: str, _tz: ZoneInfo) -> str:
    return parse_zone_name(text)


def _enum(enum_cls: Any, what: str) -> Reader:
    return lambda text, _tz: parse_enum(enum_cls, text, what)


_wo_type = _enum(WorkOrderType, "work order type")
_priority = _enum(Priority, "priority")
_status = _enum(Status, "work order status")
_request_status = _enum(RequestStatus, "request status")
_request_source = _enum(RequestSource, "request source")
_change_status = _enum(ScopeChangeStatus, "scope change status")
_photo_kind = _enum(PhotoKind, "photo kind")
_line_kind = _enum(InvoiceLineKind, "kind of invoice line")
_invoice_status = _enum(InvoiceStatus, "invoice status")
_plan_mode = _enum(PlanMode, "plan mode")


def _closeout_needs(text: str, _tz: ZoneInfo) -> list[str]:
    """CloseoutNeed values in the order written, each once (the console keeps them so)."""
    needs: list[str] = []
    for item in split_list(text):
        need = parse_enum(CloseoutNeed, item, "closeout need").value
        if need not in needs:
            needs.append(need)
    return needs


def _is_zone_name(text: str) -> bool:
    try:
        parse_zone_name(text)
    except ValidationError:
        return False
    return True


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
    if not cleaned:
        raise ValidationError("the recurrence rule is empty; write e.g. FREQ=MONTHLY;BYMONTHDAY=1")
    return cleaned


def _txt(model: type[m.Base], name: str, attr: str | None = None, **kw: Any) -> Column:
    attr = attr or name
    return Column(name, _text, attr=attr, limit=bundle_store.max_length(model, attr), **kw)


def _ref(name: str, model: type[m.Base], attr: str | None, **kw: Any) -> Column:
    return Column(name, _code, attr=attr, ref=model, **kw)


# -- the files of each version ---------------------------------------------------------------------
_COMPANY = (
    _txt(m.Company, "name", required=True),
    _txt(m.Company, "address"),
    _txt(m.Company, "phone"),
    _txt(m.Company, "email"),
    Column("timezone", _zone_name),
    Column("currency", _currency, attr="currency", default="USD"),
    Column("tax_rate", _percent, attr="tax_rate"),
    Column("payment_terms_days", _days, attr="payment_terms_days", default=30),
)
_TECH_HEAD = (
    Column("code", _code, required=True),
    _txt(m.Technician, "name", required=True),
    _txt(m.Technician, "phone"),
    _txt(m.Technician, "email"),
)
_TECH_TAIL = (
    Column("hourly_rate", _money, attr="hourly_rate"),
    Column("home_lat", _lat, attr="home_lat"),
    Column("home_lon", _lon, attr="home_lon"),
    Column("shift_start", _time, attr="shift_start", default=time(8, 0)),
    Column("shift_end", _time, attr="shift_end", default=time(17, 0)),
    Column("workdays", _workdays, attr="workdays", default="Mon;Tue;Wed;Thu;Fri"),
    Column("active", _bool, attr="active", default=True),
)
_WO_HEAD = (
    Column("number", _code, required=True),
    Column("type", _wo_type, required=True, attr="type"),
    Column("priority", _priority, attr="priority", default=Priority.NORMAL),
    Column("status", _status, attr="status", default=Status.OPEN),
    _ref("site_code", m.Site, "site_id", required=True),
    _ref("asset_code", m.Asset, "asset_id"),
    _txt(m.WorkOrder, "summary", required=True),
    _txt(m.WorkOrder, "description"),
    Column("required_skills", _codes, ref=m.Skill, default=[]),
)
_SKILLS = FileSpec("skills.csv", m.Skill, "code", (
    Column("code", _code, required=True),
    _txt(m.Skill, "name", required=True),
))
_TIME_OFF = FileSpec("time_off.csv", m.TimeOff, None, (
    _ref("tech_code", m.Technician, None, required=True),
    Column("start", _instant, required=True),
    Column("end", _instant, required=True),
    Column("reason", _text),
), parent="tech_code")
_CUSTOMERS = FileSpec("customers.csv", m.Customer, "code", (
    Column("code", _code, required=True),
    _txt(m.Customer, "name", required=True),
    _txt(m.Customer, "billing_address"),
    _txt(m.Customer, "phone"),
    _txt(m.Customer, "email"),
    Column("tax_rate", _percent, attr="tax_rate"),
))
_SITES = FileSpec("sites.csv", m.Site, "code", (
    Column("code", _code, required=True),
    _ref("customer_code", m.Customer, "customer_id", required=True),
    _txt(m.Site, "name", required=True),
    _txt(m.Site, "address", required=True),
    Column("lat", _lat, attr="lat"),
    Column("lon", _lon, attr="lon"),
    _txt(m.Site, "contact_name"),
    _txt(m.Site, "contact_phone"),
    _txt(m.Site, "access_notes"),
))
_ASSETS = FileSpec("assets.csv", m.Asset, "code", (
    Column("code", _code, required=True),
    _ref("site_code", m.Site, "site_id", required=True),
    _txt(m.Asset, "name", required=True),
    _txt(m.Asset, "category"),
    _txt(m.Asset, "make"),
    _txt(m.Asset, "model"),
    _txt(m.Asset, "serial"),
    Column("installed_on", _date, attr="installed_on"),
    Column("warranty_until", _date, attr="warranty_until"),
))
_PARTS = FileSpec("parts.csv", m.Part, "sku", (
    Column("sku", _code, required=True),
    _txt(m.Part, "description", required=True),
    Column("unit_price", _money, required=True, attr="unit_price"),
    _txt(m.Part, "unit", default="ea"),
))
_LABOR = FileSpec("labor.csv", m.LaborEntry, None, (
    _ref("work_order_number", m.WorkOrder, None, required=True),
    _ref("tech_code", m.Technician, None, required=True),
    Column("start", _instant, required=True),
    Column("end", _instant, required=True),
    Column("billable", _bool, default=True),
    Column("note", _text),
), parent="work_order_number")
_PARTS_USED = FileSpec("parts_used.csv", m.PartUsed, None, (
    _ref("work_order_number", m.WorkOrder, None, required=True),
    _ref("sku", m.Part, None, required=True),
    Column("quantity", _positive, required=True),
    Column("unit_price", _money),
), parent="work_order_number")
_PM_PLANS = FileSpec("pm_plans.csv", m.PmPlan, "code", (
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
    Column("mode", _plan_mode, attr="mode", default=PlanMode.FIXED),
    Column("closeout_requires", _closeout_needs, attr="closeout_needs", default=[]),
    # Written with the work orders, never below the latest occurrence the plan made (_write_mark).
    Column("generated_through", _instant),
))

_V1: tuple[FileSpec, ...] = (
    FileSpec("company.csv", m.Company, None, _COMPANY),
    _SKILLS,
    FileSpec("technicians.csv", m.Technician, "code", (
        *_TECH_HEAD, Column("skills", _codes, ref=m.Skill, default=[]), *_TECH_TAIL,
    )),
    _TIME_OFF,
    _CUSTOMERS,
    _SITES,
    _ASSETS,
    _PARTS,
    FileSpec("work_orders.csv", m.WorkOrder, "number", (
        *_WO_HEAD,
        Column("estimated_hours", _positive, attr="estimated_hours", default=Decimal(1)),
        Column("due_by", _instant, attr="due_by"),
        Column("created_at", _instant),
        _ref("tech_code", m.Technician, None),
        Column("scheduled_start", _instant),
        Column("scheduled_end", _instant),
        _ref("pm_plan_code", m.PmPlan, "pm_plan_id"),
        Column("closeout_requires", _closeout_needs, attr="closeout_needs", default=[]),
    )),
    _LABOR,
    _PARTS_USED,
    _PM_PLANS,
)

# Version 2, in the order the rows are written: every row after the rows it names.
_V2: tuple[FileSpec, ...] = (
    FileSpec("company.csv", m.Company, None, (
        *_COMPANY,
        Column("travel_speed_kmh", _positive, attr="travel_speed_kmh", default=Decimal(40)),
    )),
    _SKILLS,
    FileSpec("technicians.csv", m.Technician, "code", (*_TECH_HEAD, *_TECH_TAIL)),
    FileSpec("technician_skills.csv", m.TechnicianSkill, None, (
        _ref("tech_code", m.Technician, None, required=True),
        _ref("skill_code", m.Skill, None, required=True),
        Column("certified_until", _date),
    ), parent="tech_code"),
    _TIME_OFF,
    _CUSTOMERS,
    _SITES,
    FileSpec("service_agreements.csv", m.ServiceAgreement, None, (
        _ref("customer_code", m.Customer, None, required=True),
        _ref("site_code", m.Site, None),
        _txt(m.ServiceAgreement, "name", required=True),
        Column("starts_on", _date, required=True),
        Column("ends_on", _date, required=True),
        Column("scope", _text),
        Column("not_to_exceed", _money),
    ), parent="customer_code"),
    _ASSETS,
    _PARTS,
    _PM_PLANS,
    FileSpec("requests.csv", m.WorkRequest, "number", (
        Column("number", _code, required=True),
        Column("status", _request_status, attr="status", default=RequestStatus.NEW),
        Column("source", _request_source, attr="source", default=RequestSource.CUSTOMER),
        _ref("customer_code", m.Customer, "customer_id", required=True),
        _ref("site_code", m.Site, "site_id", required=True),
        _ref("asset_code", m.Asset, "asset_id"),
        _txt(m.WorkRequest, "contact_name"),
        _txt(m.WorkRequest, "contact_phone"),
        _txt(m.WorkRequest, "problem", required=True),
        Column("priority", _priority, attr="priority", default=Priority.NORMAL),
        Column("requested_type", _wo_type, attr="requested_type"),
        Column("received_at", _instant),
        _txt(m.WorkRequest, "reviewed_by"),
        Column("reviewed_at", _instant, attr="reviewed_at"),
        _txt(m.WorkRequest, "rejection_reason"),
    )),
    FileSpec("work_orders.csv", m.WorkOrder, "number", (
        *_WO_HEAD,
        Column("task_codes", _items, attr="task_codes", default=[]),
        Column("estimated_hours", _positive, attr="estimated_hours", default=Decimal(1)),
        Column("due_by", _instant, attr="due_by"),
        Column("created_at", _instant),
        _ref("pm_plan_code", m.PmPlan, "pm_plan_id"),
        Column("plan_occurrence", _instant),
        _ref("request_number", m.WorkRequest, "request_id"),
        Column("started_at", _instant, attr="started_at"),
        Column("completed_at", _instant, attr="completed_at"),
        Column("verified_at", _instant, attr="verified_at"),
        _txt(m.WorkOrder, "verified_by"),
        Column("closed_at", _instant, attr="closed_at"),
        Column("billable", _bool, attr="billable", default=True),
        _txt(m.WorkOrder, "hold_reason"),
        _txt(m.WorkOrder, "cancel_reason"),
        Column("closeout_requires", _closeout_needs, attr="closeout_needs", default=[]),
    )),
    FileSpec("bookings.csv", m.Booking, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        _ref("tech_code", m.Technician, None, required=True),
        Column("start", _instant, required=True),
        Column("end", _instant, required=True),
        Column("confirmed_conflicts", _text),
        _txt(m.Booking, "confirmed_by"),
    ), parent="work_order_number"),
    FileSpec("checklist_items.csv", m.ChecklistItem, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        Column("text", _text, required=True),
        Column("done", _bool, default=False),
        _txt(m.ChecklistItem, "done_by"),
        Column("done_at", _instant),
    ), parent="work_order_number"),
    FileSpec("planned_parts.csv", m.PlannedPart, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        _ref("sku", m.Part, None, required=True),
        Column("quantity", _positive, required=True),
    ), parent="work_order_number"),
    _LABOR,
    _PARTS_USED,
    FileSpec("notes.csv", m.Note, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        _txt(m.Note, "author", required=True),
        Column("at", _instant, required=True),
        Column("text", _text, required=True),
    ), parent="work_order_number"),
    FileSpec("photos.csv", m.Attachment, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        Column("file", _path, required=True),
        _txt(m.Attachment, "filename"),
        Column("kind", _photo_kind, default=PhotoKind.OTHER),
        _txt(m.Attachment, "content_type"),
        Column("caption", _text),
        _txt(m.Attachment, "added_by", required=True),
        Column("added_at", _instant, required=True),
    ), parent="work_order_number"),
    FileSpec("signatures.csv", m.Signature, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        _txt(m.Signature, "signer_name", required=True),
        Column("signed_at", _instant, required=True),
        Column("file", _path),
    ), parent="work_order_number"),
    FileSpec("scope_changes.csv", m.ScopeChange, None, (
        _ref("work_order_number", m.WorkOrder, None, required=True),
        Column("seq", _sequence, required=True),
        Column("description", _text, required=True),
        Column("extra_hours", _not_negative),
        Column("extra_cost", _money),
        Column("status", _change_status, default=ScopeChangeStatus.PENDING),
        _txt(m.ScopeChange, "requested_by", required=True),
        Column("requested_at", _instant, required=True),
        _txt(m.ScopeChange, "decided_by"),
        Column("decided_at", _instant),
        Column("decision_note", _text),
    ), parent="work_order_number"),
    FileSpec("invoices.csv", m.Invoice, "number", (
        Column("number", _code, required=True),
        _ref("customer_code", m.Customer, "customer_id", required=True),
        Column("issued_on", _date, required=True, attr="issued_on"),
        Column("due_on", _date, required=True, attr="due_on"),
        Column("currency", _currency, required=True, attr="currency"),
        Column("tax_rate", _percent, required=True, attr="tax_rate"),
        Column("subtotal", _money, required=True, attr="subtotal"),
        Column("tax", _money, required=True, attr="tax"),
        Column("total", _money, required=True, attr="total"),
        Column("created_at", _instant),
        Column("created_by", _text, limit=bundle_store.max_length(m.Invoice, "created_by")),
        Column("status", _invoice_status, attr="status", default=InvoiceStatus.ISSUED),
        Column("paid_on", _date, attr="paid_on"),
        Column("voided_at", _instant, attr="voided_at"),
        Column("voided_by", _text, attr="voided_by", limit=bundle_store.max_length(m.Invoice, "voided_by")),
        Column("void_reason", _text, attr="void_reason"),
    )),
    FileSpec("invoice_lines.csv", m.InvoiceLine, None, (
        _ref("invoice_number", m.Invoice, None, required=True),
        _ref("work_order_number", m.WorkOrder, None, required=True),
        Column("kind", _line_kind, required=True),
        Column("description", _text, required=True),
        Column("quantity", _not_negative, required=True),
        Column("unit_price", _money, required=True),
        Column("amount", _money, required=True),
    ), parent="invoice_number"),
    FileSpec("number_series.csv", m.Counter, "series", (
        Column("series", _code, required=True),
        Column("next_number", _next_number, required=True),
    )),
)

#: The files of each version by name, in the order they are written.
SPECS: dict[int, dict[str, FileSpec]] = {
    1: {spec.name: spec for spec in _V1},
    2: {spec.name: spec for spec in _V2},
}


#: Cells of these columns are numbers, dates or times: never protected in a spreadsheet-safe
#: export (a negative amount or longitude stays a number in the spreadsheet).
_VALUE_READERS = frozenset({
    _money, _positive, _not_negative, _percent, _lat, _lon, _days, _sequence, _next_number,
    _instant, _wall, _date, _time,
})
#: The columns of each file that hold text (free text, codes, lists, names of things): the cells
#: a spreadsheet-safe export protects.
TEXT_COLUMNS: dict[int, dict[str, frozenset[str]]] = {
    version: {
        name: frozenset(c.name for c in spec.columns if c.read not in _VALUE_READERS)
        for name, spec in specs.items()
    }
    for version, specs in SPECS.items()
}


def _columns(version: int) -> dict[str, tuple[str, ...]]:
    return {name: tuple(c.name for c in spec.columns) for name, spec in SPECS[version].items()}


#: Every file of the bundle the export writes (version 2) and its columns, in the spec's order.
BUNDLE_FILES: dict[str, tuple[str, ...]] = _columns(BUNDLE_VERSION)
#: The files of a version-1 bundle, as a contractor writes them from spreadsheets.
BUNDLE_FILES_V1: dict[str, tuple[str, ...]] = _columns(1)
#: Version 1 writes plans before the work orders made from them, though the file list names them last.
_WRITE_ORDER: dict[int, tuple[str, ...]] = {
    1: (
        "company.csv", "skills.csv", "technicians.csv", "time_off.csv", "customers.csv", "sites.csv",
        "assets.csv", "parts.csv", "pm_plans.csv", "work_orders.csv", "labor.csv", "parts_used.csv",
    ),
    2: tuple(SPECS[2]),
}
assert sorted(_WRITE_ORDER[1]) == sorted(SPECS[1])
#: Where a version-1 column went in version 2, for a clearer refusal than "unknown column".
_MOVED = {
    ("technicians.csv", "skills"): "technician_skills.csv",
    ("work_orders.csv", "tech_code"): "bookings.csv",
    ("work_orders.csv", "scheduled_start"): "bookings.csv",
    ("work_orders.csv", "scheduled_end"): "bookings.csv",
}
_WHAT: dict[type[m.Base], str] = {
    m.Skill: "skill", m.Technician: "technician", m.Customer: "customer", m.Site: "site",
    m.Asset: "asset", m.Part: "part", m.WorkOrder: "work order", m.PmPlan: "recurring plan",
    m.WorkRequest: "request", m.Invoice: "invoice",
}


def first_booking(bookings: Iterable[m.Booking]) -> m.Booking | None:
    """The booking a version-1 work order row stands for: the earliest (ties: the oldest)."""
    return min(bookings, key=lambda b: (b.start, b.id if b.id is not None else 0), default=None)


def content_type_of(file_name: str) -> str:
    """The media type a photo's file name suggests, for a row that does not say."""
    guessed, _ = mimetypes.guess_type(file_name, strict=False)
    return guessed or "application/octet-stream"


# -- reading files -------------------------------------------------------------------------------
class _Layout:
    """The columns one file has, in the order each of its records holds them (one per file)."""

    __slots__ = ("index", "names")

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        #: A column the file lacks reads the slot after the last: None, and an empty cell.
        self.index: dict[str, int] = {name: position for position, name in enumerate(self.names)}


#: Columns whose text a message quotes although they are read into values.
_QUOTED_COLUMNS = frozenset({"seq", "timezone"})
#: Free text up to this long is shared by the rows that repeat it (a checklist item's text).
_SHARED_TEXT = 80


class Record:
    """One row of one file: its line, its values once read, which cells were filled.

    Kept small, as a large bundle holds hundreds of thousands: the values are a tuple in the
    file's column order (``_Layout``), the filled cells a bit each, a cell's text only where a
    message quotes more than its value (``_QUOTED_COLUMNS``). ``get`` (a column's value, None if
    none) and ``has`` (the file has the column) are what the checks ask, millions of times.
    """

    __slots__ = ("layout", "line", "mask", "quoted", "unread", "vals")

    def __init__(
        self, line: int, layout: _Layout, vals: tuple[Any, ...], mask: int,
        unread: tuple[str, ...] = (), quoted: dict[str, str] | None = None,
    ) -> None:
        self.line = line
        self.layout = layout
        self.vals = vals  # each value (None where unreadable), then None for a column the file lacks
        self.mask = mask  # bit i: the cell of the layout's column i is filled
        self.unread = unread  # columns whose cell was refused: they have no value
        self.quoted = quoted  # the trimmed text of the columns a message quotes

    @classmethod
    def of(cls, line: int, raw: dict[str, str]) -> Record:
        """A row of cells only (``bundle.csv``)."""
        mask = sum(1 << position for position, cell in enumerate(raw.values()) if cell)
        return cls(line, _Layout(list(raw)), (*[None] * len(raw), None), mask, tuple(raw), dict(raw))

    def get(self, column: str) -> Any:
        return self.vals[self.layout.index.get(column, -1)]

    def has(self, column: str) -> bool:
        return column in self.layout.index

    def filled(self, column: str) -> bool:
        position = self.layout.index.get(column)
        return position is not None and bool(self.mask >> position & 1)

    def readable(self, column: str) -> bool:
        """The file has the column and its cell was read (not refused)."""
        return column in self.layout.index and column not in self.unread

    def text(self, column: str) -> str:
        """The trimmed cell as written, of a column whose text is its value (a code, free text)
        or that ``_QUOTED_COLUMNS`` names; "" if empty."""
        if self.quoted is not None and column in self.quoted:
            return self.quoted[column]
        value = self.get(column) if self.filled(column) else None
        return value.strip() if isinstance(value, str) else ""


#: How a file's column is read: name, reader (None: the text as it is), required, the empty
#: cell's value, whether that is a list to copy, the characters that fit, untrimmed free text.
_CellPlan = tuple[str, Callable[[str], Any] | None, bool, Any, bool, int | None, bool]
#: Values of cells a reader keeps to give again (per reader); beyond, cells are read afresh.
_MEMO_LIMIT = 100_000
#: Readers whose value is a list: each cell gets a list of its own.
_LIST_READERS = frozenset({_codes, _items, _closeout_needs})
_MISSING: Any = object()


def _memoized(read: Callable[[str], Any], *, copy_list: bool = False) -> Callable[[str], Any]:
    """``read`` once per distinct text: a bundle repeats its values (a status, a day, an amount).

    A refused cell is not kept, so each one is refused with its own message; a list is given
    as a copy, so no two rows share one.
    """
    memo: dict[str, Any] = {}

    def run(text: str) -> Any:
        value = memo.get(text, _MISSING)
        if value is _MISSING:
            value = read(text)
            if len(memo) < _MEMO_LIMIT:
                memo[text] = value
        return list(value) if copy_list else value

    _MEMOS[run] = (memo, copy_list)
    return run


#: Each memoized reader's values by text and whether it gives copies: ``_read_file`` looks a cell
#: up there itself (no call), and calls the reader only for a text it has not kept.
_MEMOS: weakref.WeakKeyDictionary[Callable[[str], Any], tuple[dict[str, Any], bool]] = weakref.WeakKeyDictionary()


def _fast_instant(tz: ZoneInfo) -> Callable[[str], datetime]:
    """``parse_instant`` for the cells the export writes (``YYYY-MM-DDTHH:MM[:SS]``, wall clock
    of years 2 to 9998): the same ``fromisoformat`` and zone conversion without the checks that
    only other forms and the ends of the calendar need; every other cell goes to parse_instant."""

    def read(text: str) -> datetime:
        if len(text) in (16, 19) and text[10] == "T" and text[-1] not in "Zz" and text.isascii():
            try:
                wall = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                if wall.tzinfo is None and 1 < wall.year < 9999:
                    return wall.replace(tzinfo=tz).astimezone(UTC)
        return parse_instant(text, tz)

    return read


def _code_cell(text: str) -> str:
    """``parse_code`` of a trimmed cell that is not empty: the text itself when short enough."""
    return text if len(text) <= MAX_CODE else parse_code(text)


class _CellReaders:
    """Each column's reader for one import (its zone), made once and remembering values."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._readers: dict[Reader, Callable[[str], Any] | None] = {}

    def reader(self, read: Reader) -> Callable[[str], Any] | None:
        if read not in self._readers:
            self._readers[read] = self._make(read)
        return self._readers[read]

    def _make(self, read: Reader) -> Callable[[str], Any] | None:
        tz = self.tz
        if read is _text:
            return None
        if read is _code:
            return _code_cell
        if read is _instant:
            return _memoized(_fast_instant(tz))
        return _memoized(lambda text: read(text, tz), copy_list=read in _LIST_READERS)

    def plans(self, spec: FileSpec, present: set[str], version: int) -> list[_CellPlan]:
        """How each column of ``spec`` the file has is read, in the spec's order."""
        return [
            (c.name, self.reader(c.read), c.required, c.default, isinstance(c.default, list), c.limit,
             c.read is _text and version >= 2)
            for c in spec.columns
            if c.name in present
        ]


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
    name: str, text: str, errors: list[BundleError]
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header's column names and each non-empty row with the line it starts on."""
    with _cells_up_to(len(text)):
        return _read_rows(name, csv.reader(io.StringIO(text, newline=""), strict=True), errors)


#: The csv module's cell limit is one setting for the whole program: changed under this lock only.
_FIELD_LIMIT_LOCK = threading.Lock()
#: The largest limit every platform takes (a C long is 32 bits on Windows).
_MOST_CHARACTERS = 2**31 - 1


@contextmanager
def _cells_up_to(characters: int) -> Iterator[None]:
    """Let the csv module read a cell as long as the whole file while the file is read.

    The console stores text of any length (a description of a megabyte), so the import takes a
    cell of any length, where the csv module alone stops at 131,072 characters. The limit is
    set back afterwards, so other code keeps the module's default.
    """
    with _FIELD_LIMIT_LOCK:
        before = csv.field_size_limit()
        csv.field_size_limit(min(max(before, characters + 1), _MOST_CHARACTERS))
        try:
            yield
        finally:
            csv.field_size_limit(before)


def _read_rows(
    name: str, reader: Any, errors: list[BundleError]
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(BundleError(name, start, "", f"the CSV cannot be read here: {exc}"))
            return None
        if header is None:
            header = cells
            continue
        if "".join(cells).strip():  # a row of empty (or blank) cells is no row
            rows.append((start, cells))
    if header is None:
        errors.append(BundleError(name, 1, "", "the file is empty; the first row must name the columns"))
        return None
    return header, rows


def _decodes(name: str, data: bytes, errors: list[BundleError]) -> bool:
    """Whether ``_decode`` takes the file (its errors if not), without keeping the text."""
    return _decode(name, data, errors) is not None


class _Unreadable(Exception):
    """The CSV module stopped at this line of a file."""

    def __init__(self, line: int, error: csv.Error) -> None:
        super().__init__(str(error))
        self.line = line


def _next_row(reader: Any) -> tuple[int, list[str]] | None:
    """The reader's next row and the line it starts on; None at the end."""
    start = reader.line_num + 1
    try:
        return start, next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise _Unreadable(start, exc) from exc


def _rows_of(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row that is not blank with the line it starts on, as ``_read_rows`` keeps them."""
    while (row := _next_row(reader)) is not None:
        if "".join(row[1]).strip():  # a row of empty (or blank) cells is no row
            yield row


def _check_header(
    name: str,
    known: tuple[str, ...],
    required: Iterable[str],
    header: list[str],
    errors: list[BundleError],
    moved: Mapping[str, str] | None = None,
) -> list[str | None]:
    """Each position's column as the spec spells it; None where the header is wrong.

    The rows are still read with the columns that are right, so their errors are reported too
    and other files' references to their codes do not look dangling. ``moved`` names the file
    a column of another version went to.
    """
    names: list[str | None] = []
    for position, cell in enumerate(header, start=1):
        column = cell.strip().lower()
        if not column:
            errors.append(BundleError(name, 1, "", f"column {position} has no name"))
        elif column not in known:
            where = f"; in version 2 it is in {moved[column]}" if moved and column in moved else ""
            errors.append(BundleError(
                name, 1, cell.strip(),
                f"unknown column{where}; the columns of {name} are: {', '.join(known)}",
            ))
        elif column in names:
            errors.append(BundleError(name, 1, column, "the column is named twice"))
        else:
            names.append(column)
            continue
        names.append(None)
    for column in required:
        if column not in names:
            errors.append(BundleError(name, 1, column, "required column is missing"))
    return names


def _records(
    name: str,
    names: list[str | None],
    rows: list[tuple[int, list[str]]],
    errors: list[BundleError],
    protected: Iterable[str] = (),
) -> list[Record]:
    records = []
    for line, cells in rows:
        extra = [cell for cell in cells[len(names):] if cell.strip()]
        if extra:
            errors.append(BundleError(
                name, line, "",
                f"the row has {len(cells)} cells but the header names {len(names)} columns",
            ))
            continue
        padded = cells + [""] * (len(names) - len(cells))
        written = {n: cell for n, cell in zip(names, padded, strict=False) if n is not None}
        for column in protected:
            if written.get(column, "").startswith(SAFE_MARK):
                written[column] = written[column][len(SAFE_MARK):]
        records.append(Record.of(line, {n: cell.strip() for n, cell in written.items()}))
    return records


def protect(cell: str) -> str:
    """A text cell of a spreadsheet-safe export: an apostrophe before what a spreadsheet would run.

    A text that starts with an apostrophe gets one too, so the import can take exactly one off
    every text cell that has one: the round trip stays exact.
    """
    if cell.startswith((*FORMULA_STARTS, SAFE_MARK)):
        return SAFE_MARK + cell
    return cell


def _read_manifest(data: bytes, errors: list[BundleError]) -> tuple[int, bool] | None:
    """The version ``bundle.csv`` declares, and whether the export was spreadsheet-safe; None
    (with errors) when it cannot be told."""
    before = len(errors)
    text = _decode(MANIFEST, data, errors)
    table = _read_table(MANIFEST, text, errors) if text is not None else None
    if table is None:
        return None
    names = _check_header(MANIFEST, (*MANIFEST_COLUMNS, SPREADSHEET_SAFE), MANIFEST_COLUMNS, table[0], errors)
    records = _records(MANIFEST, names, table[1], errors)
    if len(errors) > before:
        return None
    if len(records) != 1:
        line = records[1].line if len(records) > 1 else 2
        errors.append(BundleError(MANIFEST, line, "", "bundle.csv holds exactly one row: the version"))
        return None
    cell = records[0].text("version")
    if cell not in ("1", "2"):
        errors.append(BundleError(
            MANIFEST, records[0].line, "version",
            f"'{cell}' is not a bundle version this console reads; it reads versions 1 and 2 "
            "(a newer console may have written this bundle)",
        ))
        return None
    safe = False
    if records[0].filled(SPREADSHEET_SAFE):
        try:
            safe = parse_bool(records[0].text(SPREADSHEET_SAFE))
        except ValidationError as exc:
            errors.append(BundleError(MANIFEST, records[0].line, SPREADSHEET_SAFE, str(exc)))
            return None
    return int(cell), safe


# -- the import ------------------------------------------------------------------------------------
class _Import:
    """Checks a bundle against itself and the database, then writes it in the same unit of work."""

    def __init__(self, uow: UnitOfWork, now: datetime, actor: str) -> None:
        self.uow = uow
        #: What a row written now is stamped with (``updated_at``), as the session stamps.
        self.stamp_time = now
        self.now = now.replace(microsecond=0)
        self.actor = actor
        self.version = 1
        self.specs = SPECS[1]
        #: The bundle is a spreadsheet-safe export: text cells may carry an apostrophe to take off.
        self.spreadsheet_safe = False
        self.errors: list[BundleError] = []
        self.records: dict[str, list[Record]] = {}
        #: The files of the ``files/`` folder by their path in the bundle.
        self.attachments: dict[str, bytes] = {}
        self.tz = zone("UTC")
        self.timezone_name = "UTC"
        #: How each column's cells are read (company.csv, read before its zone is chosen, has no date-times).
        self._cells = _CellReaders(self.tz)
        self._cells_chosen = False
        # Rows of the database the bundle names, by model and code; new rows join as they are made.
        self.known: dict[type[m.Base], dict[str, Any]] = {}
        # Codes each file of the bundle defines, and the site each asset will belong to.
        self.codes: dict[type[m.Base], set[str]] = {}
        self.asset_sites: dict[str, str] = {}
        self.site_customers: dict[str, str] = {}
        self.counts: dict[str, FileCounts] = {}
        # Labor.csv replaces a work order's labor: its ends, not the database's, date the completion.
        self.labor_ends: dict[str, list[datetime]] = {}
        self._work_order_rows: dict[str, Record] | None = None
        #: Each plan's work orders in work_orders.csv: (plan code, occurrence) -> (number, line).
        self.occurrences: dict[tuple[str, datetime], tuple[str, int]] = {}
        #: The latest occurrence each plan has a work order for, by plan code (see _write_mark).
        self.latest_made: dict[str, datetime] = {}
        #: Plans of pm_plans.csv counted unchanged (a mark raised at the end counts them updated).
        self._unchanged_plans: set[str] = set()
        self._grouped: dict[tuple[str, str], dict[Any, list[Record]]] = {}
        self.progress: Progress | None = None
        self._done = 0
        self._total = 0
        #: Work orders written (or their lists), whose list keys and views must follow.
        self.touched: set[str] = set()
        #: Work orders inserted with their list keys, whose bookings the import made as the keys say.
        self.keyed: set[int] = set()
        #: Work orders whose site, customer or technician the import renamed: their keys follow.
        self.renamed: set[int] = set()
        self._search_at_end = False
        self._attribute_plans: dict[str, tuple[_Layout, _RowPlan]] = {}
        #: How each list file's rows are inserted, for the layout its records were read with.
        self._list_rows_made: dict[str, tuple[_Layout, _ListRow]] = {}

    def error(self, file: str, line: int, column: str, message: str) -> None:
        self.errors.append(BundleError(file, line, column, message))

    def file_of(self, model: type[m.Base]) -> str:
        """The file of this version that holds rows of ``model`` by code."""
        return next(spec.name for spec in self.specs.values() if spec.model is model and spec.key)

    def rows(self, file: str) -> list[Record]:
        return self.records.get(file, [])

    def work_order_row(self, number: str) -> Record | None:
        """The row of work_orders.csv for this number, if the bundle has one."""
        if self._work_order_rows is None:
            rows = self.rows("work_orders.csv")
            self._work_order_rows = {
                number: r for r, number in zip(rows, _values(rows, "number"), strict=True) if number is not None
            }
        return self._work_order_rows.get(number)

    # -- checking ----------------------------------------------------------------------------------
    def check(self, files: Mapping[str, bytes], release: Callable[[str], None] | None = None) -> None:
        """Read and check every file; ``release`` lets go of a CSV file's bytes once read."""
        if MANIFEST in files:
            manifest = _read_manifest(files[MANIFEST], self.errors)
            if manifest is None:
                return  # the rest cannot be read without knowing the version
            self.version, self.spreadsheet_safe = manifest
            self.specs = SPECS[self.version]
        else:
            newer = sorted(name for name in files if name in SPECS[2] and name not in SPECS[1])
            if len(newer) >= 2 or "number_series.csv" in newer:
                # An export's bundle that lost its bundle.csv: read as version 1, each of its
                # files and columns would be one more "unknown" error, hiding the one cause.
                # (One stray file such as notes.csv beside a hand-made bundle is just unknown.)
                shown = ", ".join(newer[:3]) + (f" and {len(newer) - 3} more" if len(newer) > 3 else "")
                self.error(
                    MANIFEST, 1, "",
                    f"the file is missing, and {shown} belong to a version {BUNDLE_VERSION} bundle "
                    f"(as the export writes it), which starts with {MANIFEST}: put it back, or write "
                    f"it as two lines, 'version' and '{BUNDLE_VERSION}'",
                )
                return  # the rest cannot be read without knowing the version
        pending: list[FileSpec] = []
        for name in sorted(files):
            if name == MANIFEST:
                continue
            if name.startswith(FILES_FOLDER + "/"):
                if self.version < 2:
                    self.error(
                        name, 1, "",
                        "photos and signatures come with bundle version 2: add bundle.csv "
                        "declaring version 2, with photos.csv and signatures.csv naming the files",
                    )
                else:
                    self.attachments[name] = files[name]
                continue
            spec = self.specs.get(name)
            if spec is None:
                if self.version == 1:
                    listed = ", ".join(self.specs)
                else:
                    listed = f"{MANIFEST}, {', '.join(self.specs)} and the {FILES_FOLDER} folder"
                self.error(name, 1, "", f"unknown file; a bundle holds only {listed}")
                continue
            pending.append(spec)
        # company.csv first: it names the zone the other files' wall clock is in (it holds no
        # date-time itself). Then each file in one pass, one file at a time: its rows taken apart
        # and their cells read as the CSV is parsed, so no file's rows of cells are ever held whole.
        for spec in sorted(pending, key=lambda spec: spec.name != "company.csv"):
            if spec.name != "company.csv" and not self._cells_chosen:
                self._choose_zone()
            self._load_file(spec, files[spec.name])
            if release is not None:
                release(spec.name)
        if not self._cells_chosen:
            self._choose_zone()
        self._check_keys()
        self._load_known()
        self._check_references()
        self._check_company()
        self._check_technicians()
        self._check_pairs("technician_skills.csv", "tech_code", "skill_code", "the technician has this skill")
        self._check_spans("time_off.csv", "start", "end")
        self._check_spans("labor.csv", "start", "end")
        self._check_spans("bookings.csv", "start", "end")
        self._check_agreements()
        self._check_asset_sites("pm_plans.csv")
        self._check_plans()
        self._check_requests()
        self._check_asset_sites("work_orders.csv")
        self._check_work_orders()
        self._check_finished_bookings()
        self._check_files()
        self._check_pairs("signatures.csv", "work_order_number", None, "a work order has one signature")
        self._check_pairs("scope_changes.csv", "work_order_number", "seq", "the scope change number is taken")
        self._check_invoices()

    def _choose_zone(self) -> None:
        """Wall clock in the file means the company's zone: this bundle's, else the database's."""
        name = None
        company_rows = self.rows("company.csv")
        if company_rows and company_rows[0].filled("timezone"):
            name = company_rows[0].text("timezone")
        if name is None or not _is_zone_name(name):
            name = company_zone(self.uow.company()).key
        self.timezone_name = name
        self.tz = zone(name)
        self._cells = _CellReaders(self.tz)
        self._cells_chosen = True

    def _load_file(self, spec: FileSpec, data: bytes) -> None:
        """One file checked as ``_decode``, ``_read_table`` and ``_check_header`` check it, its
        rows read into records (``_read_file``) while the CSV is parsed. A file the CSV module
        cannot read to its end gives that one error (as a file read whole before its rows would)."""
        name = spec.name
        errors: list[BundleError] = []
        if not _decodes(name, data, errors):
            self.errors.extend(errors)
            return
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        with _cells_up_to(len(data)):
            reader = csv.reader(stream, strict=True)
            try:
                first = _next_row(reader)
                if first is None:
                    self.errors.append(
                        BundleError(name, 1, "", "the file is empty; the first row must name the columns")
                    )
                    return
                known = tuple(c.name for c in spec.columns)
                required = [c.name for c in spec.columns if c.required]
                moved = {
                    column: file for (at, column), file in _MOVED.items() if at == name and self.version == 2
                }
                names = _check_header(name, known, required, first[1], errors, moved)
                protected = TEXT_COLUMNS[self.version][name] if self.spreadsheet_safe else frozenset()
                records = self._read_file(spec, names, _rows_of(reader), protected, errors)
            except _Unreadable as exc:
                self.errors.append(BundleError(name, exc.line, "", f"the CSV cannot be read here: {exc}"))
                return
        self.errors.extend(errors)
        self.records[name] = records

    def _read_file(
        self,
        spec: FileSpec,
        names: list[str | None],
        rows: Iterable[tuple[int, list[str]]],
        protected: frozenset[str],
        errors: list[BundleError],
    ) -> list[Record]:
        """The rows of one file as records, each cell read as it is taken from the row: one pass.

        The rules are the columns' readers (``Column.read``); ``_CellReaders`` only skips work
        they would repeat (a value read before, a lookup by dict), never what they refuse.
        """
        file = spec.name
        width = len(names)
        at = [(position, name) for position, name in enumerate(names) if name is not None]
        plans = self._cells.plans(spec, {name for _, name in at}, self.version)
        layout = _Layout([plan[0] for plan in plans])
        # Where each column of the layout is in a row, and whether its text is kept.
        positions = {name: position for position, name in at}
        columns = [
            (1 << bit, positions[name], name, read, required, default, fresh, limit, untrimmed,
             name in _QUOTED_COLUMNS, read is None or read is _code_cell,
             *(_MEMOS.get(read, (None, False)) if read is not None else (None, False)))
            for bit, (name, read, required, default, fresh, limit, untrimmed) in enumerate(plans)
        ]
        safe = [(positions[name], name) for name in protected if name in positions]
        records: list[Record] = []
        append = records.append
        intern = sys.intern
        for line, cells in rows:
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                errors.append(BundleError(
                    file, line, "", f"the row has {len(cells)} cells but the header names {width} columns"
                ))
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            for position, _name in safe:
                if cells[position].startswith(SAFE_MARK):
                    cells[position] = cells[position][len(SAFE_MARK):]
            mask = 0
            values: list[Any] = []
            unread: tuple[str, ...] = ()
            quoted: dict[str, str] | None = None
            for (bit, position, name, read, required, default, fresh, limit, untrimmed, quote, textual,
                 memo, copy) in columns:
                written = cells[position]
                text = written.strip()
                if not text:
                    if required:
                        errors.append(BundleError(file, line, name, "a value is required"))
                    # A fresh list: a list default must not be shared by rows and mapped objects.
                    values.append(list(default) if fresh else default)
                    continue
                mask |= bit
                if quote:
                    quoted = {name: text} if quoted is None else {**quoted, name: text}
                if untrimmed:
                    text = written  # spaces around free text are part of it
                if limit is not None and len(text) > limit:
                    errors.append(BundleError(
                        file, line, name, f"the text is {len(text)} characters long; at most {limit} fit"
                    ))
                    values.append(None)
                    unread += (name,)
                    continue
                # Codes and short text are shared by the rows that repeat them (a work order's
                # number in each of its bookings): the same value, held once.
                if read is None:
                    values.append(intern(text) if len(text) <= _SHARED_TEXT else text)
                    continue
                if memo is not None:
                    value = memo.get(text, _MISSING)
                    if value is not _MISSING:
                        values.append(list(value) if copy else value)
                        continue
                try:
                    value = read(text)
                except ValidationError as exc:
                    errors.append(BundleError(file, line, name, str(exc)))
                    values.append(None)
                    unread += (name,)
                    continue
                values.append(intern(value) if textual and len(value) <= _SHARED_TEXT else value)
            values.append(None)
            append(Record(line, layout, tuple(values), mask, unread, quoted))
        return records

    def _check_keys(self) -> None:
        for spec in self.specs.values():
            if spec.key is not None:
                self._check_pairs(spec.name, spec.key, None, "codes are unique in a file")

    def _check_pairs(self, file: str, first: str, second: str | None, why: str) -> None:
        """No two rows of ``file`` with the same ``first`` (and ``second``) values."""
        seen: dict[tuple[Any, Any], int] = {}
        column = second or first
        rows = self.rows(file)
        keys = _taken(rows, first, second) if second else zip(_values(rows, first), repeat(None))
        for record, key in zip(rows, keys, strict=True):
            if key[0] is None or (second and key[1] is None):
                continue
            if key in seen:
                shown = record.text(column)
                self.error(file, record.line, column, f"'{shown}' is already on line {seen[key]}; {why}")
            else:
                seen[key] = record.line

    def _load_known(self) -> None:
        coded = {spec.model: spec for spec in self.specs.values() if spec.key is not None}
        for model, spec in coded.items():
            assert spec.key is not None
            self.codes[model] = set(_values(self.rows(spec.name), spec.key))
            self.codes[model].discard(None)
        wanted = {model: set(codes) for model, codes in self.codes.items()}
        for spec in self.specs.values():
            for column in spec.columns:
                if column.ref is None:
                    continue
                codes = wanted.setdefault(column.ref, set())
                values = _values(self.rows(spec.name), column.name)
                if column.read is _code:  # a code or None: no list
                    codes.update(values)
                    codes.discard(None)  # no code is None: only the empty cells' Nones go
                    continue
                for value in values:
                    if isinstance(value, list):
                        codes.update(value)
                    elif value is not None:
                        codes.add(value)
        for model, codes in wanted.items():
            self.codes.setdefault(model, set())
            if not codes or not bundle_store.has_rows(self.uow, model):
                self.known[model] = {}
            elif model is m.Technician:
                self.known[model] = bundle_store.technicians_with_children(self.uow, codes)
            elif model is m.WorkOrder:
                self.known[model] = bundle_store.work_orders_with_children(self.uow, codes)
            elif model is m.Invoice:
                self.known[model] = bundle_store.invoices_with_lines(self.uow, codes)
            elif model is m.Counter:
                self.known[model] = bundle_store.counters(self.uow, codes)
            else:
                self.known[model] = dict(self.uow.by_codes(model, codes))
        self.asset_sites = bundle_store.asset_site_codes(self.uow, self.known.get(m.Asset, {}))
        for code, site in _taken(self.rows("assets.csv"), "code", "site_code"):
            if code is not None:
                self.asset_sites[code] = site
        sites = set(self.known.get(m.Site, {}))
        sites.update(wo.site.code for wo in self.known.get(m.WorkOrder, {}).values())
        self.site_customers = bundle_store.site_customers(self.uow, sites)
        for code, customer in _taken(self.rows("sites.csv"), "code", "customer_code"):
            if code is not None:
                self.site_customers[code] = customer

    def exists(self, model: type[m.Base], code: str) -> bool:
        return code in self.known.get(model, {}) or code in self.codes.get(model, set())

    def _check_references(self) -> None:
        for spec in self.specs.values():
            for column in spec.columns:
                if column.ref is None:
                    continue
                known = self.known.get(column.ref, {})
                defined = self.codes.get(column.ref, set())
                rows = self.rows(spec.name)
                if column.read is _code:  # a code or None: when every code is found, no row need be looked at
                    named = set(_values(rows, column.name))
                    named.discard(None)
                    if not (named - defined).difference(known):
                        continue
                for record, value in zip(rows, _values(rows, column.name), strict=True):
                    if value is None:
                        continue
                    for code in value if isinstance(value, list) else (value,):
                        if code not in known and code not in defined:
                            self.error(
                                spec.name, record.line, column.name,
                                f"no {_WHAT[column.ref]} '{code}' in {self.file_of(column.ref)} "
                                "or in the database",
                            )

    def _check_company(self) -> None:
        rows = self.rows("company.csv")
        if "company.csv" in self.records and not rows:
            self.error(
                "company.csv", 2, "",
                "the file names the columns but holds no company; write the company on line 2, "
                "or leave company.csv out of the bundle",
            )
        for record in rows[1:]:
            self.error(
                "company.csv", record.line, "",
                f"company.csv holds at most one row; the company is on line {rows[0].line}",
            )

    def _check_technicians(self) -> None:
        for record in self.rows("technicians.csv"):
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
        position = record.layout.index.get(column)
        if position is not None:  # as has(), filled() and readable() tell, asked once
            if record.mask >> position & 1 and column in record.unread:
                return None  # unreadable: already reported
            return record.vals[position]
        return getattr(existing, attr) if existing is not None else default

    def _code_of(self, record: Record, column: str, existing: Any, attr: str) -> str | None:
        """The code a row's reference will have after the import."""
        value = self._effective(record, column, existing, attr, None)
        code = getattr(value, "code", value)
        return str(code) if code is not None else None

    def _check_spans(self, file: str, start_column: str, end_column: str) -> None:
        rows = self.rows(file)
        for record, (start, end) in zip(rows, _taken(rows, start_column, end_column), strict=True):
            self._span_ends(file, record, start_column, end_column, start, end)

    def _check_span(self, file: str, record: Record, start_column: str, end_column: str) -> None:
        self._span_ends(file, record, start_column, end_column, record.get(start_column), record.get(end_column))

    def _span_ends(self, file: str, record: Record, start_column: str, end_column: str, start: Any, end: Any) -> None:
        """The span's end must be after its start."""
        if isinstance(start, datetime) and isinstance(end, datetime) and not end > start:
            self.error(
                file, record.line, end_column,
                f"{format_instant(end, self.tz)} is not after {start_column} "
                f"{format_instant(start, self.tz)}",
            )

    def _check_site_customer(self, file: str, record: Record, site: str | None, customer: str | None) -> None:
        """A site named with a customer must be one of that customer's sites."""
        if not site or not customer or not self.exists(m.Site, site):
            return
        owner = self.site_customers.get(site)
        if owner is not None and owner != customer:
            self.error(
                file, record.line, "site_code",
                f"site '{site}' belongs to customer '{owner}', not to '{customer}'",
            )

    def _check_agreements(self) -> None:
        for record in self.rows("service_agreements.csv"):
            starts, ends = record.get("starts_on"), record.get("ends_on")
            if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
                self.error(
                    "service_agreements.csv", record.line, "ends_on",
                    f"{ends.isoformat()} is before starts_on {starts.isoformat()}",
                )
            self._check_site_customer(
                "service_agreements.csv", record, record.get("site_code"), record.get("customer_code")
            )

    def _check_asset_sites(self, file: str) -> None:
        """An order's or plan's asset must stand at its site (as both will be after the import)."""
        spec = self.specs.get(file)
        if spec is None:
            return
        assert spec.key is not None
        for record in self.rows(file):
            existing = self.known[spec.model].get(record.get(spec.key))
            site = self._code_of(record, "site_code", existing, "site")
            asset = self._code_of(record, "asset_code", existing, "asset")
            if not site or not asset or not self.exists(m.Asset, asset):
                continue
            owner = self.asset_sites.get(asset)
            if owner is not None and owner != site:
                self.error(
                    file, record.line, "asset_code",
                    f"asset '{asset}' belongs to site '{owner}', not to '{site}'",
                )

    def _check_plans(self) -> None:
        for record in self.rows("pm_plans.csv"):
            rule, start = record.get("rrule"), record.get("start")
            if rule and isinstance(start, datetime):
                try:
                    parse_rule(rule, start, self.tz)
                except ValidationError as exc:
                    self.error("pm_plans.csv", record.line, "rrule", str(exc))

    def _check_requests(self) -> None:
        file = "requests.csv"
        self._check_asset_sites(file)
        for record in self.rows(file):
            existing = self.known[m.WorkRequest].get(record.get("number"))
            customer = self._code_of(record, "customer_code", existing, "customer")
            site = self._code_of(record, "site_code", existing, "site")
            self._check_site_customer(file, record, site, customer)
            status = self._effective(record, "status", existing, "status", RequestStatus.NEW)
            if existing is not None and record.has("status") and status is not None \
                    and RequestStatus(existing.status) != status:
                self.error(
                    file, record.line, "status",
                    f"{existing.number} is {RequestStatus(existing.status).value} in the database; "
                    f"an import cannot make it {RequestStatus(status).value} (the console reviews requests)",
                )

    def _check_work_orders(self) -> None:
        file = "work_orders.csv"
        occurrences: dict[tuple[str, datetime], tuple[str, int]] = {}
        requests: dict[str, tuple[str, int]] = {}
        for record in self.rows(file):
            number = record.get("number")
            existing: m.WorkOrder | None = self.known[m.WorkOrder].get(number)
            self._check_booking(record, existing)
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
                where = (
                    "fill tech_code, scheduled_start and scheduled_end" if self.version == 1
                    else "give it a row in bookings.csv"
                )
                self.error(file, record.line, "status", f"a {Status(status).label} work order needs a booking: {where}")
            plan = self._code_of(record, "pm_plan_code", existing, "pm_plan")
            due = self._effective(record, "due_by", existing, "due_by", None)
            if record.filled("plan_occurrence"):
                if not plan:
                    self.error(
                        file, record.line, "plan_occurrence",
                        "only a work order of a recurring plan has a plan occurrence; fill pm_plan_code",
                    )
                due = record.get("plan_occurrence")
            elif plan and due is None and not record.filled("due_by"):
                self.error(
                    file, record.line, "due_by",
                    f"a work order of recurring plan '{plan}' needs due_by: the plan's occurrence",
                )
            if plan and isinstance(due, datetime) and number is not None:
                column = "plan_occurrence" if record.filled("plan_occurrence") else "due_by"
                key = (plan, due)
                if key in occurrences:
                    other, line = occurrences[key]
                    self.error(
                        file, record.line, column,
                        f"occurrence {format_instant(due, self.tz)} of plan '{plan}' is already "
                        f"work order {other} (line {line})",
                    )
                else:
                    occurrences[key] = (number, record.line)
            request = record.get("request_number")
            if request and number is not None:
                if request in requests:
                    other, line = requests[request]
                    self.error(
                        file, record.line, "request_number",
                        f"request '{request}' is already work order {other} (line {line}); "
                        "a request becomes one work order",
                    )
                else:
                    requests[request] = (number, record.line)
        self._check_occurrences_in_database(occurrences)
        self._check_requests_in_database(requests)
        self.occurrences = occurrences

    def _check_booking(self, record: Record, existing: m.WorkOrder | None) -> None:
        """Version 1: a row's booking is whole, and finished work keeps the bookings it has."""
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
        if existing is not None and lifecycle.is_finished(Status(existing.status)) \
                and self._moves_booking(record, existing):
            self.error(
                file, record.line, "tech_code",
                f"{existing.number} is {Status(existing.status).label} in the database; its bookings "
                "are part of the record and an import cannot change them",
            )

    def _will_be_booked(self, record: Record, existing: m.WorkOrder | None) -> bool:
        if any(record.has(c) for c in _BOOKING_COLUMNS):
            return all(record.filled(c) for c in _BOOKING_COLUMNS)
        if record.get("number") in self._groups("bookings.csv", "work_order_number"):
            return True
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
                    f"occurrence {format_instant(due, self.tz)} of plan '{plan_code}' is already "
                    f"work order {owner}",
                )

    def _check_requests_in_database(self, requests: dict[str, tuple[str, int]]) -> None:
        owners = bundle_store.request_owners(self.uow, requests)
        for request, owner in sorted(owners.items()):
            number, line = requests[request]
            if owner != number:
                self.error(
                    "work_orders.csv", line, "request_number",
                    f"request '{request}' is already work order {owner}; a request becomes one work order",
                )

    def _status_after(self, number: str) -> Status | None:
        """A work order's status once the bundle is in."""
        record = self.work_order_row(number)
        existing = self.known[m.WorkOrder].get(number)
        if record is not None:
            value = self._effective(record, "status", existing, "status", Status.OPEN)
            return Status(value) if value is not None else None
        return Status(existing.status) if existing is not None else None

    def _check_finished_bookings(self) -> None:
        """Finished work keeps its bookings: they are the record of who was there."""
        file = "bookings.csv"
        for number, group in self._groups(file, "work_order_number").items():
            wo: m.WorkOrder | None = self.known[m.WorkOrder].get(number)
            if wo is None or not lifecycle.is_finished(Status(wo.status)):
                continue
            wanted = Counter(
                (self._id(m.Technician, r.get("tech_code")), r.get("start"), r.get("end"),
                 r.get("confirmed_conflicts"), r.get("confirmed_by"))
                for r in group
            )
            current = Counter(
                (b.technician_id, b.start, b.end, b.confirmed_conflicts, b.confirmed_by) for b in wo.bookings
            )
            if wanted != current:
                self.error(
                    file, group[0].line, "work_order_number",
                    f"{number} is {Status(wo.status).label} in the database; its bookings are part of "
                    "the record and an import cannot change them",
                )

    def _id(self, model: type[m.Base], code: Any) -> int | None:
        obj = self.known.get(model, {}).get(code)
        return getattr(obj, "id", None)

    def _groups(self, file: str, column: str) -> dict[Any, list[Record]]:
        """The rows of ``file`` by their value in ``column``, in file order (read once)."""
        groups = self._grouped.get((file, column))
        if groups is None:
            groups = {}
            rows = self.rows(file)
            for record, value in zip(rows, _values(rows, column), strict=True):
                if value is not None:
                    group = groups.get(value)
                    if group is None:
                        groups[value] = [record]
                    else:
                        group.append(record)
            self._grouped[(file, column)] = groups
        return groups

    def _check_files(self) -> None:
        """Every photo and signature names a file of the folder, and every file is named."""
        named: set[str] = set()
        for file in ("photos.csv", "signatures.csv"):
            for record in self.rows(file):
                path = record.get("file")
                if path is None:
                    continue
                named.add(path)
                if path not in self.attachments:
                    self.error(file, record.line, "file", f"no file '{path}' in the bundle folder")
        for path in sorted(set(self.attachments) - named):
            self.error(
                path, 1, "",
                "no row of photos.csv or signatures.csv names this file; add its row or remove the file",
            )

    def _check_invoices(self) -> None:
        """New invoices add up and bill done work once; an invoice already issued stays as it is."""
        lines = self._groups("invoice_lines.csv", "invoice_number")
        invoices = self.rows("invoices.csv")
        rows = {
            number: r for r, number in zip(invoices, _values(invoices, "number"), strict=True) if number is not None
        }
        for number, record in rows.items():
            existing: m.Invoice | None = self.known[m.Invoice].get(number)
            if existing is not None:
                self._check_issued_invoice(record, existing)
                continue
            amounts = [r.get("amount") for r in lines.get(number, [])]
            rate = record.get("tax_rate")
            if any(not isinstance(a, Decimal) for a in amounts) or not isinstance(rate, Decimal):
                continue  # unreadable: already reported
            totals = invoice_totals(amounts, rate)
            for column, value in (("subtotal", totals.subtotal), ("tax", totals.tax), ("total", totals.total)):
                given = record.get(column)
                if isinstance(given, Decimal) and given != value:
                    self.error(
                        "invoices.csv", record.line, column,
                        f"{given} does not match the invoice's lines: they make {column} {value}",
                    )
        billed: dict[str, tuple[str, int]] = {}
        facts: dict[str, tuple[Status | None, str | None]] = {}
        for number, group in lines.items():
            existing = self.known[m.Invoice].get(number)
            if existing is not None:
                if number not in rows:
                    self._check_issued_lines(group, existing)
                continue
            invoice_row = rows.get(number)
            if invoice_row is None:
                continue  # no such invoice: already reported
            invoice_status = invoice_row.get("status") or InvoiceStatus.ISSUED
            if not invoicing.is_live(invoice_status):
                continue  # a void invoice bills nothing: its work may be billed again
            customer = invoice_row.get("customer_code")
            draft = invoice_status == InvoiceStatus.DRAFT
            for line in group:
                self._check_billed_work(
                    line, line.get("work_order_number"), number, customer, billed, facts, draft=draft
                )
        owners = bundle_store.invoices_of_work_orders(self.uow, billed)
        for wo_number, invoice in sorted(owners.items()):
            if invoice != billed[wo_number][0]:
                self.error(
                    "invoice_lines.csv", billed[wo_number][1], "work_order_number",
                    f"{wo_number} is billed on invoice {invoice} already; a work order is billed once",
                )

    def _check_billed_work(
        self, line: Record, number: str | None, invoice: str, customer: str | None,
        billed: dict[str, tuple[str, int]], facts: dict[str, tuple[Status | None, str | None]],
        *, draft: bool = False,
    ) -> None:
        """``number``: the line's work order; ``facts``: what ``_billed_facts`` told of work orders before."""
        file = "invoice_lines.csv"
        if number is None or not self.exists(m.WorkOrder, number):
            return
        if billed.get(number, (invoice,))[0] != invoice:
            self.error(
                file, line.line, "work_order_number",
                f"{number} is billed on invoice {billed[number][0]} (line {billed[number][1]}); "
                "a work order is billed once",
            )
            return
        billed.setdefault(number, (invoice, line.line))
        known = facts.get(number)
        if known is None:
            known = facts[number] = self._billed_facts(number)
        status, owner = known
        allowed = invoicing.BILLABLE_WORK if draft else _BILLED
        if status is not None and status not in allowed:
            self.error(
                file, line.line, "work_order_number",
                f"{number} is {status.label}; only completed or verified work is on a draft"
                if draft else f"{number} is {status.label}; only invoiced or closed work is on an invoice",
            )
        if customer and owner and owner != customer:
            self.error(
                file, line.line, "work_order_number",
                f"{number} is work for customer '{owner}', not for the invoice's customer '{customer}'",
            )

    def _billed_facts(self, number: str) -> tuple[Status | None, str | None]:
        """A billed work order's status once the bundle is in, and the customer of its site then
        (the same for each of its lines: the checks change neither)."""
        existing = self.known[m.WorkOrder].get(number)
        record = self.work_order_row(number)
        site = self._code_of(record, "site_code", existing, "site") if record is not None else (
            existing.site.code if existing is not None else None
        )
        return self._status_after(number), self.site_customers.get(site) if site else None

    def _check_issued_invoice(self, record: Record, invoice: m.Invoice) -> None:
        spec = self.specs["invoices.csv"]
        current = {
            "customer_code": invoice.customer.code, "created_by": invoice.created_by,
            "created_at": invoice.created_at,
        }
        for column in spec.columns:
            if column.attr is not None and column.ref is None:
                current[column.name] = getattr(invoice, column.attr)
        for name, value in current.items():
            if record.filled(name) and record.readable(name) and record.get(name) != value:
                self.error(
                    "invoices.csv", record.line, name,
                    f"invoice {invoice.number} is issued; an import cannot change it",
                )
        # Its lines in file order (a look in the file's groups, not a pass over every line per invoice).
        group = self._groups("invoice_lines.csv", "invoice_number").get(invoice.number, [])
        if group:
            self._check_issued_lines(group, invoice)

    def _check_issued_lines(self, group: list[Record], invoice: m.Invoice) -> None:
        wanted = [row[1:] for row in self._list_rows("invoice_lines.csv", None, group)]
        current = [
            (line.work_order_id, line.position, line.kind, line.description, line.quantity, line.unit_price,
             line.amount)
            for line in invoice.lines
        ]
        if wanted != current:
            self.error(
                "invoice_lines.csv", group[0].line, "invoice_number",
                f"invoice {invoice.number} is issued; an import cannot change its lines",
            )

    # -- writing -----------------------------------------------------------------------------------
    def write(self, progress: Progress | None = None) -> ImportReport:
        """Write the checked bundle: new rows and replaced lists by bulk statements (a batch
        per executemany), changed rows by the session; one audit row per file, with counts."""
        bundle_store.summarize_audit(self.uow)
        self.progress = progress
        writers: dict[str, Callable[[FileSpec, list[Record]], None]] = {
            "company.csv": self._write_company,
            "technician_skills.csv": self._write_technician_skills,
            "service_agreements.csv": self._write_agreements,
            "signatures.csv": self._write_signatures,
            "number_series.csv": self._write_number_series,
        }
        for record in self.rows("labor.csv"):
            self.labor_ends.setdefault(record.get("work_order_number"), []).append(record.get("end"))
        self.latest_made = self._latest_made()
        names = [name for name in _WRITE_ORDER[self.version] if name in self.records]
        self._total = sum(len(self.records[name]) for name in names)
        indexes = bundle_store.defer_indexes(self.uow, self._tables_filled(names))
        # Into an empty table, the work orders are put in the search index at once at the end.
        self._search_at_end = not bundle_store.has_rows(self.uow, m.WorkOrder)
        for name in names:
            spec = self.specs[name]
            self.counts[name] = FileCounts()
            done_before = self._done
            if name in writers:
                writers[name](spec, self.records[name])
            elif spec.parent is not None:
                self._replace(spec, self.records[name])
            else:
                self._write_coded(spec, self.records[name])
            self.uow.flush()
            self._tell(done_before + len(self.records[name]) - self._done, name)
            self._let_go(name)
        indexes.build()
        if self._search_at_end:
            bundle_store.index_every_work_order(self.uow)
        self._raise_marks()
        known = self.known.get(m.WorkOrder, {})
        stale = {known[n].id for n in self.touched if n in known} - self.keyed
        bundle_store.refresh_list_keys_after_bulk(self.uow, stale | self.renamed)
        for name in names:
            counts = self.counts[name]
            if counts.changed:
                bundle_store.write_summary(self.uow, self.specs[name].model, _summary(name, counts))
        if any(counts.changed for counts in self.counts.values()):
            self.uow.also_changed(EVERYTHING | Changes(work_orders=frozenset(self.touched)))
        return ImportReport({name: self.counts[name] for name in self.specs if name in self.counts})

    def _let_go(self, file: str) -> None:
        """Forget the rows of a file once written, as nothing after reads them: at 100,000 work
        orders they are most of the import's memory. The plans' rows stay for ``_raise_marks``."""
        if file == "pm_plans.csv":
            return
        self.records[file] = []
        for key in [key for key in self._grouped if key[0] == file]:
            del self._grouped[key]
        if file == "work_orders.csv":
            self._work_order_rows = None

    def _tables_filled(self, names: list[str]) -> Iterator[Any]:
        """The tables the files ``names`` insert rows into: their own, their skills', a
        version-1 work order's bookings."""
        for name in names:
            if self.records[name]:
                model = self.specs[name].model
                yield model
                if model in _SKILL_TABLES:
                    yield _SKILL_TABLES[model][1]
                if model is m.WorkOrder:
                    yield m.Booking

    def _tell(self, rows: int, file: str) -> None:
        """Count ``rows`` of ``file`` as written and tell the progress callback."""
        self._done += rows
        if self.progress is not None:
            self.progress(self._done, self._total, file)

    def _insert(
        self, spec: FileSpec, rows: list[dict[str, Any]], key: str | None = None, *, count: bool = True
    ) -> dict[Any, int]:
        """Bulk insert of new rows of ``spec``'s model (stamped like the session stamps); with
        ``count``, they are rows of its file and progress is told after each batch."""
        model = spec.model
        if bundle_store.is_versioned(model):
            for row in rows:
                row.update(version=1, updated_at=self.stamp_time, updated_by=self.actor)
        ids: dict[Any, int] = {}
        batch = bundle_store.BATCH
        for start in range(0, len(rows), batch):
            ids.update(bundle_store.insert_rows(self.uow, model, rows[start : start + batch], key))
            if count:
                self._tell(len(rows[start : start + batch]), spec.name)
        return ids

    def _insert_values(
        self, spec: FileSpec, names: tuple[str, ...], values: list[tuple[Any, ...]], key: str | None = None,
        *, count: bool = True,
    ) -> dict[Any, int]:
        """``_insert`` of rows given as tuples of the columns ``names``."""
        model = spec.model
        same = (
            {"version": 1, "updated_at": self.stamp_time, "updated_by": self.actor}
            if bundle_store.is_versioned(model) else None
        )
        ids: dict[Any, int] = {}
        batch = bundle_store.BATCH
        for start in range(0, len(values), batch):
            part = values[start : start + batch]
            ids.update(bundle_store.insert_values(self.uow, model, names, part, key, same))
            if count:
                self._tell(len(part), spec.name)
        return ids

    def _latest_made(self) -> dict[str, datetime]:
        """By plan code: the latest occurrence it has a work order for, in the database or in
        work_orders.csv (read before anything is written, so a plan's mark is written once)."""
        plans = {plan.id: code for code, plan in self.known.get(m.PmPlan, {}).items() if plan.id is not None}
        latest: dict[str, datetime] = {}
        if plans:
            for plan_id, history in plan_store.plan_histories(self.uow.session, plans).items():
                if history.last_occurrence is not None:
                    latest[plans[plan_id]] = history.last_occurrence
        for plan_code, occurrence in self.occurrences:
            known = latest.get(plan_code)
            latest[plan_code] = occurrence if known is None else max(known, occurrence)
        return latest

    def _write_mark(self, record: Record, plan: m.PmPlan) -> bool:
        """The plan's generated_through: the file's (empty: from the start), else what it has,
        but never before the latest occurrence it made, so the console never makes its history
        again."""
        given = record.get("generated_through") if record.has("generated_through") else plan.generated_through
        return _assign(plan, "generated_through", _later(given, self.latest_made.get(plan.code)))

    def _raise_marks(self) -> None:
        """Once the work orders are in, move up the mark of every plan the bundle names that now
        has a later work order than its mark (a work order of the database the bundle gave to it)."""
        plans: dict[int, m.PmPlan] = {}
        # A plan inserted by this import has its mark from the start (_new_row).
        for record in self.rows("pm_plans.csv"):
            plan = self.known[m.PmPlan].get(record.get("code"))
            if isinstance(plan, m.PmPlan):
                plans[plan.id] = plan
        for plan_code, _occurrence in self.occurrences:
            plan = self.known[m.PmPlan].get(plan_code)
            if isinstance(plan, m.PmPlan):
                plans[plan.id] = plan
        if not plans:
            return
        counts = self.counts.get("pm_plans.csv")
        for plan_id, history in plan_store.plan_histories(self.uow.session, plans).items():
            plan = plans[plan_id]
            if history.last_occurrence is None:
                continue
            before = plan.generated_through
            if _assign(plan, "generated_through", _later(before, history.last_occurrence)):
                if counts is not None and plan.code in self._unchanged_plans:
                    counts.unchanged -= 1
                    counts.updated += 1
        self.uow.flush()

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
        """Rows already in the database get the values that differ (set on the loaded rows,
        written in bulk by ``bundle_store.update_changed``); new rows are inserted in bulk."""
        assert spec.key is not None
        new: list[Record] = []
        changed_rows: list[Any] = []
        known = self.known[spec.model]
        for record, code in zip(records, _values(records, spec.key), strict=True):
            obj = known.get(code)
            if obj is None:
                new.append(record)
                continue
            changed = self._assign_columns(spec, record, obj)
            if isinstance(obj, m.Technician):
                changed |= self._write_tech_skills(record, obj)
            elif isinstance(obj, m.PmPlan):
                changed |= self._write_skills(record, obj)
                changed |= self._write_mark(record, obj)
                if not changed:
                    self._unchanged_plans.add(code)
            elif isinstance(obj, m.WorkOrder):
                changed |= self._write_work_order(record, obj, False)
            elif isinstance(obj, m.WorkRequest):
                changed |= self._stamp(record, obj, False, "received_at", None)
            elif isinstance(obj, m.Invoice):
                changed |= self._stamp(record, obj, False, "created_at", "created_by")
            if changed:
                changed_rows.append(obj)
                if spec.model is m.WorkOrder:
                    self.touched.add(code)
            self._tally(spec.name, False, changed)
        # Their columns in one statement per set of changed columns; their lists by the flush.
        self.renamed |= bundle_store.update_changed(self.uow, changed_rows)
        if new:
            self._insert_new(spec, new)

    def _insert_new(self, spec: FileSpec, records: list[Record]) -> None:
        """New rows of a file with codes, in bulk a batch at a time, then what they hold in other
        tables (skills, a version-1 work order's booking); a work order with its list keys."""
        assert spec.key is not None
        keys = self._key_sources(records) if spec.model is m.WorkOrder else None
        batch = bundle_store.BATCH
        for start in range(0, len(records), batch):
            self._insert_batch(spec, records[start : start + batch], keys)

    def _insert_batch(
        self, spec: FileSpec, records: list[Record], keys: bundle_store.KeySources | None
    ) -> None:
        assert spec.key is not None
        rows = [self._new_row(spec, record) for record in records]
        if keys is not None:
            for row, record in zip(rows, records, strict=True):
                row.update(keys.keys(
                    row, self._new_bookings(record), row.get("status") or Status.OPEN,
                    row.get("estimated_hours") or Decimal(1),
                ))
        ids = self._insert(spec, rows, spec.key)
        codes = [row[spec.key] for row in rows]  # each record's code, as _new_row took it
        del rows
        skills: list[tuple[int, int | None]] = []
        bookings: list[dict[str, Any]] = []
        known = self.known[spec.model]
        skill_ids = self.known.get(m.Skill, {})
        column = "skills" if spec.model is m.Technician else "required_skills"
        with_skills = spec.model in _SKILL_TABLES
        self.counts[spec.name].created += len(records)
        for record, code in zip(records, codes, strict=True):
            ident = ids[code]
            known[code] = _New(ident)
            if spec.model is m.WorkOrder:
                self.touched.add(code)
                if record.filled("tech_code"):
                    bookings.append({
                        "work_order_id": ident, "technician_id": self._id(m.Technician, record.get("tech_code")),
                        "start": record.get("scheduled_start"), "end": record.get("scheduled_end"),
                    })
            if with_skills and record.has(column):
                wanted = record.get(column)
                if wanted:
                    skills.extend((ident, getattr(skill_ids.get(skill), "id", None)) for skill in sorted(set(wanted)))
        if skills:
            owner, table = _SKILL_TABLES[spec.model]
            bundle_store.insert_values(self.uow, table, (owner, "skill_id"), skills)
        if bookings:
            self._insert(FileSpec(spec.name, m.Booking, None, ()), bookings, count=False)
        if keys is not None:
            self.keyed.update(ids.values())
            if not self._search_at_end:
                bundle_store.index_new_work_orders(self.uow, ids.values())

    def _key_sources(self, records: list[Record]) -> bundle_store.KeySources:
        """The stored names new work orders' list keys are made of: their sites' and the
        technicians' of their bookings (all written by now)."""
        sites = self.known.get(m.Site, {})
        site_ids = {sites[code].id for code in _values(records, "site_code") if code in sites}
        return bundle_store.KeySources(self.uow, site_ids, (ident for ident in self._tech_ids() if ident is not None))

    def _tech_ids(self) -> Iterator[int | None]:
        return (getattr(tech, "id", None) for tech in self.known.get(m.Technician, {}).values())

    def _new_bookings(self, record: Record) -> list[tuple[datetime, int]]:
        """A new work order's bookings as they will be inserted: (start, technician id) in the
        file's order (bookings.csv, or a version-1 row's own)."""
        if self.version == 1:
            if not record.filled("tech_code"):
                return []
            return [(record.get("scheduled_start"), self.known[m.Technician][record.get("tech_code")].id)]
        group = self._groups("bookings.csv", "work_order_number").get(record.get("number"), [])
        return [(r.get("start"), self.known[m.Technician][r.get("tech_code")].id) for r in group]

    def _new_row(self, spec: FileSpec, record: Record) -> dict[str, Any]:
        """The columns of a new row: the file's cells, then what the session would have added."""
        assert spec.key is not None
        vals = record.vals
        key, attrs, take, refs, digits = self._attributes(spec, record.layout)
        code: str = vals[key]
        row: dict[str, Any] = {spec.key: code}
        # Every attribute in the spec's order, a reference's code then replaced by its row's id.
        row.update(zip(attrs, take(vals), strict=True))
        for attr, ref in refs:
            value = row[attr]
            if value is not None:
                row[attr] = ref[value].id
        for phone, digits_column in digits:
            row[digits_column] = search_rank.phone_digits(row[phone])
        model = spec.model
        if model in _RECORD_KEYS:
            row.update(bundle_store.record_keys(model, row))
        if model is m.PmPlan:
            given = record.get("generated_through") if record.has("generated_through") else None
            row["generated_through"] = _later(given, self.latest_made.get(code))
        elif model is m.WorkRequest:
            row["received_at"] = record.get("received_at") if record.filled("received_at") else self.now
        elif model is m.Invoice:
            row["created_at"] = record.get("created_at") if record.filled("created_at") else self.now
            row["created_by"] = record.get("created_by") if record.filled("created_by") else self.actor
        elif model is m.WorkOrder:
            self._new_work_order(record, row)
        return row

    def _attributes(self, spec: FileSpec, layout: _Layout) -> _RowPlan:
        """How a new row of ``spec`` is made from a record read with ``layout``: where the record
        holds its code; the attributes the file has that are set straight on a row, in the spec's
        order, and their values' getter; those that name a row by code (the rows by code); the
        phone columns whose digits go with them."""
        found = self._attribute_plans.get(spec.name)
        if found is None or found[0] is not layout:
            assert spec.key is not None
            columns = [c for c in spec.columns if c.attr is not None and c.name in layout.index]
            attrs = tuple(str(c.attr) for c in columns)
            positions = [layout.index[c.name] for c in columns]
            take: Callable[[tuple[Any, ...]], tuple[Any, ...]]
            if len(positions) > 1:
                take = itemgetter(*positions)
            else:
                take = lambda vals: tuple(vals[p] for p in positions)  # noqa: E731
            refs = [(str(c.attr), self.known.setdefault(c.ref, {})) for c in columns if c.ref is not None]
            present = {spec.key, *attrs}
            digits = [
                (phone, column) for phone, column in _PHONE_DIGITS.items()
                if phone in present and hasattr(spec.model, column)
            ]
            found = self._attribute_plans[spec.name] = (
                layout, (layout.index.get(spec.key, -1), attrs, take, refs, digits)
            )
        return found[1]

    def _new_work_order(self, record: Record, row: dict[str, Any]) -> None:
        """What ``_write_work_order`` gives a new work order: urgency rank, creation time, plan
        occurrence and, for done work, when it was completed."""
        if "priority" in row:
            row["priority_rank"] = PRIORITY_RANK[Priority(row["priority"])]
        row["created_at"] = record.get("created_at") if record.filled("created_at") else self.now
        due_by = row.get("due_by")
        if record.filled("plan_occurrence"):
            row["pm_occurrence"] = record.get("plan_occurrence")
        else:
            row["pm_occurrence"] = due_by if row.get("pm_plan_id") is not None else None
        completed = row.get("completed_at")
        if Status(row.get("status") or Status.OPEN) in lifecycle.DONE and completed is None:
            booking_end = record.get("scheduled_end") if record.filled("tech_code") else None
            candidates = [max(self.labor_ends.get(record.get("number"), []), default=None),
                          booking_end, due_by, row["created_at"]]
            completed = next(value for value in candidates if value is not None)
        row["completed_at"] = completed

    def _stamp(self, record: Record, obj: Any, created: bool, at: str, by: str | None) -> bool:
        """When (and by whom) a record was made: the file's, else the import's for a new row."""
        changed = False
        if record.filled(at):
            changed |= _assign(obj, at, record.get(at))
        elif created:
            setattr(obj, at, self.now)
        if by is not None:
            if record.filled(by):
                changed |= _assign(obj, by, record.get(by))
            elif created:
                setattr(obj, by, self.actor)
        return changed

    def _write_tech_skills(self, record: Record, tech: m.Technician) -> bool:
        if not record.has("skills"):
            return False
        wanted: dict[int, date | None] = {self.known[m.Skill][code].id: None for code in record.get("skills")}
        return _set_skills(tech, wanted, keep_dates=True)

    def _write_technician_skills(self, spec: FileSpec, records: list[Record]) -> None:
        counts = self.counts[spec.name]
        new: list[dict[str, Any]] = []
        for code, group in self._groups(spec.name, "tech_code").items():
            tech = self.known[m.Technician][code]
            wanted = {self.known[m.Skill][r.get("skill_code")].id: r.get("certified_until") for r in group}
            if isinstance(tech, _New):
                new.extend({"technician_id": tech.id, "skill_id": skill, "certified_until": until}
                           for skill, until in wanted.items())
                counts.created += len(group)
                continue
            before = len(tech.skills)
            if _set_skills(tech, wanted, keep_dates=False):
                counts.removed += before
                counts.created += len(group)
            else:
                counts.unchanged += len(group)
        self._insert(spec, new)

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
        changed |= self._stamp(record, wo, created, "created_at", None)
        plan_id = wo.pm_plan_id
        if record.filled("plan_occurrence"):
            changed |= _assign(wo, "pm_occurrence", record.get("plan_occurrence"))
        elif record.has("pm_plan_code") or plan_id is not None:
            changed |= _assign(wo, "pm_occurrence", wo.due_by if plan_id is not None else None)
        changed |= self._write_booking(record, wo)
        if Status(wo.status or Status.OPEN) in lifecycle.DONE and wo.completed_at is None:
            wo.completed_at = self._completion_time(wo)
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

    def _moves_booking(self, record: Record, wo: m.WorkOrder) -> bool:
        """Version 1: whether the row's booking differs from the order's first (no booking: any)."""
        if not any(record.has(c) for c in _BOOKING_COLUMNS):
            return False
        if not record.filled("tech_code"):
            return bool(wo.bookings)
        first = first_booking(wo.bookings)
        tech_id = self._id(m.Technician, record.get("tech_code"))
        wanted = (tech_id, record.get("scheduled_start"), record.get("scheduled_end"))
        return first is None or (first.technician_id, first.start, first.end) != wanted

    def _write_booking(self, record: Record, wo: m.WorkOrder) -> bool:
        """Version 1: the row's booking replaces the order's bookings unless it is the first of them already."""
        if not self._moves_booking(record, wo):
            return False
        if not record.filled("tech_code"):
            wo.bookings = []
        else:
            tech_id = self.known[m.Technician][record.get("tech_code")].id
            start, end = record.get("scheduled_start"), record.get("scheduled_end")
            wo.bookings = [m.Booking(technician_id=tech_id, start=start, end=end)]
        return True

    def _replace(self, spec: FileSpec, records: list[Record]) -> None:
        """Rows without a code: a parent's list is replaced as a whole, unless it is already so
        (bulk statements: the old rows deleted, then the new ones inserted)."""
        assert spec.parent is not None
        parent = next(c.ref for c in spec.columns if c.name == spec.parent)
        assert parent is not None
        collection, fields = _LISTS[spec.name]
        names = (_OWNER_COLUMN.get(spec.name, "work_order_id"), *fields)
        counts = self.counts[spec.name]
        removed: list[int] = []
        replaced: list[tuple[int, list[Record]]] = []
        for code, group in self._groups(spec.name, spec.parent).items():
            owner = self.known[parent][code]
            if not isinstance(owner, _New):
                current: list[Any] = getattr(owner, collection)
                wanted = [row[1:] for row in self._list_rows(spec.name, None, group)]
                if current and Counter(wanted) == Counter(
                    tuple(getattr(obj, f) for f in fields) for obj in current
                ):
                    counts.unchanged += len(group)
                    continue
                counts.removed += len(current)
                removed.extend(obj.id for obj in current)
                self.uow.session.expire(owner, [collection])  # its rows are replaced below
            counts.created += len(group)
            if parent is m.WorkOrder:
                self.touched.add(code)
            replaced.append((owner.id, group))
        # The old rows go first: a new row may take a unique place an old one holds.
        bundle_store.delete_rows(self.uow, spec.model, removed)
        # The new ones a batch at a time: a large file's rows are never all held at once.
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        layout: _Layout | None = None
        row_of: _ListRow = _no_row  # until the first record's layout is known
        for owner_id, group in replaced:
            for position, record in enumerate(group):  # as _list_rows, without a call per owner
                if record.layout is not layout:
                    layout = record.layout
                    row_of = self._list_row(spec.name, layout)
                append(row_of(owner_id, record.vals, position))
            if len(rows) >= bundle_store.BATCH:
                self._insert_values(spec, names, rows)
                rows = []
                append = rows.append
        self._insert_values(spec, names, rows)

    def _list_rows(self, file: str, owner: int | None, group: list[Record]) -> list[tuple[Any, ...]]:
        """The rows of one parent's list as inserted: the owner's id, then ``_LISTS``' attributes."""
        rows: list[tuple[Any, ...]] = []
        layout = group[0].layout
        row_of = self._list_row(file, layout)
        for position, record in enumerate(group):
            if record.layout is not layout:
                layout = record.layout
                row_of = self._list_row(file, layout)
            rows.append(row_of(owner, record.vals, position))
        return rows

    def _list_row(self, file: str, layout: _Layout) -> _ListRow:
        """How a row of a list file (read with ``layout``) is inserted: from its owner's id, its
        record's values and its place in the list, the owner's id and ``_LISTS``' attributes."""
        found = self._list_rows_made.get(file)
        if found is not None and found[0] is layout:
            return found[1]
        index = layout.index
        # A column the file lacks reads the slot after the last: None (as ``Record.get``).
        a, b, c, d, e, f, g, h, i, j = (
            index.get(column, -1) for column in (*_LIST_COLUMNS[file], *[""] * (10 - len(_LIST_COLUMNS[file])))
        )
        # The rows codes name (known's models are all there once _load_known ran, new rows join them).
        techs = self.known.get(m.Technician, {})
        parts = self.known.get(m.Part, {})
        row_of: _ListRow
        if file == "time_off.csv":
            row_of = lambda owner, v, _p: (owner, v[a], v[b], v[c])  # noqa: E731
        elif file == "labor.csv":
            billable = index.get("billable")

            def row_of(owner: int | None, v: tuple[Any, ...], _p: int) -> tuple[Any, ...]:
                return (owner, int(techs[v[a]].id), v[b], v[c], v[d] if billable is not None else True, v[e])
        elif file == "parts_used.csv":
            row_of = lambda owner, v, _p: (owner, int(parts[v[a]].id), v[b], v[c])  # noqa: E731
        elif file == "bookings.csv":
            row_of = lambda owner, v, _p: (owner, int(techs[v[a]].id), v[b], v[c], v[d], v[e])  # noqa: E731
        elif file == "checklist_items.csv":
            # The console numbers checklist items from 0 and invoice lines from 1.
            row_of = lambda owner, v, p: (owner, p, v[a], bool(v[b]), v[c], v[d])  # noqa: E731
        elif file == "planned_parts.csv":
            row_of = lambda owner, v, _p: (owner, int(parts[v[a]].id), v[b])  # noqa: E731
        elif file == "notes.csv":
            row_of = lambda owner, v, _p: (owner, v[a], v[b], v[c])  # noqa: E731
        elif file == "photos.csv":
            attachments = self.attachments

            def row_of(owner: int | None, v: tuple[Any, ...], _p: int) -> tuple[Any, ...]:
                path = v[a]
                name = v[b] or path.rsplit("/", 1)[-1]
                kind = v[c] or PhotoKind.OTHER
                return (owner, PhotoKind(kind).value, name, v[d] or content_type_of(name), attachments[path],
                        v[e], v[f], v[g])
        elif file == "scope_changes.csv":

            def row_of(owner: int | None, v: tuple[Any, ...], _p: int) -> tuple[Any, ...]:
                status = v[e] or ScopeChangeStatus.PENDING
                return (owner, v[a], v[b], v[c], v[d], ScopeChangeStatus(status).value, v[f], v[g], v[h], v[i],
                        v[j])
        else:
            assert file == "invoice_lines.csv"
            orders = self.known.get(m.WorkOrder, {})

            def row_of(owner: int | None, v: tuple[Any, ...], p: int) -> tuple[Any, ...]:
                kind = v[b]
                return (owner, getattr(orders.get(v[a]), "id", None), p + 1,
                        kind.value if isinstance(kind, InvoiceLineKind) else kind, v[c], v[d], v[e], v[f])
        self._list_rows_made[file] = (layout, row_of)
        return row_of

    def _write_agreements(self, spec: FileSpec, records: list[Record]) -> None:
        counts = self.counts[spec.name]
        groups = self._groups(spec.name, "customer_code")
        ids = {code: self.known[m.Customer][code].id for code in groups}
        current = bundle_store.agreements_of_customers(self.uow, ids.values())
        fields = ["site_id", "name", "starts_on", "ends_on", "scope", "not_to_exceed"]
        removed: list[int] = []
        rows: list[dict[str, Any]] = []
        for code, group in groups.items():
            wanted = [
                {"site_id": self._id(m.Site, r.get("site_code")), "name": r.get("name"),
                 "starts_on": r.get("starts_on"), "ends_on": r.get("ends_on"), "scope": r.get("scope"),
                 "not_to_exceed": r.get("not_to_exceed")}
                for r in group
            ]
            old = current.get(ids[code], [])
            if Counter(_row_key(r, fields) for r in wanted) == Counter(
                _row_key({f: getattr(a, f) for f in fields}, fields) for a in old
            ):
                counts.unchanged += len(group)
                continue
            counts.removed += len(old)
            counts.created += len(group)
            removed.extend(agreement.id for agreement in old)
            rows.extend({"customer_id": ids[code], **row} for row in wanted)
        bundle_store.delete_rows(self.uow, m.ServiceAgreement, removed)
        self._insert(spec, rows)

    def _write_signatures(self, spec: FileSpec, records: list[Record]) -> None:
        new: list[dict[str, Any]] = []
        for record in records:
            number = record.get("work_order_number")
            wo = self.known[m.WorkOrder][number]
            path = record.get("file")
            wanted = {
                "signer_name": record.get("signer_name"),
                "signed_at": record.get("signed_at"),
                "image_png": self.attachments[path] if path else None,
            }
            signature = None if isinstance(wo, _New) else wo.signature
            changed = True
            if signature is None:
                new.append({"work_order_id": wo.id, **wanted})
            else:
                changed = False
                for attr, value in wanted.items():
                    changed |= _assign(signature, attr, value)
            if changed:
                self.touched.add(number)
            self._tally(spec.name, signature is None, changed)
        self._insert(spec, new)

    def _write_number_series(self, spec: FileSpec, records: list[Record]) -> None:
        """A series only moves on: a number once given (an invoice's above all) is never given again."""
        for record in records:
            name, value = record.get("series"), record.get("next_number")
            counter: m.Counter | None = self.known[m.Counter].get(name)
            if counter is None:
                self.uow.add(m.Counter(name=name, next_value=value))
                self._tally(spec.name, True, True)
            else:
                raised = value > counter.next_value
                if raised:
                    counter.next_value = value
                self._tally(spec.name, False, raised)


def _set_skills(tech: m.Technician, wanted: dict[int, date | None], *, keep_dates: bool) -> bool:
    """Make the technician hold exactly ``wanted`` (skill id: certified until); True if anything changed.

    ``keep_dates``: a version-1 list of skills says nothing of certificates, so those held keep theirs.
    """
    changed = False
    for held in list(tech.skills):
        if held.skill_id not in wanted:
            tech.skills.remove(held)  # delete-orphan: the row goes
            changed = True
        elif not keep_dates:
            changed |= _assign(held, "certified_until", wanted[held.skill_id])
    held_ids = {held.skill_id for held in tech.skills}
    for skill_id, until in wanted.items():
        if skill_id not in held_ids:
            tech.skills.append(m.TechnicianSkill(skill_id=skill_id, certified_until=until))
            changed = True
    return changed


def _summary(file: str, counts: FileCounts) -> dict[str, Any]:
    """The audit log's record of one imported file: its counts, and them in words."""
    what = file.removesuffix(".csv").replace("_", " ")
    rows = counts.created + counts.updated + counts.unchanged
    text = f"imported {rows:,} {what}: {counts.created:,} created, {counts.updated:,} changed"
    if counts.removed:
        text += f", {counts.removed:,} removed"
    return {"file": file, "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
            "removed": counts.removed, "summary": text}


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    """The later of two moments, either of which may be missing."""
    if first is None or second is None:
        return first if second is None else second
    return max(first, second)


_LAYOUT_OF = attrgetter("layout")
_VALS_OF = attrgetter("vals")


def _values(records: Sequence[Record], column: str) -> Iterator[Any]:
    """Each record's value of ``column`` (None where it has none), as ``Record.get`` gives it, the
    column's place looked up once per layout (a file's records share one) instead of per record."""
    return _taken(records, column)


def _taken(records: Sequence[Record], *columns: str) -> Iterator[Any]:
    """Each record's values of ``columns``: a tuple of two or more, the value of one."""
    layouts = set(map(_LAYOUT_OF, records))
    if len(layouts) == 1:  # the usual case: by C loops
        return map(_getter(layouts.pop(), columns), map(_VALS_OF, records))
    return _taken_by_layout(records, columns)


def _getter(layout: _Layout, columns: tuple[str, ...]) -> Callable[[tuple[Any, ...]], Any]:
    # A column the file lacks reads the slot after the last: None.
    return itemgetter(*(layout.index.get(column, -1) for column in columns))


def _taken_by_layout(records: Sequence[Record], columns: tuple[str, ...]) -> Iterator[Any]:
    """``_taken`` of records read with different layouts."""
    layout: _Layout | None = None
    take: Callable[[tuple[Any, ...]], Any] = itemgetter(-1)
    for record in records:
        if record.layout is not layout:
            layout = record.layout
            take = _getter(layout, columns)
        yield take(record.vals)


def _row_key(row: Mapping[str, Any], fields: list[str]) -> tuple[Any, ...]:
    return tuple(row[f] for f in fields)


def _assign(obj: Any, attr: str, value: Any) -> bool:
    if getattr(obj, attr) == value:
        return False
    setattr(obj, attr, value)
    return True


def _file_order(version: int) -> dict[str, int]:
    names = [MANIFEST, *SPECS[version]]
    return {name: position for position, name in enumerate(names)}


def import_bundle(
    ctx: ServiceContext, files: Mapping[str, bytes], progress: Progress | None = None
) -> ImportReport:
    """Check every file of the bundle, then upsert it all in one unit of work, or nothing.

    ``files`` maps each file's name in the bundle (``work_orders.csv``, ``files/WO-1/photo-1.jpg``)
    to its bytes. ``progress`` is told between the batches of the writing (rows written, rows
    to write, the file); nothing is committed until the last.
    """
    return _import(ctx, files, progress, None)


def _import(
    ctx: ServiceContext, files: Mapping[str, bytes], progress: Progress | None, release: Callable[[str], None] | None
) -> ImportReport:
    # Hundreds of thousands of records and rows, and no cycles among them: see ``loading``.
    with collection_paused(), ctx.write(ACTION) as uow:
        uow.serialize(uow.COMPANY_DATA)  # two PCs importing at once: the second finds the first's rows
        uow.lock_every_technician()  # its bookings and a dispatcher's booking never cross unchecked
        job = _Import(uow, ctx.now(), ctx.actor)
        job.check(files, release)
        if job.errors:
            order = _file_order(job.version)
            ordered = sorted(job.errors, key=lambda e: (order.get(e.file, len(order)), e.file, e.line))
            raise BundleErrors(ordered)
        return job.write(progress)


def read_folder(path: Path) -> dict[str, bytes]:
    """The files of a bundle folder: its CSV files and everything under ``files/``.

    Hidden files (.DS_Store and the like) and other sub-folders are not part of a bundle. An entry
    that a bundle file could be but that is no regular file (a folder named like a CSV file, a
    FIFO, a device, a link to nothing) is refused by name, not skipped: the bundle would import
    without it. Each entry's kind is asked of the file system before opening it, so a FIFO never
    blocks the import.
    """
    found: dict[str, bytes] = {}
    errors: list[BundleError] = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("."):
            continue
        kind = _kind(entry)
        if kind == "folder" and entry.name == FILES_FOLDER and not entry.is_symlink():
            _read_files_folder(path, entry, found, errors)
        elif kind == "folder" and not _is_bundle_name(entry.name):
            continue  # a folder of the user's own beside the bundle
        elif kind == "file":
            _read_entry(entry, entry.name, found, errors)
        else:
            errors.append(BundleError(entry.name, 1, "", _NOT_A_FILE[kind]))
    if errors:
        raise BundleErrors(errors)
    return found


#: Why an entry that is not a regular file is refused, by what it is.
_NOT_A_FILE = {
    "folder": "this is a folder, not a file; a bundle's CSV files are plain files",
    "dangling": "this is a link to a file that does not exist (or a loop of links)",
    "special": "this is not a regular file (a FIFO, socket or device); a bundle holds plain files only",
}


def _kind(entry: Path) -> str:
    """'file', 'folder', 'dangling' or 'special', following links, without opening anything."""
    try:
        info = entry.stat()  # follows links; never opens the file, so a FIFO cannot block
    except FileNotFoundError:
        return "dangling"
    except OSError:  # a loop of links, a name too long
        return "dangling"
    if stat.S_ISREG(info.st_mode):
        return "file"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return "special"


def _is_bundle_name(name: str) -> bool:
    """A name the import would read: every file of a bundle (either version) is a ``*.csv``."""
    return name.lower().endswith(".csv")


def _read_entry(entry: Path, name: str, found: dict[str, bytes], errors: list[BundleError]) -> None:
    try:
        found[name] = entry.read_bytes()
    except OSError as exc:
        errors.append(BundleError(name, 1, "", f"the file cannot be read: {exc.strerror or exc}"))


def _read_files_folder(root: Path, folder: Path, found: dict[str, bytes], errors: list[BundleError]) -> None:
    """Everything under ``files/``, hidden entries left out; links to folders are not followed."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        name = entry.relative_to(root).as_posix()
        kind = _kind(entry)
        if kind == "folder" and not entry.is_symlink():
            _read_files_folder(root, entry, found, errors)
        elif kind == "file":
            _read_entry(entry, name, found, errors)
        elif kind == "folder":
            errors.append(BundleError(name, 1, "", "this is a link to a folder; put the files themselves here"))
        else:
            errors.append(BundleError(name, 1, "", _NOT_A_FILE[kind]))


def import_folder(ctx: ServiceContext, path: Path, progress: Progress | None = None) -> ImportReport:
    """Import the bundle in a folder (``progress``: see ``import_bundle``)."""
    if not path.is_dir():
        raise ValidationError(f"'{path}' is not a folder")
    files = read_folder(path)
    if not files:
        raise ValidationError(f"'{path}' holds no CSV files")
    # The folder's bytes are the import's own: each CSV file's are let go once it is read.
    return _import(ctx, files, progress, files.__delitem__)
