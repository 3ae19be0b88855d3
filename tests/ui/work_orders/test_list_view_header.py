"""The work order list's header as the dispatcher sees it: every title whole at laptop size,
and the sort arrow pointing the way the rows run (Northwind sample, many more work orders)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.application import build_main_window
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.work_orders import Column, WorkOrderListView
from tests.ui import headers, seed


@pytest.fixture
def busy_window(qtbot: QtBot, northwind: ServiceContext, paths: AppPaths) -> MainWindow:
    """The main window over enough work orders that the list scrolls (its scroll bar shows)."""
    seed.more_work_orders(northwind, 80)
    main = build_main_window(northwind, paths)
    qtbot.addWidget(main)
    return main


def test_at_laptop_size_every_title_is_whole_and_nothing_scrolls_sideways(
    qtbot: QtBot, busy_window: MainWindow
) -> None:
    busy_window.resize(1366, 768)
    busy_window.show()
    qtbot.waitExposed(busy_window)
    view = busy_window.work_orders
    table = view.table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: header.length() == table.viewport().width())
    # The scroll range follows the columns in a layout pass Qt posts for later.
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    metrics = header.fontMetrics()
    for column in Column:
        title = str(view.model.headerData(column, Qt.Orientation.Horizontal))
        room = headers.label_room(header, column, arrow=header.sortIndicatorSection() == column)
        assert metrics.horizontalAdvance(title) <= room, title
    # The last title says what it is: an abbreviation cut mid-word ("Est. h") at the scroll
    # bar read as a column cut off.
    last = header.logicalIndex(header.count() - 1)
    assert view.model.headerData(last, Qt.Orientation.Horizontal) == "Est. hours"
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )


def arrow_points_down(view: WorkOrderListView, column: Column) -> bool:
    return headers.arrow_points_down(view.table.horizontalHeader(), column)


def click_header(view: WorkOrderListView, column: Column) -> None:
    headers.click_header(view.table.horizontalHeader(), column)


def test_the_sort_arrow_points_the_way_the_rows_run(
    qtbot: QtBot, busy_window: MainWindow
) -> None:
    busy_window.show()
    qtbot.waitExposed(busy_window)
    view = busy_window.work_orders
    header = view.table.horizontalHeader()
    # Newest first: the query runs down from the highest number, and the arrow points down.
    assert view.model.query.sort == "number" and view.model.query.descending
    assert header.sortIndicatorSection() == Column.NUMBER
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert arrow_points_down(view, Column.NUMBER)

    click_header(view, Column.NUMBER)  # oldest first: up
    assert not view.model.query.descending
    assert view.visible_numbers()[0] == "WO-1001"
    assert not arrow_points_down(view, Column.NUMBER)


def test_a_restored_header_shows_the_order_the_rows_run(
    qtbot: QtBot, busy_window: MainWindow, settings: QSettings
) -> None:
    busy_window.resize(1366, 768)
    busy_window.show()
    qtbot.waitExposed(busy_window)
    view = busy_window.work_orders
    header = view.table.horizontalHeader()
    click_header(view, Column.DUE_BY)
    click_header(view, Column.DUE_BY)  # the latest deadline first
    assert (view.model.query.sort, view.model.query.descending) == ("due_by", True)
    view.save_state(settings)
    click_header(view, Column.SITE)  # ascending
    assert (view.model.query.sort, view.model.query.descending) == ("site", False)

    view.restore_state(settings)
    assert (view.model.query.sort, view.model.query.descending) == ("due_by", True)
    assert header.sortIndicatorSection() == Column.DUE_BY
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert arrow_points_down(view, Column.DUE_BY)
