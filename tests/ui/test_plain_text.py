"""User text is shown as typed, everywhere: markup planted in every field of a company comes out
literally in the board's and the lists' tooltips (through real hover events), the side panel,
the work order window, the conflict confirmation, the refusal and the status bar; and a
5,000-character access note without a space wraps instead of widening the work order window.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as QtGuiQt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.paths import AppPaths
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from dispatch_console.ui.application import build_main_window
from dispatch_console.ui.board.side_panel import ElidedLabel
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.plain_text import ZERO_WIDTH_SPACE, breakable, escape, menu_text, tooltip
from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog
from tests.seed import at
from tests.ui.board.driving import drop_mime, queue_mime, row_of

MARK = '<b>Bold</b> & Co <a href="x">link</a> <img src="http://127.0.0.1:1/x.png"> <h1>Big</h1>'
SKILL = "<i>SK</i>&amp;1"  # a skill code is user text too (at most 40 characters)
LONG_NOTE = "x" * 5000


def rendered(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a user reads of ``text`` shown in ``text_format`` (a tooltip is AutoText)."""
    if text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGuiQt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return text.replace(ZERO_WIDTH_SPACE, "").replace("\u00a0", " ")


def shows(label: QLabel) -> str:
    return rendered(label.text(), label.textFormat())


def texts_of(widget: QWidget) -> list[str]:
    return [shows(label) for label in widget.findChildren(QLabel) if label.text()]


# -- the helper ---------------------------------------------------------------------------------

def test_the_check_tells_markup_from_text() -> None:
    """``rendered`` is what the tests below rely on: markup taken as markup does not pass."""
    assert rendered(MARK) != MARK
    assert rendered(f"<qt>{MARK}</qt>") != MARK
    assert rendered(MARK, Qt.TextFormat.PlainText) == MARK


@pytest.mark.parametrize(
    "text",
    [MARK, "&lt;b&gt; is not a tag", "plain", "two\nlines", "<qt>x</qt>", "a  b", SKILL],
)
def test_tooltip_and_escape_show_the_text_as_typed(text: str) -> None:
    assert rendered(tooltip(text)) == text.replace("  ", " ")  # rich text folds runs of spaces
    assert rendered(f"<b>Label:</b> {escape(text)}").removeprefix("Label: ") == text.replace("  ", " ")


def test_long_words_get_places_to_wrap_and_nothing_else_changes() -> None:
    assert breakable("short words stay as they are") == "short words stay as they are"
    broken = breakable("y" * 100)
    assert broken.replace(ZERO_WIDTH_SPACE, "") == "y" * 100
    assert max(len(part) for part in broken.split(ZERO_WIDTH_SPACE)) == 40
    assert breakable(broken) == broken  # applying it twice adds nothing
    assert menu_text("Bold & Co") == "Bold && Co"
    assert tooltip("") == ""


# -- a company with markup in every field -------------------------------------------------------

@pytest.fixture
def marked(db: Database, clock) -> ServiceContext:  # type: ignore[no-untyped-def]
    """A company whose every text holds markup, seen from a PC whose name is markup too."""
    clock.now = at(-1)  # Monday 08:00 in Chicago
    ctx = ServiceContext(db=db, actor=MARK, clock=clock)
    with ctx.write("seed") as uow:
        uow.add(
            m.Company(
                id=1, name=MARK, timezone="America/Chicago", currency="USD",
                tax_rate=Decimal("8.25"), payment_terms_days=30,
            )
        )
        skill = m.Skill(code=SKILL, name=MARK)
        tech = m.Technician(
            code="T1", name=MARK, shift_start=time(8), shift_end=time(17),
            workdays="Mon;Tue;Wed;Thu;Fri", active=True,
        )
        tech.skills = [m.TechnicianSkill(skill=skill)]
        tech.time_off = [m.TimeOff(start=at(5), end=at(7), reason=MARK)]
        customer = m.Customer(code="C1", name=MARK)
        site = m.Site(
            code="S1", customer=customer, name=MARK, address=MARK, contact_name=MARK,
            contact_phone="555-0100", access_notes=MARK,
        )
        uow.add_all([skill, tech, customer, site])
    return ctx


def new_order(ctx: ServiceContext) -> str:
    return work_orders.create_work_order(
        ctx,
        WorkOrderSpec(
            type=WorkOrderType.CORRECTIVE, site_code="S1", summary=MARK, description=MARK,
            required_skills=(SKILL,), estimated_hours=Decimal("1"),
        ),
    )


@pytest.fixture
def window(qtbot: QtBot, marked: ServiceContext, paths: AppPaths) -> Iterator[MainWindow]:
    main = build_main_window(marked, paths)
    qtbot.addWidget(main)
    main.resize(1600, 900)
    main.show()
    qtbot.waitExposed(main)
    yield main
    QToolTip.hideText()


def shots_folder(tmp_path: Path) -> Path:
    """Where the screenshots go: $DISPATCH_CONSOLE_SHOTS when set (to look at them), else tmp_path."""
    folder = Path(os.environ.get("DISPATCH_CONSOLE_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def hover(qtbot: QtBot, widget: QWidget, pos: QPoint) -> str:
    """Rest the mouse on ``pos`` of ``widget`` until its tooltip shows; the tooltip's text."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QTest.mouseMove(widget, pos - QPoint(3, 0))
    QTest.mouseMove(widget, pos)
    # What Qt sends when the mouse has rested (its wake-up timer does not run offscreen).
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    return QToolTip.text()


def tooltip_widget() -> QWidget:
    return next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible())


def test_board_queue_side_panel_dialogs_and_status_bar_show_the_text_as_typed(
    qtbot: QtBot, window: MainWindow, marked: ServiceContext, tmp_path: Path
) -> None:
    booked, clashing, queued = new_order(marked), new_order(marked), new_order(marked)
    dispatch.book(marked, booked, "T1", at(0), at(2))
    window.show_place("board")
    page = window.board
    page.reload()

    # This PC's name in the status bar.
    assert shows(window.status_actor) == f"At this PC: {MARK}"

    # The conflict confirmation (the time off's reason and the technician's name), saved anyway.
    seen: dict[str, str] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"] = shows(box.findChild(QLabel, "qt_msgbox_label"))
        seen["informative"] = shows(box.findChild(QLabel, "qt_msgbox_informativelabel"))
        next(b for b in box.findChildren(QPushButton) if b.text() == "Save anyway").click()

    QTimer.singleShot(0, answer)
    drop_mime(page.board.viewport(), queue_mime(page, clashing), page.board.viewport_pos_of(at(5), row_of(page, "T1")))
    assert MARK in seen["informative"], seen
    assert seen["text"].endswith("this makes conflicts.")
    (booking,) = work_orders.details(marked, clashing).bookings
    assert MARK in (booking.confirmed_conflicts or "")
    assert MARK in window.statusBar().currentMessage()  # "Book … on <the name>", as typed

    # The board's tooltip, through a real hover over the confirmed booking.
    spot = page.board.viewport_pos_of(at(5.5), row_of(page, "T1")).toPoint()
    tip = rendered(hover(qtbot, page.board.viewport(), spot))
    assert tip.startswith(f"{clashing} — {MARK}\n{MARK} · {MARK}\n"), tip
    assert f"Skills: {SKILL}" in tip
    assert f"Confirmed conflicts: {booking.confirmed_conflicts}" in tip
    tooltip_widget().grab().save(str(shots_folder(tmp_path) / "board-tooltip.png"))

    # The side panel, for the booking clicked on: heading and details.
    QTest.mouseClick(page.board.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: shows(page.side.heading) == f"{clashing} — {MARK}")
    details = shows(page.side.details).splitlines()
    assert details[0] == f"{MARK} · {MARK}"
    assert f"{MARK}, " in details[2] and f"Skills: {SKILL}" in details[3]
    assert f"Confirmed: {booking.confirmed_conflicts}" in shows(page.side.details)

    # The queue's tooltip, through a real hover; then the queued work order's side panel and
    # its suggested technician (name and reasons).
    row = next(r for r in range(page.queue_filter.rowCount()) if queued in page.queue_filter.data(page.queue_filter.index(r, 1)))
    cell = page.queue_view.visualRect(page.queue_filter.index(row, 1)).center()
    tip = rendered(hover(qtbot, page.queue_view.viewport(), cell))
    assert tip.startswith(f"{queued} — {MARK}\n{MARK} · {MARK}\n") and tip.rstrip().endswith(
        "Drag onto a technician's row to book it."
    ), tip
    assert SKILL in tip
    QTest.mouseClick(page.queue_view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: shows(page.side.heading) == f"{queued} — {MARK}")
    assert shows(page.side.details).splitlines()[0] == f"{MARK} · {MARK}"
    assert f"Skills: {SKILL}" in shows(page.side.details)
    qtbot.waitUntil(lambda: bool(page.side.cards))
    card = page.side.cards[0]
    title, *reasons = card.findChildren(ElidedLabel)
    # The name on one line, elided as typed ("…" at the end on a narrow panel).
    assert title.full_text == f"1. {MARK}" and f"1. {MARK}".startswith(shows(title).removesuffix("…"))
    assert reasons and shows(reasons[0]) == f"• has {SKILL}"
    assert rendered(card.toolTip()).startswith(f"has {SKILL}\n")
    assert rendered(card.button.toolTip()).endswith(f" with {MARK}")

    # A refusal naming the technician: another PC took T1 off the roster a moment ago.
    with marked.write("another PC") as uow:
        uow.session.query(m.Technician).filter_by(code="T1").one().active = False
    drop_mime(page.board.viewport(), queue_mime(page, queued), page.board.viewport_pos_of(at(8), row_of(page, "T1")))
    box = window.operations.last_refusal
    assert box is not None and box.isVisible()
    assert shows(box.findChild(QLabel, "qt_msgbox_informativelabel")) == f"Cannot book {queued}: {MARK} is no longer active."
    box.grab().save(str(shots_folder(tmp_path) / "refusal.png"))
    box.close()


def test_the_work_order_list_and_window_show_the_text_as_typed(
    qtbot: QtBot, window: MainWindow, marked: ServiceContext, tmp_path: Path
) -> None:
    number = new_order(marked)
    dispatch.book(marked, number, "T1", at(0), at(2))
    window.show_place("work_orders")
    listing = window.work_orders
    listing.refresh()
    table = listing.table
    model = table.model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Summary")
    index = model.index(0, column)
    assert model.data(index) == MARK
    tip = rendered(hover(qtbot, table.viewport(), table.visualRect(index).center()))
    assert tip == MARK
    customer = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Customer")
    tip = rendered(hover(qtbot, table.viewport(), table.visualRect(model.index(0, customer)).center()))
    assert tip == f"{MARK} — {MARK}"

    dialog = listing.open_details(number)
    assert isinstance(dialog, WorkOrderDetailsDialog)
    qtbot.waitExposed(dialog)
    shown = texts_of(dialog)
    for expected in (
        MARK,  # the summary, the customer (no phone), the address and the access notes
        f"{MARK} (S1)",
        f"{MARK} · 555-0100",
    ):
        assert expected in shown, (expected, shown)
    assert shown.count(MARK) >= 4
    assert dialog.windowTitle() == f"{number} — {MARK}"
    plan = dialog.plan_pane
    assert plan is not None
    # The plan's fields are editors and list items: plain text by nature, shown as typed.
    assert plan.description.toPlainText() == MARK and plan.summary.text() == MARK
    skills = [plan.skills.item(r).text() for r in range(plan.skills.count())]
    assert f"{MARK} ({SKILL})" in skills  # the required skill, name and code
    dialog.grab().save(str(shots_folder(tmp_path) / "work-order.png"))
    dialog.close()


def test_a_5000_character_access_note_wraps_inside_the_screen(
    qtbot: QtBot, window: MainWindow, marked: ServiceContext, tmp_path: Path
) -> None:
    with marked.write("long note") as uow:
        uow.session.query(m.Site).filter_by(code="S1").one().access_notes = LONG_NOTE
    number = new_order(marked)
    dialog = window.work_orders.open_details(number)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    screen = (dialog.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert screen.contains(dialog.frameGeometry()), (dialog.frameGeometry(), screen)
    assert dialog.minimumSizeHint().width() <= screen.width()
    close = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "Close")
    assert close.isVisible()
    assert screen.contains(close.rect().translated(close.mapToGlobal(QPoint(0, 0))))
    # It wraps: nothing to scroll sideways to, and the note takes many lines.
    sideways = [area.horizontalScrollBar().maximum() for area in dialog.findChildren(QScrollArea)]
    assert sideways and set(sideways) == {0}  # the header's and each pane's scroll area
    (note,) = [label for label in dialog.findChildren(QLabel) if shows(label) == LONG_NOTE]
    assert note.wordWrap() and note.height() > 10 * note.fontMetrics().height()  # many lines
    dialog.grab().save(str(shots_folder(tmp_path) / "work-order-long-note.png"))
    dialog.close()
