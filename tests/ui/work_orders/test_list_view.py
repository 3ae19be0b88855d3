"""The work order list screen, driven as a dispatcher would (Northwind sample data)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services import closeout, company, dispatch, work_order_list
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.work_orders import Column, WorkOrderDetailsDialog, WorkOrderListView
from dispatch_console.ui.work_orders.list_view import (
    FLEXIBLE_MIN_CHARS,
    SEARCH_DELAY_MS,
    SUMMARY_MIN_CHARS,
)


def make_view(qtbot: QtBot, ctx: ServiceContext, *, bus: bool = True) -> WorkOrderListView:
    change_bus = ChangeBus(ctx) if bus else None
    view = WorkOrderListView(ctx, change_bus)
    if change_bus is not None:
        change_bus.setParent(view)
    qtbot.addWidget(view, before_close_func=lambda _view: change_bus and change_bus.detach())
    view.resize(1300, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def double_click(widget: QWidget, pos: QPoint) -> None:
    """What the system sends for a double-click: a click, then the double-click event.

    QTest.mouseDClick alone sends only the MouseButtonDblClick event, and an item view ignores
    a double-click on a row it never saw pressed.
    """
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def test_lists_every_work_order_with_its_count(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    assert view.model.rowCount() == 14
    assert view.count_label.text() == "14 work orders"
    assert not view.clear_button.isEnabled()
    assert view.visible_numbers()[0] == "WO-1014"  # newest first


def test_typing_in_the_search_box_filters(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    reads = view.model.reads
    qtbot.keyClicks(view.search_edit, "lakeside")
    assert view.model.reads == reads  # nothing asked while typing
    qtbot.waitUntil(lambda: view.count_label.text() == "4 of 14 work orders")
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert view.model.reads == reads + 1  # once, when typing paused, with every letter
    assert view.model.query.text == "lakeside"
    assert sorted(view.visible_numbers()) == ["WO-1001", "WO-1002", "WO-1009", "WO-1010"]
    assert view.clear_button.isEnabled()

    qtbot.keyClicks(view.search_edit, " boiler")
    qtbot.waitUntil(lambda: sorted(view.visible_numbers()) == ["WO-1002", "WO-1010"])

    view.search_edit.setText("")  # the program's change: at once
    assert len(view.visible_numbers()) == 14
    qtbot.keyClicks(view.search_edit, "kai SCHMIDT")  # technicians too, any case
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)  # Enter searches at once
    assert sorted(view.visible_numbers()) == ["WO-1001", "WO-1007", "WO-1013"]


def test_ctrl_c_copies_the_selected_rows_as_shown(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    QGuiApplication.clipboard().clear()
    view.select_number("WO-1009")
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert [line.split("\t")[0] for line in lines] == view.selected_numbers() == ["WO-1009", "WO-1008"]
    cells = lines[0].split("\t")
    assert len(cells) == len(Column)
    row = view.model.index_of_number("WO-1009").row()
    assert cells == [str(view.model.index(row, c).data() or "") for c in Column]


def test_a_work_order_further_down_is_read_up_to_and_selected(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    """Opening a work order from the board or quick find selects it though the table has not
    scrolled that far: the model reads down to it. One the filters hide is not selected."""
    view = make_view(qtbot, northwind)
    view.model._page_size = 3  # noqa: SLF001 - a page smaller than the list
    view.model.set_query(view.model.query)
    assert view.model.rowCount() == 3 and view.model.canFetchMore()
    assert view.select_number("WO-1001")
    assert view.selected_numbers() == ["WO-1001"] == [view.current_number()]
    view.status_combo.setCurrentIndex(view.status_combo.findText("Open"))
    assert not view.select_number("WO-1001")


def test_picking_a_status_filters(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    view.status_combo.setCurrentIndex(view.status_combo.findText("Open"))
    assert sorted(view.visible_numbers()) == ["WO-1009", "WO-1010", "WO-1011", "WO-1012"]
    assert view.count_label.text() == "4 of 14 work orders"

    view.priority_combo.setCurrentIndex(view.priority_combo.findText("Emergency"))
    assert view.visible_numbers() == ["WO-1009"]

    view.status_combo.setCurrentIndex(view.status_combo.findText("Completed"))
    assert view.visible_numbers() == []
    assert view._pages.currentWidget() is view._empty
    assert "No work order matches" in view._empty_label.text()

    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 14
    assert view.status_combo.currentIndex() == 0
    assert view.priority_combo.currentIndex() == 0
    assert view._pages.currentWidget() is view.table


def test_type_and_technician_combos_filter(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    view.type_combo.setCurrentIndex(view.type_combo.findText("Installation"))
    assert sorted(view.visible_numbers()) == ["WO-1006", "WO-1012"]
    view.type_combo.setCurrentIndex(0)

    names = [view.technician_combo.itemText(i) for i in range(view.technician_combo.count())]
    assert names[:2] == ["All technicians", "Not booked"]
    assert "Ben Okafor" in names
    view.technician_combo.setCurrentIndex(view.technician_combo.findText("Ben Okafor"))
    assert sorted(view.visible_numbers()) == ["WO-1002", "WO-1008", "WO-1014"]
    view.technician_combo.setCurrentIndex(view.technician_combo.findText("Not booked"))
    assert sorted(view.visible_numbers()) == ["WO-1009", "WO-1010", "WO-1011", "WO-1012"]


def test_clicking_a_column_header_sorts_by_it(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    header = view.table.horizontalHeader()

    def click(column: Column) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click(Column.NUMBER)  # it was newest first: now oldest first
    assert view.visible_numbers()[:3] == ["WO-1001", "WO-1002", "WO-1003"]

    click(Column.SCHEDULED)
    assert header.sortIndicatorSection() == Column.SCHEDULED
    numbers = view.visible_numbers()
    # The two visits of 20 Nov first (equal times keep the previous order: by number), then the
    # December ones by date and hour; the unbooked ones last.
    assert numbers[:2] == ["WO-1013", "WO-1014"]
    assert numbers[2:5] == ["WO-1001", "WO-1004", "WO-1007"]
    assert sorted(numbers[-4:]) == ["WO-1009", "WO-1010", "WO-1011", "WO-1012"]

    click(Column.PRIORITY)
    priorities = [view.model.index(r, Column.PRIORITY).data() for r in range(view.model.rowCount())]
    order = ["Emergency", "High", "Normal", "Low"]
    assert priorities == sorted(priorities, key=order.index)

    click(Column.PRIORITY)  # again: the other way round
    priorities = [view.model.index(r, Column.PRIORITY).data() for r in range(view.model.rowCount())]
    assert priorities == sorted(priorities, key=order.index, reverse=True)


def test_double_clicking_a_row_opens_its_details(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    row = view.visible_numbers().index("WO-1013")
    rect = view.table.visualRect(view.model.index(row, Column.SUMMARY))
    with qtbot.waitSignal(view.details_opened, timeout=2000) as opened:
        double_click(view.table.viewport(), rect.center())
    dialog = opened.args[0]
    assert isinstance(dialog, WorkOrderDetailsDialog)
    assert dialog.number == "WO-1013"
    assert dialog.number_label.text() == "WO-1013"
    assert dialog.isVisible()
    assert view.findChild(WorkOrderDetailsDialog) is dialog

    # Opening the same one again raises the open window instead of a second one.
    assert view.open_details("WO-1013") is dialog
    dialog.close()


def test_enter_opens_the_current_row(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    assert view.select_number("WO-1002")
    with qtbot.waitSignal(view.details_opened, timeout=2000) as opened:
        QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[0].number == "WO-1002"
    opened.args[0].close()


def test_a_change_elsewhere_refreshes_the_row_and_keeps_selection_and_scroll(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    view = make_view(qtbot, northwind)
    view.resize(1300, 140)  # small, so there is something to scroll
    assert view.select_number("WO-1009")
    view.table.scrollToBottom()
    scroll = view.table.verticalScrollBar().value()
    assert scroll > 0
    resets: list[bool] = []
    view.model.modelReset.connect(lambda: resets.append(True))

    start = datetime.fromisoformat("2026-11-30T14:00:00+00:00")
    end = datetime.fromisoformat("2026-11-30T16:00:00+00:00")
    # From a worker thread, as a scheduler job would: the bus brings it to the GUI thread.
    worker = threading.Thread(
        target=lambda: dispatch.book(northwind, "WO-1009", "T001", start, end)
    )
    worker.start()
    worker.join()

    def booked() -> None:
        index = view.model.index_of_number("WO-1009", Column.TECHNICIANS)
        assert index.data() == "Kai Schmidt"

    qtbot.waitUntil(booked, timeout=2000)
    assert view.model.index_of_number("WO-1009", Column.STATUS).data() == "Scheduled"
    assert not resets
    assert view.selected_numbers() == ["WO-1009"]
    assert view.table.verticalScrollBar().value() == scroll


def test_changes_it_does_not_show_are_ignored_and_hidden_views_wait(
    qtbot: QtBot, northwind: ServiceContext, monkeypatch
) -> None:
    view = make_view(qtbot, northwind)
    loads: list[bool] = []
    real = work_order_list.read_page
    monkeypatch.setattr(work_order_list, "read_page", lambda *a, **k: loads.append(True) or real(*a, **k))

    northwind.notify(Changes(frozenset({"invoice"})))
    qtbot.wait(20)
    assert loads == []

    view.hide()
    northwind.notify(Changes(frozenset({"work_order"}), frozenset({"WO-1001"})))
    qtbot.wait(20)
    assert loads == []
    view.show()
    assert loads == [True]


def test_company_zone_change_moves_the_times(qtbot: QtBot, northwind: ServiceContext) -> None:
    view = make_view(qtbot, northwind)
    index = view.model.index_of_number("WO-1001", Column.SCHEDULED)
    assert index.data() == "Mon 07 Dec 08:00"
    settings = company.get_settings(northwind)
    company.save_settings(northwind, replace(settings, timezone="America/New_York"))
    qtbot.waitUntil(lambda: index.data() == "Mon 07 Dec 09:00", timeout=2000)


def test_an_empty_database_says_where_work_orders_come_from(
    qtbot: QtBot, ctx: ServiceContext
) -> None:
    view = make_view(qtbot, ctx, bus=False)
    assert view.count_label.text() == "0 work orders"
    assert view._pages.currentWidget() is view._empty
    assert "no work orders yet" in view._empty_label.text()
    assert view._empty_clear.isHidden()


def test_a_search_that_finds_only_older_work_offers_the_whole_history(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    """WO-1011 was cancelled and has not changed for half a year: "Open and recent" does not
    hold it, so typing its number there says an older one matches, and one click finds it."""
    closeout.cancel(northwind, "WO-1011", "Customer sold the building")
    later = replace(northwind, clock=lambda: northwind.clock() + timedelta(days=200))
    view = make_view(qtbot, later, bus=False)
    assert view.count_label.text() == "13 work orders"
    qtbot.keyClicks(view.search_edit, "WO-1011")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view._pages.currentWidget() is view._empty
    assert view._empty_label.text() == (
        "No open or recent work order matches these filters.\n"
        "1 older one does: search the whole history to see it."
    )
    assert view._empty_history.isVisible()
    qtbot.mouseClick(view._empty_history, Qt.MouseButton.LeftButton)
    assert view.whole_history and view.search_edit.text() == "WO-1011"
    assert view.visible_numbers() == ["WO-1011"]
    assert view.count_label.text() == "1 of 14 work orders"

    # Nothing older matches either: no such offer.
    view.view_combo.setCurrentIndex(0)
    view.search_edit.setText("no such work")
    assert view._pages.currentWidget() is view._empty
    assert view._empty_label.text() == "No work order matches these filters."
    assert view._empty_history.isHidden() and view._empty_clear.isVisible()


def test_columns_fit_their_text_and_leave_the_summary_room(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    view = make_view(qtbot, northwind, bus=False)
    header = view.table.horizontalHeader()
    natural = view.natural_widths()
    for column in Column:
        if column != Column.SUMMARY:  # every name, date and status whole
            assert header.sectionSize(column) >= natural[column], column.name
    metrics = view.table.fontMetrics()
    assert header.sectionSize(Column.NUMBER) >= metrics.horizontalAdvance("WO-1014")
    # Summary takes the room left, exactly: no sideways scrolling, no empty strip.
    assert header.sectionSize(Column.SUMMARY) >= view._summary_min
    assert header.length() == view.table.viewport().width()
    assert view.table.horizontalScrollBar().maximum() == 0

    # A wider window widens Summary only.
    before = {c: header.sectionSize(c) for c in Column}
    view.resize(1500, 600)
    qtbot.waitUntil(lambda: header.length() == view.table.viewport().width())
    assert header.sectionSize(Column.SUMMARY) == before[Column.SUMMARY] + 200
    assert all(header.sectionSize(c) == before[c] for c in Column if c != Column.SUMMARY)


def test_on_a_narrow_window_names_give_way_but_summary_stays_readable(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    view = make_view(qtbot, northwind, bus=False)
    view.resize(760, 500)
    view.fit_columns()
    header = view.table.horizontalHeader()
    natural = view.natural_widths()
    char = view.table.fontMetrics().averageCharWidth()
    assert view._summary_min >= min(natural[Column.SUMMARY], char * SUMMARY_MIN_CHARS)
    assert header.sectionSize(Column.SUMMARY) >= view._summary_min
    for column in (Column.CUSTOMER, Column.SITE, Column.TECHNICIANS):
        assert header.sectionSize(column) >= min(natural[column], char * FLEXIBLE_MIN_CHARS)
    # Dates, statuses and numbers are never cut; the table scrolls sideways instead.
    for column in (Column.NUMBER, Column.STATUS, Column.SCHEDULED, Column.DUE_BY):
        assert header.sectionSize(column) >= natural[column]
    assert view.table.horizontalScrollBar().maximum() > 0


def test_names_come_back_whole_when_the_window_widens(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    """As when the main window opens and is then maximised: fitted again for the new width."""
    view = make_view(qtbot, northwind, bus=False)
    header = view.table.horizontalHeader()
    natural = view.natural_widths()
    view.resize(620, 500)
    qtbot.waitUntil(lambda: header.sectionSize(Column.CUSTOMER) < natural[Column.CUSTOMER])
    view.resize(1500, 600)
    qtbot.waitUntil(lambda: header.sectionSize(Column.CUSTOMER) == natural[Column.CUSTOMER])
    for column in (Column.SITE, Column.TECHNICIANS):
        assert header.sectionSize(column) == natural[column]
    assert header.length() == view.table.viewport().width()


def test_widths_the_user_set_are_kept_when_the_window_changes(
    qtbot: QtBot, northwind: ServiceContext
) -> None:
    view = make_view(qtbot, northwind, bus=False)
    header = view.table.horizontalHeader()
    header.resizeSection(Column.CUSTOMER, 90)  # as a drag of the divider does
    view.resize(1500, 600)
    qtbot.waitUntil(lambda: header.length() == view.table.viewport().width())
    assert header.sectionSize(Column.CUSTOMER) == 90


def test_the_count_is_never_clipped(qtbot: QtBot, northwind: ServiceContext) -> None:
    """A right-aligned count narrower than its text showed "4 work orders" for 1,234."""
    view = make_view(qtbot, northwind, bus=False)
    qtbot.keyClicks(view.search_edit, "lakeside")
    qtbot.waitUntil(lambda: view.count_label.text() == "4 of 14 work orders")
    for width in (1300, 700, 420):
        view.resize(width, 500)
        qtbot.wait(10)
        label = view.count_label
        assert label.text() == "4 of 14 work orders"
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
        assert view.rect().contains(label.geometry().translated(label.parentWidget().pos()))


def test_header_state_is_saved_and_restored(
    qtbot: QtBot, northwind: ServiceContext, settings
) -> None:
    first = make_view(qtbot, northwind, bus=False)
    first.table.sortByColumn(Column.DUE_BY, Qt.SortOrder.AscendingOrder)
    first.table.horizontalHeader().resizeSection(Column.CUSTOMER, 211)
    first.save_state(settings)

    second = make_view(qtbot, northwind, bus=False)
    second.restore_state(settings)
    header = second.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.DUE_BY
    assert header.sectionSize(Column.CUSTOMER) == 211
    assert (second.model.query.sort, second.model.query.descending) == ("due_by", False)
