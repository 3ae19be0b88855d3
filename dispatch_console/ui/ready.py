"""Saying in the log when the main window is first on screen, and how long the start took.

"The console is slow to open" is a common complaint on an office PC with years of history; the
log line gives support the figure the user felt (from the process's start to the first frame of
the window, the event loop running), and the start-up benchmark reads the same line, so what it
measures is the console as the user starts it rather than a copy of its start in a test script.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

import dispatch_console

#: The words of the log line (the benchmark looks for them).
READY = "Main window ready"

log = logging.getLogger("dispatch_console.ui")


class _FirstFrame(QObject):
    """Calls ``then`` once, after the window's first paint has been handled."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after the children's paint of the same frame
        return False


def when_ready(window: QWidget, then: Callable[[], None]) -> None:
    """Log ``READY`` once ``window`` has drawn its first frame and the event loop runs, with the
    seconds since the program's package was first imported (the interpreter's own start, a few
    hundredths of a second, comes before that); then call ``then`` (what can wait until the
    dispatcher sees the window)."""

    def ready() -> None:
        log.info("%s %.2f s after the start", READY, time.perf_counter() - dispatch_console.IMPORTED_AT)
        then()

    _FirstFrame(window, ready)
