"""A read-only Qt table over plain rows: what the roster, the work order list and the records
page's lists share (counting, flags, headers, and which role asks for what), so each of them
says only what its cells show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from dispatch_console.ui.plain_text import tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

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

    # -- what a table says ----------------------------------------------------------------------
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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[column]
        return self._header_data(column, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tooltip(row, column)) or None
        return self._role_data(row, column, role)
