"""The one signal that tells every view what the services changed (Anki's OpChanges hook)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from dispatch_console.services import changes as other_pcs
from dispatch_console.services.context import Changes, ServiceContext

#: How often the audit log is read for other PCs' changes (milliseconds).
FOLLOW_INTERVAL_MS = 3000  # other PCs' changes show within a few seconds


class ChangeBus(QObject):
    """Re-emits the service context's change notifications on the GUI thread.

    This is the one path by which views learn of changes: this PC's (every unit of work
    announces what it committed) and other PCs' (read from the audit log) alike. Services
    notify from whatever thread ran them (a dialog, an import worker, the scheduler); the bus
    delivers on the GUI thread: at once when an operation asks (``deliver_now``, after it has
    run), otherwise from the event loop through a queued signal. Notifications that arrive
    before delivery are merged into one, so an import that notifies a hundred times makes
    each view refresh once.

    Once ``follow_other_pcs`` is called, the bus also reads the audit log every few
    seconds and announces what other dispatchers' consoles changed, the same way.

    Signals:
        changed: a ``services.context.Changes`` describing what was changed.
    """

    changed = Signal(object)
    _pending_posted = Signal()

    def __init__(self, ctx: ServiceContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._lock = threading.Lock()
        self._pending: Changes | None = None
        self._pending_posted.connect(
            self._on_self_pending_posted, Qt.ConnectionType.QueuedConnection
        )
        ctx.subscribe(self._on_ctx_notified)
        self._attached = True
        # From now on: what other consoles change after this window opened.
        self._cursor = other_pcs.start_cursor(ctx)
        self._follow_timer = QTimer(self)
        self._follow_timer.timeout.connect(self._on_follow_timer_timeout)

    @property
    def attached(self) -> bool:
        return self._attached

    def detach(self) -> None:
        """Stop listening to the context and to other PCs (the window is closing)."""
        self._follow_timer.stop()
        if self._attached:
            self._ctx.unsubscribe(self._on_ctx_notified)
            self._attached = False

    def follow_other_pcs(self, interval_ms: int = FOLLOW_INTERVAL_MS) -> None:
        """Start announcing the changes other consoles make to the shared database."""
        self._follow_timer.start(interval_ms)

    @contextmanager
    def holding_other_pcs(self) -> Iterator[None]:
        """Other PCs' changes wait while an operation runs, so no view reloads under its feet."""
        following = self._follow_timer.isActive()
        self._follow_timer.stop()
        try:
            yield
        finally:
            if following and self._attached:
                self._follow_timer.start()

    def poll_other_pcs(self) -> Changes:
        """Read the audit log once now and deliver what other consoles changed since last time."""
        self._cursor, changes = other_pcs.changes_since(self._ctx, self._cursor)
        if changes:
            self._on_ctx_notified(changes)
            self.deliver_now()
        return changes

    @Slot()
    def _on_follow_timer_timeout(self) -> None:
        self.poll_other_pcs()

    def _on_ctx_notified(self, changes: Changes) -> None:
        # Any thread: only touch the lock and post an event.
        with self._lock:
            first = self._pending is None
            self._pending = changes if first else self._pending | changes  # type: ignore[operator]
        if first:
            try:
                self._pending_posted.emit()
            except RuntimeError:
                # The Qt object is gone (window closed without detaching): stop listening.
                self._ctx.unsubscribe(self._on_ctx_notified)

    def deliver_now(self) -> None:
        """Deliver what is pending at once (an operation just ran on the GUI thread)."""
        self._on_self_pending_posted()

    @Slot()
    def _on_self_pending_posted(self) -> None:
        with self._lock:
            changes, self._pending = self._pending, None
        if changes is not None and self._attached:
            self.changed.emit(changes)


@runtime_checkable
class Refreshes(Protocol):
    def refresh(self) -> None: ...


class StaleWhileHidden(QObject):
    """Keeps a view current the one way: a change it shows (``bus.changed`` touching one of
    ``kinds``) calls the view's ``refresh()`` at once while it is shown; while it is hidden the
    view is only marked stale, and refreshed when next shown (a hidden page reads nothing).

    The view's own ``refresh()`` says it is current again (``stale = False``), so a refresh it
    did for another reason is not repeated when it is shown. ``stale=True`` at the start: the
    view is first read when first shown.
    """

    def __init__(self, view: QWidget, bus: ChangeBus, *kinds: str, stale: bool = False) -> None:
        super().__init__(view)  # the view is found as the parent: no reference back to it
        self.stale = stale
        self._kinds = kinds
        bus.changed.connect(self._on_bus_changed)
        view.installEventFilter(self)

    def _refresh(self) -> None:
        view = self.parent()
        assert isinstance(view, Refreshes)
        self.stale = False
        view.refresh()

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches(*self._kinds):
            return
        view = self.parent()
        if isinstance(view, QWidget) and view.isVisible():
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched is self.parent() and self.stale:
            self._refresh()
        return False
