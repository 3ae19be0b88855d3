"""The board's toolbar: which period, how close, which technicians; it only says what was asked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from dispatch_console.ui.board.state import SORT_NAME, SORT_WORKLOAD, RowFilter

#: The board's views: label and number of days shown.
VIEWS = {"day": ("Day", 1), "week": ("Week", 7), "two_weeks": ("2 weeks", 14)}


class BoardToolbar(QToolBar):
    """Today, previous/next, date, view, zoom, row filters, legend and print.

    A QToolBar folds what does not fit into its » menu on a narrow window.

    Signals:
        today_requested: go to today.
        step_requested: int — one period back (-1) or on (+1).
        date_chosen: date — the date picker was set.
        view_chosen: str — a key of ``VIEWS``.
        zoom_requested: int — one step out (-1) or in (+1).
        row_filter_changed: RowFilter — the technicians' filter or order changed.
        legend_toggled: bool — the legend shown or hidden.
        print_requested: print the shown period.
    """

    today_requested = Signal()
    step_requested = Signal(int)
    date_chosen = Signal(object)
    view_chosen = Signal(str)
    zoom_requested = Signal(int)
    row_filter_changed = Signal(object)
    legend_toggled = Signal(bool)
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Board", parent)
        self.setIconSize(QSize(16, 16))
        self.today_button = self._button("Today", "Go to today", self.today_requested.emit)
        self.prev_button = self._button("◀", "Previous day or week", lambda: self.step_requested.emit(-1))
        self.next_button = self._button("▶", "Next day or week", lambda: self.step_requested.emit(1))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd MMM yyyy")
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.view_combo = QComboBox()
        for key, (text, _days) in VIEWS.items():
            self.view_combo.addItem(text, key)
        self.view_combo.currentIndexChanged.connect(self._on_view_combo_changed)
        self.zoom_out = self._button("−", "Zoom out (Ctrl+wheel)", lambda: self.zoom_requested.emit(-1))
        self.zoom_in = self._button("+", "Zoom in (Ctrl+wheel)", lambda: self.zoom_requested.emit(1))
        self.name_filter = QLineEdit()
        self.name_filter.setPlaceholderText("Find technician…")
        self.name_filter.setClearButtonEnabled(True)
        self.name_filter.setMaximumWidth(180)
        self.name_filter.textChanged.connect(self._on_filter_changed)
        self.skill_filter = QComboBox()
        self.skill_filter.addItem("All skills", "")
        self.skill_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem("By name", SORT_NAME)
        self.sort_combo.addItem("By workload", SORT_WORKLOAD)
        self.sort_combo.setToolTip("Order of the technicians' rows")
        self.sort_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.legend_button = QToolButton()
        self.legend_button.setText("Legend")
        self.legend_button.setCheckable(True)
        self.legend_button.setChecked(True)
        self.legend_button.toggled.connect(self.legend_toggled)
        self.print_button = self._button("Print…", "Print the shown day or week", self.print_requested.emit)
        for w in (self.today_button, self.prev_button, self.next_button, self.date_edit, self.view_combo,
                  self.zoom_out, self.zoom_in):
            self.addWidget(w)
        self.addSeparator()
        for w in (self.name_filter, self.skill_filter, self.sort_combo):
            self.addWidget(w)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.addWidget(self.legend_button)
        self.addWidget(self.print_button)

    @staticmethod
    def _button(text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- what the page sets, without echoing it back ------------------------------------------------
    def show_date(self, day: date) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)

    def show_view(self, kind: str) -> None:
        self.view_combo.blockSignals(True)
        self.view_combo.setCurrentIndex(list(VIEWS).index(kind))
        self.view_combo.blockSignals(False)

    def show_filter(self, row_filter: RowFilter) -> None:
        for widget in (self.name_filter, self.sort_combo):
            widget.blockSignals(True)
        self.name_filter.setText(row_filter.text)
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(row_filter.sort)))
        for widget in (self.name_filter, self.sort_combo):
            widget.blockSignals(False)

    def set_skills(self, skills: list[str], wanted: str) -> None:
        """The skills to filter by; keeps the chosen one (or ``wanted``) when it is still there."""
        current = self.skill_filter.currentData() or wanted
        self.skill_filter.blockSignals(True)
        self.skill_filter.clear()
        self.skill_filter.addItem("All skills", "")
        for code in skills:
            self.skill_filter.addItem(code, code)
        self.skill_filter.setCurrentIndex(max(0, self.skill_filter.findData(current)))
        self.skill_filter.blockSignals(False)

    def row_filter(self) -> RowFilter:
        return RowFilter(
            text=self.name_filter.text(),
            skill=self.skill_filter.currentData() or "",
            sort=self.sort_combo.currentData() or SORT_NAME,
        )

    # -- slots ---------------------------------------------------------------------------------------
    def _on_date_edit_date_changed(self, qdate: QDate) -> None:
        self.date_chosen.emit(date(qdate.year(), qdate.month(), qdate.day()))

    def _on_view_combo_changed(self, _index: int) -> None:
        self.view_chosen.emit(self.view_combo.currentData())

    def _on_filter_changed(self, *_args: object) -> None:
        self.row_filter_changed.emit(self.row_filter())
