"""Labor: who worked when, a start/stop timer per technician on the job, and entries by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.money import hours_between
from dispatch_console.services import execution
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import keep_on_screen, natural_size
from dispatch_console.ui.formatting import format_decimal, format_hours_between
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain, tooltip
from dispatch_console.ui.widgets import hint
from dispatch_console.ui.work_orders.execution.common import (
    ExecutionPane,
    allow,
    at_field,
    from_qdatetime,
    record_table,
    to_qdatetime,
    total_and_add,
)

AnyIndex = QModelIndex | QPersistentModelIndex
#: How often a running timer's elapsed time is shown again (milliseconds).
TICK_MS = 15_000
#: The settings group that keeps running timers: ``labor_timers/<work order>/<technician>``.
TIMERS_GROUP = "labor_timers"


class TimerStore:
    """Running labor timers, kept in the console's settings so that closing the window or
    restarting the console does not lose one (they belong to this PC, like its window layout);
    without settings (a test, a window opened alone) they live as long as the store."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings
        self._memory: dict[str, str] = {}

    @staticmethod
    def _key(number: str, tech_code: str) -> str:
        return f"{TIMERS_GROUP}/{number}/{tech_code}"

    def started(self, number: str, tech_code: str) -> datetime | None:
        key = self._key(number, tech_code)
        raw = self._settings.value(key) if self._settings is not None else self._memory.get(key)
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(str(raw))
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None

    def start(self, number: str, tech_code: str, at: datetime) -> None:
        key = self._key(number, tech_code)
        if self._settings is not None:
            self._settings.setValue(key, at.isoformat())
            self._settings.sync()
        else:
            self._memory[key] = at.isoformat()

    def stop(self, number: str, tech_code: str) -> None:
        key = self._key(number, tech_code)
        if self._settings is not None:
            self._settings.remove(key)
            self._settings.sync()
        else:
            self._memory.pop(key, None)


class LaborModel(QAbstractTableModel):
    """The labor entries of one work order."""

    HEADERS = ("Technician", "Start", "End", "Hours", "Billable", "Note")

    def __init__(self, pane: LaborPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.entries: list[Any] = []

    def set_entries(self, entries: list[Any]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (
                entry.technician.name,
                self._pane.when(entry.start),
                self._pane.when(entry.end),
                format_hours_between(entry.start, entry.end),
                "yes" if entry.billable else "no",
                entry.note or "",
            )[column]
            return tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class LaborPane(ExecutionPane):
    """Labor entries of the job, a timer per booked technician, and an entry by hand.

    A timer only remembers when it was started (in ``settings``); Stop logs the time from then
    to now as one billable entry, so nothing is written while it runs.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        operations: Operations,
        number: str,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(ctx, operations, number, parent)
        self.timers = TimerStore(settings)
        layout = QVBoxLayout(self)
        self.timer_box = QWidget()
        self.timer_grid = QGridLayout(self.timer_box)
        self.timer_grid.setContentsMargins(0, 0, 0, 0)
        self.timer_grid.setColumnStretch(1, 1)
        layout.addWidget(self.timer_box)
        self.timer_buttons: dict[str, QPushButton] = {}
        self.timer_labels: dict[str, QLabel] = {}
        self.model = LaborModel(self)
        self.table = record_table("laborTable", self.model, stretch=5)
        layout.addWidget(self.table, 1)
        bottom, self.total_label, self.add_button = total_and_add("laborTotal", "Add labor…", "addLabor")
        self.add_button.clicked.connect(self.open_entry_dialog)
        layout.addLayout(bottom)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_timers)
        self.entry_dialog: LaborEntryDialog | None = None

    # -- showing --------------------------------------------------------------------------------
    def technicians(self) -> list[tuple[str, str]]:
        """(code, name) of everyone booked on the job, in booking order, each once."""
        seen: dict[str, str] = {}
        for booking in sorted(self.work_order.bookings, key=lambda b: b.start):
            seen.setdefault(booking.technician.code, booking.technician.name)
        return list(seen.items())

    def fill(self, wo: Any) -> None:
        self.model.set_entries(sorted(wo.labor, key=lambda e: e.start))
        total = billable = Decimal(0)
        for entry in wo.labor:
            hours = hours_between(entry.start, entry.end)
            total += hours
            if entry.billable:
                billable += hours
        set_plain(
            self.total_label,
            f"Total {_h(total)} h, of which {_h(billable)} h billable." if wo.labor else "No labor logged yet.",
        )
        self._build_timers()
        allow(self.add_button, self.why_not(lambda f: lifecycle.check_record_execution(f, "labor")),
              "Log time worked by hand (a technician, from, to)")

    def _build_timers(self) -> None:
        while self.timer_grid.count():
            item = self.timer_grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.timer_buttons.clear()
        self.timer_labels.clear()
        techs = self.technicians()
        if not techs:
            self.timer_grid.addWidget(hint("Nobody is booked on this job, so there is no timer to start."), 0, 0, 1, 3)
        for row, (code, name) in enumerate(techs):
            self.timer_grid.addWidget(plain_label(name), row, 0)
            shown = plain_label("")
            shown.setObjectName(f"timerState_{code}")
            self.timer_grid.addWidget(shown, row, 1)
            button = QPushButton()
            button.setObjectName(f"timer_{code}")
            button.clicked.connect(lambda _checked=False, code=code: self.toggle_timer(code))
            self.timer_grid.addWidget(button, row, 2)
            self.timer_labels[code] = shown
            self.timer_buttons[code] = button
        self._show_timers()

    def _show_timers(self) -> None:
        now = self.ctx.now()
        reason = self.why_not(lambda f: lifecycle.check_record_execution(f, "labor"))
        running = False
        for code, button in self.timer_buttons.items():
            started = self.timers.started(self.number, code)
            if started is None:
                button.setText("Start")
                set_plain(self.timer_labels[code], "not timing")
                allow(button, reason, "Start timing this technician's work now")
            else:
                running = True
                elapsed = max(now - started, timedelta(0))
                set_plain(
                    self.timer_labels[code],
                    f"● timing since {self.when(started)} ({format_hours_between(started, started + elapsed)} so far)",
                )
                button.setText("Stop")
                # Stop stays possible: a refused stop says why, and the timer keeps its start.
                button.setEnabled(True)
                button.setToolTip("Stop and log the time since the start as labor")
        if running and not self._tick.isActive():
            self._tick.start()
        elif not running:
            self._tick.stop()

    # -- acting ---------------------------------------------------------------------------------
    def toggle_timer(self, tech_code: str) -> None:
        started = self.timers.started(self.number, tech_code)
        if started is None:
            if self.why_not(lambda f: lifecycle.check_record_execution(f, "labor")) is None:
                self.timers.start(self.number, tech_code, self.ctx.now())
            self._show_timers()
            return
        end = self.ctx.now()
        name = dict(self.technicians()).get(tech_code, tech_code)
        done = self.run(
            f"Log {format_hours_between(started, end)} h of labor by {name} on {self.number}",
            lambda: execution.log_labor(self.ctx, self.number, tech_code, started, end),
        )
        if done is not None:
            self.timers.stop(self.number, tech_code)
        self._show_timers()

    def open_entry_dialog(self) -> LaborEntryDialog:
        """The dialog for time worked entered by hand (shown, not waited for)."""
        dialog = LaborEntryDialog(self, parent=self.window())
        self.entry_dialog = dialog
        dialog.open()
        return dialog


class LaborEntryDialog(RecordDialog):
    """Time worked, entered by hand: who, from, to, billable or not, a note."""

    def __init__(self, pane: LaborPane, parent: QWidget | None = None) -> None:
        super().__init__(f"Log labor on {pane.number}", pane.operations, parent)
        self.pane = pane
        self.technician = QComboBox()
        for code, name in pane.technicians():
            self.technician.addItem(name, code)
        self.start = QDateTimeEdit()
        self.end = QDateTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.billable = QCheckBox("Billable to the customer")
        self.note = QLineEdit()
        self.note.setPlaceholderText("what was done (optional)")
        form = self.form
        form.add("technician", "&Technician:", self.technician)
        form.add("start", "&From:", self.start)
        form.add("end", "T&o:", self.end)
        form.add("billable", "", self.billable)
        form.add("note", "&Note:", self.note)
        if not pane.technicians():
            form.banner.say("Nobody is booked on this job: book a technician first.")
            self.save_button.setEnabled(False)
        self.load()
        keep_on_screen(self, natural_size(self).expandedTo(QSize(440, 0)))

    def load(self) -> None:
        end = self.pane.ctx.now().replace(second=0, microsecond=0)
        self.end.setDateTime(to_qdatetime(end, self.pane.tz))
        self.start.setDateTime(to_qdatetime(end - timedelta(hours=1), self.pane.tz))
        self.billable.setChecked(True)
        self.note.clear()
        self.form.mark_clean()

    def save_op(self) -> Op[Any] | None:
        pane = self.pane
        code = str(self.technician.currentData() or "")
        start = from_qdatetime(self.start.dateTime(), pane.tz)
        end = from_qdatetime(self.end.dateTime(), pane.tz)
        billable = self.billable.isChecked()
        note = self.note.text()
        title = f"Log labor by {self.technician.currentText()} on {pane.number}"
        return Op(title, lambda _confirm: at_field(
            "end",
            lambda: execution.log_labor(pane.ctx, pane.number, code, start, end, billable=billable, note=note),
            title,
        ))


def _h(hours: Decimal) -> str:
    return format_decimal(hours.quantize(Decimal("0.01")))
