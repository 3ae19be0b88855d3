"""The office's plan of a work order as one form: fields, checklist and planned parts, one Save.

Saved with ``services.work_order_plan.save_plan`` against the version it was loaded at. What is
typed survives other PCs' changes: while the form has unsaved changes a change saved elsewhere
does not reload it; the banner says so, and Save is then refused naming who, with Reload.
Ticking a checklist line is an action of its own (the crew did it), saved at once.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QStringListModel, Qt, QTime, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import checklists, lifecycle
from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.services import execution, parts
from dispatch_console.services import work_orders as work_order_service
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians
from dispatch_console.services.work_order_plan import (
    ChecklistLine,
    Plan,
    PlannedLine,
    PlanRecord,
    plan_of,
    save_plan,
)
from dispatch_console.ui.formatting import label, sentence
from dispatch_console.ui.forms import Form
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import tooltip
from dispatch_console.ui.widgets import hint

ITEM_ID = Qt.ItemDataRole.UserRole
TICKED = Qt.ItemDataRole.UserRole + 1  # the tick as saved, to tell a tick from an edit
#: How many matches the parts search offers as you type.
PART_MATCHES = 20


class ChecklistEditor(QWidget):
    """The checklist's lines: add, remove, reorder, reword, start from the type's template.

    A line's box shows whether the crew ticked it; clicking it ticks or unticks the line at once
    (``tick_requested``) when the rules allow, never as part of the plan's Save.

    Signals:
        edited: the lines changed (not the ticks).
        tick_requested: (item id, done).
    """

    edited = Signal()
    tick_requested = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template_type = WorkOrderType.GENERAL
        self._ticks_allowed: str | None = "not loaded"
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("checklist")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.list.model().rowsMoved.connect(lambda *_a: self._changed())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add line")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        self.template_button = QPushButton("Use the temp&late")
        self.template_button.setToolTip("Replace the lines with the usual checklist of this type of work")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button,
                       self.template_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.template_button.clicked.connect(self._on_template_button_clicked)

    # -- values ---------------------------------------------------------------------------------
    def lines(self) -> tuple[ChecklistLine, ...]:
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            item_id = item.data(ITEM_ID)
            found.append(ChecklistLine(item.text(), item_id if isinstance(item_id, int) else None,
                                       item.checkState() == Qt.CheckState.Checked))
        return tuple(found)

    def set_lines(self, lines: tuple[ChecklistLine, ...]) -> None:
        self._filling = True
        self.list.clear()
        for line in lines:
            self._add_item(line.text, line.item_id, line.done)
        self._filling = False

    def form_value(self) -> str:
        return "\n".join(line.text for line in self.lines())

    def set_editable(self, editable: bool) -> None:
        for widget in (self.add_button, self.remove_button, self.up_button, self.down_button,
                       self.template_button):
            widget.setEnabled(editable)
        self.list.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove if editable else QAbstractItemView.DragDropMode.NoDragDrop
        )
        self._editable = editable
        self._refresh_flags()

    def allow_ticks(self, reason_not: str | None) -> None:
        """Whether the crew's ticks may be recorded now (None: they may; else why not)."""
        self._ticks_allowed = reason_not
        self._refresh_flags()

    def _refresh_flags(self) -> None:
        self._filling = True
        editable = getattr(self, "_editable", True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if editable:
                flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
            saved = isinstance(item.data(ITEM_ID), int)
            if self._ticks_allowed is None and saved:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setToolTip("")
            elif self._ticks_allowed is not None:
                item.setToolTip(tooltip(f"Ticking is not possible now: {sentence(self._ticks_allowed)}"))
            else:
                item.setToolTip("Save the checklist before ticking this new line")
            item.setFlags(flags)
        self._filling = False

    # -- editing --------------------------------------------------------------------------------
    def _add_item(self, text: str, item_id: int | None = None, done: bool = False) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(ITEM_ID, item_id)
        item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        item.setData(TICKED, done)
        self.list.addItem(item)
        return item

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit()

    @Slot(QListWidgetItem)
    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        done = item.checkState() == Qt.CheckState.Checked
        item_id = item.data(ITEM_ID)
        was = item.data(TICKED)
        if isinstance(item_id, int) and was is not None and bool(was) != done:
            item.setData(TICKED, done)
            self.tick_requested.emit(item_id, done)
            return
        item.setData(TICKED, done)
        self._changed()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        item = self._add_item("New line")
        self._refresh_flags()
        self.list.setCurrentItem(item)
        self.list.editItem(item)
        self._changed()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._changed()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._changed()

    @Slot()
    def _on_template_button_clicked(self) -> None:
        self.list.clear()
        for text in checklists.template(self.template_type):
            self._add_item(text)
        self._refresh_flags()
        self._changed()


class PlannedPartsEditor(QWidget):
    """The parts planned for the job: search the price list as you type, set quantities.

    Signals:
        edited: a part was added or removed, or a quantity changed.
    """

    edited = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("partSearch")
        self.search.setPlaceholderText("Add a part: type its SKU or description…")
        self._matches = QStringListModel(self)
        self.completer = QCompleter(self._matches, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.search.setCompleter(self.completer)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.completer.activated.connect(self._on_completer_activated)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        row.addWidget(self.search, 1)
        self.remove_button = QPushButton("Remove &part")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(["SKU", "Description", "Quantity", "Unit"])
        self.model.itemChanged.connect(lambda _item: None if self._filling else self.edited.emit())
        self.table = QTableView()
        self.table.setObjectName("plannedParts")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        layout.addWidget(self.table, 1)
        self._offered: dict[str, tuple[str, str, str]] = {}

    def lines(self) -> tuple[PlannedLine, ...]:
        return tuple(
            PlannedLine(self.model.item(r, 0).text(), self.model.item(r, 2).text().strip(),
                        self.model.item(r, 1).text())
            for r in range(self.model.rowCount())
        )

    def set_lines(self, lines: tuple[PlannedLine, ...], units: dict[str, str] | None = None) -> None:
        self._filling = True
        self.model.removeRows(0, self.model.rowCount())
        for line in lines:
            self._append(line.sku, line.description, line.quantity, (units or {}).get(line.sku, ""))
        self._filling = False

    def form_value(self) -> str:
        return ";".join(f"{line.sku}×{line.quantity}" for line in self.lines())

    def set_editable(self, editable: bool) -> None:
        self.search.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers if editable else QAbstractItemView.EditTrigger.NoEditTriggers
        )

    def _append(self, sku: str, description: str, quantity: str, unit: str) -> None:
        cells = [QStandardItem(sku), QStandardItem(description), QStandardItem(quantity), QStandardItem(unit)]
        for column, cell in enumerate(cells):
            if column != 2:
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
        cells[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.model.appendRow(cells)

    @Slot(str)
    def _on_search_text_edited(self, text: str) -> None:
        found = parts.list_parts(self._ctx, text, PART_MATCHES) if text.strip() else []
        self._offered = {f"{p.sku} — {p.description}": (p.sku, p.description, p.unit) for p in found}
        self._matches.setStringList(list(self._offered))

    @Slot(str)
    def _on_completer_activated(self, text: str) -> None:
        self.add(text)

    @Slot()
    def _on_search_return_pressed(self) -> None:
        if len(self._offered) >= 1 and self.search.text() not in self._offered:
            self.add(next(iter(self._offered)))  # Enter takes the best match
        elif self.search.text() in self._offered:
            self.add(self.search.text())

    def add(self, offered: str) -> None:
        """Add the part offered under ``offered`` (one more if it is listed already)."""
        found = self._offered.get(offered)
        if found is None:
            return
        sku, description, unit = found
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).text() == sku:
                self.table.selectRow(row)
                self.table.edit(self.model.index(row, 2))
                break
        else:
            self._append(sku, description, "1", unit)
            self.table.selectRow(self.model.rowCount() - 1)
            self.edited.emit()
        self.search.clear()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            self.model.removeRow(row)
        if rows:
            self.edited.emit()


class SkillsPicker(QListWidget):
    """The skills the job needs, ticked from the catalogue.

    Signals:
        edited: a skill was ticked or unticked.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requiredSkills")
        self._filling = False
        self.itemChanged.connect(lambda _item: None if self._filling else self.edited.emit())
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)

    def set_skills(self, catalogue: list[tuple[str, str]], chosen: tuple[str, ...]) -> None:
        self._filling = True
        self.clear()
        for code, name in catalogue:
            item = QListWidgetItem(f"{name} ({code})")
            item.setData(ITEM_ID, code)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        self._filling = False

    def chosen(self) -> tuple[str, ...]:
        return tuple(sorted(
            str(self.item(r).data(ITEM_ID)) for r in range(self.count())
            if self.item(r).checkState() == Qt.CheckState.Checked
        ))

    def form_value(self) -> str:
        return ",".join(self.chosen())


class DueByEdit(QWidget):
    """A deadline in the company's zone, or none.

    Signals:
        edited: the deadline changed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.has_deadline = QCheckBox("Due &by")
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.when.setCalendarPopup(True)
        layout.addWidget(self.has_deadline)
        layout.addWidget(self.when, 1)
        self.has_deadline.toggled.connect(self._on_has_deadline_toggled)
        self.when.dateTimeChanged.connect(lambda _v: self.edited.emit())
        self._tz = ZoneInfo("UTC")

    def set_due_by(self, due_by: datetime | None, tz: ZoneInfo) -> None:
        self._tz = tz
        self.has_deadline.setChecked(due_by is not None)
        if due_by is not None:
            local = to_local(due_by, tz)
            self.when.setDateTime(QDateTime(local.date(), QTime(local.hour, local.minute)))
        self.when.setEnabled(due_by is not None)

    def due_by(self) -> datetime | None:
        if not self.has_deadline.isChecked():
            return None
        shown = self.when.dateTime().toPython()
        assert isinstance(shown, datetime)
        return wall_to_utc(shown.replace(second=0, microsecond=0, tzinfo=None), self._tz)

    def form_value(self) -> str:
        due = self.due_by()
        return "" if due is None else due.isoformat()

    @Slot(bool)
    def _on_has_deadline_toggled(self, checked: bool) -> None:
        self.when.setEnabled(checked)
        self.edited.emit()


class PlanPane(QWidget):
    """What the office plans for one work order, edited as one form and saved with one Save."""

    def __init__(
        self, ctx: ServiceContext, operations: Operations, number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.operations = operations
        self.number = number
        self.record: PlanRecord | None = None
        self._positions: dict[int, int] = {}
        layout = QVBoxLayout(self)
        self.form = Form()
        form = self.form
        self.summary = form.add("summary", "Summary:", QLineEdit())
        self.description = form.add("description", "Description:", QPlainTextEdit())
        self.description.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.type_combo = form.add("type", "Type:", QComboBox())
        for kind in WorkOrderType:
            self.type_combo.addItem(label(kind.value), kind)
        self.priority_combo = form.add("priority", "Priority:", QComboBox())
        for priority in Priority:
            self.priority_combo.addItem(label(priority.value), priority)
        self.hours = form.add("estimated_hours", "Estimated hours:", QLineEdit())
        self.hours.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 12)
        self.due = form.add("due_by", "Deadline:", DueByEdit())
        self.skills = form.add("required_skills", "Skills needed:", SkillsPicker())
        form.add_section("Checklist")
        self.checklist = form.add("checklist", "Lines:", ChecklistEditor())
        form.add_section("Planned parts")
        self.planned = form.add("planned_parts", "Parts:", PlannedPartsEditor(ctx))
        layout.addWidget(form, 1)
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_current_index_changed)
        self.checklist.tick_requested.connect(self._on_checklist_tick_requested)
        buttons = QHBoxLayout()
        self.locked_hint = hint("")
        self.locked_hint.hide()
        buttons.addWidget(self.locked_hint, 1)
        buttons.addStretch(1)
        self.revert_button = QPushButton("Undo my chan&ges")
        self.save_button = QPushButton("Save pla&n")
        self.save_button.setObjectName("savePlan")
        self.save_button.setDefault(True)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.revert_button.clicked.connect(self.load)
        self.save_button.clicked.connect(self.save)
        form.edited.connect(self._refresh_buttons)
        self.load()

    # -- loading --------------------------------------------------------------------------------
    def load(self) -> None:
        """Show the plan as saved (what was typed is dropped: Reload or Undo my changes)."""
        record = plan_of(self._ctx, self.number)
        tz = self._ctx.zone()
        plan = record.plan
        self.record = record
        self.summary.setText(plan.summary)
        self.description.setPlainText(plan.description)
        self.type_combo.setCurrentIndex(self.type_combo.findData(plan.type))
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(plan.priority))
        self.hours.setText(plan.estimated_hours)
        self.due.set_due_by(plan.due_by, tz)
        self.skills.set_skills([(s.code, s.name) for s in technicians.list_skills(self._ctx)],
                               plan.required_skills)
        self.checklist.template_type = plan.type
        self.checklist.set_lines(plan.checklist)
        self._positions = {line.item_id: i for i, line in enumerate(plan.checklist) if line.item_id}
        units = {p.sku: p.unit for p in parts.list_parts(self._ctx)} if plan.planned_parts else {}
        self.planned.set_lines(plan.planned_parts, units)
        editable = record.locked_because is None
        for widget in (self.summary, self.hours):
            widget.setReadOnly(not editable)
        self.description.setReadOnly(not editable)
        for widget in (self.type_combo, self.priority_combo, self.due, self.skills):
            widget.setEnabled(editable)
        self.checklist.set_editable(editable)
        self.planned.set_editable(editable)
        facts = work_order_service.facts(self._ctx, self.number)
        self.checklist.allow_ticks(
            lifecycle.why_not(lambda f: lifecycle.check_record_execution(f, "checklist ticks"), facts)
        )
        self.locked_hint.setVisible(not editable)
        if not editable:
            self.locked_hint.setText(f"The plan cannot change: {sentence(record.locked_because or '')}")
        self.form.mark_clean()
        self._refresh_buttons()

    def saved_elsewhere(self) -> None:
        """Another view or PC saved this work order: show it, unless the dispatcher is typing."""
        if not self.form.is_dirty():
            self.load()
            return
        self.form.banner.say(
            "This work order was changed elsewhere while you were typing. Your changes are "
            "kept; saving them will be refused until you reload."
        )

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def _refresh_buttons(self) -> None:
        dirty = self.form.is_dirty()
        editable = self.record is not None and self.record.locked_because is None
        self.save_button.setEnabled(dirty and editable)
        self.revert_button.setEnabled(dirty)

    # -- saving ---------------------------------------------------------------------------------
    def plan(self) -> Plan:
        return Plan(
            summary=self.summary.text(),
            description=self.description.toPlainText(),
            priority=Priority(self.priority_combo.currentData()),
            type=WorkOrderType(self.type_combo.currentData()),
            estimated_hours=self.hours.text(),
            due_by=self.due.due_by(),
            required_skills=self.skills.chosen(),
            checklist=self.checklist.lines(),
            planned_parts=self.planned.lines(),
        )

    @Slot()
    def save(self) -> bool:
        """Save what the form shows; False (with the reasons at the fields) when refused."""
        if self.record is None:
            return False
        self.form.clear_problems()
        plan, version, number = self.plan(), self.record.version, self.number
        done = self.operations.run(Op(
            f"Save the plan of {number}",
            lambda _confirm: save_plan(self._ctx, number, plan, version),
            self, on_refused=self.form.refusal_handler(reload=self.load),
        ))
        if done is None:
            return False
        self.load()
        return True

    @Slot(int)
    def _on_type_combo_current_index_changed(self, _index: int) -> None:
        kind = self.type_combo.currentData()
        if kind is not None:
            self.checklist.template_type = WorkOrderType(kind)

    @Slot(int, bool)
    def _on_checklist_tick_requested(self, item_id: int, done: bool) -> None:
        position = self._positions.get(item_id)
        if position is None:
            return
        number = self.number
        text = next((line.text for line in self.checklist.lines() if line.item_id == item_id), "")
        self.operations.run(Op(
            f"{'Tick' if done else 'Untick'} '{text}' on {number}",
            lambda _confirm: execution.tick_checklist(self._ctx, number, position, done),
            self, on_stale=self.load,
        ))
        # Either way the window reloads from the bus (or shows the saved tick again here).
        if not self.form.is_dirty():
            self.load()
