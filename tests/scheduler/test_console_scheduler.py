"""The console's scheduler: a run creates what is due and records it, an error is recorded and
logged but never raised, the jobs and their triggers, and a clean stop."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from dispatch_console.domain.errors import DatabaseBusy
from dispatch_console.scheduler import ConsoleScheduler, SchedulerStatus
from dispatch_console.scheduler import console_scheduler as module
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec, create_plan
from tests.conftest import PG_SERVER, Clock
from tests.seed import small_company

sqlite_only = pytest.mark.skipif(bool(PG_SERVER), reason="an SQLite file is backed up")


@pytest.fixture
def with_plans(ctx: ServiceContext) -> ServiceContext:
    """The small company (Chicago) with a plan due on 1 Dec at 08:00, seven lead days."""
    small_company(ctx)
    create_plan(
        ctx,
        PlanSpec(
            code="PM-1", site_code="S1", summary="Monthly RTU service", rule="FREQ=MONTHLY;BYMONTHDAY=1",
            start_wall=datetime(2026, 12, 1, 8, 0), lead_days="7", estimated_hours="2",
        ),
    )
    return ctx


def test_a_run_creates_the_due_work_orders_and_records_when_by_the_contexts_clock(
    with_plans: ServiceContext, tmp_path: Path
) -> None:
    seen: list[SchedulerStatus] = []
    scheduler = ConsoleScheduler(with_plans, tmp_path / "backups", seen.append)
    outcome = scheduler.run_generation()
    assert outcome.ok and len(outcome.created) == 1
    assert outcome.summary == "created 1 work order from 1 plan"
    # Thursday 26 Nov 2026 15:00 UTC is 09:00 in the company's zone; the computer's clock is not read.
    assert outcome.at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert (outcome.at.hour, str(outcome.at.tzinfo)) == (9, "America/Chicago")
    assert scheduler.status == SchedulerStatus(generation=outcome) and seen == [scheduler.status]
    again = scheduler.run_generation()
    assert again.ok and again.created == () and again.summary.startswith("nothing was due by 2026-11-26")
    assert seen[-1].generation == again


def test_an_error_in_generation_is_recorded_and_logged_not_raised(
    with_plans: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_ctx: ServiceContext) -> None:
        raise RuntimeError("the planner fell over\nsecond line")

    monkeypatch.setattr(module.pm_generation, "generate", broken)
    scheduler = ConsoleScheduler(with_plans, None)
    with caplog.at_level(logging.ERROR, logger="dispatch_console.scheduler"):
        outcome = scheduler.run_generation()
    assert not outcome.ok and outcome.created == ()
    assert outcome.summary == "an unexpected error (RuntimeError)"
    assert outcome.details == "the planner fell over\nThe details are in the log."
    (record,) = [r for r in caplog.records if r.name == "dispatch_console.scheduler"]
    assert record.exc_info is not None and "Checking the recurring plans failed" in record.message
    assert scheduler.status.generation == outcome


def test_a_refusal_is_shown_in_its_own_words(
    with_plans: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(_ctx: ServiceContext) -> None:
        raise DatabaseBusy("another PC has held the database for 15 s; try again later")

    monkeypatch.setattr(module.pm_generation, "generate", busy)
    outcome = ConsoleScheduler(with_plans, None).run_generation()
    assert not outcome.ok and outcome.summary == "another PC has held the database for 15 s; try again later"


def test_a_broken_listener_does_not_stop_the_jobs(with_plans: ServiceContext, caplog: pytest.LogCaptureFixture) -> None:
    def listener(_status: SchedulerStatus) -> None:
        raise RuntimeError("the label is gone")

    scheduler = ConsoleScheduler(with_plans, None, listener)
    with caplog.at_level(logging.ERROR, logger="dispatch_console.scheduler"):
        assert scheduler.run_generation().ok
    assert "Reporting the scheduler's status failed" in caplog.text


@sqlite_only
def test_the_nightly_backup_run_writes_the_days_file(with_plans: ServiceContext, clock: Clock, tmp_path: Path) -> None:
    scheduler = ConsoleScheduler(with_plans, tmp_path / "backups", keep=2)
    clock.now = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)  # 02:30 in Chicago
    outcome = scheduler.run_backup()
    assert outcome.ok and (tmp_path / "backups" / "dispatch-console-2026-11-27.db").is_file()
    assert outcome.summary.startswith("wrote a copy of the database")
    assert scheduler.status.backup == outcome and scheduler.status.generation is None


def test_a_failed_backup_is_recorded_not_raised(with_plans: ServiceContext, tmp_path: Path) -> None:
    blocked = tmp_path / "backups"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    scheduler = ConsoleScheduler(with_plans, blocked)
    outcome = scheduler.run_backup()
    assert not outcome.ok and outcome.summary
    assert blocked.read_text(encoding="utf-8") == "a file where the folder should be"


def test_the_jobs_triggers_and_memory_job_store(with_plans: ServiceContext, tmp_path: Path) -> None:
    scheduler = ConsoleScheduler(with_plans, tmp_path / "backups", first_run_delay=timedelta(hours=1))
    scheduler.start()
    try:
        assert scheduler.scheduler.running
        # Only in memory: job stores are never shared between PCs.
        stores = scheduler.scheduler._jobstores  # noqa: SLF001 - APScheduler has no public getter
        assert list(stores) == ["default"] and isinstance(stores["default"], MemoryJobStore)
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        plans = jobs["recurring-plans"]
        assert isinstance(plans.trigger, IntervalTrigger) and plans.trigger.interval == timedelta(hours=1)
        wait = plans.next_run_time - datetime.now(UTC)
        assert timedelta(minutes=59) < wait <= timedelta(hours=1)
        if PG_SERVER:
            assert set(jobs) == {"recurring-plans"}  # a server's backups are the server's job
            return
        nightly = jobs["nightly-backup"]
        assert isinstance(nightly.trigger, CronTrigger)
        fields = {f.name: str(f) for f in nightly.trigger.fields}
        assert (fields["hour"], fields["minute"]) == ("2", "30")
        assert str(nightly.trigger.timezone) == "America/Chicago"
        when = nightly.next_run_time
        assert (when.hour, when.minute, str(when.tzinfo)) == (2, 30, "America/Chicago")
    finally:
        scheduler.shutdown()
    assert not scheduler.scheduler.running
    scheduler.shutdown()  # twice is fine (the window closes, then the application ends)


def test_no_backup_job_without_a_folder(with_plans: ServiceContext) -> None:
    scheduler = ConsoleScheduler(with_plans, None, first_run_delay=timedelta(hours=1))
    scheduler.start()
    try:
        assert [job.id for job in scheduler.scheduler.get_jobs()] == ["recurring-plans"]
        assert not scheduler.backs_up
    finally:
        scheduler.shutdown()


@pytest.mark.real_waits
def test_on_start_it_checks_the_plans_on_its_own_thread_and_reports(
    with_plans: ServiceContext, tmp_path: Path
) -> None:
    reported = threading.Event()
    seen: list[tuple[SchedulerStatus, str]] = []

    def listener(status: SchedulerStatus) -> None:
        seen.append((status, threading.current_thread().name))
        reported.set()

    scheduler = ConsoleScheduler(with_plans, tmp_path / "backups", listener, first_run_delay=timedelta(0))
    scheduler.start()
    try:
        assert reported.wait(20), "the first check did not run"
    finally:
        scheduler.shutdown(wait=True)
    ((status, thread),) = seen
    assert status.generation is not None and status.generation.ok and len(status.generation.created) == 1
    assert thread != threading.main_thread().name
    # After the stop nothing more is reported.
    scheduler.run_generation()
    assert len(seen) == 1
