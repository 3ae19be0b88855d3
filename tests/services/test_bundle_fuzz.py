"""Fuzzing the CSV bundle import: valid bundles, mutated cell by cell, line by line and byte by byte.

Whatever the bytes, the import either succeeds or refuses with ``FILE:LINE: ...`` messages and
writes nothing; it never raises anything else. What it accepts, the export writes and an empty
database imports back to the same bundle.

Bounded for CI: the ``fuzz-ci`` profile (the default, 150 examples a test) takes 20 to 40 s on two
cores; ``DISPATCH_CONSOLE_FUZZ=fuzz-long`` runs 3,000 a test (``DISPATCH_CONSOLE_FUZZ_EXAMPLES``
sets the CI count). Nothing is written into the working tree; a failure prints the blob that
reproduces it (``@reproduce_failure``).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatch_console.services.bundle_export import export_bundle
from dispatch_console.services.bundle_import import BundleErrors, import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
from tests.conftest import PG_SERVER, SAMPLES

pytestmark = pytest.mark.skipif(
    bool(PG_SERVER),
    reason="each example needs a fresh database: a PostgreSQL database per example would take the "
    "fuzz far past its minute; the import's reading and checks are the same code on both databases, "
    "and the PostgreSQL run keeps the import's targeted tests (test_bundle_import.py and friends)",
)

settings.register_profile(
    "fuzz-ci",
    max_examples=int(os.environ.get("DISPATCH_CONSOLE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.register_profile("fuzz-long", settings.get_profile("fuzz-ci"), max_examples=3000, database=None)
FUZZ = settings.get_profile(os.environ.get("DISPATCH_CONSOLE_FUZZ", "fuzz-ci"))
#: Room for a busy CI machine (the examples take 10 to 20 s each test on an idle one).
FUZZ_TIMEOUT_S = 240 if FUZZ.max_examples <= 500 else 3600

#: Every line of a refusal: FILE:LINE: then the message (a column first when there is one).
_MESSAGE = re.compile(r"[^:\n]+:\d+: .+")
_NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)

#: Cells that broke importers before: extreme dates and numbers, zone names that are paths,
#: rules dateutil chokes on, markup and formulas, characters CSV and Unicode make hard.
HOSTILE = (
    "", " ", "0001-01-01T00:00", "0001-01-01T00:00+14:00", "0001-01-01T00:00-14:00", "0001-01-01",
    "9999-12-31T23:59", "9999-12-31T23:59-14:00", "9999-12-31T23:59:59.999999", "9999-12-31",
    "0000-01-01T00:00", "10000-01-01T00:00", "2026-02-30T10:00", "2026-11-01T01:30", "2026-03-08T02:30",
    "2026-11-26T10:00:00.5", "2026-11-26T10:00+99:00", "2026-11-26 10:00Z", "24:00", "23:60", "-1:00",
    "9" * 5000, "1" * 41, "1e3", "1_000", "NaN", "Infinity", "-0", "-0.0000", "0.00001", "1.23456",
    "9999999999.9999", "10000000000", "-12.50", "١٢", "０", "+5", "2147483648", "-2147483649",
    "A" * 300, "../../etc/passwd", "/etc/localtime", "America/../UTC", "Etc/GMT+15", "posixrules",
    "Factory", "UTC", "America/Chicago", "Europe/", ".", "..",
    "FREQ=DAILY;INTERVAL=0", "FREQ=YEARLY;BYEASTER=99999999", "FREQ=DAILY;COUNT=" + "9" * 5000,
    "FREQ=WEEKLY;BYDAY=XX", "FREQ=FOO", "RRULE:", "DTSTART:20260101T000000", "FREQ=MONTHLY;UNTIL=x",
    "files/../bundle.csv", "files/WO-1/a.jpg", "files", "C:\\files\\x", "=1+1", "+1", "-1", "@SUM(A1)",
    "\t=1", "\r=1", "<b>bold</b>", "a;b;;c", ";", "true", "maybe", "Mon;Funday", "x" * 70000,
    "\ufeff", "\u202eRTL", "😀" * 5, "\u0000", "line\nbreak", 'quote"inside', "\ud7ff", "T001", "HVAC",
    "WO-1001", "C0001", "S0001", "R410A", "completed", "closed", "scheduled", "cancelled", "emergency",
)
_BYTES = (b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r", b"\n", b'"', b",", b"\r\n", b"\x1a", b"\xc3", b"\xe2\x80")


def _bundle_v1() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((SAMPLES / "northwind").glob("*.csv"))}


class _Slot:
    """A database file reset from a template before each example.

    One engine for the whole fuzz (a new engine per example would compile every statement
    again, ten times the cost); between examples its connections are closed and the file copied.
    """

    def __init__(self, path: Path, template: Path) -> None:
        self.path, self.template = path, template
        self.db = Database(f"sqlite:///{path}")
        self.ctx = ServiceContext(db=self.db, actor="Fuzz", clock=lambda: _NOW)

    def reset(self) -> ServiceContext:
        self.db.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.path)
        return self.ctx

    def template_content(self) -> list[str]:
        self.reset()
        return self.content()

    def content(self) -> list[str]:
        """Every row of every table, the audit log and versions included, as SQL text."""
        self.db.dispose()
        with closing(sqlite3.connect(self.path)) as raw:
            return list(raw.iterdump())


@pytest.fixture(scope="module")
def slots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Database slots (empty, and with the sample), the bundles, and each template's content."""
    folder = tmp_path_factory.mktemp("fuzz")
    empty = folder / "empty.db"
    db = Database(f"sqlite:///{empty}")
    schema.upgrade(db)
    db.dispose()
    filled = folder / "northwind.db"
    shutil.copyfile(empty, filled)
    maker = _Slot(filled, filled)
    import_folder(maker.ctx, SAMPLES / "northwind")
    v2 = export_bundle(maker.ctx)
    v2_safe = export_bundle(maker.ctx, spreadsheet_safe=True)
    maker.db.dispose()
    found: dict[str, Any] = {
        "empty": _Slot(folder / "a.db", empty),
        "northwind": _Slot(folder / "b.db", filled),
        "again": _Slot(folder / "c.db", empty),
        "v1": _bundle_v1(),
        "v2": v2,
        "v2 safe": v2_safe,
    }
    found["content"] = {name: found[name].template_content() for name in ("empty", "northwind")}
    yield found
    for name in ("empty", "northwind", "again"):
        found[name].db.dispose()


# -- mutations -------------------------------------------------------------------------------------
def _rows(data: bytes) -> list[list[str]]:
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    finally:
        csv.field_size_limit(limit)


def _written(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


cells = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20))


@st.composite
def mutated(draw: st.DrawFn, bundle: dict[str, bytes]) -> dict[str, bytes]:
    files = dict(bundle)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files))) if files else "company.csv"
        data = files.get(name, b"")
        how = draw(st.sampled_from(("cell", "cell", "cell", "line", "bytes", "file")))
        if how == "cell":
            try:
                rows = _rows(data)
            except (UnicodeDecodeError, csv.Error):
                continue  # an earlier mutation broke it: bytes are mutated below
            if not rows:
                continue
            row = draw(st.integers(0, len(rows) - 1))
            if not rows[row]:
                continue
            column = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = draw(cells)
            files[name] = _written(rows)
        elif how == "line":
            lines = data.split(b"\n")
            at = draw(st.integers(0, len(lines) - 1))
            what = draw(st.sampled_from(("delete", "repeat", "swap", "insert", "widen")))
            if what == "delete":
                del lines[at]
            elif what == "repeat":
                lines.insert(at, lines[at])
            elif what == "swap":
                other = draw(st.integers(0, len(lines) - 1))
                lines[at], lines[other] = lines[other], lines[at]
            elif what == "insert":
                lines.insert(at, ",".join(draw(st.lists(cells, max_size=5))).encode("utf-8", "surrogatepass"))
            else:
                lines[at] += b"," * draw(st.integers(1, 40))
            files[name] = b"\n".join(lines)
        elif how == "bytes":
            at = draw(st.integers(0, len(data)))
            what = draw(st.sampled_from(("insert", "replace", "cut")))
            piece = draw(st.one_of(st.sampled_from(_BYTES), st.binary(min_size=1, max_size=4)))
            if what == "insert":
                files[name] = data[:at] + piece + data[at:]
            elif what == "replace":
                files[name] = data[:at] + piece + data[at + len(piece):]
            else:
                files[name] = data[:at]
        else:
            what = draw(st.sampled_from(("remove", "header only", "empty", "unknown", "photo")))
            if what == "remove":
                files.pop(name, None)
            elif what == "header only":
                files[name] = data.split(b"\n")[0] + b"\n"
            elif what == "empty":
                files[name] = b""
            elif what == "unknown":
                files[draw(st.sampled_from(("extra.csv", "Company.csv", "files", "notes.txt")))] = data
            else:
                files[draw(st.sampled_from(("files/WO-1001/a.jpg", "files/x", "files/../y")))] = b"\xff\xd8"
    return files


# -- the property ----------------------------------------------------------------------------------
def _check_import(slots: dict[str, Any], database: str, files: dict[str, bytes]) -> None:
    slot: _Slot = slots[database]
    ctx = slot.reset()
    try:
        import_bundle(ctx, files)
    except BundleErrors as refused:
        assert refused.errors, "a refusal names at least one problem"
        for line in str(refused).splitlines():
            assert _MESSAGE.fullmatch(line), f"not FILE:LINE: message: {line!r}"
        assert slot.content() == slots["content"][database], "a refused import wrote something"
        return
    exported = export_bundle(ctx)  # what was accepted can be written out
    again = slots["again"].reset()
    import_bundle(again, exported)
    assert export_bundle(again) == exported, "the export did not import back to the same data"


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@FUZZ
@given(
    data=st.data(),
    version=st.sampled_from(("v1", "v2", "v2 safe")),
    database=st.sampled_from(("empty", "northwind")),
)
def test_a_mutated_bundle_imports_or_is_refused_line_by_line(
    slots: dict[str, Any], data: st.DataObject, version: str, database: str
) -> None:
    files = data.draw(mutated(slots[version]))
    _check_import(slots, database, files)


@pytest.mark.timeout(FUZZ_TIMEOUT_S)
@FUZZ
@given(data=st.data())
def test_a_hostile_cell_in_any_column_is_taken_or_refused(slots: dict[str, Any], data: st.DataObject) -> None:
    """Every column of every file of the version-2 bundle, one hostile value at a time."""
    bundle = slots["v2"]
    name = data.draw(st.sampled_from(sorted(n for n in bundle if n != "bundle.csv")))
    rows = _rows(bundle[name])
    column = data.draw(st.integers(0, len(rows[0]) - 1))
    row = data.draw(st.integers(1, len(rows) - 1))
    rows[row][column] = data.draw(st.sampled_from(HOSTILE))
    _check_import(slots, data.draw(st.sampled_from(("empty", "northwind"))), {**bundle, name: _written(rows)})


def test_the_fuzz_starts_from_bundles_that_import(slots: dict[str, Any]) -> None:
    """The unmutated bundles import, so the fuzz explores near valid input, not only refusals."""
    for version in ("v1", "v2", "v2 safe"):
        for database in ("empty", "northwind"):
            _check_import(slots, database, dict(slots[version]))
