"""Every form says what is wrong beside the field, keeps what was typed through a stale save, and
never drops unsaved typing when its window is closed by mistake."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from dispatch_console.domain.errors import ConcurrencyConflict, InvalidFields, RuleViolation
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from tests.ui.board.driving import answer_dialog

SAVED = {"code": "C1", "name": "Lakeside Medical", "terms": "30 days"}


class CustomerDialog(RecordDialog):
    """A small editor over a dict standing in for the database; ``answer`` is what saving does."""

    def __init__(self, operations: Operations, answer: Callable[[dict[str, str]], object]) -> None:
        super().__init__("Customer C1", operations)
        self.answer = answer
        self.stored = dict(SAVED)
        self.code = self.form.add("code", "Code:", QLineEdit())
        self.name = self.form.add("name", "Name:", QLineEdit())
        terms = QComboBox()
        terms.addItems(["30 days", "15 days", "on receipt"])
        self.terms = self.form.add("terms", "Payment terms:", terms)
        self.load()

    def load(self) -> None:
        self.code.setText(self.stored["code"])  # type: ignore[attr-defined]
        self.name.setText(self.stored["name"])  # type: ignore[attr-defined]
        self.terms.setCurrentText(self.stored["terms"])  # type: ignore[attr-defined]
        self.form.mark_clean()

    def save_op(self) -> Op[object]:
        shown = {name: self.form.value(name) for name in self.form.fields}
        return Op("Save customer C1", lambda _confirm: self.answer(shown))


def open_dialog(qtbot: QtBot, ops: Operations, answer: Callable[[dict[str, str]], object]) -> CustomerDialog:
    dialog = CustomerDialog(ops, answer)
    # At the end of the test nothing is asked: what it typed is not the point any more.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def refuse_fields(_shown: dict[str, str]) -> object:
    raise InvalidFields("customer C1", {
        "name": "the name is empty; type the customer's name",
        "code": "customer code 'C2' is already used by customer Elm Street Bakery; choose another code",
    })


def test_field_problems_show_beside_each_field_and_typing_clears_its_own(qtbot: QtBot, ops: Operations) -> None:
    dialog = open_dialog(qtbot, ops, refuse_fields)
    retype(qtbot, dialog.name, "")  # type: ignore[arg-type]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: stays open with everything typed
    assert dialog.form.problem("name") == "The name is empty; type the customer's name."
    assert dialog.form.problem("code").startswith("Customer code 'C2' is already used by customer Elm Street")
    assert dialog.form.problem("terms") == ""
    assert not dialog.form.banner.isVisible()
    assert dialog.focusWidget() is dialog.name  # the first field with a problem
    qtbot.keyClicks(dialog.name, "Lakeside")  # type: ignore[arg-type]
    assert dialog.form.problem("name") == "" and dialog.form.problem("code") != ""


def test_a_rule_refusal_is_said_above_the_form(qtbot: QtBot, ops: Operations) -> None:
    def refuse(_shown: dict[str, str]) -> object:
        raise RuleViolation("cannot save customer C1", ["the customer is on credit hold"])

    dialog = open_dialog(qtbot, ops, refuse)
    retype(qtbot, dialog.name, "Lakeside Medical Center")  # type: ignore[arg-type]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.banner.isVisible() and not dialog.form.banner.reload_button.isVisible()
    assert dialog.form.banner.text.text() == "Cannot save customer C1: the customer is on credit hold."
    assert dialog.isVisible() and dialog.name.text() == "Lakeside Medical Center"  # type: ignore[attr-defined]


def test_a_stale_copy_names_who_offers_reload_and_keeps_what_was_typed(qtbot: QtBot, ops: Operations) -> None:
    def refuse(_shown: dict[str, str]) -> object:
        raise ConcurrencyConflict(
            "customer C1 was changed by Ben at 2026-11-30 10:12 after you opened it; "
            "your change was not saved. Reload it and make your change again."
        )

    dialog = open_dialog(qtbot, ops, refuse)
    retype(qtbot, dialog.name, "Lakeside Medical Center")  # type: ignore[arg-type]
    dialog.terms.setCurrentText("15 days")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    banner = dialog.form.banner
    assert "changed by Ben at 2026-11-30 10:12" in banner.text.text()
    assert banner.reload_button.isVisible()
    dialog.stored["name"] = "Lakeside Medical Group"  # what Ben saved
    qtbot.mouseClick(banner.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.name.text() == "Lakeside Medical Group"  # type: ignore[attr-defined]
    assert banner.text.text() == (
        "Reloaded with the saved values. What you had typed, to enter again:\n"
        "• Name: Lakeside Medical Center\n• Payment terms: 15 days"
    )
    assert not banner.reload_button.isVisible() and not dialog.form.is_dirty()


def test_a_good_save_closes_the_editor_and_says_so(qtbot: QtBot, ops: Operations) -> None:
    saved: list[dict[str, str]] = []
    said: list[str] = []
    ops.status_message.connect(said.append)
    dialog = open_dialog(qtbot, ops, lambda shown: saved.append(shown) or 2)
    retype(qtbot, dialog.name, "Lakeside Medical Center")  # type: ignore[arg-type]
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter saves, as the default button
    assert saved == [{"code": "C1", "name": "Lakeside Medical Center", "terms": "30 days"}]
    assert not dialog.isVisible() and dialog.saved == 2 and said == ["Save customer C1"]


def test_closing_with_unsaved_typing_asks_and_cancel_keeps_it(qtbot: QtBot, ops: Operations) -> None:
    dialog = open_dialog(qtbot, ops, lambda shown: 1)
    retype(qtbot, dialog.name, "Lakeside Medical Center")  # type: ignore[arg-type]
    answer_dialog("Cancel")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.name.text() == "Lakeside Medical Center"  # type: ignore[attr-defined]
    answer_dialog("Cancel")
    dialog.close()  # the window's close button
    assert dialog.isVisible()


def test_closing_with_unsaved_typing_can_discard_or_save(qtbot: QtBot, ops: Operations) -> None:
    saved: list[dict[str, str]] = []
    dialog = open_dialog(qtbot, ops, lambda shown: saved.append(shown) or 3)
    retype(qtbot, dialog.name, "Lakeside Medical Center")  # type: ignore[arg-type]
    answer_dialog("Discard")
    dialog.close()
    assert not dialog.isVisible() and saved == []

    again = open_dialog(qtbot, ops, lambda shown: saved.append(shown) or 3)
    retype(qtbot, again.name, "Lakeside Medical Center")  # type: ignore[arg-type]
    answer_dialog("Save")
    again.close()
    assert not again.isVisible() and saved[-1]["name"] == "Lakeside Medical Center"
    assert again.result() == again.DialogCode.Accepted


def test_a_refused_save_from_the_close_question_keeps_the_editor_open(qtbot: QtBot, ops: Operations) -> None:
    dialog = open_dialog(qtbot, ops, refuse_fields)
    retype(qtbot, dialog.name, "")  # type: ignore[arg-type]
    answer_dialog("Save")
    dialog.close()
    assert dialog.isVisible() and dialog.form.problem("name") != ""


def test_closing_an_untouched_editor_asks_nothing(qtbot: QtBot, ops: Operations) -> None:
    dialog = open_dialog(qtbot, ops, lambda shown: 1)
    dialog.terms.setCurrentText("15 days")  # type: ignore[attr-defined]
    dialog.terms.setCurrentText("30 days")  # type: ignore[attr-defined]  # back as saved
    dialog.close()
    assert not dialog.isVisible()
