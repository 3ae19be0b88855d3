"""Starting the console on a database it cannot use: a window says why, the log keeps it.

Each case starts the program as ``python main.py --db URL`` does (``app.main``), answers the
start-up dialog as a user would, and reads the log file: the sentence is in both, the terminal
shows no traceback, and a file of another program is left as it was.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console import app
from dispatch_console.paths import AppPaths
from dispatch_console.storage.database import Database
from dispatch_console.ui import application

RAW = ("Traceback", "[SQL", "sqlalche.me", "Background on this error")


def answer_startup_dialog(seen: list[tuple[str, str, str]], within_ms: int = 5000) -> None:
    """Read the start-up dialog when it opens (title, text, informative text), then close it."""
    left = [within_ms // 20]

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            left[0] -= 1
            if left[0] > 0:
                QTimer.singleShot(20, look)
            return
        seen.append((box.windowTitle(), box.text(), box.informativeText()))
        close = box.button(QMessageBox.StandardButton.Close)
        assert close is not None
        close.click()

    QTimer.singleShot(0, look)


def start(paths: AppPaths, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, tuple[str, str, str], str]:
    """Start the console; the exit code, what its dialog said and the log file."""
    seen: list[tuple[str, str, str]] = []
    assert not paths.log_dir.exists()  # the start-up must create it itself
    answer_startup_dialog(seen)
    code = app.main(args, paths=paths)
    out, err = capsys.readouterr()
    assert out == "" and err == "", (out, err)  # never a traceback on the terminal
    assert len(seen) == 1, seen
    log = paths.log_file.read_text(encoding="utf-8")
    return code, seen[0], log


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home")


def test_a_file_of_another_program_is_refused_in_a_window_and_logged(
    qtbot: QtBot, tmp_path: Path, home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "their.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE audit_log (stamp TEXT, who TEXT)")
    conn.commit()
    conn.close()
    before = hashlib.sha256(foreign.read_bytes()).hexdigest()
    code, (title, text, informative), log = start(home, ["--db", f"sqlite:///{foreign.as_posix()}"], capsys)
    assert code == 1 and title == "Dispatch Console cannot start"
    assert text == (
        f"'{foreign}' is not a Dispatch Console database (it has tables of another program: "
        "audit_log); give another file, or the path of a new file to start a new database."
    )
    assert "--db" in informative and "DISPATCH_CONSOLE_DB" in informative
    assert f"Cannot start: '{foreign}' is not a Dispatch Console database" in log
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "their.db"]  # no -wal, no -shm


def _newer(db_url: str) -> str:
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_from_a_newer_release'")
    db.dispose()
    return db_url


CASES: dict[str, tuple[Callable[[Path, str], str], str]] = {
    "in-memory": (lambda _tmp, _url: "sqlite://", "is an in-memory database: it keeps nothing"),
    "server refuses": (
        lambda _tmp, _url: "postgresql+psycopg://nobody@127.0.0.1:9/none",
        "nothing answers at 127.0.0.1:9 (connection refused)",
    ),
    "bad port": (lambda _tmp, _url: "postgresql+psycopg://u@localhost:notaport/db", "the port 'notaport' is not a number"),
    "missing folder": (lambda tmp, _url: f"sqlite:///{(tmp / 'nowhere' / 'x.db').as_posix()}", "does not exist; create it first"),
    "a folder": (lambda tmp, _url: f"sqlite:///{tmp.as_posix()}", "is a folder, not a database file"),
    "not a database": (
        lambda tmp, _url: (tmp / "notes.db").write_text("Ana,555\n") and f"sqlite:///{(tmp / 'notes.db').as_posix()}",
        "it is not an SQLite database file at all",
    ),
    "newer schema": (lambda _tmp, url: _newer(url), "was upgraded by a newer Dispatch Console"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_database_the_console_cannot_use_is_told_in_a_window(
    case: str, qtbot: QtBot, tmp_path: Path, home: AppPaths, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make_url, words = CASES[case]
    url = make_url(tmp_path, db_url)
    code, (title, text, _informative), log = start(home, ["--db", url], capsys)
    assert code == 1 and title == "Dispatch Console cannot start"
    assert words in text and text.endswith("."), text
    assert words in log and "Cannot start:" in log
    for raw in RAW:
        assert raw not in text and raw not in log


def test_an_unexpected_error_while_opening_shows_where_the_details_are(
    qtbot: QtBot, home: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("the truck")

    monkeypatch.setattr(app, "open_context", broken)
    code, (_title, text, informative), log = start(home, [], capsys)
    assert code == 1
    assert text == "An unexpected error (KeyError) stopped the start-up."
    assert informative == f"Details are in the log: {home.log_file}"
    assert "Unexpected error while starting" in log and "Traceback" in log and "KeyError: 'the truck'" in log


def test_an_unexpected_error_after_opening_gets_the_window_too(
    qtbot: QtBot, home: AppPaths, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(application, "use_bundled_font", broken)
    code, (_title, text, informative), log = start(home, ["--db", db_url], capsys)
    assert code == 1
    assert text == "An unexpected error (RuntimeError) stopped the start-up."
    assert informative == f"Details are in the log: {home.log_file}"
    assert "RuntimeError: no fonts today" in log and "starting on" in log


@pytest.mark.skipif(bool(os.environ.get("DISPATCH_CONSOLE_TEST_PG")), reason="an SQLite file")
def test_the_console_starts_on_an_empty_file(
    qtbot: QtBot, tmp_path: Path, home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    asked: list[bool] = []
    monkeypatch.setattr(application, "run_first_run", lambda *_args: asked.append(True) or False)
    assert app.main(["--db", f"sqlite:///{empty.as_posix()}"], paths=home) == 0
    assert asked == [True]
    assert "Dispatch Console stopped" in home.log_file.read_text(encoding="utf-8")


@pytest.mark.skipif(bool(os.environ.get("DISPATCH_CONSOLE_TEST_PG")), reason="an SQLite file")
def test_a_read_only_file_is_told_before_the_console_opens(
    qtbot: QtBot, _template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_opening import without_write_access

    with tempfile.TemporaryDirectory(prefix="dc-readonly-") as name:
        folder = Path(name)
        folder.chmod(0o777)
        office = folder / "office.db"
        office.write_bytes(Path(_template).read_bytes())
        office.chmod(0o444)
        home = AppPaths.under(folder / "home")
        home.log_dir.mkdir(parents=True)
        home.log_dir.chmod(0o777)
        seen: list[tuple[str, str, str]] = []
        answer_startup_dialog(seen)
        with without_write_access():
            code = app.main(["--db", f"sqlite:///{office.as_posix()}"], paths=home)
        out, err = capsys.readouterr()
        assert code == 1 and out == "" and err == ""
        assert len(seen) == 1 and f"The database file '{office}' is read-only for you" in seen[0][1]
        assert "is read-only for you" in home.log_file.read_text(encoding="utf-8")


def test_a_log_folder_that_cannot_be_made_does_not_hide_the_reason(
    qtbot: QtBot, tmp_path: Path, home: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home.log_dir.parent.mkdir(parents=True)
    home.log_dir.write_text("a file where the log folder should be", encoding="utf-8")
    seen: list[tuple[str, str, str]] = []
    answer_startup_dialog(seen)
    assert app.main(["--db", "sqlite://"], paths=home) == 1
    assert seen and "is an in-memory database" in seen[0][1]

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("the truck")

    monkeypatch.setattr(app, "open_context", broken)
    answer_startup_dialog(seen)
    assert app.main([], paths=home) == 1
    assert seen[1][1] == (
        f"An unexpected error (KeyError) stopped the start-up, and the log cannot be written in "
        f"{home.log_dir} (File exists)."
    )
    assert capsys.readouterr() == ("", "")  # no traceback on the terminal either


def test_a_card_shows_while_the_database_opens_and_goes_when_the_window_is_up(
    qtbot: QtBot, northwind: object, home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dispatch_console.ui.main_window import MainWindow
    from dispatch_console.ui.splash import StartupSplash

    url = northwind.db.url  # type: ignore[attr-defined]
    real_open = app.open_context
    while_opening: list[str] = []

    def opening(*args: object, **kwargs: object) -> object:
        cards = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupSplash)]
        while_opening.extend(card.message() for card in cards if card.isVisible())
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "open_context", opening)
    seen: list[tuple[bool, list[bool]]] = []

    def look_and_quit() -> None:
        # The card paints itself while the database opens, so this runs early too: wait for
        # the window, then look.
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not any(w.isVisible() for w in windows):
            QTimer.singleShot(20, look_and_quit)
            return
        cards = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupSplash)]
        seen.append((True, [c.isVisible() for c in cards]))
        for window in windows:
            window.close()

    QTimer.singleShot(0, look_and_quit)
    safety = QTimer()  # never hang the run: the loop is ended after 10 s whatever happens
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: QApplication.exit(3))
    safety.start(10_000)
    try:
        assert app.main(["--db", str(url)], paths=home) == 0
    finally:
        safety.stop()
    assert while_opening == ["Opening the database…"]
    assert seen and seen[0][0] is True
    assert True not in seen[0][1]  # the card is gone once the window is up
