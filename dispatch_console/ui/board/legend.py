"""What the board's colours and marks mean (the swatches come from style.LEGEND)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from dispatch_console.ui.board import style

SWATCH = 14


def paint_swatch(p: QPainter, swatch: style.Swatch, rect: QRectF) -> None:
    """One legend swatch: its fill, hatch, in-progress bar, edge and sign (the printout uses it too)."""
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(swatch.fill)
    p.drawRoundedRect(rect, 3, 3)
    if swatch.pattern is not None:
        hatch = style.TIME_OFF_HATCH if swatch.fill == style.TIME_OFF else QColor(255, 255, 255, 110)
        p.setBrush(QBrush(hatch, swatch.pattern))
        p.drawRoundedRect(rect, 3, 3)
    if swatch.bar:
        p.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), QColor(255, 255, 255, 200))
    if swatch.edge is not None:
        p.setPen(QPen(swatch.edge, swatch.edge_width, swatch.edge_style))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
    if swatch.sign:
        font = p.font()
        font.setBold(True)
        p.setFont(font)
        p.setPen(style.text_on(swatch.fill))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, swatch.sign)
    p.restore()


class BoardLegend(QWidget):
    """A strip under the board: type colours, status and priority marks, shading."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = self.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.setFont(font)
        self.setMinimumHeight(2 * (SWATCH + 8) + 8)

    def entries(self) -> list[tuple[str, str]]:
        """(kind, label) pairs in drawing order; tests read them."""
        return [(key, label) for key, label, _swatch in style.LEGEND]

    def sizeHint(self) -> QSize:
        return QSize(900, self._layout(900)[1])

    def height_for(self, width: int) -> int:
        """The height every entry needs when wrapped to ``width``."""
        return self._layout(width)[1]

    def _layout(self, width: int) -> tuple[list[tuple[style.Swatch, str, float, float, float]], int]:
        """Where each entry goes when wrapped to ``width``, and the height that needs."""
        metrics = self.fontMetrics()
        placed = []
        x, y = 8.0, 6.0
        for _key, label, swatch in style.LEGEND:
            w = SWATCH * 1.6 + 5 + metrics.horizontalAdvance(label) + 10
            if x + w > width - 8 and x > 8.0:
                x, y = 8.0, y + SWATCH + 8
            placed.append((swatch, label, x, y, w))
            x += w
        return placed, int(y + SWATCH + 8)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self._layout(self.width())[1]
        if self.minimumHeight() != height:
            self.setFixedHeight(height)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), style.HEADER_BG)
        for swatch, label, x, y, width in self._layout(self.width())[0]:
            paint_swatch(p, swatch, QRectF(x, y, SWATCH * 1.6, SWATCH))
            p.setPen(style.TEXT)
            p.drawText(QRectF(x + SWATCH * 1.6 + 5, y - 2, width, SWATCH + 4),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        p.end()
