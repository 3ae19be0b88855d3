"""`pdf work-order` and `pdf invoice` on the command line: what they write and print, exit
statuses, and nothing written (not even a temporary file) on a refusal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dispatch_console import app
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from tests.conftest import PG_SERVER
from tests.documents.jobs import billed, flat, planned_job, text_of
from tests.seed import small_company


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_pdf_work_order_writes_the_work_order(
    ctx: ServiceContext, db_url: str, tmp_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_company(ctx)
    number = planned_job(ctx)
    target = out_dir / "wo.pdf"
    code, out, err = run(["pdf", "work-order", number, "--out", str(target), "--db", db_url], tmp_path, capsys)
    assert (code, err) == (0, "")
    assert out == f"wrote the work order {number} to {target}\n"
    text = flat(text_of(target.read_bytes()))
    assert f"WORK ORDER {number}" in text and "Replace the RTU 1 blower motor" in text
    assert [p.name for p in out_dir.iterdir()] == ["wo.pdf"], "no temporary file left beside it"


def test_pdf_invoice_writes_the_invoice_and_replaces_an_old_file(
    ctx: ServiceContext, clock, db_url: str, tmp_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_company(ctx)
    _, number = billed(ctx, clock, [("T1", 1)])
    target = out_dir / "invoice.pdf"
    target.write_text("an older print")
    code, out, err = run(["--db", db_url, "pdf", "invoice", number, "--out", str(target)], tmp_path, capsys)
    assert (code, err, out) == (0, "", f"wrote the invoice {number} to {target}\n")
    assert "Total USD 92.01" in flat(text_of(target.read_bytes()))
    assert [p.name for p in out_dir.iterdir()] == ["invoice.pdf"]


@pytest.mark.parametrize(
    ("document", "number", "message"),
    [("work-order", "WO-9999", "no work order 'WO-9999'"), ("invoice", "INV-9999", "no invoice 'INV-9999'")],
)
def test_a_missing_number_exits_2_in_words_and_writes_nothing(
    document: str, number: str, message: str, ctx: ServiceContext, db_url: str, tmp_path: Path,
    out_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    small_company(ctx)
    kept = out_dir / "kept.pdf"
    kept.write_text("an older print")
    for target in (out_dir / "new.pdf", kept):
        code, out, err = run(["pdf", document, number, "--out", str(target), "--db", db_url], tmp_path, capsys)
        assert (code, out) == (2, "")
        assert err == f"dispatch-console: {message}\n"
    assert [p.name for p in out_dir.iterdir()] == ["kept.pdf"]
    assert kept.read_text() == "an older print", "a refusal leaves an existing file alone"


def test_an_out_file_in_a_missing_folder_or_a_folder_is_refused(
    ctx: ServiceContext, db_url: str, tmp_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_company(ctx)
    number = planned_job(ctx)
    missing = out_dir / "nowhere" / "wo.pdf"
    code, out, err = run(["pdf", "work-order", number, "--out", str(missing), "--db", db_url], tmp_path, capsys)
    assert (code, out) == (2, "")
    assert f"the folder '{missing.parent}' does not exist; nothing was written" in err
    code, out, err = run(["pdf", "work-order", number, "--out", str(out_dir), "--db", db_url], tmp_path, capsys)
    assert (code, out) == (2, "") and f"'{out_dir}' is a folder; give the PDF file to write" in err
    assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(bool(PG_SERVER), reason="an SQLite file")
def test_the_database_file_itself_is_refused_as_out_and_stays_a_database(
    ctx: ServiceContext, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_company(ctx)
    number = planned_job(ctx)
    database = Path(db_url.removeprefix("sqlite:///"))
    before = database.read_bytes()
    for target in (database, database.with_name(database.name + "-wal")):
        code, out, err = run(["pdf", "work-order", number, "--out", str(target), "--db", db_url], tmp_path, capsys)
        assert (code, out) == (2, ""), err
        assert f"'{target}' is the database itself" in err and "nothing was written" in err, err
    assert database.read_bytes()[:16] == b"SQLite format 3\x00" and len(database.read_bytes()) == len(before)
    code, out, _ = run(["pdf", "work-order", number, "--out", str(tmp_path / "wo.pdf"), "--db", db_url], tmp_path, capsys)
    assert code == 0, "the database still opens"


def test_a_folder_that_cannot_be_written_is_named_not_the_temporary_file(
    ctx: ServiceContext, db_url: str, tmp_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small_company(ctx)
    number = planned_job(ctx)

    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith(".part"):  # the file beside the PDF, as a folder of another account refuses it
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    code, out, err = run(["pdf", "work-order", number, "--out", str(out_dir / "wo.pdf"), "--db", db_url], tmp_path, capsys)
    assert (code, out) == (2, "")
    assert err == (f"dispatch-console: cannot write in the folder '{out_dir}' (Permission denied); give a folder "
                   "of yours; nothing was written\n")

def test_a_missing_database_file_is_not_created(tmp_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "typo.db"
    code, out, err = run(
        ["pdf", "invoice", "INV-1001", "--out", str(out_dir / "i.pdf"), "--db", f"sqlite:///{db_file}"], tmp_path, capsys
    )
    assert (code, out) == (2, "") and "does not exist; nothing was created" in err
    assert not db_file.exists() and list(out_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["pdf"], "DOCUMENT"),
        (["pdf", "letter", "--out", "OUT"], "invalid choice: 'letter'"),
        (["pdf", "work-order", "WO-1001"], "the following arguments are required: --out"),
        (["pdf", "invoice", "--out", "OUT"], "the following arguments are required: NUMBER"),
        (["pdf", "crew-sheets", "--out", "OUT"], "the following arguments are required: --date"),
        (["pdf", "crew-sheets", "--date", "30/11/2026", "--out", "OUT"], "'30/11/2026' is not a date"),
    ],
)
def test_bad_arguments_exit_2(args: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.pdf"
    code, out, err = run([str(target) if arg == "OUT" else arg for arg in args], tmp_path, capsys)
    assert code == 2 and out == "" and says in err
    assert not target.exists()


def test_the_help_names_each_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["pdf", "--help"], tmp_path, capsys)
    assert code == 0
    for name in ("work-order", "invoice", "crew-sheets", "renamed to FILE once complete"):
        assert name in out
    code, out, _ = run(["pdf", "work-order", "--help"], tmp_path, capsys)
    assert code == 0 and "--out FILE" in out and "NUMBER" in out and "--db URL" in out
