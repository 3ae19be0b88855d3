"""A technician's time off: a month calendar shading the days off (a half day half shaded), the
entries of the month with their reasons, and a form to add a day, a range of days, a morning or
an afternoon.

Time off that overlaps bookings is asked about the standard way (``Operations`` lists the
bookings and saves only on *Save anyway*); the board shades the new time off as soon as the bus
announces it, like every other view.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QRect, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPainter, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.time_off import HalfDay
from dispatch_console.domain.timekeeping import day_bounds, to_local
from dispatch_console.domain.workdays import day_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.services.roster import time_off as service
from dispatch_console.services.roster.time_off import TimeOffEntry
from dispatch_console.ui.board.style import TIME_OFF, TIME_OFF_HATCH
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden
from dispatch_console.ui.forms import Form
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain, tooltip
from dispatch_console.ui.widgets import heading, hint

#: The kinds of time off the form adds, as the dispatcher says them.
WHOLE_DAY, SEVERAL_DAYS, MORNING, AFTERNOON = "A whole day", "Several days", "A morning", "An afternoon"
KINDS = (WHOLE_DAY, SEVERAL_DAYS, MORNING, AFTERNOON)
#: The entry id of a row of the list.
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def entry_text(entry: TimeOffEntry, tz: ZoneInfo) -> str:
    """``Mon 30 Nov – Wed 02 Dec``, ``Tue 01 Dec``, or ``Tue 01 Dec 12:30–17:00`` (company clock)."""
    start, end = to_local(entry.start, tz), to_local(entry.end, tz)
    if start.time() == end.time() == datetime.min.time():
        last = end.date() - timedelta(days=1)
        return day_text(start.date()) if last <= start.date() else f"{day_text(start.date())} – {day_text(last)}"
    if start.date() == end.date():
        return f"{day_text(start.date())} {start:%H:%M}–{end:%H:%M}"
    return entry.text


def days_off(entries: list[TimeOffEntry], tz: ZoneInfo) -> dict[date, tuple[bool, list[str]]]:
    """Each company day touched by time off: (whole day off?, the reasons)."""
    found: dict[date, tuple[bool, list[str]]] = {}
    for entry in entries:
        day = to_local(entry.start, tz).date()
        last = to_local(entry.end - timedelta(microseconds=1), tz).date()
        while day <= last:
            start, end = day_bounds(day, tz)
            whole = entry.start <= start and entry.end >= end
            was_whole, reasons = found.get(day, (False, []))
            found[day] = (was_whole or whole, [*reasons, f"{entry_text(entry, tz)}: {entry.reason}"])
            day += timedelta(days=1)
    return found


class TimeOffCalendar(QCalendarWidget):
    """A month calendar that shades whole days off and half-shades days partly off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.off: dict[date, tuple[bool, list[str]]] = {}
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)

    def set_days_off(self, off: dict[date, tuple[bool, list[str]]]) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # forget the last month's
        self.off = off
        for day, (_whole, reasons) in off.items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(700)
            fmt.setToolTip(tooltip("Time off\n" + "\n".join(reasons)))
            self.setDateTextFormat(qdate(day), fmt)
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:  # type: ignore[override]
        super().paintCell(painter, rect, day)
        found = self.off.get(pydate(day))
        if found is None:
            return
        whole = found[0]
        shaded = rect if whole else QRect(rect.left(), rect.center().y(), rect.width(), rect.height() // 2)
        painter.save()
        tint = QColor(TIME_OFF)
        tint.setAlpha(150)
        painter.fillRect(shaded, tint)
        painter.fillRect(shaded, QBrush(TIME_OFF_HATCH, Qt.BrushStyle.BDiagPattern))
        painter.restore()


class TimeOffPanel(QWidget):
    """The time off of one technician (``set_technician``): calendar, list, add and remove.

    Signals:
        time_off_changed: time off of the shown technician was added or removed here.
    """

    time_off_changed = Signal()

    def __init__(
        self, ctx: ServiceContext, bus: ChangeBus, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operations = operations
        self.code: str | None = None
        self.name = ""
        self.entries: list[TimeOffEntry] = []
        self.freshness = StaleWhileHidden(self, bus, "technician", "company")
        self._build()
        self.set_technician(None, "")

    def _build(self) -> None:
        self.title = heading("Time off", scale=1.15)
        self.calendar = TimeOffCalendar()
        self.calendar.setObjectName("timeOffCalendar")
        self.calendar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # The company's month, not the computer's.
        today = qdate(roster.today(self.ctx))
        self.calendar.setSelectedDate(today)
        self.calendar.setCurrentPage(today.year(), today.month())
        self.calendar.currentPageChanged.connect(self._on_calendar_current_page_changed)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.calendar.setMinimumWidth(self.calendar.fontMetrics().averageCharWidth() * 34)

        self.list = QListWidget()
        self.list.setObjectName("timeOffList")
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._on_list_item_selection_changed)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Take the selected time off away")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

        self.form = Form()
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(KINDS)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.day_edit = self._date_edit()
        self.last_edit = self._date_edit()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("vacation, training, sick…")
        self.form.add("kind", "&What:", self.kind_combo)
        self.form.add("day", "&Day:", self.day_edit)
        self.form.add("last", "&Last day:", self.last_edit)
        self.form.add("reason", "&Reason:", self.reason_edit)
        self.add_button = QPushButton("Add time off")
        self.add_button.setObjectName("addTimeOff")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.reason_edit.returnPressed.connect(self._on_add_button_clicked)

        listing = QVBoxLayout()
        self.month_label = plain_label("", wrap=True)
        listing.addWidget(self.month_label)
        listing.addWidget(self.list, 1)
        listing.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

        top = QHBoxLayout()
        top.addWidget(self.calendar, 3)
        top.addLayout(listing, 2)

        adding = QVBoxLayout()
        adding.addWidget(heading("Add time off", scale=1.0))
        adding.addWidget(self.form)
        adding.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        self.nobody = hint("Choose a technician in the list to see and add their time off.")
        layout.addWidget(self.nobody)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(top, 1)
        body.addLayout(adding)
        layout.addWidget(self.body, 1)
        self._on_kind_combo_current_index_changed()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        edit.setDate(qdate(roster.today(self.ctx)))
        return edit

    # -- public -----------------------------------------------------------------------------------
    def set_technician(self, code: str | None, name: str) -> None:
        """Show the time off of ``code`` (None: nobody chosen)."""
        changed = code != self.code
        self.code, self.name = code, name
        set_plain(self.title, f"Time off: {name}" if code else "Time off")
        self.nobody.setVisible(code is None)
        self.body.setVisible(code is not None)
        if changed:
            self.form.clear_problems()
        self.refresh()

    def refresh(self) -> None:
        self.freshness.stale = False
        if self.code is None:
            self.entries = []
            self.calendar.set_days_off({})
            self.list.clear()
            return
        tz = self.ctx.zone()
        first = date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        # The calendar shows up to six weeks around the month.
        start = day_bounds(first - timedelta(days=7), tz)[0]
        end = day_bounds(first + timedelta(days=45), tz)[0]
        try:
            self.entries = service.time_off_of(self.ctx, self.code, start, end)
        except NotFound:  # renamed or removed on another PC: the page shows the roster again
            self.entries = []
        self.calendar.set_days_off(days_off(self.entries, tz))
        month_start = day_bounds(first, tz)[0]
        next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        month_end = day_bounds(next_month, tz)[0]
        chosen = self.selected_id()
        self.list.clear()
        for entry in self.entries:
            if entry.start < month_end and entry.end > month_start:
                item = QListWidgetItem(f"{entry_text(entry, tz)} — {entry.reason}")
                item.setData(ENTRY_ROLE, entry.id)
                item.setToolTip(tooltip(f"{entry.text}\n{entry.reason}"))
                self.list.addItem(item)
                if entry.id == chosen:
                    item.setSelected(True)
        count = self.list.count()
        set_plain(
            self.month_label,
            f"{self.calendar.locale().monthName(first.month)} {first.year}: "
            + ("no time off" if not count else f"{count} time off entr{'y' if count == 1 else 'ies'}"),
        )
        self._on_list_item_selection_changed()

    def selected_id(self) -> int | None:
        items = self.list.selectedItems()
        return int(items[0].data(ENTRY_ROLE)) if items else None

    def show_month(self, day: date) -> None:
        self.calendar.setCurrentPage(day.year, day.month)

    # -- adding and removing ----------------------------------------------------------------------
    def add_op(self) -> Op[TimeOffEntry] | None:
        """Adding what the form shows, as an ``Op`` (None with nobody chosen)."""
        code = self.code
        if code is None:
            return None
        ctx = self.ctx
        kind = self.kind_combo.currentText()
        day, last = pydate(self.day_edit.date()), pydate(self.last_edit.date())
        reason = self.reason_edit.text()
        if kind == SEVERAL_DAYS:
            title = f"Add time off for {self.name} ({day_text(day)} to {day_text(last)})"

            def run(confirm: bool) -> TimeOffEntry:
                return service.add_days_off(ctx, code, day, last, reason, confirm=confirm)
        elif kind in (MORNING, AFTERNOON):
            half = HalfDay.MORNING if kind == MORNING else HalfDay.AFTERNOON
            title = f"Add time off for {self.name} ({day_text(day)}, {half.value})"

            def run(confirm: bool) -> TimeOffEntry:
                return service.add_half_day_off(ctx, code, day, half, reason, confirm=confirm)
        else:
            title = f"Add time off for {self.name} ({day_text(day)})"

            def run(confirm: bool) -> TimeOffEntry:
                return service.add_day_off(ctx, code, day, reason, confirm=confirm)

        return Op(title, run, parent=self, on_refused=self.form.refusal_handler())

    def add(self) -> bool:
        """Add the time off the form shows; True when saved."""
        op = self.add_op()
        if op is None:
            return False
        self.form.clear_problems()
        outcome = self.operations.run(op)
        if outcome is None:
            return False
        self.reason_edit.clear()
        self.form.mark_clean()
        self.show_month(pydate(self.day_edit.date()))
        self.time_off_changed.emit()
        return True

    def remove_selected(self) -> bool:
        chosen = self.selected_id()
        if chosen is None:
            return False
        entry = next((e for e in self.entries if e.id == chosen), None)
        what = entry_text(entry, self.ctx.zone()) if entry else "time off"
        ctx = self.ctx
        outcome = self.operations.run(
            Op(f"Remove time off of {self.name} ({what})",
               lambda _confirm: service.remove_time_off(ctx, chosen), parent=self,
               on_stale=self.refresh)
        )
        if outcome is None:
            return False
        self.time_off_changed.emit()
        return True

    # -- slots ------------------------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.add()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.remove_selected()

    @Slot()
    def _on_list_item_selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_id() is not None)

    @Slot()
    def _on_kind_combo_current_index_changed(self) -> None:
        several = self.kind_combo.currentText() == SEVERAL_DAYS
        self.last_edit.setEnabled(several)
        label = self.form.rows.labelForField(self.last_edit.parentWidget())
        if label is not None:
            label.setEnabled(several)
        first = self.form.rows.labelForField(self.day_edit.parentWidget())
        if first is not None and hasattr(first, "setText"):
            first.setText("First &day:" if several else "&Day:")

    @Slot(QDate)
    def _on_calendar_clicked(self, day: QDate) -> None:
        self.day_edit.setDate(day)
        if self.last_edit.date() < day:
            self.last_edit.setDate(day)

    @Slot(int, int)
    def _on_calendar_current_page_changed(self, _year: int, _month: int) -> None:
        self.refresh()
