"""Two PCs booking one technician's hour at the same moment: one saves, the other is asked to confirm.

Real processes (each its own engine and connection, as two PCs have) start every round together at a
barrier, on the test database: an SQLite file, or PostgreSQL when DISPATCH_CONSOLE_TEST_PG is set.
Without the technician lock, PostgreSQL saved both sides of most rounds.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

import pytest

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation, Placement
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.seed import at

ROUNDS = 50
#: Seconds a process waits at the barrier for the other before the round counts as broken.
BARRIER_S = 60

#: What a round asks of one PC: ("book", number, tech code, start, end) or ("move", placements).
Job = tuple[Any, ...]


def _slot(round_no: int) -> tuple[datetime, datetime]:
    """A free hour of round ``round_no``: 09:00-17:00 Chicago time on weekdays from Monday 30 Nov."""
    weekday, hour = divmod(round_no, 8)
    day = weekday + 2 * (weekday // 5)  # skip the weekends
    start = at(24 * day + hour)
    return start, start + timedelta(hours=1)


def _pc(db_url: str, actor: str, barrier: Any, jobs: Sequence[Job], results: Any) -> None:
    """One PC: per round, wait for the other at the barrier, then act; report what each round got."""
    db = Database(db_url)
    ctx = ServiceContext(db=db, actor=actor, clock=lambda: datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    outcomes: list[tuple[str, str]] = []
    for job in jobs:
        barrier.wait(BARRIER_S)
        outcomes.append(_act(ctx, job))
    db.dispose()
    results.put((actor, outcomes))


def _act(ctx: ServiceContext, job: Job) -> tuple[str, str]:
    """Do what the job asks, as the board does; say what came back ("saved", conflicts or an error)."""
    try:
        if job[0] == "book":
            dispatch.book(ctx, *job[1:])
        else:
            dispatch.move_bookings(ctx, job[1])
        return ("saved", "")
    except ConflictsNeedConfirmation as exc:
        kinds = ",".join(sorted({c.kind.value for c in exc.conflicts}))
        return (f"conflicts:{kinds}", str(exc))
    except Exception as exc:  # noqa: BLE001 - the test reports whatever reached the dispatcher
        return (f"error:{type(exc).__name__}", str(exc))


def _race(db_url: str, jobs_a: Sequence[Job], jobs_b: Sequence[Job]) -> list[tuple[tuple[str, str], ...]]:
    """Run two PCs over the rounds; per round, what PC A and PC B got."""
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    results = spawn.Queue()
    pcs = [
        spawn.Process(target=_pc, args=(db_url, actor, barrier, jobs, results))
        for actor, jobs in (("PC A", jobs_a), ("PC B", jobs_b))
    ]
    for pc in pcs:
        pc.start()
    got: dict[str, list[tuple[str, str]]] = {}
    try:
        while len(got) < len(pcs):
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
    return list(zip(got["PC A"], got["PC B"], strict=True))


def _hire(ctx: ServiceContext, *codes: str) -> None:
    """Technicians free 08:00-17:00 on weekdays, with no skills to miss."""
    with ctx.write("hire") as uow:
        uow.add_all(
            m.Technician(
                code=code, name=f"Tech {code}", hourly_rate=Decimal("80"), shift_start=time(8),
                shift_end=time(17), workdays="Mon;Tue;Wed;Thu;Fri", active=True,
            )
            for code in codes
        )


def _orders(ctx: ServiceContext, count: int) -> list[str]:
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="No cooling")
    return [work_orders.create_work_order(ctx, spec) for _ in range(count)]


def _placed(ctx: ServiceContext, number: str, tech: str, round_no: int) -> Placement:
    start, end = _slot(round_no)
    saved = dispatch.book(ctx, number, tech, start, end)
    return Placement(number, tech, start, end).saved_as(saved)


def _check_one_won_each_round(
    ctx: ServiceContext, rounds: list[tuple[tuple[str, str], ...]], jobs_a: list[Job], jobs_b: list[Job]
) -> None:
    """Each round: one PC saved; the other was asked to confirm an overlap, in the very words it
    hears when it tries the same again alone (no raw database error, no different answer)."""
    tally = [tuple(sorted(kind for kind, _message in round_)) for round_ in rounds]
    bad = [
        (n, round_)
        for n, (round_, kinds) in enumerate(zip(rounds, tally, strict=True))
        if kinds != ("conflicts:overlap", "saved")
    ]
    assert not bad, f"{len(bad)} of {len(rounds)} rounds did not end in one save and one overlap: {bad[:3]}"
    for (a, b), job_a, job_b in zip(rounds, jobs_a, jobs_b, strict=True):
        loser_job, loser_got = (job_a, a) if b[0] == "saved" else (job_b, b)
        assert _act(ctx, loser_job) == loser_got


def _check_no_unconfirmed_overlap(ctx: ServiceContext) -> None:
    rows = dispatch.bookings_in_window(ctx, at(-24), at(24 * 60))
    unconfirmed = sorted(
        (r for r in rows if not r["confirmed_conflicts"]),
        key=lambda r: (cast(int, r["technician_id"]), cast(datetime, r["start"])),
    )
    pairs = [
        (a["number"], b["number"])
        for a, b in zip(unconfirmed, unconfirmed[1:], strict=False)
        if a["technician_id"] == b["technician_id"] and cast(datetime, b["start"]) < cast(datetime, a["end"])
    ]
    assert pairs == []


@pytest.mark.slow
def test_two_pcs_booking_one_technicians_hour_at_once_save_one_and_ask_the_other(
    db_url: str, company: ServiceContext
) -> None:
    _hire(company, "T3")
    numbers = _orders(company, 2 * ROUNDS)
    jobs_a: list[Job] = [("book", numbers[2 * r], "T3", *_slot(r)) for r in range(ROUNDS)]
    jobs_b: list[Job] = [("book", numbers[2 * r + 1], "T3", *_slot(r)) for r in range(ROUNDS)]

    rounds = _race(db_url, jobs_a, jobs_b)

    _check_one_won_each_round(company, rounds, jobs_a, jobs_b)
    for r, round_ in enumerate(rounds):  # the loser is told which work order holds the hour
        pcs = zip((jobs_a, jobs_b), round_, strict=True)
        (winner,) = [jobs for jobs, (kind, _message) in pcs if kind == "saved"]
        (message,) = [text for kind, text in round_ if kind != "saved"]
        assert f"overlaps {winner[r][1]}" in message
    _check_no_unconfirmed_overlap(company)


@pytest.mark.slow
def test_two_pcs_moving_bookings_into_one_slot_at_once_save_one_and_ask_the_other(
    db_url: str, company: ServiceContext
) -> None:
    _hire(company, "T3", "T4", "T5")
    numbers = _orders(company, 2 * ROUNDS)
    sources_a = [_placed(company, numbers[2 * r], "T4", r) for r in range(ROUNDS)]
    sources_b = [_placed(company, numbers[2 * r + 1], "T5", r) for r in range(ROUNDS)]
    jobs_a: list[Job] = [("move", [p.moved("T3", *_slot(r))]) for r, p in enumerate(sources_a)]
    jobs_b: list[Job] = [("move", [p.moved("T3", *_slot(r))]) for r, p in enumerate(sources_b)]

    rounds = _race(db_url, jobs_a, jobs_b)

    _check_one_won_each_round(company, rounds, jobs_a, jobs_b)
    _check_no_unconfirmed_overlap(company)
    on_t3 = dispatch.bookings_in_window(company, at(-24), at(24 * 60), ["T3"])
    assert len(on_t3) == ROUNDS  # the loser's booking stayed where it was


@pytest.mark.slow
def test_two_pcs_moving_onto_the_same_two_technicians_in_opposite_order_never_deadlock(
    db_url: str, company: ServiceContext
) -> None:
    """PC A moves onto T3 then T6, PC B onto T6 then T3: locks are taken in one order, so one waits."""
    _hire(company, "T3", "T4", "T5", "T6", "T7", "T8")
    numbers = _orders(company, 4 * ROUNDS)
    jobs_a: list[Job] = []
    jobs_b: list[Job] = []
    for r in range(ROUNDS):
        a1, a2, b1, b2 = numbers[4 * r : 4 * r + 4]
        slot = _slot(r)
        a_moves = [_placed(company, a1, "T4", r), _placed(company, a2, "T5", r)]
        a_moves = [a_moves[0].moved("T3", *slot), a_moves[1].moved("T6", *slot)]
        b_moves = [_placed(company, b2, "T8", r), _placed(company, b1, "T7", r)]
        b_moves = [b_moves[0].moved("T6", *slot), b_moves[1].moved("T3", *slot)]
        jobs_a.append(("move", a_moves))
        jobs_b.append(("move", b_moves))

    rounds = _race(db_url, jobs_a, jobs_b)

    _check_one_won_each_round(company, rounds, jobs_a, jobs_b)
    _check_no_unconfirmed_overlap(company)

