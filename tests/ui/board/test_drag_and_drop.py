"""The board driven as a dispatcher drives it: drops from the queue, moves, resizes, unbooking,
multi-select, conflicts shown and confirmed, and undo/redo of each."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Status
from dispatch_console.services import board, dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from tests.ui.board.driving import (
    answer_dialog,
    at,
    booking_mime,
    drag_on_board,
    drop_mime,
    new_order,
    point_at,
    queue_mime,
)


def bookings_of(ctx: ServiceContext, number: str) -> list[tuple[str, object, object]]:
    wo = work_orders.details(ctx, number)
    return [(b.technician.code, b.start, b.end) for b in wo.bookings]


def queued(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.number for i in page.queue_model.items()]


def test_drop_from_the_queue_books_the_estimated_duration_snapped(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    page = make_page()
    assert number in queued(page)
    # Drop at 10:07 on Ben's row: snapped to 10:00, two hours long (the estimate).
    drop = drop_mime(page.board.viewport(), queue_mime(page, number), point_at(page, at(1 + 7 / 60), "T2"))
    assert drop.isAccepted()
    assert bookings_of(company, number) == [("T2", at(1), at(3))]
    assert number not in queued(page)
    assert work_orders.details(company, number).status == Status.SCHEDULED
    assert page.undo_stack.undoText() == f"Book {number} on Ben Okafor Mon 30 Nov 10:00"

    page.undo_stack.undo()
    assert bookings_of(company, number) == []
    assert number in queued(page) and not page.state.bookings
    page.undo_stack.redo()
    assert bookings_of(company, number) == [("T2", at(1), at(3))]
    assert number not in queued(page) and len(page.state.bookings) == 1


def test_a_drop_outside_the_rows_is_refused(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    page = make_page()
    below = QPointF(200, len(page.state.rows) * page.board.row_height + 30)
    drop = drop_mime(page.board.viewport(), queue_mime(page, number), below)
    assert not drop.isAccepted()
    assert bookings_of(company, number) == []


def test_move_a_booking_to_another_time_and_technician(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    start = point_at(page, at(0.5), "T1")
    end = point_at(page, at(2.5), "T2")  # two hours later, one row down
    drag_on_board(page, start, end)
    assert bookings_of(company, number) == [("T2", at(2), at(4))]
    assert page.undo_stack.undoText().startswith(f"Move {number} to Ben Okafor")
    page.undo_stack.undo()
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    assert page.state.bookings[booked.booking_id].start == at(0)
    page.undo_stack.redo()
    assert bookings_of(company, number) == [("T2", at(2), at(4))]


def test_resize_by_dragging_the_end_edge(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    rect = page.board.painter.block_rects(page.state.bookings[booked.booking_id], 0)[0]
    edge = QPointF(rect.right() - 2, rect.center().y()) - QPointF(
        page.board.horizontalScrollBar().value(), page.board.verticalScrollBar().value()
    )
    one_hour = page.board.axis.px_per_hour
    drag_on_board(page, edge, edge + QPointF(one_hour, 0))
    assert bookings_of(company, number) == [("T1", at(0), at(3))]
    assert page.undo_stack.undoText().startswith(f"Resize {number}")
    page.undo_stack.undo()
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    page.undo_stack.redo()
    assert bookings_of(company, number) == [("T1", at(0), at(3))]


def test_drag_back_to_the_queue_unbooks(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    drop = drop_mime(page.queue_view.viewport(), booking_mime([(booked.booking_id, booked.version)]), QPointF(50, 50))
    assert drop.isAccepted()
    assert bookings_of(company, number) == []
    assert number in queued(page)
    assert work_orders.details(company, number).status == Status.OPEN
    page.undo_stack.undo()
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    assert number not in queued(page)
    page.undo_stack.redo()
    assert bookings_of(company, number) == [] and number in queued(page)


def test_select_several_and_move_them_together(company, make_page) -> None:  # type: ignore[no-untyped-def]
    a, b = new_order(company, "A"), new_order(company, "B")
    dispatch.book(company, a, "T1", at(0), at(1))
    dispatch.book(company, b, "T2", at(1), at(2))
    page = make_page()
    vp = page.board.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_at(page, at(0.5), "T1").toPoint())
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point_at(page, at(1.5), "T2").toPoint())
    assert len(page.state.selected) == 2
    drag_on_board(page, point_at(page, at(0.5), "T1"), point_at(page, at(1.5), "T1"))
    assert bookings_of(company, a) == [("T1", at(1), at(2))]
    assert bookings_of(company, b) == [("T2", at(2), at(3))]
    assert page.undo_stack.undoText() == f"Move 2 bookings ({a}, {b})"
    page.undo_stack.undo()
    assert bookings_of(company, a) == [("T1", at(0), at(1))]
    assert bookings_of(company, b) == [("T2", at(1), at(2))]
    page.undo_stack.redo()
    assert bookings_of(company, a) == [("T1", at(1), at(2))]
    assert bookings_of(company, b) == [("T2", at(2), at(3))]


def test_rubber_band_selects_the_blocks_it_touches(company, make_page) -> None:  # type: ignore[no-untyped-def]
    a, b, c = new_order(company, "A"), new_order(company, "B"), new_order(company, "C")
    ra = dispatch.book(company, a, "T1", at(0), at(1))
    rb = dispatch.book(company, b, "T2", at(0), at(1))
    dispatch.book(company, c, "T2", at(5), at(6))
    page = make_page()
    top_left = point_at(page, at(-0.5), "T1") - QPointF(0, 10)
    bottom_right = point_at(page, at(1.5), "T2") + QPointF(0, 10)
    drag_on_board(page, top_left, bottom_right)
    assert page.state.selected == {ra.booking_id, rb.booking_id}


def test_conflict_is_shown_while_dragging_and_confirmation_is_recorded(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company, required_skills=("HVAC",))
    dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    page._on_zoom_requested(-2)  # the whole day in view
    vp = page.board.viewport()
    from tests.ui.board.driving import mouse

    start = point_at(page, at(0.5), "T1")
    target = point_at(page, at(7.5), "T1")  # would end at 18:00, after the 17:00 shift end
    mouse(vp, "press", start)
    for i in range(1, 5):
        mouse(vp, "move", start + (target - start) * (i / 4))
    assert any("outside Ana Reyes's shift 08:00–17:00" in c for c in page.board.ghost_conflicts())
    # First the dispatcher says no: nothing changes.
    answer_dialog("Cancel")
    mouse(vp, "release", target)
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    # Then yes: saved, with the confirmed conflict recorded on the booking.
    answer_dialog("Save anyway")
    drag_on_board(page, start, target)
    assert bookings_of(company, number) == [("T1", at(7), at(9))]
    (block,) = board.bookings_of_work_orders(company, [number])
    assert "outside Ana Reyes's shift" in (block.confirmed_conflicts or "")
    page.undo_stack.undo()
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    page.undo_stack.redo()
    assert bookings_of(company, number) == [("T1", at(7), at(9))]


def test_queue_drop_with_a_missing_skill_asks_first(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company, required_skills=("ELEC",))
    page = make_page()
    answer_dialog("Cancel")
    drop_mime(page.board.viewport(), queue_mime(page, number), point_at(page, at(0), "T1"))
    assert bookings_of(company, number) == [] and number in queued(page)
    answer_dialog("Save anyway")
    drop_mime(page.board.viewport(), queue_mime(page, number), point_at(page, at(0), "T1"))
    assert bookings_of(company, number) == [("T1", at(0), at(2))]


def test_keyboard_moves_selection_deletes_and_opens(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    a, b, c = new_order(company, "A"), new_order(company, "B"), new_order(company, "C")
    ra = dispatch.book(company, a, "T1", at(0), at(1))
    rb = dispatch.book(company, b, "T1", at(2), at(3))
    rc = dispatch.book(company, c, "T2", at(2), at(3))
    page = make_page()
    page.board.setFocus()
    QTest.keyClick(page.board, Qt.Key.Key_Right)  # nothing selected: the first booking
    assert page.state.selected == {ra.booking_id}
    QTest.keyClick(page.board, Qt.Key.Key_Right)
    assert page.state.selected == {rb.booking_id}
    QTest.keyClick(page.board, Qt.Key.Key_Down)
    assert page.state.selected == {rc.booking_id}
    with qtbot.waitSignal(page.open_work_order) as opened:
        QTest.keyClick(page.board, Qt.Key.Key_Return)
    assert opened.args == [c]
    QTest.keyClick(page.board, Qt.Key.Key_Delete)
    assert bookings_of(company, c) == [] and c in queued(page)
    assert page.undo_stack.undoText() == f"Unbook {c}"


def test_double_click_opens_the_work_order(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    with qtbot.waitSignal(page.open_work_order) as opened:
        QTest.mouseDClick(page.board.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          point_at(page, at(1), "T1").toPoint())
    assert opened.args == [number]


def test_shift_a_technicians_day_as_one_step(company, make_page) -> None:  # type: ignore[no-untyped-def]
    a, b = new_order(company, "A"), new_order(company, "B")
    dispatch.book(company, a, "T1", at(0), at(1))
    dispatch.book(company, b, "T1", at(1), at(2))
    page = make_page()
    page.shift_day("T1", at(0).date(), 45)
    assert bookings_of(company, a) == [("T1", at(0.75), at(1.75))]
    assert bookings_of(company, b) == [("T1", at(1.75), at(2.75))]
    page.undo_stack.undo()
    assert bookings_of(company, a) == [("T1", at(0), at(1))]


def test_suggestion_is_booked_with_one_click(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company, required_skills=("HVAC",))
    dispatch.book(company, new_order(company, "Busy"), "T1", at(-1), at(3))
    page = make_page()
    row = next(r for r in range(page.queue_filter.rowCount()) if number in page.queue_filter.data(page.queue_filter.index(r, 1)))
    page.queue_view.selectRow(row)
    page.flush_suggestions()
    cards = page.side.cards
    assert [c.suggestion.tech_code for c in cards] == ["T2", "T1"]  # Ben is free now, Ana from 12:00
    assert any("free Mon 30 Nov 08:00" in r for r in cards[0].suggestion.reasons)
    cards[0].button.click()
    assert bookings_of(company, number) == [("T2", at(-1), at(1))]
    assert number not in queued(page)


def test_unbook_refused_when_work_started_says_why(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from dispatch_console.services import execution

    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    execution.start(company, number)
    page = make_page()
    page.board.select({booked.booking_id})
    with qtbot.waitSignal(page.status_message) as said:  # refused before anything is asked
        QTest.keyClick(page.board, Qt.Key.Key_Delete)
    assert said.args == [
        f"{number} cannot be unbooked: work has started; its last booking stays as the record of who is on it"
    ]
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    assert page.undo_stack.count() == 0


def test_moves_snap_to_a_quarter_hour(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    px = page.board.axis.px_per_hour
    start = point_at(page, at(0.5), "T1")
    drag_on_board(page, start, start + QPointF(px * (20 / 60), 0))  # 20 minutes -> 15
    (tech, s, e) = bookings_of(company, number)[0]
    assert s == at(0.25) and e - s == timedelta(hours=2)


def test_a_second_visit_and_a_second_technician_on_one_work_order(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    page.add_technician(booked.booking_id, "T2")
    page.add_next_visit(booked.booking_id)
    both = sorted([("T1", at(0), at(2)), ("T2", at(0), at(2)), ("T1", at(24), at(26))])
    assert sorted(bookings_of(company, number)) == both
    assert page.undo_stack.undoText() == f"Add a visit of {number} on Ana Reyes Tue 01 Dec 09:00"
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    page.undo_stack.redo()
    page.undo_stack.redo()
    assert sorted(bookings_of(company, number)) == both


def test_dragging_near_the_edge_scrolls_the_board(company, make_page) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.board.driving import mouse

    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    page.resize(900, 600)
    page._on_zoom_requested(2)  # the day wider than the board
    vp = page.board.viewport()
    start = point_at(page, at(0.5), "T1")
    mouse(vp, "press", start)
    edge = QPointF(vp.width() - 5, start.y())
    for _ in range(5):
        mouse(vp, "move", edge)
    assert page.board.horizontalScrollBar().value() > 0
    back = point_at(page, at(0.5), "T1")  # where it started, in the scrolled board
    mouse(vp, "move", back)
    mouse(vp, "release", back)
    assert bookings_of(company, number) == [("T1", at(0), at(2))]


def test_finished_work_cannot_be_dragged_and_says_why(company, make_page, qtbot: QtBot, clock) -> None:  # type: ignore[no-untyped-def]
    from dispatch_console.services import execution

    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(2))
    execution.start(company, number)
    clock.now = at(3)
    execution.log_labor(company, number, "T1", at(0), at(2))
    execution.complete(company, number)
    page = make_page()
    with qtbot.waitSignal(page.status_message) as said:
        drag_on_board(page, point_at(page, at(1), "T1"), point_at(page, at(3), "T2"))
    assert said.args == [f"{number} cannot move: it is completed, and its bookings are part of the record"]
    assert bookings_of(company, number) == [("T1", at(0), at(2))]
    assert page.undo_stack.count() == 0
