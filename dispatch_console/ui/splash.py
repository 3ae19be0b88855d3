"""The start-up card: something on screen at once, saying what the console is doing.

Opening a large database (or upgrading its schema after an update) and building the first page
can take more than half a second; a dispatcher who double-clicks the icon should see at once
that the console is coming, not wonder whether the click was taken. The card is drawn by Qt
in the bundled font and palette (no image file to ship), and closes when the window is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen, QWidget

import dispatch_console

#: Logical size of the card; drawn at the screen's pixel ratio so it is sharp at 200 %.
CARD_WIDTH = 440
CARD_HEIGHT = 180
ACCENT = QColor("#1f5f99")


def _card() -> QPixmap:
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(int(CARD_WIDTH * ratio), int(CARD_HEIGHT * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRect(0, 0, CARD_WIDTH, 8), ACCENT)
        painter.setPen(QColor("#c8ccd2"))
        painter.drawRect(QRect(0, 0, CARD_WIDTH - 1, CARD_HEIGHT - 1))
        title = QFont(QApplication.font())
        title.setPointSizeF(20)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(ACCENT)
        painter.drawText(QRect(28, 36, CARD_WIDTH - 56, 40), Qt.AlignmentFlag.AlignLeft, "Dispatch Console")
        small = QFont(QApplication.font())
        small.setPointSizeF(10)
        painter.setFont(small)
        painter.setPen(QColor("#555b63"))
        painter.drawText(
            QRect(28, 78, CARD_WIDTH - 56, 24),
            Qt.AlignmentFlag.AlignLeft,
            f"Version {dispatch_console.__version__}",
        )
    finally:
        painter.end()
    return pixmap


class StartupSplash(QSplashScreen):
    """Shown before the database is opened; ``say`` tells the current step, ``finish`` closes it."""

    def __init__(self) -> None:
        super().__init__(_card())
        self.setObjectName("StartupSplash")
        self.setWindowTitle("Dispatch Console")

    def say(self, step: str) -> None:
        """Show ``step`` ("Opening the database…") and paint it now: the next step blocks."""
        self.showMessage(step)
        QApplication.processEvents()

    def event(self, event: QEvent) -> bool:
        # Qt's splash screen, on being shown, waits up to a second for the window system to report
        # it mapped; on X11 and Wayland that report cannot come until the event loop runs, so every
        # start lost a whole second (FreeCAD met the same: FreeCAD/FreeCAD#29917). The card is
        # painted by ``say`` anyway; skip the wait.
        if event.type() == QEvent.Type.Show:
            return QWidget.event(self, event)
        return super().event(event)

    def drawContents(self, painter: QPainter) -> None:
        # Under the title, in its margin (Qt's own places it in the corner).
        painter.setPen(QColor("#333a42"))
        painter.drawText(
            QRect(28, CARD_HEIGHT - 64, CARD_WIDTH - 56, 40),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            self.message(),
        )

    def finish_on(self, window: QWidget) -> None:
        """Close now that ``window`` is shown (Qt's ``finish`` would wait for the window system
        to report it mapped, the same lost second as on showing)."""
        self.close()
