"""The application-wide error handler: logged, explained, and the program goes on."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.domain.errors import RuleViolation
from dispatch_console.paths import AppPaths
from dispatch_console.ui.application import setup_logging, teardown_logging
from dispatch_console.ui.errors import ErrorDialog, ErrorHandler, install_error_handler


@pytest.fixture
def log_handler(paths: AppPaths) -> Iterator[logging.Handler]:
    handler = setup_logging(paths)
    yield handler
    teardown_logging(handler)


@pytest.fixture
def handler(paths: AppPaths, log_handler: logging.Handler) -> Iterator[ErrorHandler]:
    installed = install_error_handler(paths, lambda: None)
    yield installed
    installed.uninstall()


def raise_and_catch(exc: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the test wants it
        return type(caught), caught, caught.__traceback__


def test_install_replaces_and_uninstall_restores_the_hooks(paths: AppPaths) -> None:
    before, thread_before = sys.excepthook, threading.excepthook
    installed = install_error_handler(paths, lambda: None)
    assert sys.excepthook == installed.excepthook
    assert threading.excepthook == installed.thread_excepthook
    installed.uninstall()
    assert sys.excepthook is before
    assert threading.excepthook is thread_before


def test_a_crash_is_logged_and_shown_and_the_program_goes_on(
    qtbot: QtBot, handler: ErrorHandler, paths: AppPaths, log_handler: logging.Handler
) -> None:
    sys.excepthook(*raise_and_catch(ZeroDivisionError("division by zero")))

    dialog = handler.dialog
    assert isinstance(dialog, ErrorDialog)
    assert dialog.isVisible()
    assert "Something went wrong" in dialog.message_label.text()
    assert "ZeroDivisionError: division by zero" in dialog.message_label.text()
    assert str(paths.log_file) in dialog.advice_label.text()
    # Details: hidden until asked for, the whole traceback, copied with one click.
    assert not dialog.details_edit.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details_edit.isVisible()
    assert "Traceback (most recent call last)" in dialog.details()
    assert "raise_and_catch" in dialog.details()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "ZeroDivisionError" in QApplication.clipboard().text()

    log_handler.flush()
    logged = paths.log_file.read_text(encoding="utf-8")
    assert "ERROR" in logged
    assert "Traceback (most recent call last)" in logged
    assert "ZeroDivisionError: division by zero" in logged

    # A second error while the dialog is open goes into the same dialog.
    sys.excepthook(*raise_and_catch(KeyError("missing")))
    assert handler.dialog is dialog
    assert "KeyError" in dialog.details()
    assert "2 errors" in dialog.message_label.text()

    with qtbot.waitSignal(dialog.destroyed, timeout=1000):  # deleted once closed
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert handler.dialog is None


def test_a_refusal_is_a_warning_with_its_message_only(
    qtbot: QtBot, handler: ErrorHandler, paths: AppPaths
) -> None:
    sys.excepthook(*raise_and_catch(RuleViolation("cannot dispatch WO-1042", ["it is not booked"])))
    assert handler.dialog is None
    box = handler.warning
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "Cannot dispatch WO-1042: it is not booked."
    assert "Traceback" not in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not box.isVisible()


def test_a_crash_in_a_worker_thread_is_shown_from_the_gui_thread(
    qtbot: QtBot, handler: ErrorHandler, paths: AppPaths
) -> None:
    def work() -> None:
        raise ValueError("bad row in the night job")

    worker = threading.Thread(target=work, name="nightly-job")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: handler.dialog is not None, timeout=2000)
    dialog = handler.dialog
    assert dialog is not None
    assert "ValueError: bad row in the night job" in dialog.message_label.text()
    assert "In thread nightly-job" in dialog.details()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_keyboard_interrupt_goes_to_the_previous_hook(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda exc_type, _exc, _tb: seen.append(exc_type))
    installed = install_error_handler(paths, lambda: None)
    try:
        sys.excepthook(*raise_and_catch(KeyboardInterrupt()))
    finally:
        installed.uninstall()
    assert seen == [KeyboardInterrupt]
    assert installed.dialog is None
