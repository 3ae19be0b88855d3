"""When a note may be added to a work order (lifecycle.check_add_note)."""

from __future__ import annotations

import pytest

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.lifecycle import WorkOrderFacts

S = Status


def facts(status: Status) -> WorkOrderFacts:
    return WorkOrderFacts("WO-1", WorkOrderType.GENERAL, status)


@pytest.mark.parametrize("status", sorted(set(Status) - {S.CLOSED, S.CANCELLED}))
def test_a_note_may_be_added_until_the_record_is_closed_or_cancelled(status: Status) -> None:
    lifecycle.check_add_note(facts(status))
    assert lifecycle.why_not(lifecycle.check_add_note, facts(status)) is None


@pytest.mark.parametrize("status", [S.CLOSED, S.CANCELLED])
def test_no_note_on_a_closed_or_cancelled_record(status: Status) -> None:
    with pytest.raises(RuleViolation) as refused:
        lifecycle.check_add_note(facts(status))
    assert str(refused.value) == f"cannot add a note to WO-1: it is {status.label}"
