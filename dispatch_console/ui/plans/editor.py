"""The plan editor: what a recurring plan makes (site, asset, work, skills, closeout) and when,
with a recurrence builder that writes the RFC 5545 rule, the rule as text for experts, the rule
in words and the next occurrences on the company's clock, all updated as the dispatcher types."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.enums import CloseoutNeed, PlanMode, WorkOrderType
from dispatch_console.domain.plan_schedule import MAX_LEAD_DAYS
from dispatch_console.domain.recurrence_builder import from_rule
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.services import pm_plans, record_choices
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PLAN_TYPES, PlanSpec
from dispatch_console.services.roster import technicians
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.formatting import label
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.plans.builder_widget import RecurrenceBuilder
from dispatch_console.ui.plans.preview import SHOWN, preview
from dispatch_console.ui.records.chooser import RecordChooser
from dispatch_console.ui.records.editor import RecordEditor, line, lines
from dispatch_console.ui.widgets import hint
from dispatch_console.ui.work_orders.plan_pane import SkillsPicker

#: The pause after the last key before the preview is worked out again.
PREVIEW_DELAY_MS = 200
MODE_HINTS = {
    PlanMode.FIXED: "Visits stay on the calendar whatever happened to the last one.",
    PlanMode.AFTER_COMPLETION: "The next visit counts from the day the previous work order was completed.",
}
#: A new plan starts on the first of next month at this time.
NEW_PLAN_TIME = time(8, 0)


def _tight_column(widget: QWidget) -> QVBoxLayout:
    """A column of choices packed close, with no margin of its own (the form gives it room)."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    return layout


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class ModeChoice(QWidget):
    """Fixed calendar or after completion, each with a line saying what it means.

    Signals:
        edited: the user chose the other mode.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _tight_column(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[PlanMode, QRadioButton] = {}
        for mode in PlanMode:
            button = QRadioButton(_capitalised(mode.label))
            button.setObjectName(f"mode_{mode.value}")
            self.group.addButton(button)
            self.buttons[mode] = button
            layout.addWidget(button)
            explained = hint(MODE_HINTS[mode])
            explained.setContentsMargins(22, 0, 0, 4)
            layout.addWidget(explained)
        self.buttons[PlanMode.FIXED].setChecked(True)
        self.group.buttonToggled.connect(lambda _b, on: self.edited.emit() if on else None)

    def mode(self) -> PlanMode:
        return next(m for m, b in self.buttons.items() if b.isChecked())

    def set_mode(self, mode: PlanMode) -> None:
        self.buttons[mode].setChecked(True)

    def form_value(self) -> str:
        return self.mode().value


class CloseoutChoice(QWidget):
    """What the plan's work orders need before they are closed, beyond their type's rules.

    Signals:
        edited: a need was ticked or unticked.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _tight_column(self)
        self.boxes: dict[CloseoutNeed, QCheckBox] = {}
        for need in CloseoutNeed:
            box = QCheckBox(_capitalised(need.label))
            box.setObjectName(f"closeout_{need.value}")
            box.toggled.connect(lambda _on: self.edited.emit())
            self.boxes[need] = box
            layout.addWidget(box)

    def needs(self) -> tuple[CloseoutNeed, ...]:
        return tuple(n for n, b in self.boxes.items() if b.isChecked())

    def set_needs(self, needs: tuple[CloseoutNeed, ...]) -> None:
        for need, box in self.boxes.items():
            box.setChecked(need in needs)

    def form_value(self) -> str:
        return ",".join(n.value for n in self.needs())


class FirstOccurrence(QWidget):
    """The first occurrence: a day and a time on the company's clock.

    Signals:
        edited: the day or the time changed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.day = QDateEdit()
        self.day.setObjectName("startDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd dd MMM yyyy")
        self.at = QTimeEdit()
        self.at.setObjectName("startTime")
        self.at.setDisplayFormat("HH:mm")
        layout.addWidget(self.day)
        layout.addWidget(plain_label("at"))
        layout.addWidget(self.at)
        layout.addStretch(1)
        self.day.dateChanged.connect(lambda _d: self.edited.emit())
        self.at.timeChanged.connect(lambda _t: self.edited.emit())

    def wall(self) -> datetime:
        day = self.day.date().toPython()
        at = self.at.time().toPython()
        assert isinstance(day, date) and isinstance(at, time)
        return datetime.combine(day, at.replace(second=0, microsecond=0))

    def set_wall(self, wall: datetime) -> None:
        self.day.setDate(QDate(wall.year, wall.month, wall.day))
        self.at.setTime(QTime(wall.hour, wall.minute))

    def form_value(self) -> str:
        return f"{self.wall():%Y-%m-%d %H:%M}"


class PlanDialog(RecordEditor):
    """A new recurring plan (``code`` None) or an existing one, saved through ``operations``."""

    def __init__(self, ctx: ServiceContext, bus: ChangeBus, operations: Operations, code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("New plan" if code is None else f"Plan {code}", ctx, operations, code, parent)
        self.setObjectName("planEditor")
        # Wide enough for a site's label and a builder row on one line; the screen still bounds it.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 76)
        self.bus = bus
        self.tz = ctx.zone()
        self._made_through: datetime | None = None
        form = self.form
        form.add_section("What it makes")
        self.code_edit = line("A short code, e.g. PM-1001")
        form.add("code", "&Code:", self.code_edit)
        self.site_chooser = RecordChooser(
            "site", search=partial(record_choices.site_choices, ctx),
            label_of=partial(record_choices.site_label, ctx), limit=record_choices.CHOICE_LIMIT,
            hint="Type part of the site's name, code or address, or its customer's name",
        )
        form.add("site_code", "&Site:", self.site_chooser)
        site_chooser = self.site_chooser  # not self: no cycle for the garbage collector to break on a worker

        def asset_choices(text: str) -> list[record_choices.Choice]:
            """The chosen site's assets the text may mean (any site's while none is chosen)."""
            return record_choices.asset_choices(ctx, text, site_code=site_chooser.chosen_code() or None)

        self.asset_chooser = RecordChooser(
            "asset", search=asset_choices,
            label_of=partial(record_choices.asset_label, ctx), limit=record_choices.CHOICE_LIMIT,
            hint="Optional: type part of an asset of the site",
        )
        form.add("asset_code", "&Asset:", self.asset_chooser)
        self.type_combo = QComboBox()
        for kind in PLAN_TYPES:
            self.type_combo.addItem(label(kind.value), kind)
        form.add("type", "&Type:", self.type_combo)
        self.summary_edit = line("What the technician does, e.g. Quarterly filter change")
        form.add("summary", "S&ummary:", self.summary_edit)
        self.checklist_edit = lines(4, "One item per line")
        form.add("checklist", "Chec&klist:", self.checklist_edit)
        self.skills = SkillsPicker()
        form.add("required_skills", "Required s&kills:", self.skills)
        self.hours_edit = line("e.g. 1.5")
        form.add("estimated_hours", "Estimated &hours:", self.hours_edit)
        self.tech_combo = QComboBox()
        form.add("preferred_tech_code", "&Preferred technician:", self.tech_combo)
        self.closeout = CloseoutChoice()
        form.add("closeout_needs", "Closeout needs:", self.closeout)
        self.active_box = QCheckBox("Active: makes work orders when they are due")
        form.add("active", "", self.active_box)

        form.add_section("When")
        self.mode_choice = ModeChoice()
        form.add("mode", "&Mode:", self.mode_choice)
        self.lead_spin = QSpinBox()
        self.lead_spin.setRange(0, MAX_LEAD_DAYS)
        self.lead_spin.setSuffix(" days before")
        self.lead_spin.setToolTip("How long before each occurrence its work order is made")
        form.add("lead_days", "&Lead time:", self.lead_spin)
        self.start = FirstOccurrence()
        form.add("start_wall", "&First occurrence:", self.start)
        self.builder = RecurrenceBuilder()
        form.add("recurrence", "&Repeats:", self.builder)
        self.rule_edit = line("e.g. FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", tip="The RFC 5545 rule the builder writes; experts may type one")
        self.rule_edit.setObjectName("ruleText")
        form.add("rule", "R&ule (RFC 5545):", self.rule_edit)
        self.words = plain_label("", wrap=True)
        self.words.setObjectName("ruleWords")
        font = self.words.font()
        font.setBold(True)
        self.words.setFont(font)
        form.rows.addRow("In words:", self.words)
        self.preview_rows = plain_label("", wrap=True)
        self.preview_rows.setObjectName("previewRows")
        self.preview_rows.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.rows.addRow(f"Next {SHOWN}:", self.preview_rows)
        self.preview_note = hint("")
        self.preview_note.setObjectName("previewNote")
        form.rows.addRow("", self.preview_note)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.builder.edited.connect(self._on_builder_edited)
        self.rule_edit.textEdited.connect(self._on_rule_edited)
        self.start.edited.connect(self._on_start_edited)
        self.mode_choice.edited.connect(self.preview_timer.start)
        self.load()
        self.finish()

    # -- choices ----------------------------------------------------------------------------------
    def _fill_technicians(self, chosen: str) -> None:
        today = to_local(self.ctx.now(), self.tz).date()
        self.tech_combo.clear()
        self.tech_combo.addItem("(none: the job waits in the queue)", "")
        for row in technicians.technician_rows(self.ctx, today):
            if row.active or row.code == chosen:
                self.tech_combo.addItem(f"{row.name} ({row.code})", row.code)
        self.tech_combo.setCurrentIndex(max(0, self.tech_combo.findData(chosen)))

    # -- loading and saving -----------------------------------------------------------------------
    def _new_spec(self) -> PlanSpec:
        today = to_local(self.ctx.now(), self.tz).date()
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return PlanSpec(code="", site_code="", summary="", rule="FREQ=MONTHLY;BYMONTHDAY=1",
                        start_wall=datetime.combine(first, NEW_PLAN_TIME))

    def load(self) -> None:
        spec = self._new_spec()
        if self.code is not None:
            record = pm_plans.get_plan(self.ctx, self.code)
            spec, self.version = record.spec, record.version
            visits = pm_plans.plan_visits(self.ctx, self.code)
            self._made_through = max((v.occurrence for v in visits), default=None)
        self.code_edit.setText(spec.code)
        self.site_chooser.set_code(spec.site_code)
        self.asset_chooser.set_code(spec.asset_code)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(spec.type)))
        self.summary_edit.setText(spec.summary)
        self.checklist_edit.setPlainText("\n".join(spec.checklist))
        self.skills.set_skills([(s.code, s.name) for s in technicians.list_skills(self.ctx)], spec.required_skills)
        self.hours_edit.setText(spec.estimated_hours)
        self._fill_technicians(spec.preferred_tech_code)
        self.closeout.set_needs(spec.closeout_needs)
        self.active_box.setChecked(spec.active)
        self.mode_choice.set_mode(spec.mode)
        self.lead_spin.setValue(int(spec.lead_days) if spec.lead_days.isdigit() else 0)
        self.start.set_wall(spec.start_wall)
        self.rule_edit.setText(spec.rule)
        self._show_rule_in_builder(spec.rule)
        self.refresh_preview()
        self.form.mark_clean()

    def spec(self) -> PlanSpec:
        return PlanSpec(
            code=self.code_edit.text(),
            site_code=self.site_chooser.code(),
            asset_code=self.asset_chooser.code(),
            summary=self.summary_edit.text(),
            rule=self.rule_edit.text(),
            start_wall=self.start.wall(),
            type=WorkOrderType(self.type_combo.currentData()),
            checklist=tuple(line for line in self.checklist_edit.toPlainText().splitlines() if line.strip()),
            required_skills=self.skills.chosen(),
            estimated_hours=self.hours_edit.text(),
            lead_days=str(self.lead_spin.value()),
            mode=self.mode_choice.mode(),
            preferred_tech_code=str(self.tech_combo.currentData() or ""),
            active=self.active_box.isChecked(),
            closeout_needs=self.closeout.needs(),
        )

    def save_op(self) -> Op[Any]:
        spec = self.spec()
        if self.code is None:
            def create(_confirm: bool) -> str:
                self.code = pm_plans.create_plan(self.ctx, spec)
                return self.code

            return Op(f"Create plan {spec.code.strip()}", create)
        code, version = self.code, self.version or 0

        def edit(_confirm: bool) -> int:
            self.version = pm_plans.edit_plan(self.ctx, code, spec, version)
            self.code = spec.code.strip()
            return self.version

        return Op(f"Save plan {code}", edit)

    # -- the rule, its words and its preview --------------------------------------------------------
    def _show_rule_in_builder(self, rule: str) -> None:
        recurrence = from_rule(rule)
        if recurrence is None and not rule.strip():
            return  # an empty field: the builder keeps its choices (the field says it is empty)
        self.builder.set_recurrence(recurrence, until_default=self.start.wall().date() + timedelta(days=365))

    @Slot()
    def _on_builder_edited(self) -> None:
        self.rule_edit.setText(self.builder.recurrence().to_rule())
        self.preview_timer.start()

    @Slot(str)
    def _on_rule_edited(self, text: str) -> None:
        self._show_rule_in_builder(text)
        self.preview_timer.start()

    @Slot()
    def _on_start_edited(self) -> None:
        self.preview_timer.start()

    @Slot()
    def refresh_preview(self) -> None:
        """The rule in words and the next occurrences for what the form shows now."""
        self.preview_timer.stop()
        shown = preview(self.rule_edit.text(), self.start.wall(), self.tz, self.ctx.now(),
                        self.mode_choice.mode(), self._made_through)
        set_plain(self.words, shown.words or "—")
        set_plain(self.preview_rows, "\n".join(shown.rows) if shown.rows else "(none)")
        set_plain(self.preview_note, shown.note)
        self.preview_note.setVisible(bool(shown.note))
        field = self.form.fields["rule"]
        if shown.problem:
            set_plain(field.message, shown.problem)
            field.message.show()
        elif field.message.text() and not field.message.isHidden():
            field.message.hide()
