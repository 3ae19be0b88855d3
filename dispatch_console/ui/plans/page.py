"""The Plans page: every recurring plan with its next visit, what it made and how punctually;
new and edit, pause and resume, "generate now", the chosen plan's work orders, and the forecast."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from dispatch_console.domain.errors import DispatchError
from dispatch_console.services import pm_forecast, pm_generation, pm_plans
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_generation import GenerationReport
from dispatch_console.services.pm_plans import PlanRow, PlanVisit
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden
from dispatch_console.ui.formatting import format_count, sentence
from dispatch_console.ui.list_page import (
    EnterTable,
    choose_row,
    count_label,
    count_text,
    flow_bar,
    list_column,
    list_table,
    search_box,
    shown_rows,
    titled,
)
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.plans.forecast import ForecastView
from dispatch_console.ui.plans.table_model import (
    CODE_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    Column,
    FittedTable,
    PlansFilter,
    PlansTableModel,
    VisitColumn,
    VisitsTableModel,
    record_text,
)
from dispatch_console.ui.widgets import heading, placeholder

#: What the page shows: a change to any of these may change a row or the history.
SHOWN_ENTITIES = ("pm_plan", "work_order", "company")


def rule_words(rows: list[PlanRow], starts: dict[str, datetime], tz: ZoneInfo) -> dict[str, str]:
    """Each plan's rule in words (``every 3 months on the 1st at 08:00``) where the words module
    can say it; otherwise the rule as stored."""
    try:
        from dispatch_console.domain.recurrence_words import describe
    except ImportError:  # the words come with the plan editor
        return {row.code: row.rule for row in rows}
    words: dict[str, str] = {}
    for row in rows:
        start = starts.get(row.code)
        try:
            words[row.code] = describe(row.rule, start, tz) if start is not None else row.rule
        except DispatchError:
            words[row.code] = row.rule
    return words


class PlansTable(FittedTable, EnterTable):
    """The plans table (summary, site and rule share the room left, or give way when there is
    none); Enter on a row asks to edit it."""

    def __init__(self) -> None:
        super().__init__(lambda: [Column.SUMMARY, Column.WHERE, Column.RULE])


class PlansPage(QWidget):
    """The recurring plans, their history, generation on demand and the forecast.

    Refreshes on the bus when plans, work orders or the company changed; while hidden it only
    notes that it is out of date and reloads when shown.

    Signals:
        open_work_order: str — a work order number the dispatcher double-clicked in the history.
        editor_opened: the plan editor (``ui.plans.editor.PlanDialog``) just opened.
        message: str — what the last action did, as the page's message line says it.
    """

    open_work_order = Signal(str)
    editor_opened = Signal(object)
    message = Signal(str)

    def __init__(
        self, ctx: ServiceContext, bus: ChangeBus, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.operations = operations
        self.dialog: QDialog | None = None
        self.freshness = StaleWhileHidden(self, bus, *SHOWN_ENTITIES)
        self._shown_history: str | None = None
        tz = ctx.zone()
        self.model = PlansTableModel(tz, self)
        self.proxy = PlansFilter(self)
        self.proxy.setSourceModel(self.model)
        self.visits_model = VisitsTableModel(tz, self)
        self.visits_proxy = QSortFilterProxyModel(self)
        self.visits_proxy.setSourceModel(self.visits_model)
        self.visits_proxy.setSortRole(SORT_ROLE)
        self._build()
        self.refresh()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = search_box("Find a plan, site, asset or rule…", 26, self._on_search_edit_text_changed)
        self.new_button = QPushButton("New plan…")
        self.new_button.setToolTip("Set up a recurring plan")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the chosen plan (or press Enter on its row)")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.pause_button = QPushButton("Pause")
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self.generate_button = QPushButton("Generate now")
        self.generate_button.setToolTip(
            "Make the work order of every visit due within its plan's lead time now, "
            "instead of waiting for the hourly run"
        )
        self.generate_button.clicked.connect(self._on_generate_button_clicked)
        self.count_label = count_label()
        bar_widget = flow_bar(self.search_edit, self.new_button, self.edit_button, self.pause_button,
                              self.generate_button, self.count_label)

        self.message_label = plain_label("", wrap=True)
        self.message_label.setObjectName("plansMessage")
        self.message_label.hide()

        table = PlansTable()
        list_table(table, self.proxy, "plansTable")
        table.sortByColumn(Column.CODE, Qt.SortOrder.AscendingOrder)
        table.enter_pressed.connect(self._on_edit_button_clicked)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table = table

        self.history_title = heading("Work orders made", scale=1.1)
        self.history_summary = plain_label("")
        self.history_table = list_table(QTableView(), self.visits_proxy, "planHistory")
        self.history_table.sortByColumn(VisitColumn.OCCURRENCE, Qt.SortOrder.DescendingOrder)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.setToolTip("Double-click a work order to open it")
        self.history_table.doubleClicked.connect(self._on_history_table_double_clicked)
        self.history_empty = placeholder("")
        self.history_stack = QStackedWidget()
        self.history_stack.addWidget(self.history_table)
        self.history_stack.addWidget(self.history_empty)
        history = list_column(QWidget(), self.history_title, self.history_summary, self.history_stack, top=0)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table)
        self.splitter.addWidget(history)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        plans_tab = list_column(QWidget(), bar_widget, self.message_label, self.splitter)

        self.forecast = ForecastView(self.ctx, self.bus)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(plans_tab, "&Plans")
        self.tabs.addTab(self.forecast, "&Forecast")
        self.tabs.setTabToolTip(1, "The work orders the active plans will make, and the weeks short of technicians")

        titled(self, "Plans", self.tabs)

    # -- public -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the plans again, keeping the chosen one."""
        self.freshness.stale = False
        chosen = self.selected_code()
        tz = self.ctx.zone()
        rows = pm_plans.plan_rows(self.ctx)
        words = rule_words(rows, pm_forecast.plan_starts(self.ctx), tz)
        self.model.set_rows(rows, tz, self.ctx.now(), lambda row: words.get(row.code, row.rule))
        if chosen is None or not self.show_plan(chosen):
            if self.proxy.rowCount():
                self.table.selectRow(0)
        self.table.fit()
        self._update_count()
        self._shown_history = None
        self._on_table_current_row_changed()

    def rows(self) -> list[PlanRow]:
        """The plans in the order the table shows them."""
        return shown_rows(self.proxy, ROW_ROLE)

    def row(self, code: str) -> PlanRow | None:
        return next((r for r in self.model.rows if r.code == code), None)

    def cell(self, code: str, column: Column) -> str:
        """What the table shows for ``code`` in ``column``."""
        source = self.model.row_of(code)
        return str(self.model.index(source, column).data()) if source >= 0 else ""

    def history(self) -> list[PlanVisit]:
        """The chosen plan's work orders in the order the history shows them."""
        return shown_rows(self.visits_proxy, ROW_ROLE)

    def selected_code(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CODE_ROLE) if index.isValid() else None

    def show_plan(self, code: str) -> bool:
        """Choose ``code`` in the list (and show its history); False if it is not shown."""
        return choose_row(self.table, self.proxy, self.model.row_of(code))

    def show_forecast(self) -> ForecastView:
        self.tabs.setCurrentWidget(self.forecast)
        return self.forecast

    def new_plan(self) -> QDialog | None:
        """Open the editor for a new plan."""
        return self._open(None)

    def edit_plan(self, code: str) -> QDialog | None:
        """Open the editor of ``code``."""
        return self._open(code)

    def set_active(self, code: str, active: bool) -> bool:
        """Resume a paused plan, or pause it (it makes no work orders until resumed)."""
        row = self.row(code)
        if row is None:
            return False
        ctx, version = self.ctx, row.version
        verb = "Resume" if active else "Pause"
        result = "resumed: its visits are made again" if active else "paused: it makes no work orders until resumed"
        op: Op[int] = Op(
            f"{verb} plan {code}", lambda _c: pm_plans.set_active(ctx, code, active, version),
            parent=self, done=lambda _v: f"Plan {code} {result}", on_stale=self.refresh,
        )
        if self.operations.run(op) is None:
            return False
        self._say(f"Plan {code} {result}.")
        return True

    def generate_now(self) -> GenerationReport | None:
        """Make every work order due now, as the hourly run would; the result in words."""
        ctx = self.ctx
        op: Op[GenerationReport] = Op(
            "Generate recurring work now", lambda _c: pm_generation.generate(ctx), parent=self,
            done=lambda report: sentence(str(report).splitlines()[0]),
        )
        outcome = self.operations.run(op)
        if outcome is None:
            return None
        self._say("\n".join(sentence(line) for line in str(outcome.value).splitlines()))
        return outcome.value

    # -- the editor -------------------------------------------------------------------------------
    def _open(self, code: str | None) -> QDialog | None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        try:  # imported when first needed: the editor is its own module
            editor = import_module("dispatch_console.ui.plans.editor")
        except ImportError:
            self._say("The plan editor is not in this version yet.")
            return None
        dialog: QDialog = editor.PlanDialog(self.ctx, self.bus, self.operations, code, self)
        dialog.finished.connect(lambda _result: self._on_dialog_finished())
        self.dialog = dialog
        dialog.open()
        self.editor_opened.emit(dialog)
        return dialog

    def _on_dialog_finished(self) -> None:
        # Not deleted (see the roster page): a closed editor stays a hidden child of the page.
        self.dialog = None
        self.refresh()

    def _say(self, text: str) -> None:
        set_plain(self.message_label, text)
        self.message_label.setVisible(bool(text))
        self.message.emit(text)

    # -- the history ------------------------------------------------------------------------------
    def _show_history(self, row: PlanRow | None) -> None:
        if row is None:
            self._shown_history = None
            self.visits_model.set_rows([], self.ctx.zone())
            set_plain(self.history_title, "Work orders made")
            set_plain(self.history_summary, "")
            self._show_empty("Choose a plan to see the work orders it made.")
            return
        self._shown_history = row.code
        self.visits_model.set_rows(pm_plans.plan_visits(self.ctx, row.code), self.ctx.zone())
        set_plain(self.history_title, f"Work orders made by {row.code}")
        set_plain(self.history_summary, sentence(record_text(row)) if row.made else "")
        if self.visits_model.rowCount():
            self.history_stack.setCurrentWidget(self.history_table)
        else:
            waiting = "" if row.active else " It is paused."
            self._show_empty(f"{row.code} has made no work orders yet.{waiting}")

    def _show_empty(self, text: str) -> None:
        label = self.history_empty.findChild(QLabel)
        if label is not None:
            set_plain(label, text)
        self.history_stack.setCurrentWidget(self.history_empty)

    # -- slots ------------------------------------------------------------------------------------
    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.new_plan()

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.edit_plan(code)

    @Slot()
    def _on_pause_button_clicked(self) -> None:
        code = self.selected_code()
        row = self.row(code) if code else None
        if row is not None:
            self.set_active(row.code, not row.active)

    @Slot()
    def _on_generate_button_clicked(self) -> None:
        self.generate_now()

    @Slot(QModelIndex)
    def _on_history_table_double_clicked(self, index: QModelIndex) -> None:
        number = index.data(CODE_ROLE)
        if number:
            self.open_work_order.emit(str(number))

    @Slot()
    def _on_table_current_row_changed(self, *_args: object) -> None:
        code = self.selected_code()
        row = self.row(code) if code else None
        self.edit_button.setEnabled(row is not None)
        self.pause_button.setEnabled(row is not None)
        self.pause_button.setText("Resume" if row is not None and not row.active else "Pause")
        self.pause_button.setToolTip(
            "Make the plan's visits again" if row is not None and not row.active
            else "Stop the plan making work orders until resumed"
        )
        if row is None or row.code != self._shown_history:
            self._show_history(row)

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        count = count_text(self.model.rowCount(), self.proxy.rowCount(), self.proxy.is_filtered, "plan", "plans")
        paused = sum(1 for r in self.model.rows if not r.active)
        self.count_label.setText(count + (f" · {format_count(paused)} paused" if paused else ""))


__all__ = ["PlansPage"]
