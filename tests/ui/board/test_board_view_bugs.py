"""The board as a dispatcher found it (issue #6): each bug driven with real mouse and keys."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.services import dispatch
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board import style
from tests.ui.board.bare_board import BareBoard
from tests.ui.board.driving import at, mouse, new_order


def click(board: BareBoard, pos, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    vp = board.view.viewport()
    mouse(vp, "press", pos, modifiers)
    mouse(vp, "release", pos, modifiers)


# -- overlapping bookings ---------------------------------------------------------------------------

def test_overlapping_bookings_are_side_by_side_and_each_can_be_clicked(qtbot: QtBot, company: ServiceContext) -> None:
    first = new_order(company, "First")
    second = new_order(company, "Second")
    dispatch.book(company, first, "T1", at(0), at(3))
    dispatch.book(company, second, "T1", at(1), at(2), confirm=True)  # a double booking, confirmed
    board = BareBoard(qtbot, company)
    row_h = board.view.row_height
    a, b = board.booking_id(first), board.booking_id(second)
    rects_a = board.view.painter.block_rects(board.state.bookings[a], 0)
    rects_b = board.view.painter.block_rects(board.state.bookings[b], 0)
    assert not rects_a[0].intersects(rects_b[0])  # neither is painted over the other
    # Where both are booked (10:30), the upper half is the first booking, the lower the second.
    click(board, board.point(at(1.5), "T1", dy=-row_h / 4))
    assert board.state.selected == {a}
    click(board, board.point(at(1.5), "T1", dy=row_h / 4))
    assert board.state.selected == {b}
    # The first, selected, is still drawn where it is hit: its own lane, not under the second.
    image = board.view.viewport().grab().toImage()
    top = board.point(at(1.5), "T1", dy=-row_h / 4)
    bottom = board.point(at(1.5), "T1", dy=row_h / 4)
    assert image.pixelColor(top.toPoint()) != image.pixelColor(bottom.toPoint())


# -- the keyboard stays in the shown period ---------------------------------------------------------

def press(board: BareBoard, key: Qt.Key) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(board.view, key)


def test_arrow_keys_only_select_bookings_that_are_shown(qtbot: QtBot, company: ServiceContext) -> None:
    monday = new_order(company, "Monday job")
    wednesday = new_order(company, "Wednesday job")
    last_week = new_order(company, "Last week job")
    ben_wednesday = new_order(company, "Ben Wednesday")
    dispatch.book(company, last_week, "T1", at(-7 * 24), at(-7 * 24 + 1))
    dispatch.book(company, monday, "T1", at(0), at(1))
    dispatch.book(company, wednesday, "T1", at(48), at(49))
    dispatch.book(company, ben_wednesday, "T2", at(48), at(49))
    board = BareBoard(qtbot, company)  # Monday only
    board.view.setFocus()
    press(board, Qt.Key.Key_Down)  # nothing selected yet: the first booking shown, not last week's
    assert board.state.selected == {board.booking_id(monday)}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Right):
        press(board, key)
        assert board.state.selected == {board.booking_id(monday)}, key
    press(board, Qt.Key.Key_Down)  # Ben has nothing on Monday: stay
    assert board.state.selected == {board.booking_id(monday)}
    press(board, Qt.Key.Key_Delete)
    assert board.unbooked == [[board.booking_id(monday)]]


def test_the_selection_follows_the_shown_period_so_delete_never_hits_an_unseen_booking(
    qtbot: QtBot, company: ServiceContext
) -> None:
    from datetime import timedelta

    monday = new_order(company, "Monday job")
    dispatch.book(company, monday, "T1", at(0), at(1))
    board = BareBoard(qtbot, company)
    click(board, board.point(at(0.5), "T1"))
    assert board.state.selected == {board.booking_id(monday)}
    board.show(replace(board.axis, first_day=board.axis.first_day + timedelta(days=1)))  # Tuesday
    board.view.setFocus()
    press(board, Qt.Key.Key_Delete)
    assert board.unbooked == []
    assert board.state.selected == set()


def test_keyboard_selection_scrolls_the_booking_into_view(qtbot: QtBot, company: ServiceContext) -> None:
    early = new_order(company, "Early")
    late = new_order(company, "Late")
    dispatch.book(company, early, "T1", at(-2), at(-1), confirm=True)  # 07:00
    dispatch.book(company, late, "T1", at(9), at(10), confirm=True)  # 18:00
    board = BareBoard(qtbot, company, px_per_hour=150, width=900)
    board.view.horizontalScrollBar().setValue(0)
    board.view.setFocus()
    press(board, Qt.Key.Key_Right)
    assert board.state.selected == {board.booking_id(early)}
    press(board, Qt.Key.Key_Right)
    assert board.state.selected == {board.booking_id(late)}
    x = board.point(at(9.5), "T1").x()
    assert 0 <= x <= board.view.viewport().width()


# -- the hours fill the board to its right edge -----------------------------------------------------

def test_the_shown_period_reaches_the_right_edge_also_after_a_resize(qtbot: QtBot, company: ServiceContext) -> None:
    board = BareBoard(qtbot, company, days=7, px_per_hour=8, width=1400)  # a week at 8 px an hour: 784 px
    view = board.view
    assert view.axis.width == pytest.approx(view.viewport().width(), abs=1)
    board.window.resize(1800, 500)
    qtbot.waitUntil(lambda: abs(view.axis.width - view.viewport().width()) <= 1)
    # Drawn to the edge: Ana's Sunday (off) is shaded right up to the last pixel.
    image = view.viewport().grab().toImage()
    edge = image.pixelColor(view.viewport().width() - 2, int(board.point(at(0), "T1").y()))
    assert edge.name() == style.OFF_SHIFT.name()
    # A zoom wider than the board is kept as asked (then the board scrolls).
    board.show(replace(board.axis, px_per_hour=40))
    assert view.axis.px_per_hour == 40 and view.horizontalScrollBar().maximum() > 0


def test_the_day_fills_the_board_once_set_before_the_board_had_its_size(qtbot: QtBot, company: ServiceContext) -> None:
    board = BareBoard(qtbot, company, px_per_hour=10, width=600)
    board.window.resize(1600, 500)
    qtbot.waitUntil(lambda: abs(board.view.axis.width - board.view.viewport().width()) <= 1)
    header = board.view._header.grab().toImage()
    assert header.pixelColor(header.width() - 2, 5).name() != style.ROW_EVEN.name()


# -- while dragging: where it lands, visible, and the note not cut ----------------------------------

def test_dragging_shows_where_the_booking_lands_over_whatever_is_there(qtbot: QtBot, company: ServiceContext) -> None:
    moved = new_order(company, "Moved")
    there = new_order(company, "Already there")
    dispatch.book(company, moved, "T1", at(0), at(2))
    dispatch.book(company, there, "T2", at(2), at(4))
    board = BareBoard(qtbot, company)
    vp = board.view.viewport()
    start, end = board.point(at(1), "T1"), board.point(at(3), "T2")  # onto Ben's booking
    mouse(vp, "press", start)
    for i in range(1, 7):
        mouse(vp, "move", start + (end - start) * (i / 6))
    note = board.view.drag_note()
    assert note[0] == f"{moved} → Ben Okafor, Mon 30 Nov 11:00–13:00"
    assert any("overlaps" in line for line in note[1:])
    image = vp.grab().toImage()
    ghost = board.view.painter.ghost_rects(board.view._ghosts[0])[0]
    ghost.translate(-board.view.horizontalScrollBar().value(), -board.view.verticalScrollBar().value())
    # The outline is drawn over Ben's booking, in the outline's colour.
    assert image.pixelColor(int(ghost.center().x()), int(ghost.top())).name() == style.GHOST_EDGE_CONFLICT.name()
    mouse(vp, "release", end)


def test_the_drag_note_is_never_cut(qtbot: QtBot, company: ServiceContext) -> None:
    moved = new_order(company, "Moved")
    dispatch.book(company, moved, "T1", at(0), at(2))
    board = BareBoard(qtbot, company)
    vp = board.view.viewport()
    start, end = board.point(at(1), "T1"), board.point(at(2), "T1")
    mouse(vp, "press", start)
    for i in range(1, 4):
        mouse(vp, "move", start + (end - start) * (i / 3))
    box, lines = board.view.drag_note_layout()
    assert [line for line, _ in lines][-1] == "No conflicts"
    from PySide6.QtGui import QFontMetricsF

    for i, (line, rect) in enumerate(lines):
        font = board.view.painter.bold if i == 0 else board.view.painter.small
        need = QFontMetricsF(font, vp).horizontalAdvance(line)
        assert rect.width() >= need and box.contains(rect), line
    assert box.right() <= vp.width() and box.left() >= 0
    mouse(vp, "release", end)


def test_the_queue_drags_a_small_tag_beside_the_pointer_not_the_row_over_the_drop(qtbot: QtBot) -> None:
    from PySide6.QtCore import QRect

    from dispatch_console.ui.board.queue import QueueView

    view = QueueView()
    qtbot.addWidget(view)
    pixmap, hot_spot = view.drag_picture(["WO-1042"])
    placed = QRect(-hot_spot, pixmap.deviceIndependentSize().toSize())  # relative to the pointer
    assert placed.right() < 0 and placed.bottom() < 0  # above and to the left: the drop spot is free
    assert placed.height() < 40 and placed.width() < 200


# -- shading follows each technician's shift and workdays -------------------------------------------

@pytest.mark.parametrize("first", ["2026-11-30", "2026-10-26", "2027-03-08"])  # DST ends 1 Nov, starts 14 Mar
def test_every_row_is_shaded_exactly_outside_its_shift(qtbot: QtBot, company: ServiceContext, first: str) -> None:
    from datetime import date

    from dispatch_console.domain.workdays import is_workday

    board = BareBoard(qtbot, company, days=7, first=date.fromisoformat(first), width=1600)
    axis = board.view.axis
    for r, tech in enumerate(board.state.rows):
        picture = board.view._row_picture(r).toImage()
        start = tech.shift_start.hour + tech.shift_start.minute / 60
        end = tech.shift_end.hour + tech.shift_end.minute / 60
        for i in range(axis.days):
            for quarter in range(axis.first_hour * 4, axis.last_hour * 4):
                hour = quarter / 4 + 0.125
                off = not is_workday(tech.workdays, axis.day(i)) or not start < hour < end
                colour = picture.pixelColor(int(axis.x_of_wall(i, hour)), 2).name()
                if colour in (style.OFF_SHIFT.name(), style.ROW_EVEN.name(), style.ROW_ODD.name()):
                    assert (colour == style.OFF_SHIFT.name()) == off, (tech.name, axis.day(i), hour)
