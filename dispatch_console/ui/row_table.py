"""A read-only Qt table over plain rows: what the roster, the plans, billing, the work order
list and the records page's lists share (counting, flags, headers, which role asks for what,
replacing the rows, finding one, and the filter by words typed), so each of them says only
what its cells show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from dispatch_console.ui.plain_text import tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

# Looked up once: a view asks ``data()`` seven roles a cell for every cell it paints, and each
# lookup of a Qt enum member is a Python attribute walk.
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
NO_FLAGS = Qt.ItemFlag.NoItemFlags

R = TypeVar("R")
C = TypeVar("C")


class RowTableModel(QAbstractTableModel, Generic[R, C]):
    """Rows of plain data; ``data()`` only formats the rows it holds, never queries.

    A table names its columns in order (an ``IntEnum`` numbered from 0, or a list of column
    objects) and their headers, and says what a cell shows (``_display``), its tooltip
    (``_tooltip``, shown as plain text) and anything else a role asks for (``_role_data``,
    ``_header_data``).
    """

    def __init__(
        self,
        columns: Iterable[C],
        headers: Mapping[C, str],
        rows: Sequence[R] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._headers = dict(headers)
        self._rows: list[R] = list(rows)

    @property
    def rows(self) -> list[R]:
        return self._rows

    @property
    def columns(self) -> list[C]:
        return self._columns

    def replace_rows(self, rows: Iterable[R]) -> None:
        """Show ``rows`` instead (a reset: the lists are short, and each page keeps its choice)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, key: str) -> int:
        """The row whose ``_key_of`` is ``key`` (a code or a number), or -1."""
        return next((i for i, r in enumerate(self._rows) if self._key_of(r) == key), -1)

    # -- what a table says ----------------------------------------------------------------------
    def _key_of(self, row: R) -> str:
        """What names a row for ``row_of`` (its code or number)."""
        raise NotImplementedError

    def _display(self, row: R, column: C) -> str:
        raise NotImplementedError

    def _tooltip(self, row: R, column: C) -> str | None:
        return None

    def _role_data(self, row: R, column: C, role: int) -> Any:
        """What ``role`` asks of a cell, beyond its text and tooltip."""
        return None

    def _header_data(self, column: C, role: int) -> Any:
        """What ``role`` asks of a header, beyond its text."""
        return None

    # -- Qt's model interface -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[column]
        return self._header_data(column, role)

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        at = index.row()  # -1 for an invalid index
        if not 0 <= at < len(self._rows):
            return None
        row = self._rows[at]
        column = self._columns[index.column()]
        if role == DISPLAY:
            return self._display(row, column)
        if role == TOOLTIP:
            return tooltip(self._tooltip(row, column)) or None
        return self._role_data(row, column, role)


class WordsFilter(QSortFilterProxyModel):
    """The rows holding every word typed, in any of the texts ``_texts`` names (case ignored);
    a table with a further choice says it in ``_accepts`` and ``is_filtered``.

    Reads each row through ``row_role`` and sorts by ``sort_role``.
    """

    def __init__(self, row_role: int, sort_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._row_role = row_role
        self._words: list[str] = []
        self.setSortRole(sort_role)

    @property
    def is_filtered(self) -> bool:
        return bool(self._words)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _texts(self, row: Any) -> Iterable[str]:
        raise NotImplementedError

    def _accepts(self, row: Any) -> bool:
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        row = self.sourceModel().index(source_row, 0, source_parent).data(self._row_role)
        if row is None or not self._accepts(row):
            return False
        haystack = " ".join(self._texts(row)).casefold()
        return all(word in haystack for word in self._words)
