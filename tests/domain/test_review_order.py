"""The review queue's order and the reviewer's starting values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dispatch_console.domain.enums import Priority, RequestSource, WorkOrderType
from dispatch_console.domain.review_order import review_key, suggested_type, summary_of

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Req:
    number: str
    priority: Priority
    received_at: datetime


def test_emergencies_first_then_the_oldest() -> None:
    rows = [
        Req("REQ-1", Priority.NORMAL, T0),
        Req("REQ-2", Priority.EMERGENCY, T0 + timedelta(hours=2)),
        Req("REQ-3", Priority.HIGH, T0 - timedelta(hours=1)),
        Req("REQ-4", Priority.EMERGENCY, T0 + timedelta(hours=1)),
        Req("REQ-5", Priority.LOW, T0 - timedelta(days=1)),
    ]
    assert [r.number for r in sorted(rows, key=review_key)] == ["REQ-4", "REQ-2", "REQ-5", "REQ-3", "REQ-1"]


def test_same_moment_in_another_zone_is_the_same_age() -> None:
    from zoneinfo import ZoneInfo

    chicago = T0.astimezone(ZoneInfo("America/Chicago"))
    a, b = Req("REQ-2", Priority.NORMAL, chicago), Req("REQ-1", Priority.NORMAL, T0)
    assert [r.number for r in sorted([a, b], key=review_key)] == ["REQ-1", "REQ-2"]


def test_suggested_type() -> None:
    assert suggested_type(Priority.EMERGENCY, RequestSource.CUSTOMER) == WorkOrderType.EMERGENCY
    assert suggested_type(Priority.NORMAL, RequestSource.RECURRING_PLAN) == WorkOrderType.PREVENTIVE
    assert suggested_type(Priority.HIGH, RequestSource.CUSTOMER) == WorkOrderType.CORRECTIVE
    # What the caller asked for comes before the default, but an emergency stays an emergency.
    asked = WorkOrderType.INSTALLATION
    assert suggested_type(Priority.NORMAL, RequestSource.PHONE, asked) == WorkOrderType.INSTALLATION
    assert suggested_type(Priority.EMERGENCY, RequestSource.PHONE, asked) == WorkOrderType.EMERGENCY


def test_summary_is_the_first_line_shortened() -> None:
    assert summary_of("\n  No heat in lobby \nsince Monday") == "No heat in lobby"
    long = summary_of("x" * 300)
    assert len(long) == 120 and long.endswith("…")
