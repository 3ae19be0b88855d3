"""Export of the database as a CSV bundle (docs/csv-bundle-format.md) that imports back to the same data.

The export is a version-2 bundle: ``bundle.csv`` names the version, every other record is in
its CSV file, and photos and signatures are files under ``files/``. Files are UTF-8 without a
byte-order mark, LF line ends, the spec's columns in the spec's order, rows sorted by code (a
list by its owner's code, then in its own order); a CSV file is written only when its table has
rows. Date-times are company wall clock, with the offset only in the repeated hour of a
daylight-saving fall-back. The same database always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import mimetypes
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from dispatch_console.domain.csv_values import (
    FILES_FOLDER,
    format_bool,
    format_decimal,
    format_decimal_text,
    format_degrees,
    format_instant,
    format_money,
    format_wall_clock,
    join_list,
    safe_file_name,
)
from dispatch_console.domain.enums import PlanMode
from dispatch_console.domain.instant_texts import InstantCells
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
from dispatch_console.storage.export_reads import ExportReads, Reading, in_turn

Row = dict[str, str]
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
#: What makes a CSV cell quoted.
_SPECIAL = re.compile('[,"\n\r]')
#: Formatted values kept per kind (``_memoized``).
_MEMO_LIMIT = 100_000


class _Memo(dict[Any, str]):
    """Cells by the value the driver gave, each written once by ``write``; None is ``empty``.

    A history repeats its values (a rate, an hour of the day), and converting and formatting
    each afresh was most of a large export's time. Equal values give equal cells (2.50 and 2.5
    write alike); at most ``_MEMO_LIMIT`` are kept (then it starts afresh). A cell is the dict's
    own look-up (``memo[value]``): a value seen before costs no Python call.
    """

    def __init__(self, write: Callable[[Any], str], empty: str = "") -> None:
        super().__init__({None: empty})
        self.write = write
        self.empty = empty

    def __missing__(self, value: Any) -> str:
        if len(self) >= _MEMO_LIMIT:
            self.clear()
            self[None] = self.empty
        text = self[value] = self.write(value)
        return text


def _degrees(value: float | None) -> str:
    return "" if value is None else format_degrees(value)


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


#: A batch of rows as the driver gave them in, the file's rows of cells out.
Batch = Sequence[Any]
Cells = list[list[str]]


class _Cells:
    """Each file's rows as cells, in company wall clock: a batch of ``export_reads`` rows (values
    as the database driver gives them) in, the file's rows of cells out, in its columns' order.

    Each distinct instant, amount, date and list is read (``ExportReads.read_*``) and formatted
    once (``_Memo``; instants straight from their text, ``InstantCells``); text is the cell itself. A file's batch is one comprehension, its values
    unpacked by name, so that a row costs no call of its own.
    """

    def __init__(self, tz: ZoneInfo, reads: ExportReads, files: _Files) -> None:
        self.files = files
        self._photo_owner = ""
        self._photo_position = 0
        read_instant, read_decimal, read_list = reads.read_instant, reads.read_decimal, reads.read_list
        read_date, read_bool = reads.read_date, reads.read_bool
        self.read_time, self.read_wall = reads.read_time, reads.read_wall

        def instant(value: Any) -> str:
            moment = read_instant(value)
            assert moment is not None
            return format_instant(moment, tz)

        def number(value: Any, *, money: bool = False) -> str:
            """A number's (or with ``money`` an amount's) cell: from its text where it is plainly
            written, else read and formatted as the models read it."""
            cell = format_decimal_text(value, money=money) if isinstance(value, str) else None
            if cell is None:
                found = read_decimal(value)
                assert found is not None
                cell = format_money(found) if money else format_decimal(found)
            return cell

        def day(value: Any) -> str:
            found = read_date(value)
            assert found is not None
            return found.isoformat()

        #: Cells by the driver's value: an instant in company wall clock, a number, an amount,
        #: a list of the JSON text, a date, a yes/no; each None an empty cell (a yes/no false).
        self.instant = InstantCells(tz, instant)
        self.decimal = _Memo(number)
        self.money = _Memo(partial(number, money=True))
        self.list = _Memo(lambda value: join_list(list(read_list(value) or [])))
        self.day = _Memo(day)
        self.bool = _Memo(lambda value: format_bool(bool(read_bool(value))), format_bool(False))

    def company(self, c: Any) -> list[str]:
        """The company's row as the models read it (a row, not a file's batches)."""
        name, address, phone, email, timezone, currency, tax_rate, terms, speed = c
        return [
            name, address or "", phone or "", email or "", timezone, currency,
            "" if tax_rate is None else format_decimal(tax_rate), str(terms),
            "" if speed is None else format_decimal(speed),
        ]

    def skills(self, batch: Batch) -> Cells:
        return [[code, name] for code, name in batch]

    def technicians(self, batch: Batch) -> Cells:
        money, yes, clock = self.money, self.bool, self._clock
        return [
            [
                code, name, phone or "", email or "", money[rate], _degrees(lat), _degrees(lon), clock(shift_start),
                clock(shift_end), workdays, yes[active],
            ]
            for code, name, phone, email, rate, lat, lon, shift_start, shift_end, workdays, active in batch
        ]

    def _clock(self, value: Any) -> str:
        found = self.read_time(value)
        return "" if found is None else found.strftime("%H:%M")

    def _wall_clock(self, value: Any) -> str:
        found = self.read_wall(value)
        assert found is not None
        return format_wall_clock(found)

    def technician_skills(self, batch: Batch) -> Cells:
        day = self.day
        return [[tech, skill, day[until]] for tech, skill, until in batch]

    def time_off(self, batch: Batch) -> Cells:
        instant = self.instant
        return [[tech, instant[start], instant[end], reason or ""] for tech, start, end, reason in batch]

    def customers(self, batch: Batch) -> Cells:
        decimal = self.decimal
        return [
            [code, name, address or "", phone or "", email or "", decimal[tax_rate]]
            for code, name, address, phone, email, tax_rate in batch
        ]

    def sites(self, batch: Batch) -> Cells:
        return [
            [
                code, customer, name, address, _degrees(lat), _degrees(lon), contact or "", contact_phone or "",
                notes or "",
            ]
            for code, customer, name, address, lat, lon, contact, contact_phone, notes in batch
        ]

    def agreements(self, batch: Batch) -> Cells:
        day, money = self.day, self.money
        return [
            [customer, site or "", name, day[starts_on], day[ends_on], scope or "", money[limit]]
            for customer, site, name, starts_on, ends_on, scope, limit in batch
        ]

    def assets(self, batch: Batch) -> Cells:
        day = self.day
        return [
            [
                code, site, name, category or "", make or "", model or "", serial or "", day[installed_on],
                day[warranty_until],
            ]
            for code, site, name, category, make, model, serial, installed_on, warranty_until in batch
        ]

    def parts(self, batch: Batch) -> Cells:
        money = self.money
        return [[sku, description, money[price], unit] for sku, description, price, unit in batch]

    def pm_plans(self, batch: Batch) -> Cells:
        lists, decimal, yes, instant, wall_clock = self.list, self.decimal, self.bool, self.instant, self._wall_clock
        return [
            [
                code, site, asset or "", kind, summary, lists[checklist], join_list(skills), decimal[hours], rrule,
                wall_clock(start_wall), str(lead_days), tech or "", yes[active],
                PlanMode(mode).value, lists[closeout_needs], instant[generated_through],
            ]
            for (
                code, site, asset, kind, summary, checklist, hours, rrule, start_wall, lead_days, tech, active, mode,
                closeout_needs, generated_through, skills,
            ) in batch
        ]

    def requests(self, batch: Batch) -> Cells:
        instant = self.instant
        return [
            [
                number, status, source, customer, site, asset or "", contact or "", contact_phone or "", problem,
                priority, requested_type or "", instant[received_at], reviewed_by or "", instant[reviewed_at],
                rejection_reason or "",
            ]
            for (
                number, status, source, customer, site, asset, contact, contact_phone, problem, priority,
                requested_type, received_at, reviewed_by, reviewed_at, rejection_reason,
            ) in batch
        ]

    def work_orders(self, batch: Batch) -> Cells:
        instant, decimal, lists, yes = self.instant, self.decimal, self.list, self.bool
        return [
            [
                number, kind, priority, status, site, asset or "", summary, description or "", join_list(skills),
                lists[task_codes], decimal[hours], instant[due_by], instant[created_at], plan or "",
                instant[occurrence], request or "", instant[started_at], instant[completed_at],
                instant[verified_at], verified_by or "", instant[closed_at], yes[billable], hold_reason or "",
                cancel_reason or "", lists[closeout_needs],
            ]
            for (
                number, kind, priority, status, site, asset, summary, description, task_codes, hours, due_by,
                created_at, plan, occurrence, request, started_at, completed_at, verified_at, verified_by,
                closed_at, billable, hold_reason, cancel_reason, closeout_needs, skills,
            ) in batch
        ]

    def bookings(self, batch: Batch) -> Cells:
        instant = self.instant
        return [
            [number, tech, instant[start], instant[end], conflicts or "", confirmed_by or ""]
            for number, tech, start, end, conflicts, confirmed_by in batch
        ]

    def checklist_items(self, batch: Batch) -> Cells:
        instant, yes = self.instant, self.bool
        return [
            [number, text, yes[done], done_by or "", instant[done_at]] for number, text, done, done_by, done_at in batch
        ]

    def planned_parts(self, batch: Batch) -> Cells:
        decimal = self.decimal
        return [[number, sku, decimal[quantity]] for number, sku, quantity in batch]

    def labor(self, batch: Batch) -> Cells:
        instant, yes = self.instant, self.bool
        return [
            [number, tech, instant[start], instant[end], yes[billable], note or ""]
            for number, tech, start, end, billable, note in batch
        ]

    def parts_used(self, batch: Batch) -> Cells:
        decimal, money = self.decimal, self.money
        return [[number, sku, decimal[quantity], money[price]] for number, sku, quantity, price in batch]

    def notes(self, batch: Batch) -> Cells:
        instant = self.instant
        return [[number, author, instant[at], text] for number, author, at, text in batch]

    def photos(self, batch: Batch) -> Cells:
        """Each photo's row, its file written: ``photo-N`` for the work order's N-th photo."""
        cells = []
        for number, filename, kind, content_type, caption, added_by, added_at, data in batch:
            if number != self._photo_owner:
                self._photo_owner, self._photo_position = number, 0
            self._photo_position += 1
            suffix = _photo_suffix(filename, content_type)
            file = self.files.add(number, f"photo-{self._photo_position}", suffix, data)
            cells.append(
                [number, file, filename, kind, content_type, caption or "", added_by, self.instant[added_at]]
            )
        return cells

    def signatures(self, batch: Batch) -> Cells:
        instant, add = self.instant, self.files.add
        return [
            [number, signer, instant[signed_at], add(number, "signature", ".png", image) if image is not None else ""]
            for number, signer, signed_at, image in batch
        ]

    def scope_changes(self, batch: Batch) -> Cells:
        instant, decimal, money = self.instant, self.decimal, self.money
        return [
            [
                number, str(seq), description, decimal[hours], money[cost], status, requested_by,
                instant[requested_at], decided_by or "", instant[decided_at], note or "",
            ]
            for (
                number, seq, description, hours, cost, status, requested_by, requested_at, decided_by, decided_at,
                note,
            ) in batch
        ]

    def invoices(self, batch: Batch) -> Cells:
        instant, decimal, money, day = self.instant, self.decimal, self.money, self.day
        return [
            [
                number, customer, day[issued_on], day[due_on], currency, decimal[tax_rate], money[subtotal],
                money[tax], money[total], instant[created_at], created_by, status, day[paid_on],
                instant[voided_at], voided_by or "", void_reason or "",
            ]
            for (
                number, customer, issued_on, due_on, currency, tax_rate, subtotal, tax, total, created_at,
                created_by, status, paid_on, voided_at, voided_by, void_reason,
            ) in batch
        ]

    def invoice_lines(self, batch: Batch) -> Cells:
        decimal, money = self.decimal, self.money
        return [
            [invoice, number, kind, description, decimal[quantity], money[unit_price], money[amount]]
            for invoice, number, kind, description, quantity, unit_price, amount in batch
        ]

    def number_series(self, batch: Batch) -> Cells:
        return [[name, str(next_value)] for name, next_value in batch]


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
    when no cell needs quoting (the whole batch checked in one pass); else by the csv module,
    which quotes as ``_line`` does but for a lone CR; with one, record by record."""
    text = "\n".join(map(",".join, rows))
    if "\r" in text:
        return "".join(map(_line, rows))
    if width > 1 and text.count(",") == len(rows) * (width - 1) and text.count("\n") == len(rows) - 1 \
            and '"' not in text:
        return text + "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


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


def _files(reads: ExportReads, cells: _Cells) -> Iterator[tuple[str, Reading, Callable[[Batch], Cells]]]:
    """Each CSV file of the bundle but the company, in the bundle's order: its rows as read, and
    how a batch of them becomes the file's rows of cells."""
    yield "skills.csv", reads.skills(), cells.skills
    yield "technicians.csv", reads.technicians(), cells.technicians
    yield "technician_skills.csv", reads.technician_skills(), cells.technician_skills
    yield "time_off.csv", reads.time_off(), cells.time_off
    yield "customers.csv", reads.customers(), cells.customers
    yield "sites.csv", reads.sites(), cells.sites
    yield "service_agreements.csv", reads.service_agreements(), cells.agreements
    yield "assets.csv", reads.assets(), cells.assets
    yield "parts.csv", reads.parts(), cells.parts
    yield "pm_plans.csv", reads.pm_plans(), cells.pm_plans
    yield "requests.csv", reads.requests(), cells.requests
    yield "work_orders.csv", reads.work_orders(), cells.work_orders
    yield "bookings.csv", reads.bookings(), cells.bookings
    yield "checklist_items.csv", reads.checklist_items(), cells.checklist_items
    yield "planned_parts.csv", reads.planned_parts(), cells.planned_parts
    yield "labor.csv", reads.labor(), cells.labor
    yield "parts_used.csv", reads.parts_used(), cells.parts_used
    yield "notes.csv", reads.notes(), cells.notes
    yield "photos.csv", reads.photos(), cells.photos
    yield "signatures.csv", reads.signatures(), cells.signatures
    yield "scope_changes.csv", reads.scope_changes(), cells.scope_changes
    yield "invoices.csv", reads.invoices(), cells.invoices
    yield "invoice_lines.csv", reads.invoice_lines(), cells.invoice_lines
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
        cells = _Cells(company_zone(company), reads, files)
        sink.rows("company.csv", [[cells.company(company)]] if company is not None else [], tell("company.csv"))
        files_read = list(_files(reads, cells))  # nothing read yet: each is read when its turn comes
        to_cells = {name: make for name, _, make in files_read}
        with closing(in_turn((name, found) for name, found, _ in files_read)) as batches:
            for name, tagged in groupby(batches, key=itemgetter(0)):
                sink.rows(name, (to_cells[name](batch) for _, batch in tagged), tell(name))
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


#: The hidden folder inside the export's folder where the bundle is written before it is put in place.
STAGING_PREFIX, STAGING_SUFFIX = ".export-", ".part"


def export_folder(
    ctx: ServiceContext, path: Path, progress: Progress | None = None, *, spreadsheet_safe: bool = False
) -> ExportReport:
    """Write the bundle into ``path``, each file as its rows are read; ``progress`` is told
    after each batch of rows written (rows written, rows in all, the file), as the import's is.

    The files are written into a hidden folder inside ``path`` first and put in place only
    when the whole bundle is written: an export that fails (a full disk, a lost server) leaves
    the folder as it was, a former export in it whole. What a former export left that this one
    has no rows for (bundle CSV files, the ``files`` folder) is removed then, so the folder
    imports back to exactly this database; other files are left alone.
    """
    path.mkdir(parents=True, exist_ok=True)
    for left in path.glob(f"{STAGING_PREFIX}*{STAGING_SUFFIX}"):
        if left.is_dir():  # an export killed halfway left it: its rows are not this export's
            shutil.rmtree(left, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=STAGING_SUFFIX, dir=path))
    try:
        sink = _InFolder(spreadsheet_safe, staging)
        try:
            names = _export(ctx, sink, progress)
        finally:
            sink.close()
        for name in (MANIFEST, *BUNDLE_FILES, *BUNDLE_FILES_V1):
            target = path / name
            if target.is_file():
                target.unlink()
        folder = path / FILES_FOLDER
        if folder.is_dir():
            shutil.rmtree(folder)
        # Renames within one folder: no room needed, nothing left to fail for want of it.
        for made in staging.iterdir():
            made.replace(path / made.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportReport(names, dict(sink.counts))
