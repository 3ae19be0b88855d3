"""The board's visual vocabulary: colours by work order type, marks by status and priority."""

from __future__ import annotations

from PySide6.QtGui import QColor

from dispatch_console.domain.enums import Priority, Status, WorkOrderType

TYPE_COLOURS: dict[WorkOrderType, QColor] = {
    WorkOrderType.PREVENTIVE: QColor("#3f9a68"),
    WorkOrderType.CORRECTIVE: QColor("#d9822b"),
    WorkOrderType.EMERGENCY: QColor("#cf3b3b"),
    WorkOrderType.INSPECTION: QColor("#3f78c0"),
    WorkOrderType.GENERAL: QColor("#7b8494"),
    WorkOrderType.INSTALLATION: QColor("#8a5fc2"),
}

#: A short sign before the label, for what the colour cannot say.
STATUS_SIGNS: dict[Status, str] = {
    Status.SCHEDULED: "",
    Status.DISPATCHED: "➜ ",
    Status.IN_PROGRESS: "▶ ",
    Status.ON_HOLD: "‖ ",
    Status.COMPLETED: "✓ ",
    Status.VERIFIED: "✓ ",
    Status.INVOICED: "✓ ",
    Status.CLOSED: "✓ ",
}
PRIORITY_SIGNS: dict[Priority, str] = {Priority.EMERGENCY: "!! ", Priority.HIGH: "! "}

DONE = frozenset({Status.COMPLETED, Status.VERIFIED, Status.INVOICED, Status.CLOSED})

GRID = QColor("#d9dde3")
GRID_DAY = QColor("#98a2b3")
ROW_EVEN = QColor("#ffffff")
ROW_ODD = QColor("#f6f7f9")
OFF_SHIFT = QColor("#e4e7ec")
TIME_OFF = QColor("#f2c4a0")
OVERBOOKED = QColor("#fde2e1")
NOW_LINE = QColor("#e0245e")
SELECTION = QColor("#1d4ed8")
LATE = QColor("#b42318")
EMERGENCY_EDGE = QColor("#7a0916")
GHOST_OK = QColor(22, 163, 74, 110)
GHOST_CONFLICT = QColor(220, 38, 38, 110)
TRAVEL_OK = QColor("#667085")
TRAVEL_SHORT = QColor("#d92d20")
HEADER_BG = QColor("#eef1f5")
TEXT = QColor("#101828")
TEXT_MUTED = QColor("#475467")


def block_fill(type_: WorkOrderType, status: Status) -> QColor:
    """Scheduled blocks are lighter than dispatched ones; finished ones are faded."""
    base = QColor(TYPE_COLOURS[type_])
    if status in DONE:
        faded = QColor(base)
        faded.setHsv(base.hsvHue(), max(0, base.hsvSaturation() // 3), min(255, base.value() + 40))
        return faded
    if status == Status.SCHEDULED:
        return base.lighter(135)
    return base


def text_on(fill: QColor) -> QColor:
    """Black or white text, whichever reads better on the fill."""
    luminance = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue()
    return QColor("#101828") if luminance > 160 else QColor("#ffffff")
