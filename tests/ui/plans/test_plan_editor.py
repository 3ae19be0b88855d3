"""The plan editor driven as a dispatcher: a plan built with the recurrence builder, seen in words
and in the preview, and saved; a bad rule typed as text refused at its field with nothing
written; a weekly plan across the spring daylight-saving change staying at 08:00; an existing
plan edited, and a stale copy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import CloseoutNeed, PlanMode
from dispatch_console.services import pm_plans
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.plans.builder_widget import BEYOND
from dispatch_console.ui.plans.editor import PlanDialog
from tests.services.bundles import state


@pytest.fixture
def open_editor(qtbot: QtBot, company: ServiceContext) -> Iterator[object]:
    """Opens the editor of a new plan (None) or of a saved one, as the plans page does."""

    def opening(code: str | None = None) -> PlanDialog:
        bus = ChangeBus(company)
        ops = Operations(company, bus)
        dialog = PlanDialog(company, bus, ops, code)
        bus.setParent(dialog)
        ops.setParent(dialog)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean())
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    yield opening


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A click where a user clicks: a check box or radio button on its box, anything else mid-way."""
    widget.setFocus()
    if isinstance(widget, QCheckBox | QRadioButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Replace what a field shows by typing (select all, type over)."""
    widget.setFocus()
    if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    for i, part in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if part:
            qtbot.keyClicks(widget, part)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick ``text`` from a combo with the arrow keys, as a keyboard user does."""
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not offered"
    combo.setFocus()
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    assert combo.currentText() == text


def pick_site(qtbot: QtBot, dialog: PlanDialog, typed: str) -> None:
    chooser = dialog.site_chooser
    type_into(qtbot, chooser, typed)
    qtbot.waitUntil(chooser.list_shown)
    qtbot.keyClick(chooser, Qt.Key.Key_Down)
    qtbot.keyClick(chooser, Qt.Key.Key_Return)


def set_time(qtbot: QtBot, dialog: PlanDialog, hhmm: str) -> None:
    edit = dialog.start.at
    edit.setFocus()
    edit.setSelectedSection(QDateEdit.Section.HourSection)
    qtbot.keyClicks(edit, hhmm.replace(":", ""))


def set_day(qtbot: QtBot, dialog: PlanDialog, typed: str) -> None:
    """Type the day as the field shows it, after the weekday: e.g. "01Mar2027"."""
    edit = dialog.start.day
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(edit, typed)


def preview_rows(qtbot: QtBot, dialog: PlanDialog) -> list[str]:
    qtbot.waitUntil(lambda: not dialog.preview_timer.isActive())
    return dialog.preview_rows.text().splitlines()


def test_a_plan_is_built_as_a_user_seen_in_words_and_preview_and_saved(
    qtbot: QtBot, company: ServiceContext, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_editor()
    qtbot.keyClicks(dialog.code_edit, "PM-100")
    pick_site(qtbot, dialog, "Building")
    qtbot.keyClicks(dialog.summary_edit, "Quarterly filter change")
    type_into(qtbot, dialog.checklist_edit, "Replace filters\nCheck belts")
    type_into(qtbot, dialog.hours_edit, "1.5")
    builder = dialog.builder
    choose(qtbot, builder.frequency, "Weekly")  # first elsewhere, then back: the builder follows
    choose(qtbot, builder.frequency, "Monthly")
    type_into(qtbot, builder.interval, "3")
    choose(qtbot, builder.pattern, "on day")
    type_into(qtbot, builder.day, "1")
    set_time(qtbot, dialog, "08:00")
    click(qtbot, dialog.closeout.boxes[CloseoutNeed.SIGNATURE])
    assert dialog.rule_edit.text() == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"
    rows = preview_rows(qtbot, dialog)
    assert dialog.words.text() == "every 3 months on the 1st at 08:00"
    # The first occurrence is 1 Dec 2026 (the new plan's default day); the clock says 26 Nov 2026.
    assert rows[:4] == [
        "Tue 01 Dec 08:00",
        "Mon 01 Mar 2027 08:00",
        "Tue 01 Jun 2027 08:00  (daylight saving)",
        "Wed 01 Sep 2027 08:00  (daylight saving)",
    ]
    assert len(rows) == 10
    assert dialog.preview_note.isHidden()  # nothing in the past to make at once
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    saved = pm_plans.get_plan(company, "PM-100").spec
    assert saved.rule == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"
    assert saved.start_wall == datetime(2026, 12, 1, 8, 0)
    assert (saved.site_code, saved.summary, saved.checklist) == ("S1", "Quarterly filter change", ("Replace filters", "Check belts"))
    assert saved.estimated_hours == "1.5" and saved.closeout_needs == (CloseoutNeed.SIGNATURE,)
    assert saved.mode is PlanMode.FIXED and saved.active


def test_a_bad_rule_typed_as_text_is_said_at_the_field_and_save_writes_nothing(
    qtbot: QtBot, company: ServiceContext, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    before = state(company)
    dialog = open_editor()
    qtbot.keyClicks(dialog.code_edit, "PM-100")
    pick_site(qtbot, dialog, "Building")
    qtbot.keyClicks(dialog.summary_edit, "Daily check")
    type_into(qtbot, dialog.rule_edit, "FREQ=DAILY;INTERVAL=0")
    rows = preview_rows(qtbot, dialog)
    assert dialog.form.problem("rule") == (
        "'FREQ=DAILY;INTERVAL=0' cannot be a plan's rule: INTERVAL=0: the interval must be 1 to 1000.")
    assert rows == ["(none)"]
    assert dialog.preview_note.text() == "Nothing to preview until the rule is corrected (see the message under it)."
    assert dialog.builder.is_beyond() and dialog.builder.beyond.text() == BEYOND
    assert not dialog.builder.frequency.isEnabled()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "the interval must be 1 to 1000" in dialog.form.problem("rule")
    assert state(company) == before
    # Corrected as text, the builder reads it again.
    type_into(qtbot, dialog.rule_edit, "FREQ=DAILY;INTERVAL=2")
    preview_rows(qtbot, dialog)
    assert dialog.form.problem("rule") == ""
    assert dialog.builder.frequency.isEnabled() and dialog.builder.interval.value() == 2
    assert dialog.words.text() == "every 2 days at 08:00"


def test_a_rule_beyond_the_builder_is_described_and_previewed(
    qtbot: QtBot, company: ServiceContext, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_editor()
    type_into(qtbot, dialog.rule_edit, "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
    rows = preview_rows(qtbot, dialog)
    assert dialog.builder.is_beyond()
    assert dialog.words.text().startswith("every month on Monday, Tuesday")
    assert rows[0] == "Thu 31 Dec 08:00"  # the last weekday of December 2026


def test_a_weekly_plan_across_march_stays_at_eight_on_every_row(
    qtbot: QtBot, company: ServiceContext, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_editor()
    builder = dialog.builder
    choose(qtbot, builder.frequency, "Weekly")
    click(qtbot, builder.weekday_boxes[0])  # Monday
    set_day(qtbot, dialog, "01Mar2027")
    set_time(qtbot, dialog, "08:00")
    rows = preview_rows(qtbot, dialog)
    assert dialog.rule_edit.text() == "FREQ=WEEKLY;BYDAY=MO"
    assert dialog.words.text() == "every week on Monday at 08:00"
    assert len(rows) == 10
    assert all(" 08:00" in row for row in rows)
    # Chicago springs forward on 14 March 2027: from the 15th the offset differs from the first row.
    assert rows[:3] == ["Mon 01 Mar 2027 08:00", "Mon 08 Mar 2027 08:00", "Mon 15 Mar 2027 08:00  (daylight saving)"]
    assert all(row.endswith("(daylight saving)") for row in rows[2:])


def test_a_first_occurrence_in_the_past_says_how_many_overdue_work_orders_it_makes(
    qtbot: QtBot, company: ServiceContext, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_editor()
    set_day(qtbot, dialog, "01Jan2026")
    rows = preview_rows(qtbot, dialog)
    # Monthly on the 1st from 1 Jan 2026, now 26 Nov 2026: January to November are past.
    assert dialog.preview_note.text() == (
        "The first occurrence is in the past: 11 past occurrences would be made at once as overdue work orders.")
    assert rows[0] == "Tue 01 Dec 08:00"
    click(qtbot, dialog.mode_choice.buttons[PlanMode.AFTER_COMPLETION])
    preview_rows(qtbot, dialog)
    assert dialog.preview_note.text().startswith("After completion: each visit after the first counts")


def _saved_plan(ctx: ServiceContext) -> None:
    pm_plans.create_plan(ctx, PlanSpec(
        code="PM-7", site_code="S1", asset_code="A1", summary="RTU service", rule="FREQ=MONTHLY;BYDAY=2TU",
        start_wall=datetime(2026, 12, 8, 7, 30), required_skills=("HVAC",), preferred_tech_code="T1",
        lead_days="10", closeout_needs=(CloseoutNeed.AFTER_PHOTO,), mode=PlanMode.AFTER_COMPLETION,
    ))


def test_an_existing_plan_opens_in_the_builder_and_saves_an_edit(
    qtbot: QtBot, company: ServiceContext, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    _saved_plan(company)
    version = pm_plans.get_plan(company, "PM-7").version
    dialog = open_editor("PM-7")
    builder = dialog.builder
    assert builder.frequency.currentText() == "Monthly"
    assert (builder.pattern.currentText(), builder.nth.currentText(), builder.weekday.currentText()) == (
        "on the", "second", "Tuesday")
    assert dialog.words.text() == "every month on the second Tuesday at 07:30"
    assert dialog.tech_combo.currentData() == "T1" and dialog.lead_spin.value() == 10
    assert dialog.skills.chosen() == ("HVAC",)
    assert dialog.mode_choice.buttons[PlanMode.AFTER_COMPLETION].isChecked()
    assert dialog.closeout.boxes[CloseoutNeed.AFTER_PHOTO].isChecked()
    assert "A1" in dialog.asset_chooser.text()
    choose(qtbot, builder.nth, "last")
    choose(qtbot, builder.weekday, "Friday")
    assert dialog.rule_edit.text() == "FREQ=MONTHLY;BYDAY=-1FR"
    type_into(qtbot, dialog.summary_edit, "RTU service and coil clean")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    saved = pm_plans.get_plan(company, "PM-7")
    assert saved.version == version + 1
    assert (saved.spec.rule, saved.spec.summary) == ("FREQ=MONTHLY;BYDAY=-1FR", "RTU service and coil clean")
    assert saved.spec.preferred_tech_code == "T1" and saved.spec.closeout_needs == (CloseoutNeed.AFTER_PHOTO,)
    assert saved.spec.mode is PlanMode.AFTER_COMPLETION and saved.spec.asset_code == "A1"


def test_a_stale_copy_names_who_and_reload_keeps_what_was_typed(
    qtbot: QtBot, company: ServiceContext, other_pc: ServiceContext, clock, open_editor,  # type: ignore[no-untyped-def]
) -> None:
    _saved_plan(company)
    dialog = open_editor("PM-7")
    clock.advance(minutes=20)
    theirs = pm_plans.get_plan(other_pc, "PM-7")
    pm_plans.edit_plan(other_pc, "PM-7", replace(theirs.spec, lead_days="3"), theirs.version)
    type_into(qtbot, dialog.summary_edit, "RTU service and coil clean")
    click(qtbot, dialog.save_button)
    banner = dialog.form.banner
    assert dialog.isVisible()
    assert "changed by Olga Office at 2026-11-26 09:20" in banner.text.text()
    assert pm_plans.get_plan(company, "PM-7").spec.summary == "RTU service"  # nothing of ours written
    click(qtbot, banner.reload_button)
    assert dialog.lead_spin.value() == 3
    assert dialog.summary_edit.text() == "RTU service"
    assert "• Summary: RTU service and coil clean" in banner.text.text()
    type_into(qtbot, dialog.summary_edit, "RTU service and coil clean")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    spec = pm_plans.get_plan(company, "PM-7").spec
    assert (spec.summary, spec.lead_days) == ("RTU service and coil clean", "3")
