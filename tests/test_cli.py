"""The command line: arguments, --db and the environment, exit statuses, messages not tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dispatch_console import app
from dispatch_console.paths import AppPaths, database_url
from dispatch_console.services import company
from dispatch_console.services.context import OTHERS_WAIT, ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_commands(tmp_path: Path, capsys) -> None:
    code, out, _ = run(["--help"], tmp_path, capsys)
    assert code == 0
    for command in ("init", "demo", "import", "export", "--db"):
        assert command in out


def test_each_command_has_help(tmp_path: Path, capsys) -> None:
    for command in ("init", "demo", "import", "export"):
        code, out, _ = run([command, "--help"], tmp_path, capsys)
        assert code == 0 and "--db" in out


def test_unknown_command_exits_2(tmp_path: Path, capsys) -> None:
    code, _, err = run(["frobnicate"], tmp_path, capsys)
    assert code == 2 and "invalid choice" in err


def test_init_creates_then_reports_up_to_date(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    code, out, _ = run(["init", "--db", url], tmp_path, capsys)
    assert code == 0 and "created the database" in out
    code, out, _ = run(["--db", url, "init"], tmp_path, capsys)
    assert code == 0 and "up to date" in out


def test_default_database_is_in_the_data_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("DISPATCH_CONSOLE_DB", raising=False)
    code, out, _ = run(["init"], tmp_path, capsys)
    assert code == 0
    assert (tmp_path / "home" / "data" / "dispatch.db").exists()


def test_environment_variable_names_the_database(tmp_path: Path, monkeypatch) -> None:
    paths = AppPaths.under(tmp_path)
    monkeypatch.setenv("DISPATCH_CONSOLE_DB", "sqlite:///from-env.db")
    assert database_url(None, paths) == "sqlite:///from-env.db"
    assert database_url("sqlite:///explicit.db", paths) == "sqlite:///explicit.db"


def test_bad_database_url_exits_2_with_a_message(tmp_path: Path, capsys) -> None:
    code, _, err = run(["init", "--db", "nonsense"], tmp_path, capsys)
    assert code == 2 and "is not a database URL" in err and "Traceback" not in err
    code, _, err = run(["init", "--db", "oracle://scott@host/db"], tmp_path, capsys)
    assert code == 2 and "not supported" in err


def test_unreachable_server_exits_1_with_a_message(tmp_path: Path, capsys) -> None:
    code, _, err = run(["init", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/none"], tmp_path, capsys)
    assert code == 1 and "cannot open the database" in err and "Traceback" not in err


def test_import_of_a_missing_folder_exits_2(tmp_path: Path, capsys, db_url: str) -> None:
    code, _, err = run(["import", str(tmp_path / "nope"), "--db", db_url], tmp_path, capsys)
    assert code == 2 and "is not a folder" in err


@pytest.mark.parametrize(
    "args",
    [["export", ""], ["import", ""], ["backup", "--out", ""], ["pdf", "work-order", "WO-1", "--out", " "]],
)
def test_an_empty_path_exits_2_and_writes_nothing_in_the_current_folder(
    args: list[str], tmp_path: Path, capsys, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export "$OUT"` with OUT unset: Path('') is the current folder, which got the bundle."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run([*args, "--db", db_url], tmp_path, capsys)
    assert (code, out) == (2, ""), err
    assert "the name is empty; give a path" in err and "Traceback" not in err
    assert list(here.iterdir()) == []

def count(db_url: str, model: type[m.Base]) -> int:
    db = Database(db_url)
    try:
        with db.read() as uow:
            return uow.count(model)
    finally:
        db.dispose()


def test_import_of_a_broken_bundle_lists_every_error_and_writes_nothing(
    tmp_path: Path, capsys, db_url: str, sample_bundle: Path
) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(sample_bundle, bundle)
    techs = bundle / "technicians.csv"
    lines = techs.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",07:00,16:00,", ",7 am,16:00,")
    lines[2] = lines[2].replace(",95.00,", ",ninety,")
    techs.write_text("".join(lines), encoding="utf-8")
    code, out, err = run(["import", str(bundle), "--db", db_url], tmp_path, capsys)
    assert code == 2 and out == "", err
    note, *errors = err.splitlines()
    assert note == f"importing {bundle}. {OTHERS_WAIT}"
    assert errors[-1] == "dispatch-console: 2 error(s); nothing was imported"
    assert errors[0].startswith("technicians.csv:2: shift_start: '7 am' is not a time"), err
    assert errors[1].startswith("technicians.csv:3: hourly_rate: "), err
    assert len(errors) == 3 and "Traceback" not in err
    assert count(db_url, m.Technician) == 0 and count(db_url, m.WorkOrder) == 0


def test_import_then_export_in_process(tmp_path: Path, capsys, db_url: str, sample_bundle: Path) -> None:
    code, out, err = run(["import", str(sample_bundle), "--db", db_url], tmp_path, capsys)
    # Said up front: other PCs wait while the bundle is saved in one go.
    assert code == 0 and err == f"importing {sample_bundle}. {OTHERS_WAIT}\n" and "work_orders.csv" in out
    target = tmp_path / "export"
    code, out, err = run(["export", str(target), "--db", db_url], tmp_path, capsys)
    assert code == 0 and err == ""
    written = sorted(p.name for p in target.iterdir())
    assert out.startswith(f"wrote {len(written)} files to {target}: ")
    assert all(name in out for name in written)
    assert {"company.csv", "technicians.csv", "work_orders.csv"} <= set(written)
    assert "Northwind Mechanical" in (target / "company.csv").read_text(encoding="utf-8")
    # The export is a bundle: it imports into an empty database.
    again = f"sqlite:///{(tmp_path / 'again.db').as_posix()}"
    assert run(["init", "--db", again], tmp_path, capsys)[0] == 0
    code, _, err = run(["import", str(target), "--db", again], tmp_path, capsys)
    assert code == 0, err
    assert count(again, m.WorkOrder) == count(db_url, m.WorkOrder) > 0


def test_export_onto_a_file_exits_2(tmp_path: Path, capsys, db_url: str) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    code, out, err = run(["export", str(a_file), "--db", db_url], tmp_path, capsys)
    assert code == 2 and out == "" and "is a file" in err
    assert a_file.read_text(encoding="utf-8") == "keep me"


@pytest.mark.slow
def test_demo_fills_an_empty_database_and_refuses_one_with_data(tmp_path: Path, capsys, db_url: str) -> None:
    code, out, err = run(["demo", "--db", db_url], tmp_path, capsys)
    assert code == 0 and err == f"creating the demo company. {OTHERS_WAIT}\n"
    assert out.startswith("created the demo company: ")
    orders = count(db_url, m.WorkOrder)
    assert orders > 0 and count(db_url, m.Technician) > 0
    code, out, err = run(["demo", "--db", db_url], tmp_path, capsys)
    assert code == 2 and out == "" and "already has data" in err and "Traceback" not in err
    assert count(db_url, m.WorkOrder) == orders


def test_demo_into_a_database_with_a_company_writes_nothing(
    tmp_path: Path, capsys, db: Database, db_url: str, ctx: ServiceContext
) -> None:
    company.save_settings(ctx, company.CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    code, out, err = run(["demo", "--db", db_url], tmp_path, capsys)
    assert code == 2 and out == "" and "already has data" in err and "a company" in err
    assert count(db_url, m.Technician) == 0 and company.get_settings(ctx).name == "Acme HVAC"


def test_a_database_of_a_newer_release_is_refused_with_a_message(tmp_path: Path, capsys, db_url: str) -> None:
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_from_a_newer_release'")
    db.dispose()
    for command in (["init"], ["export", str(tmp_path / "out")]):
        code, out, err = run([*command, "--db", db_url], tmp_path, capsys)
        assert code == 1 and out == "", err
        assert "was upgraded by a newer Dispatch Console (schema 0999_from_a_newer_release)" in err
        assert "install the newer version on this PC" in err and "unexpected" not in err
    assert not (tmp_path / "out").exists()


def test_main_py_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "dispatch-console" in result.stdout
