"""The crew sheets dialog as the dispatcher uses it: tomorrow's technicians listed with their job
counts and all checked, a day chosen with the keyboard, the sheets of only the checked ones, and
a day without work said in words with nothing to print."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.documents.crew_sheets import crew_sheets_pdf
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.printing.actions import PrintingActions
from dispatch_console.ui.printing.crew_sheets_dialog import CrewSheetsDialog
from tests.ui.board.driving import when_modal
from tests.ui.printing.fixtures import (
    FRIDAY,
    SATURDAY,
    friday_work,
    page_count,
    pages_in,
    pdf_printer,
    text_of,
)


@pytest.fixture
def printing(qtbot: QtBot, company: ServiceContext, tmp_path: Path) -> PrintingActions:
    window = QWidget()
    qtbot.addWidget(window)
    operations = Operations(company, ChangeBus(company, window), window)
    return PrintingActions(company, operations, window, paths=AppPaths.under(tmp_path / "app"))


def open_dialog(qtbot: QtBot, printing: PrintingActions) -> CrewSheetsDialog:
    dialog = printing.open_crew_sheets_dialog()
    assert isinstance(dialog, CrewSheetsDialog)
    qtbot.addWidget(dialog)
    return dialog


def listed(dialog: CrewSheetsDialog) -> list[tuple[str, str, bool]]:
    model = dialog.view.model()
    return [
        (
            model.index(row, 0).data(),
            model.index(row, 1).data(),
            model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value,
        )
        for row in range(model.rowCount())
    ]


def saved_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def answer(_parent: QWidget | None, _caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def test_tomorrows_technicians_are_listed_with_their_jobs_all_checked(
    qtbot: QtBot, printing: PrintingActions, company: ServiceContext
) -> None:
    friday_work(company)
    dialog = open_dialog(qtbot, printing)
    assert dialog.day() == FRIDAY
    assert dialog.day_note.text() == "tomorrow"
    assert dialog.list_title.text() == "Technicians with work on Fri 27 Nov:"
    assert listed(dialog) == [("Ana Reyes (T1)", "2 jobs", True), ("Ben Okafor (T2)", "1 job", True)]
    assert dialog.summary.text() == "2 of 2 technicians checked: 3 jobs, one sheet each."
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_the_words_fit_every_technician(qtbot: QtBot, printing: PrintingActions, company: ServiceContext) -> None:
    """The crew is men and women (Ana Reyes is listed first): the dialog says "their jobs"."""
    friday_work(company)
    dialog = open_dialog(qtbot, printing)
    words = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog))
    assert "their jobs in time order" in words
    assert not {"his", "him", "he", "her", "she"} & set(words.lower().replace(",", " ").replace(":", " ").split())


def test_only_the_checked_technicians_get_sheets(
    qtbot: QtBot, printing: PrintingActions, company: ServiceContext, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    work = friday_work(company)
    dialog = open_dialog(qtbot, printing)
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.view.model().index(1, 0))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)  # Ben unchecked
    assert listed(dialog)[1] == ("Ben Okafor (T2)", "1 job", False)
    assert dialog.summary.text() == "1 of 2 technicians checked: 2 jobs, one sheet each."
    asked = saved_to(monkeypatch, tmp_path / "ana.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == "crew-sheets-2026-11-27-T1.pdf"
    text = text_of((tmp_path / "ana.pdf").read_bytes())
    assert "Ana Reyes" in text and all(number in text for number in work["T1"])
    assert "Ben Okafor" not in text and work["T2"][0] not in text


def test_none_then_all(qtbot: QtBot, printing: PrintingActions, company: ServiceContext) -> None:
    friday_work(company)
    dialog = open_dialog(qtbot, printing)
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert [checked for *_rest, checked in listed(dialog)] == [False, False]
    assert not dialog.print_button.isEnabled() and not dialog.preview_button.isEnabled()
    assert not dialog.save_button.isEnabled() and not dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert [checked for *_rest, checked in listed(dialog)] == [True, True]
    assert dialog.print_button.isEnabled()


def test_a_day_without_work_says_so_and_offers_nothing_to_print(
    qtbot: QtBot, printing: PrintingActions, company: ServiceContext, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    friday_work(company)
    dialog = open_dialog(qtbot, printing)
    dialog.day_edit.setFocus()
    qtbot.keyClick(dialog.day_edit, Qt.Key.Key_Up)  # the next day: Saturday
    assert dialog.day() == SATURDAY
    assert not dialog.print_button.isEnabled()  # until Saturday's technicians are read
    qtbot.waitUntil(lambda: dialog.shown_day == SATURDAY, timeout=3000)
    assert dialog.stack.currentWidget() is dialog.nobody and dialog.nobody.isVisible()
    assert dialog.nobody.text() == "No technician has work on Sat 28 Nov: there are no crew sheets to print."
    assert listed(dialog) == [] and dialog.day_note.text() == ""
    for button in (dialog.print_button, dialog.preview_button, dialog.save_button, dialog.open_button):
        assert not button.isEnabled()
    asked = saved_to(monkeypatch, tmp_path / "saturday.pdf")
    dialog.save_sheets()  # even if asked: refused in words, nothing written
    box = printing.operations.last_refusal
    assert box is not None and box.informativeText() == "No technician has work on Sat 28 Nov."
    box.close()
    assert asked == [] and not (tmp_path / "saturday.pdf").exists()


def test_going_back_to_a_day_with_work_lists_it_again(qtbot: QtBot, printing: PrintingActions, company: ServiceContext) -> None:
    friday_work(company)
    dialog = open_dialog(qtbot, printing)
    dialog.set_day(SATURDAY)
    assert listed(dialog) == []
    dialog.day_edit.setFocus()
    qtbot.keyClick(dialog.day_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.shown_day == FRIDAY, timeout=3000)
    assert [name for name, *_rest in listed(dialog)] == ["Ana Reyes (T1)", "Ben Okafor (T2)"]
    assert dialog.print_button.isEnabled()


def test_opened_again_it_starts_over_on_tomorrow(qtbot: QtBot, printing: PrintingActions, company: ServiceContext) -> None:
    friday_work(company)
    dialog = open_dialog(qtbot, printing)
    dialog.set_day(SATURDAY)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    again = printing.open_crew_sheets_dialog()
    assert again is dialog and dialog.isVisible()
    assert dialog.day() == FRIDAY and len(listed(dialog)) == 2


def test_print_and_preview_from_the_dialog_go_through_the_system_dialogs(
    qtbot: QtBot, printing: PrintingActions, company: ServiceContext, tmp_path: Path
) -> None:
    friday_work(company)
    out = tmp_path / "printed.pdf"
    printing.make_printer = lambda pdf, title: pdf_printer(pdf, title, out)
    dialog = open_dialog(qtbot, printing)
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    seen: list[tuple[str, int]] = []

    def answer(modal: QDialog) -> None:
        if isinstance(modal, QPrintDialog):
            seen.append((modal.windowTitle(), 0))
            modal.accept()
        else:
            widget = modal.findChild(QPrintPreviewWidget)
            assert widget is not None
            seen.append((modal.windowTitle(), widget.pageCount()))
            modal.reject()

    when_modal(answer)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    pages = pages_in(crew_sheets_pdf(company, FRIDAY))
    assert seen == [("Print Crew sheets for Fri 27 Nov", 0)]
    assert page_count(out) == pages
    when_modal(answer)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert seen[1] == ("Print preview — Crew sheets for Fri 27 Nov", pages)
