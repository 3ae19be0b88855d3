"""Every sortable table's header arrow points the way its rows run (up for A to Z, down for
Z to A), as Windows and macOS draw it; Fusion (Linux) on its own draws the opposite."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from dispatch_console.ui.application import SortArrowStyle, create_application, use_console_style
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.roster.table_model import Column as RosterColumn
from tests.ui.headers import arrow_points_down, click_header


def test_the_roster_arrow_points_the_way_the_names_run(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.show_place("roster")
    table = window.roster.table
    header = table.horizontalHeader()
    qtbot.waitExposed(table)

    def names() -> list[str]:
        model = table.model()
        return [str(model.index(row, RosterColumn.NAME).data()) for row in range(model.rowCount())]

    assert header.sortIndicatorSection() == RosterColumn.NAME
    assert names() == sorted(names())  # A to Z: up
    assert not arrow_points_down(header, RosterColumn.NAME)

    click_header(header, RosterColumn.NAME)  # Z to A: down
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert names() == sorted(names(), reverse=True)
    assert arrow_points_down(header, RosterColumn.NAME)


def test_the_customer_list_arrow_points_the_way_the_codes_run(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.show_place("customers")
    customers = window.customers.customers
    header = customers.table.horizontalHeader()
    qtbot.waitExposed(customers.table)
    code = 0  # the Code column
    click_header(header, code)  # A to Z: up
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    keys = customers.keys()
    assert len(keys) > 1 and keys == sorted(keys)
    assert not arrow_points_down(header, code)

    click_header(header, code)  # Z to A: down
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert customers.keys() == sorted(keys, reverse=True)
    assert arrow_points_down(header, code)


def test_the_console_application_turns_fusions_arrows(qtbot: QtBot, qapp: QApplication) -> None:
    """Fusion alone points an A-to-Z column's arrow down; the console's application, up."""
    names = (qapp.applicationName(), qapp.organizationName(), qapp.applicationDisplayName())
    rows = QStandardItemModel(0, 1)
    for name in ("Cleo", "Ana", "Bo"):
        rows.appendRow(QStandardItem(name))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(rows)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert rows.item(0).text() == "Ana"
    try:
        qapp.setStyle("fusion")
        assert arrow_points_down(header, 0)  # Fusion's own: the opposite of the rows
        assert create_application([]) is qapp
        style = qapp.style()
        assert isinstance(style, SortArrowStyle)
        assert style.baseStyle().name().lower() == "fusion"  # still Fusion underneath
        assert not arrow_points_down(header, 0)
    finally:
        use_console_style(qapp)
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
        qapp.setApplicationDisplayName(names[2])
