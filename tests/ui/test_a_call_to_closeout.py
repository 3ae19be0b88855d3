"""One job from the phone call to a verified closeout, in the console alone, as a dispatcher does it:
Ctrl+N and the keyboard, the review queue, a drag onto the board, the work order window's buttons
and panes, a timer on the test clock, a photo dropped as a file, a signature drawn with the mouse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import RequestStatus, Status, WorkOrderType
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.ui.intake import IntakeDialog
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.work_orders import WorkOrderDetailsDialog
from tests.conftest import Clock
from tests.ui import seed
from tests.ui.board.driving import answer_dialog, drop_mime, queue_mime, when_modal
from tests.ui.work_orders.execution.test_photos_and_signature import draw, drop_files


def click(qtbot: QtBot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def status_of(ctx: ServiceContext, number: str) -> Status:
    return Status(work_orders.details(ctx, number).status)


def test_a_phone_call_to_a_verified_closeout_in_the_console_alone(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext, clock: Clock, tmp_path: Path
) -> None:
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # 1. The phone rings: Ctrl+N, find the caller as you type, the site, the problem, Ctrl+Enter.
    qtbot.keyClick(window.work_orders, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    intake = next(d for d in window.findChildren(IntakeDialog) if d.isVisible())
    qtbot.keyClicks(intake.finder.search, "lakeside")
    qtbot.keyClick(intake.finder.search, Qt.Key.Key_Down)
    qtbot.keyClick(intake.finder.search, Qt.Key.Key_Return)
    assert intake.finder.chosen is not None and intake.finder.chosen.name == "Lakeside Medical"
    qtbot.keyClicks(intake.problem, "Rooftop unit blowing warm air into the lobby")
    qtbot.keyClick(intake.problem, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    request = intake.saved
    assert request is not None and not intake.isVisible()

    # 2. Review: the request waits in Requests; approve it as corrective work for an HVAC tech.
    window.show_place("requests")
    page = window.requests
    assert page.select(request)

    def approve(box: QDialog) -> None:
        box.type.setCurrentIndex(box.type.findData(WorkOrderType.CORRECTIVE))  # type: ignore[attr-defined]
        box.hours.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(box.hours, "2")  # type: ignore[attr-defined]
        qtbot.keyClicks(box.skills, "HVAC")  # type: ignore[attr-defined]
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_modal(approve)
    click(qtbot, page.approve_button)
    with northwind.read() as uow:
        saved = uow.session.query(m.WorkRequest).filter_by(number=request).one()
        assert saved.status == RequestStatus.APPROVED and saved.work_order is not None
        number = saved.work_order.number

    # 3. Book it by dragging it from the queue onto an HVAC technician tomorrow at 08:00.
    window.show_place("board")
    board = window.board
    board.reload()
    row = next(i for i, t in enumerate(board.state.rows) if "HVAC" in t.skills)
    tomorrow_8 = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # Friday 08:00 in Chicago
    answer_dialog("Save anyway")  # in case the slot makes a conflict; gives up if none is asked
    drop_mime(board.board.viewport(), queue_mime(board, number), board.board.viewport_pos_of(tomorrow_8, row))
    [booking] = work_orders.details(northwind, number).bookings
    tech = booking.technician.code
    assert status_of(northwind, number) == Status.SCHEDULED

    # 4. The work order window: dispatch, and (the next morning) the crew starts.
    dialog = window.work_orders.open_details(number)
    assert isinstance(dialog, WorkOrderDetailsDialog)
    qtbot.waitExposed(dialog)
    click(qtbot, dialog.step_buttons["dispatch"])
    clock.now = tomorrow_8
    click(qtbot, dialog.step_buttons["start"])
    assert status_of(northwind, number) == Status.IN_PROGRESS

    # 5. Labor by the timer: started, 90 minutes on the clock, stopped.
    labor = dialog.panes["labor"]
    click(qtbot, labor.timer_buttons[tech])
    clock.advance(minutes=90)
    click(qtbot, labor.timer_buttons[tech])
    [entry] = work_orders.details(northwind, number).labor
    assert entry.end - entry.start == timedelta(minutes=90)

    # 6. A part found as you type.
    parts = dialog.panes["parts"]
    click(qtbot, parts.add_button)
    qtbot.keyClicks(parts.add_dialog.search, "filter")
    assert parts.add_dialog.chosen is not None
    click(qtbot, parts.add_dialog.save_button)

    # 7. A note.
    notes = dialog.panes["notes"]
    qtbot.keyClicks(notes.text, "Condenser fan motor seized; replaced, unit cooling again.")
    click(qtbot, notes.add_button)

    # 8. A photo, dropped on the window as a file.
    photos = dialog.panes["photos"]
    picture = tmp_path / "after.png"
    picture.write_bytes(seed.png(64, 48))
    drop_files(photos, [picture])
    photos.details_dialog.kind.setCurrentIndex(photos.details_dialog.kind.findText("After"))
    qtbot.keyClick(photos.details_dialog.caption, Qt.Key.Key_Return)

    # 9. A scope change: requested (the job waits on hold), approved by the office.
    scope = dialog.panes["scope"]
    click(qtbot, scope.request_button)
    qtbot.keyClicks(scope.dialog.description, "Replace the worn contactor too")
    qtbot.keyClicks(scope.dialog.hours, "0.5")
    qtbot.keyClicks(scope.dialog.cost, "85.00")
    click(qtbot, scope.dialog.save_button)
    assert status_of(northwind, number) == Status.ON_HOLD
    click(qtbot, scope.approve_button)
    qtbot.keyClicks(scope.dialog.note, "Approved by the facility manager by phone")
    click(qtbot, scope.dialog.save_button)
    assert status_of(northwind, number) == Status.IN_PROGRESS

    # 10. The checklist: the type's template, saved, then every line ticked.
    plan = dialog.plan_pane
    assert plan is not None
    click(qtbot, plan.checklist.template_button)
    click(qtbot, plan.save_button)
    lines = plan.checklist.list
    assert lines.count() >= 3
    for r in range(lines.count()):
        item = plan.checklist.list.item(r)
        rect = plan.checklist.list.visualItemRect(item)
        qtbot.mouseClick(plan.checklist.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 10, rect.center().y()))
    assert all(i.done for i in work_orders.details(northwind, number).checklist)

    # 11. The customer signs on the pad with the mouse.
    signature = dialog.panes["signature"]
    draw(signature.pad, [(30, 80), (60, 40), (90, 100), (120, 50), (160, 90), (200, 60)])
    qtbot.keyClicks(signature.signer, "Rachel Young")
    click(qtbot, signature.save_button)

    # 12. Complete, then verify the closeout: nothing is missing.
    assert dialog.tabs is not None
    closeout_tab = next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i).startswith("Closeout"))
    assert dialog.tabs.tabText(closeout_tab) == "Closeout ✓"
    click(qtbot, dialog.step_buttons["complete"])
    click(qtbot, dialog.step_buttons["verify"])
    done = work_orders.details(northwind, number)
    assert Status(done.status) == Status.VERIFIED and done.verified_by == "Dana Dispatcher"
    assert done.signature is not None and done.signature.signer_name == "Rachel Young"
    assert [p.part.sku for p in done.parts_used] and done.notes and done.attachments
    actions = [e.action for e in work_orders.history_of(northwind, number)]
    assert actions[:2] == [f"Verify {number}", f"Complete {number}"], actions[:3]
    dialog.close()
