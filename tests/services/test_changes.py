"""Every mutation returns what it changed, the same record for this PC's and other PCs' changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dispatch_console.domain.changes import Changes
from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.services import changes as other_pcs
from dispatch_console.services import dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.seed import at


def order(ctx: ServiceContext) -> str:
    return work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Leak")
    )


def test_a_booking_names_its_booking_work_order_actor_and_action(company: ServiceContext) -> None:
    number = order(company)
    outcome = company.run(lambda: dispatch.book(company, number, "T1", at(0), at(2)))
    changes = outcome.changes
    assert outcome.value.work_order == number
    assert changes.entities == {"booking", "work_order"}
    assert changes.work_orders == {number}
    assert changes.bookings == {outcome.value.booking_id}
    assert changes.removed_bookings == frozenset()
    assert changes.actors == {"Dana Dispatcher"}
    assert changes.actions == (f"Book {number}",)
    assert changes.origins == {company.origin}


def test_an_unbooking_names_the_removed_booking(company: ServiceContext) -> None:
    number = order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    outcome = company.run(lambda: dispatch.unbook(company, booked.booking_id, expected_version=booked.version))
    assert outcome.changes.removed_bookings == {booked.booking_id}
    assert outcome.changes.bookings == frozenset()
    assert outcome.changes.work_orders == {number}


def test_a_child_record_names_its_work_order(company: ServiceContext) -> None:
    number = order(company)
    outcome = company.run(lambda: execution.add_note(company, number, "Gate code 1234"))
    assert outcome.changes.work_orders == {number}
    assert outcome.changes.touches("work_order")


def test_a_refused_operation_announces_nothing(company: ServiceContext) -> None:
    number = order(company)
    heard: list[Changes] = []
    company.subscribe(heard.append)
    with pytest.raises(RuleViolation):
        dispatch.dispatch(company, number)  # not booked: refused
    assert heard == []


def test_listeners_hear_every_commit_once(company: ServiceContext) -> None:
    heard: list[Changes] = []
    company.subscribe(heard.append)
    number = order(company)
    assert len(heard) == 1 and heard[0].work_orders == {number}


def test_another_pc_sees_the_same_record_from_the_audit_log(company: ServiceContext) -> None:
    mine = ServiceContext(db=company.db, actor="Olga Office", clock=company.clock)
    cursor = other_pcs.start_cursor(mine)
    number = order(company)
    booked = company.run(lambda: dispatch.book(company, number, "T1", at(0), at(2)))
    cursor, seen = other_pcs.changes_since(mine, cursor)
    assert seen.entities >= {"booking", "work_order"}
    assert seen.work_orders == {number}
    assert seen.bookings == booked.changes.bookings
    assert seen.actors == {"Dana Dispatcher"}
    # Their unbooking reaches us as a removal; our own changes are never "another PC's".
    dispatch.unbook(company, booked.value.booking_id, expected_version=booked.value.version)
    cursor, seen = other_pcs.changes_since(mine, cursor)
    assert seen.removed_bookings == booked.changes.bookings
    order(mine)
    _cursor, seen = other_pcs.changes_since(mine, cursor)
    assert seen == Changes()


def test_stamps_and_audit_take_the_context_clock(company: ServiceContext) -> None:
    company.clock.now = datetime(2031, 3, 9, 8, 30, tzinfo=UTC)  # type: ignore[attr-defined]
    number = order(company)
    with company.read() as uow:
        wo = uow.work_order(number)
        assert wo.updated_at is not None and wo.updated_at.replace(tzinfo=UTC) == company.now()
        stamps = {e.at.replace(tzinfo=UTC) for e in uow.audit_of("work_order", wo.id)}
    assert stamps == {company.now()}


def test_merging_keeps_removals_over_changes() -> None:
    merged = Changes(frozenset({"booking"}), bookings=frozenset({1, 2})) | Changes(
        frozenset({"booking"}), removed_bookings=frozenset({2})
    )
    assert merged.bookings == {1} and merged.removed_bookings == {2}
    assert merged.only("booking") and not merged.only("work_order")
    assert not Changes()
    assert m.Booking.__tablename__ == "booking"
