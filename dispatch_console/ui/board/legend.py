"""What the board's colours and marks mean."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.ui.board import style

SWATCH = 14


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
        items = [("type:" + t.value, t.value.title()) for t in WorkOrderType]
        items += [
            ("status:scheduled", "Scheduled"),
            ("status:dispatched", "➜ Dispatched"),
            ("status:in_progress", "▶ In progress"),
            ("status:on_hold", "‖ On hold"),
            ("status:done", "✓ Done"),
            ("mark:emergency", "!! Emergency"),
            ("mark:late", "Late"),
            ("mark:conflict", "⚠ Conflict confirmed"),
            ("shade:off", "Off shift"),
            ("shade:time_off", "Time off"),
            ("shade:over", "Over-booked"),
        ]
        return items

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(900, self._layout(900)[1])

    def _layout(self, width: int) -> tuple[list[tuple[str, str, float, float, float]], int]:
        """Where each entry goes when wrapped to ``width``, and the height that needs."""
        metrics = self.fontMetrics()
        placed = []
        x, y = 8.0, 6.0
        for kind, label in self.entries():
            w = SWATCH * 1.6 + 5 + metrics.horizontalAdvance(label) + 10
            if x + w > width - 8 and x > 8.0:
                x, y = 8.0, y + SWATCH + 8
            placed.append((kind, label, x, y, w))
            x += w
        return placed, int(y + SWATCH + 8)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        super().resizeEvent(event)
        height = self._layout(self.width())[1]
        if self.minimumHeight() != height:
            self.setFixedHeight(height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.fillRect(self.rect(), style.HEADER_BG)
        for kind, label, x, y, width in self._layout(self.width())[0]:
            self._swatch(p, kind, QRectF(x, y, SWATCH * 1.6, SWATCH))
            p.setPen(style.TEXT)
            p.drawText(QRectF(x + SWATCH * 1.6 + 5, y - 2, width, SWATCH + 4),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        p.end()

    def _swatch(self, p: QPainter, kind: str, rect: QRectF) -> None:
        group, _, name = kind.partition(":")
        p.setPen(Qt.PenStyle.NoPen)
        if group == "type":
            p.setBrush(style.TYPE_COLOURS[WorkOrderType(name)])
            p.drawRoundedRect(rect, 3, 3)
        elif group == "status":
            status = Status.COMPLETED if name == "done" else Status(name)
            p.setBrush(style.block_fill(WorkOrderType.INSPECTION, status))
            p.drawRoundedRect(rect, 3, 3)
            if status == Status.ON_HOLD:
                p.setBrush(QBrush(QColor(0, 0, 0, 60), Qt.BrushStyle.BDiagPattern))
                p.drawRoundedRect(rect, 3, 3)
            if status == Status.IN_PROGRESS:
                p.fillRect(QRectF(rect.left(), rect.top(), 3, rect.height()), QColor(255, 255, 255, 200))
        elif group == "mark":
            p.setBrush(style.TYPE_COLOURS[WorkOrderType.GENERAL].lighter(130))
            p.drawRoundedRect(rect, 3, 3)
            pen = {
                "emergency": QPen(style.EMERGENCY_EDGE, 2.5),
                "late": QPen(style.LATE, 2, Qt.PenStyle.DashLine),
                "conflict": QPen(QColor("#b54708"), 1.5),
            }[name]
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
        else:
            colour = {"off": style.OFF_SHIFT, "time_off": style.TIME_OFF, "over": style.OVERBOOKED}[name]
            p.setPen(QPen(style.GRID, 1))
            p.setBrush(colour)
            p.drawRect(rect)
