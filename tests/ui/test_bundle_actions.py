"""Long work behind a busy indicator, and the import problems dialog."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog
from pytestqt.qtbot import QtBot

from dispatch_console.domain.errors import ValidationError
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui import bundle_actions
from dispatch_console.ui.bundle_actions import (
    ImportProblemsDialog,
    load_service,
    run_busy,
    summary_text,
)


def test_run_busy_returns_the_result_and_replays_the_changes_on_the_gui_thread(
    qtbot: QtBot, ctx: ServiceContext
) -> None:
    heard: list[tuple[Changes, str]] = []
    ctx.subscribe(lambda changes: heard.append((changes, threading.current_thread().name)))
    progress_seen: list[str] = []
    looked = threading.Event()

    def look_at_the_screen() -> None:  # on the GUI thread, while the worker works
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        progress_seen.extend(box.labelText() for box in boxes if box.isVisible())
        looked.set()

    QTimer.singleShot(0, look_at_the_screen)

    def work(worker_ctx: ServiceContext) -> int:
        assert worker_ctx is not ctx and worker_ctx.db is ctx.db and worker_ctx.origin == ctx.origin
        assert threading.current_thread() is not threading.main_thread()
        assert looked.wait(5), "the GUI thread was blocked while the worker ran"
        worker_ctx.notify(Changes(frozenset({"work_order"}), frozenset({"WO-1"})))
        worker_ctx.notify(Changes(frozenset({"booking"})))
        return 42

    assert run_busy(None, "Counting the fleet…", ctx, work) == 42
    assert progress_seen == ["Counting the fleet…"]
    assert heard == [
        (Changes(frozenset({"work_order", "booking"}), frozenset({"WO-1"})), "MainThread")
    ]


def test_run_busy_hands_back_the_workers_exception(qtbot: QtBot, ctx: ServiceContext) -> None:
    heard: list[Changes] = []
    ctx.subscribe(heard.append)

    def work(_ctx: ServiceContext) -> None:
        raise ValidationError("work_orders.csv:3: site_code: no site 'S9'")

    with pytest.raises(ValidationError, match="no site 'S9'"):
        run_busy(None, "Importing…", ctx, work, also_changed=bundle_actions.EVERYTHING)
    assert heard == []  # nothing was done, nothing to refresh


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
