"""Driving the board as a user does: real mouse events, synthesized drops, dialog answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.board.page import BoardPage
from tests.seed import MON_9 as MON_9  # the board tests take the clock from here
from tests.seed import at as at


def new_order(ctx: ServiceContext, summary: str = "No cooling", **kw: object) -> str:
    spec = WorkOrderSpec(
        type=kw.pop("type", WorkOrderType.CORRECTIVE),  # type: ignore[arg-type]
        site_code=kw.pop("site_code", "S1"),  # type: ignore[arg-type]
        summary=summary,
        estimated_hours=kw.pop("estimated_hours", Decimal("2")),  # type: ignore[arg-type]
        priority=kw.pop("priority", Priority.NORMAL),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )
    return work_orders.create_work_order(ctx, spec)


# -- driving the board like a user ------------------------------------------------------------------

def mouse(widget: QWidget, kind: str, pos: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """Send a real mouse event to the board's viewport (left button held while moving)."""
    types = {"press": QMouseEvent.Type.MouseButtonPress, "move": QMouseEvent.Type.MouseMove,
             "release": QMouseEvent.Type.MouseButtonRelease, "double": QMouseEvent.Type.MouseButtonDblClick}
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.NoButton if kind == "release" else Qt.MouseButton.LeftButton
    global_pos = QPointF(widget.mapToGlobal(pos.toPoint()))
    event = QMouseEvent(types[kind], pos, global_pos, button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag_on_board(page: BoardPage, start: QPointF, end: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    vp = page.board.viewport()
    mouse(vp, "press", start, modifiers)
    steps = 6
    for i in range(1, steps + 1):
        mouse(vp, "move", start + (end - start) * (i / steps))
    mouse(vp, "release", end)


def drop_mime(target: QWidget, mime: QMimeData, pos: QPointF) -> QDropEvent:
    """Synthesized drag-enter, drag-move and drop (QDrag.exec cannot be driven by tests)."""
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the target refused the drag"
    move = QDragMoveEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop


def queue_mime(page: BoardPage, number: str) -> QMimeData:
    """What dragging a row of the queue carries, made by the queue's own model."""
    for row in range(page.queue_filter.rowCount()):
        index = page.queue_filter.index(row, 1)
        if number in page.queue_filter.data(index):
            return page.queue_filter.mimeData([index])
    raise AssertionError(f"{number} is not in the queue")


def booking_mime(pairs: list[tuple[int, int]]) -> QMimeData:
    from dispatch_console.ui.mime import BOOKING_MIME, encode_bookings

    mime = QMimeData()
    mime.setData(BOOKING_MIME, QByteArray(encode_bookings(pairs)))
    return mime


def answer_dialog(button_text: str, within_ms: int = 3000) -> None:
    """Click a button of the next modal dialog (a confirmation or a warning) when it opens.

    Gives up after ``within_ms``: a dialog that never came must not be answered by this
    test's timer in a later test (the test that expected it fails on its own assertions).
    """
    deadline = [within_ms // 20]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() == "waiting":  # a slow save's "waiting" note: not it
            # (on a loaded machine a save may take long enough to show it before its question)
            deadline[0] -= 1
            if deadline[0] > 0:
                QTimer.singleShot(20, click)
            return
        for button in box.findChildren(QPushButton):
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {box.windowTitle()!r}")

    QTimer.singleShot(0, click)


def row_of(page: BoardPage, tech_code: str) -> int:
    return next(i for i, t in enumerate(page.state.rows) if t.code == tech_code)


def point_at(page: BoardPage, moment: datetime, tech_code: str) -> QPointF:
    return page.board.viewport_pos_of(moment, row_of(page, tech_code))


def when_modal(act: Callable[[QDialog], None]) -> None:
    """Do ``act`` on the next modal dialog once it is open (it runs its own event loop); a slow
    save's "waiting" note is not it. Gives up after 3 s, as ``answer_dialog`` does."""
    tries = [150]

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and modal.isVisible() and modal.objectName() != "waiting":
            act(modal)
            return
        tries[0] -= 1
        if tries[0] > 0:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
