"""Screenshots of the desktop with realistic data, to look at (not part of the test suite).

    python -m tests.ui.shots /tmp/ui-shots              # the demo company, every screen size
    python -m tests.ui.shots /tmp/ui-shots northwind    # the Northwind sample + generated orders
    python -m tests.ui.shots /tmp/ui-shots demo laptop@2x   # one screen size only

Each screen size (``SCREENS``: a 1366×768 laptop, the same at 200 % scaling, a 1920×1080
desktop) runs in its own process on an offscreen screen of that size, and saves into its own
folder. Windows are shown as a user would first see them (the main window as it opens, each
dialog where and as large as it opens); ``screen-*.png`` pictures the whole screen, dialog over
the main window, clipped to the screen's edges as a real screen would clip it.

Everything runs on a throw-away database and settings folder in a temporary directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Screen:
    """One screen to test and photograph at: its size in device pixels and its scaling."""

    name: str
    width: int
    height: int
    scale: int = 1

    def environment(self, folder: Path) -> dict[str, str]:
        """The variables that give a Qt process started with them this one offscreen screen."""
        config = folder / f"screen-{self.name}.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": self.name,
                            "x": 0,
                            "y": 0,
                            "width": self.width,
                            "height": self.height,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            )
        )
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        env.pop("QT_SCALE_FACTOR", None)
        if self.scale != 1:
            env["QT_SCALE_FACTOR"] = str(self.scale)
        return env


LAPTOP = Screen("laptop", 1366, 768)
LAPTOP_2X = Screen("laptop@2x", 1366, 768, 2)
DESKTOP = Screen("desktop", 1920, 1080)
SCREENS = (LAPTOP, LAPTOP_2X, DESKTOP)

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday, 09:00 in Dallas


def take(out: Path, data: str = "demo", extra_work_orders: int = 400) -> None:
    """Photograph every screen on the screen this process has (see ``Screen.environment``)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox, QScrollArea, QWidget

    from dispatch_console.domain.enums import Status
    from dispatch_console.domain.errors import ValidationError
    from dispatch_console.paths import AppPaths
    from dispatch_console.services import work_orders
    from dispatch_console.services.context import ServiceContext
    from dispatch_console.storage import schema
    from dispatch_console.storage.database import Database
    from dispatch_console.ui.application import (
        build_main_window,
        create_application,
        load_fonts,
        resources_dir,
        use_bundled_font,
    )
    from dispatch_console.ui.bundle_actions import ImportProblemsDialog
    from dispatch_console.ui.errors import ErrorDialog, describe, show_dispatch_error
    from dispatch_console.ui.first_run import FirstRunDialog
    from dispatch_console.ui.settings_dialog import SettingsDialog
    from tests.ui import seed

    app = create_application(sys.argv[:1])
    use_bundled_font(app, load_fonts(resources_dir() / "fonts"))
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="dispatch-shots-"))
    paths = AppPaths.under(root)
    paths.ensure()
    db = Database(f"sqlite:///{root / 'dispatch.db'}")
    schema.upgrade(db)
    ctx = ServiceContext(db=db, actor="Dana Dispatcher", clock=lambda: NOW)

    screen = app.primaryScreen()
    dpr = screen.devicePixelRatio()

    def save(pixmap: QPixmap, name: str) -> None:
        pixmap.save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    def screen_shot(name: str, *windows: QWidget) -> None:
        """The whole screen: each window at its place, clipped by the screen's edges."""
        app.processEvents()
        # Asked afresh: with PySide6 6.11 a QScreen wrapper held from before dies once a window
        # that looked at it is deleted (see ui/fitting.screen_of).
        area = app.primaryScreen().geometry()
        picture = QPixmap(area.size() * dpr)
        picture.setDevicePixelRatio(dpr)
        picture.fill(QColor("#3b4252"))
        painter = QPainter(picture)
        for window in windows:
            frame = window.frameGeometry()
            inner = window.geometry()
            painter.fillRect(frame.translated(-area.topLeft()), QColor("#2e3440"))
            painter.drawPixmap(inner.topLeft() - area.topLeft(), window.grab())
            if not area.contains(frame):
                print(f"  {name}: {type(window).__name__} {frame} is not within the screen {area}")
                painter.setPen(QColor("#ff0000"))
                painter.drawRect(QRect(QPoint(0, 0), area.size() - QRect(0, 0, 1, 1).size()))
        painter.end()
        save(picture, f"screen-{name}")

    print(f"screen {screen.name()}: {screen.geometry().width()}x{screen.geometry().height()} "
          f"logical, device pixel ratio {dpr}")
    first_run = FirstRunDialog(db.display_name)
    first_run.show()
    screen_shot("first-run", first_run)
    first_run.close()

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

    window = build_main_window(ctx, paths)
    window.show()  # as it opens on a PC that has no saved layout yet
    screen_shot("main-work-orders", window)
    window.work_orders.status_combo.setCurrentIndex(1)
    # A word the demo company's active work has (boilers at several sites), so the shot shows
    # a filtered list rather than the empty state.
    window.work_orders.search_edit.setText("boiler")
    QTest.qWait(100)  # the table hides its scroll bar in a layout pass Qt posts for later
    screen_shot("main-work-orders-filtered", window)
    window.work_orders.clear_filters()
    window.show_place("board")
    board = window.board
    board.set_view("day")
    board.go_today()
    board.queue_view.selectRow(0)
    board.flush_suggestions()
    screen_shot("main-board-day", window)
    board.set_view("week")
    board.go_today()
    screen_shot("main-board-week", window)
    board.set_view("day")
    for place in ("requests", "roster", "customers", "plans"):
        window.show_place(place)
        screen_shot(f"main-{place}", window)
    window.show_place("work_orders")

    details = window.work_orders.open_details(record)
    assert details is not None and details.tabs is not None
    screen_shot("details", window, details)
    # On a short screen the header and the tabs scroll together: look at the tabs.
    scroll = details.findChild(QScrollArea)
    for i in range(details.tabs.count()):
        details.tabs.setCurrentIndex(i)
        if scroll is not None and scroll.widget() is not None:
            top = details.tabs.mapTo(scroll.widget(), QPoint(0, 0)).y()
            scroll.verticalScrollBar().setValue(top)
        screen_shot(f"details-{i}", window, details)
    details.close()

    settings = SettingsDialog(ctx, window.settings, window)
    settings.show()
    screen_shot("settings", window, settings)
    settings.timezone_combo.setCurrentText("Mars/Olympus")
    settings.save()
    screen_shot("settings-error", window, settings)
    settings.tabs.setCurrentIndex(SettingsDialog.THIS_PC_TAB)
    screen_shot("settings-this-pc", window, settings)
    settings.close()

    try:
        _ = 1 / 0
    except ZeroDivisionError as exc:
        error = ErrorDialog(describe(exc), traceback.format_exc(), str(paths.log_file), window)
    error.show()
    screen_shot("error", window, error)
    error.details_button.setChecked(True)
    screen_shot("error-details", window, error)
    error.close()

    refusal = show_dispatch_error(
        window,
        ValidationError(
            f"cannot complete {record}: no labor logged; scope change #3 awaits approval"
        ),
    )
    screen_shot("refusal", window, refusal)
    refusal.close()

    problems = ImportProblemsDialog(
        Path("/home/dana/bundles/northwind-2026-11"),
        "\n".join(
            [
                "work_orders.csv:5: site_code: no site 'S9999' in sites.csv or in the database",
                "technicians.csv:2: shift_end: '25:00' is not a time; write HH:MM (24 h)",
            ]
            * 20
        ),
        "Back to the choices",
        window,
    )
    problems.show()
    screen_shot("import-problems", window, problems)
    problems.close()

    from dispatch_console.ui.waiting import OTHERS_WAIT, WaitDialog

    waiting = WaitDialog(window, "Book WO-1042 on Ana Reyes Mon 30 Nov 09:00", "", stoppable=True)
    waiting.show_waiting()
    waiting.open_on_screen()
    screen_shot("waiting-for-another-pc", window, waiting)
    waiting.close()
    importing = WaitDialog(
        window, "Dispatch Console",
        f"Importing the CSV bundle from /home/dana/bundles/northwind-2026-11…\n\n{OTHERS_WAIT}",
        stoppable=False,
    )
    importing.open_on_screen()
    from dispatch_console.ui.bundle_actions import import_progress

    importing.wording = import_progress  # the bar and words as a large import writes
    importing.show_progress(4_000, 13_143, "work_orders.csv")
    screen_shot("importing", window, importing)
    importing.close()

    # Each screen of issue #8 photographs itself: tests/ui/shots_<area>.py has
    # take(window, ctx, screen_shot) and is run here, in name order (only the areas SHOTS_ONLY names, comma separated, if set).
    import importlib
    import pkgutil

    import tests.ui

    only = {f"shots_{area.strip()}" for area in os.environ.get("SHOTS_ONLY", "").split(",") if area.strip()}
    for found in sorted(pkgutil.iter_modules(tests.ui.__path__), key=lambda m: m.name):
        if not found.name.startswith("shots_") or (only and found.name not in only):
            continue
        importlib.import_module(f"tests.ui.{found.name}").take(window, ctx, screen_shot)

    window.action_about.trigger()
    about = next(box for box in window.findChildren(QMessageBox) if box.isVisible())
    screen_shot("about", window, about)
    about.close()

    window.close()
    app.processEvents()
    db.dispose()


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "/tmp/ui-shots")
    data = argv[1] if len(argv) > 1 else "demo"
    wanted = argv[2] if len(argv) > 2 else None
    if os.environ.get("DISPATCH_SHOTS_CHILD"):
        take(out, data)
        return 0
    failed = 0
    with tempfile.TemporaryDirectory(prefix="dispatch-screens-") as folder:
        for screen in SCREENS:
            if wanted is not None and screen.name != wanted:
                continue
            env = screen.environment(Path(folder))
            env["DISPATCH_SHOTS_CHILD"] = "1"
            print(f"== {screen.name}")
            done = subprocess.run(
                [sys.executable, "-m", "tests.ui.shots", str(out / screen.name), data],
                env=env,
                check=False,
            )
            failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
