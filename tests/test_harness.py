"""The test harness itself: a hung test fails in seconds, and a skipped PostgreSQL half is said.

Each case runs a tiny pytest in another process with this project's configuration and fixtures,
so a harness that hangs fails here on the subprocess timeout instead of hanging this run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

UNANSWERED = """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog


def test_nobody_answers(qtbot):
    QMessageBox.information(None, "Nobody answers", "Is anybody there?")


def test_the_next_test_still_runs():
    pass


def test_work_under_way_asks_nothing(qtbot):
    progress = QProgressDialog("Creating the demo company...", "", 0, 0)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.show()
    qtbot.wait(3000)  # longer than the limit the case below sets
    progress.close()
"""


def run_pytest(
    tmp_path: Path, source: str, *args: str, env: dict[str, str] | None = None, limit: float = 50
) -> tuple[subprocess.CompletedProcess[str], float]:
    test_file = tmp_path / "test_tiny.py"
    test_file.write_text(source, encoding="utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    environment.pop("DISPATCH_CONSOLE_TEST_PG", None)
    command = [
        sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
        "-p", "tests.conftest", "-p", "no:cacheprovider", str(test_file), *args,
    ]
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=limit
    )
    return result, time.monotonic() - started


def test_an_unanswered_modal_fails_its_test_in_seconds_and_the_run_goes_on(tmp_path: Path) -> None:
    result, took = run_pytest(
        tmp_path, UNANSWERED, "-v", env={"DISPATCH_CONSOLE_TEST_MODAL_LIMIT": "2"}
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "test_nobody_answers FAILED" in out and "test_the_next_test_still_runs PASSED" in out, out
    assert "test_work_under_way_asks_nothing PASSED" in out, out
    assert "'Nobody answers' (Is anybody there?)" in out and "nobody gave" in out, out
    assert took < 40, f"took {took:.0f} s"


ASKS_AS_IT_CLOSES = """
from PySide6.QtWidgets import QMessageBox, QWidget


class Editor(QWidget):
    def closeEvent(self, event):  # an editor with unsaved typing asks before it closes
        QMessageBox.question(self, "Unsaved", "Save your changes?")
        super().closeEvent(event)


KEPT = []  # the window outlives the test, as one a screen opened would


def test_leaves_an_editor_open(qtbot):
    editor = Editor()
    KEPT.append(editor)
    qtbot.addWidget(editor)
    editor.show()


def test_the_next_test_still_runs():
    pass
"""


def test_a_question_asked_while_the_tests_windows_close_fails_in_seconds(tmp_path: Path) -> None:
    result, took = run_pytest(
        tmp_path, ASKS_AS_IT_CLOSES, "-v", env={"DISPATCH_CONSOLE_TEST_MODAL_LIMIT": "2"}
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "test_leaves_an_editor_open ERROR" in out and "test_the_next_test_still_runs PASSED" in out, out
    assert "'Unsaved' (Save your changes?)" in out and "windows were closed after it" in out, out
    assert took < 40, f"took {took:.0f} s"


def test_a_hang_the_modal_watch_cannot_see_is_ended_by_the_thread_timeout(tmp_path: Path) -> None:
    # No watch: only pytest-timeout is left, and its signal method would never fire in Qt's loop.
    result, took = run_pytest(
        tmp_path, UNANSWERED, "--timeout=3", env={"DISPATCH_CONSOLE_TEST_MODAL_LIMIT": "0"}
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "Timeout" in out and "QMessageBox" in out, out
    assert took < 40, f"took {took:.0f} s"


def test_the_timeout_is_short_and_thread_based(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.getini("timeout_method") == "thread"
    assert 0 < float(pytestconfig.getini("timeout")) <= 60


def test_a_run_without_postgresql_says_so(tmp_path: Path) -> None:
    result, _ = run_pytest(tmp_path, "def test_nothing():\n    pass\n", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "PostgreSQL" in line]
    assert len(lines) == 1 and "DISPATCH_CONSOLE_TEST_PG" in lines[0], result.stdout
