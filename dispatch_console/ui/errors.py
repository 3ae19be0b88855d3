"""What happens to an exception nobody caught: it is logged, explained, and the program goes on.

A ``DispatchError`` (a refusal with a reason: bad input, a broken rule, a stale copy) is the
user's to fix, so it is shown as a warning with its message only. Anything else is a bug: the
full traceback goes to the log file and an ``ErrorDialog`` says so in a sentence, with the
details one click away.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.errors import DispatchError
from dispatch_console.paths import AppPaths
from dispatch_console.ui.fitting import keep_on_screen
from dispatch_console.ui.formatting import sentence
from dispatch_console.ui.plain_text import plain_label, set_plain

log = logging.getLogger("dispatch_console.ui.errors")

ParentGetter = Callable[[], QWidget | None]


def show_dispatch_error(
    parent: QWidget | None, error: DispatchError, title: str = "Not done"
) -> QMessageBox:
    """A refusal as a warning: the service's message, nothing technical. Not blocking."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, sentence(str(error)), QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote names: shown as typed
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(
        Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
    )
    box.show()
    return box


class ErrorDialog(QDialog):
    """Tells the user, in one sentence, that something failed; details and a copy button below."""

    def __init__(
        self, summary: str, details: str, log_file: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dispatch Console: unexpected error")
        self.setMinimumWidth(560)
        self._count = 1

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_label = plain_label(summary)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        advice = "You can go on working. If it happens again, send the details to whoever supports your PCs."
        if log_file:
            advice += f" They were also written to {log_file}."
        self.advice_label = plain_label(advice)
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_button = QToolButton()
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAutoRaise(True)
        self.details_button.toggled.connect(self._on_details_button_toggled)
        self.details_edit = QPlainTextEdit(details)
        self.details_edit.setReadOnly(True)
        self.details_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Tall when there is room; on a short screen it gives up height (and scrolls) first.
        self.details_edit.setMinimumHeight(self.details_edit.fontMetrics().lineSpacing() * 5)
        self.details_edit.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.copy_button = QPushButton("Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.accepted.connect(self.accept)

        text_column = QVBoxLayout()
        text_column.addWidget(self.message_label)
        text_column.addWidget(self.advice_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text_column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(buttons)
        self._on_screen = keep_on_screen(self)

    def details(self) -> str:
        return self.details_edit.toPlainText()

    def add_error(self, summary: str, details: str) -> None:
        """Another error while this dialog is open: one dialog, every traceback."""
        self._count += 1
        set_plain(self.message_label, f"{summary}\n({self._count} errors since this window opened.)")
        self.details_edit.appendPlainText("\n" + "-" * 72 + "\n" + details)

    @Slot(bool)
    def _on_details_button_toggled(self, shown: bool) -> None:
        self.details_edit.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.adjustSize()  # within the maximum size keep_on_screen set: never off the screen
        self._on_screen.move_onto_screen()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details())


def describe(exc: BaseException) -> str:
    """The plain sentence of an unexpected error."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"Something went wrong and the last action did not finish ({what})."


class ErrorHandler(QObject):
    """The installed ``sys.excepthook`` and ``threading.excepthook``.

    Exceptions from worker threads are logged at once and shown from the GUI thread.

    Signals:
        error_reported: (exception, formatted traceback) of an error to show, from any thread.
    """

    error_reported = Signal(object, str)

    def __init__(self, paths: AppPaths, parent_getter: ParentGetter) -> None:
        super().__init__()
        self._paths = paths
        self._parent_getter = parent_getter
        self._previous_hook: Callable[..., Any] | None = None
        self._previous_thread_hook: Callable[..., Any] | None = None
        self.dialog: ErrorDialog | None = None
        self.warning: QMessageBox | None = None
        self.error_reported.connect(
            self._on_self_error_reported, Qt.ConnectionType.QueuedConnection
        )

    @property
    def installed(self) -> bool:
        return self._previous_hook is not None

    def install(self) -> None:
        if self.installed:
            return
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        """Put back the hooks that were there before (tests, or the program ending)."""
        if not self.installed:
            return
        sys.excepthook = self._previous_hook  # type: ignore[assignment]
        threading.excepthook = self._previous_thread_hook  # type: ignore[assignment]
        self._previous_hook = self._previous_thread_hook = None

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self._log(exc, details)
        if self._on_gui_thread():
            self._show(exc, details)
        else:
            self.error_reported.emit(exc, details)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else "a worker thread"
        details = f"In thread {thread}:\n" + "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        self._log(args.exc_value, details)
        self.error_reported.emit(args.exc_value, details)

    @staticmethod
    def _on_gui_thread() -> bool:
        app = QCoreApplication.instance()
        return app is not None and QThread.currentThread() == app.thread()

    @staticmethod
    def _log(exc: BaseException, details: str) -> None:
        if isinstance(exc, DispatchError):
            log.warning("Refused: %s", exc)
        else:
            log.error("Uncaught exception\n%s", details.rstrip())

    @Slot(object, str)
    def _on_self_error_reported(self, exc: BaseException, details: str) -> None:
        self._show(exc, details)

    def _show(self, exc: BaseException, details: str) -> None:
        parent = self._parent_getter()
        if isinstance(exc, DispatchError):
            self.warning = show_dispatch_error(parent, exc)
            return
        summary = describe(exc)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_error(summary, details)
            return
        self.dialog = ErrorDialog(summary, details, str(self._paths.log_file), parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog.show()

    @Slot()
    def _on_dialog_destroyed(self) -> None:
        self.dialog = None


def install_error_handler(paths: AppPaths, parent_getter: ParentGetter) -> ErrorHandler:
    """Install the application-wide handler; ``uninstall()`` it to restore the previous hooks."""
    handler = ErrorHandler(paths, parent_getter)
    handler.install()
    return handler
