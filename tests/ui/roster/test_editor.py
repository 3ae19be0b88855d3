"""The technician editor, typed into and clicked as a dispatcher does: new and edited technicians,
refusals at their fields with nothing written, and a stale copy reloaded without losing typing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from dispatch_console.domain.technicians import Certification, TechnicianSpec
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.ui.roster.page import RosterPage
from dispatch_console.ui.roster.technician_dialog import TechnicianDialog
from tests.services.roster_helpers import state
from tests.ui.roster.driving import click, open_editor, retype


def fill_new(qtbot: QtBot, dialog: TechnicianDialog) -> None:
    retype(qtbot, dialog.code_edit, "T3")
    retype(qtbot, dialog.name_edit, "Cleo Park")
    retype(qtbot, dialog.phone_edit, "+1 214 555 0199")
    retype(qtbot, dialog.email_edit, "cleo@example.com")
    retype(qtbot, dialog.rate_edit, "88.50")
    retype(qtbot, dialog.shift_start_edit, "07:00")
    retype(qtbot, dialog.shift_end_edit, "15:30")


def test_a_new_technician_is_typed_in_with_skills_and_a_certification_date(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    dialog = open_editor(qtbot, page, None)
    fill_new(qtbot, dialog)
    click(qtbot, dialog.workdays.boxes["Sat"])
    retype(qtbot, dialog.lat_edit, "32.7")
    retype(qtbot, dialog.lon_edit, "-96.9")
    skills = dialog.skills
    skills.choice.setCurrentIndex(skills.choice.findData("HVAC"))
    click(qtbot, skills.add_button)
    retype(qtbot, skills.until_edit("HVAC"), "2026-12-15")
    # Expires within 30 days of today (Mon 30 Nov): marked at once, by the one rule.
    assert skills.mark("HVAC") == "expires soon"
    # A skill the company does not have yet, created from the editor.
    click(qtbot, skills.new_button)
    new_skill = dialog.skill_dialog
    assert new_skill is not None
    qtbot.waitExposed(new_skill)
    retype(qtbot, new_skill.code_edit, "BOILER")
    retype(qtbot, new_skill.name_edit, "Boiler service")
    click(qtbot, new_skill.save_button)
    qtbot.waitUntil(lambda: "BOILER" in skills.codes())

    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)

    saved = roster.technician(company, "T3").spec
    assert saved.name == "Cleo Park"
    assert saved.phone == "+1 214 555 0199"
    assert saved.hourly_rate == Decimal("88.50")
    assert (saved.shift_start, saved.shift_end) == (time(7), time(15, 30))
    assert saved.workdays == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
    assert (saved.home_lat, saved.home_lon) == (32.7, -96.9)
    assert saved.skills == (Certification("BOILER", None), Certification("HVAC", date(2026, 12, 15)))
    assert page.selected_code() == "T3"
    assert [r.code for r in page.rows()] == ["T1", "T2", "T3"]


def test_an_edit_changes_rate_skills_and_dates(qtbot: QtBot, page: RosterPage, company: ServiceContext) -> None:
    dialog = open_editor(qtbot, page, "T1")
    assert dialog.name_edit.text() == "Ana Reyes"
    assert dialog.rate_edit.text() == "85.00"
    retype(qtbot, dialog.rate_edit, "90")
    click(qtbot, dialog.skills._rows["HVAC"][3])  # Remove
    skills = dialog.skills
    skills.choice.setCurrentIndex(skills.choice.findData("ELEC"))
    click(qtbot, skills.add_button)
    retype(qtbot, skills.until_edit("ELEC"), "2027-03-31")
    click(qtbot, dialog.workdays.boxes["Fri"])
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)

    saved = roster.technician(company, "T1").spec
    assert saved.hourly_rate == Decimal("90")
    assert saved.skills == (Certification("ELEC", date(2027, 3, 31)),)
    assert saved.workdays == ("Mon", "Tue", "Wed", "Thu")
    row = page.row("T1")
    assert row is not None and [s.code for s in row.skills] == ["ELEC"]


CASES: dict[str, tuple[Callable[[QtBot, TechnicianDialog], None], str, str]] = {
    "missing name": (lambda bot, d: retype(bot, d.name_edit, ""), "name", "name is empty"),
    "rate not a number": (lambda bot, d: retype(bot, d.rate_edit, "eighty"), "hourly_rate", "not a decimal"),
    "negative rate": (lambda bot, d: retype(bot, d.rate_edit, "-5"), "hourly_rate", "negative"),
    "shift ends before it starts": (
        lambda bot, d: retype(bot, d.shift_end_edit, "06:30"), "shift_end", "not after its start"
    ),
    "no workday": (
        lambda bot, d: [click(bot, d.workdays.boxes[day]) for day in ("Mon", "Tue", "Wed", "Thu", "Fri")],
        "workdays", "no workday",
    ),
    "certification date not a date": (
        lambda bot, d: (
            d.skills.choice.setCurrentIndex(d.skills.choice.findData("HVAC")),
            click(bot, d.skills.add_button),
            retype(bot, d.skills.until_edit("HVAC"), "31/12/2026"),
        ),
        "skills", "not a date for hvac",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refused_new_technician_says_why_at_the_field_and_writes_nothing(
    qtbot: QtBot, page: RosterPage, company: ServiceContext, case: str
) -> None:
    spoil, field, words = CASES[case]
    before = state(company)
    dialog = open_editor(qtbot, page, None)
    fill_new(qtbot, dialog)
    spoil(qtbot, dialog)
    click(qtbot, dialog.save_button)

    assert words in dialog.form.problem(field).lower()
    assert dialog.isVisible() and page.dialog is dialog
    assert state(company) == before
    # Typing in the field takes its message away.
    widget = dialog.form.fields[field].widget
    if field in ("name", "hourly_rate", "shift_end"):
        qtbot.keyClicks(widget, "1")
        assert dialog.form.problem(field) == ""


def test_a_refusal_by_the_service_shows_at_the_field_too(qtbot: QtBot, page: RosterPage, company: ServiceContext) -> None:
    before = state(company)
    dialog = open_editor(qtbot, page, None)
    fill_new(qtbot, dialog)
    retype(qtbot, dialog.code_edit, "T1")  # Ana's
    click(qtbot, dialog.save_button)
    assert "already the code of Ana Reyes" in dialog.form.problem("code")
    assert state(company) == before


def test_a_stale_edit_names_who_saved_first_and_reload_keeps_what_was_typed(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    dialog = open_editor(qtbot, page, "T1")
    # Meanwhile, on another PC, Sam changes Ana's phone.
    other = ServiceContext(db=company.db, actor="Sam Scheduler", clock=company.clock, origin="other-pc")
    spec = roster.technician(other, "T1").spec
    roster.edit_technician(other, "T1", TechnicianSpec(**{**spec.__dict__, "phone": "555 0100"}), None)
    before = state(company)

    retype(qtbot, dialog.rate_edit, "99.00")
    click(qtbot, dialog.save_button)

    banner = dialog.form.banner
    assert banner.isVisible()
    assert "Sam Scheduler" in banner.text.text()
    assert banner.reload_button.isVisible()
    assert state(company) == before  # nothing of ours written
    click(qtbot, banner.reload_button)
    assert dialog.phone_edit.text() == "555 0100"  # their change
    assert dialog.rate_edit.text() == "85.00"
    assert "Hourly rate: 99.00" in banner.text.text()  # what we typed, to enter again
    # Typed again, it saves over their version.
    retype(qtbot, dialog.rate_edit, "99.00")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    saved = roster.technician(company, "T1").spec
    assert (saved.phone, saved.hourly_rate) == ("555 0100", Decimal("99.00"))
