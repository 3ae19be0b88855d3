"""Two PCs at the same moment: one books a technician's hour, the other gives that morning off.

Real processes start each round together at a barrier, as in test_booking_races. Both actions lock
the technician first, so the second sees the first's row: one saves, the other is asked to confirm
a time-off conflict. Without the lock, PostgreSQL would save both, unconfirmed.
"""

from __future__ import annotations

import multiprocessing
import queue
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.time_off import HalfDay
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation
from dispatch_console.services.roster import time_off
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.seed import at

ROUNDS = 20
BARRIER_S = 60
FIRST_DAY = date(2026, 11, 30)  # a Monday


def _day(round_no: int) -> date:
    """A weekday of its own for each round, from Monday 30 Nov."""
    week, weekday = divmod(round_no, 5)
    return FIRST_DAY + timedelta(days=7 * week + weekday)


def _hour(round_no: int) -> tuple[datetime, datetime]:
    """09:00-10:00 Chicago time on the round's day (inside the 08:00-12:30 morning)."""
    start = at(24 * (_day(round_no) - FIRST_DAY).days)
    return start, start + timedelta(hours=1)


def _pc(db_url: str, actor: str, barrier: Any, jobs: list[tuple[Any, ...]], results: Any) -> None:
    db = Database(db_url)
    ctx = ServiceContext(db=db, actor=actor, clock=lambda: datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    outcomes = []
    for job in jobs:
        barrier.wait(BARRIER_S)
        try:
            if job[0] == "book":
                dispatch.book(ctx, *job[1:])
            else:
                time_off.add_half_day_off(ctx, *job[1:])
            outcomes.append("saved")
        except ConflictsNeedConfirmation as exc:
            outcomes.append("conflicts:" + ",".join(sorted({c.kind.value for c in exc.conflicts})))
        except Exception as exc:  # noqa: BLE001 - the test reports whatever reached the dispatcher
            outcomes.append(f"error:{type(exc).__name__}: {exc}")
    db.dispose()
    results.put((actor, outcomes))


@pytest.mark.slow
def test_a_booking_and_time_off_at_once_save_one_and_ask_the_other(db_url: str, company: ServiceContext) -> None:
    with company.write("hire") as uow:
        uow.add(m.Technician(
            code="T3", name="Tech T3", hourly_rate=Decimal("80"), shift_start=time(8), shift_end=time(17),
            workdays="Mon;Tue;Wed;Thu;Fri", active=True,
        ))
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="No cooling")
    numbers = [work_orders.create_work_order(company, spec) for _ in range(ROUNDS)]
    jobs_a = [("book", numbers[r], "T3", *_hour(r)) for r in range(ROUNDS)]
    jobs_b = [("off", "T3", _day(r), HalfDay.MORNING, "Dentist") for r in range(ROUNDS)]
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    pcs = [
        spawn.Process(target=_pc, args=(db_url, actor, barrier, jobs, results))
        for actor, jobs in (("PC A", jobs_a), ("PC B", jobs_b))
    ]
    for pc in pcs:
        pc.start()
    got: dict[str, list[str]] = {}
    try:
        while len(got) < 2:
            try:
                actor, outcomes = results.get(timeout=1)
            except queue.Empty:
                dead = [pc.exitcode for pc in pcs if pc.exitcode not in (None, 0)]
                assert not dead, f"a PC process died (exit status {dead}) before reporting"
                continue
            got[actor] = outcomes
    finally:
        for pc in pcs:
            pc.join(timeout=30)
            if pc.is_alive():
                pc.kill()
    rounds = [tuple(sorted(pair)) for pair in zip(got["PC A"], got["PC B"], strict=True)]
    bad = [(n, r) for n, r in enumerate(rounds) if r != ("conflicts:time_off", "saved")]
    assert not bad, f"{len(bad)} of {ROUNDS} rounds did not end in one save and one question: {bad[:3]}"
    rows = dispatch.bookings_in_window(company, at(-24), at(24 * 40), ["T3"])
    offs = time_off.time_off_of(company, "T3", at(-24), at(24 * 40))
    assert len(rows) + len(offs) == ROUNDS  # nothing unconfirmed was saved beside the other
