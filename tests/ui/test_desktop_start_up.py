"""The desktop's start as a process of its own (issue #11's start-up budget): the card is on screen
before the console's screens are loaded; the log says when the window is ready and only then does
the scheduler load; printing, the intake and a work order's window load with their first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.ready import when_ready

ROOT = Path(__file__).resolve().parents[2]

#: The console as main.py starts it, watched: what was loaded when the card was shown, when the
#: window was ready, and once the scheduler had started; then it quits.
SCRIPT = """
import json, sys, logging
from dispatch_console.__main__ import run

seen = {}

def loaded(*names):
    return [name for name in names if name in sys.modules]

WATCH = ("dispatch_console.ui.main_window", "dispatch_console.ui.work_orders", "apscheduler",
         "pypdfium2", "dispatch_console.ui.intake", "dispatch_console.services.pm_generation",
         "dispatch_console.ui.work_orders.details_dialog")

class Watch(logging.Handler):
    def emit(self, record):
        text = record.getMessage()
        if text.startswith("Main window ready"):
            seen["ready"] = loaded(*WATCH)
        elif text.startswith("Scheduler started"):
            seen["scheduler"] = loaded(*WATCH)
            from PySide6.QtWidgets import QApplication
            QApplication.instance().closeAllWindows()

logging.getLogger().addHandler(Watch())
import dispatch_console.ui.splash as splash
real_show = splash.StartupSplash.show

def show(self):
    seen.setdefault("card", loaded(*WATCH))
    real_show(self)

splash.StartupSplash.show = show
import atexit
atexit.register(lambda: print(json.dumps(seen)))
run()
"""


def test_the_card_comes_first_and_the_scheduler_and_printing_load_after_the_window(
    northwind: ServiceContext, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    env.pop("DISPATCH_CONSOLE_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "--db", str(northwind.db.url)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["card"] == []  # nothing of the console's screens yet
    assert seen["ready"] == ["dispatch_console.ui.main_window", "dispatch_console.ui.work_orders"]
    assert "apscheduler" in seen["scheduler"] and "dispatch_console.services.pm_generation" in seen["scheduler"]
    assert "pypdfium2" not in seen["scheduler"]  # printing loads when something is printed
    # a work order's window (its tabs' modules) loads when the first one is opened
    assert "dispatch_console.ui.work_orders.details_dialog" not in seen["scheduler"]


def test_ready_waits_for_the_first_frame_and_comes_once(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[bool] = []
    when_ready(window, lambda: calls.append(window.isVisible()))
    QTimer.singleShot(0, lambda: None)
    qtbot.wait(50)
    assert calls == []  # not shown, never painted: not ready
    window.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    window.update()
    window.repaint()
    qtbot.wait(50)
    assert calls == [True]


def test_the_card_shows_without_waiting_for_the_window_system(qtbot: QtBot) -> None:
    # Qt's QSplashScreen waits up to a second on being shown and on finish() for the window
    # system to report it mapped; on X11, Wayland and offscreen that report never comes in time.
    import time

    from PySide6.QtWidgets import QMainWindow

    from dispatch_console.ui.splash import StartupSplash

    card = StartupSplash()
    qtbot.addWidget(card)
    started = time.perf_counter()
    card.show()
    card.say("Opening the database…")
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    card.finish_on(window)
    assert time.perf_counter() - started < 0.5  # Qt's own wait alone is 1 s
    assert card.message() == "Opening the database…" and not card.isVisible()


def test_a_window_that_draws_nothing_is_taken_as_ready_after_a_while(
    qtbot: QtBot, monkeypatch, caplog
) -> None:
    # Restored minimised, say: what waits for the window (the scheduler) must not wait for ever.
    import logging

    from dispatch_console.ui import ready

    monkeypatch.setattr(ready, "AT_THE_LATEST_MS", 50)
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[str] = []
    with caplog.at_level(logging.INFO, logger="dispatch_console.ui"):
        when_ready(window, lambda: calls.append("then"))
        qtbot.waitUntil(lambda: calls == ["then"], timeout=3000)
    assert "Main window not drawn" in caplog.text and ready.READY not in caplog.text
    window.show()
    qtbot.wait(50)
    assert calls == ["then"]  # once only


def test_ready_is_never_called_for_a_window_deleted_first(qtbot: QtBot) -> None:
    window = QWidget()
    calls: list[str] = []
    when_ready(window, lambda: calls.append("then"))
    window.show()
    window.deleteLater()
    qtbot.wait(100)
    assert calls == []
