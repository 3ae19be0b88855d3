"""The main window: places, menus, status bar, and what it remembers between runs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.errors import ValidationError
from dispatch_console.paths import AppPaths
from dispatch_console.services import company, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui import bundle_actions
from dispatch_console.ui.application import build_main_window
from dispatch_console.ui.fitting import FRAME
from dispatch_console.ui.main_window import PLACES, MainWindow
from dispatch_console.ui.settings_dialog import SettingsDialog


def show(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.show()
    qtbot.waitExposed(window)
    return window


def close_message(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """The non-blocking message the window just opened; closed after reading."""
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return box


def test_opens_on_the_work_order_list_with_who_and_where_below(
    qtbot: QtBot, window: MainWindow
) -> None:
    show(qtbot, window)
    assert window.current_place() == "work_orders"
    assert window.places.currentWidget() is window.work_orders
    assert window.work_orders.model.rowCount() == 14
    scheme = window._ctx.db.display_name.split(":", 1)[0]  # sqlite, or postgresql+psycopg in CI
    assert window.status_database.text().startswith(f"Database: {scheme}:")
    assert window.status_actor.text() == "At this PC: Dana Dispatcher"
    assert window.status_zone.text() == "Time zone: America/Chicago"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]


def test_navigation_and_view_menu_switch_places(qtbot: QtBot, window: MainWindow) -> None:
    show(qtbot, window)
    keys = [k for k, _t in PLACES]
    window.nav.setCurrentRow(keys.index("roster"))
    assert window.current_place() == "roster"
    assert window.place_actions["roster"].isChecked()
    window.place_actions["plans"].trigger()
    assert window.current_place() == "plans"
    assert window.nav.currentRow() == keys.index("plans")
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [t for _k, t in PLACES]
    assert [window.nav.item(i).toolTip() for i in range(window.nav.count())] == [
        t for _k, t in PLACES
    ]


def test_only_the_place_on_screen_is_built_and_the_others_when_first_shown(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    show(qtbot, window)
    assert window.built_pages() == ["work_orders"]
    # A change while the board was never shown is seen when it first opens.
    spec = work_orders.WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S0001-1", summary="Leaking valve"
    )
    work_orders.create_work_order(northwind, spec)
    rect = window.nav.visualItemRect(window.nav.item([k for k, _t in PLACES].index("board")))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.built_pages() == ["work_orders", "board"]
    assert window.places.currentWidget() is window.board
    assert len(window.board.queue_model.items()) == 5  # Northwind's four and the new one
    # Going back shows the same list, not a second one.
    list_view = window.work_orders
    window.show_place("work_orders")
    assert window.places.currentWidget() is list_view
    assert window.places.count() == len(PLACES)
    assert window.built_pages() == ["work_orders", "board"]


def test_the_place_left_last_time_is_the_only_one_built(
    qtbot: QtBot, northwind: ServiceContext, paths: AppPaths
) -> None:
    first = build_main_window(northwind, paths)
    qtbot.addWidget(first)
    first.show_place("plans")
    first.close()
    second = build_main_window(northwind, paths)
    qtbot.addWidget(second)
    show(qtbot, second)
    assert second.built_pages() == ["plans"]
    assert second.places.currentWidget() is second.plans
    # The list is built when the dispatcher goes to it.
    second.show_place("work_orders")
    assert second.built_pages() == ["work_orders", "plans"]


def test_a_narrow_window_shows_the_places_as_icons(qtbot: QtBot, window: MainWindow) -> None:
    show(qtbot, window)
    window.showNormal()
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.nav.width() < 80)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [""] * len(PLACES)
    # Their names are still there, as tooltips, and they still switch places.
    roster = [k for k, _t in PLACES].index("roster")
    assert window.nav.item(roster).toolTip() == "Roster"
    rect = window.nav.visualItemRect(window.nav.item(roster))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_place() == "roster"
    window.resize(1000, 600)
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Work orders")


def test_places_show_live_data(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    show(qtbot, window)
    window.show_place("board")
    # The board's queue: the four Northwind work orders that are open.
    assert len(window.board.queue_model.items()) == 4
    window.show_place("roster")
    assert len(window.roster.rows()) == 6  # Northwind's technicians
    window.show_place("plans")
    assert len(window.plans.rows()) == 3  # Northwind's recurring plans

    # A new work order made elsewhere on this PC lands in the board's queue.
    window.show_place("board")
    spec = work_orders.WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S0001-1", summary="Leaking valve"
    )
    work_orders.create_work_order(northwind, spec)
    qtbot.waitUntil(lambda: len(window.board.queue_model.items()) == 5, timeout=2000)


def test_undo_and_redo_follow_the_undo_stack(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.action_undo.isEnabled()
    assert not window.action_redo.isEnabled()
    done: list[str] = []

    class Mark(QUndoCommand):
        def redo(self) -> None:
            done.append("redo")

        def undo(self) -> None:
            done.append("undo")

    window.undo_stack.push(Mark("Move WO-1042 to Ana Reyes"))
    assert window.action_undo.isEnabled()
    assert window.action_undo.text() == "&Undo Move WO-1042 to Ana Reyes"
    window.action_undo.trigger()
    assert window.action_redo.isEnabled()
    assert done == ["redo", "undo"]


def test_geometry_and_last_place_are_remembered(
    qtbot: QtBot, northwind: ServiceContext, paths: AppPaths
) -> None:
    first = build_main_window(northwind, paths)
    qtbot.addWidget(first)
    show(qtbot, first)
    assert first.isMaximized()  # the first time
    first.showNormal()
    first.resize(780, 520)  # within the offscreen platform's screen, so nothing is clamped
    size = first.size()
    assert (size.width(), size.height()) == (780, 520)
    first.show_place("roster")
    first.close()
    assert paths.settings_file.is_file()

    second = build_main_window(northwind, paths)
    qtbot.addWidget(second)
    assert second.size() == size
    assert second.current_place() == "roster"
    assert second.place_actions["roster"].isChecked()
    show(qtbot, second)
    assert not second.isMaximized()  # as the user left it
    assert second.size() == size


def test_maximised_is_remembered(qtbot: QtBot, northwind: ServiceContext, paths: AppPaths) -> None:
    first = build_main_window(northwind, paths)
    qtbot.addWidget(first)
    show(qtbot, first)
    first.showNormal()
    first.resize(700, 500)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()

    second = build_main_window(northwind, paths)
    qtbot.addWidget(second)
    show(qtbot, second)
    assert second.isMaximized()
    second.showNormal()  # back to the size the user had before maximising
    qtbot.waitUntil(lambda: not second.isMaximized())
    assert second.size() == QSize(700, 500)


def test_a_size_saved_on_a_bigger_screen_is_fitted_to_this_one(
    qtbot: QtBot, northwind: ServiceContext, paths: AppPaths
) -> None:
    first = build_main_window(northwind, paths)
    qtbot.addWidget(first)
    show(qtbot, first)
    first.showNormal()
    first.resize(3000, 2000)  # as on a large monitor
    first.close()

    second = build_main_window(northwind, paths)
    qtbot.addWidget(second)
    show(qtbot, second)
    area = second.screen().availableGeometry()
    assert not second.isMaximized()
    assert area.contains(second.frameGeometry())
    assert second.width() <= area.width() - FRAME.width()


def test_closing_stops_listening_to_the_services(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    assert window.bus.attached and northwind.listeners
    window.close()
    assert not window.bus.attached
    assert northwind.listeners == []


def test_settings_dialog_saves_and_updates_the_status_bar(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    show(qtbot, window)
    window.action_settings.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.timezone_combo.setCurrentText("America/Denver")
    dialog.tabs.setCurrentIndex(SettingsDialog.THIS_PC_TAB)
    dialog.user_edit.setText("Dana at desk 2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.status_actor.text() == "At this PC: Dana at desk 2"
    qtbot.waitUntil(lambda: window.status_zone.text() == "Time zone: America/Denver", timeout=2000)
    assert company.get_settings(northwind).timezone == "America/Denver"


def test_company_changes_from_elsewhere_reach_the_status_bar(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    company.save_settings(
        northwind, replace(company.get_settings(northwind), timezone="Europe/Dublin")
    )
    qtbot.waitUntil(lambda: window.status_zone.text() == "Time zone: Europe/Dublin", timeout=2000)


def test_file_import_reports_what_it_did(
    qtbot: QtBot,
    ctx: ServiceContext,
    paths: AppPaths,
    sample_bundle: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = build_main_window(ctx, paths)
    qtbot.addWidget(window)
    show(qtbot, window)
    assert window.work_orders.model.rowCount() == 0
    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: sample_bundle)
    window.action_import.trigger()
    box = close_message(qtbot, window)
    assert box.windowTitle() == "Import finished"
    assert "work_orders.csv: 14 created" in box.informativeText()
    qtbot.waitUntil(lambda: window.work_orders.model.rowCount() == 14, timeout=2000)
    assert window.status_zone.text() == "Time zone: America/Chicago"


def test_file_import_of_a_bad_bundle_lists_the_errors_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    northwind: ServiceContext,
    sample_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(sample_bundle, broken)
    (broken / "technicians.csv").write_text(
        (sample_bundle / "technicians.csv")
        .read_text(encoding="utf-8")
        .replace("07:00,16:00", "07:00,25:00"),
        encoding="utf-8",
    )
    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: broken)
    seen: list[str] = []

    def give_up(dialog: bundle_actions.ImportProblemsDialog) -> int:
        seen.append(dialog.problems_edit.toPlainText())
        assert dialog.back_button.text() == "Cancel"
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(bundle_actions.ImportProblemsDialog, "exec", give_up)
    window.action_import.trigger()
    assert len(seen) == 1
    assert seen[0].startswith("technicians.csv:2: shift_end:")
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_file_export_writes_the_bundle(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export"
    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: target)
    window.action_export.trigger()
    box = close_message(qtbot, window)
    assert box.windowTitle() == "Export finished"
    assert (target / "work_orders.csv").is_file()
    assert "work_orders.csv" in box.informativeText()


def test_a_refused_export_is_a_warning(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dispatch_console.services import bundle_export

    def refuse(*_args: object) -> None:
        raise ValidationError("'/readonly' cannot be written to")

    monkeypatch.setattr(bundle_actions, "pick_folder", lambda *_args: tmp_path / "readonly")
    monkeypatch.setattr(bundle_export, "export_folder", refuse)
    window.action_export.trigger()
    box = close_message(qtbot, window)  # refused the way every action is: Operations' box
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == f"Export a CSV bundle to {tmp_path / 'readonly'}: not done."
    assert box.informativeText() == "'/readonly' cannot be written to."


def test_about_names_the_version_and_files(
    qtbot: QtBot, window: MainWindow, paths: AppPaths
) -> None:
    window.action_about.trigger()
    box = close_message(qtbot, window)
    assert "Dispatch Console 0.1.0" in box.text()
    assert str(paths.log_file) in box.informativeText()


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Shortcuts reach only the active window (offscreen, waitActive returns at once)."""
    from PySide6.QtWidgets import QApplication

    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_ctrl_n_takes_a_call_from_anywhere(qtbot: QtBot, window: MainWindow) -> None:
    from dispatch_console.ui.intake import IntakeDialog

    show(qtbot, window)
    activate(qtbot, window)
    window.show_place("board")
    qtbot.keyClick(window.board, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in window.findChildren(IntakeDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_ctrl_k_finds_a_work_order_and_enter_opens_its_window(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    from dispatch_console.ui.quick_find import QuickFindDialog
    from dispatch_console.ui.work_orders import WorkOrderDetailsDialog

    show(qtbot, window)
    activate(qtbot, window)
    qtbot.keyClick(window.work_orders, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    finder = next(d for d in window.findChildren(QuickFindDialog) if d.isVisible())
    qtbot.keyClicks(finder.search, "WO-1013")
    qtbot.waitUntil(lambda: finder.model.rowCount() > 0)
    qtbot.keyClick(finder.search, Qt.Key.Key_Return)
    opened = [d for d in window.findChildren(WorkOrderDetailsDialog) if d.isVisible()]
    assert [d.number for d in opened] == ["WO-1013"]
    for dialog in opened:
        dialog.close()


def test_ctrl_k_finds_a_customer_and_shows_it_in_the_customers_place(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext
) -> None:
    from dispatch_console.ui.quick_find import QuickFindDialog

    show(qtbot, window)
    finder = window.open_quick_find()
    assert isinstance(finder, QuickFindDialog)
    qtbot.keyClicks(finder.search, "Lakeside")
    qtbot.waitUntil(lambda: finder.model.rowCount() > 0)
    qtbot.keyClick(finder.search, Qt.Key.Key_Return)
    assert window.current_place() == "customers"
    page = window.customers
    assert page.tabs.currentIndex() == 0 and page.customers.current_key() is not None
    assert "Lakeside" in next(r.name for r in __import__(
        "dispatch_console.services.customers", fromlist=["list_customers"]
    ).list_customers(northwind) if r.code == page.customers.current_key())


def test_the_file_menu_prints_crew_sheets_and_billing_is_a_place(qtbot: QtBot, window: MainWindow) -> None:
    show(qtbot, window)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "Print crew sheets for &tomorrow…" in texts and "&Crew sheets…" in texts
    window.show_place("billing")
    assert window.places.currentWidget() is window.billing
    window.printing.crew_sheets_dialog.trigger()
    from dispatch_console.ui.printing.crew_sheets_dialog import CrewSheetsDialog

    dialog = next(d for d in window.findChildren(CrewSheetsDialog) if d.isVisible())
    dialog.close()
