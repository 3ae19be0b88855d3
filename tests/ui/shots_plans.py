"""Screenshots of the plan editor with the demo company: a demo plan at the top of its form and
at its recurrence (builder, rule, words, preview), a new plan started in the past, a rule beyond
the builder, and a rule no plan may have.

    SHOTS_ONLY=plans python -m tests.ui.shots /tmp/shots-plans demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QScrollArea

from dispatch_console.services import pm_plans
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.plans.editor import PlanDialog


def _at_recurrence(dialog: PlanDialog) -> None:
    area = dialog.findChild(QScrollArea)
    QApplication.processEvents()
    if area is not None:
        bar = area.verticalScrollBar()
        bar.setValue(bar.maximum())
    QApplication.processEvents()


def _typed_rule(dialog: PlanDialog, rule: str) -> None:
    dialog.rule_edit.setText(rule)
    dialog.rule_edit.textEdited.emit(rule)
    dialog.refresh_preview()


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    code = pm_plans.plan_rows(ctx)[0].code
    dialog = PlanDialog(ctx, window.bus, window.operations, code, window)
    dialog.show()
    screen_shot("plans-editor", window, dialog)
    _at_recurrence(dialog)
    screen_shot("plans-editor-recurrence", window, dialog)
    _typed_rule(dialog, "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
    _at_recurrence(dialog)
    screen_shot("plans-editor-beyond-builder", window, dialog)
    _typed_rule(dialog, "FREQ=DAILY;INTERVAL=0")
    _at_recurrence(dialog)
    screen_shot("plans-editor-bad-rule", window, dialog)
    dialog.form.mark_clean()
    dialog.close()

    new = PlanDialog(ctx, window.bus, window.operations, None, window)
    new.show()
    wall = new.start.wall()
    new.start.set_wall(wall.replace(year=wall.year - 1))
    new.refresh_preview()
    _at_recurrence(new)
    screen_shot("plans-editor-new-in-the-past", window, new)
    new.form.mark_clean()
    new.close()
