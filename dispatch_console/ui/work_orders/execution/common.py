"""What the execution panes share: the work order they show, its lifecycle facts, and acting
through the window's operations (never writing, never patching themselves after a write)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractItemModel, QDateTime, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.errors import InvalidFields, ValidationError
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.services import company, work_orders
from dispatch_console.services.context import Outcome, ServiceContext
from dispatch_console.ui.formatting import format_moment, sentence
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, tooltip

T = TypeVar("T")


class ExecutionPane(QWidget):
    """One part of the crew's record of a work order (labor, parts, notes...).

    ``show_work_order`` fills it from what ``work_orders.details`` returns; the window calls it
    again after every change the bus announces for this work order.
    """

    def __init__(
        self, ctx: ServiceContext, operations: Operations, number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operations = operations
        self.number = number
        self.work_order: Any = None
        self.facts: WorkOrderFacts | None = None
        self.tz: ZoneInfo = ZoneInfo("UTC")
        self.currency = ""

    def show_work_order(self, wo: Any) -> None:
        """Show ``wo`` (a detached, fully loaded work order) and what the rules allow now."""
        self.work_order = wo
        self.facts = work_orders.facts(self.ctx, self.number)
        self.tz = self.ctx.zone()
        self.currency = company.get_settings(self.ctx).currency
        self.fill(wo)

    def fill(self, wo: Any) -> None:
        raise NotImplementedError

    def unsaved(self) -> str:
        """What the dispatcher typed or drew here and has not saved yet, in words ("" if nothing):
        the window asks before closing over it."""
        return ""

    # -- the rules ------------------------------------------------------------------------------
    def why_not(self, check: Callable[[WorkOrderFacts], None]) -> str | None:
        """The lifecycle's reason against ``check`` now (None: allowed, or nothing shown yet)."""
        if self.facts is None:
            return "the work order is not loaded yet"
        return lifecycle.why_not(check, self.facts)

    def when(self, moment: datetime | None) -> str:
        return format_moment(moment, self.tz, year_of=self.ctx.now()) if moment is not None else ""

    # -- acting ---------------------------------------------------------------------------------
    def run(self, title: str, call: Callable[[], T], parent: QWidget | None = None,
            **kw: Any) -> Outcome[T] | None:
        """Carry out ``call`` as an Op of the window (refusals said, the bus told)."""
        return self.operations.run(Op(title, lambda _confirm: call(), parent or self, **kw))


def allow(button: QAbstractButton, reason: str | None, ok_tip: str = "") -> None:
    """Enable ``button`` when there is no reason against it; else say the reason as its tooltip."""
    button.setEnabled(reason is None)
    button.setToolTip(tooltip(sentence(reason)) if reason else ok_tip)


def at_field(field: str, call: Callable[[], T], subject: str,
             fields: Mapping[str, str] | None = None) -> T:
    """Run ``call``; an input refusal (``ValidationError``) is shown under ``field`` of the form,
    or under the field of ``fields`` whose key words the message contains."""
    try:
        return call()
    except InvalidFields:
        raise
    except ValidationError as exc:
        text = str(exc)
        chosen = next((name for words, name in (fields or {}).items() if words in text), field)
        raise InvalidFields(subject, {chosen: text}) from exc


def to_qdatetime(moment: datetime, tz: ZoneInfo) -> QDateTime:
    """An instant as the company's wall clock, for a date-time field."""
    local = moment.astimezone(tz)
    shown = QDateTime()
    shown.setDate(local.date())
    shown.setTime(local.time().replace(second=0, microsecond=0, tzinfo=None))
    return shown


def from_qdatetime(value: QDateTime, tz: ZoneInfo) -> datetime:
    """What a date-time field shows (the company's wall clock) as an instant."""
    date = value.date().toPython()
    time = value.time().toPython()
    return datetime.combine(date, time, tzinfo=tz)  # type: ignore[arg-type]


def record_table(name: str, model: QAbstractItemModel, stretch: int) -> QTableView:
    """A pane's list of entries: whole rows chosen, one line each, column ``stretch`` taking the
    room left (the others as wide as their contents)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the list for the buttons under it
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def total_and_buttons(total_name: str, *buttons: tuple[str, str]) -> tuple[QHBoxLayout, QLabel, list[QPushButton]]:
    """The row under a pane's list: its total on the left, the buttons (text, object name) that
    act on the list on the right."""
    row = QHBoxLayout()
    total = plain_label("")
    total.setObjectName(total_name)
    row.addWidget(total, 1)
    made = []
    for text, name in buttons:
        button = QPushButton(text)
        button.setObjectName(name)
        row.addWidget(button)
        made.append(button)
    return row, total, made


class TableKeys(QObject):
    """Enter and Delete on a pane's list do the obvious thing to the chosen row.

    Enter is always taken here: left to the window, it would press the window's default button.
    """

    def __init__(self, table: QAbstractItemView, *, enter: Callable[[int], object] | None = None,
                 delete: Callable[[int], object] | None = None) -> None:
        super().__init__(table)
        self._table = table
        self._enter = enter
        self._delete = delete
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        table.setTabKeyNavigation(False)
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            row = self._table.currentIndex().row() if self._table.currentIndex().isValid() else -1
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._enter is not None and row >= 0:
                    self._enter(row)
                return True
            if event.key() == Qt.Key.Key_Delete and self._delete is not None:
                if row >= 0:
                    self._delete(row)
                return True
        return False


def chain_tab_order(*widgets: QWidget | None) -> None:
    """Tab visits ``widgets`` in this order (reading order: top to bottom, left to right)."""
    shown = [w for w in widgets if w is not None]
    for first, second in zip(shown, shown[1:], strict=False):
        QWidget.setTabOrder(first, second)
