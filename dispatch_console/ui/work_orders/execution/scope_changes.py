"""Scope changes: the crew asks for more (or other) work, the office approves or rejects it; the
job waits on hold meanwhile."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import ScopeChangeStatus
from dispatch_console.domain.errors import InvalidFields, RuleViolation, ValidationError
from dispatch_console.domain.money import parse_decimal
from dispatch_console.services import execution
from dispatch_console.ui.fitting import keep_on_screen, natural_size
from dispatch_console.ui.formatting import format_decimal, format_money, label
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op
from dispatch_console.ui.plain_text import plain_label, tooltip
from dispatch_console.ui.widgets import hint
from dispatch_console.ui.work_orders.execution.common import (
    ExecutionPane,
    TableKeys,
    allow,
    at_field,
    record_table,
)

AnyIndex = QModelIndex | QPersistentModelIndex
STATUS_COLORS = {"pending": "#bf360c", "approved": "#1b5e20", "rejected": "#8d2a1a"}


class ScopeChangeModel(QAbstractTableModel):
    """The scope changes of one work order, #1 first."""

    HEADERS = ("#", "Description", "Extra hours", "Extra cost", "Status", "Requested", "Decided", "Office note")

    def __init__(self, pane: ScopeChangesPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.changes: list[Any] = []

    def set_changes(self, changes: list[Any]) -> None:
        self.beginResetModel()
        self.changes = sorted(changes, key=lambda c: c.seq)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            header = self.HEADERS[section]
            if section == 3 and self._pane.currency:
                header += f" ({self._pane.currency})"
            return header
        return None

    def text(self, change: Any, column: int) -> str:
        pane = self._pane
        if column == 0:
            return f"#{change.seq}"
        if column == 1:
            return str(change.description)
        if column == 2:
            return f"+{format_decimal(change.extra_hours)} h" if change.extra_hours else ""
        if column == 3:
            return format_money(change.extra_cost) if change.extra_cost else ""
        if column == 4:
            return label(str(change.status))
        if column == 5:
            return f"{change.requested_by}, {pane.when(change.requested_at)}"
        if column == 6:
            return f"{change.decided_by}, {pane.when(change.decided_at)}" if change.decided_by else ""
        return str(change.decision_note or "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.changes[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(change, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self.text(change, column))
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor(STATUS_COLORS.get(str(change.status), "#000000")))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ScopeChangesPane(ExecutionPane):
    """Scope changes asked for on the job and the office's decisions.

    Request… records one (the job goes on hold until it is decided); Approve… and Reject…
    decide the one chosen in the table.
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        layout = QVBoxLayout(self)
        self.model = ScopeChangeModel(self)
        self.table = record_table("scopeChangeTable", self.model, stretch=1)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        TableKeys(self.table)  # Enter stays in the list (never the window's default button)
        layout.addWidget(self.table, 1)
        self.empty_hint = hint("No change of scope was requested.")
        layout.addWidget(self.empty_hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.request_button = QPushButton("&Request…")
        self.request_button.setObjectName("requestScopeChange")
        self.request_button.clicked.connect(self.open_request_dialog)
        row.addWidget(self.request_button)
        self.approve_button = QPushButton("A&pprove…")
        self.approve_button.setObjectName("approveScopeChange")
        self.approve_button.clicked.connect(lambda: self.open_decision_dialog(approve=True))
        row.addWidget(self.approve_button)
        self.reject_button = QPushButton("Re&ject…")
        self.reject_button.setObjectName("rejectScopeChange")
        self.reject_button.clicked.connect(lambda: self.open_decision_dialog(approve=False))
        row.addWidget(self.reject_button)
        layout.addLayout(row)
        self.dialog: RecordDialog | None = None

    def fill(self, wo: Any) -> None:
        chosen = self.chosen()
        self.model.set_changes(list(wo.scope_changes))
        self.empty_hint.setVisible(not wo.scope_changes)
        seqs = [c.seq for c in self.model.changes]
        pending = [c.seq for c in self.model.changes if c.status == ScopeChangeStatus.PENDING]
        keep = chosen.seq if chosen is not None and chosen.seq in seqs else (pending[0] if pending else None)
        if keep is not None:
            self.table.selectRow(seqs.index(keep))
        allow(self.request_button, self.why_not(lifecycle.check_request_scope_change),
              "Ask for more or other work; the job waits on hold until the office decides")
        self._refresh_decision()

    def chosen(self) -> Any:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.changes[rows[0].row()] if rows else None

    def why_not_decide(self) -> str | None:
        change = self.chosen()
        if change is None:
            return "choose a scope change in the table first"
        if change.status != ScopeChangeStatus.PENDING:
            return f"scope change #{change.seq} was already {change.status}"
        return None

    def _refresh_decision(self) -> None:
        reason = self.why_not_decide()
        allow(self.approve_button, reason, "Approve the chosen scope change")
        allow(self.reject_button, reason, "Reject the chosen scope change, saying why")

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, *_args: Any) -> None:
        self._refresh_decision()

    def open_request_dialog(self) -> ScopeChangeDialog:
        dialog = ScopeChangeDialog(self, parent=self.window())
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_decision_dialog(self, *, approve: bool) -> DecisionDialog | None:
        change = self.chosen()
        if change is None or self.why_not_decide() is not None:
            return None
        dialog = DecisionDialog(self, change, approve=approve, parent=self.window())
        self.dialog = dialog
        dialog.open()
        return dialog


class ScopeChangeDialog(RecordDialog):
    """A change of scope: what, and how many more hours and how much more it costs."""

    def __init__(self, pane: ScopeChangesPane, parent: QWidget | None = None) -> None:
        super().__init__(f"Request a scope change on {pane.number}", pane.operations, parent)
        self.pane = pane
        self.description = QPlainTextEdit()
        self.description.setObjectName("scopeDescription")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.hours = QLineEdit()
        self.hours.setObjectName("scopeHours")
        self.hours.setPlaceholderText("e.g. 1.5 (optional)")
        self.cost = QLineEdit()
        self.cost.setObjectName("scopeCost")
        self.cost.setPlaceholderText("e.g. 240.00 (optional)")
        self.form.layout().insertWidget(0, hint(
            f"{pane.number} goes on hold until the office approves or rejects the change."
        ))
        self.form.add("description", "&What changes:", self.description)
        self.form.add("extra_hours", "Extra &hours:", self.hours)
        currency = f" ({pane.currency})" if pane.currency else ""
        self.form.add("extra_cost", f"Extra &cost{currency}:", self.cost)
        self.load()
        keep_on_screen(self, natural_size(self).expandedTo(QSize(460, 0)))

    def load(self) -> None:
        self.description.clear()
        self.hours.clear()
        self.cost.clear()
        self.form.mark_clean()

    def save_op(self) -> Op[Any] | None:
        pane = self.pane
        problems: dict[str, str] = {}
        amounts: dict[str, Decimal | None] = {}
        for name, edit, what in (("extra_hours", self.hours, "number of hours"), ("extra_cost", self.cost, "amount")):
            amounts[name] = None
            if edit.text().strip():
                try:
                    amounts[name] = parse_decimal(edit.text(), what)
                except ValidationError as exc:
                    problems[name] = str(exc)
        if problems:
            self.form.show_problems(problems)
            return None
        description = self.description.toPlainText()
        title = f"Request a scope change on {pane.number}"
        return Op(title, lambda _confirm: at_field("description", lambda: execution.request_scope_change(
            pane.ctx, pane.number, description, amounts["extra_hours"], amounts["extra_cost"]), title),
            done=lambda seq: f"Scope change #{seq} requested; {pane.number} is on hold until it is decided")


class DecisionDialog(RecordDialog):
    """The office's decision on one scope change, with a note (a reason, when rejecting)."""

    def __init__(self, pane: ScopeChangesPane, change: Any, *, approve: bool, parent: QWidget | None = None) -> None:
        verb = "Approve" if approve else "Reject"
        super().__init__(f"{verb} scope change #{change.seq} of {pane.number}", pane.operations, parent)
        self.pane = pane
        self.seq = int(change.seq)
        self.approve = approve
        extra = [f"+{format_decimal(change.extra_hours)} h" if change.extra_hours else "",
                 f"+{format_money(change.extra_cost)} {pane.currency}" if change.extra_cost else ""]
        summary = plain_label(
            f"#{change.seq}: {change.description}" + (f" ({', '.join(e for e in extra if e)})" if any(extra) else ""),
            wrap_anywhere=True,
        )
        self.form.layout().insertWidget(0, summary)
        self.note = QPlainTextEdit()
        self.note.setObjectName("decisionNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.note.setPlaceholderText("for the office and the crew (optional)" if approve
                                     else "why it is rejected (required)")
        self.form.add("note", "&Note:" if approve else "&Reason:", self.note)
        self.save_button.setText(verb)
        self.load()
        keep_on_screen(self, natural_size(self).expandedTo(QSize(440, 0)))

    def load(self) -> None:
        self.note.clear()
        self.form.mark_clean()

    def save_op(self) -> Op[Any] | None:
        pane, seq, approve = self.pane, self.seq, self.approve
        note = self.note.toPlainText()
        verb = "Approve" if approve else "Reject"
        title = f"{verb} scope change #{seq} of {pane.number}"

        def decide() -> None:
            try:
                execution.decide_scope_change(pane.ctx, pane.number, seq, approve=approve, note=note)
            except RuleViolation as exc:
                if "a reason is required" in exc.reasons:
                    raise InvalidFields(title, {"note": "a reason is required; say why the change is rejected"}) from exc
                raise

        return Op(title, lambda _confirm: decide())
