"""The table the roster and the work order list are built on: what it counts, its headers, and
its cells' text and tooltips (user text shown as typed, never as markup)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from dispatch_console.ui.row_table import RowTableModel


class Col(IntEnum):
    NAME = 0
    NOTE = 1


@dataclass(frozen=True)
class Row:
    name: str
    note: str


class Notes(RowTableModel[Row, Col]):
    def _display(self, row: Row, column: Col) -> str:
        return row.name if column == Col.NAME else row.note

    def _tooltip(self, row: Row, column: Col) -> str | None:
        return row.note if column == Col.NOTE else None

    def _role_data(self, row: Row, column: Col, role: int) -> Any:
        return row if role == Qt.ItemDataRole.UserRole else None

    def _header_data(self, column: Col, role: int) -> Any:
        return "What was said" if role == Qt.ItemDataRole.ToolTipRole and column == Col.NOTE else None


ROWS = [Row("Dana", "<b>call first</b>"), Row("Olga", "")]


def model() -> Notes:
    return Notes(Col, {Col.NAME: "Name", Col.NOTE: "Note"}, ROWS)


def test_one_row_per_item_and_one_column_per_member_and_nothing_below_a_row(qapp: Any) -> None:
    table = model()
    assert (table.rowCount(), table.columnCount()) == (2, 2)
    assert table.rows == ROWS
    child = table.index(0, 0)
    assert (table.rowCount(child), table.columnCount(child)) == (0, 0)
    assert table.flags(child) == (
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
    )
    assert table.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_headers_name_their_columns_and_only_across_the_top(qapp: Any) -> None:
    table = model()
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [table.headerData(c, horizontal) for c in range(2)] == ["Name", "Note"]
    assert table.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole) == "What was said"
    assert table.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert table.headerData(2, horizontal) is None
    assert table.headerData(0, vertical) is None


def test_a_cell_shows_its_text_and_a_tooltip_of_user_text_as_typed(qapp: Any) -> None:
    table = model()
    assert table.index(0, Col.NOTE).data() == "<b>call first</b>"
    assert table.index(0, Col.NOTE).data(Qt.ItemDataRole.ToolTipRole) == "<qt>&lt;b&gt;call first&lt;/b&gt;</qt>"
    assert table.index(1, Col.NOTE).data(Qt.ItemDataRole.ToolTipRole) is None  # an empty note: no tooltip
    assert table.index(0, Col.NAME).data(Qt.ItemDataRole.ToolTipRole) is None
    assert table.index(1, Col.NAME).data(Qt.ItemDataRole.UserRole) == ROWS[1]
    assert table.data(QModelIndex()) is None
