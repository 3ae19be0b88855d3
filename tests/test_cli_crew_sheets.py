"""`pdf crew-sheets` on the command line: what it writes and says, and each refusal (exit 2,
nothing written)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from dispatch_console import app
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.documents.test_crew_sheets import book


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def monday(company: ServiceContext) -> ServiceContext:
    """Ana (T1) with two jobs on Monday 30 Nov 2026, Ben (T2) with one."""
    book(company, "WO-1", "T1", 0)
    book(company, "WO-2", "T1", 3)
    book(company, "WO-3", "T2", 1, site="S2")
    return company


def texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_it_writes_every_technicians_sheet_and_says_how_many(
    monday: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "crew.pdf"
    code, said, err = run(["pdf", "crew-sheets", "--date", "2026-11-30", "--out", str(out), "--db", db_url],
                          tmp_path, capsys)
    assert (code, err) == (0, "")
    assert said == f"wrote the crew sheets of 2026-11-30 (2 technicians, 3 jobs) to {out}\n"
    pages = texts(out)
    assert sum("CREW SHEET" in page for page in pages) == 2
    assert "Ana Reyes" in pages[0] and any("Ben Okafor" in page for page in pages)


def test_tech_picks_technicians_and_names_one_without_work(
    monday: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with monday.write("test: idle technician") as uow:
        uow.add(m.Technician(code="T3", name="Cleo Idle"))
    out = tmp_path / "ben.pdf"
    code, said, err = run(["--db", db_url, "pdf", "crew-sheets", "--date", "2026-11-30", "--tech", "T2",
                           "--tech", "T3", "--out", str(out)], tmp_path, capsys)
    assert (code, err) == (0, "")
    assert said == f"wrote the crew sheets of 2026-11-30 (1 technician, 1 job; no work for T3) to {out}\n"
    pages = texts(out)
    assert len(pages) == 1 and "Ben Okafor" in pages[0] and "Ana Reyes" not in pages[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-11-30", "--tech", "T1", "--tech", "NOPE"], "dispatch-console: no technician 'NOPE'\n"),
        (["--date", "2026-11-29"],
         "dispatch-console: no technician has work on Sun 29 Nov 2026; there are no crew sheets to print\n"),
        (["--date", "2026-11-29", "--tech", "T1"],
         "dispatch-console: T1 has no work on Sun 29 Nov 2026; there are no crew sheets to print\n"),
    ],
)
def test_refusals_exit_2_in_words_and_write_nothing(
    monday: ServiceContext, args: list[str], message: str, db_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "crew.pdf"
    code, said, err = run(["pdf", "crew-sheets", *args, "--out", str(out), "--db", db_url], tmp_path, capsys)
    assert (code, said, err) == (2, "", message)
    assert list(tmp_path.glob("*.pdf*")) == [] and list(tmp_path.glob(".crew.pdf*")) == []


@pytest.mark.parametrize("bad", ["30/11/2026", "2026-02-30", "tomorrow"])
def test_a_bad_date_exits_2(
    monday: ServiceContext, bad: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "crew.pdf"
    code, said, err = run(["pdf", "crew-sheets", "--date", bad, "--out", str(out), "--db", db_url],
                          tmp_path, capsys)
    assert code == 2 and said == "" and f"'{bad}' is not a date; write it as YYYY-MM-DD" in err
    assert not out.exists()


def test_a_day_at_the_calendars_end_exits_2_in_words(
    monday: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "crew.pdf"
    code, said, err = run(["pdf", "crew-sheets", "--date", "9999-12-31", "--out", str(out), "--db", db_url],
                          tmp_path, capsys)
    assert (code, said) == (2, ""), err
    assert "9999-12-31 is at the very end of the calendar" in err and "unexpected" not in err, err
    assert not out.exists()

def test_the_day_is_the_companys_calendar_day(
    monday: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A job at 20:00 Chicago time on Monday is 02:00 UTC on Tuesday: Monday's sheet has it."""
    book(monday, "WO-LATE", "T2", 11, 1)
    out = tmp_path / "crew.pdf"
    code, said, _ = run(["pdf", "crew-sheets", "--date", "2026-11-30", "--tech", "T2", "--out", str(out),
                         "--db", db_url], tmp_path, capsys)
    assert code == 0 and "2 jobs" in said
    assert "20:00–21:00 WO-LATE" in " ".join(texts(out))
    code, _, err = run(["pdf", "crew-sheets", "--date", "2026-12-01", "--tech", "T2", "--out", str(out),
                        "--db", db_url], tmp_path, capsys)
    assert code == 2 and "T2 has no work on Tue 1 Dec 2026" in err


def test_help_says_what_it_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, said, _ = run(["pdf", "crew-sheets", "--help"], tmp_path, capsys)
    assert code == 0
    for words in ("--date DATE", "--tech CODE", "--out FILE", "a day on which none of", "exits 2"):
        assert words in said, words
