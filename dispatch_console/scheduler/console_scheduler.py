"""The console's timed jobs: recurring plans every hour, a backup of an SQLite database every night.

APScheduler keeps its jobs in memory only: a job store is never shared between PCs (APScheduler's
own advice), because the database is the one thing that coordinates them. Every console runs the
generation, and the database makes each work order exactly once however many do it at the same
moment (services/pm_generation.py). APScheduler times the jobs by the real clock; what a job
does takes its time from the service context's clock, as every service does.

A job never raises: its outcome, or its error in words, is kept in a ``SchedulerStatus``
handed to a callback (the status bar), and an error is written to the log with its traceback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor  # type: ignore[import-untyped]
from apscheduler.jobstores.memory import MemoryJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from dispatch_console.domain.errors import DispatchError
from dispatch_console.domain.timekeeping import local_zone_name, to_local, utc_now, zone
from dispatch_console.services import backup, pm_generation
from dispatch_console.services.context import ServiceContext

log = logging.getLogger("dispatch_console.scheduler")

GENERATION_JOB = "recurring-plans"
BACKUP_JOB = "nightly-backup"
#: How often the plans are checked.
EVERY = timedelta(hours=1)
#: When the nightly backup is written, in the company's time zone.
BACKUP_HOUR, BACKUP_MINUTE = 2, 30
#: The first check comes this long after start, once the window has shown (start-up stays quick).
FIRST_RUN_DELAY = timedelta(seconds=5)


@dataclass(frozen=True)
class RunOutcome:
    """One run of a job: when (the context's clock, in the company's zone), and what came of it."""

    at: datetime
    ok: bool
    #: One line in words: what it created or wrote, or what went wrong.
    summary: str
    #: Work order numbers a generation created.
    created: tuple[str, ...] = ()
    #: The rest, for a tooltip: skipped plans, the backup's file, where the error's details are.
    details: str = ""


@dataclass(frozen=True)
class SchedulerStatus:
    """The last outcome of each job (None: it has not run yet)."""

    generation: RunOutcome | None = None
    backup: RunOutcome | None = None


StatusListener = Callable[[SchedulerStatus], None]


class ConsoleScheduler:
    """Runs the generation on start and every hour, and the nightly backup, on its own thread.

    ``backups``: the folder of the nightly backups (None: none are written). ``on_status`` is
    called on the scheduler's thread after every run; a GUI marshals it to its own thread.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        backups: Path | None,
        on_status: StatusListener | None = None,
        *,
        first_run_delay: timedelta = FIRST_RUN_DELAY,
        keep: int = backup.KEEP,
        real_clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._ctx = ctx
        # When to run is APScheduler's real time; what a run does takes the context's clock.
        self._real_clock = real_clock
        self._backups = backups
        self._on_status = on_status
        self._first_run_delay = first_run_delay
        self._keep = keep
        self._lock = threading.Lock()
        self._status = SchedulerStatus()
        self._zone = self._company_zone(zone(local_zone_name()))
        self.scheduler = BackgroundScheduler(
            jobstores={"default": MemoryJobStore()},
            # One job at a time: a backup never competes with a generation for the database.
            executors={"default": ThreadPoolExecutor(1)},
            # A PC that slept through a run catches up once when it wakes, however late.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=self._zone,
        )

    @property
    def status(self) -> SchedulerStatus:
        with self._lock:
            return self._status

    @property
    def backs_up(self) -> bool:
        """Nightly backups are written (an SQLite database, and a folder for them)."""
        return self._backups is not None and backup.can_back_up(self._ctx)

    def listen(self, on_status: StatusListener | None) -> None:
        """Report every run's status to ``on_status`` from now on (None: to nobody)."""
        self._on_status = on_status

    def start(self) -> None:
        """Schedule the jobs (the first check shortly) and start the scheduler's thread."""
        first = self._real_clock().astimezone(self._zone) + self._first_run_delay
        self.scheduler.add_job(
            self.run_generation,
            IntervalTrigger(seconds=EVERY.total_seconds(), timezone=self._zone),
            id=GENERATION_JOB,
            name="Check recurring plans",
            next_run_time=first,
        )
        if self.backs_up:
            self.scheduler.add_job(
                self.run_backup,
                CronTrigger(hour=BACKUP_HOUR, minute=BACKUP_MINUTE, timezone=self._zone),
                id=BACKUP_JOB,
                name="Nightly backup",
            )
        self.scheduler.start()
        log.info(
            "Scheduler started: recurring plans every hour%s",
            f", backups nightly at {BACKUP_HOUR:02d}:{BACKUP_MINUTE:02d} into {self._backups}"
            if self.backs_up
            else "",
        )

    def shutdown(self, *, wait: bool = False) -> None:
        """Stop scheduling (the console is closing); no status is reported any more. A run
        under way finishes on its own (``wait``: wait for it)."""
        self._on_status = None
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
            log.info("Scheduler stopped")

    # -- the jobs --------------------------------------------------------------------------------
    def run_generation(self) -> RunOutcome:
        """Create the work orders the plans have due by today (the context's clock)."""
        try:
            report = pm_generation.generate(self._ctx)
        except Exception as exc:  # noqa: BLE001 - a timed job must never stop the console
            log.exception("Checking the recurring plans failed")
            outcome = self._failed(exc)
        else:
            lines = str(report).splitlines()
            log.info("Recurring plans checked: %s", "; ".join(lines))
            outcome = RunOutcome(self._local_now(), True, lines[0], report.created, "\n".join(lines[1:]))
        self._record(replace(self.status, generation=outcome))
        return outcome

    def run_backup(self) -> RunOutcome:
        """Write tonight's backup into the backups folder, keeping the last ones."""
        assert self._backups is not None
        try:
            report = backup.nightly_backup(self._ctx, self._backups, self._keep)
        except Exception as exc:  # noqa: BLE001 - a timed job must never stop the console
            log.exception("The nightly backup failed")
            outcome = self._failed(exc)
        else:
            log.info("Nightly backup: %s", report)
            outcome = RunOutcome(self._local_now(), True, str(report), details=str(report.file))
        self._record(replace(self.status, backup=outcome))
        return outcome

    # -- helpers ---------------------------------------------------------------------------------
    def _failed(self, exc: Exception) -> RunOutcome:
        if isinstance(exc, DispatchError):
            return RunOutcome(self._local_now(), False, str(exc))
        first = (str(exc).strip().splitlines() or [""])[0]
        return RunOutcome(
            self._local_now(),
            False,
            f"an unexpected error ({type(exc).__name__})",
            details=f"{first}\nThe details are in the log.".lstrip(),
        )

    def _record(self, status: SchedulerStatus) -> None:
        with self._lock:
            self._status = status
        listener = self._on_status
        if listener is None:
            return
        try:
            listener(status)
        except Exception:  # noqa: BLE001 - a broken listener must not stop the jobs
            log.exception("Reporting the scheduler's status failed")

    def _company_zone(self, fallback: ZoneInfo) -> ZoneInfo:
        try:
            return self._ctx.zone()
        except DispatchError:
            return fallback

    def _local_now(self) -> datetime:
        # The company's zone is read again: it may have been changed in Settings meanwhile.
        self._zone = self._company_zone(self._zone)
        return to_local(self._ctx.now(), self._zone)


