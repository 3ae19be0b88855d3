"""Database work off the GUI thread, so the window never freezes while another PC holds a lock.

An operation's service call runs on a worker thread. A quick one (nearly all) is simply
awaited for a moment with no event processing at all, so nothing else can happen meanwhile.
One that takes longer (another dispatcher's import holds the database) gets a small
application-modal dialog: it says that the console waits for another PC, keeps the window
painted, and lets the dispatcher stop waiting; nothing is saved then. Long work (an import, the
demo) shows its progress text at once, and the same "stop waiting" button while it waits; work
that counts its steps (``Progress``) fills the bar and says how far it is.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from dispatch_console.services.context import OTHERS_WAIT, LockWait, ServiceContext
from dispatch_console.ui.fitting import fit_size, keep_on_screen, natural_size
from dispatch_console.ui.plain_text import plain_label, set_plain

T = TypeVar("T")
__all__ = ["OTHERS_WAIT", "Progress", "WaitDialog", "off_gui_thread"]

#: How a step of long work reads to the dispatcher, from (done, total, what is being done).
Wording = Callable[[int, int, str], str]

#: How long a quick operation is awaited before the waiting dialog shows (seconds).
FIRST_LOOK_S = 0.4

WAITING_TEXT = (
    "Waiting for another PC: another dispatcher is saving a large change (an import, for "
    "example). This goes ahead by itself as soon as it is done."
)
SLOW_TEXT = (
    "The database is answering slowly; another dispatcher may be saving a large change. "
    "This goes ahead by itself as soon as it can."
)
STOPPING_TEXT = "Stopping… nothing will be saved."


class _Relay(QObject):
    """Carries the worker's news to the GUI thread.

    Signals:
        finished: the worker returned or raised.
        waiting: the worker's write waits for another PC's lock.
        wait_over: it got the lock and is working.
    """

    finished = Signal()
    waiting = Signal()
    wait_over = Signal()


class Progress(QObject):
    """What long work on the worker thread tells the waiting dialog between its steps.

    Call it from the worker as ``progress(done, total, what)``: the call is carried to the GUI
    thread by a signal (queued), where the dialog's bar shows ``done`` of ``total`` and its text
    says it in the dispatcher's words (``wording``).

    Signals:
        changed: int, int, str — done, total, what is being done.
    """

    changed = Signal(int, int, str)

    def __init__(self, wording: Wording) -> None:
        super().__init__()
        self.wording = wording

    def __call__(self, done: int, total: int, what: str) -> None:
        self.changed.emit(done, total, what)


class WaitDialog(QDialog):
    """Says what the console waits for and offers to stop waiting (closing it means the same)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, *, stoppable: bool) -> None:
        super().__init__(parent)
        self.setObjectName("waiting")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        self._working_text = text
        self.stop_requested: Callable[[], None] | None = None
        layout = QVBoxLayout(self)
        self.message: QLabel = plain_label(text, wrap=True)  # it may name a folder: shown literally
        self.message.setObjectName("waitingMessage")
        layout.addWidget(self.message)
        #: Busy (no range) until work that counts its steps says how far it is.
        self.bar = QProgressBar()
        self.bar.setObjectName("waitingProgress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        self.wording: Wording | None = None
        self.stop_button = QPushButton("Stop waiting")
        self.stop_button.setObjectName("stopWaiting")
        self.stop_button.setVisible(stoppable)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        layout.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignRight)

    def text(self) -> str:
        return self.message.text()

    def open_on_screen(self) -> None:
        """Show it as tall as its wrapped text needs (at 200 % too), within the screen."""
        keep_on_screen(self, natural_size(self))
        self.show()

    @Slot()
    def show_waiting(self) -> None:
        set_plain(self.message, WAITING_TEXT)
        self.stop_button.setVisible(True)
        self.stop_button.setEnabled(True)
        self._refit()

    @Slot(int, int, str)
    def show_progress(self, done: int, total: int, what: str) -> None:
        """``done`` of ``total`` on the bar, and in words (the text is also what shows again
        after a wait for another PC)."""
        if self.wording is not None:
            self._working_text = self.wording(done, total, what)
            if self.stop_button.isHidden():  # not while it says it waits for another PC
                set_plain(self.message, self._working_text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    @Slot()
    def show_working(self) -> None:
        set_plain(self.message, self._working_text)
        self.stop_button.setVisible(False)
        self._refit()

    def _refit(self) -> None:
        if self.isVisible():
            self.resize(fit_size(self, natural_size(self)))

    @Slot()
    def _on_stop_button_clicked(self) -> None:
        set_plain(self.message, STOPPING_TEXT)
        self.stop_button.setEnabled(False)
        if self.stop_requested is not None:
            self.stop_requested()

    def reject(self) -> None:
        """Escape or the window's close button: stop waiting if that is offered, never just vanish."""
        if self.stop_button.isVisible() and self.stop_button.isEnabled():
            self._on_stop_button_clicked()


def off_gui_thread(
    ctx: ServiceContext,
    work: Callable[[], T],
    *,
    parent: QWidget | None,
    title: str,
    progress_text: str | None = None,
    on_dialog: Callable[[WaitDialog], None] | None = None,
    limit_s: float | None = None,
    progress: Progress | None = None,
) -> T:
    """``work()`` on a worker thread; its result, or its exception, on the GUI thread.

    Without ``progress_text`` it is a quick operation: the GUI thread waits up to
    ``FIRST_LOOK_S`` without handling any event, then shows the waiting dialog (with "Stop
    waiting") until it is done. With ``progress_text`` the dialog shows that text at once, and
    "Stop waiting" only while the work waits for another PC. ``on_dialog`` sees the dialog
    once it is shown (tests answer it). ``limit_s`` bounds the wait for another PC (default:
    the storage's). ``progress``: what ``work`` calls between its steps (with ``progress_text``),
    shown on the dialog's bar.
    """
    control = LockWait() if limit_s is None else LockWait(limit_s)
    relay = _Relay()
    control.on_wait = relay.waiting.emit
    control.on_wait_over = relay.wait_over.emit
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            with ctx.waiting(control):
                outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread below
            outcome["error"] = exc
        finally:
            done.set()
            relay.finished.emit()

    thread = threading.Thread(target=run, name="dispatch-console-work", daemon=True)
    thread.start()
    if progress_text is not None or not done.wait(FIRST_LOOK_S):
        _wait_with_dialog(control, relay, done, parent, title, progress_text, on_dialog, progress)
    thread.join()
    gc.collect()  # on the GUI thread, what the work left (automatic collection is off: ui/garbage)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def _wait_with_dialog(
    control: LockWait,
    relay: _Relay,
    done: threading.Event,
    parent: QWidget | None,
    title: str,
    progress_text: str | None,
    on_dialog: Callable[[WaitDialog], None] | None,
    progress: Progress | None = None,
) -> None:
    quick = progress_text is None
    dialog = WaitDialog(parent, title, progress_text or SLOW_TEXT, stoppable=quick)
    dialog.stop_requested = control.cancel
    if progress is not None and not quick:
        dialog.wording = progress.wording
        progress.changed.connect(dialog.show_progress, Qt.ConnectionType.QueuedConnection)
    loop = QEventLoop()
    relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    relay.waiting.connect(dialog.show_waiting, Qt.ConnectionType.QueuedConnection)
    if not quick:
        relay.wait_over.connect(dialog.show_working, Qt.ConnectionType.QueuedConnection)
    if control.waited and not control.wait_is_over:
        dialog.show_waiting()  # it said so before the dialog existed
    try:
        if not done.is_set():
            dialog.open_on_screen()
            if on_dialog is not None:
                on_dialog(dialog)
            loop.exec()
    finally:
        dialog.hide()
        dialog.deleteLater()
