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
    Slot,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.money import hours_between
from dispatch_console.services import execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import keep_on_screen, natural_size
from dispatch_console.ui.formatting import format_hours, format_hours_between, sentence
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain, tooltip
from dispatch_console.ui.widgets import hint
from dispatch_console.ui.work_orders.execution.common import (
    ExecutionPane,
    TableKeys,
    allow,
    at_field,
    chain_tab_order,
    from_qdatetime,
    record_table,
    to_qdatetime,
    total_and_buttons,
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
        bottom, self.total_label, (self.add_button, self.remove_button) = total_and_buttons(
            "laborTotal", ("&Add labor…", "addLabor"), ("&Remove…", "removeLabor"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._refresh_remove)
        # Enter logs a line like the chosen one (to correct it), Delete removes it.
        TableKeys(self.table, enter=lambda row: self.open_entry_dialog(self.model.entries[row]),
                  delete=self.remove_entry)
        layout.addLayout(bottom)
        self.discard_button = QPushButton("&Discard a timer…")
        self.discard_button.setObjectName("discardTimer")
        self.discard_button.setMenu(QMenu(self.discard_button))
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
            f"Total {format_hours(total)} h, of which {format_hours(billable)} h billable." if wo.labor else "No labor logged yet.",
        )
        self._build_timers()
        allow(self.add_button, self.why_not(lambda f: lifecycle.check_record_execution(f, "labor")),
              "Log time worked by hand (a technician, from, to)")
        self._refresh_remove()

    def chosen_entry(self) -> Any:
        """The labor entry chosen in the table (None: none is)."""
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else (index.row() if index.isValid() else -1)
        return self.model.entries[row] if 0 <= row < len(self.model.entries) else None

    def _refresh_remove(self, *_args: Any) -> None:
        if self.chosen_entry() is None:
            self.remove_button.setEnabled(False)
            self.remove_button.setToolTip("Choose the labor entry to remove")
            return
        allow(self.remove_button, self.why_not(lifecycle.check_remove_labor),
              "Remove the chosen entry, logged by mistake (Delete); Enter logs one like it to correct it")

    def _build_timers(self) -> None:
        self.discard_button.setParent(None)  # kept across rebuilds
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
        if techs:
            self.timer_grid.addWidget(self.discard_button, len(techs), 2)
        self._show_timers()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab in reading order: the timers (rebuilt, so last in Qt's order), the list, its buttons."""
        chain_tab_order(*self.timer_buttons.values(), self.discard_button if self.timer_buttons else None,
                        self.table, self.add_button, self.remove_button)

    def showEvent(self, event: QShowEvent) -> None:
        # Qt ignores a tab order set while the pane has no window of its own (the work order
        # window takes its panes out while it rebuilds): set it again once shown.
        self._order_tabs()
        super().showEvent(event)

    def _show_timers(self) -> None:
        now = self.ctx.now()
        reason = self.why_not(lambda f: lifecycle.check_record_execution(f, "labor"))
        running = False
        names = dict(self.technicians()) if self.work_order is not None else {}
        menu = self.discard_button.menu()
        menu.clear()
        for row, (code, button) in enumerate(self.timer_buttons.items()):
            started = self.timers.started(self.number, code)
            key = f" (&{row + 1})" if row < 9 else ""  # Alt+1, Alt+2... the timer of each row
            if started is None:
                button.setText(f"Start{key}")
                set_plain(self.timer_labels[code], "not timing")
                allow(button, reason, "Start timing this technician's work now")
            else:
                running = True
                elapsed = max(now - started, timedelta(0))
                so_far = format_hours_between(started, started + elapsed)
                forgotten = lifecycle.why_check_timer(elapsed)
                set_plain(
                    self.timer_labels[code],
                    f"⚠ timing since {self.when(started)} ({so_far} so far): probably forgotten; "
                    "check the hours when you stop it, or discard it" if forgotten
                    else f"● timing since {self.when(started)} ({so_far} so far)",
                )
                self.timer_labels[code].setStyleSheet("QLabel { color: #bf360c; }" if forgotten else "")
                button.setText(f"Stop{key}")
                # Stop stays possible: a refused stop says why, and the timer keeps its start.
                button.setEnabled(True)
                button.setToolTip("Stop and log the time since the start as labor"
                                  + ("; as it ran over 12 hours, you check the hours first" if forgotten else ""))
                action = menu.addAction(f"{names.get(code, code)}'s timer, running {so_far} h")
                action.setObjectName(f"discard_{code}")
                action.triggered.connect(lambda _checked=False, code=code: self.discard_timer(code))
        self.discard_button.setEnabled(running)
        self.discard_button.setToolTip(
            "Throw away a timer left running by mistake; nothing is logged" if running else "No timer is running"
        )
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
        forgotten = lifecycle.why_check_timer(end - started)
        if forgotten is not None:
            # Not logged as it is: the dispatcher checks (and may shorten) the hours first.
            dialog = self.open_entry_dialog(timer=(tech_code, started))
            dialog.form.banner.say(sentence(
                f"{name}'s timer: {forgotten}. Check the hours before logging them, or cancel and discard the timer"
            ))
            return
        done = self.run(
            f"Log {format_hours_between(started, end)} h of labor by {name} on {self.number}",
            lambda: execution.log_labor(self.ctx, self.number, tech_code, started, end),
        )
        if done is not None:
            self.timers.stop(self.number, tech_code)
        self._show_timers()

    def discard_timer(self, tech_code: str) -> bool:
        """Throw away a timer left running (started yesterday and forgotten) after asking, saying
        how long it has run; nothing is logged. True when it was discarded."""
        started = self.timers.started(self.number, tech_code)
        if started is None:
            return False
        name = dict(self.technicians()).get(tech_code, tech_code)
        so_far = format_hours_between(started, max(self.ctx.now(), started))
        title = f"Discard {name}'s timer"
        question = (f"{name}'s timer on {self.number} has been running for {so_far} h, since {self.when(started)}. "
                    "Discard it? Nothing is logged.")
        if not self.operations.ask(self, title, question):
            return False
        self.timers.stop(self.number, tech_code)
        self.operations.status_message.emit(f"{title} on {self.number}: nothing logged")
        self._show_timers()
        return True

    def remove_entry(self, row: int | None = None) -> bool:
        """Remove the chosen labor entry (or the one in ``row``) after asking, naming it; when the
        rules refuse, the refusal says why and nothing is asked. True when removed."""
        entry = self.chosen_entry() if row is None else self.model.entries[row]
        if entry is None:
            return False
        hours = format_hours_between(entry.start, entry.end)  # as its row shows it
        name = entry.technician.name
        day = self.when(entry.start).rsplit(" ", 1)[0]
        seen = execution.labor_as_seen(entry)
        entry_id = int(entry.id)
        done = self.run(
            f"Remove {hours} h by {name} from {self.number}",
            lambda: execution.remove_labor(self.ctx, self.number, entry_id, as_seen=seen),
            ask_first=(f"Remove {hours} h by {name} on {day}?"
                       if self.why_not(lifecycle.check_remove_labor) is None else None),
            on_stale=self._reload,
        )
        return done is not None

    def _reload(self) -> None:
        self.show_work_order(work_orders.details(self.ctx, self.number))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.open_entry_dialog()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.remove_entry()

    def open_entry_dialog(self, like: Any = None, *, timer: tuple[str, datetime] | None = None) -> LaborEntryDialog:
        """The dialog for time worked entered by hand (shown, not waited for); ``like`` fills it
        from an entry (to log it again corrected), ``timer`` from a running timer, which stops
        once the time is logged."""
        dialog = LaborEntryDialog(self, parent=self.window(), like=like, timer=timer)
        self.entry_dialog = dialog
        dialog.open()
        return dialog


class LaborEntryDialog(RecordDialog):
    """Time worked, entered by hand: who, from, to, billable or not, a note."""

    def __init__(self, pane: LaborPane, parent: QWidget | None = None, *, like: Any = None,
                 timer: tuple[str, datetime] | None = None) -> None:
        super().__init__(f"Log labor on {pane.number}", pane.operations, parent)
        self.pane = pane
        self.like = like
        self.timer = timer
        self.technician = QComboBox()
        for code, name in pane.technicians():
            self.technician.addItem(name, code)
        self.start = QDateTimeEdit()
        self.end = QDateTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.billable = QCheckBox("&Billable to the customer")
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
        tz = self.pane.tz
        if self.like is not None:
            self.technician.setCurrentIndex(max(0, self.technician.findData(self.like.technician.code)))
            self.start.setDateTime(to_qdatetime(self.like.start, tz))
            self.end.setDateTime(to_qdatetime(self.like.end, tz))
            self.billable.setChecked(bool(self.like.billable))
            self.note.setText(self.like.note or "")
        if self.timer is not None:
            code, started = self.timer
            self.technician.setCurrentIndex(max(0, self.technician.findData(code)))
            self.start.setDateTime(to_qdatetime(started, tz))
        self.form.mark_clean()

    def save(self) -> bool:
        saved = super().save()
        if saved and self.timer is not None:
            self.pane.timers.stop(self.pane.number, self.timer[0])
            self.pane._show_timers()
        return saved

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
