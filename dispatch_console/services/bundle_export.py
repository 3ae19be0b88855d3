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
from functools import partial
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
    Progress,
    protect,
)
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage.export_reads import Batches, ExportReads

Row = dict[str, str]
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
#: What makes a CSV cell quoted.
_SPECIAL = re.compile('[,"\n\r]')
#: Formatted values kept per kind (``_memoized``).
_MEMO_LIMIT = 100_000


class _Memo(dict[Any, str]):
    """Cells by value, each written once by ``write``; None an empty cell.

    A history repeats its values (a rate, an hour of the day), and formatting each afresh was
    most of a large export's time. Equal values give equal cells (an instant is one UTC moment,
    2.50 and 2.5 write alike); at most ``_MEMO_LIMIT`` are kept (then it starts afresh).
    ``cell`` is the dict's own look-up: a value seen before costs no Python call.
    """

    def __init__(self, write: Callable[[Any], str]) -> None:
        super().__init__({None: ""})
        self.write = write
        self.cell: Callable[[Any], str] = self.__getitem__

    def __missing__(self, value: Any) -> str:
        if len(self) >= _MEMO_LIMIT:
            self.clear()
            self[None] = ""
        text = self[value] = self.write(value)
        return text


def _degrees(value: float | None) -> str:
    return "" if value is None else format_degrees(value)


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _instant(moment: datetime, tz: ZoneInfo) -> str:
    """``format_instant`` in fewer steps: the wall clock alone, but in the repeated hour of a
    fall-back (the other fold's offset differs), where ``format_instant`` adds the offset.

    Each distinct instant of a history passes here once; ``format_instant`` took three times
    as long (the wall time rebuilt for each of its checks).
    """
    local = moment.astimezone(tz)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return format_instant(moment, tz)
    return format_wall_clock(local)


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


def _photo_suffix(filename: str, content_type: str) -> str:
    """The stored name's extension when it is a plain one, else the media type's."""
    dot = filename.rfind(".")
    suffix = filename[dot:] if dot > 0 else ""
    if _SUFFIX.fullmatch(suffix):
        return suffix.lower()
    return mimetypes.guess_extension(content_type, strict=False) or ""


class _Cells:
    """Each file's rows as cells, in company wall clock: a tuple of ``export_reads`` in, the
    file's cells out, in its columns' order."""

    def __init__(self, tz: ZoneInfo, files: _Files) -> None:
        self.files = files
        self._photo_owner = ""
        self._photo_position = 0
        #: An instant in company wall clock, a number, an amount; each None an empty cell.
        self.instant: Callable[[datetime | None], str] = _Memo(partial(_instant, tz=tz)).cell
        self.decimal: Callable[[Decimal | None], str] = _Memo(format_decimal).cell
        self.money: Callable[[Decimal | None], str] = _Memo(format_money).cell

    def company(self, c: Any) -> list[str]:
        name, address, phone, email, timezone, currency, tax_rate, terms, speed = c
        return [
            name, address or "", phone or "", email or "", timezone, currency, self.decimal(tax_rate), str(terms),
            self.decimal(speed),
        ]

    def skill(self, s: Any) -> list[str]:
        return [s[0], s[1]]

    def technician(self, t: Any) -> list[str]:
        code, name, phone, email, rate, lat, lon, shift_start, shift_end, workdays, active = t
        return [
            code, name, phone or "", email or "", self.money(rate), _degrees(lat), _degrees(lon), _clock(shift_start),
            _clock(shift_end), workdays, format_bool(active),
        ]

    def technician_skill(self, held: Any) -> list[str]:
        return [held[0], held[1], _day(held[2])]

    def time_off(self, t: Any) -> list[str]:
        tech, start, end, reason = t
        return [tech, self.instant(start), self.instant(end), reason or ""]

    def customer(self, c: Any) -> list[str]:
        code, name, address, phone, email, tax_rate = c
        return [code, name, address or "", phone or "", email or "", self.decimal(tax_rate)]

    def site(self, s: Any) -> list[str]:
        code, customer, name, address, lat, lon, contact, contact_phone, notes = s
        return [
            code, customer, name, address, _degrees(lat), _degrees(lon), contact or "", contact_phone or "",
            notes or "",
        ]

    def agreement(self, a: Any) -> list[str]:
        customer, site, name, starts_on, ends_on, scope, limit = a
        return [customer, site or "", name, _day(starts_on), _day(ends_on), scope or "", self.money(limit)]

    def asset(self, a: Any) -> list[str]:
        code, site, name, category, make, model, serial, installed_on, warranty_until = a
        return [
            code, site, name, category or "", make or "", model or "", serial or "", _day(installed_on),
            _day(warranty_until),
        ]

    def part(self, p: Any) -> list[str]:
        return [p[0], p[1], self.money(p[2]), p[3]]

    def pm_plan(self, p: Any) -> list[str]:
        (code, site, asset, kind, summary, checklist, hours, rrule, start_wall, lead_days, tech, active, mode,
         closeout_needs, generated_through, skills) = p
        return [
            code, site, asset or "", str(kind), summary, join_list(list(checklist or [])), join_list(skills),
            self.decimal(hours), rrule, format_wall_clock(start_wall), str(lead_days), tech or "",
            format_bool(active), PlanMode(mode).value, join_list(list(closeout_needs or [])),
            self.instant(generated_through),
        ]

    def request(self, r: Any) -> list[str]:
        (number, status, source, customer, site, asset, contact, contact_phone, problem, priority, requested_type,
         received_at, reviewed_by, reviewed_at, rejection_reason) = r
        return [
            number, str(status), str(source), customer, site, asset or "", contact or "", contact_phone or "",
            problem, str(priority), str(requested_type) if requested_type else "", self.instant(received_at),
            reviewed_by or "", self.instant(reviewed_at), rejection_reason or "",
        ]

    def work_order(self, w: Any) -> list[str]:
        (number, kind, priority, status, site, asset, summary, description, task_codes, hours, due_by, created_at,
         plan, occurrence, request, started_at, completed_at, verified_at, verified_by, closed_at, billable,
         hold_reason, cancel_reason, closeout_needs, skills) = w
        instant = self.instant
        return [
            number, str(kind), str(priority), str(status), site, asset or "", summary, description or "",
            join_list(skills), join_list(list(task_codes or [])), self.decimal(hours), instant(due_by),
            instant(created_at), plan or "", instant(occurrence), request or "", instant(started_at),
            instant(completed_at), instant(verified_at), verified_by or "", instant(closed_at),
            format_bool(billable), hold_reason or "", cancel_reason or "", join_list(list(closeout_needs or [])),
        ]

    def booking(self, b: Any) -> list[str]:
        number, tech, start, end, conflicts, confirmed_by = b
        return [number, tech, self.instant(start), self.instant(end), conflicts or "", confirmed_by or ""]

    def checklist_item(self, item: Any) -> list[str]:
        number, text, done, done_by, done_at = item
        return [number, text, format_bool(done), done_by or "", self.instant(done_at)]

    def planned_part(self, p: Any) -> list[str]:
        return [p[0], p[1], self.decimal(p[2])]

    def labor(self, e: Any) -> list[str]:
        number, tech, start, end, billable, note = e
        return [number, tech, self.instant(start), self.instant(end), format_bool(billable), note or ""]

    def part_used(self, p: Any) -> list[str]:
        return [p[0], p[1], self.decimal(p[2]), self.money(p[3])]

    def note(self, n: Any) -> list[str]:
        return [n[0], n[1], self.instant(n[2]), n[3]]

    def photo(self, p: Any) -> list[str]:
        """The photo's row, its file written: ``photo-N`` for the work order's N-th photo."""
        number, filename, kind, content_type, caption, added_by, added_at, data = p
        if number != self._photo_owner:
            self._photo_owner, self._photo_position = number, 0
        self._photo_position += 1
        suffix = _photo_suffix(filename, content_type)
        file = self.files.add(number, f"photo-{self._photo_position}", suffix, data)
        return [number, file, filename, kind, content_type, caption or "", added_by, self.instant(added_at)]

    def signature(self, s: Any) -> list[str]:
        number, signer, signed_at, image = s
        file = self.files.add(number, "signature", ".png", image) if image is not None else ""
        return [number, signer, self.instant(signed_at), file]

    def scope_change(self, c: Any) -> list[str]:
        (number, seq, description, hours, cost, status, requested_by, requested_at, decided_by, decided_at,
         note) = c
        return [
            number, str(seq), description, self.decimal(hours), self.money(cost), str(status), requested_by,
            self.instant(requested_at), decided_by or "", self.instant(decided_at), note or "",
        ]

    def invoice(self, i: Any) -> list[str]:
        (number, customer, issued_on, due_on, currency, tax_rate, subtotal, tax, total, created_at, created_by,
         status, paid_on, voided_at, voided_by, void_reason) = i
        return [
            number, customer, _day(issued_on), _day(due_on), currency, self.decimal(tax_rate), self.money(subtotal),
            self.money(tax), self.money(total), self.instant(created_at), created_by, status,
            _day(paid_on) if paid_on else "", self.instant(voided_at), voided_by or "", void_reason or "",
        ]

    def invoice_line(self, line: Any) -> list[str]:
        invoice, number, kind, description, quantity, unit_price, amount = line
        return [invoice, number, kind, description, self.decimal(quantity), self.money(unit_price), self.money(amount)]

    def number_series(self, c: Any) -> list[str]:
        return [c[0], str(c[1])]


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
    line = ",".join(cells)
    if line.count(",") == len(cells) - 1 and not ('"' in line or "\n" in line or "\r" in line):
        return line + "\n"  # most records: no cell to quote (found in one pass over the line)
    return ",".join(map(_quoted, cells)) + "\n"


def _lines(rows: list[list[str]], width: int) -> str:
    """The records of ``rows`` (``width`` cells each), as ``_line`` writes each: joined at once
    when no cell needs quoting (the whole batch checked in one pass), else record by record."""
    text = "\n".join(map(",".join, rows))
    if (
        width > 1
        and text.count(",") == len(rows) * (width - 1)
        and text.count("\n") == len(rows) - 1
        and not ('"' in text or "\r" in text)
    ):
        return text + "\n"
    return "".join(map(_line, rows))


def _quoted(cell: str) -> str:
    if _SPECIAL.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


class _Sink:
    """Where the export's files go as their rows arrive: each CSV file is begun (its header
    written) with its first row, so a table without rows writes no file."""

    def __init__(self, spreadsheet_safe: bool) -> None:
        self.spreadsheet_safe = spreadsheet_safe
        self.counts: dict[str, int] = {}

    def rows(
        self, name: str, batches: Iterable[list[list[str]]], progress: Callable[[int], None] | None = None
    ) -> None:
        """Write ``batches`` of rows (cells in the file's columns' order), telling ``progress``
        how many rows each batch held."""
        columns = BUNDLE_FILES[name]
        protected = TEXT_COLUMNS[BUNDLE_VERSION][name] if self.spreadsheet_safe else frozenset()
        guarded = [i for i, column in enumerate(columns) if column in protected]
        for batch in batches:
            if not batch:
                continue
            if guarded:
                for cells in batch:
                    for i in guarded:
                        cells[i] = protect(cells[i])
            if name not in self.counts:
                self.counts[name] = 0
                self.write(name, _line(list(columns)).encode("utf-8"))
            self.counts[name] += len(batch)
            self.write(name, _lines(batch, len(columns)).encode("utf-8"))
            if progress is not None:
                progress(len(batch))

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

def export_bundle(ctx: ServiceContext, *, spreadsheet_safe: bool = False) -> dict[str, bytes]:
    """Every file of the bundle by its name in the bundle (``files/...`` for photos and signatures).

    ``bundle.csv`` always; a CSV file for each table that has rows. ``spreadsheet_safe``: text
    cells a spreadsheet would run as a formula get an apostrophe in front (see ``protect``), and
    ``bundle.csv`` says so, so the import takes it off again.
    """
    sink = _InMemory(spreadsheet_safe)
    names = _export(ctx, sink)
    return {name: b"".join(sink.data[name]) for name in names}


def _files(reads: ExportReads, cells: _Cells) -> Iterator[tuple[str, Batches, Callable[[Any], list[str]]]]:
    """Each CSV file of the bundle but the company, in the bundle's order: its rows as read, and
    how a row becomes the file's cells."""
    yield "skills.csv", reads.skills(), cells.skill
    yield "technicians.csv", reads.technicians(), cells.technician
    yield "technician_skills.csv", reads.technician_skills(), cells.technician_skill
    yield "time_off.csv", reads.time_off(), cells.time_off
    yield "customers.csv", reads.customers(), cells.customer
    yield "sites.csv", reads.sites(), cells.site
    yield "service_agreements.csv", reads.service_agreements(), cells.agreement
    yield "assets.csv", reads.assets(), cells.asset
    yield "parts.csv", reads.parts(), cells.part
    yield "pm_plans.csv", reads.pm_plans(), cells.pm_plan
    yield "requests.csv", reads.requests(), cells.request
    yield "work_orders.csv", reads.work_orders(), cells.work_order
    yield "bookings.csv", reads.bookings(), cells.booking
    yield "checklist_items.csv", reads.checklist_items(), cells.checklist_item
    yield "planned_parts.csv", reads.planned_parts(), cells.planned_part
    yield "labor.csv", reads.labor(), cells.labor
    yield "parts_used.csv", reads.parts_used(), cells.part_used
    yield "notes.csv", reads.notes(), cells.note
    yield "photos.csv", reads.photos(), cells.photo
    yield "signatures.csv", reads.signatures(), cells.signature
    yield "scope_changes.csv", reads.scope_changes(), cells.scope_change
    yield "invoices.csv", reads.invoices(), cells.invoice
    yield "invoice_lines.csv", reads.invoice_lines(), cells.invoice_line
    yield "number_series.csv", reads.number_series(), cells.number_series


def _export(ctx: ServiceContext, sink: _Sink, progress: Progress | None = None) -> list[str]:
    """Write the bundle's files into ``sink`` one after another, each as its rows are read (a
    batch at a time); the names of the files written, in the bundle's order. ``progress`` is
    told after each batch: rows written, rows to write (counted first), the file being written."""
    manifest_columns = (*MANIFEST_COLUMNS, SPREADSHEET_SAFE) if sink.spreadsheet_safe else MANIFEST_COLUMNS
    manifest = {"version": str(BUNDLE_VERSION), SPREADSHEET_SAFE: "true"}
    sink.write(MANIFEST, _csv(manifest_columns, [manifest]))
    files = _Files(sink.attachment)
    with ctx.read() as uow:
        reads = ExportReads(uow)
        total = sum(reads.counts().values()) if progress is not None else 0
        done = 0

        def tell(name: str) -> Callable[[int], None] | None:
            if progress is None:
                return None

            def written(rows: int) -> None:
                nonlocal done
                done += rows
                progress(done, total, name)

            return written

        company = reads.company()
        cells = _Cells(company_zone(company), files)
        sink.rows("company.csv", [[cells.company(company)]] if company is not None else [], tell("company.csv"))
        for name, found, to_cells in _files(reads, cells):
            sink.rows(name, (list(map(to_cells, batch)) for batch in found), tell(name))
    return [MANIFEST, *(name for name in BUNDLE_FILES if name in sink.counts), *sorted(files.paths)]


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


def export_folder(
    ctx: ServiceContext, path: Path, progress: Progress | None = None, *, spreadsheet_safe: bool = False
) -> ExportReport:
    """Write the bundle into ``path``, each file as its rows are read; ``progress`` is told
    after each batch of rows written (rows written, rows in all, the file), as the import's is.

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
        names = _export(ctx, sink, progress)
    finally:
        sink.close()
    return ExportReport(names, dict(sink.counts))
