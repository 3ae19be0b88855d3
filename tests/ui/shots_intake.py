"""Screenshots of the New request form, the Requests page, the Approve dialog and quick find,
with the demo company.

    SHOTS_ONLY=intake python -m tests.ui.shots /tmp/shots-intake demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication

from dispatch_console.domain.enums import Status
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.intake import IntakeDialog
from dispatch_console.ui.quick_find import QuickFindDialog
from dispatch_console.ui.review import ApproveDialog, ReviewPage


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    # The intake, with a customer found whose site has open work (the warning shows).
    row = next(r for r in work_orders.list_rows(ctx) if r.status == Status.OPEN)
    intake = IntakeDialog(ctx, window.operations, window)
    intake.show()
    intake.finder.search.setText(row.customer.split()[0])
    intake.finder._on_search_text_edited(intake.finder.search.text())
    screen_shot("intake-search", window, intake)
    match = next(c for c in intake.finder.found if c.name == row.customer)
    intake.finder.choose(match)
    for i in range(intake.site.count()):
        if intake.site.itemText(i).startswith(f"{row.site} ("):
            intake.site.setCurrentIndex(i)
    if intake.asset.count() > 1:
        intake.asset.setCurrentIndex(1)
    intake.problem.setPlainText("Caller says the unit is short-cycling and the office is warm.")
    screen_shot("intake", window, intake)
    intake.finder.search.clear()
    intake.finder.chosen = None
    intake.save()
    screen_shot("intake-refused", window, intake)
    intake.form.mark_clean()
    intake.close()

    page = ReviewPage(ctx, window.bus, window.operations)
    page.setWindowTitle("Requests — Dispatch Console")
    page.resize(window.size())
    page.move(window.pos())
    page.show()
    QApplication.processEvents()
    screen_shot("review", page)
    request = page.current_request()
    if request is not None:
        approve = ApproveDialog(ctx, window.operations, request, page)
        approve.show()
        screen_shot("review-approve", page, approve)
        approve.form.mark_clean()
        approve.close()
    page.close()
    page.deleteLater()

    find = QuickFindDialog(ctx, window)
    find.show()
    find.search_for(row.customer.split()[0])
    screen_shot("quick-find", window, find)
    find.search_for(row.number)
    screen_shot("quick-find-number", window, find)
    find.close()
