"""The one way a screen runs a use case: confirmation, refusal in words, stale copy, progress,
and what changed delivered to every view before the operation returns."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.domain.changes import EVERYTHING, Changes
from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.errors import ValidationError
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.operations import Op, Operations, run_in_worker
from dispatch_console.ui.waiting import WaitDialog
from tests.seed import at
from tests.ui.board.driving import answer_dialog


def order(ctx: ServiceContext, summary: str = "Leak") -> str:
    return work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary=summary)
    )


def close_refusal(ops: Operations) -> QMessageBox:
    box = ops.last_refusal
    assert box is not None and box.isVisible()
    return box


def test_a_done_operation_says_so_and_every_view_has_heard_before_it_returns(qtbot: QtBot, ops: Operations, company) -> None:  # type: ignore[no-untyped-def]
    number = order(company)
    ops.bus.deliver_now()
    heard: list[Changes] = []
    ops.bus.changed.connect(heard.append)
    with qtbot.waitSignal(ops.status_message) as said:
        outcome = ops.run(Op(f"Book {number} on Ana Reyes",
                             lambda confirm: dispatch.book(company, number, "T1", at(0), at(2), confirm=confirm)))
    assert outcome is not None
    assert said.args == [f"Book {number} on Ana Reyes"]
    assert len(heard) == 1 and heard[0] == outcome.changes  # delivered once, at once
    assert heard[0].bookings == {outcome.value.booking_id} and heard[0].work_orders == {number}


def test_conflicts_are_shown_and_saved_only_when_the_dispatcher_says_so(qtbot: QtBot, ops: Operations, company) -> None:  # type: ignore[no-untyped-def]
    number = order(company)
    late = Op("Book late", lambda confirm: dispatch.book(company, number, "T1", at(9), at(11), confirm=confirm),
              ops.parent_widget)  # type: ignore[attr-defined]
    texts: list[str] = []

    def read_then(button: str) -> None:
        def look() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                texts.append(box.informativeText())
        QTimer.singleShot(0, look)
        answer_dialog(button)

    read_then("Cancel")
    with qtbot.waitSignal(ops.status_message) as said:
        assert ops.run(late) is None
    assert said.args == ["Book late: not saved"]
    assert dispatch.bookings_in_window(company, at(-24), at(48)) == []
    assert "outside Ana Reyes's shift" in texts[0] and "Your choice is recorded" in texts[0]
    read_then("Save anyway")
    outcome = ops.run(late)
    assert outcome is not None and outcome.value.conflicts
    (row,) = dispatch.bookings_in_window(company, at(-24), at(48))
    assert "outside Ana Reyes's shift" in str(row["confirmed_conflicts"])


def test_a_refusal_is_shown_in_words_as_plain_text_and_nothing_is_written(qtbot: QtBot, ops: Operations, company) -> None:  # type: ignore[no-untyped-def]
    number = order(company, "<b>Bold</b> & Co")
    with qtbot.waitSignal(ops.refused) as refused:
        assert ops.run(Op(f"Dispatch {number}", lambda _c: dispatch.dispatch(company, number),
                          ops.parent_widget)) is None  # type: ignore[attr-defined]
    assert "no booking; put it on a technician's schedule first" in refused.args[0]
    box = close_refusal(ops)
    assert box.text() == f"Dispatch {number}: not done."
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert work_orders.details(company, number).status == "open"
    box.close()


def test_a_stale_copy_names_who_brings_their_change_and_offers_to_reload(qtbot: QtBot, ops: Operations, company, db) -> None:  # type: ignore[no-untyped-def]
    number = order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    ops.bus.deliver_now()
    olga = ServiceContext(db=db, actor="Olga Office", clock=company.clock)
    dispatch.move_booking(olga, booked.booking_id, "T1", at(3), at(5), expected_version=booked.version)
    heard: list[Changes] = []
    ops.bus.changed.connect(heard.append)
    reloads: list[int] = []
    stale = Op(f"Move {number}", lambda c: dispatch.move_booking(
        company, booked.booking_id, "T2", at(0), at(2), expected_version=booked.version, confirm=c),
        ops.parent_widget, on_stale=lambda: reloads.append(1))  # type: ignore[attr-defined]
    assert ops.run(stale) is None
    box = close_refusal(ops)
    assert "Olga Office" in box.informativeText()
    assert [h.actors for h in heard] == [frozenset({"Olga Office"})]  # her change, at once
    next(b for b in box.buttons() if b.text() == "Reload").click()
    assert reloads == [1]
    qtbot.waitUntil(lambda: ops.last_refusal is None)


def test_asking_first_and_being_told_no_does_nothing(qtbot: QtBot, ops: Operations, company) -> None:  # type: ignore[no-untyped-def]
    ran: list[bool] = []
    ops.ask = lambda _parent, _title, _question: False
    assert ops.run(Op("Unbook WO-1", lambda c: ran.append(c), ask_first="It was sent out. Unbook?")) is None
    assert ran == []
    ops.ask = lambda _parent, _title, _question: True
    assert ops.run(Op("Unbook WO-1", lambda c: ran.append(c), ask_first="It was sent out. Unbook?"))
    assert ran == [False]


def test_long_work_runs_off_the_gui_thread_behind_progress_and_announces_once(qtbot: QtBot, ops: Operations, company) -> None:  # type: ignore[no-untyped-def]
    heard: list[Changes] = []
    ops.bus.changed.connect(heard.append)

    def work(worker_ctx: ServiceContext) -> str:
        assert threading.current_thread() is not threading.main_thread()
        return order(worker_ctx, "From the worker")

    outcome = ops.run_in_background(Op("Import", lambda _c: None), work, progress_text="Importing…",
                                    also_changed=EVERYTHING)
    assert outcome is not None and outcome.value.startswith("WO-")
    assert len(heard) == 1 and heard[0].touches("technician") and outcome.value in heard[0].work_orders


def test_run_in_worker_returns_the_result_and_replays_the_changes_on_the_gui_thread(
    qtbot: QtBot, ctx: ServiceContext
) -> None:
    heard: list[tuple[Changes, str]] = []
    ctx.subscribe(lambda changes: heard.append((changes, threading.current_thread().name)))
    progress_seen: list[str] = []
    looked = threading.Event()

    def look_at_the_screen() -> None:  # on the GUI thread, while the worker works
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, WaitDialog)]
        progress_seen.extend(box.text() for box in boxes if box.isVisible())
        looked.set()

    QTimer.singleShot(0, look_at_the_screen)

    def work(worker_ctx: ServiceContext) -> int:
        assert worker_ctx is not ctx and worker_ctx.db is ctx.db and worker_ctx.origin == ctx.origin
        assert threading.current_thread() is not threading.main_thread()
        assert looked.wait(5), "the GUI thread was blocked while the worker ran"
        worker_ctx.notify(Changes(frozenset({"work_order"}), frozenset({"WO-1"})))
        worker_ctx.notify(Changes(frozenset({"booking"})))
        return 42

    assert run_in_worker(None, "Counting the fleet…", ctx, work) == 42
    assert progress_seen == ["Counting the fleet…"]
    assert heard == [
        (Changes(frozenset({"work_order", "booking"}), frozenset({"WO-1"})), "MainThread")
    ]


def test_run_in_worker_hands_back_the_workers_exception(qtbot: QtBot, ctx: ServiceContext) -> None:
    heard: list[Changes] = []
    ctx.subscribe(heard.append)

    def work(_ctx: ServiceContext) -> None:
        raise ValidationError("work_orders.csv:3: site_code: no site 'S9'")

    with pytest.raises(ValidationError, match="no site 'S9'"):
        run_in_worker(None, "Importing…", ctx, work, also_changed=EVERYTHING)
    assert heard == []  # nothing was done, nothing to refresh


