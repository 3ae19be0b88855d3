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
from PySide6.QtWidgets import QApplication, QWidget

import dispatch_console

#: The words of the log line (the benchmark looks for them).
READY = "Main window ready"
#: A window that draws nothing for this long (restored minimised, say) is taken as ready anyway:
#: what waits for it (the scheduler) must not wait for ever.
AT_THE_LATEST_MS = 5_000

log = logging.getLogger("dispatch_console.ui")


class _FirstFrame(QObject):
    """Calls ``then`` once: after the first paint of the window or of anything in it (a window
    covered by opaque children is not painted itself), or after ``AT_THE_LATEST_MS``."""

    def __init__(self, window: QWidget, then: Callable[[bool], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[bool], None] | None = then
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        QTimer.singleShot(AT_THE_LATEST_MS, self, lambda: self._fire(painted=False))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.Paint
            and self._then is not None
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            # After the rest of the same frame is painted.
            QTimer.singleShot(0, self, lambda: self._fire(painted=True))
        return False

    def _fire(self, *, painted: bool) -> None:
        if self._then is None:
            return
        then, self._then = self._then, None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        then(painted)


def when_ready(window: QWidget, then: Callable[[], None]) -> None:
    """Log ``READY`` once ``window`` has drawn its first frame and the event loop runs, with the
    seconds since the program's package was first imported (the interpreter's own start, a few
    hundredths of a second, comes before that); then call ``then`` (what can wait until the
    dispatcher sees the window). Never called if ``window`` is deleted first."""

    def ready(painted: bool) -> None:
        seconds = time.perf_counter() - dispatch_console.IMPORTED_AT
        if painted:
            log.info("%s %.2f s after the start", READY, seconds)
        else:
            log.info("Main window not drawn %.2f s after the start (minimised?); going on", seconds)
        then()

    _FirstFrame(window, ready)
