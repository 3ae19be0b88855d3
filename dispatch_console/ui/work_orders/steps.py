"""The lifecycle steps a dispatcher takes on a work order, from the list's menu or its window.

Each step is offered when the lifecycle's guard allows it and otherwise shown disabled with the
guard's reason; each runs through the window's ``Operations`` like every other action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from dispatch_console.domain import lifecycle
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.services import closeout, dispatch, execution
from dispatch_console.services import work_orders as work_order_service
from dispatch_console.ui.operations import Op, Operations


@dataclass(frozen=True)
class Step:
    """One lifecycle step: its button text, why it is not possible now (None: it is), and how.

    The text marks the step's Alt key (``&``), chosen apart from every other button the work
    order window shows beside the steps (its header, printing, each tab's buttons, and Close,
    which some desktops give Alt+C).
    """

    name: str
    text: str
    reason: str | None
    run: Callable[[], object]

    @property
    def words(self) -> str:
        """The text without its Alt key mark, for a menu among entries that have none."""
        return self.text.replace("&", "")


class WorkOrderSteps:
    """Dispatch, start, complete, verify, close (or close as non-billable) and cancel."""

    def __init__(self, operations: Operations, parent: QWidget, on_stale: Callable[[], None] | None = None) -> None:
        self.operations = operations
        self.parent = parent
        self.on_stale = on_stale
        #: How the reason for a cancellation is asked; tests may answer for the user.
        self.ask_reason: Callable[[str], str | None] = self._ask_reason

    def steps(self, facts: WorkOrderFacts) -> list[Step]:
        number = facts.number
        ctx = self.operations.ctx
        why = lifecycle.why_not
        return [
            Step("dispatch", "Dispa&tch", why(lifecycle.check_dispatch, facts),
                 lambda: self._run(f"Dispatch {number}", lambda: dispatch.dispatch(ctx, number))),
            Step("start", "Start &work", why(lifecycle.check_start, facts),
                 lambda: self._run(f"Start work on {number}", lambda: execution.start(ctx, number))),
            Step("complete", "Co&mplete", why(lifecycle.check_complete, facts),
                 lambda: self._run(f"Complete {number}", lambda: execution.complete(ctx, number))),
            Step("verify", "Veri&fy closeout", why(lifecycle.check_verify, facts),
                 lambda: self._run(f"Verify {number}", lambda: closeout.verify(ctx, number))),
            Step("close", "Close wor&k order",
                 why(lambda f: lifecycle.check_close(f, non_billable=False), facts),
                 lambda: self._run(f"Close {number}", lambda: closeout.close(ctx, number))),
            Step("close_non_billable", "Clo&se as non-billable",
                 why(lambda f: lifecycle.check_close(f, non_billable=True), facts),
                 lambda: self._run(f"Close {number} as non-billable",
                                   lambda: closeout.close(ctx, number, non_billable=True))),
            # The reason is asked when the step is taken; here only whether it is possible now.
            Step("cancel", "Canc&el…", why(lambda f: lifecycle.check_cancel(f, "asked"), facts),
                 lambda: self.cancel(number)),
        ]

    def steps_of(self, number: str) -> list[Step]:
        return self.steps(work_order_service.facts(self.operations.ctx, number))

    def add_to_menu(self, menu: QMenu, number: str) -> None:
        """Every step, enabled when allowed, else disabled with the reason beside it."""
        menu.setToolTipsVisible(True)
        for step in self.steps_of(number):
            if step.reason is None:
                menu.addAction(step.words, step.run)
            else:
                action = menu.addAction(step.words)
                action.setEnabled(False)
                action.setToolTip(step.reason)
                action.setStatusTip(step.reason)

    def cancel(self, number: str) -> bool:
        reason = self.ask_reason(number)
        if reason is None:
            return False
        ctx = self.operations.ctx
        return self._run(f"Cancel {number}", lambda: closeout.cancel(ctx, number, reason))

    def _run(self, title: str, call: Callable[[], object]) -> bool:
        op = Op(title, lambda _confirm: call(), self.parent, on_stale=self.on_stale)
        return self.operations.run(op) is not None

    def _ask_reason(self, number: str) -> str | None:
        text, ok = QInputDialog.getText(self.parent, f"Cancel {number}", "Why is it cancelled?")
        return text if ok else None
