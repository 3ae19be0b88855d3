"""The recurrence builder: how often, every how many, on which weekdays or day of the month,
and until when, chosen instead of typed. What it builds is ``domain.recurrence_builder``'s
``Recurrence``; the editor turns it into the rule."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.recurrence_builder import (
    NTH_CHOICES,
    DayPattern,
    Ending,
    Frequency,
    Recurrence,
)
from dispatch_console.domain.recurrence_words import DAY_NAMES, MONTH_NAMES, nth_word
from dispatch_console.ui.widgets import hint

FREQUENCY_NAMES = {
    Frequency.DAILY: "Daily", Frequency.WEEKLY: "Weekly", Frequency.MONTHLY: "Monthly", Frequency.YEARLY: "Yearly",
}
UNITS = {Frequency.DAILY: "days", Frequency.WEEKLY: "weeks", Frequency.MONTHLY: "months", Frequency.YEARLY: "years"}
PATTERN_NAMES = {
    DayPattern.SAME_DAY: "on the first occurrence's day",
    DayPattern.DAY: "on day",
    DayPattern.LAST_DAY: "on the last day",
    DayPattern.NTH_WEEKDAY: "on the",
}
BEYOND = "This rule is beyond the builder; edit it as text."


def _row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


class RecurrenceBuilder(QWidget):
    """Choices that make a ``Recurrence``.

    Signals:
        edited: the user changed a choice (not emitted by ``set_recurrence``).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)

        self.frequency = QComboBox()
        self.frequency.setObjectName("frequency")
        for freq, name in FREQUENCY_NAMES.items():
            self.frequency.addItem(name, freq)
        self.interval = QSpinBox()
        self.interval.setObjectName("interval")
        self.interval.setRange(1, 1000)
        self.unit = QLabel()
        every = QLabel("every")
        layout.addLayout(_row(self.frequency, every, self.interval, self.unit))

        self.weekday_boxes = [QCheckBox(name[:3]) for name in DAY_NAMES]
        self.weekdays_row = QWidget()
        days = QHBoxLayout(self.weekdays_row)
        days.setContentsMargins(0, 0, 0, 0)
        days.addWidget(QLabel("on"))
        for box, name in zip(self.weekday_boxes, DAY_NAMES, strict=True):
            box.setToolTip(name)
            box.setObjectName(f"weekday_{name[:3].lower()}")
            days.addWidget(box)
        days.addStretch(1)
        layout.addWidget(self.weekdays_row)
        self.weekdays_hint = hint("No day ticked: the first occurrence's weekday.")
        layout.addWidget(self.weekdays_hint)

        self.month = QComboBox()
        self.month.setObjectName("month")
        self.month.addItem("the first occurrence's month", None)
        for number, name in enumerate(MONTH_NAMES, start=1):
            self.month.addItem(name, number)
        self.month_row = QWidget()
        self.month_row.setLayout(_row(QLabel("in"), self.month))
        layout.addWidget(self.month_row)

        self.pattern = QComboBox()
        self.pattern.setObjectName("pattern")
        for pattern, name in PATTERN_NAMES.items():
            self.pattern.addItem(name, pattern)
        self.day = QSpinBox()
        self.day.setObjectName("day")
        self.day.setRange(1, 31)
        self.nth = QComboBox()
        self.nth.setObjectName("nth")
        for number in NTH_CHOICES:
            self.nth.addItem(nth_word(number), number)
        self.weekday = QComboBox()
        self.weekday.setObjectName("weekday")
        for number, name in enumerate(DAY_NAMES):
            self.weekday.addItem(name, number)
        self.day_row = QWidget()
        self.day_row.setLayout(_row(self.pattern, self.day, self.nth, self.weekday))
        layout.addWidget(self.day_row)

        self.ending = QComboBox()
        self.ending.setObjectName("ending")
        self.ending.addItem("Never ends", Ending.NEVER)
        self.ending.addItem("Ends on", Ending.UNTIL)
        self.ending.addItem("Ends after", Ending.COUNT)
        self.until = QDateEdit()
        self.until.setObjectName("until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd dd MMM yyyy")
        self.count = QSpinBox()
        self.count.setObjectName("count")
        self.count.setRange(1, 10000)
        self.count.setSuffix(" times")
        layout.addLayout(_row(self.ending, self.until, self.count))

        self.beyond = hint(BEYOND)
        self.beyond.setObjectName("beyondBuilder")
        self.beyond.hide()
        layout.addWidget(self.beyond)

        self.controls: list[QWidget] = [
            self.frequency, self.interval, *self.weekday_boxes, self.month, self.pattern, self.day,
            self.nth, self.weekday, self.ending, self.until, self.count,
        ]
        for combo in (self.frequency, self.month, self.pattern, self.nth, self.weekday, self.ending):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        for spin in (self.interval, self.day, self.count):
            spin.valueChanged.connect(self._on_choice_changed)
        for box in self.weekday_boxes:
            box.toggled.connect(self._on_choice_changed)
        self.until.dateChanged.connect(self._on_choice_changed)
        self.set_recurrence(Recurrence())

    # -- what it shows ----------------------------------------------------------------------------
    def recurrence(self) -> Recurrence:
        frequency = Frequency(self.frequency.currentData())
        month = self.month.currentData() if frequency is Frequency.YEARLY else None
        pattern = DayPattern(self.pattern.currentData())
        if frequency is Frequency.YEARLY and month is None:
            pattern = DayPattern.SAME_DAY
        ending = Ending(self.ending.currentData())
        until = self.until.date().toPython()
        assert isinstance(until, date)
        return Recurrence(
            frequency=frequency,
            interval=self.interval.value(),
            weekdays=tuple(i for i, box in enumerate(self.weekday_boxes) if box.isChecked())
            if frequency is Frequency.WEEKLY else (),
            pattern=pattern if frequency in (Frequency.MONTHLY, Frequency.YEARLY) else DayPattern.SAME_DAY,
            day=self.day.value(),
            nth=int(self.nth.currentData()),
            weekday=int(self.weekday.currentData()),
            month=int(month) if month is not None else None,
            ending=ending,
            until=until if ending is Ending.UNTIL else None,
            count=self.count.value() if ending is Ending.COUNT else None,
        )

    def set_recurrence(self, recurrence: Recurrence | None, *, until_default: date | None = None) -> None:
        """Show ``recurrence``; None: the rule is beyond the builder (its choices grey out)."""
        self._filling = True
        try:
            self.beyond.setVisible(recurrence is None)
            for control in self.controls:
                control.setEnabled(recurrence is not None)
            if recurrence is None:
                return
            self.frequency.setCurrentIndex(self.frequency.findData(recurrence.frequency))
            self.interval.setValue(recurrence.interval)
            for i, box in enumerate(self.weekday_boxes):
                box.setChecked(i in recurrence.weekdays)
            self.month.setCurrentIndex(max(0, self.month.findData(recurrence.month)))
            self.pattern.setCurrentIndex(self.pattern.findData(recurrence.pattern))
            self.day.setValue(recurrence.day)
            self.nth.setCurrentIndex(max(0, self.nth.findData(recurrence.nth)))
            self.weekday.setCurrentIndex(recurrence.weekday)
            self.ending.setCurrentIndex(self.ending.findData(recurrence.ending))
            until = recurrence.until or until_default
            if until is not None:
                self.until.setDate(QDate(until.year, until.month, until.day))
            self.count.setValue(recurrence.count or 10)
        finally:
            self._filling = False
            self._show_what_applies()

    def is_beyond(self) -> bool:
        return not self.beyond.isHidden()

    def form_value(self) -> str:
        return "" if self.is_beyond() else self.recurrence().to_rule()

    def _show_what_applies(self) -> None:
        frequency = Frequency(self.frequency.currentData())
        self.unit.setText(UNITS[frequency])
        self.weekdays_row.setVisible(frequency is Frequency.WEEKLY)
        self.weekdays_hint.setVisible(
            frequency is Frequency.WEEKLY and not any(b.isChecked() for b in self.weekday_boxes)
        )
        yearly = frequency is Frequency.YEARLY
        self.month_row.setVisible(yearly)
        self.day_row.setVisible(frequency is Frequency.MONTHLY or (yearly and self.month.currentData() is not None))
        pattern = DayPattern(self.pattern.currentData())
        self.day.setVisible(pattern is DayPattern.DAY)
        self.nth.setVisible(pattern is DayPattern.NTH_WEEKDAY)
        self.weekday.setVisible(pattern is DayPattern.NTH_WEEKDAY)
        ending = Ending(self.ending.currentData())
        self.until.setVisible(ending is Ending.UNTIL)
        self.count.setVisible(ending is Ending.COUNT)

    @Slot()
    def _on_choice_changed(self) -> None:
        if self._filling:
            return
        self._show_what_applies()
        self.edited.emit()
