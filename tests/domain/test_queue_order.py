"""The queue's order: priority first (emergency on top), then the earliest due-by, none last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from dispatch_console.domain.enums import Priority
from dispatch_console.domain.queue_order import queue_key


@dataclass(frozen=True)
class Item:
    number: str
    priority: Priority
    due_by: datetime | None


def due(day: int) -> datetime:
    return datetime(2026, 12, day, 15, tzinfo=UTC)


def test_priority_comes_before_the_due_by() -> None:
    items = [
        Item("WO-1", Priority.LOW, due(1)),
        Item("WO-2", Priority.NORMAL, due(2)),
        Item("WO-3", Priority.EMERGENCY, due(9)),
        Item("WO-4", Priority.HIGH, None),
    ]
    assert [i.number for i in sorted(items, key=queue_key)] == ["WO-3", "WO-4", "WO-2", "WO-1"]


def test_within_a_priority_the_earliest_due_by_first_and_none_last_then_the_number() -> None:
    items = [
        Item("WO-5", Priority.NORMAL, None),
        Item("WO-4", Priority.NORMAL, due(3)),
        Item("WO-3", Priority.NORMAL, None),
        Item("WO-2", Priority.NORMAL, due(1)),
    ]
    assert [i.number for i in sorted(items, key=queue_key)] == ["WO-2", "WO-4", "WO-3", "WO-5"]
