"""Hostile bundles: every one is refused as ``FILE:LINE: COLUMN: message``, nothing written, never a crash.

Extreme dates, a header-only company.csv, zone names that are paths, numbers of thousands of
digits, rules dateutil chokes on, bytes that are not text, cells longer than the csv module reads,
and entries of the folder that are not files (folders, FIFOs, links to nothing).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from dispatch_console.services.bundle_import import BundleErrors, import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.seed import small_company
from tests.services.bundles import Refuse, refusing, state

SAMPLE_COMPANY = (
    "name,address,phone,email,timezone,currency,tax_rate,payment_terms_days\n"
    "Northwind,,,,America/Chicago,USD,8.25,30\n"
)


@pytest.fixture
def refuse(tmp_path: Path) -> Refuse:
    return refusing(tmp_path)


@pytest.fixture
def acme(ctx: ServiceContext) -> ServiceContext:
    small_company(ctx)
    return ctx


def test_a_header_only_company_file_is_refused_on_its_second_line(ctx: ServiceContext, refuse: Refuse) -> None:
    header = SAMPLE_COMPANY.splitlines()[0] + "\n"
    assert refuse(ctx, {"company.csv": header, "skills.csv": "code,name\nHVAC,HVAC\n"}) == [
        "company.csv:2: the file names the columns but holds no company; write the company on line 2, "
        "or leave company.csv out of the bundle"
    ]


@pytest.mark.parametrize("name", ["A" * 300, "x" * 256 + "/UTC", "../../../../etc/passwd", "/etc/localtime"])
def test_a_zone_name_that_is_absurd_or_a_path_is_refused(ctx: ServiceContext, refuse: Refuse, name: str) -> None:
    shown = name if len(name) <= 60 else name[:60] + "…"
    assert refuse(ctx, {"company.csv": f"name,timezone\nAcme,{name}\n"}) == [
        f"company.csv:2: timezone: '{shown}' is not a time zone; use an IANA name such as America/Chicago"
    ]


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("due_by", "9999-12-31T23:59", "is outside the years 1 to 9999"),
        ("due_by", "0001-01-01T00:00+05:00", "is outside the years 1 to 9999"),
        ("created_at", "9999-12-31T23:00-05:00", "is outside the years 1 to 9999"),
        ("estimated_hours", "9" * 5000, "is too large"),
        ("estimated_hours", "1234567890123456789012345.00001", "is too large"),
        ("estimated_hours", "1e3", "is not a decimal number"),
        ("estimated_hours", "NaN", "is not a decimal number"),
    ],
)
def test_extreme_values_in_a_work_order_are_refused_in_words(
    acme: ServiceContext, refuse: Refuse, column: str, cell: str, message: str
) -> None:
    header = "number,type,site_code,summary," + column
    errors = refuse(acme, {"work_orders.csv": f"{header}\nW1,general,S1,Fix it,{cell}\n"})
    assert len(errors) == 1 and errors[0].startswith(f"work_orders.csv:2: {column}: '")
    assert message in errors[0]
    assert len(errors[0]) < 300  # a cell of thousands of digits is not repeated whole


def test_a_number_too_long_for_int_is_refused(ctx: ServiceContext, refuse: Refuse) -> None:
    errors = refuse(ctx, {"company.csv": f"name,payment_terms_days\nAcme,{'9' * 5000}\n"})
    assert errors == [f"company.csv:2: payment_terms_days: '{'9' * 60}…' is not between 0 and 365"]


@pytest.mark.parametrize(
    "rule", ["FREQ=FOO", "FREQ=WEEKLY;BYDAY=XX", "FREQ=MONTHLY;UNTIL=x", "FREQ=DAILY;COUNT=" + "9" * 5000, "RRULE:"]
)
def test_a_rule_dateutil_cannot_read_is_refused(acme: ServiceContext, refuse: Refuse, rule: str) -> None:
    errors = refuse(acme, {"pm_plans.csv": f"code,site_code,summary,rrule,start\nP1,S1,Check,\"{rule}\",2026-01-05T08:00\n"})
    assert len(errors) == 1 and errors[0].startswith("pm_plans.csv:2: rrule: "), errors


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"code,name\nHVAC,Heat\xff\n", "skills.csv:2: the file is not UTF-8 (byte 0xFF cannot be read); save it as 'CSV UTF-8'"),
        (b"code,name\nHVAC,He\x00at\n", "skills.csv:2: the file holds a NUL character; is it really CSV?"),
        (b'code,name\nHVAC,"never closed\n', "skills.csv:2: the CSV cannot be read here: unexpected end of data"),
    ],
)
def test_bytes_that_are_not_csv_text_are_refused_on_their_line(
    ctx: ServiceContext, refuse: Refuse, data: bytes, expected: str
) -> None:
    assert refuse(ctx, {"skills.csv": data}) == [expected]


def test_a_byte_order_mark_and_a_very_long_line_are_read(acme: ServiceContext) -> None:
    text = "n" * 300_000  # more than twice the csv module's own limit, in one line
    data = "\ufeffnumber,type,site_code,summary,description\nW1,general,S1,Fix it," + text + "\n"
    import_bundle(acme, {"work_orders.csv": data.encode()})
    with acme.read() as uow:
        assert uow.work_order("W1").description == text


def test_the_csv_limit_is_raised_only_while_the_import_reads(acme: ServiceContext) -> None:
    import csv

    before = csv.field_size_limit()
    data = "number,type,site_code,summary,description\nW1,general,S1,Fix it," + "n" * 200_000 + "\n"
    import_bundle(acme, {"work_orders.csv": data.encode()})
    assert csv.field_size_limit() == before
    with pytest.raises(csv.Error, match="field larger than field limit"):
        list(csv.reader(["x" * (before + 1)]))


def test_a_line_break_in_a_column_name_stays_on_the_refusal_line(ctx: ServiceContext, refuse: Refuse) -> None:
    errors = refuse(ctx, {"skills.csv": 'code,"na\nme"\nHVAC,Heat\n'})
    assert errors[0].startswith("skills.csv:1: na\\nme: unknown column; ")
    assert all("\n" not in error for error in errors)


# -- entries of the folder that are not files ------------------------------------------------------
def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "skills.csv").write_text("code,name\nHVAC,HVAC\n")
    return folder


def _refused(ctx: ServiceContext, folder: Path) -> list[str]:
    before = state(ctx)
    with pytest.raises(BundleErrors) as err:
        import_folder(ctx, folder)
    assert state(ctx) == before
    return [str(e) for e in err.value.errors]


def test_a_folder_named_like_a_bundle_file_is_refused(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "technicians.csv").mkdir()
    (folder / "notes from the office").mkdir()  # a folder of the user's own: not the bundle's business
    assert _refused(ctx, folder) == [
        "technicians.csv:1: this is a folder, not a file; a bundle's CSV files are plain files"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_opening_it(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "work_orders.csv")
    (folder / "files" / "WO-1").mkdir(parents=True)
    os.mkfifo(folder / "files" / "WO-1" / "photo.jpg")
    os.mkfifo(folder / ".hidden-fifo")  # hidden entries are not part of a bundle
    result: list[list[str]] = []
    worker = threading.Thread(target=lambda: result.append(_refused(ctx, folder)), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the import blocked opening a FIFO"
    assert result == [[
        "files/WO-1/photo.jpg:1: this is not a regular file (a FIFO, socket or device); a bundle holds plain files only",
        "work_orders.csv:1: this is not a regular file (a FIFO, socket or device); a bundle holds plain files only",
    ]]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_a_link_to_nothing_is_refused(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    try:
        os.symlink(tmp_path / "gone.csv", folder / "customers.csv")
    except OSError:
        pytest.skip("this account may not make symbolic links")
    os.symlink(folder / "loop.csv", folder / "loop.csv")
    assert _refused(ctx, folder) == [
        "customers.csv:1: this is a link to a file that does not exist (or a loop of links)",
        "loop.csv:1: this is a link to a file that does not exist (or a loop of links)",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_a_link_to_a_file_is_read_as_the_file(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (tmp_path / "real.csv").write_text("code,name\nC1,Acme\n")
    try:
        os.symlink(tmp_path / "real.csv", folder / "customers.csv")
    except OSError:
        pytest.skip("this account may not make symbolic links")
    import_folder(ctx, folder)
    with ctx.read() as uow:
        assert uow.require(m.Customer, "C1").name == "Acme"


def test_an_unreadable_file_is_named(ctx: ServiceContext, tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads every file")
    folder = _folder(tmp_path)
    (folder / "parts.csv").write_text("sku,description,unit_price\nP1,Washer,1\n")
    (folder / "parts.csv").chmod(0)
    try:
        errors = _refused(ctx, folder)
    finally:
        (folder / "parts.csv").chmod(0o644)
    assert errors == ["parts.csv:1: the file cannot be read: Permission denied"]
