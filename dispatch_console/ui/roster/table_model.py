"""The roster list as a Qt table: an adapter over plain ``TechnicianRow`` data, its filter, and the
painting of the skills column (each certification in its own mark colour)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dispatch_console.services.roster.technicians import TechnicianRow
from dispatch_console.ui.formatting import format_decimal
from dispatch_console.ui.roster.marks import EXPIRED_COLOR, mark_color, mark_text
from dispatch_console.ui.row_table import AnyIndex, RowTableModel, WordsFilter

#: The technician's code (any column).
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The TechnicianRow (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
#: The skills column as (text, colour or None) pieces, for ``SkillsDelegate``.
SEGMENTS_ROLE = Qt.ItemDataRole.UserRole + 3
#: A comparable key for sorting.
SORT_ROLE = Qt.ItemDataRole.UserRole + 4


class Column(IntEnum):
    NAME = 0
    PHONE = 1
    SKILLS = 2
    WEEK = 3
    ACTIVE = 4


HEADERS = {
    Column.NAME: "Technician",
    Column.PHONE: "Phone",
    Column.SKILLS: "Skills and certifications",
    Column.WEEK: "Booked this week",
    Column.ACTIVE: "Active",
}


def week_text(row: TechnicianRow) -> str:
    """``12.5 of 40 h``, and how far over when the week is over-booked."""
    week = row.week
    text = f"{format_decimal(week.booked_hours)} of {format_decimal(week.capacity_hours)} h"
    if week.over_hours:
        text += f" (over by {format_decimal(week.over_hours)})"
    return text


def week_tooltip(row: TechnicianRow) -> str:
    week = row.week
    parts = [
        f"Week of {week.week_start:%d %b %Y}: {format_decimal(week.booked_hours)} h booked "
        f"of {format_decimal(week.capacity_hours)} h capacity",
        f"{format_decimal(week.shift_hours)} h of shifts less {format_decimal(week.time_off_hours)} h time off",
    ]
    if week.over_hours:
        parts.append(f"over-booked by {format_decimal(week.over_hours)} h")
    else:
        parts.append(f"{format_decimal(week.free_hours)} h free")
    return "\n".join(parts)


class RosterTableModel(RowTableModel[TechnicianRow, Column]):
    """Every technician as a row; certifications judged on ``today`` (the company's date)."""

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(Column, HEADERS, parent=parent)
        self._today = today

    def set_rows(self, rows: Sequence[TechnicianRow], today: date) -> None:
        """Show ``rows`` (a roster is short: a reset keeps it simple; the page keeps the selection)."""
        self._today = today
        self.replace_rows(rows)

    def _key_of(self, row: TechnicianRow) -> str:
        return row.code

    def _header_data(self, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.SKILLS:
            return "Expired certifications are red; those running out within 30 days amber, with their date"
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WEEK:
            return "Hours booked this week (Monday to Sunday) against the shifts less time off"
        return None

    def _role_data(self, row: TechnicianRow, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.WEEK and row.week.over_hours:
                return QBrush(EXPIRED_COLOR)
            if not row.active:
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.WEEK:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == SEGMENTS_ROLE and column == Column.SKILLS:
            return [(mark_text(s, self._today), mark_color(s)) for s in row.skills]
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == CODE_ROLE:
            return row.code
        if role == ROW_ROLE:
            return row
        return None

    def _display(self, row: TechnicianRow, column: Column) -> str:
        if column == Column.NAME:
            return row.name
        if column == Column.PHONE:
            return row.phone
        if column == Column.SKILLS:
            return ", ".join(mark_text(s, self._today) for s in row.skills) or "no skills"
        if column == Column.WEEK:
            return week_text(row)
        return "Active" if row.active else "Inactive"

    def _tooltip(self, row: TechnicianRow, column: Column) -> str | None:
        if column == Column.NAME:
            return f"{row.name} ({row.code})" + (f"\n{row.email}" if row.email else "")
        if column == Column.SKILLS:
            return "\n".join(s.text for s in row.skills) or "No skills yet"
        if column == Column.WEEK:
            return week_tooltip(row)
        return None

    def _sort_key(self, row: TechnicianRow, column: Column) -> Any:
        if column == Column.NAME:
            return row.name.casefold()
        if column == Column.PHONE:
            return row.phone
        if column == Column.SKILLS:
            return ", ".join(s.code for s in row.skills).casefold()
        if column == Column.WEEK:
            return float(row.week.booked_hours)
        return (not row.active, row.name.casefold())


class RosterFilter(WordsFilter):
    """The technicians whose name, code, phone, e-mail or skills hold every word typed; all,
    active only or inactive only."""

    ALL, ACTIVE, INACTIVE = "all", "active", "inactive"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(ROW_ROLE, SORT_ROLE, parent)
        self._which = self.ALL

    def set_which(self, which: str) -> None:
        self.beginFilterChange()
        self._which = which
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtered(self) -> bool:
        return super().is_filtered or self._which != self.ALL

    def _accepts(self, row: TechnicianRow) -> bool:
        if self._which == self.ACTIVE:
            return row.active
        return not (self._which == self.INACTIVE and row.active)

    def _texts(self, row: TechnicianRow) -> Iterable[str]:
        return (row.name, row.code, row.phone, row.email, *(s.code for s in row.skills))


class SkillsDelegate(QStyledItemDelegate):
    """Paints the skills of a row one after another, each in its certification's colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        segments = index.data(SEGMENTS_ROLE)
        if not segments:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        normal = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = opt.rect.adjusted(4, 0, -4, 0)
        x = rect.left()
        painter.save()
        painter.setFont(opt.font)
        bold = QFont(opt.font)
        bold.setBold(True)
        pieces: list[tuple[str, QColor | None, bool]] = []
        for i, (text, color) in enumerate(segments):
            pieces.append((text, color, color is not None))
            if i < len(segments) - 1:
                pieces.append((", ", None, False))
        for text, color, strong in pieces:
            room = rect.right() - x
            if room <= 0:
                break
            font = bold if strong else opt.font
            painter.setFont(font)
            metrics = QFontMetrics(font)
            if metrics.horizontalAdvance(text) > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.setPen(color if color is not None and not selected else normal)
            painter.drawText(x, rect.top(), room, rect.height(),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            x += metrics.horizontalAdvance(text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 12, hint.height())
