"""The command line: arguments, --db and the environment, exit statuses, messages not tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dispatch_console import app
from dispatch_console.paths import AppPaths, database_url

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


def test_main_py_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "dispatch-console" in result.stdout
