"""What the board page offers and asks, as the dispatcher found it (issue: the first hour)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from dispatch_console.services import dispatch, execution
from tests.ui.board.driving import answer_dialog, at, new_order
from tests.ui.board.test_drag_and_drop import bookings_of


def menu_entries(page, booking_id: int) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    menu = page.booking_menu(booking_id)
    try:
        return {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    finally:
        menu.deleteLater()


def test_a_suggestion_books_once_and_the_panel_then_shows_the_booking(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company, required_skills=("HVAC",))
    page = make_page()
    row = next(r for r in range(page.queue_filter.rowCount()) if number in page.queue_filter.data(page.queue_filter.index(r, 1)))
    page.queue_view.selectRow(row)
    page.flush_suggestions()
    card = page.side.cards[0]
    card.button.click()
    assert len(bookings_of(company, number)) == 1
    assert page.undo_stack.count() == 1
    card.button.click()  # pressed again: the card is stale, nothing more is booked or undoable
    assert len(bookings_of(company, number)) == 1 and page.undo_stack.count() == 1
    # The panel now shows the new booking (selected), with fresh suggestions for moving it.
    (booked,) = [b for b in page.state.bookings.values() if b.number == number]
    assert page.state.selected == {booked.id}
    page.flush_suggestions()
    assert page.side.cards and all(c is not card for c in page.side.cards)


def test_finished_work_offers_no_unbook_and_says_why(company, make_page, clock) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    execution.start(company, number)
    clock.now = at(3)
    execution.log_labor(company, number, "T1", at(0), at(2))
    execution.complete(company, number)
    page = make_page()
    entries = menu_entries(page, booked.booking_id)
    unbook = next(text for text in entries if text.startswith("Unbook"))
    assert not entries[unbook] and "it is completed" in unbook
    assert not entries["Dispatch — it is completed, and this needs it scheduled"]
    assert not any(enabled for text, enabled in entries.items() if text.startswith("Add a visit"))
    assert entries[f"Open {number}"]


def test_scheduled_work_offers_dispatch_and_unbook(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    entries = menu_entries(page, booked.booking_id)
    assert entries["Dispatch"] and entries["Unbook"] and entries["Add a visit the next workday"]


def test_deleting_dispatched_work_asks_first(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    dispatch.dispatch(company, number)
    page = make_page()
    page.board.select({booked.booking_id}, focus=booked.booking_id)
    page.board.setFocus()
    answer_dialog("Cancel")
    QTest.keyClick(page.board, Qt.Key.Key_Delete)
    assert bookings_of(company, number) == [("T1", at(0), at(2))] and page.undo_stack.count() == 0
    answer_dialog(f"Unbook {number}")
    QTest.keyClick(page.board, Qt.Key.Key_Delete)
    assert bookings_of(company, number) == [] and page.undo_stack.count() == 1


def test_deleting_scheduled_work_does_not_ask(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    page.board.select({booked.booking_id}, focus=booked.booking_id)
    page.board.setFocus()
    QTest.keyClick(page.board, Qt.Key.Key_Delete)
    assert bookings_of(company, number) == []


def test_an_undo_refused_because_another_pc_changed_it_leaves_the_history(company, make_page, other_pc) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    page = make_page()
    page.actions.book([dispatch.Placement(number, "T1", at(0), at(2))])
    (booked,) = [b for b in page.state.bookings.values() if b.number == number]
    dispatch.move_booking(other_pc, booked.id, "T2", at(3), at(5), expected_version=booked.version)
    page.undo_stack.undo()
    box = page.operations.last_refusal
    assert box is not None and "Olga Office" in box.informativeText()
    box.close()
    assert bookings_of(company, number) == [("T2", at(3), at(5))]  # her move stands
    assert page.undo_stack.count() == 0  # the refused step is gone from the history
