"""What may happen to bookings in each status: one definition, asked by board, services and import."""

from __future__ import annotations

import pytest

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.lifecycle import (
    WorkOrderFacts,
    is_finished,
    unbook_needs_confirmation,
    why_not_reschedule,
    why_not_unbook,
)

S = Status
FINISHED = [S.COMPLETED, S.VERIFIED, S.INVOICED, S.CLOSED, S.CANCELLED]
NOT_FINISHED = [S.OPEN, S.SCHEDULED, S.DISPATCHED, S.IN_PROGRESS, S.ON_HOLD]


def test_every_status_is_either_finished_or_not() -> None:
    assert set(FINISHED) | set(NOT_FINISHED) == set(Status)


@pytest.mark.parametrize("status", FINISHED)
def test_finished_work_including_cancelled(status: Status) -> None:
    assert is_finished(status)
    assert why_not_reschedule(status) == f"it is {status.label}, and its bookings are part of the record"


@pytest.mark.parametrize("status", NOT_FINISHED)
def test_work_not_finished_may_be_rescheduled(status: Status) -> None:
    assert not is_finished(status)
    assert why_not_reschedule(status) is None


def test_done_is_finished_work_that_was_not_cancelled() -> None:
    assert lifecycle.DONE == frozenset(FINISHED) - {S.CANCELLED}


@pytest.mark.parametrize("status", [S.OPEN, S.SCHEDULED, S.DISPATCHED])
def test_work_not_started_may_lose_its_last_booking(status: Status) -> None:
    assert why_not_unbook(status, 1) is None
    assert why_not_unbook(status, 2) is None


@pytest.mark.parametrize("status", [S.IN_PROGRESS, S.ON_HOLD])
def test_started_work_keeps_its_last_booking(status: Status) -> None:
    assert why_not_unbook(status, 2) is None
    assert why_not_unbook(status, 1) == "work has started; its last booking stays as the record of who is on it"


@pytest.mark.parametrize("status", FINISHED)
def test_finished_work_keeps_all_its_bookings(status: Status) -> None:
    assert why_not_unbook(status, 3) == why_not_reschedule(status)


def test_unbooking_asks_first_once_the_crew_knows() -> None:
    asks = {s for s in Status if unbook_needs_confirmation(s)}
    assert asks == {S.DISPATCHED, S.IN_PROGRESS, S.ON_HOLD}


def facts(status: Status, bookings: int = 1) -> WorkOrderFacts:
    return WorkOrderFacts("WO-1", WorkOrderType.GENERAL, status, booking_count=bookings)


def test_check_book_follows_why_not_reschedule() -> None:
    for status in NOT_FINISHED:
        lifecycle.check_book(facts(status))
    with pytest.raises(RuleViolation) as refused:
        lifecycle.check_book(facts(S.CANCELLED))
    assert str(refused.value) == "cannot book WO-1: it is cancelled, and its bookings are part of the record"


def test_check_unbook_follows_why_not_unbook() -> None:
    lifecycle.check_unbook(facts(S.IN_PROGRESS, bookings=2))
    with pytest.raises(RuleViolation, match="cannot unbook WO-1: work has started"):
        lifecycle.check_unbook(facts(S.ON_HOLD, bookings=1))
    with pytest.raises(RuleViolation, match="cannot unbook WO-1: it is completed"):
        lifecycle.check_unbook(facts(S.COMPLETED, bookings=2))


@pytest.mark.parametrize("status", [S.INVOICED, S.CLOSED, S.CANCELLED])
def test_archived_records_are_not_edited(status: Status) -> None:
    assert lifecycle.why_not_edit(status) == f"it is {status.label}, and archived records are not changed"


@pytest.mark.parametrize("status", [S.OPEN, S.SCHEDULED, S.DISPATCHED, S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED, S.VERIFIED])
def test_the_office_edits_what_is_not_archived(status: Status) -> None:
    assert lifecycle.why_not_edit(status) is None
