"""The board's unscheduled queue scrolled to its estimated hours column (SHOTS_ONLY=board)."""

from __future__ import annotations

from collections.abc import Callable

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.queue import HOURS
from dispatch_console.ui.main_window import MainWindow


def take(window: MainWindow, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    window.show_place("board")
    queue = window.board.queue_view
    queue.scrollTo(queue.model().index(0, HOURS))
    screen_shot("board-queue-hours", window)
    queue.horizontalScrollBar().setValue(0)
    window.show_place("work_orders")


