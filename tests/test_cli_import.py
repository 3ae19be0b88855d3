"""`import` on the command line with hostile bundles: exit 2 and `FILE:LINE: COLUMN: message`, never
"unexpected error" or a traceback, and nothing written."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from dispatch_console import app
from dispatch_console.paths import AppPaths

COMPANY_HEADER = "name,address,phone,email,timezone,currency,tax_rate,payment_terms_days\n"


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


def _bundle(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    address = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    assert run(["init", "--db", address], tmp_path, capsys)[0] == 0
    return address


def _refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, folder: Path) -> str:
    code, out, err = run(["import", str(folder), "--db", url], tmp_path, capsys)
    assert code == 2, err
    assert "unexpected error" not in err and "Traceback" not in err and out == ""
    # nothing was written: the export of the database is still the empty one
    code, out, _ = run(["export", str(tmp_path / "after"), "--db", url], tmp_path, capsys)
    assert code == 0 and out.startswith("wrote 2 files to "), out
    return err


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"company.csv": COMPANY_HEADER}, "company.csv:2: the file names the columns but holds no company"),
        (
            {"company.csv": "name,timezone\nAcme," + "A" * 300 + "\n"},
            "company.csv:2: timezone: '" + "A" * 60 + "…' is not a time zone; use an IANA name such as America/Chicago",
        ),
        (
            {"company.csv": "name,timezone\nAcme,../../../../etc/passwd\n"},
            "company.csv:2: timezone: '../../../../etc/passwd' is not a time zone",
        ),
        (
            {
                "company.csv": "name,timezone\nAcme,America/Chicago\n",
                "technicians.csv": "code,name\nT1,Ana\n",
                "time_off.csv": "tech_code,start,end\nT1,9999-12-31T23:59,9999-12-31T23:59\n",
            },
            "time_off.csv:2: start: '9999-12-31T23:59' is outside the years 1 to 9999 in UTC or in the company's "
            "time zone (America/Chicago)",
        ),
        (
            {
                "company.csv": "name,timezone\nAcme,Asia/Tokyo\n",
                "technicians.csv": "code,name\nT1,Ana\n",
                "time_off.csv": "tech_code,start,end\nT1,0001-01-01T00:00,0001-01-02T00:00\n",
            },
            "time_off.csv:2: start: '0001-01-01T00:00' is outside the years 1 to 9999",
        ),
        ({"company.csv": "name,payment_terms_days\nAcme," + "9" * 5000 + "\n"}, "company.csv:2: payment_terms_days: '"),
    ],
)
def test_a_hostile_bundle_exits_2_with_file_line_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, files: dict[str, str], expected: str
) -> None:
    err = _refused(tmp_path, capsys, url, _bundle(tmp_path, files))
    assert expected in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_the_bundle_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    folder = _bundle(tmp_path, {"skills.csv": "code,name\nHVAC,HVAC\n"})
    os.mkfifo(folder / "technicians.csv")
    err = _refused(tmp_path, capsys, url, folder)
    assert "technicians.csv:1: this is not a regular file (a FIFO, socket or device)" in err


def test_a_folder_named_like_a_bundle_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    folder = _bundle(tmp_path, {"skills.csv": "code,name\nHVAC,HVAC\n"})
    (folder / "customers.csv").mkdir()
    err = _refused(tmp_path, capsys, url, folder)
    assert "customers.csv:1: this is a folder, not a file" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_shows_on_a_terminal_and_for_large_bundles_elsewhere() -> None:
    from dispatch_console.cli import ProgressLine

    log = io.StringIO()
    small = ProgressLine(log)
    for done in (0, 500, 1_000):
        small(done, 1_000, "work_orders.csv")
    assert log.getvalue() == ""  # a small bundle into a log: no progress

    large = ProgressLine(log)
    for done in range(0, 100_001, 2_000):
        large(done, 100_000, "work_orders.csv")
    lines = log.getvalue().splitlines()
    assert lines[0] == "writing 0 of 100,000 rows (0 %): work_orders.csv"
    assert lines[-1] == "writing 100,000 of 100,000 rows (100 %): work_orders.csv"
    assert len(lines) == 11  # a line per tenth

    terminal = _Terminal()
    on_screen = ProgressLine(terminal)
    on_screen(0, 10, "skills.csv")
    on_screen(10, 10, "skills.csv")
    assert terminal.getvalue() == (
        "\rwriting 0 of 10 rows (0 %): skills.csv\x1b[K\rwriting 10 of 10 rows (100 %): skills.csv\x1b[K\n"
    )
