"""Backups: a consistent copy while another connection is writing, refusals that write nothing,
the last 14 nightly backups kept, named by the context's clock in the company's zone."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.services import backup
from dispatch_console.services.context import ServiceContext
from tests.conftest import PG_SERVER, Clock

sqlite_only = pytest.mark.skipif(bool(PG_SERVER), reason="an SQLite file is copied")


def database_file(ctx: ServiceContext) -> Path:
    database = ctx.db.engine.url.database
    assert database is not None
    return Path(database)


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        (n,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(n)
    finally:
        conn.close()


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@sqlite_only
def test_the_copy_is_consistent_while_another_connection_writes(company: ServiceContext, tmp_path: Path) -> None:
    source = database_file(company)
    writer = sqlite3.connect(source, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO skill (code, name, version) VALUES ('PLUMB', 'Plumbing', 1)"
        )  # not committed while the backup runs
        out = tmp_path / "copies" / "office.db"
        out.parent.mkdir()
        report = backup.backup(company, out)
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert report.file == out and report.size == out.stat().st_size > 0
    assert "wrote a copy of the database" in str(report)
    # The copy opens on its own (no WAL beside it) and holds exactly what was committed.
    assert files_in(out.parent) == ["office.db"]
    assert count(out, "skill") == 2 and count(out, "technician") == 2
    assert count(source, "skill") == 3
    copy = sqlite3.connect(out)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        copy.close()


@sqlite_only
def test_a_backup_replaces_an_older_file_of_the_same_name(company: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "copies" / "office.db"
    out.parent.mkdir()
    out.write_bytes(b"yesterday's copy")
    backup.backup(company, out)
    assert count(out, "technician") == 2
    assert files_in(out.parent) == ["office.db"]


@sqlite_only
def test_refusals_write_nothing(company: ServiceContext, tmp_path: Path) -> None:
    before = files_in(tmp_path)
    with pytest.raises(ValidationError, match="does not exist"):
        backup.backup(company, tmp_path / "no-such-folder" / "copy.db")
    (tmp_path / "copies").mkdir()
    with pytest.raises(ValidationError, match="is a folder"):
        backup.backup(company, tmp_path / "copies")
    before = sorted([*before, "copies"])
    source = database_file(company)
    size = source.stat().st_size
    with pytest.raises(ValidationError, match="is the database itself"):
        backup.backup(company, source)
    with pytest.raises(ValidationError, match="is the database itself"):
        backup.backup(company, source.parent / ".." / source.parent.name / source.name)
    with pytest.raises(ValidationError, match="is the database itself"):
        backup.backup(company, source.with_name(source.name + "-wal"))
    assert files_in(tmp_path) == before and files_in(tmp_path / "copies") == []
    assert source.stat().st_size == size and count(source, "technician") == 2


@sqlite_only
def test_a_failed_copy_leaves_no_file(company: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_db: object, target: Path) -> int:
        target.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.backup_copy, "copy_sqlite", broken)
    folder = tmp_path / "copies"
    folder.mkdir()
    with pytest.raises(OSError, match="No space"):
        backup.backup(company, folder / "office.db")
    assert files_in(folder) == []


@sqlite_only
def test_the_nightly_backup_is_named_by_the_contexts_clock_in_the_company_zone(
    company: ServiceContext, clock: Clock, tmp_path: Path
) -> None:
    # 03:30 UTC on 1 Dec is still 30 Nov in Chicago; the computer's clock says another year.
    clock.now = datetime(2026, 12, 1, 3, 30, tzinfo=UTC)
    folder = tmp_path / "backups"
    report = backup.nightly_backup(company, folder)
    assert report.file == folder / "dispatch-console-2026-11-30.db"
    assert files_in(folder) == ["dispatch-console-2026-11-30.db"]
    assert count(report.file, "technician") == 2


@sqlite_only
def test_the_last_fourteen_nightly_backups_are_kept(company: ServiceContext, clock: Clock, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "dispatch-console-old.db").write_text("not a nightly name", encoding="utf-8")
    clock.now = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    removed: list[Path] = []
    for _night in range(16):
        removed += backup.nightly_backup(company, folder).removed
        clock.advance(days=1)
    nightly = [n for n in files_in(folder) if n.startswith("dispatch-console-2026")]
    assert len(nightly) == 14
    assert nightly[0] == "dispatch-console-2026-11-03.db" and nightly[-1] == "dispatch-console-2026-11-16.db"
    assert [p.name for p in removed] == ["dispatch-console-2026-11-01.db", "dispatch-console-2026-11-02.db"]
    assert {"notes.txt", "dispatch-console-old.db"} <= set(files_in(folder))
    # Run twice on one day: the day's backup is written again, nothing else goes.
    clock.advance(days=-1)
    assert backup.nightly_backup(company, folder).removed == ()
    assert len([n for n in files_in(folder) if n.startswith("dispatch-console-2026")]) == 14


@sqlite_only
def test_a_clock_set_back_never_removes_the_backup_just_written(
    company: ServiceContext, clock: Clock, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    clock.now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    for _night in range(3):
        backup.nightly_backup(company, folder, keep=2)
        clock.advance(days=1)
    clock.now = datetime(2026, 1, 1, 15, 0, tzinfo=UTC)
    report = backup.nightly_backup(company, folder, keep=2)
    assert report.file.exists() and report.removed == ()
    with pytest.raises(ValidationError, match="keep at least one"):
        backup.nightly_backup(company, folder, keep=0)


@pytest.mark.skipif(not PG_SERVER, reason="a PostgreSQL server")
def test_a_server_database_is_refused_in_words(company: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="pg_dump"):
        backup.backup(company, tmp_path / "office.db")
    with pytest.raises(ValidationError, match="pg_dump"):
        backup.nightly_backup(company, tmp_path / "backups")
    assert files_in(tmp_path) == []
    assert not backup.can_back_up(company)
