"""`export` on the command line: it reads, so a database file that is not there is named, not made."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dispatch_console import app
from dispatch_console.cli import READ_ONLY_COMMANDS, sqlite_database_file
from dispatch_console.paths import AppPaths


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_of_a_missing_database_file_names_it_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "ofice.db"
    code, out, err = run(["export", str(tmp_path / "out"), "--db", f"sqlite:///{typo.as_posix()}"], tmp_path, capsys)
    assert code == 2
    assert f"the database file '{typo}' does not exist; nothing was created" in err
    assert "Traceback" not in err and out == ""
    assert not typo.exists() and not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # not even the data folder


def test_the_environment_variable_is_checked_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gone.db"
    monkeypatch.setenv("DISPATCH_CONSOLE_DB", f"sqlite:///{missing.as_posix()}")
    code, _, err = run(["export", str(tmp_path / "out")], tmp_path, capsys)
    assert code == 2 and "gone.db' does not exist" in err
    assert not missing.exists()


def test_export_of_an_existing_database_writes_the_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_bundle: Path
) -> None:
    url = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    assert run(["init", "--db", url], tmp_path, capsys)[0] == 0
    assert run(["import", str(sample_bundle), "--db", url], tmp_path, capsys)[0] == 0
    code, out, err = run(["export", str(tmp_path / "out"), "--db", url], tmp_path, capsys)
    assert code == 0, err
    assert out.startswith(f"wrote 15 files to {tmp_path / 'out'}: bundle.csv, company.csv, ")
    assert out.rstrip().endswith(", number_series.csv")
    assert (tmp_path / "out" / "bundle.csv").read_bytes() == b"version\n2\n"


@pytest.mark.slow
def test_photos_and_signatures_are_counted_not_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    assert run(["demo", "--db", url], tmp_path, capsys)[0] == 0
    code, out, err = run(["export", str(tmp_path / "out"), "--db", url], tmp_path, capsys)
    assert code == 0, err
    attachments = [p for p in (tmp_path / "out" / "files").rglob("*") if p.is_file()]
    csv_files = sorted(p.name for p in (tmp_path / "out").glob("*.csv"))
    assert out.startswith(f"wrote {len(csv_files) + len(attachments)} files to {tmp_path / 'out'}: bundle.csv, ")
    assert out.rstrip().endswith(f", number_series.csv and {len(attachments)} photos and signatures in files/")


def test_export_into_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    assert run(["init", "--db", url], tmp_path, capsys)[0] == 0
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    code, _, err = run(["export", str(tmp_path / "taken"), "--db", url], tmp_path, capsys)
    assert code == 2 and "is a file" in err
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


def test_commands_that_write_may_still_create_their_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_bundle: Path
) -> None:
    assert READ_ONLY_COMMANDS == {"export", "backup", "pdf"}  # init, demo and import write; they create the file
    fresh = tmp_path / "fresh.db"
    code, _, err = run(["import", str(sample_bundle), "--db", f"sqlite:///{fresh.as_posix()}"], tmp_path, capsys)
    assert code == 0, err
    assert fresh.exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://dispatch@office-server/dispatch",  # a server: not a file
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file:shared?mode=memory&uri=true",
        None,  # the console's own file in the data folder
    ],
)
def test_only_sqlite_files_are_looked_for(url: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPATCH_CONSOLE_DB", raising=False)
    assert sqlite_database_file(url) is None


def test_a_file_url_with_options_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPATCH_CONSOLE_DB", raising=False)
    target = tmp_path / "a b.db"
    assert sqlite_database_file(f"sqlite+pysqlite:///{target.as_posix()}?timeout=5") == target
    assert sqlite_database_file(f"sqlite:///{target.as_posix()}") == target


def test_export_before_the_console_ever_ran_names_the_data_folder_file_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPATCH_CONSOLE_DB", raising=False)
    paths = AppPaths.under(tmp_path / "app")
    code = app.main(["export", str(tmp_path / "out")], paths)
    err = capsys.readouterr().err
    assert code == 2
    assert f"the database file '{paths.default_database}' does not exist" in err
    assert not (tmp_path / "app").exists() and not (tmp_path / "out").exists()


def test_spreadsheet_safe_export_protects_formula_cells_and_imports_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    bundle = tmp_path / "in"
    bundle.mkdir()
    (bundle / "skills.csv").write_text("code,name\nHVAC,=1+1\nPLC,-12.50\n", encoding="utf-8")
    assert run(["import", str(bundle), "--db", url], tmp_path, capsys)[0] == 0

    code, _, err = run(["export", "--spreadsheet-safe", str(tmp_path / "safe"), "--db", url], tmp_path, capsys)
    assert code == 0, err
    assert (tmp_path / "safe" / "bundle.csv").read_bytes() == b"version,spreadsheet_safe\n2,true\n"
    assert (tmp_path / "safe" / "skills.csv").read_bytes() == b"code,name\nHVAC,'=1+1\nPLC,'-12.50\n"
    code, _, err = run(["export", str(tmp_path / "plain"), "--db", url], tmp_path, capsys)
    assert (tmp_path / "plain" / "skills.csv").read_bytes() == b"code,name\nHVAC,=1+1\nPLC,-12.50\n"

    copy = f"sqlite:///{(tmp_path / 'copy.db').as_posix()}"
    assert run(["import", str(tmp_path / "safe"), "--db", copy], tmp_path, capsys)[0] == 0
    assert run(["export", str(tmp_path / "again"), "--db", copy], tmp_path, capsys)[0] == 0
    assert (tmp_path / "again" / "skills.csv").read_bytes() == (tmp_path / "plain" / "skills.csv").read_bytes()


def test_export_help_names_the_spreadsheet_safe_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", "--help"], tmp_path, capsys)
    assert code == 0 and "--spreadsheet-safe" in out and "formulas" in out


def read_only_commands(tmp_path: Path) -> list[list[str]]:
    return [
        ["export", str(tmp_path / "out")],
        ["backup", "--out", str(tmp_path / "copy.db")],
        ["pdf", "invoice", "INV-1001", "--out", str(tmp_path / "i.pdf")],
    ]


def test_an_empty_file_is_refused_by_the_commands_that_read_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file made by a failed copy or a `touch`: reading it would first make it a database."""
    empty = tmp_path / "office.db"
    empty.touch()
    for command in read_only_commands(tmp_path):
        code, out, err = run([*command, "--db", f"sqlite:///{empty.as_posix()}"], tmp_path, capsys)
        assert (code, out) == (2, ""), (command, err)
        assert f"the database file '{empty}' is empty: it holds no Dispatch Console data" in err, err
        assert empty.stat().st_size == 0, command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.db"]


def test_an_empty_database_is_refused_by_the_commands_that_read_and_gets_no_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An SQLite database without tables (as an empty PostgreSQL database would be)."""
    blank = tmp_path / "office.db"
    conn = sqlite3.connect(blank)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    url = f"sqlite:///{blank.as_posix()}"
    for command in read_only_commands(tmp_path):
        code, out, err = run([*command, "--db", url], tmp_path, capsys)
        assert (code, out) == (2, ""), (command, err)
        assert f"the database {url} is empty: it holds no Dispatch Console data, and nothing was created" in err
    conn = sqlite3.connect(blank)
    try:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
    finally:
        conn.close()
    assert not (tmp_path / "out").exists() and not (tmp_path / "copy.db").exists()
    assert not (tmp_path / "i.pdf").exists()
