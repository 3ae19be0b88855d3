"""File > Import / Export: the import problems dialog and the service loading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from dispatch_console.ui.bundle_actions import (
    ImportProblemsDialog,
    load_service,
    summary_text,
)


def test_problems_dialog_offers_another_folder_or_back(qtbot: QtBot) -> None:
    problems = "work_orders.csv:3: site_code: no site 'S9'\ntechnicians.csv:2: shift_end: '25:00' is not a time"
    dialog = ImportProblemsDialog(Path("/data/bundle"), problems, "Back to the choices")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problems_edit.toPlainText() == problems
    assert dialog.problems_edit.isReadOnly()
    assert dialog.back_button.text() == "Back to the choices"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)

    dialog.show()
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_services_not_in_this_build_are_none() -> None:
    assert load_service("dispatch_console.services.no_such_module", "run") is None
    assert load_service("dispatch_console.services.company", "no_such_function") is None
    assert load_service("dispatch_console.services.company", "get_settings") is not None


@dataclass
class _Counts:
    technicians: int
    work_orders: int


class _Report:
    def lines(self) -> list[str]:
        return ["technicians.csv: 6 created", "work_orders.csv: 14 created"]


def test_summary_text_reads_what_the_services_return() -> None:
    assert summary_text(None) == ""
    assert summary_text("done") == "done"
    assert summary_text(_Report()) == "technicians.csv: 6 created\nwork_orders.csv: 14 created"
    assert (
        summary_text(["company.csv", "work_orders.csv"]) == "2 files: company.csv, work_orders.csv"
    )
    assert summary_text(_Counts(6, 14)) == "Technicians: 6\nWork orders: 14"
    assert summary_text({"created": 3}) == "Created: 3"
