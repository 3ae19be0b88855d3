"""The scheduler in the status bar: when the plans were last checked and what that created.

The scheduler runs its jobs on its own thread; ``SchedulerStatusLabel.report`` may be called
from there, and a signal brings the status to the GUI thread. The work orders a run creates
reach the views like every other change: the generation's unit of work announces them to the
service context, and the window's ChangeBus delivers that on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QMainWindow

from dispatch_console.paths import AppPaths
from dispatch_console.scheduler import ConsoleScheduler, RunOutcome, SchedulerStatus
from dispatch_console.services.backup import backups_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import ElidedLabel
from dispatch_console.ui.plain_text import set_plain, tooltip

NOT_YET = "Plans: checked shortly"
WARNING = "⚠ "


def _count(n: int) -> str:
    return f"{n} work order" if n == 1 else f"{n} work orders"


def status_text(status: SchedulerStatus) -> str:
    """One line for the status bar: "Plans checked 14:05 · created 3 work orders", or what failed."""
    run = status.generation
    if run is None:
        text = NOT_YET
    elif run.ok:
        made = f"created {_count(len(run.created))}" if run.created else "nothing due"
        text = f"Plans checked {run.at:%H:%M} · {made}"
    else:
        text = f"{WARNING}Plans not checked {run.at:%H:%M}: {run.summary}"
    if status.backup is not None and not status.backup.ok:
        text += f" · {WARNING}nightly backup failed"
    return text


def status_details(status: SchedulerStatus, backups: str = "") -> str:
    """The tooltip: each job's last run in full."""
    lines = ["Recurring plans are checked when the console starts and every hour."]
    lines += _run_lines("Last check", status.generation)
    if backups:
        lines.append(f"Every night at 02:30 a backup of the database is written to {backups} (the last 14 are kept).")
        lines += _run_lines("Last backup", status.backup)
    return "\n".join(lines)


def _run_lines(title: str, run: RunOutcome | None) -> list[str]:
    if run is None:
        return [f"{title}: not yet."]
    lines = [f"{title} {run.at:%a %d %b %H:%M}: {run.summary if run.ok else 'failed: ' + run.summary}"]
    if run.created:
        shown = ", ".join(run.created[:10]) + (f" and {len(run.created) - 10} more" if len(run.created) > 10 else "")
        lines.append(f"Created {shown}.")
    if run.details:
        lines.append(run.details)
    return lines


class SchedulerStatusLabel(ElidedLabel):
    """When the plans were last checked and what it created, or the error in words.

    Signals:
        status_reported: a ``SchedulerStatus``, emitted from any thread by ``report``.
    """

    status_reported = Signal(object)

    def __init__(self, backups: str = "") -> None:
        super().__init__("", Qt.TextElideMode.ElideRight)
        self._backups = backups
        self.status = SchedulerStatus()
        # Emitted on the scheduler's thread, delivered on this label's (the GUI thread).
        self.status_reported.connect(self._on_self_status_reported)
        self.show_status(self.status)

    def report(self, status: SchedulerStatus) -> None:
        """The scheduler's callback: any thread."""
        try:
            self.status_reported.emit(status)
        except RuntimeError:
            pass  # the label is gone: the console is closing

    @Slot(object)
    def _on_self_status_reported(self, status: SchedulerStatus) -> None:
        self.show_status(status)

    def show_status(self, status: SchedulerStatus) -> None:
        self.status = status
        set_plain(self, status_text(status))
        self.setToolTip(tooltip(status_details(status, self._backups)))


def start_scheduler(window: QMainWindow, ctx: ServiceContext, paths: AppPaths) -> ConsoleScheduler:
    """Put the scheduler's label in ``window``'s status bar and start the scheduler; the
    caller shuts it down when the console closes."""
    scheduler = ConsoleScheduler(ctx, backups_folder(paths))
    label = SchedulerStatusLabel(str(backups_folder(paths)) if scheduler.backs_up else "")
    label.setContentsMargins(8, 0, 8, 0)
    window.statusBar().insertPermanentWidget(0, label)
    scheduler.listen(label.report)
    scheduler.start()
    return scheduler
