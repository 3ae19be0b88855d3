"""`pm run` and `backup` on the command line: what they print, exit statuses, nothing written on a refusal."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from dispatch_console import app
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec, create_plan
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.conftest import PG_SERVER
from tests.seed import small_company


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


def work_orders(db_url: str) -> int:
    db = Database(db_url)
    try:
        with db.read() as uow:
            return uow.count(m.WorkOrder)
    finally:
        db.dispose()


def add_a_plan(ctx: ServiceContext) -> None:
    """The small company with a monthly plan on the 1st at 08:00, seven lead days."""
    small_company(ctx)
    create_plan(
        ctx,
        PlanSpec(
            code="PM-1", site_code="S1", summary="Monthly RTU service", rule="FREQ=MONTHLY;BYMONTHDAY=1",
            start_wall=datetime(2026, 12, 1, 8, 0), lead_days="7", estimated_hours="2",
        ),
    )


def test_pm_run_creates_what_is_due_and_says_how_many(
    ctx: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_a_plan(ctx)
    code, out, err = run(["pm", "run", "--as-of", "2027-01-24", "--db", db_url], tmp_path, capsys)
    assert (code, err) == (0, "")
    assert out == "created 2 work orders from 1 plan\n"  # 1 Dec and 1 Jan (1 Feb is 8 days ahead)
    assert work_orders(db_url) == 2
    # Again: safe, nothing more.
    code, out, err = run(["--db", db_url, "pm", "run", "--as-of", "2027-01-24"], tmp_path, capsys)
    assert (code, err) == (0, "") and out == "nothing was due by 2027-01-24: no work order created\n"
    assert work_orders(db_url) == 2
    # A day later the February visit is within its lead time.
    code, out, _ = run(["pm", "run", "--as-of", "2027-01-25", "--db", db_url], tmp_path, capsys)
    assert code == 0 and out == "created 1 work order from 1 plan\n"


@pytest.mark.parametrize("bad", ["26/01/2027", "2027-02-30", "tomorrow", "2027-1-5"])
def test_pm_run_with_a_bad_date_exits_2_and_creates_nothing(
    ctx: ServiceContext, bad: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_a_plan(ctx)
    code, out, err = run(["pm", "run", "--as-of", bad, "--db", db_url], tmp_path, capsys)
    assert code == 2 and out == ""
    assert f"'{bad}' is not a date; write it as YYYY-MM-DD" in err and "Traceback" not in err
    assert work_orders(db_url) == 0


@pytest.mark.parametrize("late", ["9999-12-31", "9999-12-28"])
def test_pm_run_at_the_calendars_end_exits_2_in_words_and_creates_nothing(
    ctx: ServiceContext, late: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_a_plan(ctx)  # seven lead days: 9999-12-28 + 7 is past the year 9999
    code, out, err = run(["pm", "run", "--as-of", late, "--db", db_url], tmp_path, capsys)
    assert (code, out) == (2, ""), err
    assert err.startswith(f"dispatch-console: {late} ") and "give an earlier date" in err, err
    assert "unexpected" not in err and "Traceback" not in err
    assert work_orders(db_url) == 0

def test_pm_needs_its_action(tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    code, _, err = run(["pm", "--db", db_url], tmp_path, capsys)
    assert code == 2 and "ACTION" in err


def test_help_names_pm_run_and_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], tmp_path, capsys)
    assert code == 0 and "dispatch-console pm run" in out and "dispatch-console backup --out" in out
    code, out, _ = run(["pm", "run", "--help"], tmp_path, capsys)
    assert code == 0 and "--as-of DATE" in out and "from any number of computers at once" in out
    code, out, _ = run(["backup", "--help"], tmp_path, capsys)
    assert code == 0 and "--out FILE" in out and "a consistent copy of the database while it is in use" in out


@pytest.mark.skipif(bool(PG_SERVER), reason="an SQLite file is copied")
def test_backup_writes_a_copy_that_opens(
    ctx: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_a_plan(ctx)
    out_file = tmp_path / "copies" / "office.db"
    out_file.parent.mkdir()
    code, out, err = run(["backup", "--out", str(out_file), "--db", db_url], tmp_path, capsys)
    assert (code, err) == (0, ""), err
    assert out.startswith("wrote a copy of the database ") and str(out_file) in out
    conn = sqlite3.connect(out_file)
    try:
        assert conn.execute("SELECT code FROM pm_plan").fetchall() == [("PM-1",)]
    finally:
        conn.close()
    # The copy is a Dispatch Console database: the commands open it.
    code, out, _ = run(["pm", "run", "--as-of", "2026-11-30", "--db", f"sqlite:///{out_file.as_posix()}"], tmp_path, capsys)
    assert code == 0 and out == "created 1 work order from 1 plan\n"


@pytest.mark.skipif(bool(PG_SERVER), reason="an SQLite file is copied")
def test_backup_to_a_bad_place_exits_2_and_writes_nothing(
    ctx: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_a_plan(ctx)
    folder = tmp_path / "copies"
    folder.mkdir()
    database = Path(db_url.removeprefix("sqlite:///"))
    size = database.stat().st_size
    for out_file, words in (
        (folder / "missing" / "office.db", "does not exist"),
        (folder, "is a folder"),
        (database, "is the database itself"),
    ):
        code, out, err = run(["backup", "--out", str(out_file), "--db", db_url], tmp_path, capsys)
        assert code == 2 and out == "" and words in err and "nothing was written" in err, err
    assert list(folder.iterdir()) == []
    assert database.stat().st_size == size
    code, _, err = run(["backup", "--db", db_url], tmp_path, capsys)
    assert code == 2 and "--out" in err


def test_backup_of_a_missing_database_file_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "ofice.db"
    code, _, err = run(["backup", "--out", str(tmp_path / "copy.db"), "--db", f"sqlite:///{typo.as_posix()}"], tmp_path, capsys)
    assert code == 2 and "does not exist; nothing was created" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.skipif(not PG_SERVER, reason="a PostgreSQL server")
def test_backup_of_a_server_database_says_to_use_pg_dump(
    ctx: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_a_plan(ctx)
    code, out, err = run(["backup", "--out", str(tmp_path / "office.db"), "--db", db_url], tmp_path, capsys)
    assert code == 2 and out == "" and "pg_dump" in err and "nothing was written" in err
    assert not (tmp_path / "office.db").exists()
