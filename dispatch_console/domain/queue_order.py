"""The order of the unscheduled queue: most urgent priority first, then the earliest due-by
(none last), then the number. The database query and the board's queue both follow it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from dispatch_console.domain.enums import PRIORITY_RANK, Priority


class Queued(Protocol):
    @property
    def priority(self) -> Priority: ...
    @property
    def due_by(self) -> datetime | None: ...
    @property
    def number(self) -> str: ...


def queue_key(item: Queued) -> tuple[int, bool, float, str]:
    """Sort key: an emergency is above high, normal and low whenever it (re)enters the queue."""
    due = item.due_by.timestamp() if item.due_by is not None else 0.0
    return (PRIORITY_RANK[item.priority], item.due_by is None, due, item.number)
