"""The queue's Qt model and filter pass pytest-qt's model tester; its due texts read right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.services.board import QueueItem
from dispatch_console.ui.board.queue import (
    DUE,
    ITEM_ROLE,
    NUMBER,
    QueueFilter,
    QueueModel,
    due_text,
)
from dispatch_console.ui.mime import WORK_ORDER_MIME, decode_work_orders

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def item(n: int, priority: Priority = Priority.NORMAL, due_hours: float | None = 24) -> QueueItem:
    number = f"WO-{1000 + n}"
    return QueueItem(
        id=n, number=number, version=1, type=WorkOrderType.CORRECTIVE, priority=priority,
        summary=f"Job {n}", customer="Lakeside Medical", site="Building A", required_skills=("HVAC",),
        estimated_hours=Decimal("2"), due_by=NOW + timedelta(hours=due_hours) if due_hours is not None else None,
        lat=None, lon=None, search_text=f"{number} job {n} lakeside medical building a hvac".casefold(),
    )


def test_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = QueueModel(lambda: NOW)
    model.set_items([item(i, due_hours=i - 3) for i in range(40)])
    qtmodeltester.check(model)
    proxy = QueueFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_text("wo-1002")
    qtmodeltester.check(proxy)
    model.remove_number("WO-1001")
    model.add(item(99))
    qtmodeltester.check(proxy)


def test_filter_by_text_and_priority() -> None:
    model = QueueModel(lambda: NOW)
    model.set_items([item(1, Priority.HIGH), item(2), item(3, Priority.HIGH)])
    proxy = QueueFilter()
    proxy.setSourceModel(model)
    proxy.set_priority(Priority.HIGH)
    assert [proxy.data(proxy.index(r, 0), ITEM_ROLE).number for r in range(proxy.rowCount())] == ["WO-1001", "WO-1003"]
    proxy.set_text("job 3")
    assert proxy.rowCount() == 1


def test_drag_carries_the_numbers_in_the_vendor_type() -> None:
    model = QueueModel(lambda: NOW)
    model.set_items([item(1), item(2)])
    mime = model.mimeData([model.index(1, NUMBER)])
    assert decode_work_orders(bytes(mime.data(WORK_ORDER_MIME).data())) == ["WO-1002"]


def test_due_in_the_dispatchers_words() -> None:
    assert due_text(None, NOW) == ("—", False)
    assert due_text(NOW + timedelta(hours=2, minutes=30), NOW) == ("in 2 h 30 min", False)
    assert due_text(NOW + timedelta(days=2, hours=5), NOW) == ("in 2 d 5 h", False)
    assert due_text(NOW - timedelta(minutes=45), NOW) == ("overdue 45 min", True)
    model = QueueModel(lambda: NOW)
    model.set_items([item(1, due_hours=-1)])
    assert model.data(model.index(0, DUE)) == "overdue 1 h"
