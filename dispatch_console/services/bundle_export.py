"""Export of the database as a CSV bundle (docs/csv-bundle-format.md) that imports back to the same data.

The export is a version-2 bundle: ``bundle.csv`` names the version, every other record is in
its CSV file, and photos and signatures are files under ``files/``. Files are UTF-8 without a
byte-order mark, LF line ends, the spec's columns in the spec's order, rows sorted by code (a
list by its owner's code, then in its own order); a CSV file is written only when its table has
rows. Date-times are company wall clock, with the offset only in the repeated hour of a
daylight-saving fall-back. The same database always gives the same bytes.
"""

from __future__ import annotations

import io
import mimetypes
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from dispatch_console.domain.csv_values import (
    FILES_FOLDER,
    format_bool,
    format_decimal,
    format_degrees,
    format_instant,
    format_money,
    format_wall_clock,
    join_list,
    safe_file_name,
)
from dispatch_console.domain.enums import PlanMode
from dispatch_console.domain.timekeeping import company_zone
from dispatch_console.services.bundle_import import (
    BUNDLE_FILES,
    BUNDLE_FILES_V1,
    BUNDLE_VERSION,
    MANIFEST,
    MANIFEST_COLUMNS,
    SPREADSHEET_SAFE,
    TEXT_COLUMNS,
    protect,
)
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import bundle_store
from dispatch_console.storage import models as m

Row = dict[str, str]
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


def _text(value: str | None) -> str:
    return value or ""


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)


def _degrees(value: float | None) -> str:
    return "" if value is None else format_degrees(value)


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _code(obj: Any, attr: str = "code") -> str:
    return "" if obj is None else str(getattr(obj, attr))


def _by(key: Callable[[Any], Any], objs: Iterable[Any]) -> list[Any]:
    return sorted(objs, key=key)


class _Files:
    """Names for photos and signatures under ``files/``: one folder per work order, never the same twice.

    Names are compared case-blind, as Windows and macOS file systems do.
    """

    def __init__(self, write: Callable[[str, bytes], None]) -> None:
        self.write = write
        self.paths: list[str] = []
        self._taken: set[str] = set()

    def add(self, number: str, stem: str, suffix: str, data: bytes) -> str:
        folder = f"{FILES_FOLDER}/{safe_file_name(number)}"
        path, n = f"{folder}/{stem}{suffix}", 1
        while path.casefold() in self._taken:
            n += 1
            path = f"{folder}/{stem}-{n}{suffix}"
        self._taken.add(path.casefold())
        self.paths.append(path)
        self.write(path, data)
        return path


def _photo_suffix(photo: m.Attachment) -> str:
    """The stored name's extension when it is a plain one, else the media type's."""
    dot = photo.filename.rfind(".")
    suffix = photo.filename[dot:] if dot > 0 else ""
    if _SUFFIX.fullmatch(suffix):
        return suffix.lower()
    return mimetypes.guess_extension(photo.content_type, strict=False) or ""


class _Rows:
    """The rows of every file, in company wall clock."""

    def __init__(self, tz: ZoneInfo, files: _Files) -> None:
        self.tz = tz
        self.files = files

    def instant(self, value: datetime | None) -> str:
        return "" if value is None else format_instant(value, self.tz)

    def company(self, c: m.Company) -> Row:
        return {
            "name": c.name,
            "address": _text(c.address),
            "phone": _text(c.phone),
            "email": _text(c.email),
            "timezone": c.timezone,
            "currency": c.currency,
            "tax_rate": _decimal(c.tax_rate),
            "payment_terms_days": str(c.payment_terms_days),
            "travel_speed_kmh": _decimal(c.travel_speed_kmh),
        }

    def skill(self, s: m.Skill) -> Row:
        return {"code": s.code, "name": s.name}

    def technician(self, t: m.Technician) -> Row:
        return {
            "code": t.code,
            "name": t.name,
            "phone": _text(t.phone),
            "email": _text(t.email),
            "hourly_rate": _money(t.hourly_rate),
            "home_lat": _degrees(t.home_lat),
            "home_lon": _degrees(t.home_lon),
            "shift_start": _clock(t.shift_start),
            "shift_end": _clock(t.shift_end),
            "workdays": t.workdays,
            "active": format_bool(t.active),
        }

    def technician_skill(self, t: m.Technician, held: m.TechnicianSkill) -> Row:
        return {"tech_code": t.code, "skill_code": held.skill.code, "certified_until": _day(held.certified_until)}

    def time_off(self, t: m.TimeOff) -> Row:
        return {
            "tech_code": t.technician.code,
            "start": self.instant(t.start),
            "end": self.instant(t.end),
            "reason": _text(t.reason),
        }

    def customer(self, c: m.Customer) -> Row:
        return {
            "code": c.code,
            "name": c.name,
            "billing_address": _text(c.billing_address),
            "phone": _text(c.phone),
            "email": _text(c.email),
            "tax_rate": _decimal(c.tax_rate),
        }

    def site(self, s: m.Site) -> Row:
        return {
            "code": s.code,
            "customer_code": s.customer.code,
            "name": s.name,
            "address": s.address,
            "lat": _degrees(s.lat),
            "lon": _degrees(s.lon),
            "contact_name": _text(s.contact_name),
            "contact_phone": _text(s.contact_phone),
            "access_notes": _text(s.access_notes),
        }

    def agreement(self, customer: str, site: str, a: m.ServiceAgreement) -> Row:
        return {
            "customer_code": customer,
            "site_code": site,
            "name": a.name,
            "starts_on": _day(a.starts_on),
            "ends_on": _day(a.ends_on),
            "scope": _text(a.scope),
            "not_to_exceed": _money(a.not_to_exceed),
        }

    def asset(self, a: m.Asset) -> Row:
        return {
            "code": a.code,
            "site_code": a.site.code,
            "name": a.name,
            "category": _text(a.category),
            "make": _text(a.make),
            "model": _text(a.model),
            "serial": _text(a.serial),
            "installed_on": _day(a.installed_on),
            "warranty_until": _day(a.warranty_until),
        }

    def part(self, p: m.Part) -> Row:
        return {
            "sku": p.sku,
            "description": p.description,
            "unit_price": _money(p.unit_price),
            "unit": p.unit,
        }

    def pm_plan(self, p: m.PmPlan) -> Row:
        return {
            "code": p.code,
            "site_code": p.site.code,
            "asset_code": _code(p.asset),
            "type": str(p.type),
            "summary": p.summary,
            "checklist": join_list(list(p.checklist or [])),
            "required_skills": join_list(sorted(s.code for s in p.required_skills)),
            "estimated_hours": _decimal(p.estimated_hours),
            "rrule": p.rrule,
            "start": format_wall_clock(p.start_wall),
            "lead_days": str(p.lead_days),
            "preferred_tech_code": _code(p.preferred_technician),
            "active": format_bool(p.active),
            "mode": PlanMode(p.mode).value,
            "closeout_requires": join_list(list(p.closeout_needs or [])),
            "generated_through": self.instant(p.generated_through),
        }

    def request(self, r: m.WorkRequest) -> Row:
        return {
            "number": r.number,
            "status": str(r.status),
            "source": str(r.source),
            "customer_code": r.customer.code,
            "site_code": r.site.code,
            "asset_code": _code(r.asset),
            "contact_name": _text(r.contact_name),
            "contact_phone": _text(r.contact_phone),
            "problem": r.problem,
            "priority": str(r.priority),
            "requested_type": str(r.requested_type) if r.requested_type else "",
            "received_at": self.instant(r.received_at),
            "reviewed_by": _text(r.reviewed_by),
            "reviewed_at": self.instant(r.reviewed_at),
            "rejection_reason": _text(r.rejection_reason),
        }

    def work_order(self, w: m.WorkOrder) -> Row:
        return {
            "number": w.number,
            "type": str(w.type),
            "priority": str(w.priority),
            "status": str(w.status),
            "site_code": w.site.code,
            "asset_code": _code(w.asset),
            "summary": w.summary,
            "description": _text(w.description),
            "required_skills": join_list(sorted(s.code for s in w.required_skills)),
            "task_codes": join_list(list(w.task_codes or [])),
            "estimated_hours": _decimal(w.estimated_hours),
            "due_by": self.instant(w.due_by),
            "created_at": self.instant(w.created_at),
            "pm_plan_code": _code(w.pm_plan),
            "plan_occurrence": self.instant(w.pm_occurrence),
            "request_number": _code(w.request, "number"),
            "started_at": self.instant(w.started_at),
            "completed_at": self.instant(w.completed_at),
            "verified_at": self.instant(w.verified_at),
            "verified_by": _text(w.verified_by),
            "closed_at": self.instant(w.closed_at),
            "billable": format_bool(w.billable),
            "hold_reason": _text(w.hold_reason),
            "cancel_reason": _text(w.cancel_reason),
            "closeout_requires": join_list(list(w.closeout_needs or [])),
        }

    def booking(self, number: str, b: m.Booking) -> Row:
        return {
            "work_order_number": number,
            "tech_code": b.technician.code,
            "start": self.instant(b.start),
            "end": self.instant(b.end),
            "confirmed_conflicts": _text(b.confirmed_conflicts),
            "confirmed_by": _text(b.confirmed_by),
        }

    def checklist_item(self, number: str, item: m.ChecklistItem) -> Row:
        return {
            "work_order_number": number,
            "text": item.text,
            "done": format_bool(item.done),
            "done_by": _text(item.done_by),
            "done_at": self.instant(item.done_at),
        }

    def planned_part(self, number: str, p: m.PlannedPart) -> Row:
        return {"work_order_number": number, "sku": p.part.sku, "quantity": _decimal(p.quantity)}

    def labor(self, number: str, e: m.LaborEntry) -> Row:
        return {
            "work_order_number": number,
            "tech_code": e.technician.code,
            "start": self.instant(e.start),
            "end": self.instant(e.end),
            "billable": format_bool(e.billable),
            "note": _text(e.note),
        }

    def part_used(self, number: str, p: m.PartUsed) -> Row:
        return {
            "work_order_number": number,
            "sku": p.part.sku,
            "quantity": _decimal(p.quantity),
            "unit_price": _money(p.unit_price),
        }

    def note(self, number: str, n: m.Note) -> Row:
        return {"work_order_number": number, "author": n.author, "at": self.instant(n.at), "text": n.text}

    def photo(self, number: str, position: int, p: m.Attachment) -> Row:
        return {
            "work_order_number": number,
            "file": self.files.add(number, f"photo-{position}", _photo_suffix(p), p.data),
            "filename": p.filename,
            "kind": p.kind,
            "content_type": p.content_type,
            "caption": _text(p.caption),
            "added_by": p.added_by,
            "added_at": self.instant(p.added_at),
        }

    def signature(self, number: str, s: m.Signature) -> Row:
        image = s.image_png
        return {
            "work_order_number": number,
            "signer_name": s.signer_name,
            "signed_at": self.instant(s.signed_at),
            "file": self.files.add(number, "signature", ".png", image) if image is not None else "",
        }

    def scope_change(self, number: str, c: m.ScopeChange) -> Row:
        return {
            "work_order_number": number,
            "seq": str(c.seq),
            "description": c.description,
            "extra_hours": _decimal(c.extra_hours),
            "extra_cost": _money(c.extra_cost),
            "status": str(c.status),
            "requested_by": c.requested_by,
            "requested_at": self.instant(c.requested_at),
            "decided_by": _text(c.decided_by),
            "decided_at": self.instant(c.decided_at),
            "decision_note": _text(c.decision_note),
        }

    def invoice(self, i: m.Invoice) -> Row:
        return {
            "number": i.number,
            "customer_code": i.customer.code,
            "issued_on": _day(i.issued_on),
            "due_on": _day(i.due_on),
            "currency": i.currency,
            "tax_rate": _decimal(i.tax_rate),
            "subtotal": _money(i.subtotal),
            "tax": _money(i.tax),
            "total": _money(i.total),
            "created_at": self.instant(i.created_at),
            "created_by": i.created_by,
            "status": i.status,
            "paid_on": _day(i.paid_on) if i.paid_on else "",
            "voided_at": self.instant(i.voided_at),
            "voided_by": _text(i.voided_by),
            "void_reason": _text(i.void_reason),
        }

    def invoice_line(self, number: str, line: m.InvoiceLine) -> Row:
        return {
            "invoice_number": number,
            "work_order_number": line.work_order.number,
            "kind": line.kind,
            "description": line.description,
            "quantity": _decimal(line.quantity),
            "unit_price": _money(line.unit_price),
            "amount": _money(line.amount),
        }

    def number_series(self, c: m.Counter) -> Row:
        return {"series": c.name, "next_number": str(c.next_value)}


def _csv(columns: tuple[str, ...], rows: list[Row]) -> bytes:
    lines = [_line(list(columns))]
    lines.extend(_line([row[column] for column in columns]) for row in rows)
    return "".join(lines).encode("utf-8")


def _line(cells: list[str]) -> str:
    """One CSV record ending in LF, as the csv module writes it, but a lone CR is quoted too.

    With LF line ends the csv module leaves a cell holding a bare CR (an old Mac line break in a
    note) unquoted, and every reader takes that CR for the end of the record.
    """
    if len(cells) == 1 and not cells[0]:
        return '""\n'  # a record of one empty cell is not an empty line
    return ",".join(_quoted(cell) for cell in cells) + "\n"


def _quoted(cell: str) -> str:
    if any(special in cell for special in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


class _Sink:
    """Where the export's files go as their rows arrive: each CSV file is begun (its header
    written) with its first row, so a table without rows writes no file."""

    def __init__(self, spreadsheet_safe: bool) -> None:
        self.spreadsheet_safe = spreadsheet_safe
        self.counts: dict[str, int] = {}

    def rows(self, name: str, rows: Iterable[Row]) -> None:
        protected = TEXT_COLUMNS[BUNDLE_VERSION][name] if self.spreadsheet_safe else frozenset()
        columns = BUNDLE_FILES[name]
        lines: list[str] = []
        for row in rows:
            for column in protected:
                row[column] = protect(row[column])
            lines.append(_line([row[column] for column in columns]))
        if not lines:
            return
        if name not in self.counts:
            self.counts[name] = 0
            self.write(name, _line(list(columns)).encode("utf-8"))
        self.counts[name] += len(lines)
        self.write(name, "".join(lines).encode("utf-8"))

    def write(self, name: str, data: bytes) -> None:
        raise NotImplementedError

    def attachment(self, path: str, data: bytes) -> None:
        self.write(path, data)


class _InMemory(_Sink):
    def __init__(self, spreadsheet_safe: bool) -> None:
        super().__init__(spreadsheet_safe)
        self.data: dict[str, list[bytes]] = {}

    def write(self, name: str, data: bytes) -> None:
        self.data.setdefault(name, []).append(data)


class _InFolder(_Sink):
    """Writes into the folder as the rows arrive: the export never holds a large table."""

    def __init__(self, spreadsheet_safe: bool, folder: Path) -> None:
        super().__init__(spreadsheet_safe)
        self.folder = folder
        self.open: dict[str, BinaryIO] = {}

    def write(self, name: str, data: bytes) -> None:
        handle = self.open.get(name)
        if handle is None:
            target = self.folder.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = self.open[name] = target.open("wb")
        handle.write(data)

    def attachment(self, path: str, data: bytes) -> None:
        target = self.folder.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.open.setdefault(path, _WRITTEN)

    def close(self) -> None:
        for handle in self.open.values():
            handle.close()


class _Written(io.BytesIO):
    """Stands for an attachment already written whole (nothing left to close)."""


_WRITTEN = _Written()

#: The files each work order's lists go to, in the bundle's order.
_WORK_ORDER_LISTS = (
    "bookings.csv", "checklist_items.csv", "planned_parts.csv", "labor.csv", "parts_used.csv", "notes.csv",
    "photos.csv", "signatures.csv", "scope_changes.csv",
)


def _work_order_lists(rows: _Rows, w: m.WorkOrder) -> dict[str, list[Row]]:
    """The lists one work order owns, by file, each in its own order."""
    number = w.number
    return {
        "bookings.csv": [rows.booking(number, b) for b in _by(lambda b: (b.start, b.id), w.bookings)],
        "checklist_items.csv": [
            rows.checklist_item(number, item) for item in _by(lambda i: (i.position, i.id), w.checklist)
        ],
        "planned_parts.csv": [rows.planned_part(number, p) for p in _by(lambda p: p.id, w.planned_parts)],
        "labor.csv": [rows.labor(number, entry) for entry in _by(lambda e: (e.start, e.id), w.labor)],
        "parts_used.csv": [rows.part_used(number, used) for used in _by(lambda u: u.id, w.parts_used)],
        "notes.csv": [rows.note(number, n) for n in _by(lambda n: (n.at, n.id), w.notes)],
        "photos.csv": [
            rows.photo(number, position, p) for position, p in enumerate(_by(lambda p: p.id, w.attachments), start=1)
        ],
        "signatures.csv": [rows.signature(number, w.signature)] if w.signature is not None else [],
        "scope_changes.csv": [rows.scope_change(number, c) for c in _by(lambda c: c.seq, w.scope_changes)],
    }


def export_bundle(ctx: ServiceContext, *, spreadsheet_safe: bool = False) -> dict[str, bytes]:
    """Every file of the bundle by its name in the bundle (``files/...`` for photos and signatures).

    ``bundle.csv`` always; a CSV file for each table that has rows. ``spreadsheet_safe``: text
    cells a spreadsheet would run as a formula get an apostrophe in front (see ``protect``), and
    ``bundle.csv`` says so, so the import takes it off again.
    """
    sink = _InMemory(spreadsheet_safe)
    names = _export(ctx, sink)
    return {name: b"".join(sink.data[name]) for name in names}


def _export(ctx: ServiceContext, sink: _Sink) -> list[str]:
    """Write the bundle's files into ``sink`` as the rows are read (the large tables a batch at
    a time); the names of the files written, in the bundle's order."""
    manifest_columns = (*MANIFEST_COLUMNS, SPREADSHEET_SAFE) if sink.spreadsheet_safe else MANIFEST_COLUMNS
    manifest = {"version": str(BUNDLE_VERSION), SPREADSHEET_SAFE: "true"}
    sink.write(MANIFEST, _csv(manifest_columns, [manifest]))
    files = _Files(sink.attachment)
    with ctx.read() as uow:
        company = uow.company()
        rows = _Rows(company_zone(company), files)
        tables = bundle_store.everything_for_export(uow)
        techs = _by(lambda t: t.code, tables["technicians"])
        customer_codes = {c.id: c.code for c in tables["customers"]}
        site_codes = {s.id: s.code for s in tables["sites"]}
        agreements = _by(lambda a: (customer_codes[a.customer_id], a.id), tables["agreements"])
        sink.rows("company.csv", [rows.company(company)] if company is not None else [])
        sink.rows("skills.csv", (rows.skill(s) for s in _by(lambda s: s.code, tables["skills"])))
        sink.rows("technicians.csv", (rows.technician(t) for t in techs))
        sink.rows("technician_skills.csv", (
            rows.technician_skill(t, held) for t in techs for held in _by(lambda h: h.skill.code, t.skills)
        ))
        sink.rows("time_off.csv", (
            rows.time_off(entry) for t in techs for entry in _by(lambda e: (e.start, e.id), t.time_off)
        ))
        sink.rows("customers.csv", (rows.customer(c) for c in _by(lambda c: c.code, tables["customers"])))
        sink.rows("sites.csv", (rows.site(s) for s in _by(lambda s: s.code, tables["sites"])))
        sink.rows("service_agreements.csv", (
            rows.agreement(customer_codes[a.customer_id], site_codes.get(a.site_id, ""), a) for a in agreements
        ))
        sink.rows("assets.csv", (rows.asset(a) for a in _by(lambda a: a.code, tables["assets"])))
        sink.rows("parts.csv", (rows.part(p) for p in _by(lambda p: p.sku, tables["parts"])))
        sink.rows("pm_plans.csv", (rows.pm_plan(p) for p in _by(lambda p: p.code, tables["pm_plans"])))
        del tables["technicians"], tables["customers"], tables["sites"], tables["assets"]
        for batch in _batches(bundle_store.stream_requests(uow)):
            sink.rows("requests.csv", (rows.request(r) for r in batch))
        for batch in _batches(bundle_store.stream_work_orders(uow)):
            sink.rows("work_orders.csv", (rows.work_order(w) for w in batch))
            lists: dict[str, list[Row]] = {name: [] for name in _WORK_ORDER_LISTS}
            for w in batch:
                for name, found in _work_order_lists(rows, w).items():
                    lists[name].extend(found)
            for name in _WORK_ORDER_LISTS:
                sink.rows(name, lists[name])
        for batch in _batches(bundle_store.stream_invoices(uow)):
            sink.rows("invoices.csv", (rows.invoice(i) for i in batch))
            sink.rows("invoice_lines.csv", (
                rows.invoice_line(i.number, line) for i in batch for line in _by(lambda x: x.position, i.lines)
            ))
        sink.rows("number_series.csv", (rows.number_series(c) for c in _by(lambda c: c.name, tables["counters"])))
    return [MANIFEST, *(name for name in BUNDLE_FILES if name in sink.counts), *sorted(files.paths)]


def _batches(items: Iterable[Any], size: int = bundle_store.BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: each file's name in the bundle, and the rows of each CSV file."""

    files: list[str]
    rows: dict[str, int]

    def lines(self) -> list[str]:
        """One line per CSV file and one for the photos and signatures, for people to read."""
        result = [f"{name}: {count} rows" for name, count in self.rows.items()]
        attachments = sum(1 for name in self.files if name.startswith(FILES_FOLDER + "/"))
        if attachments:
            result.append(f"{FILES_FOLDER}/: {attachments} photos and signatures")
        return result

    def __str__(self) -> str:
        return "\n".join(self.lines())


def export_folder(ctx: ServiceContext, path: Path, *, spreadsheet_safe: bool = False) -> ExportReport:
    """Write the bundle into ``path``, each file as its rows are read.

    What a former export left that this one has no rows for (bundle CSV files, the ``files``
    folder) is removed, so the folder imports back to exactly this database; other files are
    left alone.
    """
    path.mkdir(parents=True, exist_ok=True)
    for name in (MANIFEST, *BUNDLE_FILES, *BUNDLE_FILES_V1):
        target = path / name
        if target.is_file():
            target.unlink()
    folder = path / FILES_FOLDER
    if folder.is_dir():
        shutil.rmtree(folder)
    sink = _InFolder(spreadsheet_safe, path)
    try:
        names = _export(ctx, sink)
    finally:
        sink.close()
    return ExportReport(names, dict(sink.counts))
