"""Parts used and notes, driven as a user: the part found as you type, its price from the list,
refusals at the field; a note typed and added, shown exactly as typed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.execution import NotesPane, PartsUsedPane
from tests.ui.work_orders.execution.conftest import open_pane


def parts_of(ctx: ServiceContext, number: str) -> list[tuple[str, Decimal, Decimal | None]]:
    return [(u.part.sku, u.quantity, u.unit_price) for u in work_orders.details(ctx, number).parts_used]


def test_a_part_found_as_you_type_at_its_list_price(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, PartsUsedPane, company, ops, job)
    assert pane.total_label.text() == "No parts used yet."
    qtbot.mouseClick(pane.add_button, Qt.MouseButton.LeftButton)
    dialog = pane.add_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.search, "refrig")
    assert dialog.results.count() == 1
    assert dialog.chosen is not None and dialog.chosen.sku == "R410A"
    assert dialog.price.text() == "28.40"  # the list price
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "2.5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert parts_of(company, job) == [("R410A", Decimal("2.5"), None)]
    assert pane.model.index(0, 0).data() == "R410A"
    assert pane.model.index(0, 5).data() == "71.00"
    assert pane.total_label.text() == "Parts total 71.00 USD before tax."


def test_a_price_of_its_own_for_this_job(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, PartsUsedPane, company, ops, job)
    dialog = pane.open_add_dialog()
    qtbot.keyClicks(dialog.search, "F-20")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.chosen is not None and dialog.chosen.sku == "F-2020"
    dialog.price.selectAll()
    qtbot.keyClicks(dialog.price, "10.00")
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    assert parts_of(company, job) == [("F-2020", Decimal("1"), Decimal("10.00"))]
    assert "list price 12.50" in pane.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)


def test_bad_quantities_and_no_part_are_said_at_their_fields_and_write_nothing(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, PartsUsedPane, company, ops, job)
    dialog = pane.open_add_dialog()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("part").startswith("No part is chosen")
    qtbot.keyClicks(dialog.search, "filter")
    assert dialog.form.problem("part") == ""
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "two")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("quantity") == "'two' is not a decimal quantity (use digits and '.')."
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("quantity") == "The quantity of 'F-2020' must be more than 0."
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "1")
    dialog.price.selectAll()
    qtbot.keyClicks(dialog.price, "-3")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("unit_price") == "The unit price of 'F-2020' cannot be negative."
    assert dialog.isVisible()
    assert parts_of(company, job) == []
    dialog.form.mark_clean()
    dialog.reject()


def test_parts_wait_until_the_work_is_dispatched(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str,
) -> None:
    pane = open_pane(qtbot, PartsUsedPane, company, ops, scheduled_job)
    assert not pane.add_button.isEnabled()
    assert pane.add_button.toolTip().startswith("<qt>It is scheduled, and this needs it")


def test_a_note_typed_and_added_shows_exactly_as_typed(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, NotesPane, company, ops, job)
    assert "No notes yet." in pane.browser.toPlainText()
    text = "Found <b>two</b> loose belts & a cracked pulley"
    qtbot.keyClicks(pane.text, text)
    qtbot.mouseClick(pane.add_button, Qt.MouseButton.LeftButton)
    [note] = work_orders.details(company, job).notes
    assert (note.author, note.text) == ("Dana Dispatcher", text)
    assert pane.text.toPlainText() == ""
    shown = pane.browser.toPlainText()
    assert "Dana Dispatcher" in shown and text in shown and "Thu 26 Nov 09:00" in shown
    # Ctrl+Enter adds the next one
    qtbot.keyClicks(pane.text, "Belts replaced")
    qtbot.keyClick(pane.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [n.text for n in work_orders.details(company, job).notes] == [text, "Belts replaced"]


def test_an_empty_note_is_said_at_the_field(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, NotesPane, company, ops, job)
    qtbot.keyClicks(pane.text, "   ")
    qtbot.mouseClick(pane.add_button, Qt.MouseButton.LeftButton)
    assert pane.form.problem("text") == "The note is empty."
    assert work_orders.details(company, job).notes == []


def test_notes_are_allowed_before_the_work_starts(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str,
) -> None:
    pane = open_pane(qtbot, NotesPane, company, ops, scheduled_job)
    assert pane.add_button.isEnabled()
