"""The one way a screen runs a use case (in the spirit of Anki's ``CollectionOp``).

Every screen describes what it wants done as an ``Op`` and hands it to the window's
``Operations``, which:

- asks first when the op says so (unbooking dispatched work);
- runs the service; if it answers that the change makes schedule conflicts, shows them and
  runs it again confirmed only if the dispatcher says so (the confirmation is recorded);
- shows a refusal in the dispatcher's words (``DispatchError``), and on a stale copy offers to
  reload the screen's copy;
- runs the service on a worker thread, so the window never freezes: a quick call is awaited
  for a moment; one that waits for another PC's lock (a long import elsewhere) shows a
  "waiting for another PC" dialog the dispatcher can stop (``ui/waiting.py``); long work shows
  its progress at once, and work that counts its steps (``Op.progress``) a bar and how far it is;
- delivers what changed to every view through the bus before it returns, and says on the
  status bar what was done.

Undo commands run the same way, so undo and redo refuse, confirm and announce like any action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from dispatch_console.domain.errors import (
    Cancelled,
    ConcurrencyConflict,
    DatabaseUnavailable,
    DispatchError,
)
from dispatch_console.services.context import Changes, Outcome, ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.formatting import sentence
from dispatch_console.ui.waiting import Progress, WaitDialog, Wording, off_gui_thread

T = TypeVar("T")

ConflictConfirmer = Callable[[QWidget | None, str, list[str]], bool]
Asker = Callable[[QWidget | None, str, str], bool]


@dataclass
class Op(Generic[T]):
    """A use case as a screen asks for it.

    ``title`` names it in the dispatcher's words ("Book WO-1042 on Ana Reyes"): it heads the
    confirmation and the refusal, and is the status line when ``done`` says nothing else.
    ``run`` calls the service; it gets ``confirm=True`` once the dispatcher accepted conflicts.
    """

    title: str
    run: Callable[[bool], T]
    parent: QWidget | None = None
    #: What the status bar says afterwards (default: the title).
    done: Callable[[T], str] | None = None
    #: Reload the screen's copy after a stale-copy refusal.
    on_stale: Callable[[], None] | None = None
    #: A question to answer yes before anything is done (e.g. unbooking dispatched work).
    ask_first: str | None = None
    #: Shows a refusal the screen's own way (an import lists every problem of the bundle)
    #: instead of the standard box; database trouble (another PC busy, the server gone) is
    #: always shown the standard way.
    on_refused: Callable[[DispatchError], None] | None = None
    #: Long work that counts its steps (``run_in_background``): how a step reads on the
    #: progress dialog, from (done, total, what); the work is then given a ``Progress`` to call.
    progress: Wording | None = None


class Operations(QObject):
    """Runs every use case the screens start, the one way (see the module's docstring).

    Tests may replace ``confirm_conflicts`` and ``ask`` to answer for the user; by default
    they are real modal message boxes.

    Signals:
        status_message: str — a line for the main window's status bar.
        refused: str — an operation was refused (the message shown).
    """

    status_message = Signal(str)
    refused = Signal(str)

    def __init__(self, ctx: ServiceContext, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.confirm_conflicts: ConflictConfirmer = ask_to_confirm_conflicts
        self.ask: Asker = ask_yes_no
        self.last_refusal: QMessageBox | None = None
        #: Sees the "waiting for another PC" dialog when one shows (tests answer it).
        self.on_waiting: Callable[[WaitDialog], None] | None = None
        #: How long an action waits for another PC's lock (None: the storage's default).
        self.lock_wait_s: float | None = None

    def run(self, op: Op[T]) -> Outcome[T] | None:
        """Carry ``op`` out now; its result and changes, or None when it was not done."""
        if op.ask_first and not self.ask(op.parent, op.title, op.ask_first):
            self.status_message.emit(f"{op.title}: not done")
            return None
        with _busy_cursor(), self.bus.holding_other_pcs():
            try:
                try:
                    outcome = self._off_gui_thread(op, lambda: self.ctx.run(lambda: op.run(False)))
                except ConflictsNeedConfirmation as exc:
                    if not self.confirm_conflicts(op.parent, op.title, [c.message for c in exc.conflicts]):
                        self.status_message.emit(f"{op.title}: not saved")
                        return None
                    outcome = self._off_gui_thread(op, lambda: self.ctx.run(lambda: op.run(True)))
            except DispatchError as exc:
                self.bus.deliver_now()
                self._refuse(op, exc)
                return None
        self.bus.deliver_now()
        self.status_message.emit(op.done(outcome.value) if op.done else op.title)
        return outcome

    def _off_gui_thread(self, op: Op[Any], work: Callable[[], Outcome[T]]) -> Outcome[T]:
        # The service call runs on a worker, so a lock held by another PC never freezes the window.
        return off_gui_thread(
            self.ctx, work, parent=op.parent, title=op.title, on_dialog=self.on_waiting, limit_s=self.lock_wait_s
        )

    def run_in_background(
        self,
        op: Op[T],
        work: Callable[[ServiceContext], T] | Callable[[ServiceContext, Progress], T],
        *,
        progress_text: str,
        also_changed: Changes | None = None,
    ) -> Outcome[T] | None:
        """Carry out a long ``op`` (import, demo) on a worker thread behind a progress dialog.

        The window stays painted meanwhile. Refusals and stale copies are handled as in ``run``.
        When ``op.progress`` words its steps, ``work`` is called with a second argument, the
        ``Progress`` to tell (done, total, what) between them: the dialog's bar fills.
        """
        try:
            with self.bus.holding_other_pcs():
                value = run_in_worker(
                    op.parent, progress_text, self.ctx, work, also_changed=also_changed,
                    on_dialog=self.on_waiting, limit_s=self.lock_wait_s, progress=op.progress,
                )
        except DispatchError as exc:
            self.bus.deliver_now()
            self._refuse(op, exc)
            return None
        self.bus.deliver_now()
        self.status_message.emit(op.done(value) if op.done else op.title)
        return Outcome(value)

    def _refuse(self, op: Op[Any], exc: DispatchError) -> None:
        if isinstance(exc, ConcurrencyConflict):
            # Somebody else saved first: bring every view up to their change at once.
            self.bus.poll_other_pcs()
            self.bus.deliver_now()
        text = sentence(str(exc))
        self.refused.emit(text)
        if isinstance(exc, Cancelled):
            self.status_message.emit(f"{op.title}: not done; you stopped waiting for the other PC")
            return  # the dispatcher's own choice: nothing to explain
        self.status_message.emit(f"{op.title}: not done")
        if op.on_refused is not None and not isinstance(exc, DatabaseUnavailable):
            op.on_refused(exc)
            return
        box = QMessageBox(op.parent)
        box.setObjectName("refusal")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle("Not done")
        box.setText(f"{op.title}: not done.")
        box.setInformativeText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if isinstance(exc, ConcurrencyConflict) and op.on_stale is not None:
            reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.setDefaultButton(reload)
            on_stale = op.on_stale
            reload.clicked.connect(lambda: on_stale())
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.setWindowModality(
            Qt.WindowModality.WindowModal if op.parent else Qt.WindowModality.ApplicationModal
        )
        self.last_refusal = box
        box.destroyed.connect(self._on_refusal_destroyed)
        box.show()

    def _on_refusal_destroyed(self, *_args: object) -> None:
        self.last_refusal = None


def ask_to_confirm_conflicts(parent: QWidget | None, title: str, conflicts: list[str]) -> bool:
    """The dispatcher decides whether a change with conflicts is saved anyway."""
    box = QMessageBox(parent)
    box.setObjectName("conflictConfirmation")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle("Conflicts")
    box.setText(f"{title}: this makes conflicts.")
    box.setInformativeText(
        "• " + "\n• ".join(conflicts) + "\n\nSave it anyway? Your choice is recorded."
    )
    save = box.addButton("Save anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is save


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    box = QMessageBox(parent)
    box.setObjectName("askFirst")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText(question)
    yes = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


@contextmanager
def _busy_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def run_in_worker(
    parent: QWidget | None,
    text: str,
    ctx: ServiceContext,
    work: Callable[[ServiceContext], T] | Callable[[ServiceContext, Progress], T],
    *,
    also_changed: Changes | None = None,
    on_dialog: Callable[[WaitDialog], None] | None = None,
    limit_s: float | None = None,
    progress: Wording | None = None,
) -> T:
    """Run ``work`` on a worker thread behind a progress dialog; its result, or its exception.

    The worker gets its own ServiceContext on the same database and the same origin (what it
    writes is ours, not another PC's). What it announces is announced again on ``ctx`` from the
    GUI thread when it is done, together with ``also_changed``. With ``progress`` (how a step
    reads), ``work`` also gets the ``Progress`` it tells between its steps.
    """
    collected: list[Changes] = []
    worker_ctx = ServiceContext(
        db=ctx.db, actor=ctx.actor, clock=ctx.clock, listeners=[collected.append], origin=ctx.origin
    )
    steps = Progress(progress) if progress is not None else None

    def call() -> T:
        if steps is None:
            return work(worker_ctx)  # type: ignore[call-arg]
        return work(worker_ctx, steps)  # type: ignore[call-arg]

    try:
        value = off_gui_thread(
            worker_ctx, call, parent=parent, title="Dispatch Console",
            progress_text=text, on_dialog=on_dialog, limit_s=limit_s, progress=steps,
        )
    except BaseException:
        _announce(ctx, collected, None)
        raise
    _announce(ctx, collected, also_changed)
    return value


def _announce(ctx: ServiceContext, collected: list[Changes], also_changed: Changes | None) -> None:
    changes = also_changed
    for item in collected:
        changes = item if changes is None else changes | item
    if changes is not None:
        ctx.notify(changes)
