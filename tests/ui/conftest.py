"""GUI test fixtures: data folders under tmp_path, operations over the company, the Northwind
sample, and a leak check."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.application import build_main_window, use_console_style
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.main_window import MainWindow, open_settings
from dispatch_console.ui.operations import Operations
from tests.ui import seed


@pytest.fixture(scope="session", autouse=True)
def _console_style(qapp: QApplication) -> None:
    """The console's style on the tests' application, as ``create_application`` gives it."""
    use_console_style(qapp)


@pytest.fixture(autouse=True)
def _no_leftovers(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a window open or a thread running (pytest-qt closes registered ones)."""
    threads_before = set(threading.enumerate())
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    # A quit left over from a test that ran an event loop would end the next test's dialogs.
    QCoreApplication.removePostedEvents(qapp, QEvent.Type.Quit)
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in left:
        widget.close()
    assert not left, (
        f"windows left open: {[type(w).__name__ + ' ' + w.windowTitle() for w in left]}"
    )
    threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert not threads, f"threads left running: {threads}"


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    app_paths = AppPaths.under(tmp_path / "app")
    app_paths.ensure()
    return app_paths


@pytest.fixture
def settings(paths: AppPaths) -> QSettings:
    return open_settings(paths)


@pytest.fixture
def ops(qtbot: QtBot, company: ServiceContext) -> Operations:
    """Operations and their bus over ``company``, on a parent widget kept alive with them (as
    ``ops.parent_widget``) for the dialogs and panes under test."""
    parent = QWidget()
    qtbot.addWidget(parent)
    operations = Operations(company, ChangeBus(company, parent), parent)
    operations.parent_widget = parent  # type: ignore[attr-defined]
    return operations


@pytest.fixture
def northwind(ctx: ServiceContext) -> ServiceContext:
    """``ctx`` over the Northwind sample: 14 work orders, 6 technicians, 4 customers."""
    seed.northwind(ctx)
    return ctx


@pytest.fixture
def window(qtbot: QtBot, northwind: ServiceContext, paths: AppPaths) -> MainWindow:
    main = build_main_window(northwind, paths)
    qtbot.addWidget(main)
    return main
