"""Screenshots of the Plans page (the list and a plan's work orders) and the forecast, with the demo company.

    SHOTS_ONLY=forecast python -m tests.ui.shots /tmp/shots-fc demo laptop

Nothing is generated or changed: the screens of the other areas photograph the same demo data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dispatch_console.services import pm_plans
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.plans.page import PlansPage


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    page = PlansPage(ctx, window.bus, window.operations)
    page.setWindowTitle("Plans — Dispatch Console")
    page.resize(window.size())
    page.move(window.pos())
    page.show()
    rows = pm_plans.plan_rows(ctx)
    # The plan with the longest record, so the history pane shows completed and late visits.
    if rows:
        chosen = max(rows, key=lambda r: (r.completed, r.made, r.code))
        page.show_plan(chosen.code)
    screen_shot("plans", page)

    forecast = page.show_forecast()
    screen_shot("plans-forecast", page)
    forecast.set_months(12)
    screen_shot("plans-forecast-12-months", page)
    page.close()
