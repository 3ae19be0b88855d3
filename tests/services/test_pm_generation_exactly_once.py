"""Exactly once, with real processes: two PCs running generation at the same moment make each
occurrence's work order once. The database guarantees it (unique key, insert-or-ignore), so a
PC that got past the lock could not make a duplicate either."""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from dispatch_console.services import pm_generation
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec, create_plan
from dispatch_console.storage import models as m
from dispatch_console.storage import plan_store
from tests.processes import run_at_once

#: One PC: waits for the starting signal, then generates and prints how many it created.
PC = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, date, datetime
    from dispatch_console.services import pm_generation
    from dispatch_console.services.context import ServiceContext
    from dispatch_console.storage.database import Database
    from tests.processes import wait_for_start

    go, ready, url = sys.argv[1:4]
    ctx = ServiceContext(Database(url), actor=f"pc-{os.getpid()}",
                         clock=lambda: datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    ctx.zone()  # connect before the start, so both begin together
    wait_for_start(go, ready)
    report = pm_generation.generate(ctx, as_of=date(2027, 11, 26))
    print(len(report.created))
    """
)


def plans(ctx: ServiceContext, count: int) -> None:
    for i in range(count):
        create_plan(
            ctx,
            PlanSpec(
                code=f"PM-{i:03}", site_code="S1", summary=f"Weekly check {i}", rule="FREQ=WEEKLY",
                start_wall=datetime(2026, 12, 1, 8, 0), lead_days="0", checklist=("Look", "Listen"),
                required_skills=("HVAC",),
            ),
        )


def test_two_processes_at_once_make_each_occurrence_once(company: ServiceContext, db_url: str, tmp_path: Path) -> None:
    plans(company, 40)  # 40 weekly plans over a year: 2,080 work orders, long enough to overlap
    created = sorted(int(out.strip()) for out in run_at_once(PC, tmp_path, [db_url], [db_url]))
    with company.read() as uow:
        total = uow.session.scalar(select(func.count()).select_from(m.WorkOrder))
        distinct = uow.session.scalar(
            select(func.count()).select_from(
                select(m.WorkOrder.pm_plan_id, m.WorkOrder.pm_occurrence).distinct().subquery()
            )
        )
    assert total == distinct == 40 * 52
    assert created == [0, 40 * 52]  # one PC made them all, the other found nothing left


def test_an_insert_of_an_occurrence_already_made_is_ignored_by_the_database(company: ServiceContext) -> None:
    """What protects a PC that got past the lock: the unique key and insert-or-ignore."""
    plans(company, 1)
    (made,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    with company.write("a second PC, past the lock") as uow:
        plan_id = uow.require(m.PmPlan, "PM-000").id
        occurrence = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
        row = {
            "number": "WO-99999", "type": "preventive", "priority": "normal", "priority_rank": 2,
            "status": "open", "site_id": uow.require(m.Site, "S1").id, "asset_id": None,
            "summary": "duplicate", "description": None, "estimated_hours": Decimal("1"), "due_by": occurrence,
            "created_at": company.now(), "task_codes": [], "pm_plan_id": plan_id,
            "pm_occurrence": occurrence, "closeout_needs": [], "billable": True, "version": 1,
            "checklist": ["x"],
        }
        assert plan_store.insert_generated(uow.session, [row], {}) == []
    with company.read() as uow:
        assert [wo.number for wo in uow.all(m.WorkOrder)] == [made]


def test_of_occurrences_partly_made_only_the_others_are_inserted_with_their_checklists(company: ServiceContext) -> None:
    """A batch where one occurrence was made meanwhile: that one is skipped, not the batch (on
    PostgreSQL the bulk COPY is refused whole and the rows go in through insert-or-ignore)."""
    plans(company, 1)
    (made,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    with company.write("a second PC, past the lock") as uow:
        plan_id = uow.require(m.PmPlan, "PM-000").id
        columns = {
            "type": "preventive", "priority": "normal", "priority_rank": 2, "status": "open",
            "site_id": uow.require(m.Site, "S1").id, "asset_id": None, "summary": "second PC",
            "description": None, "estimated_hours": Decimal("1"), "task_codes": [], "pm_plan_id": plan_id,
            "closeout_needs": [], "billable": True, "version": 1,
        }
        shared = {plan_id: plan_store.PlanOrders(columns, ("Look", "Listen"), ())}
        first, second = datetime(2026, 12, 1, 14, 0, tzinfo=UTC), datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
        orders = [(plan_id, first, first, "WO-99998"), (plan_id, second, second, "WO-99999")]
        created = plan_store.insert_generated_orders(uow.session, shared, orders, company.now())
        assert [(number, occurrence) for _, _, occurrence, number in created] == [("WO-99999", second)]
    with company.read() as uow:
        assert sorted(wo.number for wo in uow.all(m.WorkOrder)) == sorted([made, "WO-99999"])
        assert [c.text for c in uow.work_order("WO-99999").checklist] == ["Look", "Listen"]
        assert [c.text for c in uow.work_order(made).checklist] == ["Look", "Listen"]
