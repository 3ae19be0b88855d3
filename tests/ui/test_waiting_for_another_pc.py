"""While another PC holds the database (a long import), this PC's window never freezes: it says it
waits for another PC, lets the dispatcher stop waiting, goes ahead once the other is done, and
after the longest wait says in words what happened. Nothing is saved when it does not go ahead."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.waiting import (
    OTHERS_WAIT,
    SLOW_TEXT,
    STOPPING_TEXT,
    WAITING_TEXT,
    WaitDialog,
)
from tests.other_pc import other_pc_writing
from tests.seed import at


@pytest.fixture
def number(company: ServiceContext) -> str:
    return work_orders.create_work_order(
        company, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Leak")
    )


def book_op(ctx: ServiceContext, number: str) -> Op[object]:
    return Op(f"Book {number} on Ana Reyes",
              lambda confirm: dispatch.book(ctx, number, "T1", at(0), at(2), confirm=confirm))


def bookings_of(ctx: ServiceContext, number: str) -> int:
    with ctx.read() as uow:
        return len(uow.booking_ids_of_work_orders([number]))


def the_waiting_text(db_url: str) -> str:
    """SQLite says it waits for a lock; PostgreSQL waits on the server and the console says it is slow."""
    return WAITING_TEXT if db_url.startswith("sqlite") else SLOW_TEXT


class Watcher:
    """Looks at the waiting dialog while the operation waits, then acts as the dispatcher."""

    def __init__(self, act: Callable[[WaitDialog], None], after_ms: int = 700) -> None:
        self.act = act
        self.after_ms = after_ms
        self.seen: list[str] = []
        self.ticks = 0
        self.stop_visible = False

    def __call__(self, dialog: WaitDialog) -> None:
        ticker = QTimer(dialog)
        ticker.timeout.connect(self._tick)  # runs only if the GUI thread is not frozen
        ticker.start(50)

        def look_and_act() -> None:
            self.seen.append(dialog.text())
            self.stop_visible = dialog.stop_button.isVisible()
            self.act(dialog)

        QTimer.singleShot(self.after_ms, look_and_act)

    def _tick(self) -> None:
        self.ticks += 1


def click_stop(dialog: WaitDialog) -> None:
    QTest.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)


@pytest.mark.real_waits
def test_the_dispatcher_sees_the_wait_and_can_stop_it_and_nothing_is_saved(
    qtbot: QtBot, ops: Operations, company: ServiceContext, db_url: str, number: str
) -> None:
    watcher = Watcher(click_stop)
    ops.on_waiting = watcher
    said: list[str] = []
    ops.status_message.connect(said.append)
    with other_pc_writing(db_url):
        outcome = ops.run(book_op(company, number))
    assert outcome is None
    assert watcher.seen == [the_waiting_text(db_url)] and watcher.stop_visible
    assert watcher.ticks >= 5, "the window froze while it waited"
    assert said[-1] == f"Book {number} on Ana Reyes: not done; you stopped waiting for the other PC"
    assert ops.last_refusal is None  # the dispatcher's own choice needs no box
    assert bookings_of(company, number) == 0
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, WaitDialog) and w.isVisible()]


@pytest.mark.real_waits
def test_escape_on_the_waiting_dialog_stops_waiting_too(
    qtbot: QtBot, ops: Operations, company: ServiceContext, db_url: str, number: str
) -> None:
    def press_escape(dialog: WaitDialog) -> None:
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.text() == STOPPING_TEXT and not dialog.stop_button.isEnabled()

    ops.on_waiting = Watcher(press_escape)
    with other_pc_writing(db_url):
        assert ops.run(book_op(company, number)) is None
    assert bookings_of(company, number) == 0


@pytest.mark.real_waits
def test_the_action_goes_ahead_by_itself_once_the_other_pc_is_done(
    qtbot: QtBot, ops: Operations, company: ServiceContext, db_url: str, number: str
) -> None:
    release = threading.Event()
    holding = threading.Event()

    def other_pc() -> None:
        with other_pc_writing(db_url):
            holding.set()
            release.wait(20)

    thread = threading.Thread(target=other_pc)
    thread.start()
    assert holding.wait(10)
    watcher = Watcher(lambda _dialog: release.set())
    ops.on_waiting = watcher
    outcome = ops.run(book_op(company, number))
    thread.join(10)
    assert outcome is not None
    assert watcher.seen == [the_waiting_text(db_url)]
    assert bookings_of(company, number) == 1


def test_after_the_longest_wait_the_refusal_says_another_dispatcher_is_saving(
    qtbot: QtBot, ops: Operations, company: ServiceContext, db_url: str, number: str
) -> None:
    ops.lock_wait_s = 1.0
    ops.on_waiting = Watcher(lambda _dialog: None, after_ms=100)
    with other_pc_writing(db_url):
        assert ops.run(book_op(company, number)) is None
    box = ops.last_refusal
    assert box is not None and box.isVisible()
    assert box.informativeText() == (
        "Another dispatcher is saving a large change (an import, for example) and the database "
        "stayed busy for 1 seconds; nothing was saved. Try again when it is done."
    )
    assert "locked" not in box.informativeText()
    box.close()
    assert bookings_of(company, number) == 0


def test_a_quick_action_shows_no_waiting_dialog(
    qtbot: QtBot, ops: Operations, company: ServiceContext, number: str
) -> None:
    shown: list[WaitDialog] = []
    ops.on_waiting = shown.append
    assert ops.run(book_op(company, number)) is not None
    assert shown == []


def test_long_work_that_waits_offers_to_stop_only_while_it_waits(
    qtbot: QtBot, ops: Operations, company: ServiceContext, db_url: str, number: str
) -> None:
    """An import behind another PC's write: its progress text, then the wait with Stop, then its
    progress text again once it has the lock (on SQLite, which says when it waits)."""
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL does not say when a write waits; the quick-action tests cover it")
    release = threading.Event()
    holding = threading.Event()

    def other_pc() -> None:
        with other_pc_writing(db_url):
            holding.set()
            release.wait(20)

    thread = threading.Thread(target=other_pc)
    thread.start()
    assert holding.wait(10)
    seen: list[tuple[str, bool]] = []

    def watch(dialog: WaitDialog) -> None:
        def look(then: Callable[[], None] | None) -> None:
            seen.append((dialog.text(), dialog.stop_button.isVisible()))
            if then:
                then()

        QTimer.singleShot(0, lambda: look(None))
        QTimer.singleShot(600, lambda: look(release.set))

    ops.on_waiting = watch
    outcome = ops.run_in_background(
        Op("Import", lambda _c: None),
        lambda worker: dispatch.book(worker, number, "T1", at(0), at(2), confirm=False),
        progress_text="Importing the bundle from C:/bundles/<b>north</b>…",
    )
    thread.join(10)
    assert outcome is not None
    assert seen[0] == ("Importing the bundle from C:/bundles/<b>north</b>…", False)
    assert seen[1] == (WAITING_TEXT, True)
    assert bookings_of(company, number) == 1


def test_a_busy_database_is_not_blamed_on_the_bundle(
    qtbot: QtBot, ops: Operations, db_url: str, number: str
) -> None:
    """An import that gave up waiting says so in the standard box, not as a problem of the bundle."""
    problems: list[object] = []
    ops.lock_wait_s = 0.5
    with other_pc_writing(db_url):
        outcome = ops.run_in_background(
            Op("Import the CSV bundle", lambda _c: None, on_refused=problems.append),
            lambda worker: dispatch.book(worker, number, "T1", at(0), at(2)),
            progress_text=f"Importing…\n\n{OTHERS_WAIT}",
        )
    assert outcome is None and problems == []
    box = ops.last_refusal
    assert box is not None and "another dispatcher is saving a large change" in box.informativeText().lower()
    box.close()
