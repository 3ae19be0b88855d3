"""File > Import / Export: the import problems dialog, the service loading, the import's progress."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import bundle_store
from dispatch_console.ui import bundle_actions
from dispatch_console.ui.application import build_main_window
from dispatch_console.ui.bundle_actions import (
    ImportProblemsDialog,
    import_progress,
    load_service,
    summary_text,
)
from dispatch_console.ui.waiting import WaitDialog
from tests.services.test_bundle_import_bulk import big_bundle


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


def test_an_import_of_several_batches_fills_the_bar_and_says_how_far_it_is_then_reports(
    qtbot: QtBot, ctx: ServiceContext, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Import of a bundle larger than two batches of the writing: the waiting dialog's
    bar goes from busy to a count that rises to the whole, its text says which file and how
    many rows, and the end report follows."""
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, data in big_bundle(bundle_store.BATCH * 2 + 500).items():
        (folder / name).write_bytes(data)
    window = build_main_window(ctx, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: folder)
    steps: list[tuple[int, int, str]] = []
    at_first: list[tuple[int, int]] = []

    def watch(dialog: WaitDialog) -> None:
        at_first.append((dialog.bar.minimum(), dialog.bar.maximum()))  # busy until the writing counts
        dialog.bar.valueChanged.connect(
            lambda value: steps.append((value, dialog.bar.maximum(), dialog.text()))
        )

    window.operations.on_waiting = watch
    window.action_import.trigger()

    assert at_first == [(0, 0)]
    values = [value for value, _total, _text in steps]
    total = steps[-1][1]
    assert len(steps) >= 4 and values == sorted(values) and values[-1] == total
    assert all(step_total == total for _value, step_total, _text in steps)
    orders = bundle_store.BATCH * 2 + 500
    before = 1 + 1 + 20 + 20 + 1 + 50  # company, skill, technicians, their skills, customer, sites
    rows = before + orders + (orders - orders // 10) + orders  # work orders, bookings, checklist items
    assert total == rows
    texts = [text for _value, _total, text in steps]
    # A batch at a time: the first batch of work orders is told on its own.
    assert f"Importing work orders… {before + bundle_store.BATCH:,} of {rows:,} rows written" in texts
    assert texts[-1] == f"Importing checklist items… {rows:,} of {rows:,} rows written"
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and boxes[0].windowTitle() == "Import finished"
    assert f"work_orders.csv: {bundle_store.BATCH * 2 + 500} created" in boxes[0].informativeText()
    qtbot.mouseClick(boxes[0].button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_the_import_progress_reads_as_the_file_and_the_rows() -> None:
    assert import_progress(4_000, 21_510, "work_orders.csv") == "Importing work orders… 4,000 of 21,510 rows written"
    assert import_progress(0, 3, "number_series.csv") == "Importing number series… 0 of 3 rows written"


def test_the_waiting_dialog_keeps_saying_it_waits_for_another_pc_when_progress_comes(qtbot: QtBot) -> None:
    dialog = WaitDialog(None, "Dispatch Console", "Importing…", stoppable=False)
    qtbot.addWidget(dialog)
    dialog.wording = import_progress
    dialog.show_progress(2_000, 5_000, "work_orders.csv")
    assert (dialog.bar.value(), dialog.bar.maximum()) == (2_000, 5_000)
    assert dialog.text() == "Importing work orders… 2,000 of 5,000 rows written"
    dialog.show_waiting()
    dialog.show_progress(4_000, 5_000, "work_orders.csv")
    assert dialog.bar.value() == 4_000
    assert dialog.text().startswith("Waiting for another PC")
    dialog.show_working()  # the latest step, not the opening text
    assert dialog.text() == "Importing work orders… 4,000 of 5,000 rows written"
