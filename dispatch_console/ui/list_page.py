"""What the list pages (roster, plans, billing) build alike: the bar over a list (a filter box,
buttons and a count on the right), the list's table, its count in words, choosing a row, and
the page's title over its body, so each page says only what it lists and does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.ui.fitting import FlowLayout
from dispatch_console.ui.formatting import format_count
from dispatch_console.ui.widgets import heading


class EnterTable(QTableView):
    """A list's table; Enter on a row asks to open (edit) it.

    Signals:
        enter_pressed: Enter or Return on the current row.
    """

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def list_table(
    table: QTableView,
    model: QAbstractItemModel,
    name: str,
    *,
    many: bool = False,
    alternating: bool = True,
    fit_contents: bool = True,
    narrowest: int = 60,
) -> QTableView:
    """``table`` set up as a read-only list of ``model``'s rows: sortable, whole rows chosen
    (one, or with ``many`` several), no grid, rows a line high, columns as wide as their text
    (unless ``fit_contents`` is False) and no narrower than ``narrowest`` pixels."""
    table.setObjectName(name)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(alternating)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection if many else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    if fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMinimumSectionSize(narrowest)
    return table


def search_box(placeholder: str, chars: int, on_text: Callable[[str], None]) -> QLineEdit:
    """The filter box of a list: grows with the bar, at least ``chars`` characters wide."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * chars)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    edit.textChanged.connect(on_text)
    return edit


def count_label() -> QLabel:
    """How many a list shows, on the right of its bar."""
    count = QLabel()
    count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    count.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return count


def flow_bar(*widgets: QWidget) -> QWidget:
    """The widgets in a row that wraps onto more lines when the window is narrow."""
    bar_widget = QWidget()
    bar = FlowLayout(bar_widget)
    for widget in widgets:
        bar.addWidget(widget)
    return bar_widget


def count_text(total: int, shown: int, filtered: bool, one: str, many: str) -> str:
    """``12 plans``, or ``3 of 12 plans`` while a filter hides some."""
    noun = one if total == 1 else many
    count = f"{format_count(shown)} of {format_count(total)}" if filtered else format_count(total)
    return f"{count} {noun}"


def shown_rows(proxy: QAbstractItemModel, role: int) -> list[Any]:
    """What ``role`` gives of each row, in the order the table shows them."""
    return [proxy.index(r, 0).data(role) for r in range(proxy.rowCount())]


def choose_index(table: QTableView, index: QModelIndex) -> None:
    """Make the row of ``index`` the table's current and only chosen one, scrolled to."""
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.scrollTo(index)


def choose_row(table: QTableView, proxy: QSortFilterProxyModel, source: int) -> bool:
    """Choose the source model's row ``source`` in ``table``; False if it is not shown."""
    if source < 0:
        return False
    index = proxy.mapFromSource(proxy.sourceModel().index(source, 0))
    if not index.isValid():
        return False
    choose_index(table, index)
    return True


def titled(widget: QWidget, title: str, body: QWidget) -> None:
    """``widget``'s layout: the page's title over ``body``, which takes the room."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addWidget(heading(title, scale=1.5))
    layout.addWidget(body, 1)


def list_column(widget: QWidget, *parts: QWidget, top: int = 8, room: QWidget | None = None) -> QWidget:
    """``widget`` laid out as a column of ``parts``; ``room`` (the last part unless named) takes
    the room left."""
    room = parts[-1] if room is None else room
    column = QVBoxLayout(widget)
    column.setContentsMargins(0, top, 0, 0)
    for part in parts:
        column.addWidget(part, 1 if part is room else 0)
    return widget
