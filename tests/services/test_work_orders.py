"""Work order records: editing from a stale copy, and numbers taken by several PCs at once."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderEdit, WorkOrderSpec
from dispatch_console.storage.database import Database

ORDERS_PER_PC = 15


def new_order(ctx: ServiceContext) -> str:
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", asset_code="A1", summary="No cooling")
    return work_orders.create_work_order(ctx, spec)


def edit_of(ctx: ServiceContext, number: str, **changes: Any) -> WorkOrderEdit:
    wo = work_orders.details(ctx, number)
    fields: dict[str, Any] = dict(
        summary=wo.summary, description=wo.description or "", priority=Priority(wo.priority),
        type=WorkOrderType(wo.type), estimated_hours=wo.estimated_hours, due_by=wo.due_by,
        required_skills=tuple(s.code for s in wo.required_skills), task_codes=tuple(wo.task_codes),
    )
    fields.update(changes)
    return WorkOrderEdit(**fields)


def test_an_edit_from_a_stale_copy_is_refused_naming_who_and_when(
    company: ServiceContext, db: Database, clock
) -> None:
    number = new_order(company)
    mine = work_orders.details(company, number)
    clock.advance(minutes=20)  # 09:20 in Chicago
    olga = ServiceContext(db=db, actor="Olga Office", clock=clock)
    theirs = work_orders.edit_work_order(
        olga, number, edit_of(olga, number, summary="No cooling, 3rd floor"), mine.version
    )
    assert theirs == mine.version + 1
    clock.advance(minutes=5)
    with pytest.raises(ConcurrencyConflict) as err:
        work_orders.edit_work_order(
            company, number, edit_of(company, number, estimated_hours=Decimal("3")), mine.version
        )
    assert str(err.value) == (
        f"{number} was changed by Olga Office at 2026-11-26 09:20 after you opened it; "
        "your change was not saved. Reload it and make your change again."
    )
    saved = work_orders.details(company, number)
    assert (saved.summary, saved.estimated_hours, saved.version) == ("No cooling, 3rd floor", Decimal("1"), theirs)
    # Reloaded, the same edit goes through.
    assert work_orders.edit_work_order(
        company, number, edit_of(company, number, estimated_hours=Decimal("3")), saved.version
    ) == theirs + 1


def _office_pc(db_url: str, name: str, now: datetime, start: Any, results: Any) -> None:
    """One dispatcher PC in its own OS process: waits for the others, then creates work orders."""
    db = Database(db_url)
    pc = ServiceContext(db=db, actor=name, clock=lambda: now)
    try:
        start.wait(timeout=120)
        results.put((name, [new_order(pc) for _ in range(ORDERS_PER_PC)]))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        results.put((name, f"{type(exc).__name__}: {exc}"))
    finally:
        db.dispose()


@pytest.mark.slow
def test_pcs_in_separate_processes_creating_work_orders_at_once_get_distinct_numbers(
    company: ServiceContext, db_url: str
) -> None:
    # Real OS processes, so SQLite's file locks (not one process's threads) keep numbers apart.
    spawn = multiprocessing.get_context("spawn")
    pcs = 3
    start = spawn.Barrier(pcs)
    results = spawn.Queue()
    now = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    processes = [
        spawn.Process(target=_office_pc, args=(db_url, f"PC {i}", now, start, results)) for i in range(pcs)
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=180) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    failures = {name: got for name, got in outcomes.items() if isinstance(got, str)}
    assert failures == {}
    numbers = [number for got in outcomes.values() for number in got]
    assert len(numbers) == pcs * ORDERS_PER_PC and len(set(numbers)) == len(numbers)
    assert sorted(numbers) == [f"WO-{n}" for n in range(1001, 1001 + pcs * ORDERS_PER_PC)]
    rows = work_orders.list_rows(company)
    assert len(rows) == len(numbers) and all(r.created_at == now for r in rows)
