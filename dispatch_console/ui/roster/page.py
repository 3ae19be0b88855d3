"""The Roster page: every technician with skills and certification marks, this week's booked hours
against capacity, and whether they are on the schedule; the editor, (de)activation, and the
time-off calendar of the technician chosen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QPushButton,
    QSplitter,
    QWidget,
)

from dispatch_console.domain.capacity import week_of
from dispatch_console.domain.workdays import day_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.services.roster.technicians import TechnicianRecord, TechnicianRow
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden
from dispatch_console.ui.fitting import scrolling
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
from dispatch_console.ui.roster.activation import deactivation_question
from dispatch_console.ui.roster.table_model import (
    CODE_ROLE,
    ROW_ROLE,
    Column,
    RosterFilter,
    RosterTableModel,
    SkillsDelegate,
)
from dispatch_console.ui.roster.technician_dialog import TechnicianDialog
from dispatch_console.ui.roster.time_off import TimeOffPanel

#: What the page shows: a change to any of these may change a row (time off is "technician").
SHOWN_ENTITIES = ("technician", "booking", "work_order", "company", "skill")
#: Narrower than this (logical pixels), the time-off calendar goes under the list.
SIDE_BY_SIDE = 1100
WHICH = (("All technicians", RosterFilter.ALL), ("Active", RosterFilter.ACTIVE), ("Inactive", RosterFilter.INACTIVE))


class RosterPage(QWidget):
    """The technicians, their editor and their time off.

    Refreshes on the bus when technicians (time off included), bookings or the company changed;
    while hidden it only notes that it is out of date and reloads when shown.

    Signals:
        editor_opened: the ``TechnicianDialog`` just opened (tests and the main window may watch it).
    """

    editor_opened = Signal(object)

    def __init__(
        self, ctx: ServiceContext, bus: ChangeBus, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.operations = operations
        self.dialog: TechnicianDialog | None = None
        self.model = RosterTableModel(roster.today(ctx), self)
        self.proxy = RosterFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.freshness = StaleWhileHidden(self, bus, *SHOWN_ENTITIES)
        self.refresh()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = search_box("Find a technician, phone or skill…", 26, self._on_search_edit_text_changed)
        self.which_combo = QComboBox()
        for text, _which in WHICH:
            self.which_combo.addItem(text)
        self.which_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.which_combo.currentIndexChanged.connect(self._on_which_combo_current_index_changed)
        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("Add a technician to the roster")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the chosen technician (or double-click the row)")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.active_button = QPushButton("Deactivate…")
        self.active_button.setObjectName("activeButton")
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.count_label = count_label()
        bar_widget = flow_bar(self.search_edit, self.which_combo, self.new_button, self.edit_button,
                              self.active_button, self.count_label)

        table = EnterTable()
        list_table(table, self.proxy, "rosterTable")
        table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        table.setItemDelegateForColumn(Column.SKILLS, SkillsDelegate(table))
        table.horizontalHeader().setSectionResizeMode(Column.SKILLS, QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(self._on_table_double_clicked)
        table.enter_pressed.connect(self._on_edit_button_clicked)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table = table

        self.time_off = TimeOffPanel(self.ctx, self.bus, self.operations)
        self.time_off.setObjectName("timeOffPanel")
        self.time_off_area = scrolling(self.time_off)

        left = list_column(QWidget(), bar_widget, table, top=0)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.time_off_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        titled(self, "Roster", self.splitter)

    # -- public -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the roster again, keeping the chosen technician."""
        self.freshness.stale = False
        chosen = self.selected_code()
        today = roster.today(self.ctx)
        self.model.set_rows(roster.technician_rows(self.ctx, today), today)
        if chosen is None or not self.show_technician(chosen):
            if self.proxy.rowCount():
                self.table.selectRow(0)
        self._update_count()
        self._on_table_current_row_changed()

    def rows(self) -> list[TechnicianRow]:
        """The rows in the order the table shows them."""
        return shown_rows(self.proxy, ROW_ROLE)

    def row(self, code: str) -> TechnicianRow | None:
        return next((r for r in self.model.rows if r.code == code), None)

    def selected_code(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CODE_ROLE) if index.isValid() else None

    def show_technician(self, code: str) -> bool:
        """Choose ``code`` in the list (and show its time off); False if it is not shown."""
        return choose_row(self.table, self.proxy, self.model.row_of(code))

    def new_technician(self) -> TechnicianDialog:
        """Open the editor for a new technician."""
        return self._open(None)

    def edit_technician(self, code: str) -> TechnicianDialog:
        """Open the editor of ``code``."""
        return self._open(code)

    def set_active(self, code: str, active: bool) -> bool:
        """Activate, or deactivate after listing the bookings ahead it moves to the queue."""
        row = self.row(code)
        if row is None:
            return False
        ctx, version = self.ctx, row.version
        if active:
            op: Op[TechnicianRecord] = Op(
                f"Activate {row.name}", lambda _c: roster.set_active(ctx, code, True, version),
                parent=self, on_stale=self.refresh,
            )
        else:
            ahead = roster.future_bookings(ctx, code)
            op = Op(
                f"Deactivate {row.name}",
                lambda _c: roster.set_active(ctx, code, False, version, move_bookings=True, seen=ahead),
                parent=self, ask_first=deactivation_question(row.name, ahead), on_stale=self.refresh,
            )
        return self.operations.run(op) is not None

    # -- the editor -------------------------------------------------------------------------------
    def _open(self, code: str | None) -> TechnicianDialog:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = TechnicianDialog(self.ctx, self.operations, code, self)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()
        self.editor_opened.emit(dialog)
        return dialog

    def _on_dialog_finished(self, dialog: TechnicianDialog) -> None:
        self.dialog = None
        if isinstance(dialog.saved, TechnicianRecord):
            self.refresh()
            self.show_technician(dialog.saved.spec.code)
        # Not deleted: deleting a window that asked for its screen (keep_on_screen) leaves
        # PySide's one QScreen wrapper dead for every window after it. A closed editor is a
        # hidden child of the page until the page goes.

    # -- slots ------------------------------------------------------------------------------------
    @Slot()
    def _on_new_button_clicked(self) -> None:
        self.new_technician()

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.edit_technician(code)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.edit_technician(str(code))

    @Slot()
    def _on_active_button_clicked(self) -> None:
        code = self.selected_code()
        row = self.row(code) if code else None
        if row is not None:
            self.set_active(row.code, not row.active)

    @Slot()
    def _on_table_current_row_changed(self, *_args: object) -> None:
        code = self.selected_code()
        row = self.row(code) if code else None
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        self.active_button.setText("Activate" if row is not None and not row.active else "Deactivate…")
        self.time_off.set_technician(row.code if row else None, row.name if row else "")

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    @Slot()
    def _on_which_combo_current_index_changed(self) -> None:
        self.proxy.set_which(WHICH[self.which_combo.currentIndex()][1])
        self._update_count()

    def _update_count(self) -> None:
        count = count_text(
            self.model.rowCount(), self.proxy.rowCount(), self.proxy.is_filtered, "technician", "technicians"
        )
        monday = week_of(roster.today(self.ctx))
        self.count_label.setText(f"{count} · hours: week of {day_text(monday)}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = Qt.Orientation.Horizontal if self.width() >= SIDE_BY_SIDE else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            # Under the list, the calendar takes half (it scrolls); beside it, two fifths.
            share = (1, 1) if wanted == Qt.Orientation.Vertical else (3, 2)
            length = self.height() if wanted == Qt.Orientation.Vertical else self.width()
            self.splitter.setSizes([length * share[0] // sum(share), length * share[1] // sum(share)])


__all__ = ["RosterPage"]
