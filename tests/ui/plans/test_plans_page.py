"""The Plans page: the list with next due, mode, rule in words and record; "Generate now" making
the due visit and the history listing it; pausing a plan so it makes nothing; the filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dispatch_console.domain.enums import PlanMode
from dispatch_console.services import pm_generation
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import create_plan, get_plan, set_active
from dispatch_console.storage import models as m
from dispatch_console.ui.plans.table_model import Column, VisitColumn
from tests.ui.board.driving import answer_dialog
from tests.ui.plans.page_driving import click, click_cell, click_plan, make_page, plan

# The clock: Thursday 26 Nov 2026, 09:00 in Chicago; the plans' first visit is Tue 1 Dec at 08:00.


def made(ctx: ServiceContext) -> int:
    with ctx.read() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(m.WorkOrder).where(m.WorkOrder.pm_plan_id.is_not(None))) or 0)


def test_the_list_shows_a_plan_created_by_the_service(qtbot: QtBot, company: ServiceContext) -> None:
    create_plan(company, plan())
    create_plan(company, plan("PM-2", summary="Quarterly boiler check", asset_code="A1",
                              rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION))
    page = make_page(qtbot, company)
    assert [r.code for r in page.rows()] == ["PM-1", "PM-2"]
    assert page.cell("PM-1", Column.SUMMARY) == "Monthly RTU service"
    assert page.cell("PM-1", Column.WHERE) == "Building A"
    assert page.cell("PM-2", Column.WHERE) == "Building A / RTU 1"
    assert page.cell("PM-1", Column.MODE) == "Fixed calendar"
    assert page.cell("PM-2", Column.MODE) == "After completion"
    assert page.cell("PM-2", Column.RULE) == "every 3 months on the 1st at 08:00"
    assert page.cell("PM-1", Column.NEXT_DUE) == "Tue 01 Dec 08:00"
    assert page.cell("PM-1", Column.LAST_GENERATED) == "none yet"
    assert page.cell("PM-1", Column.RECORD) == "0 made"
    assert page.cell("PM-1", Column.STATUS) == "Active"
    assert page.count_label.text() == "2 plans"
    # A plan made while the page is open appears by itself (the bus).
    create_plan(company, plan("PM-3", summary="Fire panel inspection"))
    qtbot.waitUntil(lambda: page.row("PM-3") is not None)
    # The filter keeps the plans holding every word typed.
    qtbot.keyClicks(page.search_edit, "boiler")
    assert [r.code for r in page.rows()] == ["PM-2"]
    assert page.count_label.text() == "1 of 3 plans"


def test_generate_now_makes_the_due_visit_and_the_history_lists_it(qtbot: QtBot, company: ServiceContext) -> None:
    create_plan(company, plan())
    page = make_page(qtbot, company)
    click_plan(qtbot, page, "PM-1")
    assert page.history() == []
    assert "PM-1 has made no work orders yet" in page.history_empty.findChild(QLabel).text()

    click(qtbot, page.generate_button)
    assert page.message_label.isVisible()
    assert page.message_label.text() == "Created 1 work order from 1 plan."
    assert made(company) == 1
    # The history of the chosen plan lists it, and the row counts it.
    (visit,) = page.history()
    history = page.history_table.model()
    assert history.index(0, VisitColumn.OCCURRENCE).data() == "Tue 01 Dec 2026 08:00"
    assert history.index(0, VisitColumn.STATUS).data() == "Open"
    assert history.index(0, VisitColumn.ON_TIME).data() == "not done yet"
    assert page.cell("PM-1", Column.RECORD) == "1 made"
    assert page.cell("PM-1", Column.LAST_GENERATED) == "Tue 01 Dec 08:00"
    assert page.cell("PM-1", Column.NEXT_DUE) == "Fri 01 Jan 2027 08:00"
    # Double-clicking the work order asks the window to open it.
    with qtbot.waitSignal(page.open_work_order) as opened:
        click_cell(qtbot, page.history_table, 0, VisitColumn.NUMBER, double=True)
    assert opened.args == [visit.number]

    # Again: nothing more is due.
    click(qtbot, page.generate_button)
    assert page.message_label.text() == "Nothing was due by 2026-11-26: no work order created."
    assert made(company) == 1


def test_a_paused_plan_says_so_and_makes_nothing(qtbot: QtBot, company: ServiceContext) -> None:
    create_plan(company, plan())
    page = make_page(qtbot, company)
    click_plan(qtbot, page, "PM-1")
    assert page.pause_button.text() == "Pause"
    click(qtbot, page.pause_button)
    assert page.cell("PM-1", Column.STATUS) == "Paused"
    assert page.cell("PM-1", Column.NEXT_DUE) == "paused"
    assert page.count_label.text() == "1 plan · 1 paused"
    assert page.message_label.text() == "Plan PM-1 paused: it makes no work orders until resumed."
    assert not get_plan(company, "PM-1").spec.active
    assert page.pause_button.text() == "Resume"

    click(qtbot, page.generate_button)
    assert page.message_label.text().startswith("Nothing was due")
    assert made(company) == 0

    click(qtbot, page.pause_button)
    assert page.cell("PM-1", Column.STATUS) == "Active"
    click(qtbot, page.generate_button)
    assert made(company) == 1


def test_pausing_a_plan_changed_on_another_pc_is_refused_and_changes_nothing(
    qtbot: QtBot, company: ServiceContext, other_pc: ServiceContext
) -> None:
    create_plan(company, plan())
    page = make_page(qtbot, company)
    click_plan(qtbot, page, "PM-1")
    # Another dispatcher pauses it first; this page still holds the old copy.
    set_active(other_pc, "PM-1", False, get_plan(other_pc, "PM-1").version)
    refusals: list[str] = []
    page.operations.refused.connect(refusals.append)
    answer_dialog("Reload")
    click(qtbot, page.pause_button)
    assert refusals and "Olga Office" in refusals[0]
    # The page now shows the other PC's pause, and nothing else was written.
    qtbot.waitUntil(lambda: page.cell("PM-1", Column.STATUS) == "Paused")
    assert made(company) == 0


def test_generation_for_a_plan_whose_occurrence_came_meanwhile(qtbot: QtBot, company: ServiceContext, clock) -> None:  # type: ignore[no-untyped-def]
    create_plan(company, plan(lead_days="0"))
    page = make_page(qtbot, company)
    click(qtbot, page.generate_button)
    assert made(company) == 0
    clock.advance(days=5)  # Tue 1 Dec, 09:00 Chicago: the visit is due today
    click(qtbot, page.generate_button)
    assert page.message_label.text() == "Created 1 work order from 1 plan."
    click_plan(qtbot, page, "PM-1")
    assert len(page.history()) == 1


def test_edit_opens_the_plan_editor(qtbot: QtBot, company: ServiceContext) -> None:
    editor = pytest.importorskip("dispatch_console.ui.plans.editor")
    create_plan(company, plan())
    page = make_page(qtbot, company)
    click_plan(qtbot, page, "PM-1")
    with qtbot.waitSignal(page.editor_opened) as opened:
        click(qtbot, page.edit_button)
    dialog = opened.args[0]
    assert isinstance(dialog, editor.PlanDialog)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean() if hasattr(d, "form") else None)
    dialog.reject()
    qtbot.waitUntil(lambda: page.dialog is None)


def test_enter_on_a_row_edits_it_too(qtbot: QtBot, company: ServiceContext) -> None:
    pytest.importorskip("dispatch_console.ui.plans.editor")
    create_plan(company, plan())
    page = make_page(qtbot, company)
    click_plan(qtbot, page, "PM-1")
    with qtbot.waitSignal(page.editor_opened) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean() if hasattr(d, "form") else None)
    dialog.reject()


def test_the_scheduler_s_run_shows_without_a_click(qtbot: QtBot, company: ServiceContext) -> None:
    create_plan(company, plan())
    page = make_page(qtbot, company)
    pm_generation.generate(company)  # the hourly run on this console
    qtbot.waitUntil(lambda: page.cell("PM-1", Column.RECORD) == "1 made")


def test_an_after_completion_plan_waits_for_its_open_visit(qtbot: QtBot, company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION))
    page = make_page(qtbot, company)
    assert page.cell("PM-1", Column.NEXT_DUE) == "Tue 01 Dec 08:00"
    click(qtbot, page.generate_button)
    assert page.cell("PM-1", Column.NEXT_DUE) == "when the last visit is done"
    assert page.cell("PM-1", Column.RECORD) == "1 made"
