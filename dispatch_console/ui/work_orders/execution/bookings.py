"""The work order's bookings in its own window: who is booked when, book another technician or
unbook one, with the board's checks (conflicts listed and saved only when confirmed, the
lifecycle's rules, a booking somebody else changed meanwhile named)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.services import dispatch
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians
from dispatch_console.ui.formatting import format_hours_between
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.work_orders.execution.common import (
    ExecutionPane,
    TableKeys,
    allow,
)

BOOKING_ID = Qt.ItemDataRole.UserRole


class BookingDialog(RecordDialog):
    """Book a technician on this work order: who, from when, for how long."""

    def __init__(self, pane: BookingsPane) -> None:
        super().__init__(f"Book {pane.number}", pane.operations, pane)
        self.pane = pane
        self.technician = QComboBox()
        for row in technicians.technician_rows(pane.ctx, to_local(pane.ctx.now(), pane.tz).date()):
            if row.active:
                self.technician.addItem(f"{row.name} ({row.code})", row.code)
        self.form.add("technician", "&Technician:", self.technician)
        self.start = QDateTimeEdit()
        self.start.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.start.setCalendarPopup(True)
        local = to_local(pane.ctx.now(), pane.tz) + timedelta(days=1)
        self.start.setDateTime(QDateTime(local.date(), QTime(8, 0)))
        self.form.add("start", "&From:", self.start)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.25, 24)
        self.hours.setSingleStep(0.25)
        self.hours.setSuffix(" h")
        self.hours.setValue(float(pane.work_order.estimated_hours) if pane.work_order is not None else 1.0)
        self.form.add("hours", "For:", self.hours)
        self.save_button.setText("Book")
        self.form.mark_clean()

    def load(self) -> None:  # nothing saved to reload: a new booking
        self.form.mark_clean()

    def window_of(self) -> tuple[str, datetime, datetime]:
        shown = self.start.dateTime().toPython()
        assert isinstance(shown, datetime)
        start = wall_to_utc(shown.replace(second=0, microsecond=0, tzinfo=None), self.pane.tz)
        return str(self.technician.currentData()), start, start + timedelta(hours=self.hours.value())

    def save_op(self) -> Op[Any] | None:
        if self.technician.currentData() is None:
            self.form.show_problems({"technician": "choose the technician to book"})
            return None
        code, start, end = self.window_of()
        number, ctx = self.pane.number, self.pane.ctx
        return Op(
            f"Book {number} on {self.technician.currentText()}",
            lambda confirm: dispatch.book(ctx, number, code, start, end, confirm=confirm),
        )


class BookingsPane(ExecutionPane):
    """Who is booked on the job and when; Book… and Unbook, as on the board."""

    def __init__(
        self, ctx: ServiceContext, operations: Operations, number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, operations, number, parent)
        layout = QVBoxLayout(self)
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels(["Technician", "Start", "End", "Duration", "Conflicts"])
        self.table = QTableView()
        self.table.setObjectName("bookings")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        TableKeys(self.table, delete=lambda _row: self.unbook())  # Delete unbooks the chosen ones, as on the board
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.book_button = QPushButton("&Book a technician…")
        self.unbook_button = QPushButton("&Unbook")
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.unbook_button)
        layout.addLayout(buttons)
        self.book_button.clicked.connect(self._on_book_button_clicked)
        self.unbook_button.clicked.connect(self._on_unbook_button_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._refresh_buttons())
        self.dialog: BookingDialog | None = None

    def fill(self, wo: Any) -> None:
        # A reload (any change to the job, from any PC) keeps the bookings that were chosen.
        chosen = {self.model.item(r.row(), 0).data(BOOKING_ID)[0]
                  for r in self.table.selectionModel().selectedRows()}
        self.model.removeRows(0, self.model.rowCount())
        for booking in wo.bookings:
            conflicts = booking.confirmed_conflicts or "none"
            if booking.confirmed_conflicts and booking.confirmed_by:
                conflicts += f" (confirmed by {booking.confirmed_by})"
            cells = [QStandardItem(booking.technician.name), QStandardItem(self.when(booking.start)),
                     QStandardItem(self.when(booking.end)),
                     QStandardItem(format_hours_between(booking.start, booking.end)), QStandardItem(conflicts)]
            cells[0].setData((booking.id, booking.version), BOOKING_ID)
            self.model.appendRow(cells)
            if booking.id in chosen:
                self.table.selectRow(self.model.rowCount() - 1)
        self.table.resizeColumnsToContents()
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        allow(self.book_button, self.why_not(lifecycle.check_book))
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.unbook_button.setEnabled(False)
            self.unbook_button.setToolTip("Choose the booking to take off the schedule")
            return
        allow(self.unbook_button, self.why_not(lifecycle.check_unbook))

    @Slot()
    def _on_book_button_clicked(self) -> None:
        self.dialog = BookingDialog(self)
        self.dialog.open()

    @Slot()
    def _on_unbook_button_clicked(self) -> None:
        self.unbook()

    def unbook(self) -> None:
        """Take the chosen bookings off the schedule (asked first once the crew was told)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.unbook_button.isEnabled():
            return
        chosen = [self.model.item(r.row(), 0).data(BOOKING_ID) for r in rows]
        names = ", ".join(self.model.item(r.row(), 0).text() for r in rows)
        question = None
        if self.facts is not None and lifecycle.unbook_needs_confirmation(self.facts.status):
            question = (f"{self.number} was already sent to the crew. Take it off {names}'s schedule "
                        "anyway? Let the technician know.")
        self.operations.run(Op(
            f"Unbook {self.number} from {names}",
            lambda _confirm: dispatch.unbook_many(self.ctx, [(i, v) for i, v in chosen]),
            self, ask_first=question,
        ))
