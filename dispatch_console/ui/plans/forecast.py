"""The forecast: the visits the active plans will make over the next months, and each week's hours
per skill against the technicians who hold it, a crunch marked in words and in the board's
over-booked colours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QObject, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QWidget,
)

from dispatch_console.domain.errors import DispatchError
from dispatch_console.services import pm_forecast
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_forecast import Forecast, ForecastVisit, SkillWeek
from dispatch_console.ui.board import style
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden
from dispatch_console.ui.formatting import MONTHS, format_decimal, format_moment, sentence
from dispatch_console.ui.list_page import flow_bar, list_column, list_table
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.plans.table_model import FittedTable
from dispatch_console.ui.row_table import AnyIndex, RowTableModel
from dispatch_console.ui.widgets import heading

#: A change to any of these may change the forecast (time off is "technician").
SHOWN_ENTITIES = ("pm_plan", "work_order", "technician", "skill", "company")
DEFAULT_MONTHS = 3
#: The crunches named one by one in the summary line; more are counted.
NAMED_CRUNCHES = 4
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: A week's SkillWeek (a skill's cell), for tests and tooltips.
WEEK_ROLE = Qt.ItemDataRole.UserRole + 2


def week_name(monday: date, year_of: date | None = None) -> str:
    """``Week 49 · 30 Nov`` (the ISO week, and its Monday); the year is added when it is not
    that of ``year_of`` (the forecast's first day), so a year ahead is never ambiguous."""
    text = f"Week {monday.isocalendar()[1]} · {monday.day} {MONTHS[monday.month - 1]}"
    return text if year_of is not None and monday.year == year_of.year else f"{text} {monday.year}"


def cell_text(week: SkillWeek) -> str:
    """``2 of 87.5 h``, and for a crunch ``90 of 87.5 h · crunch, 2.5 h short``."""
    text = f"{format_decimal(week.planned_hours)} of {format_decimal(week.capacity_hours)} h"
    if week.crunch:
        text += f" · crunch, {format_decimal(week.over_hours)} h short"
    return text


def crunch_words(result: Forecast) -> str:
    """The crunch weeks in one sentence, or that there is none."""
    crunches = result.crunches
    if not crunches:
        return "No crunch: the technicians have the hours every week."
    named = [
        f"{week_name(w.week_start, result.start)}, {w.skill} {format_decimal(w.over_hours)} h short"
        for w in crunches[:NAMED_CRUNCHES]
    ]
    more = len(crunches) - len(named)
    tail = f"; and {more} more" if more else ""
    weeks = "week" if len(crunches) == 1 else "weeks"
    return f"Crunch ({len(crunches)} {weeks}): " + "; ".join(named) + tail + "."


#: The first column of the weeks table: the week itself (the others are skills).
WEEK_COLUMN = ""


class WeeksModel(RowTableModel[date, str]):
    """One row per week (its Monday), one column per skill: planned hours against capacity."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([WEEK_COLUMN], {WEEK_COLUMN: "Week"}, parent=parent)
        self._cells: dict[tuple[date, str], SkillWeek] = {}
        self._first: date | None = None

    def set_forecast(self, result: Forecast) -> None:
        self.beginResetModel()
        self._first = result.start
        self._columns = [WEEK_COLUMN, *result.skills]
        self._headers = {WEEK_COLUMN: "Week", **{skill: skill for skill in result.skills}}
        self._rows = sorted({w.week_start for w in result.weeks})
        self._cells = {(w.week_start, w.skill): w for w in result.weeks}
        self.endResetModel()

    def _header_data(self, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column != WEEK_COLUMN:
            return (
                f"{column}: the hours the visits need that week, of the hours "
                "(shifts less time off) of the active technicians holding the skill"
            )
        return None

    def _display(self, row: date, column: str) -> str:
        if column == WEEK_COLUMN:
            return week_name(row, self._first)
        week = self._cells.get((row, column))
        return cell_text(week) if week is not None else ""

    def _tooltip(self, row: date, column: str) -> str | None:
        week = self._cells.get((row, column))
        if week is None:
            return None
        visits = "visit" if week.visits == 1 else "visits"
        people = "technician" if week.technicians == 1 else "technicians"
        return (
            f"{week.skill}, {week_name(week.week_start, self._first)}: {week.visits} {visits}, "
            f"{format_decimal(week.planned_hours)} h planned; {week.technicians} {people} with "
            f"{format_decimal(week.capacity_hours)} h.\n{sentence(week.text)}"
        )

    def _role_data(self, row: date, column: str, role: int) -> Any:
        if column == WEEK_COLUMN:
            if role == SORT_ROLE:
                return row.toordinal()
            if role == Qt.ItemDataRole.ForegroundRole and self._crunch(row):
                return QBrush(style.LATE)
            return None
        week = self._cells.get((row, column))
        if week is None:
            return None
        if role == WEEK_ROLE:
            return week
        if role == SORT_ROLE:
            return float(week.planned_hours - week.capacity_hours)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if week.crunch:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(style.OVERBOOKED)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(style.LATE)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        elif role == Qt.ItemDataRole.ForegroundRole and week.planned_hours == 0:
            return QBrush(style.TEXT_MUTED)
        return None

    def is_crunch_week(self, row: int) -> bool:
        return self._crunch(self._rows[row])

    def _crunch(self, monday: date) -> bool:
        return any(self._cells[(monday, s)].crunch for s in self._columns[1:] if (monday, s) in self._cells)


class CrunchFilter(QSortFilterProxyModel):
    """All weeks, or only those short of technicians in some skill."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.only_crunch = False
        self.setSortRole(SORT_ROLE)

    def set_only_crunch(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_crunch = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        return not self.only_crunch or (isinstance(model, WeeksModel) and model.is_crunch_week(source_row))


class VisitColumn(IntEnum):
    WHEN = 0
    PLAN = 1
    SUMMARY = 2
    SITE = 3
    SKILLS = 4
    HOURS = 5


VISIT_HEADERS = {
    VisitColumn.WHEN: "When",
    VisitColumn.PLAN: "Plan",
    VisitColumn.SUMMARY: "Summary",
    VisitColumn.SITE: "Site",
    VisitColumn.SKILLS: "Skills",
    VisitColumn.HOURS: "Hours",
}


class VisitsModel(RowTableModel[ForecastVisit, VisitColumn]):
    """The visits to come, soonest first, in the company's zone."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(VisitColumn, VISIT_HEADERS, parent=parent)
        self._tz = ZoneInfo("UTC")
        self._now: datetime | None = None

    def set_visits(self, visits: Sequence[ForecastVisit], tz: ZoneInfo, now: datetime) -> None:
        self._tz, self._now = tz, now
        self.replace_rows(visits)

    def _display(self, row: ForecastVisit, column: VisitColumn) -> str:
        if column == VisitColumn.WHEN:
            return format_moment(row.occurrence, self._tz, year_of=self._now)
        if column == VisitColumn.PLAN:
            return row.plan_code
        if column == VisitColumn.SUMMARY:
            return row.summary
        if column == VisitColumn.SITE:
            return row.site
        if column == VisitColumn.SKILLS:
            return ", ".join(row.skills) or pm_forecast.NO_SKILL
        return format_decimal(row.hours)

    def _tooltip(self, row: ForecastVisit, column: VisitColumn) -> str | None:
        return row.summary if column == VisitColumn.SUMMARY else None

    def _role_data(self, row: ForecastVisit, column: VisitColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VisitColumn.HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == SORT_ROLE:
            if column == VisitColumn.WHEN:
                return row.occurrence.timestamp()
            if column == VisitColumn.HOURS:
                return float(row.hours)
            return self._display(row, column).casefold()
        return None


def _table(
    table: QTableView, model: QAbstractTableModel, name: str, proxy: QSortFilterProxyModel | None = None
) -> QTableView:
    if proxy is None:
        proxy = QSortFilterProxyModel(model)
        proxy.setSortRole(SORT_ROLE)
    proxy.setSourceModel(model)
    list_table(table, proxy, name, alternating=False)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return table


class ForecastView(QWidget):
    """The forecast for the months chosen, recomputed when plans, work orders or the roster
    change (while hidden, only marked out of date and recomputed when shown)."""

    def __init__(self, ctx: ServiceContext, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.result: Forecast | None = None
        self.freshness = StaleWhileHidden(self, bus, *SHOWN_ENTITIES, stale=True)
        self.weeks_model = WeeksModel(self)
        self.visits_model = VisitsModel(self)
        self._build()

    def _build(self) -> None:
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("monthsSpin")
        self.months_spin.setRange(1, pm_forecast.MAX_MONTHS)
        self.months_spin.setValue(DEFAULT_MONTHS)
        self.months_spin.setSuffix(" months")
        self.months_spin.setToolTip(f"How far ahead: 1 to {pm_forecast.MAX_MONTHS} months")
        self.months_spin.setKeyboardTracking(False)
        self.months_spin.valueChanged.connect(self._on_months_spin_value_changed)
        months_label = QLabel("&Forecast the next")
        months_label.setBuddy(self.months_spin)
        self.summary_label = plain_label("")
        self.summary_label.setObjectName("forecastSummary")
        bar_widget = flow_bar(months_label, self.months_spin, self.summary_label)

        self.crunch_label = plain_label("", wrap=True)
        self.crunch_label.setObjectName("crunchLabel")
        self.only_crunch_check = QCheckBox("&Only weeks short of technicians")
        self.only_crunch_check.toggled.connect(self._on_only_crunch_check_toggled)

        self.weeks_filter = CrunchFilter(self)
        self.weeks_table = FittedTable(  # hours are never elided: the table scrolls instead
            lambda: range(1, self.weeks_model.columnCount()), narrowest_chars=10_000
        )
        _table(self.weeks_table, self.weeks_model, "forecastWeeks", self.weeks_filter)
        self.visits_table = FittedTable(lambda: [VisitColumn.SUMMARY])
        _table(self.visits_table, self.visits_model, "forecastVisits")

        weeks_heading = heading("Hours per skill, week by week: needed of available", scale=1.1)
        weeks_heading.setToolTip(
            "Each cell: the hours the visits need that week, of the hours the active technicians "
            "holding the skill are on shift, less time off. A week needing more is a crunch."
        )
        weeks_box = list_column(QWidget(), flow_bar(weeks_heading, self.only_crunch_check), self.weeks_table, top=0)
        visits_box = list_column(
            QWidget(), heading("Work orders the plans will make", scale=1.1), self.visits_table, top=0
        )
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(weeks_box)
        self.splitter.addWidget(visits_box)

        list_column(self, bar_widget, self.crunch_label, self.splitter)

    # -- public -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the forecast again for the months chosen."""
        self.freshness.stale = False
        months = self.months_spin.value()
        try:
            result = pm_forecast.forecast(self.ctx, months)
        except DispatchError as exc:
            self.result = None
            set_plain(self.summary_label, sentence(str(exc)))
            self.crunch_label.clear()
            return
        tz = self.ctx.zone()
        self.result = result
        self.weeks_model.set_forecast(result)
        self._fit_week_columns()
        self.visits_model.set_visits(result.visits, tz, self.ctx.now())
        summary = sentence(str(result))
        for code, reason in result.skipped:
            summary += f" Plan {code} left out: {sentence(reason)}"
        set_plain(self.summary_label, summary)
        set_plain(self.crunch_label, crunch_words(result))
        self.crunch_label.setStyleSheet(
            f"QLabel {{ color: {style.LATE.name()}; background: {style.OVERBOOKED.name()};"
            " padding: 4px 8px; font-weight: bold; }"
            if result.crunches
            else ""
        )

    def _fit_week_columns(self) -> None:
        """The skills share the table's width when they fit in it; otherwise each is as wide as
        its text and the table scrolls sideways."""
        self.weeks_table.fit()
        self.visits_table.fit()

    def set_months(self, months: int) -> None:
        self.months_spin.setValue(months)

    def crunch_cells(self) -> list[str]:
        """The texts of the cells marked as a crunch (what a user reads in the table)."""
        found = []
        for r in range(self.weeks_model.rowCount()):
            for c in range(1, self.weeks_model.columnCount()):
                week = self.weeks_model.index(r, c).data(WEEK_ROLE)
                if week is not None and week.crunch:
                    found.append(f"{self.weeks_model.index(r, 0).data()}: {self.weeks_model.index(r, c).data()}")
        return found

    # -- slots ------------------------------------------------------------------------------------
    @Slot(int)
    def _on_months_spin_value_changed(self, _months: int) -> None:
        self.refresh()

    @Slot(bool)
    def _on_only_crunch_check_toggled(self, only: bool) -> None:
        self.weeks_filter.set_only_crunch(only)


__all__ = ["ForecastView"]
