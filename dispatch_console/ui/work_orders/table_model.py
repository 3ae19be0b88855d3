"""The work order list as a Qt table: an adapter over plain ``WorkOrderRow`` data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from dispatch_console.domain.enums import Priority
from dispatch_console.services.work_orders import WorkOrderRow
from dispatch_console.ui.formatting import format_decimal, format_moment, label
from dispatch_console.ui.row_table import RowTableModel
from dispatch_console.ui.work_orders.rows import is_overdue

#: The WorkOrderRow of a row (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The work order number of a row (any column).
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2

OVERDUE_COLOR = QColor("#c62828")
_OVERDUE_BRUSH = QBrush(OVERDUE_COLOR)
PRIORITY_COLORS = {
    Priority.EMERGENCY: QColor("#d32f2f"),
    Priority.HIGH: QColor("#f57c00"),
    Priority.NORMAL: QColor("#1976d2"),
    Priority.LOW: QColor("#9e9e9e"),
}


class Column(IntEnum):
    NUMBER = 0
    STATUS = 1
    PRIORITY = 2
    TYPE = 3
    CUSTOMER = 4
    SITE = 5
    SUMMARY = 6
    TECHNICIANS = 7
    SCHEDULED = 8
    DUE_BY = 9
    ESTIMATED_HOURS = 10


HEADERS = {
    Column.NUMBER: "Number",
    Column.STATUS: "Status",
    Column.PRIORITY: "Priority",
    Column.TYPE: "Type",
    Column.CUSTOMER: "Customer",
    Column.SITE: "Site",
    Column.SUMMARY: "Summary",
    Column.TECHNICIANS: "Technician(s)",
    Column.SCHEDULED: "Scheduled",
    Column.DUE_BY: "Due by",
    Column.ESTIMATED_HOURS: "Est. hours",
}

def _dot_icon(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


# Looked up once (see ``row_table.DISPLAY``): asked for every cell painted.
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_PRIORITY, _DUE_BY, _HOURS = Column.PRIORITY, Column.DUE_BY, Column.ESTIMATED_HOURS


class WorkOrderTableModel(RowTableModel[WorkOrderRow, Column]):
    """Every work order as a row; ``data()`` only formats the rows it holds, never queries.

    ``set_rows`` compares the new rows with the shown ones and tells the views only what
    changed (rows removed, inserted, changed in place), so selections and scroll positions
    survive a refresh; a full reset happens on the first load only.
    """

    def __init__(
        self,
        rows: Sequence[WorkOrderRow] = (),
        *,
        tz: ZoneInfo,
        now: datetime,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(Column, HEADERS, rows, parent)
        self._tz = tz
        self._now = now
        self._priority_icons: dict[Priority, QIcon] = {}
        self._overdue_icon: QIcon | None = None
        #: Each column's text of a row, in column order (one look-up a cell painted).
        self._texts: tuple[Callable[[WorkOrderRow], str], ...] = (
            attrgetter("number"),
            lambda r: label(r.status.value),
            lambda r: label(r.priority.value),
            lambda r: label(r.type.value),
            attrgetter("customer"),
            attrgetter("site"),
            attrgetter("summary"),
            lambda r: ", ".join(r.technicians),
            lambda r: format_moment(r.scheduled_start, self._tz, year_of=self._now),
            lambda r: format_moment(r.due_by, self._tz, year_of=self._now),
            lambda r: format_decimal(r.estimated_hours),
        )
        assert len(self._texts) == len(Column)

    # -- the plain data -------------------------------------------------------------------------
    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @property
    def now(self) -> datetime:
        return self._now

    def row_at(self, row: int) -> WorkOrderRow:
        return self._rows[row]

    def index_of_number(self, number: str, column: int = 0) -> QModelIndex:
        for i, row in enumerate(self._rows):
            if row.number == number:
                return self.index(i, column)
        return QModelIndex()

    def set_rows(self, rows: Sequence[WorkOrderRow]) -> bool:
        """Show ``rows``; True when anything changed.

        Rows are matched by id: removed ones are removed, new ones inserted where they belong,
        changed ones reported with ``dataChanged``. Only when the order of the surviving rows
        differs is the model reset.
        """
        new = list(rows)
        if new == self._rows:
            return False
        if not self._rows or not new:
            self._reset(new)
            return True
        new_ids = {row.id for row in new}
        self._remove_missing(new_ids)
        kept = {row.id for row in self._rows}
        if [row.id for row in self._rows] != [row.id for row in new if row.id in kept]:
            self._reset(new)
            return True
        self._update_in_place({row.id: row for row in new if row.id in kept})
        self._insert_new(new, kept)
        return True

    def set_now(self, now: datetime) -> None:
        """Move the clock that decides which rows are overdue."""
        before = [is_overdue(row, self._now) for row in self._rows]
        self._now = now
        after = [is_overdue(row, now) for row in self._rows]
        if before != after:
            self._emit_column_changed(Column.DUE_BY)

    def set_zone(self, tz: ZoneInfo) -> None:
        """The company's time zone changed: dates are shown in the new wall clock."""
        if tz == self._tz:
            return
        self._tz = tz
        self._emit_column_changed(Column.SCHEDULED)
        self._emit_column_changed(Column.DUE_BY)

    # -- what the cells say ---------------------------------------------------------------------
    def _header_data(self, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.SCHEDULED:
                return f"Start of the first booking, in the company's time zone ({self._tz.key})"
            if column == Column.DUE_BY:
                return (
                    f"Deadline, in the company's time zone ({self._tz.key}); overdue ones are red"
                )
            if column == Column.ESTIMATED_HOURS:
                return "Estimated hours of work"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ESTIMATED_HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _role_data(self, row: WorkOrderRow, column: Column, role: int) -> Any:
        if role == _FOREGROUND:
            if column == _DUE_BY and is_overdue(row, self._now):
                return _OVERDUE_BRUSH
            return None
        if role == _DECORATION:
            if column == _PRIORITY:
                return self._priority_icon(row.priority)
            if column == _DUE_BY and is_overdue(row, self._now):
                return self._warning_icon()
            return None
        if role == _ALIGNMENT:
            return _RIGHT if column == _HOURS else _LEFT
        if role == ROW_ROLE:
            return row
        if role == NUMBER_ROLE:
            return row.number
        return None

    # -- helpers --------------------------------------------------------------------------------
    def _display(self, row: WorkOrderRow, column: Column) -> str:
        return self._texts[column](row)

    def _tooltip(self, row: WorkOrderRow, column: Column) -> str | None:
        if column == Column.SUMMARY:
            return row.summary
        if column == Column.TECHNICIANS:
            return "\n".join(row.technicians) if row.technicians else "Not booked on anyone yet"
        if column == Column.SCHEDULED and row.scheduled_start is None:
            return "Not on the schedule yet"
        if column == Column.DUE_BY and row.due_by is not None:
            when = format_moment(row.due_by, self._tz)
            return f"Overdue: was due {when}" if is_overdue(row, self._now) else f"Due {when}"
        if column in (Column.CUSTOMER, Column.SITE):
            return f"{row.customer} — {row.site}"
        return None

    def _priority_icon(self, priority: Priority) -> QIcon:
        icon = self._priority_icons.get(priority)
        if icon is None:
            icon = self._priority_icons[priority] = _dot_icon(PRIORITY_COLORS[priority])
        return icon

    def _warning_icon(self) -> QIcon:
        if self._overdue_icon is None:
            style = QApplication.style()
            self._overdue_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._overdue_icon

    def _reset(self, rows: list[WorkOrderRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _remove_missing(self, wanted_ids: set[int]) -> None:
        i = len(self._rows) - 1
        while i >= 0:
            if self._rows[i].id in wanted_ids:
                i -= 1
                continue
            last = i
            while i - 1 >= 0 and self._rows[i - 1].id not in wanted_ids:
                i -= 1
            self.beginRemoveRows(QModelIndex(), i, last)
            del self._rows[i : last + 1]
            self.endRemoveRows()
            i -= 1

    def _update_in_place(self, by_id: dict[int, WorkOrderRow]) -> None:
        changed: list[int] = []
        for i, row in enumerate(self._rows):
            fresh = by_id[row.id]
            if fresh != row:
                self._rows[i] = fresh
                changed.append(i)
        if not changed:
            return
        last_column = len(Column) - 1
        start = previous = changed[0]
        for i in [*changed[1:], None]:
            if i is not None and i == previous + 1:
                previous = i
                continue
            self.dataChanged.emit(self.index(start, 0), self.index(previous, last_column))
            if i is not None:
                start = previous = i

    def _insert_new(self, new: list[WorkOrderRow], kept: set[int]) -> None:
        j = 0
        while j < len(new):
            if new[j].id in kept:
                j += 1
                continue
            start = j
            while j < len(new) and new[j].id not in kept:
                j += 1
            self.beginInsertRows(QModelIndex(), start, j - 1)
            self._rows[start:start] = new[start:j]
            self.endInsertRows()

    def _emit_column_changed(self, column: Column) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))
