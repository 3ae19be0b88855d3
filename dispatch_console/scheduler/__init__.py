"""APScheduler wiring for recurring plans and backups; jobs call services, each with its own session."""

from dispatch_console.scheduler.console_scheduler import (
    ConsoleScheduler,
    RunOutcome,
    SchedulerStatus,
    StatusListener,
)

__all__ = ["ConsoleScheduler", "RunOutcome", "SchedulerStatus", "StatusListener"]
