"""The queue's priority and due columns show their words whole: the queue is sorted by them, and
"Emerg…" or "overdue 4 d …" hides how urgent a job is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from dispatch_console.domain.enums import Priority
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.page import BoardPage
from dispatch_console.ui.board.queue import DUE, PRIORITY
from tests.ui.board.driving import at, new_order


def test_an_emergency_long_overdue_reads_whole_in_the_queue(
    company: ServiceContext, make_page: Callable[..., BoardPage]
) -> None:
    # The clock is at at(-1): one is due 15 d 23 h ago, one 15 h 54 min ago.
    new_order(company, "No heat", priority=Priority.EMERGENCY, due_by=at(-1 - (15 * 24 + 23)))
    new_order(company, "Leak", priority=Priority.HIGH, due_by=at(-1 - 15) - timedelta(minutes=54))
    page = make_page()
    view = page.queue_view
    model = view.model()
    shown = [(model.index(r, PRIORITY).data(), model.index(r, DUE).data()) for r in range(model.rowCount())]
    assert ("Emergency", "overdue 15 d 23 h") in shown
    assert ("High", "overdue 15 h 54 min") in shown
    # The width Qt's own cell painting needs for every row's text, against the column's.
    for column in (PRIORITY, DUE):
        assert view.sizeHintForColumn(column) <= view.columnWidth(column), (
            f"{shown} elided in a column {view.columnWidth(column)} wide"
        )
