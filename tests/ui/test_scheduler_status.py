"""The scheduler in the status bar: what the last check created or why it failed, delivered on the
GUI thread; the work orders it made reach the views; the console starts and stops it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.paths import AppPaths
from dispatch_console.scheduler import ConsoleScheduler, RunOutcome, SchedulerStatus
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.scheduler_status import NOT_YET, SchedulerStatusLabel, start_scheduler

CHICAGO = ZoneInfo("America/Chicago")
AT_14_05 = datetime(2026, 11, 26, 20, 5, tzinfo=UTC).astimezone(CHICAGO)


def from_another_thread(label: SchedulerStatusLabel, status: SchedulerStatus) -> None:
    worker = threading.Thread(target=label.report, args=(status,))
    worker.start()
    worker.join()


def test_the_label_shows_what_the_last_check_created(qtbot: QtBot) -> None:
    label = SchedulerStatusLabel("/home/dana/backups")
    qtbot.addWidget(label)
    assert label.text() == NOT_YET
    run = RunOutcome(AT_14_05, True, "created 3 work orders from 2 plans", ("WO-1001", "WO-1002", "WO-1003"))
    from_another_thread(label, SchedulerStatus(generation=run))
    assert label.text() == NOT_YET  # queued to the GUI thread, not painted from the scheduler's
    qtbot.waitUntil(lambda: label.text() == "Plans checked 14:05 · created 3 work orders", timeout=2000)
    tip = label.toolTip()
    assert "WO-1001, WO-1002, WO-1003" in tip and "every hour" in tip and "/home/dana/backups" in tip
    nothing = RunOutcome(AT_14_05, True, "nothing was due by 2026-11-26: no work order created")
    label.show_status(SchedulerStatus(generation=nothing))
    assert label.text() == "Plans checked 14:05 · nothing due"


def test_the_label_shows_an_error_in_words(qtbot: QtBot) -> None:
    label = SchedulerStatusLabel("/home/dana/backups")
    qtbot.addWidget(label)
    failed = RunOutcome(AT_14_05, False, "an unexpected error (RuntimeError)", details="boom\nThe details are in the log.")
    backup = RunOutcome(AT_14_05, False, "the disk is full")
    from_another_thread(label, SchedulerStatus(generation=failed, backup=backup))
    qtbot.waitUntil(lambda: label.text().startswith("⚠"), timeout=2000)
    assert label.text() == (
        "⚠ Plans not checked 14:05: an unexpected error (RuntimeError) · ⚠ nightly backup failed"
    )
    tip = label.toolTip()
    assert "The details are in the log." in tip and "failed: the disk is full" in tip


def test_a_scheduled_run_updates_the_status_bar_and_every_view(
    qtbot: QtBot, window: MainWindow, northwind: ServiceContext, paths: AppPaths
) -> None:
    scheduler = start_scheduler(window, northwind, paths)
    try:
        label = window.statusBar().findChild(SchedulerStatusLabel)
        assert label is not None and label.text() == NOT_YET
        assert scheduler.scheduler.running
        scheduler.scheduler.pause()  # its own first run (in 5 s) must not race the one below
        seen: list[tuple[Changes, bool]] = []
        gui = QApplication.instance().thread()  # type: ignore[union-attr]
        window.bus.changed.connect(lambda changes: seen.append((changes, QThread.currentThread() is gui)))
        # The hourly job, as the scheduler's thread runs it.
        worker = threading.Thread(target=scheduler.run_generation)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: label.text().startswith("Plans checked"), timeout=10_000)
        created = scheduler.status.generation.created  # type: ignore[union-attr]
        assert created and label.text().endswith(f"created {len(created)} work orders")
        qtbot.waitUntil(lambda: any(c.touches("work_order") for c, _ in seen), timeout=10_000)
        assert all(on_gui for _, on_gui in seen)
        assert set(created) <= set().union(*(c.work_orders for c, _ in seen))
    finally:
        scheduler.shutdown()
    assert not scheduler.scheduler.running


def test_a_label_already_gone_is_not_an_error(qtbot: QtBot) -> None:
    label = SchedulerStatusLabel()
    label.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    from_another_thread(label, SchedulerStatus())  # the console is closing: nothing happens
    label.report(SchedulerStatus())


def test_the_console_starts_the_scheduler_with_its_window_and_stops_it_on_close(
    qtbot: QtBot, northwind: ServiceContext, paths: AppPaths, monkeypatch
) -> None:
    from PySide6.QtCore import QTimer

    from dispatch_console.ui import application

    started: list[ConsoleScheduler] = []
    real_start = application.start_scheduler

    visible_at_start: list[bool] = []

    def start(window: MainWindow, ctx: ServiceContext, app_paths: AppPaths) -> ConsoleScheduler:
        visible_at_start.append(window.isVisible())
        scheduler = real_start(window, ctx, app_paths)
        started.append(scheduler)
        return scheduler

    monkeypatch.setattr(application, "start_scheduler", start)
    shown: list[str] = []

    def look_and_close() -> None:
        # The scheduler starts once the window has drawn its first frame: until then, look again.
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                label = window.statusBar().findChild(SchedulerStatusLabel)
                if label is None:
                    QTimer.singleShot(10, look_and_close)
                    return
                shown.append(label.text())
                window.close()
                return
        QTimer.singleShot(10, look_and_close)

    QTimer.singleShot(0, look_and_close)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: QApplication.exit(3))
    safety.start(5000)
    try:
        assert application.run_gui(northwind, paths, []) == 0
    finally:
        safety.stop()
    assert shown == [NOT_YET]
    assert visible_at_start == [True]  # not before the window is on screen
    (scheduler,) = started
    assert not scheduler.scheduler.running
