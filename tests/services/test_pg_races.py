"""PCs doing the same thing at the same moment: it simply works, or the refusal names who and when.

Real processes (each its own engine and connection, as PCs have) start every round together at a
barrier, on the test database: an SQLite file, or PostgreSQL when DISPATCH_CONSOLE_TEST_PG is set.
The test itself is one more party at the barrier: it sets each round up (an empty database, a
series without its counter) while the PCs wait. SQLite lets one writer in at a time and never
failed these; on PostgreSQL, before the fixes, two imports of one bundle into an empty database
ended in ``UniqueViolation`` on the company, the first number of a series given to two PCs ended
in ``IntegrityError``, and a PC saving a work order just after another got "somebody else saved
this record" without saying who or when.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict, RuleViolation
from dispatch_console.services import company as company_service
from dispatch_console.services import work_orders
from dispatch_console.services.bundle_import import import_bundle, read_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.demo import create_demo_company
from dispatch_console.services.work_orders import WorkOrderEdit, WorkOrderSpec
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.services.bundles import state

#: Seconds a party waits at the barrier for the others before the round counts as broken.
BARRIER_S = 60
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)

#: What a round asks of one PC: ("import", folder), ("number",), ("edit", number, version, summary),
#: ("settings", name), ("demo",).
Job = tuple[Any, ...]
#: What came back: ("saved", value), ("refused", message) for a ConcurrencyConflict, or
#: ("error:Type", message) for anything else (a raw error reaching the dispatcher).
Outcome = tuple[str, str]


def _pc(db_url: str, actor: str, barrier: Any, jobs: Sequence[Job], results: Any) -> None:
    """One PC: per round, wait for everyone at the barrier, act, and wait for the round's end."""
    db = Database(db_url)
    ctx = ServiceContext(db=db, actor=actor, clock=lambda: NOW)
    outcomes: list[Outcome] = []
    for job in jobs:
        barrier.wait(BARRIER_S)
        outcomes.append(_act(ctx, job))
        barrier.wait(BARRIER_S)
    db.dispose()
    results.put((actor, outcomes))


def _act(ctx: ServiceContext, job: Job) -> Outcome:
    try:
        if job[0] == "import":
            report = import_bundle(ctx, read_folder(Path(job[1])))
            return ("saved", "changed" if report.changed else "unchanged")
        if job[0] == "number":
            spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="No cooling")
            return ("saved", work_orders.create_work_order(ctx, spec))
        if job[0] == "edit":
            _, number, version, summary = job
            work_orders.edit_work_order(ctx, number, _edit(summary), version)
            return ("saved", number)
        if job[0] == "demo":
            try:
                return ("saved", create_demo_company(ctx).__class__.__name__)
            except RuleViolation as exc:  # the database has data: the answer it gets alone
                return ("refused", str(exc))
        if job[0] == "settings":
            settings = company_service.CompanySettings(name=job[1], timezone="America/Chicago")
            return ("saved", company_service.save_settings(ctx, settings).name)
        raise AssertionError(f"unknown job {job!r}")
    except ConcurrencyConflict as exc:
        return ("refused", str(exc))
    except Exception as exc:  # noqa: BLE001 - the test reports whatever reached the dispatcher
        return (f"error:{type(exc).__name__}", str(exc))


def _edit(summary: str) -> WorkOrderEdit:
    return WorkOrderEdit(
        summary=summary, description="", priority=Priority.HIGH, type=WorkOrderType.CORRECTIVE,
        estimated_hours=Decimal("2"), due_by=None, required_skills=(),
    )


def _race(
    db_url: str, jobs: dict[str, list[Job]], set_up_round: Callable[[int], None] = lambda _r: None
) -> list[dict[str, Outcome]]:
    """Run the PCs over the rounds, ``set_up_round`` before each; per round, what each PC got."""
    spawn = multiprocessing.get_context("spawn")
    rounds = len(next(iter(jobs.values())))
    barrier = spawn.Barrier(len(jobs) + 1)
    results = spawn.Queue()
    pcs = [spawn.Process(target=_pc, args=(db_url, actor, barrier, own, results)) for actor, own in jobs.items()]
    for pc in pcs:
        pc.start()
    got: dict[str, list[Outcome]] = {}
    try:
        for round_no in range(rounds):
            set_up_round(round_no)
            _wait(barrier, pcs)  # the round starts
            _wait(barrier, pcs)  # every PC has acted
        while len(got) < len(pcs):
            try:
                actor, outcomes = results.get(timeout=1)
            except queue.Empty:
                _check_alive(pcs)
                continue
            got[actor] = outcomes
    finally:
        for pc in pcs:
            pc.join(timeout=30)
            if pc.is_alive():
                pc.kill()
    return [{actor: got[actor][r] for actor in jobs} for r in range(rounds)]


def _wait(barrier: Any, pcs: Sequence[Any]) -> None:
    try:
        barrier.wait(BARRIER_S)
    except threading.BrokenBarrierError:
        _check_alive(pcs)
        raise


def _check_alive(pcs: Sequence[Any]) -> None:
    dead = [pc.exitcode for pc in pcs if pc.exitcode not in (None, 0)]
    assert not dead, f"a PC process died (exit status {dead}) before reporting"


def _pcs(count: int, job: Callable[[str, int], Job], rounds: int) -> dict[str, list[Job]]:
    names = [f"PC {chr(ord('A') + n)}" for n in range(count)]
    return {name: [job(name, r) for r in range(rounds)] for name in names}


def _empty(db: Database) -> None:
    """Every table emptied (ids start again at 1), as ``init`` leaves it: the schema version and the
    number series it writes are kept."""
    tables = [t.name for t in m.Base.metadata.sorted_tables if t.name != m.Counter.__tablename__]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(tables):
                conn.execute(text(f"DELETE FROM {name}"))


# -- two and ten imports of one bundle into an empty database --------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("count", "rounds"), [(2, 12), (10, 3)])
def test_pcs_importing_one_bundle_into_an_empty_database_at_once_all_succeed(
    db_url: str, ctx: ServiceContext, sample_bundle: Path, count: int, rounds: int
) -> None:
    """One import writes the bundle; the others find it there and change nothing, as a re-import does."""
    import_bundle(ctx, read_folder(sample_bundle))
    alone = state(ctx)

    def set_up_round(_round_no: int) -> None:
        _empty(ctx.db)

    got = _race(db_url, _pcs(count, lambda _pc, _r: ("import", str(sample_bundle)), rounds), set_up_round)

    for round_no, outcomes in enumerate(got):
        kinds = sorted(outcomes.values())
        assert kinds == [("saved", "changed")] + [("saved", "unchanged")] * (count - 1), (
            f"round {round_no}: {outcomes}"
        )
    assert state(ctx) == alone  # the last round's database is just what one import writes


# -- the first number of a series, given to several PCs at once --------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("count", "rounds"), [(2, 30), (4, 10)])
def test_pcs_taking_the_first_number_of_a_series_at_once_get_distinct_numbers_without_gaps(
    db_url: str, company: ServiceContext, count: int, rounds: int
) -> None:
    def set_up_round(_round_no: int) -> None:  # the series starts again: no counter row yet
        with company.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM counter"))

    got = _race(db_url, _pcs(count, lambda _pc, _r: ("number",), rounds), set_up_round)

    assert [o for outcomes in got for o in outcomes.values() if o[0] != "saved"] == []
    for round_no, outcomes in enumerate(got):  # each round continues where the last one ended
        first = 1001 + round_no * count
        assert sorted(number for _kind, number in outcomes.values()) == [
            f"WO-{n}" for n in range(first, first + count)
        ], f"round {round_no}: {outcomes}"


# -- two PCs saving one work order at once: the refusal names who and when -------------------------
WHO_AND_WHEN = re.compile(
    r"^(WO-\d+) was changed by (PC [A-Z]) at (\d{4}-\d\d-\d\d \d\d:\d\d) after you opened it; "
    r"your change was not saved\. Reload it and make your change again\.$"
)


@pytest.mark.slow
def test_two_pcs_saving_one_work_order_at_once_save_one_and_tell_the_other_who_and_when(
    db_url: str, company: ServiceContext
) -> None:
    rounds = 40
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="No cooling")
    numbers = [work_orders.create_work_order(company, spec) for _ in range(rounds)]
    with company.read() as uow:
        versions = [uow.work_order(n).version for n in numbers]

    got = _race(
        db_url,
        _pcs(2, lambda pc, r: ("edit", numbers[r], versions[r], f"Edited by {pc}"), rounds),
    )

    for round_no, outcomes in enumerate(got):
        saved = [pc for pc, (kind, _text) in outcomes.items() if kind == "saved"]
        refusals = [message for kind, message in outcomes.values() if kind != "saved"]
        assert len(saved) == 1 and len(refusals) == 1, f"round {round_no}: {outcomes}"
        named = WHO_AND_WHEN.match(refusals[0])
        assert named, f"round {round_no}: the refusal does not say who and when: {refusals[0]!r}"
        assert named.groups() == (numbers[round_no], saved[0], "2026-11-26 09:00"), refusals[0]
        with company.read() as uow:
            assert uow.work_order(numbers[round_no]).summary == f"Edited by {saved[0]}"


# -- two PCs setting the company up at once --------------------------------------------------------
@pytest.mark.slow
def test_two_pcs_setting_the_company_up_at_once_both_save_in_turn(db_url: str, ctx: ServiceContext) -> None:
    """The first save creates the settings, the second (made without a copy, as at first start)
    saves over them, as on SQLite; no duplicate-key error."""
    rounds = 20

    def set_up_round(_round_no: int) -> None:
        with ctx.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM company"))

    got = _race(db_url, _pcs(2, lambda pc, _r: ("settings", f"Company of {pc}"), rounds), set_up_round)

    for round_no, outcomes in enumerate(got):
        assert sorted(kind for kind, _name in outcomes.values()) == ["saved", "saved"], (
            f"round {round_no}: {outcomes}"
        )
    settings = company_service.get_settings(ctx)
    assert settings.name in {"Company of PC A", "Company of PC B"}
    assert replace(settings, name="", version=None) == replace(
        company_service.CompanySettings(name="", timezone="America/Chicago"), version=None
    )


# -- two PCs creating the demo company at once -------------------------------------------------------
@pytest.mark.slow
def test_two_pcs_creating_the_demo_company_at_once_create_it_once(db_url: str, ctx: ServiceContext) -> None:
    """One fills the empty database; the other is told it already has data, as it is alone."""
    got = _race(db_url, _pcs(2, lambda _pc, _r: ("demo",), 3), lambda _r: _empty(ctx.db))

    for round_no, outcomes in enumerate(got):
        kinds = sorted(kind for kind, _text in outcomes.values())
        assert kinds == ["refused", "saved"], f"round {round_no}: {outcomes}"
        (refusal,) = [text for kind, text in outcomes.values() if kind == "refused"]
        assert "the database already has data" in refusal
