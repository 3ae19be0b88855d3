"""The order of the review queue: emergencies first, then the oldest request, then the number.

A dispatcher works the queue from the top: an emergency must never wait behind routine calls,
and among the rest whoever called first is answered first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from dispatch_console.domain.enums import Priority, RequestSource, WorkOrderType
from dispatch_console.domain.timekeeping import as_utc


class Waiting(Protocol):
    @property
    def priority(self) -> Priority: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def number(self) -> str: ...


def review_key(item: Waiting) -> tuple[bool, datetime, str]:
    """Sort key: emergencies first, then by when the request was received (oldest first)."""
    return (item.priority != Priority.EMERGENCY, as_utc(item.received_at), item.number)


#: An emergency approved from the review queue is due this many hours after approval.
EMERGENCY_DUE_HOURS = 4


def suggested_type(
    priority: Priority, source: RequestSource, requested: WorkOrderType | None = None
) -> WorkOrderType:
    """The work order type a reviewer starts from: an emergency call is emergency work, then what
    the caller asked for, a plan's visit is preventive, anything else is a repair (the reviewer
    may change it)."""
    if priority == Priority.EMERGENCY:
        return WorkOrderType.EMERGENCY
    if requested is not None:
        return requested
    if source == RequestSource.RECURRING_PLAN:
        return WorkOrderType.PREVENTIVE
    return WorkOrderType.CORRECTIVE


def summary_of(problem: str, limit: int = 120) -> str:
    """A one-line work order summary from the caller's words: their first line, shortened."""
    first = next((line.strip() for line in problem.splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
