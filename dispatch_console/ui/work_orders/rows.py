"""Facts about work order rows that several screens share (plain Python, no Qt)."""

from __future__ import annotations

import re
from datetime import datetime

from dispatch_console.domain.enums import Status
from dispatch_console.domain.lifecycle import BOOKABLE
from dispatch_console.services.work_orders import WorkOrderRow

#: Statuses in which the work is still to be done, so a passed due-by means it is late.
WORK_TO_DO = BOOKABLE
#: Lifecycle order, for sorting by status.
STATUS_ORDER = {status: i for i, status in enumerate(Status)}

_NUMBER_PARTS = re.compile(r"(\d+)")


def is_overdue(row: WorkOrderRow, now: datetime) -> bool:
    """Due-by has passed and the work is not done yet."""
    return row.due_by is not None and row.due_by < now and row.status in WORK_TO_DO


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``WO-999`` before ``WO-1001``: digits compare as numbers."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part.casefold())
        for part in _NUMBER_PARTS.split(text)
        if part
    )
