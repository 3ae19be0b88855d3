"""Starting the desktop: run_gui end to end, fonts, logging, the start-up error."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui import application
from dispatch_console.ui.application import (
    load_fonts,
    resources_dir,
    run_gui,
    setup_logging,
    show_startup_error,
    teardown_logging,
)
from dispatch_console.ui.main_window import MainWindow, open_settings
from dispatch_console.ui.settings_dialog import USER_NAME_KEY


def test_bundled_fonts_load_and_a_missing_folder_is_fine(tmp_path: Path) -> None:
    families = load_fonts(resources_dir() / "fonts")
    assert "DejaVu Sans" in families
    assert "DejaVu Sans" in QFontDatabase.families()
    assert load_fonts(tmp_path / "no-fonts-here") == []


def test_logging_goes_to_the_log_file(paths: AppPaths) -> None:
    handler = setup_logging(paths)
    try:
        logging.getLogger("dispatch_console.test").warning("the truck is late")
        handler.flush()
        assert "the truck is late" in paths.log_file.read_text(encoding="utf-8")
    finally:
        teardown_logging(handler)
    assert handler not in logging.getLogger().handlers


def test_run_gui_shows_the_main_window_and_returns_when_it_closes(
    qtbot: QtBot, northwind: ServiceContext, paths: AppPaths
) -> None:
    open_settings(paths).setValue(USER_NAME_KEY, "Dana at desk 1")
    hooks_before = sys.excepthook
    seen: list[tuple[str, bool, str]] = []

    def look_and_quit() -> None:
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        for window in windows:
            seen.append(
                (
                    window.current_place(),
                    sys.excepthook is not hooks_before,
                    window.status_actor.text(),
                )
            )
            window.close()  # the last window: the event loop ends, as when the user closes it

    QTimer.singleShot(0, look_and_quit)
    safety = QTimer()  # never hang the test run; stopped after, so it ends no later test's loop
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: QApplication.exit(3))
    safety.start(5000)
    try:
        assert run_gui(northwind, paths, []) == 0
    finally:
        safety.stop()
    assert seen == [("work_orders", True, "At this PC: Dana at desk 1")]
    assert sys.excepthook is hooks_before  # the handler is uninstalled again
    assert QApplication.applicationName() == "Dispatch Console"
    assert QApplication.organizationName() == "DispatchConsole"
    assert "Dispatch Console" in paths.log_file.read_text(encoding="utf-8")


def test_quitting_the_first_run_ends_without_a_window(
    qtbot: QtBot, ctx: ServiceContext, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(application, "run_first_run", lambda *_args: asked.append(True) or False)
    assert run_gui(ctx, paths, []) == 0
    assert asked == [True]
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_startup_error_is_shown_in_a_window(qtbot: QtBot) -> None:
    shown: list[str] = []

    def read_and_close() -> None:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        if not boxes:
            QTimer.singleShot(10, read_and_close)
            return
        shown.append(boxes[0].text())
        boxes[0].close()

    QTimer.singleShot(0, read_and_close)
    assert (
        show_startup_error("cannot open the database postgresql://x@db/dispatch: timeout", []) == 1
    )
    assert shown == ["Cannot open the database postgresql://x@db/dispatch: timeout."]
