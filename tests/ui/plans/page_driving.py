"""Driving the Plans page as a user does: the page over the small company, clicks on rows and
buttons."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QTableView
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec
from dispatch_console.ui.plans.page import PlansPage
from tests.ui.pages import show_page


def plan(code: str = "PM-1", **kw: object) -> PlanSpec:
    """A monthly HVAC plan at Building A, on the 1st at 08:00, made 7 days ahead."""
    fields: dict[str, object] = dict(
        code=code, site_code="S1", summary="Monthly RTU service", rule="FREQ=MONTHLY;BYMONTHDAY=1",
        start_wall=datetime(2026, 12, 1, 8, 0), lead_days="7", required_skills=("HVAC",),
        estimated_hours="2",
    )
    fields.update(kw)
    return PlanSpec(**fields)  # type: ignore[arg-type]


def make_page(qtbot: QtBot, ctx: ServiceContext) -> PlansPage:
    """The page with the window's own bus and operations, shown at a laptop's size."""
    return show_page(qtbot, PlansPage, ctx)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_cell(qtbot: QtBot, table: QTableView, row: int, column: int, *, double: bool = False) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    center = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def click_plan(qtbot: QtBot, page: PlansPage, code: str) -> None:
    row = next(i for i, r in enumerate(page.rows()) if r.code == code)
    click_cell(qtbot, page.table, row, 0)
