"""Python's cyclic garbage collector runs on the GUI thread only.

Left automatic, a collection starts on whichever thread happens to allocate: a save's worker
thread or the scheduler's. If the garbage holds a Qt object (a closed dialog's wrapper in a
reference cycle), Qt deletes it off the GUI thread and the process can crash. So the console
turns automatic collection off and collects on the GUI thread, on a timer and whenever a
dialog closes (the pattern Anki uses for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread collects.
INTERVAL_MS = 30_000


class GuiThreadCollector(QObject):
    """Owns the collection while it lives; ``stop`` gives it back to Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        gc.collect()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
