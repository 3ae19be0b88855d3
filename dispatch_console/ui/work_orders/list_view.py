"""The work order list screen: filter bar, sortable table, count, and the way into each record."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.lifecycle import ARCHIVED
from dispatch_console.services import work_order_list
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.work_order_list import ListQuery
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.fitting import FlowLayout
from dispatch_console.ui.formatting import format_count, label, sentence
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.paged_model import NO_TECHNICIAN, PagedWorkOrderModel
from dispatch_console.ui.work_orders.steps import WorkOrderSteps
from dispatch_console.ui.work_orders.table_model import NUMBER_ROLE, Column

if TYPE_CHECKING:
    from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog

#: What the list shows: a change to any of these kinds of record may change a row.
SHOWN_ENTITIES = ("work_order", "booking", "technician", "site", "customer")
HEADER_KEY = "work_orders/header"
#: The columns of names, which give up width (eliding, the whole name in the tooltip) only
#: when the table is too narrow for every column's text and a readable Summary.
FLEXIBLE = (Column.CUSTOMER, Column.SITE, Column.TECHNICIANS)
#: How far a name column may shrink then, and the narrowest Summary (in average characters).
FLEXIBLE_MIN_CHARS = 16
SUMMARY_MIN_CHARS = 32
#: Rows measured to size the columns (the first ones in the list's order).
MEASURED_ROWS = 500
#: Room for a cell's margins, the header's sort arrow, and the priority / overdue icons.
CELL_PADDING = 14
HEADER_PADDING = 28
ICON_ROOM = 22
#: The table's width before it is first shown (the main window's default size).
ASSUMED_WIDTH = 1200
#: The pause in typing after which the search box asks the database (as the intake's search).
SEARCH_DELAY_MS = 150
#: "Active work" in the filter: everything the office has not archived yet.
NOT_ARCHIVED = frozenset(Status) - ARCHIVED


class WorkOrderTable(QTableView):
    """The list's table; Enter or Return on a row asks for its details, Ctrl+C for a copy of
    the selected rows (Qt's own copies only the current cell).

    Signals:
        enter_pressed: the current index when Enter or Return was pressed on a row.
        copy_pressed: Ctrl+C (the platform's copy keys) was pressed.
    """

    enter_pressed = Signal(QModelIndex)
    copy_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_pressed.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class WorkOrderListView(QWidget):
    """The work orders in a filterable, sortable table: open and recent work by default, the
    whole history a choice away. A window on the database (``PagedWorkOrderModel``): it reads
    a screenful, more as the table scrolls; sorting, filters and search are queries.

    Refreshes itself when the bus says work orders, bookings or the names it shows changed;
    while hidden it only notes that it is out of date and reloads when shown again.

    Signals:
        details_opened: the ``WorkOrderDetailsDialog`` just shown for a row.
    """

    details_opened = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        bus: ChangeBus | None = None,
        parent: QWidget | None = None,
        *,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._bus = bus
        self.operations = operations
        #: This PC's settings, where a work order window keeps running labor timers (the main
        #: window sets it; without it a timer lasts as long as its window).
        self.settings: QSettings | None = None
        self.steps = WorkOrderSteps(operations, self, on_stale=self.refresh) if operations else None
        self._stale = False
        # Columns are fitted to the text once rows are there, again when first shown (the real
        # width is known then), never after the user's own widths were restored.
        self._fitted_for_width = False
        self._dialogs: dict[str, WorkOrderDetailsDialog] = {}

        self.model = PagedWorkOrderModel(
            ctx, tz=ctx.zone(), now=ctx.now(), parent=self,
            query=ListQuery(sort="number", descending=True, whole_history=False),
        )
        self._natural: dict[Column, int] | None = None
        for changed in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            changed.connect(self._on_model_rows_changed)

        self._summary_min = 0
        # Until the user sets widths (drags a divider, or had saved them), the columns are
        # fitted again whenever the table's width changes (the window maximised, say).
        self._own_widths = False
        self._stretching = False
        self._build_filter_bar()
        self._build_table()
        self._build_empty_state()
        self._pages = QStackedWidget()
        self._pages.addWidget(self.table)
        self._pages.addWidget(self._empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self._pages, 1)

        for signal in (
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.modelReset,
            self.model.layoutChanged,
        ):
            signal.connect(self._on_rows_changed)
        if bus is not None:
            bus.changed.connect(self._on_bus_changed)
        # Due-by passes while the list is open: re-colour overdue rows every minute.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self._clock_timer.start()

        self.refresh()

    # -- building -------------------------------------------------------------------------------
    def _build_filter_bar(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search work orders…")
        self.search_edit.setToolTip(
            "Finds the work orders whose number, summary, customer, site or technicians contain "
            "every word you type (case does not matter)"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().averageCharWidth() * 22)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Typing (textEdited comes first) re-queries once it pauses, not on every keystroke;
        # text set by the program (textChanged alone) at once.
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_timer_timeout)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)

        self.view_combo = QComboBox()
        self.view_combo.addItems(["Open and recent", "Whole history"])
        self.view_combo.setToolTip(
            "Open and recent: work not yet invoiced, closed or cancelled, and anything created "
            "or changed in the last 90 days. Whole history: every work order ever."
        )

        self._status_choices: list[frozenset[Status] | None] = [None, NOT_ARCHIVED]
        self.status_combo = QComboBox()
        self.status_combo.addItems(["All statuses", "Active work"])
        self.status_combo.setItemData(
            1, "Everything except invoiced, closed and cancelled", Qt.ItemDataRole.ToolTipRole
        )
        for status in Status:
            self.status_combo.addItem(label(status.value))
            self._status_choices.append(frozenset({status}))

        self._type_choices: list[WorkOrderType | None] = [None, *WorkOrderType]
        self.type_combo = QComboBox()
        self.type_combo.addItems(["All types", *(label(t.value) for t in WorkOrderType)])

        self._priority_choices: list[Priority | None] = [None, *Priority]
        self.priority_combo = QComboBox()
        self.priority_combo.addItems(["All priorities", *(label(p.value) for p in Priority)])

        self._technician_choices: list[str | None] = [None, NO_TECHNICIAN]
        self.technician_combo = QComboBox()
        self.technician_combo.addItems(["All technicians", "Not booked"])

        for combo in (
            self.view_combo,
            self.status_combo,
            self.type_combo,
            self.priority_combo,
            self.technician_combo,
        ):
            combo.currentIndexChanged.connect(self._on_filter_combo_current_index_changed)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        # Always as wide as its text (a clipped right-aligned "1,234 work orders" once read
        # "4 work orders"); it takes the room left on its row, so it sits at the right end.
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        # Every filter at its natural width on one row when there is room; on a narrow window
        # (a laptop at 200 %) they wrap onto a second and third row instead of being cut.
        self.filter_bar = QWidget()
        bar = FlowLayout(self.filter_bar)
        bar.addWidget(self.search_edit)
        for combo in (
            self.view_combo,
            self.status_combo,
            self.type_combo,
            self.priority_combo,
            self.technician_combo,
        ):
            bar.addWidget(combo)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.count_label)

    def _build_table(self) -> None:
        table = WorkOrderTable()
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setShowGrid(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        # Summary is sized by ``stretch_summary`` (the room the other columns leave, never less
        # than a readable width; the table scrolls sideways on a very narrow window).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(48)
        header.sectionResized.connect(self._on_header_section_resized)
        table.viewport().installEventFilter(self)
        table.sortByColumn(*self.model.sorted_by)
        table.doubleClicked.connect(self._on_table_double_clicked)
        table.enter_pressed.connect(self._on_table_enter_pressed)
        table.copy_pressed.connect(self._on_copy_action_triggered)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)

        self.open_action = QAction("Open details", table)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.copy_action = QAction("Copy rows", table)
        self.copy_action.setToolTip("The selected rows as shown, a line each, columns by tabs")
        # Shown beside the menu item; the table's keyPressEvent does the copying.
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self._on_copy_action_triggered)
        self.copy_numbers_action = QAction("Copy numbers", table)
        self.copy_numbers_action.triggered.connect(self._on_copy_numbers_action_triggered)
        self.table = table

    def _build_empty_state(self) -> None:
        self._empty = QWidget()
        layout = QVBoxLayout(self._empty)
        self._empty_label = QLabel()
        self._empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_label.setWordWrap(True)
        self._empty_label.setStyleSheet(
            "QLabel { color: palette(placeholder-text); font-size: 12pt; }"
        )
        self._empty_clear = QPushButton("Clear filters")
        self._empty_clear.clicked.connect(self._on_clear_button_clicked)
        # A search in "Open and recent" that finds only older work (an old number, a customer
        # of years ago) offers the whole history, keeping what was typed.
        self._empty_history = QPushButton("Search the whole history")
        self._empty_history.clicked.connect(self._on_empty_history_clicked)
        layout.addStretch(1)
        layout.addWidget(self._empty_label)
        layout.addWidget(self._empty_history, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._empty_clear, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    # -- public ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the rows again; only the rows that changed are repainted."""
        self._stale = False
        self.model.set_now(self._ctx.now())
        self.model.refresh()
        self._update_technician_choices()
        if not self._fitted_for_width and self.model.rowCount():
            self.fit_columns()
        self._update_count()

    def visible_numbers(self) -> list[str]:
        """The numbers in the order the table shows them (the rows read so far)."""
        return [self.model.index(r, 0).data(NUMBER_ROLE) for r in range(self.model.rowCount())]

    def selected_numbers(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(NUMBER_ROLE) for index in sorted(rows, key=lambda i: i.row())]

    def selected_rows_text(self) -> str:
        """The selected rows as the table shows them: a line each, the shown columns in their
        order, separated by tabs (pastes into a spreadsheet). Only rows read so far can be
        selected, so these are all loaded ones."""
        header = self.table.horizontalHeader()
        columns = [
            header.logicalIndex(v) for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return "\n".join(
            "\t".join(str(self.model.index(row, column).data() or "") for column in columns)
            for row in rows
        )

    def current_number(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(NUMBER_ROLE) if index.isValid() else None

    def select_number(self, number: str) -> bool:
        """Make ``number`` the current, selected row and scroll to it, reading the list further
        down to it if need be (from the board or quick find); False if the filters hide it."""
        index = self.model.fetch_until(number)
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def clear_filters(self) -> None:
        for combo in (
            self.status_combo,
            self.type_combo,
            self.priority_combo,
            self.technician_combo,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._search_timer.stop()
        self.model.clear_filters()
        self._update_count()

    def open_details(self, number: str) -> WorkOrderDetailsDialog | None:
        """Show the record of ``number`` (raising its window if it is open already)."""
        existing = self._dialogs.get(number)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        # The record's window and its tabs' modules load with the first record opened.
        from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog

        try:
            dialog = WorkOrderDetailsDialog(
                self._ctx, number, bus=self._bus, operations=self.operations, parent=self,
                settings=self.settings,
            )
        except NotFound as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "Work order not found", sentence(str(exc)),
                              QMessageBox.StandardButton.Ok, self)
            box.setTextFormat(Qt.TextFormat.PlainText)  # the number as it was imported
            box.exec()
            self.refresh()
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_details_finished)
        self._dialogs[number] = dialog
        dialog.show()
        self.details_opened.emit(dialog)
        return dialog

    def natural_widths(self) -> dict[Column, int]:
        """The width each column needs to show its title and the text of every row measured.

        Measured once per change of the rows (a start-up fits the columns twice: when the rows
        arrive and when the window is shown at its real size)."""
        if self._natural is None:
            self._natural = self._measure_widths()
        return dict(self._natural)

    def _on_model_rows_changed(self, *_args: object) -> None:
        self._natural = None

    def _measure_widths(self) -> dict[Column, int]:
        header_metrics = self.table.horizontalHeader().fontMetrics()
        metrics = self.table.fontMetrics()
        rows = range(min(self.model.rowCount(), MEASURED_ROWS))
        widths: dict[Column, int] = {}
        for column in Column:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = header_metrics.horizontalAdvance(title) + HEADER_PADDING
            texts = {self.model.index(r, column).data() for r in rows}
            text_width = max((metrics.horizontalAdvance(text) for text in texts), default=0)
            if column in (Column.PRIORITY, Column.DUE_BY):
                text_width += ICON_ROOM
            widths[column] = max(width, text_width + CELL_PADDING)
        return widths

    def fit_columns(self, *, measure: bool = True) -> None:
        """Size each column to its text; Summary takes the room left.

        When the table is too narrow for every column's text and a readable Summary
        (``SUMMARY_MIN_CHARS``), the customer, site and technician columns give up width,
        down to ``FLEXIBLE_MIN_CHARS``; their text elides (the tooltip has it all). Narrower
        still, the table scrolls sideways.
        """
        header = self.table.horizontalHeader()
        char = self.table.fontMetrics().averageCharWidth()
        if measure or self._natural is None:
            self._natural = self.natural_widths()
        widths = dict(self._natural)
        summary_natural = widths.pop(Column.SUMMARY)
        self._summary_min = min(summary_natural, char * SUMMARY_MIN_CHARS)
        shown = self.table.isVisible()
        available = self.table.viewport().width() if shown else ASSUMED_WIDTH
        excess = sum(widths.values()) + self._summary_min - available
        floors = {c: min(widths[c], char * FLEXIBLE_MIN_CHARS) for c in FLEXIBLE}
        room = sum(widths[c] - floors[c] for c in FLEXIBLE)
        if excess > 0 and room > 0:
            share = min(1.0, excess / room)
            for column in FLEXIBLE:
                widths[column] -= round((widths[column] - floors[column]) * share)
        self._stretching = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
        finally:
            self._stretching = False
        self._fitted_for_width = shown
        self.stretch_summary()

    def stretch_summary(self) -> None:
        """Give Summary the room the other columns leave, but never less than readable."""
        if self._stretching:
            return
        header = self.table.horizontalHeader()
        if header.isSectionHidden(Column.SUMMARY):
            return
        others = header.length() - header.sectionSize(Column.SUMMARY)
        minimum = self._summary_min or self.table.fontMetrics().averageCharWidth() * SUMMARY_MIN_CHARS
        width = max(minimum, self.table.viewport().width() - others)
        if width != header.sectionSize(Column.SUMMARY):
            self._stretching = True
            try:
                header.resizeSection(Column.SUMMARY, width)
            finally:
                self._stretching = False

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(HEADER_KEY)
        header = self.table.horizontalHeader()
        if state is not None and header.restoreState(state):
            self._fitted_for_width = True
            self._own_widths = True
            # Saved by a version where Summary stretched by itself; now stretch_summary does.
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
            self.stretch_summary()
        self.show_sort()

    def show_sort(self) -> None:
        """Point the header's arrow at the column and the way the rows really run (the query's
        sort), whatever a restored header said."""
        column, order = self.model.sorted_by
        header = self.table.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            header.setSortIndicator(column, order)

    # -- reacting -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if not self._fitted_for_width and self.model.rowCount():
            self.fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            if not self._own_widths and self._fitted_for_width and self.model.rowCount():
                self.fit_columns(measure=False)
            else:
                self.stretch_summary()
        return super().eventFilter(watched, event)

    @Slot(int, int, int)
    def _on_header_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section != Column.SUMMARY and not self._stretching:
            self._own_widths = True  # the user dragged a divider
            self.stretch_summary()

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches("company"):
            self.model.set_zone(self._ctx.zone())
        if changes.touches(*SHOWN_ENTITIES):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    @Slot()
    def _on_clock_timer_timeout(self) -> None:
        self.model.set_now(self._ctx.now())

    @property
    def whole_history(self) -> bool:
        return self.view_combo.currentIndex() == 1

    @Slot(str)
    def _on_search_edit_text_edited(self, _text: str) -> None:
        self._search_timer.start()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        if not self._search_timer.isActive():
            self._on_search_timer_timeout()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._search_timer.stop()
        self.model.set_filters(text=self.search_edit.text())
        self._update_count()

    @Slot(int)
    def _on_filter_combo_current_index_changed(self, _index: int) -> None:
        self.model.set_filters(
            statuses=self._status_choices[self.status_combo.currentIndex()],
            type=self._type_choices[self.type_combo.currentIndex()],
            priority=self._priority_choices[self.priority_combo.currentIndex()],
            technician=self._technician_choices[self.technician_combo.currentIndex()],
            whole_history=self.whole_history,
        )
        self._update_count()

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear_filters()

    @Slot()
    def _on_empty_history_clicked(self) -> None:
        self.view_combo.setCurrentIndex(1)  # the filters and the search stay as they are

    @Slot()
    def _on_rows_changed(self) -> None:
        self._update_count()

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_details(index.data(NUMBER_ROLE))

    @Slot(QModelIndex)
    def _on_table_enter_pressed(self, index: QModelIndex) -> None:
        self.open_details(index.data(NUMBER_ROLE))

    @Slot()
    def _on_open_action_triggered(self) -> None:
        number = self.current_number()
        if number is not None:
            self.open_details(number)

    @Slot()
    def _on_copy_action_triggered(self) -> None:
        rows = self.selected_rows_text()
        if rows:
            QGuiApplication.clipboard().setText(rows)

    @Slot()
    def _on_copy_numbers_action_triggered(self) -> None:
        numbers = self.selected_numbers()
        if numbers:
            QGuiApplication.clipboard().setText("\n".join(numbers))

    @Slot(QPoint)
    def _on_table_custom_context_menu_requested(self, position: QPoint) -> None:
        if not self.table.indexAt(position).isValid():
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.open_action)
        menu.addAction(self.copy_action)
        menu.addAction(self.copy_numbers_action)
        number = self.current_number()
        if self.steps is not None and number is not None and len(self.selected_numbers()) == 1:
            menu.addSeparator()
            self.steps.add_to_menu(menu, number)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    @Slot(int)
    def _on_details_finished(self, _result: int) -> None:
        dialog = self.sender()
        number = next((key for key, open_one in self._dialogs.items() if open_one is dialog), None)
        if number is not None:
            self._dialogs.pop(number)

    # -- helpers --------------------------------------------------------------------------------
    def _update_technician_choices(self) -> None:
        names = work_order_list.technicians_booked(self._ctx)
        if names == self._technician_choices[2:]:
            return
        current = self._technician_choices[self.technician_combo.currentIndex()]
        self.technician_combo.blockSignals(True)
        while self.technician_combo.count() > 2:
            self.technician_combo.removeItem(2)
        self.technician_combo.addItems(names)
        self._technician_choices = [None, NO_TECHNICIAN, *names]
        if current in self._technician_choices:
            self.technician_combo.setCurrentIndex(self._technician_choices.index(current))
        else:
            self.technician_combo.setCurrentIndex(0)
        self.technician_combo.blockSignals(False)
        self.model.set_filters(technician=self._technician_choices[self.technician_combo.currentIndex()])

    def _update_count(self) -> None:
        """The counts are the database's (rows further down are read as the table scrolls)."""
        shown = self.model.total
        total = self.model.in_view
        filtered = self.model.is_filtered
        noun = "work order" if total == 1 else "work orders"
        if filtered:
            self.count_label.setText(f"{format_count(shown)} of {format_count(total)} {noun}")
        else:
            self.count_label.setText(f"{format_count(total)} {noun}")
        self.clear_button.setEnabled(filtered)
        if shown:
            self._pages.setCurrentIndex(0)
            return
        older = 0
        if total and not self.whole_history:
            older = work_order_list.count(self._ctx, replace(self.model.query, whole_history=True))
        self._empty_history.setVisible(bool(older))
        if older:
            them = "it" if older == 1 else "them"
            self._empty_label.setText(
                "No open or recent work order matches these filters.\n"
                f"{format_count(older)} older {'one does' if older == 1 else 'ones do'}: "
                f"search the whole history to see {them}."
            )
            self._empty_clear.show()
        elif total:
            self._empty_label.setText("No work order matches these filters.")
            self._empty_clear.show()
        elif not self.whole_history and work_order_list.count(self._ctx, ListQuery()):
            self._empty_label.setText(
                "No open work, and nothing created or changed in the last 90 days.\n"
                "Choose Whole history to see every work order."
            )
            self._empty_clear.hide()
        else:
            self._empty_label.setText(
                "There are no work orders yet.\n"
                "They appear here when requests are approved, plans come due, "
                "or a CSV bundle is imported (File ▸ Import CSV bundle…)."
            )
            self._empty_clear.hide()
        self._pages.setCurrentIndex(1)
