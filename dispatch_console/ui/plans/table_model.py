"""The plans list and a plan's history as Qt tables: adapters over ``pm_plans``' plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QPalette, QResizeEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from dispatch_console.domain.enums import PlanMode
from dispatch_console.services.pm_plans import PlanRow, PlanVisit
from dispatch_console.ui.board import style
from dispatch_console.ui.formatting import format_count, format_moment, label
from dispatch_console.ui.row_table import RowTableModel, WordsFilter

#: The plan's code (any column).
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row itself, PlanRow or PlanVisit (any column).
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
#: A comparable key for sorting.
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

MODE_WORDS = {PlanMode.FIXED: "Fixed calendar", PlanMode.AFTER_COMPLETION: "After completion"}


#: Rows a column's width is measured over (those on screen, then up to this many): a list of
#: 100,000 rows fits as quickly as one of ten.
MEASURED_ROWS = 200


def natural_widths(table: QTableView) -> list[int]:
    """Each column as wide as its header and its text in the rows on screen and the first
    ``MEASURED_ROWS`` (``QHeaderView.setResizeContentsPrecision``), never every row."""
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(MEASURED_ROWS)
    return [
        max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) if not header.isSectionHidden(c) else 0
        for c in range(header.count())
    ]


def fit_to_width(
    table: QTableView, stretch: Sequence[int], narrowest_chars: int = 16, natural: Sequence[int] | None = None
) -> None:
    """Columns as wide as their text (``natural``, measured when not given); when they leave
    room, the ``stretch`` columns share it. When they do not fit, the ``stretch`` columns (long
    texts, elided with a tooltip) give way, each in proportion but to no fewer than
    ``narrowest_chars`` characters, before the table scrolls sideways: short columns (dates,
    counts, status) are never cut."""
    header = table.horizontalHeader()
    widths = list(natural) if natural is not None else natural_widths(table)
    if len(widths) != header.count():
        return
    columns = [c for c in stretch if c < header.count()]
    for c, width in enumerate(widths):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(c, width)
    wanted = sum(widths)
    room = table.viewport().width() - 2  # a hair less, or a scroll bar shows for nothing
    if wanted <= room:
        for column in columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        return
    narrowest = table.fontMetrics().averageCharWidth() * narrowest_chars
    spare = {c: max(0, widths[c] - narrowest) for c in columns}
    total_spare = sum(spare.values())
    if not total_spare:
        return  # nothing may give way: the table scrolls
    excess = min(wanted - room, total_spare)
    for column in columns:
        header.resizeSection(column, widths[column] - excess * spare[column] // total_spare)


class FittedTable(QTableView):
    """A table that fits its columns to its width (``fit_to_width``): measured when its rows
    change (``fit``), shared out again when it is resized (without measuring again)."""

    def __init__(self, stretch: Callable[[], Sequence[int]], narrowest_chars: int = 16) -> None:
        super().__init__()
        self._stretch = stretch
        self._narrowest_chars = narrowest_chars
        self._natural: list[int] | None = None

    def fit(self) -> None:
        """Measure the columns again (the rows changed) and fit them."""
        self._natural = natural_widths(self)
        fit_to_width(self, self._stretch(), self._narrowest_chars, self._natural)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() == event.oldSize().width():
            return
        if self._natural is None:
            self.fit()
        else:
            fit_to_width(self, self._stretch(), self._narrowest_chars, self._natural)


class Column(IntEnum):
    CODE = 0
    SUMMARY = 1
    WHERE = 2
    MODE = 3
    RULE = 4
    NEXT_DUE = 5
    LAST_GENERATED = 6
    RECORD = 7
    STATUS = 8


HEADERS = {
    Column.CODE: "Plan",
    Column.SUMMARY: "Summary",
    Column.WHERE: "Site / asset",
    Column.MODE: "Mode",
    Column.RULE: "Repeats",
    Column.NEXT_DUE: "Next due",
    Column.LAST_GENERATED: "Last generated",
    Column.RECORD: "Made / on time",
    Column.STATUS: "Status",
}


def record_text(row: PlanRow) -> str:
    """``11 made · 9 of 10 on time``: what the plan made, and how many of its completed visits
    were done by the end of their day."""
    made = f"{format_count(row.made)} made"
    if not row.completed:
        return made
    return f"{made} · {format_count(row.on_time)} of {format_count(row.completed)} on time"


def where_text(row: PlanRow) -> str:
    return f"{row.site} / {row.asset}" if row.asset else row.site


def next_due_text(row: PlanRow, tz: ZoneInfo, now: datetime | None) -> str:
    """The next visit still to be made; an after-completion plan whose visit is open waits."""
    if not row.active:
        return "paused"
    if row.next_due is not None:
        return format_moment(row.next_due, tz, year_of=now)
    if row.mode is PlanMode.AFTER_COMPLETION and row.made:
        return "when the last visit is done"
    return "no more visits"


def status_text(row: PlanRow) -> str:
    return "Active" if row.active else "Paused"


class PlansTableModel(RowTableModel[PlanRow, Column]):
    """Every plan as a row; moments in the company's zone, the rule in words when ``describe``
    can say it."""

    def __init__(self, tz: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(Column, HEADERS, parent=parent)
        self._tz = tz
        self._now: datetime | None = None
        self._words: Callable[[PlanRow], str] = lambda row: row.rule

    def set_rows(
        self, rows: Sequence[PlanRow], tz: ZoneInfo, now: datetime, words: Callable[[PlanRow], str]
    ) -> None:
        self._tz, self._now, self._words = tz, now, words
        self.replace_rows(rows)

    def rule_text(self, row: PlanRow) -> str:
        """The plan's rule as the table shows it (in words when they can be said)."""
        return self._words(row)

    def _key_of(self, row: PlanRow) -> str:
        return row.code

    def _display(self, row: PlanRow, column: Column) -> str:
        if column == Column.CODE:
            return row.code
        if column == Column.SUMMARY:
            return row.summary
        if column == Column.WHERE:
            return where_text(row)
        if column == Column.MODE:
            return MODE_WORDS.get(row.mode, label(row.mode.value))
        if column == Column.RULE:
            return self.rule_text(row)
        if column == Column.NEXT_DUE:
            return next_due_text(row, self._tz, self._now)
        if column == Column.LAST_GENERATED:
            return format_moment(row.last_generated, self._tz, year_of=self._now) if row.last_generated else "none yet"
        if column == Column.RECORD:
            return record_text(row)
        return status_text(row)

    def _tooltip(self, row: PlanRow, column: Column) -> str | None:
        if column == Column.RULE:
            return f"{self._words(row)}\n{row.rule}"
        if column == Column.SUMMARY:
            return row.summary
        if column == Column.RECORD:
            return (
                f"{row.made} work orders made, {row.completed} completed, "
                f"{row.on_time} of them by the end of their day"
            )
        return None

    def _role_data(self, row: PlanRow, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == CODE_ROLE:
            return row.code
        if role == ROW_ROLE:
            return row
        return None

    def _sort_key(self, row: PlanRow, column: Column) -> Any:
        if column == Column.NEXT_DUE:
            return (not row.active, row.next_due is None, row.next_due.timestamp() if row.next_due else 0.0)
        if column == Column.LAST_GENERATED:
            return row.last_generated.timestamp() if row.last_generated else 0.0
        if column == Column.RECORD:
            return (row.made, row.on_time)
        if column == Column.STATUS:
            return (not row.active, row.code.casefold())
        return self._display(row, column).casefold()


class PlansFilter(WordsFilter):
    """The plans whose code, summary, site, asset or rule hold every word typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(ROW_ROLE, SORT_ROLE, parent)

    def _texts(self, row: PlanRow) -> Iterable[str]:
        model = self.sourceModel()
        rule = model.rule_text(row) if isinstance(model, PlansTableModel) else row.rule
        return (row.code, row.summary, row.site, row.asset, rule, status_text(row))


class VisitColumn(IntEnum):
    NUMBER = 0
    OCCURRENCE = 1
    STATUS = 2
    COMPLETED = 3
    ON_TIME = 4


VISIT_HEADERS = {
    VisitColumn.NUMBER: "Work order",
    VisitColumn.OCCURRENCE: "Due (occurrence)",
    VisitColumn.STATUS: "Status",
    VisitColumn.COMPLETED: "Completed",
    VisitColumn.ON_TIME: "On time",
}


def on_time_text(visit: PlanVisit) -> str:
    if visit.on_time is None:
        return "not done yet"
    return "yes" if visit.on_time else "no, late"


class VisitsTableModel(RowTableModel[PlanVisit, VisitColumn]):
    """The work orders one plan made, newest first; a late one in the board's late colour."""

    def __init__(self, tz: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(VisitColumn, VISIT_HEADERS, parent=parent)
        self._tz = tz

    def set_rows(self, rows: Sequence[PlanVisit], tz: ZoneInfo) -> None:
        self._tz = tz
        self.replace_rows(rows)

    def _display(self, row: PlanVisit, column: VisitColumn) -> str:
        if column == VisitColumn.NUMBER:
            return row.number
        if column == VisitColumn.OCCURRENCE:
            return format_moment(row.occurrence, self._tz)
        if column == VisitColumn.STATUS:
            return style.STATUS_SIGNS.get(row.status, "") + label(row.status.value)
        if column == VisitColumn.COMPLETED:
            return format_moment(row.completed_at, self._tz) if row.completed_at else ""
        return on_time_text(row)

    def _role_data(self, row: PlanVisit, column: VisitColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == VisitColumn.ON_TIME and row.on_time is False:
            return QBrush(style.LATE)
        if role == CODE_ROLE:
            return row.number
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            if column == VisitColumn.OCCURRENCE:
                return row.occurrence.timestamp()
            if column == VisitColumn.COMPLETED:
                return row.completed_at.timestamp() if row.completed_at else 0.0
            return self._display(row, column)
        return None
