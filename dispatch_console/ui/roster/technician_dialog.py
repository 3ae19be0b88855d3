"""The technician editor: contact, pay, shift and workdays, home, active, and skills with their
certification dates (marked as the roster marks them).

A ``RecordDialog``: problems show under their fields, a stale copy names who saved first and
offers *Reload* keeping what was typed, and unsaved typing is never lost on close.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.certifications import skill_state
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.money import parse_decimal
from dispatch_console.domain.technicians import Certification, TechnicianSpec, field_problems
from dispatch_console.domain.workdays import DEFAULT_WORKDAYS, WEEKDAYS
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.services.roster.technicians import SkillInfo, TechnicianRecord
from dispatch_console.ui.fitting import keep_on_screen, natural_size, scrolling
from dispatch_console.ui.formatting import format_decimal, sentence
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, tooltip
from dispatch_console.ui.roster.activation import deactivation_question
from dispatch_console.ui.roster.marks import mark_color
from dispatch_console.ui.widgets import hint

_TIME = re.compile(r"\s*(\d{1,2})[:.](\d{2})\s*")


def parse_time(text: str) -> time | None:
    """``08:00`` or ``8.30`` as a time of day; None when it is not one."""
    match = _TIME.fullmatch(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def parse_day(text: str) -> date | None:
    """``2027-06-30`` as a date; None when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


class WorkdaysPicker(QWidget):
    """A check box per day of the week.

    Signals:
        edited: a day was ticked or unticked.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.boxes: dict[str, QCheckBox] = {}
        for day in WEEKDAYS:
            box = QCheckBox(day)
            box.setObjectName(f"workday_{day}")
            box.toggled.connect(self.edited)
            self.boxes[day] = box
            row.addWidget(box)
        row.addStretch(1)

    def days(self) -> tuple[str, ...]:
        return tuple(day for day, box in self.boxes.items() if box.isChecked())

    def set_days(self, days: tuple[str, ...]) -> None:
        for day, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(day in days)
            box.blockSignals(False)

    def form_value(self) -> str:
        return ", ".join(self.days()) or "none"


class SkillsEditor(QWidget):
    """The technician's skills, each with the date its certification runs to (empty: no expiry)
    and its mark, judged on ``today`` by the one certification rule; add, remove, or create a skill.

    Signals:
        edited: a skill was added or removed, or a date typed.
        new_skill_requested: the dispatcher asked to add a skill to the catalogue.
    """

    edited = Signal()
    new_skill_requested = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.catalogue: list[SkillInfo] = []
        self._rows: dict[str, tuple[QLabel, QLineEdit, QLabel, QPushButton]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setColumnStretch(2, 1)
        outer.addLayout(self.grid)
        self.empty = hint("No skills yet: add the ones the technician is qualified for.")
        outer.addWidget(self.empty)
        adding = QHBoxLayout()
        self.choice = QComboBox()
        self.choice.setObjectName("skillChoice")
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_button = QPushButton("Add skill")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.new_button = QPushButton("New skill…")
        self.new_button.setToolTip("Add a skill to the company's list of skills, and to this technician")
        self.new_button.clicked.connect(self.new_skill_requested)
        adding.addWidget(self.choice, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.new_button)
        outer.addLayout(adding)
        outer.addWidget(hint("Certified until: a date such as 2027-06-30, or empty for no expiry."))

    # -- values -----------------------------------------------------------------------------------
    def set_catalogue(self, skills: list[SkillInfo]) -> None:
        self.catalogue = list(skills)
        self._update_choice()

    def set_certifications(self, certifications: tuple[Certification, ...]) -> None:
        for code in list(self._rows):
            self._remove_row(code)
        for cert in certifications:
            self._add_row(cert.skill_code, cert.certified_until.isoformat() if cert.certified_until else "")
        self._update_choice()

    def codes(self) -> list[str]:
        return list(self._rows)

    def until_edit(self, code: str) -> QLineEdit:
        return self._rows[code][1]

    def mark(self, code: str) -> str:
        """The mark shown beside ``code`` ("" when none)."""
        return self._rows[code][2].text()

    def certifications(self) -> tuple[tuple[Certification, ...], str | None]:
        """The skills as typed, and what is wrong with a date typed (None: nothing)."""
        found = []
        for code, (_name, edit, _mark, _remove) in self._rows.items():
            text = edit.text().strip()
            until = parse_day(text) if text else None
            if text and until is None:
                return (), f"'{text[:20]}' is not a date for {code}; write it as 2027-06-30, or leave it empty for no expiry"
            found.append(Certification(code, until))
        return tuple(found), None

    def form_value(self) -> str:
        return "; ".join(
            f"{code} until {edit.text().strip() or 'no expiry'}" for code, (_n, edit, _m, _r) in self._rows.items()
        ) or "none"

    def add_skill(self, code: str) -> None:
        """Hold ``code`` too (no expiry until a date is typed)."""
        if code in self._rows:
            return
        self._add_row(code, "")
        self._update_choice()
        self._rows[code][1].setFocus()
        self.edited.emit()

    def remove_skill(self, code: str) -> None:
        self._remove_row(code)
        self._update_choice()
        self.edited.emit()

    # -- rows -------------------------------------------------------------------------------------
    def _name_of(self, code: str) -> str:
        return next((f"{s.code} — {s.name}" for s in self.catalogue if s.code == code), code)

    def _add_row(self, code: str, until: str) -> None:
        row = self.grid.rowCount()
        name = plain_label(self._name_of(code))
        edit = QLineEdit(until)
        edit.setObjectName(f"until_{code}")
        edit.setPlaceholderText("no expiry")
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0000-00-00") + 30)
        edit.setToolTip(f"The last day {code} is certified (YYYY-MM-DD); empty: it does not expire")
        mark = QLabel()
        mark.setObjectName(f"mark_{code}")
        remove = QPushButton("Remove")
        remove.setObjectName(f"remove_{code}")
        remove.setToolTip(f"{code} is no longer one of the technician's skills")
        remove.clicked.connect(lambda *_a, code=code: self.remove_skill(code))
        edit.textEdited.connect(lambda *_a, code=code: self._on_until_edited(code))
        for column, widget in enumerate((name, edit, mark, remove)):
            self.grid.addWidget(widget, row, column)
        self._rows[code] = (name, edit, mark, remove)
        self._show_mark(code)
        self.empty.setVisible(False)

    def _remove_row(self, code: str) -> None:
        for widget in self._rows.pop(code):
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.empty.setVisible(not self._rows)

    def _show_mark(self, code: str) -> None:
        _name, edit, mark, _remove = self._rows[code]
        text = edit.text().strip()
        until = parse_day(text) if text else None
        if text and until is None:
            mark.setText("")
            return
        state = skill_state(code, until, self.today)
        color = mark_color(state)
        words = {"expired": "expired", "expiring": "expires soon"}.get(state.state.value, "")
        mark.setText(words)
        mark.setToolTip(tooltip(state.text))
        mark.setStyleSheet(f"QLabel {{ color: {color.name()}; font-weight: bold; }}" if color else "")

    def _update_choice(self) -> None:
        self.choice.clear()
        for skill in self.catalogue:
            if skill.code not in self._rows:
                self.choice.addItem(f"{skill.code} — {skill.name}", skill.code)
        has_more = self.choice.count() > 0
        self.choice.setEnabled(has_more)
        self.add_button.setEnabled(has_more)
        if not has_more:
            self.choice.addItem("every skill is added")

    @Slot()
    def _on_add_button_clicked(self) -> None:
        code = self.choice.currentData()
        if code:
            self.add_skill(str(code))

    def _on_until_edited(self, code: str) -> None:
        self._show_mark(code)
        self.edited.emit()


class NewSkillDialog(RecordDialog):
    """Adds a skill to the company's catalogue (code and name)."""

    def __init__(self, ctx: ServiceContext, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__("New skill", operations, parent)
        self.ctx = ctx
        self.setObjectName("newSkill")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("e.g. BOILER")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Boiler service")
        self.form.add("code", "&Code:", self.code_edit)
        self.form.add("name", "&Name:", self.name_edit)
        self.load()
        keep_on_screen(self, natural_size(self).expandedTo(QSize(380, 0)))

    def load(self) -> None:
        self.form.mark_clean()

    def save_op(self) -> Op[SkillInfo]:
        code, name = self.code_edit.text(), self.name_edit.text()
        return Op(f"Add skill {code.strip()}", lambda _confirm: roster.create_skill(self.ctx, code, name))


class TechnicianDialog(RecordDialog):
    """Creates a technician (``code`` None) or edits the technician ``code``.

    ``saved`` is the ``TechnicianRecord`` once saved.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        operations: Operations,
        code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New technician" if code is None else f"Technician {code}", operations, parent)
        self.setObjectName("technicianDialog")
        self.ctx = ctx
        self.code = code
        self.version: int | None = None
        self.was_active = True
        self.skill_dialog: NewSkillDialog | None = None
        self._build()
        # Tall content scrolls on a short screen (a laptop at 200 %) instead of hiding the buttons.
        layout = self.layout()
        layout.removeWidget(self.form)
        self.scroller = scrolling(self.form)
        layout.insertWidget(0, self.scroller, 1)
        self.load()
        # All of the form when the screen has room (it scrolls when not).
        tall = self.form.sizeHint().height() + self.buttons.sizeHint().height() + 90
        keep_on_screen(self, natural_size(self).expandedTo(QSize(620, tall)))

    def _build(self) -> None:
        form = self.form
        form.add_section("Contact")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("a short unique code, e.g. T7")
        self.name_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()
        form.add("code", "C&ode:", self.code_edit)
        form.add("name", "&Name:", self.name_edit)
        form.add("phone", "&Phone:", self.phone_edit)
        form.add("email", "E-&mail:", self.email_edit)
        form.add_section("Pay and hours")
        self.rate_edit = QLineEdit()
        self.rate_edit.setPlaceholderText("e.g. 85.00")
        self.rate_edit.setMaximumWidth(160)
        form.add("hourly_rate", "Hourly &rate:", self.rate_edit)
        self.shift_start_edit = QLineEdit()
        self.shift_end_edit = QLineEdit()
        for edit in (self.shift_start_edit, self.shift_end_edit):
            edit.setPlaceholderText("08:00")
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00:00") + 40)
        form.add("shift_start", "Shift &starts:", self.shift_start_edit)
        form.add("shift_end", "Shift &ends:", self.shift_end_edit)
        self.workdays = WorkdaysPicker()
        form.add("workdays", "&Workdays:", self.workdays)
        form.add_section("Home and status")
        self.lat_edit = QLineEdit()
        self.lat_edit.setPlaceholderText("e.g. 32.78")
        self.lon_edit = QLineEdit()
        self.lon_edit.setPlaceholderText("e.g. -96.80")
        for edit in (self.lat_edit, self.lon_edit):
            edit.setMaximumWidth(160)
        form.add("home_lat", "Home &latitude:", self.lat_edit)
        form.add("home_lon", "Home lon&gitude:", self.lon_edit)
        self.active_box = QCheckBox("On the schedule (the board offers this technician)")
        form.add("active", "&Active:", self.active_box)
        form.add_section("Skills and certifications")
        self.skills = SkillsEditor(roster.today(self.ctx))
        self.skills.new_skill_requested.connect(self._on_skills_new_skill_requested)
        form.add("skills", "S&kills:", self.skills)

    # -- RecordDialog -----------------------------------------------------------------------------
    def load(self) -> None:
        self.skills.set_catalogue(roster.list_skills(self.ctx))
        if self.code is None:
            spec = TechnicianSpec(code="", name="", hourly_rate=None, workdays=DEFAULT_WORKDAYS)
            self.version = None
        else:
            record = roster.technician(self.ctx, self.code)
            spec = record.spec
            self.version = record.version
            self.setWindowTitle(f"Technician {spec.name}")
        self.was_active = spec.active if self.code is not None else True
        self.code_edit.setText(spec.code)
        self.name_edit.setText(spec.name)
        self.phone_edit.setText(spec.phone)
        self.email_edit.setText(spec.email)
        self.rate_edit.setText(format_rate(spec.hourly_rate))
        self.shift_start_edit.setText(f"{spec.shift_start:%H:%M}")
        self.shift_end_edit.setText(f"{spec.shift_end:%H:%M}")
        self.workdays.set_days(spec.workdays)
        self.lat_edit.setText("" if spec.home_lat is None else f"{spec.home_lat:g}")
        self.lon_edit.setText("" if spec.home_lon is None else f"{spec.home_lon:g}")
        self.active_box.setChecked(spec.active)
        self.skills.set_certifications(spec.skills)
        self.form.mark_clean()

    def spec(self) -> tuple[TechnicianSpec, dict[str, str]]:
        """What the form shows as a technician, and what could not even be read (by field)."""
        problems: dict[str, str] = {}
        rate: Decimal | None = None
        rate_text = self.rate_edit.text().strip()
        if rate_text:
            try:
                rate = parse_decimal(rate_text, "amount per hour")
            except ValidationError as refused:
                problems["hourly_rate"] = f"{refused}, such as 85.00"
        shift_start = parse_time(self.shift_start_edit.text())
        shift_end = parse_time(self.shift_end_edit.text())
        for name, edit, value in (
            ("shift_start", self.shift_start_edit, shift_start),
            ("shift_end", self.shift_end_edit, shift_end),
        ):
            if value is None:
                problems[name] = f"'{edit.text().strip()[:20]}' is not a time of day; write it as 08:00"
        lat, lat_problem = _coordinate(self.lat_edit.text(), "latitude")
        lon, lon_problem = _coordinate(self.lon_edit.text(), "longitude")
        if lat_problem:
            problems["home_lat"] = lat_problem
        if lon_problem:
            problems["home_lon"] = lon_problem
        skills, skills_problem = self.skills.certifications()
        if skills_problem:
            problems["skills"] = skills_problem
        spec = TechnicianSpec(
            code=self.code_edit.text(),
            name=self.name_edit.text(),
            hourly_rate=rate if "hourly_rate" not in problems else Decimal(0),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            shift_start=shift_start or time(8),
            shift_end=shift_end or time(17),
            workdays=self.workdays.days(),
            home_lat=lat,
            home_lon=lon,
            active=self.active_box.isChecked(),
            skills=skills,
        )
        return spec, problems

    def save_op(self) -> Op[TechnicianRecord] | None:
        spec, unreadable = self.spec()
        if unreadable:
            # Say everything at once: what could not be read, and the rules' word on the rest.
            others = field_problems(spec)
            shift_unreadable = {"shift_start", "shift_end"} & unreadable.keys()
            problems = {
                k: v for k, v in others.items()
                if k not in unreadable and not (k == "shift_end" and shift_unreadable)
            }
            problems.update(unreadable)
            self.form.show_problems(problems)
            return None
        ctx = self.ctx
        if self.code is None:
            return Op(
                f"Add technician {spec.name.strip() or spec.code.strip()}",
                lambda _confirm: roster.create_technician(ctx, spec),
            )
        code, version = self.code, self.version
        name = spec.name.strip() or code
        run: Callable[[bool], TechnicianRecord]
        ask_first = None
        if self.was_active and not spec.active:
            ahead = roster.future_bookings(ctx, code)
            ask_first = deactivation_question(name, ahead) if ahead else None

            def run(_confirm: bool) -> TechnicianRecord:
                return roster.edit_technician(ctx, code, spec, version, move_bookings=True, seen=ahead)
        else:

            def run(_confirm: bool) -> TechnicianRecord:
                return roster.edit_technician(ctx, code, spec, version)

        return Op(f"Save {name}", run, ask_first=ask_first)

    def save(self) -> bool:
        saved = super().save()
        if saved and isinstance(self.saved, TechnicianRecord):
            self.code = self.saved.spec.code
            self.version = self.saved.version
            self.was_active = self.saved.spec.active
        return saved

    # -- a new skill ------------------------------------------------------------------------------
    @Slot()
    def _on_skills_new_skill_requested(self) -> None:
        dialog = NewSkillDialog(self.ctx, self.operations, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._on_skill_dialog_finished(dialog, result))
        self.skill_dialog = dialog
        dialog.open()

    def _on_skill_dialog_finished(self, dialog: NewSkillDialog, result: int) -> None:
        self.skill_dialog = None
        if result == QDialog.DialogCode.Accepted and isinstance(dialog.saved, SkillInfo):
            self.skills.set_catalogue([*self.skills.catalogue, dialog.saved])
            self.skills.add_skill(dialog.saved.code)
        # Not deleted (see RosterPage._on_dialog_finished): a hidden child of this editor.


def format_rate(rate: Decimal | None) -> str:
    if rate is None:
        return ""
    return f"{rate:.2f}" if rate == rate.quantize(Decimal("0.01")) else format_decimal(rate)


def _coordinate(text: str, what: str) -> tuple[float | None, str | None]:
    cleaned = text.strip()
    if not cleaned:
        return None, None
    try:
        return float(cleaned), None
    except ValueError:
        return None, sentence(f"'{cleaned[:20]}' is not a {what}; write it in degrees, such as 32.78")


