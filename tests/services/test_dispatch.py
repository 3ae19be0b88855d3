"""Booking rules through the dispatch service: the shift's end, the last booking, the company zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain import timekeeping
from dispatch_console.domain.conflicts import ConflictKind
from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.timekeeping import zone
from dispatch_console.services import board, dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation
from dispatch_console.services.work_orders import WorkOrderSpec
from tests.seed import at


def new_order(ctx: ServiceContext) -> str:
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", asset_code="A1", summary="No cooling")
    return work_orders.create_work_order(ctx, spec)


def status(ctx: ServiceContext, number: str) -> Status:
    return Status(work_orders.details(ctx, number).status)


def test_a_booking_ending_at_the_shifts_end_is_fine_a_minute_later_is_not(company: ServiceContext) -> None:
    number = new_order(company)
    assert dispatch.preview_booking(company, number, "T1", at(6), at(8)) == []  # 15:00-17:00
    late = dispatch.preview_booking(company, number, "T1", at(6), at(8) + timedelta(minutes=1))
    assert [c.kind for c in late] == [ConflictKind.OUTSIDE_SHIFT]
    assert late[0].message == "outside Ana Reyes's shift 08:00–17:00"
    with pytest.raises(ConflictsNeedConfirmation):
        dispatch.book(company, number, "T1", at(6), at(8) + timedelta(minutes=1))
    assert status(company, number) == Status.OPEN


def test_a_dispatched_order_whose_last_booking_is_removed_goes_back_to_the_queue(
    company: ServiceContext,
) -> None:
    number = new_order(company)
    first = dispatch.book(company, number, "T1", at(0), at(2))
    second = dispatch.book(company, number, "T2", at(0), at(2))
    dispatch.dispatch(company, number)
    dispatch.unbook(company, first.booking_id, expected_version=first.version)
    assert status(company, number) == Status.DISPATCHED  # Ben is still sent
    dispatch.unbook(company, second.booking_id, expected_version=second.version)
    assert status(company, number) == Status.OPEN
    assert number in [row.number for row in board.load_queue(company)]
    with pytest.raises(RuleViolation, match="has no booking"):
        dispatch.dispatch(company, number)


def test_before_set_up_bookings_are_checked_in_the_zone_the_screens_show(
    company: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with company.write("no company yet") as uow:
        company_row = uow.company()
        assert company_row is not None
        uow.delete(company_row)
    monkeypatch.setattr(timekeeping, "local_zone_name", lambda: "Asia/Tokyo")
    tokyo = zone("Asia/Tokyo")
    assert company.zone() == tokyo
    monday = datetime(2026, 11, 30, tzinfo=UTC)
    assert board.load_board(company, monday, monday + timedelta(days=1)).zone == tokyo
    number = new_order(company)
    # 08:00-10:00 on Monday in Tokyo is Sunday 23:00 to Monday 01:00 in UTC.
    start = datetime(2026, 11, 30, 8, 0, tzinfo=tokyo)
    assert dispatch.preview_booking(company, number, "T1", start, start + timedelta(hours=2)) == []
    night = dispatch.preview_booking(company, number, "T1", start.replace(hour=7), start)
    assert [c.kind for c in night] == [ConflictKind.OUTSIDE_SHIFT]
