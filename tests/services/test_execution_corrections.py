"""Correcting the crew's record: a labor entry or a part used entered by mistake is removed (and
re-entered right) while the record is open, never once it is verified; each refusal says why and
writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict, NotFound, RuleViolation
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.services import billing, closeout, dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.conftest import Clock
from tests.seed import at


def under_way(ctx: ServiceContext, clock: Clock, summary: str = "No cooling") -> str:
    """A general job (closeout needs only labor) started on T1 at 0 h; the clock at 3 h."""
    number = work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.GENERAL, site_code="S1", summary=summary)
    )
    dispatch.book(ctx, number, "T1", at(0), at(2), confirm=True)  # a second job may overlap the first
    dispatch.dispatch(ctx, number)
    execution.start(ctx, number)
    clock.now = at(3)
    return number


def audit_count(ctx: ServiceContext) -> int:
    with ctx.read() as uow:
        return uow.count(m.AuditEntry)


def labor_ids(ctx: ServiceContext, number: str) -> list[int]:
    return sorted(e.id for e in work_orders.details(ctx, number).labor)


def parts_ids(ctx: ServiceContext, number: str) -> list[int]:
    return sorted(u.id for u in work_orders.details(ctx, number).parts_used)


# -- allowed --------------------------------------------------------------------------------------

def test_a_labor_entry_logged_by_mistake_is_removed_and_the_audit_log_says_who(
    company: ServiceContext, clock: Clock,
) -> None:
    number = under_way(company, clock)
    wrong = execution.log_labor(company, number, "T1", at(0), at(2.8))  # 8 h meant as 0.8 h, roughly
    kept = execution.log_labor(company, number, "T1", at(0), at(0.8))
    outcome = company.run(lambda: execution.remove_labor(company, number, wrong))
    assert labor_ids(company, number) == [kept]
    assert number in outcome.changes.work_orders  # every view showing the job hears of it
    with company.read() as uow:
        [removed] = [e for e in uow.audit_of("labor_entry", wrong) if e.change == "delete"]
    assert removed.actor == "Dana Dispatcher" and removed.action == f"Remove labor from {number}"
    assert status(company, number) == Status.IN_PROGRESS


def test_a_wrong_part_is_removed_and_the_right_one_added(company: ServiceContext, clock: Clock) -> None:
    number = under_way(company, clock)
    wrong = execution.use_part(company, number, "R410A", Decimal("25"))
    execution.remove_part_used(company, number, wrong)
    assert parts_ids(company, number) == []
    right = execution.use_part(company, number, "R410A", Decimal("2.5"))
    assert parts_ids(company, number) == [right]
    with company.read() as uow:
        # (SQLite may give the id again to the next line: its history then goes on after the delete)
        assert [e.change for e in uow.audit_of("part_used", wrong)][:2] == ["insert", "delete"]


def test_completed_work_may_lose_a_wrong_entry_while_it_keeps_another(
    company: ServiceContext, clock: Clock,
) -> None:
    number = under_way(company, clock)
    wrong = execution.log_labor(company, number, "T1", at(0), at(2.9))
    right = execution.log_labor(company, number, "T1", at(0), at(0.9))
    used = execution.use_part(company, number, "F-2020", Decimal("3"))
    execution.complete(company, number)
    execution.remove_labor(company, number, wrong)
    execution.remove_part_used(company, number, used)  # a job may use no parts at all
    assert labor_ids(company, number) == [right] and parts_ids(company, number) == []
    assert status(company, number) == Status.COMPLETED


# -- refused, with nothing written --------------------------------------------------------------

def test_the_last_labor_entry_of_completed_work_stays(company: ServiceContext, clock: Clock) -> None:
    number = under_way(company, clock)
    only = execution.log_labor(company, number, "T1", at(0), at(2.5))
    execution.complete(company, number)
    before = audit_count(company)
    with pytest.raises(RuleViolation) as refused:
        execution.remove_labor(company, number, only)
    assert str(refused.value) == (
        f"cannot remove labor from {number}: it is completed and completing needs labor, so its last "
        "labor entry stays; log the right time first, then remove this entry"
    )
    assert labor_ids(company, number) == [only] and audit_count(company) == before
    # ... which is how it is corrected: the right time first, then the wrong entry goes.
    execution.log_labor(company, number, "T1", at(0), at(0.5))
    execution.remove_labor(company, number, only)
    assert len(labor_ids(company, number)) == 1


def verified(ctx: ServiceContext, number: str) -> None:
    execution.complete(ctx, number)
    closeout.verify(ctx, number)


def invoiced(ctx: ServiceContext, number: str) -> None:
    execution.complete(ctx, number)
    billing.create_invoice(ctx, [number])


def closed(ctx: ServiceContext, number: str) -> None:
    verified(ctx, number)
    closeout.close(ctx, number, non_billable=True)


def cancelled(ctx: ServiceContext, number: str) -> None:
    closeout.cancel(ctx, number, "Customer fixed it himself")


@pytest.mark.parametrize(
    ("make", "word"),
    [(verified, "verified"), (invoiced, "invoiced"), (closed, "closed"), (cancelled, "cancelled")],
    ids=["verified", "invoiced", "closed", "cancelled"],
)
def test_once_the_record_is_verified_or_archived_nothing_is_removed(
    company: ServiceContext, clock: Clock, make: Callable[[ServiceContext, str], None], word: str,
) -> None:
    number = under_way(company, clock)
    labor = [execution.log_labor(company, number, "T1", at(0), at(1)),
             execution.log_labor(company, number, "T1", at(1), at(2))]
    used = execution.use_part(company, number, "R410A", Decimal("1"))
    make(company, number)
    before = audit_count(company)
    with pytest.raises(RuleViolation) as refused:
        execution.remove_labor(company, number, labor[0])
    assert str(refused.value) == f"cannot remove labor from {number}: it is {word}, and its labor is part of the record"
    with pytest.raises(RuleViolation) as refused:
        execution.remove_part_used(company, number, used)
    assert str(refused.value) == (
        f"cannot remove a part used from {number}: it is {word}, and the parts it used are part of the record"
    )
    assert labor_ids(company, number) == labor and parts_ids(company, number) == [used]
    assert audit_count(company) == before


def test_a_line_another_pc_removed_meanwhile_is_named_with_who_and_when(
    company: ServiceContext, clock: Clock, db,  # type: ignore[no-untyped-def]
) -> None:
    number = under_way(company, clock)
    entry = execution.log_labor(company, number, "T1", at(0), at(1))
    used = execution.use_part(company, number, "R410A", Decimal("1"))
    olga = ServiceContext(db=db, actor="Olga Office", clock=company.clock)
    execution.remove_labor(olga, number, entry)
    execution.remove_part_used(olga, number, used)
    before = audit_count(company)
    with pytest.raises(ConcurrencyConflict) as stale:
        execution.remove_labor(company, number, entry)
    assert str(stale.value).startswith(f"the labor entry was already removed from {number} by Olga Office at ")
    assert f"(Remove labor from {number})" in str(stale.value)
    with pytest.raises(ConcurrencyConflict, match="the part used was already removed .* by Olga Office"):
        execution.remove_part_used(company, number, used)
    assert audit_count(company) == before


def test_a_line_removed_and_entered_again_elsewhere_is_not_removed_in_its_place(
    company: ServiceContext, clock: Clock, db,  # type: ignore[no-untyped-def]
) -> None:
    """Olga corrects the line first (removes it, logs the right time); SQLite may give the new
    line the old one's id. Dana's removal, from her copy on screen, removes nothing."""
    number = under_way(company, clock)
    entry = execution.log_labor(company, number, "T1", at(0), at(2.8))
    seen = next(execution.labor_as_seen(e) for e in work_orders.details(company, number).labor)
    olga = ServiceContext(db=db, actor="Olga Office", clock=company.clock)
    execution.remove_labor(olga, number, entry)
    again = execution.log_labor(olga, number, "T1", at(0), at(0.8))
    with pytest.raises(ConcurrencyConflict, match="already removed .* by Olga Office"):
        execution.remove_labor(company, number, entry, as_seen=seen)
    assert labor_ids(company, number) == [again]
    used = execution.use_part(company, number, "R410A", Decimal("10"))
    part_seen = next(execution.part_used_as_seen(u) for u in work_orders.details(company, number).parts_used)
    execution.remove_part_used(olga, number, used)
    other = execution.use_part(olga, number, "R410A", Decimal("1"))
    with pytest.raises(ConcurrencyConflict, match="already removed .* by Olga Office"):
        execution.remove_part_used(company, number, used, as_seen=part_seen)
    assert parts_ids(company, number) == [other]
    # The copy on screen that is still right is removed.
    execution.remove_part_used(company, number, other, as_seen=next(
        execution.part_used_as_seen(u) for u in work_orders.details(company, number).parts_used))
    assert parts_ids(company, number) == []


def test_a_line_of_another_work_order_is_not_removed_through_this_one(
    company: ServiceContext, clock: Clock,
) -> None:
    number = under_way(company, clock)
    other = under_way(company, clock, summary="Another job")
    entry = execution.log_labor(company, other, "T1", at(0), at(1))
    used = execution.use_part(company, other, "R410A", Decimal("1"))
    with pytest.raises(NotFound, match=f"{number} has no labor entry with id {entry}"):
        execution.remove_labor(company, number, entry)
    with pytest.raises(NotFound, match=f"{number} has no part used with id {used}"):
        execution.remove_part_used(company, number, used)
    assert labor_ids(company, other) == [entry] and parts_ids(company, other) == [used]


# -- the rule itself, for the states a service cannot reach with lines on the job ---------------

@pytest.mark.parametrize("state", [Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD])
def test_the_rule_allows_removal_while_the_work_is_under_way(state: Status) -> None:
    facts = WorkOrderFacts("WO-1042", WorkOrderType.GENERAL, state, labor_count=1)
    assert lifecycle.why_not(lifecycle.check_remove_labor, facts) is None
    assert lifecycle.why_not(lifecycle.check_remove_part_used, facts) is None


def test_the_rule_refuses_before_the_work_is_dispatched() -> None:
    facts = WorkOrderFacts("WO-1042", WorkOrderType.GENERAL, Status.SCHEDULED, labor_count=1)
    assert lifecycle.why_not(lifecycle.check_remove_labor, facts) == (
        "it is scheduled, and this needs it completed or dispatched or in progress or on hold"
    )


def status(ctx: ServiceContext, number: str) -> Status:
    return Status(work_orders.details(ctx, number).status)
