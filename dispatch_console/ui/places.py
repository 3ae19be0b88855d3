"""The place whose real screen comes in a later issue (plans): it says what it will hold and shows live figures.

The figures come from the same services as the work order list (``work_orders.list_rows`` and
``work_orders.unscheduled_queue``); each page loads them when shown and again when the bus
says work orders or bookings changed while it is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Slot
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.timekeeping import day_bounds, to_local
from dispatch_console.services import work_orders
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.work_orders import WorkOrderRow
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.fitting import scrolling
from dispatch_console.ui.formatting import format_count, format_moment, label
from dispatch_console.ui.widgets import (
    FigureCard,
    chip,
    heading,
    hint,
    placeholder,
    read_only_table,
)
from dispatch_console.ui.work_orders.rows import WORK_TO_DO, is_overdue
from dispatch_console.ui.work_orders.table_model import OVERDUE_COLOR

#: Beyond this a page's table scrolls (a roster of 200 technicians).
MAX_TABLE_HEIGHT = 440

Table = tuple[list[str], list[list[str | QTableWidgetItem]]]


def week_bounds(now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 of the company's week containing ``now``."""
    today = to_local(now, tz).date()
    monday = today - timedelta(days=today.weekday())
    return day_bounds(monday, tz)[0], day_bounds(monday + timedelta(days=7), tz)[0]


def _due_item(row: WorkOrderRow, now: datetime, tz: ZoneInfo) -> QTableWidgetItem:
    item = QTableWidgetItem(format_moment(row.due_by, tz, year_of=now) or "no deadline")
    if is_overdue(row, now):
        item.setText(item.text() + "  (overdue)")
        item.setForeground(QBrush(OVERDUE_COLOR))
    return item


class PlacePreview(QWidget):
    """A page standing in for a screen to come: what it will do, and figures from the data now."""

    title = ""
    description = ""
    captions: Sequence[str] = ()
    table_title = ""
    empty_text = ""
    numeric_columns: Sequence[int] = ()
    shown_entities: Sequence[str] = (
        "work_order",
        "booking",
        "technician",
        "company",
        "site",
        "customer",
    )

    def __init__(
        self, ctx: ServiceContext, bus: ChangeBus | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._stale = True
        title_row = QHBoxLayout()
        title_row.addWidget(heading(self.title, scale=1.6))
        title_row.addWidget(chip("Preview: the full screen comes next"))
        title_row.addStretch(1)
        self.cards = [FigureCard(caption) for caption in self.captions]
        cards = QGridLayout()
        cards.setHorizontalSpacing(12)
        for i, card in enumerate(self.cards):
            cards.addWidget(card, 0, i)
        self.table_heading = heading(self.table_title, scale=1.1)
        self._table_stack = QStackedWidget()
        self._table_stack.addWidget(placeholder(self.empty_text))

        # The page scrolls on a screen too short for it (a laptop at 200 %).
        content = QWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(title_row)
        text = hint(self.description)
        text.setMaximumWidth(900)
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addLayout(cards)
        layout.addSpacing(16)
        layout.addWidget(self.table_heading)
        layout.addWidget(self._table_stack)
        self.updated_label = QLabel()
        self.updated_label.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        layout.addWidget(self.updated_label)
        layout.addStretch(1)
        if bus is not None:
            bus.changed.connect(self._on_bus_changed)

    def refresh(self) -> None:
        self._stale = False
        rows = work_orders.list_rows(self._ctx)
        now = self._ctx.now()
        tz = self._ctx.zone()
        for card, (value, detail) in zip(self.cards, self.figures(rows, now, tz), strict=True):
            card.set_value(value, detail)
        headers, table_rows = self.table(rows, now, tz)
        old = self._table_stack.widget(1)
        if old is not None:
            self._table_stack.removeWidget(old)
            old.deleteLater()
        if table_rows:
            table = read_only_table(
                headers, table_rows, stretch=len(headers) - 1, right_aligned=self.numeric_columns
            )
            # As tall as its rows (so the page does not end in an empty box), up to a limit.
            height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
            height += sum(table.rowHeight(r) for r in range(table.rowCount()))
            self._table_stack.addWidget(table)
            self._table_stack.setCurrentIndex(1)
            self._table_stack.setFixedHeight(min(height, MAX_TABLE_HEIGHT))
        else:
            self._table_stack.setCurrentIndex(0)
            self._table_stack.setFixedHeight(120)
        self.updated_label.setText(
            f"Figures as of {format_moment(now, tz, year_of=now)} ({tz.key})."
        )

    def figure_values(self) -> list[str]:
        return [card.value_label.text() for card in self.cards]

    def figures(
        self, rows: list[WorkOrderRow], now: datetime, tz: ZoneInfo
    ) -> list[tuple[str, str]]:
        raise NotImplementedError

    def table(self, rows: list[WorkOrderRow], now: datetime, tz: ZoneInfo) -> Table:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(*self.shown_entities):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True


class PlansPreview(PlacePreview):
    title = "Plans"
    description = (
        "Recurring preventive-maintenance plans will be listed and edited here: a rule such as "
        "'every three months on the 1st at 08:00' on the company's wall clock, turned into a work "
        "order ahead of each occurrence by the scheduler, once, however many PCs run it. For now, "
        "here is the preventive and inspection work in the list."
    )
    captions = (
        "Preventive and inspection work to do",
        "Due in the next 30 days",
        "Overdue",
        "Not booked yet",
    )
    table_title = "Next preventive and inspection work"
    empty_text = "No preventive or inspection work is waiting."
    kinds = (WorkOrderType.PREVENTIVE, WorkOrderType.INSPECTION)

    def _todo(self, rows: list[WorkOrderRow]) -> list[WorkOrderRow]:
        return [r for r in rows if r.type in self.kinds and r.status in WORK_TO_DO]

    def figures(
        self, rows: list[WorkOrderRow], now: datetime, tz: ZoneInfo
    ) -> list[tuple[str, str]]:
        todo = self._todo(rows)
        soon = now + timedelta(days=30)
        return [
            (format_count(len(todo)), "open, scheduled or under way"),
            (
                format_count(
                    sum(1 for r in todo if r.due_by is not None and now <= r.due_by < soon)
                ),
                "",
            ),
            (format_count(sum(1 for r in todo if is_overdue(r, now))), "due-by passed"),
            (format_count(sum(1 for r in todo if not r.technicians)), "waiting for a technician"),
        ]

    def table(self, rows: list[WorkOrderRow], now: datetime, tz: ZoneInfo) -> Table:
        todo = sorted(
            self._todo(rows),
            key=lambda r: (r.due_by is None, r.due_by.timestamp() if r.due_by else 0, r.number),
        )[:12]
        headers = ["Number", "Type", "Status", "Customer", "Site", "Due by", "Scheduled", "Summary"]
        return headers, [
            [
                r.number,
                label(r.type.value),
                label(r.status.value),
                r.customer,
                r.site,
                _due_item(r, now, tz),
                format_moment(r.scheduled_start, tz, year_of=now) or "not booked",
                r.summary,
            ]
            for r in todo
        ]
