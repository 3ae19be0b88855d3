"""Screenshots of the desktop with realistic data, to look at (not part of the test suite).

    python -m tests.ui.shots /tmp/ui-shots              # the demo company
    python -m tests.ui.shots /tmp/ui-shots northwind    # the Northwind sample + generated orders

Everything runs offscreen on a throw-away database and settings folder in a temporary directory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from dispatch_console.domain.enums import Status
from dispatch_console.paths import AppPaths
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
from dispatch_console.ui.application import (
    build_main_window,
    load_fonts,
    resources_dir,
    use_bundled_font,
)
from dispatch_console.ui.bundle_actions import ImportProblemsDialog
from dispatch_console.ui.errors import ErrorDialog, describe
from dispatch_console.ui.first_run import FirstRunDialog
from dispatch_console.ui.settings_dialog import SettingsDialog
from tests.ui import seed

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday, 09:00 in Dallas


def main(out: Path, data: str = "demo", extra_work_orders: int = 400) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    use_bundled_font(app, load_fonts(resources_dir() / "fonts"))  # type: ignore[arg-type]
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="dispatch-shots-"))
    paths = AppPaths.under(root)
    paths.ensure()
    db = Database(f"sqlite:///{root / 'dispatch.db'}")
    schema.upgrade(db)
    ctx = ServiceContext(db=db, actor="Dana Dispatcher", clock=lambda: NOW)
    if data == "demo":
        from dispatch_console.services.demo import create_demo_company

        create_demo_company(ctx)
        finished = [r for r in work_orders.list_rows(ctx) if r.status == Status.COMPLETED]
        record = finished[-1].number
    else:
        seed.northwind(ctx)
        seed.execution_details(ctx, "WO-1013")
        seed.more_work_orders(ctx, extra_work_orders)
        record = "WO-1013"

    def shot(widget: QWidget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    window = build_main_window(ctx, paths)
    window.resize(1600, 900)
    window.show()
    shot(window, "main-work-orders")
    window.work_orders.status_combo.setCurrentIndex(1)
    window.work_orders.search_edit.setText("lakeside")
    shot(window, "main-work-orders-filtered")
    window.work_orders.clear_filters()
    window.show_place("board")
    board = window.board
    board.set_view("day")
    board.go_today()
    board.queue_view.selectRow(0)
    board.flush_suggestions()
    shot(window, "main-board-day")
    board.set_view("week")
    board.go_today()
    shot(window, "main-board-week")
    board.set_view("day")
    for place in ("roster", "plans"):
        window.show_place(place)
        shot(window, f"main-{place}")
    window.show_place("work_orders")

    details = window.work_orders.open_details(record)
    assert details is not None and details.tabs is not None
    for i in range(details.tabs.count()):
        details.tabs.setCurrentIndex(i)
        shot(details, f"details-{i}")

    settings = SettingsDialog(ctx, window.settings, window)
    settings.show()
    shot(settings, "settings")
    settings.timezone_combo.setCurrentText("Mars/Olympus")
    settings.save()
    shot(settings, "settings-error")
    settings.tabs.setCurrentIndex(SettingsDialog.THIS_PC_TAB)
    shot(settings, "settings-this-pc")

    first_run = FirstRunDialog(db.display_name)
    first_run.show()
    shot(first_run, "first-run")

    try:
        _ = 1 / 0
    except ZeroDivisionError as exc:
        error = ErrorDialog(describe(exc), traceback.format_exc(), str(paths.log_file))
    error.show()
    error.details_button.setChecked(True)
    shot(error, "error")

    problems = ImportProblemsDialog(
        Path("/home/dana/bundle"),
        "work_orders.csv:5: site_code: no site 'S9999' in sites.csv or in the database\n"
        "technicians.csv:2: shift_end: '25:00' is not a time; write HH:MM (24 h)",
        "Back to the choices",
    )
    problems.show()
    shot(problems, "import-problems")

    for widget in (problems, error, first_run, settings, details, window):
        widget.close()
    db.dispose()


if __name__ == "__main__":
    main(
        Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ui-shots"),
        sys.argv[2] if len(sys.argv) > 2 else "demo",
    )
