"""`export` on the command line tells its progress on stderr as `import` does (issue #11)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dispatch_console import app, cli
from dispatch_console.paths import AppPaths


def test_a_large_export_tells_its_progress_on_stderr_a_tenth_at_a_time(
    tmp_path: Path, sample_bundle: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.under(tmp_path / "home")
    url = f"sqlite:///{(tmp_path / 'office.db').as_posix()}"
    assert app.main(["import", str(sample_bundle), "--db", url], paths=paths) == 0
    capsys.readouterr()

    assert app.main(["export", str(tmp_path / "quiet"), "--db", url], paths=paths) == 0
    assert capsys.readouterr().err == ""  # a small database into a log: no progress

    monkeypatch.setattr(cli.ProgressLine, "LARGE", 1)
    assert app.main(["export", str(tmp_path / "out"), "--db", url], paths=paths) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    total = sum(
        len(list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))) - 1
        for path in (tmp_path / "out").glob("*.csv") if path.name != "bundle.csv"
    )
    assert lines and all(line.startswith("writing ") for line in lines)
    assert lines[-1] == f"writing {total:,} of {total:,} rows (100 %): number_series.csv"
    assert len(lines) <= 11  # a line per tenth at most
    assert out.startswith(f"wrote {len(list((tmp_path / 'out').rglob('*.*')))} files to ")
