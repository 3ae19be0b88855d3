"""The lists of the records page: a table model over plain rows, and a list with its buttons.

A list's filter text is applied by the service (in the database), so the list only ever holds
the rows that match. The customers, sites and assets (which grow with the years) are read a
page at a time (``PagedRecordsModel``): the database sorts them, a header click re-queries and
the count is its ``COUNT``; the short lists (a customer's sites, the parts) hold every row and
the table sorts what it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.services.record_lists import RecordQuery, record_query, with_text
from dispatch_console.ui.fitting import FlowLayout
from dispatch_console.ui.formatting import format_count, sentence
from dispatch_console.ui.paged_rows import PagedRowsModel
from dispatch_console.ui.plain_text import tooltip
from dispatch_console.ui.row_table import RowTableModel

R = TypeVar("R")

#: The key (code or sku) of a row, in any column.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: What a column sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: At most this many rows are listed; the filter finds the others.
LIST_LIMIT = 2000


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, its text, and optionally what it sorts by and its tooltip."""

    header: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    tip: Callable[[R], str] | None = None
    right: bool = False


def _tooltip_of(row: R, column: Column[R]) -> str | None:
    return column.tip(row) if column.tip else column.text(row)


def _role_of(key: Callable[[R], str], row: R, column: Column[R], role: int) -> Any:
    if role == Qt.ItemDataRole.TextAlignmentRole:
        horizontal = Qt.AlignmentFlag.AlignRight if column.right else Qt.AlignmentFlag.AlignLeft
        return horizontal | Qt.AlignmentFlag.AlignVCenter
    if role == KEY_ROLE:
        return key(row)
    if role == SORT_ROLE:
        return column.sort(row) if column.sort else column.text(row).casefold()
    return None


class RowsModel(RowTableModel[R, Column[R]]):
    """Plain rows as a table; ``data()`` formats what it holds and never queries."""

    def __init__(self, columns: Sequence[Column[R]], key: Callable[[R], str], parent: QObject | None = None) -> None:
        super().__init__(columns, {c: c.header for c in columns}, parent=parent)
        self._key = key

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _key_of(self, row: R) -> str:
        return self._key(row)

    def _display(self, row: R, column: Column[R]) -> str:
        return column.text(row)

    def _tooltip(self, row: R, column: Column[R]) -> str | None:
        return _tooltip_of(row, column)

    def _role_data(self, row: R, column: Column[R], role: int) -> Any:
        return _role_of(self._key, row, column, role)


@dataclass(frozen=True)
class Pages(Generic[R]):
    """How a long list reads: a page of rows (query, after, limit -> rows, where the next page
    begins), its count, and the order a click on a column's header asks for (header -> the
    query's sort; a column not named does not sort)."""

    fetch: Callable[[RecordQuery, Any, int], tuple[Sequence[R], Any]]
    count: Callable[[RecordQuery], int]
    sorts: dict[str, str] = field(default_factory=lambda: {"Name": "name", "Code": "code"})


class PagedRecordsModel(PagedRowsModel[R, Column[R], RecordQuery]):
    """A long list of records, a page at a time, in the database's order (by name at first)."""

    def __init__(self, columns: Sequence[Column[R]], key: Callable[[R], str], pages: Pages[R],
                 parent: QObject | None = None) -> None:
        self.sorts = pages.sorts
        super().__init__(
            columns, {c: c.header for c in columns}, record_query(), pages.fetch, pages.count,
            self._sorted_by, parent=parent,
        )
        self._key = key

    def _sorted_by(self, query: RecordQuery, column: Column[R], descending: bool) -> RecordQuery | None:
        sort = self.sorts.get(column.header)
        return None if sort is None else replace(query, sort=sort, descending=descending)

    def sort_column(self) -> int:
        """The column the list is sorted by (its header shows the arrow)."""
        for i, column in enumerate(self.columns):
            if self.sorts.get(column.header) == self.query.sort:
                return i
        return -1

    def _key_of(self, row: R) -> str:
        return self._key(row)

    def _display(self, row: R, column: Column[R]) -> str:
        return column.text(row)

    def _tooltip(self, row: R, column: Column[R]) -> str | None:
        return _tooltip_of(row, column)

    def _role_data(self, row: R, column: Column[R], role: int) -> Any:
        return _role_of(self._key, row, column, role)


class RecordTable(QTableView):
    """A read-only table of records; Enter or a double-click opens the current row.

    Signals:
        open_requested: the key of the row to open.
    """

    open_requested = Signal(str)

    def __init__(self, model: QAbstractTableModel, *, sortable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if sortable:
            self.proxy: QSortFilterProxyModel | None = QSortFilterProxyModel(self)
            self.proxy.setSortRole(SORT_ROLE)
            self.proxy.setSourceModel(model)
            self.setModel(self.proxy)
            self.setSortingEnabled(True)
            self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order until a header is clicked
        else:
            self.proxy = None
            self.setModel(model)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(self._on_double_clicked)

    def current_key(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return str(index.data(KEY_ROLE))

    def keys(self) -> list[str]:
        """The keys in the order the table shows them."""
        model = self.model()
        return [str(model.index(r, 0).data(KEY_ROLE)) for r in range(model.rowCount())]

    def select_key(self, key: str) -> bool:
        """Make the row of ``key`` current and selected, and scroll to it; False if not listed."""
        model = self.model()
        for r in range(model.rowCount()):
            index = model.index(r, 0)
            if index.data(KEY_ROLE) == key:
                self.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.scrollTo(index)
                return True
        return False

    def fit_columns(self, widest: int = 320) -> None:
        """Each column as wide as its text (the last one takes the rest), none wider than ``widest``."""
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for c in range(header.count() - 1):
            header.resizeSection(c, min(header.sectionSize(c) + 12, widest))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_key() is not None:
            self.open_requested.emit(self.current_key())
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(str(index.data(KEY_ROLE)))


class RecordList(QWidget, Generic[R]):
    """One kind of record: a filter (applied by the service), the table, New…, Edit…, Delete.

    The page decides what the buttons do; the list says why Delete is off (the service's
    reason, as the button's tooltip).

    Signals:
        new_requested, edit_requested(key), delete_requested(key), current_changed(key or "").
    """

    new_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    current_changed = Signal(str)

    def __init__(
        self,
        noun: str,
        columns: Sequence[Column[R]],
        key: Callable[[R], str],
        load: Callable[[str], list[R]] | None,
        why_not_delete: Callable[[str], str | None],
        *,
        pages: Pages[R] | None = None,
        searchable: bool = True,
        search_hint: str = "",
        plural: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self.plural = plural or f"{noun}s"
        self._load = load
        self._key = key
        self._why_not_delete = why_not_delete
        self._fitted = False
        self.paged: PagedRecordsModel[R] | None = None
        self.model: RowsModel[R] | PagedRecordsModel[R]
        if pages is not None:
            self.paged = self.model = PagedRecordsModel(columns, key, pages, self)
            self.table = RecordTable(self.model, sortable=False)
            header = self.table.horizontalHeader()
            header.setSortIndicator(self.paged.sort_column(), Qt.SortOrder.AscendingOrder)
            header.setSortIndicatorShown(True)
            header.setSectionsClickable(True)
            header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        else:
            self.model = RowsModel(columns, key, self)
            self.table = RecordTable(self.model)
        self.table.open_requested.connect(self.edit_requested)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(f"Find {self.plural}…")
        self.search_edit.setToolTip(search_hint or f"Lists the {self.plural} that contain every word you type")
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.setVisible(searchable)

        self.new_button = QPushButton(f"New {noun}…")
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # The filter and the buttons on one row when there is room; on a narrow window (a laptop
        # at 200 %) they wrap onto a second row instead of squeezing the filter.
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().averageCharWidth() * 22)
        bar = QWidget()
        top = FlowLayout(bar)
        if searchable:
            top.addWidget(self.search_edit)
        else:
            self.count_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            top.addWidget(self.count_label)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.table, 1)
        if searchable:
            layout.addWidget(self.count_label)
        self._update_buttons()

    # -- public -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the rows again from the service, keeping the current row when it is still listed
        (a long list: its first page for new words typed, else the rows loaded so far)."""
        keep = self.current_key()
        self.table.setUpdatesEnabled(False)
        if self.paged is not None:
            query = with_text(self.paged.query, self.search_edit.text())
            if query != self.paged.query or not self.paged.loaded:
                self.paged.set_query(query)
            else:
                self.paged.refresh()
            count = self.paged.total
        else:
            assert self._load is not None
            rows = self._load(self.search_edit.text())
            self.model.set_rows(rows)  # type: ignore[union-attr]
            count = len(rows)
        if keep is not None:
            self.table.select_key(keep)
        self.table.setUpdatesEnabled(True)
        if self.model.rowCount() and not self._fitted:
            self.table.fit_columns()
            self._fitted = True
        self._update_count(count)
        self._update_buttons()
        self.current_changed.emit(self.current_key() or "")

    def current_key(self) -> str | None:
        return self.table.current_key()

    def keys(self) -> list[str]:
        return self.table.keys()

    def show_key(self, key: str) -> bool:
        """Select ``key``, clearing the filter first if it hides it; False if there is no such record.
        A long list reads on until the record is loaded (in large steps: a few reads)."""
        if self._seek(key) and self.table.select_key(key):
            return True
        if self.search_edit.text():
            self.search_edit.clear()  # reloads
        return self._seek(key) and self.table.select_key(key)

    def _seek(self, key: str) -> bool:
        if self.paged is None:
            return self.model.row_of(key) >= 0
        return self.paged.fetch_all_until(lambda row: self._key(row) == key, most=1_000_000, step=2000) >= 0

    # -- inside -----------------------------------------------------------------------------------
    def _update_count(self, count: int) -> None:
        noun = self.noun if count == 1 else self.plural
        text = f"{format_count(count)} {noun}"
        if count >= LIST_LIMIT and self.paged is None:
            text = f"The first {format_count(count)} {self.plural}; type to find the others"
        elif self.search_edit.text().strip():
            text += " found"
        self.count_label.setText(text)

    def _update_buttons(self) -> None:
        key = self.current_key()
        self.edit_button.setEnabled(key is not None)
        if key is None:
            self.delete_button.setEnabled(False)
            self.delete_button.setToolTip(f"Choose a {self.noun} to delete")
            return
        reason = self._why_not_delete(key)
        self.delete_button.setEnabled(reason is None)
        self.delete_button.setToolTip(tooltip(sentence(reason)) if reason else f"Delete {self.noun} {key}")

    @Slot()
    def _on_selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        self.current_changed.emit(self.current_key() or "")

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self.refresh()

    @Slot(int, Qt.SortOrder)
    def _on_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        """A header click: the database sorts by that column, from the top; a column it cannot
        sort by leaves the order (and the arrow) as it was."""
        assert self.paged is not None
        keep = self.current_key()
        self.paged.sort(section, order)
        header = self.table.horizontalHeader()
        shown = self.paged.sort_column()
        wanted = Qt.SortOrder.DescendingOrder if self.paged.query.descending else Qt.SortOrder.AscendingOrder
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (shown, wanted):
            header.blockSignals(True)
            header.setSortIndicator(shown, wanted)
            header.blockSignals(False)
        if keep is not None:
            self.table.select_key(keep)
        self._update_buttons()
        self.current_changed.emit(self.current_key() or "")

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        key = self.current_key()
        if key is not None:
            self.edit_requested.emit(key)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        key = self.current_key()
        if key is not None:
            self.delete_requested.emit(key)

