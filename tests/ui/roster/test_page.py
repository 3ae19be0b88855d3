"""The roster list: certification marks judged on the company's today, the filter, and
deactivating a technician with bookings ahead (moved to the queue when confirmed, or refused
in words when started work keeps them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Status
from dispatch_console.services import dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.ui.roster.marks import EXPIRED_COLOR, EXPIRING_COLOR
from dispatch_console.ui.roster.page import RosterPage
from dispatch_console.ui.roster.table_model import SEGMENTS_ROLE, Column
from tests.seed import at
from tests.services.roster_helpers import booked, state
from tests.ui.board.driving import answer_dialog
from tests.ui.roster.driving import click, click_row, open_editor


def skills_cell(page: RosterPage, code: str) -> list[tuple[str, object]]:
    row = next(i for i, r in enumerate(page.rows()) if r.code == code)
    segments = page.proxy.index(row, Column.SKILLS).data(SEGMENTS_ROLE)
    return [(text, color.name() if color is not None else None) for text, color in segments]


def test_marks_are_judged_on_the_company_today(
    qtbot: QtBot, make_page: Callable[[], RosterPage], company: ServiceContext, clock  # type: ignore[no-untyped-def]
) -> None:
    page = make_page()  # Mon 30 Nov 2026
    assert skills_cell(page, "T1") == [("HVAC", None)]  # certified until 30 Jun 2027: nothing to mark
    assert skills_cell(page, "T2") == [("ELEC expired 31 Oct", EXPIRED_COLOR.name()), ("HVAC", None)]
    page.close()

    clock.now = datetime(2027, 6, 15, 15, 0, tzinfo=UTC)  # two weeks before Ana's runs out
    page = make_page()
    assert skills_cell(page, "T1") == [("HVAC until 30 Jun", EXPIRING_COLOR.name())]
    assert skills_cell(page, "T2") == [("ELEC expired 31 Oct 2026", EXPIRED_COLOR.name()), ("HVAC", None)]
    # The editor marks them the same way, and again as a date is typed.
    dialog = open_editor(qtbot, page, "T1")
    assert dialog.skills.mark("HVAC") == "expires soon"
    dialog.reject()
    dialog = open_editor(qtbot, page, "T2")
    assert dialog.skills.mark("ELEC") == "expired"
    assert dialog.skills.mark("HVAC") == ""


def test_the_filter_finds_by_name_phone_or_skill_and_by_active(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    qtbot.keyClicks(page.search_edit, "elec")
    assert [r.code for r in page.rows()] == ["T2"]
    assert page.count_label.text().startswith("1 of 2 technicians")
    page.search_edit.clear()
    roster.set_active(company, "T2", False, None)
    qtbot.waitUntil(lambda: page.row("T2") is not None and not page.row("T2").active)  # type: ignore[union-attr]
    page.which_combo.setCurrentText("Active")
    assert [r.code for r in page.rows()] == ["T1"]
    page.which_combo.setCurrentText("Inactive")
    assert [r.code for r in page.rows()] == ["T2"]
    # An inactive technician is activated again with one click.
    click_row(qtbot, page, "T2")
    assert page.active_button.text() == "Activate"
    click(qtbot, page.active_button)
    assert roster.technician(company, "T2").spec.active


def test_deactivating_with_bookings_ahead_lists_them_and_moves_them_to_the_queue(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    first, _ = booked(company, "T1", at(0), at(2))  # Mon 30 Nov 09:00
    second, _ = booked(company, "T1", at(24 + 1), at(24 + 3))  # Tue 01 Dec 10:00
    qtbot.waitUntil(lambda: page.row("T1") is not None and page.row("T1").week.booked_hours > 0)  # type: ignore[union-attr]
    click_row(qtbot, page, "T1")
    asked: list[str] = []
    real = page.operations.ask

    def ask(parent, title, question):  # type: ignore[no-untyped-def]
        asked.append(question)
        return real(parent, title, question)

    page.operations.ask = ask
    before = state(company)
    answer_dialog("Cancel")
    click(qtbot, page.active_button)
    assert state(company) == before  # not confirmed: nothing moved, still active
    assert f"• {first} Mon 30 Nov 09:00\n• {second} Tue 01 Dec 10:00" in asked[0]
    assert "Move these 2 bookings to the queue and deactivate?" in asked[0]

    answer_dialog("Deactivate Ana Reyes")
    click(qtbot, page.active_button)
    assert not roster.technician(company, "T1").spec.active
    for number in (first, second):
        assert Status(work_orders.details(company, number).status) is Status.OPEN  # back in the queue
    row = page.row("T1")
    assert row is not None and not row.active
    assert page.active_button.text() == "Activate"


def test_deactivation_is_refused_in_words_while_started_work_keeps_a_booking(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    number, _ = booked(company, "T1", at(0), at(2))
    dispatch.dispatch(company, number)
    execution.start(company, number)
    click_row(qtbot, page, "T1")
    before = state(company)
    click(qtbot, page.active_button)
    box = page.operations.last_refusal
    assert box is not None
    text = box.informativeText()
    assert "Cannot deactivate Ana Reyes" in text and number in text
    assert state(company) == before
    box.close()


def test_the_editor_opens_with_enter_and_deactivating_there_asks_the_same(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    number, _ = booked(company, "T1", at(0), at(2))
    click_row(qtbot, page, "T1")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean())
    click(qtbot, dialog.active_box)
    answer_dialog("Save Ana Reyes")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.dialog is None)
    assert not roster.technician(company, "T1").spec.active
    assert Status(work_orders.details(company, number).status) is Status.OPEN
