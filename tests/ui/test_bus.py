"""The change bus: one signal, on the GUI thread, merged, and other PCs' changes too."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.services import dispatch
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui.bus import ChangeBus


def test_notifications_arrive_later_as_one_signal(qtbot: QtBot, ctx: ServiceContext) -> None:
    bus = ChangeBus(ctx)
    received: list[Changes] = []
    bus.changed.connect(received.append)
    ctx.notify(Changes(frozenset({"work_order"}), frozenset({"WO-1001"})))
    ctx.notify(Changes(frozenset({"booking"}), frozenset({"WO-1002"})))
    assert received == []  # queued: delivered from the event loop, after the operation
    qtbot.waitUntil(lambda: len(received) == 1, timeout=1000)
    assert received[0] == Changes(
        frozenset({"work_order", "booking"}), frozenset({"WO-1001", "WO-1002"})
    )
    assert received[0].touches("booking")
    bus.detach()


def test_notifications_from_a_worker_thread_land_on_the_gui_thread(
    qtbot: QtBot, ctx: ServiceContext
) -> None:
    bus = ChangeBus(ctx)
    threads: list[QThread] = []
    bus.changed.connect(lambda _changes: threads.append(QThread.currentThread()))
    worker = threading.Thread(target=lambda: ctx.notify(Changes(frozenset({"work_order"}))))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(threads), timeout=1000)
    assert threads == [QApplication.instance().thread()]
    bus.detach()


def test_detached_bus_is_silent(qtbot: QtBot, ctx: ServiceContext) -> None:
    bus = ChangeBus(ctx)
    bus.detach()
    assert not bus.attached
    assert ctx.listeners == []
    with qtbot.assertNotEmitted(bus.changed, wait=50):
        ctx.notify(Changes(frozenset({"work_order"})))


def test_changes_made_on_another_pc_are_announced(qtbot: QtBot, northwind: ServiceContext) -> None:
    bus = ChangeBus(northwind)
    bus.follow_other_pcs(interval_ms=50)
    other_pc = ServiceContext(db=northwind.db, actor="Sam at the other desk", clock=northwind.clock)
    start = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    end = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    with qtbot.waitSignal(bus.changed, timeout=2000) as signal:
        dispatch.book(other_pc, "WO-1011", "T003", start, end)
    changes = signal.args[0]
    assert changes.touches("booking", "work_order")
    assert "WO-1011" in changes.work_orders
    bus.detach()


def test_own_changes_are_not_announced_twice(qtbot: QtBot, northwind: ServiceContext) -> None:
    bus = ChangeBus(northwind)
    bus.follow_other_pcs(interval_ms=60_000)
    received: list[Changes] = []
    bus.changed.connect(received.append)
    start = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    dispatch.book(northwind, "WO-1011", "T003", start, start.replace(hour=16))
    qtbot.waitUntil(lambda: len(received) == 1, timeout=1000)
    assert bus.poll_other_pcs() == Changes()
    qtbot.wait(20)
    assert len(received) == 1
    bus.detach()
