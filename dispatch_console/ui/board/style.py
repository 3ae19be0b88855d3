"""The board's visual vocabulary, in one place for the screen, the legend and the printout.

Type colours are the Okabe–Ito palette (readable with every common colour-vision deficiency);
status changes a block's lightness and adds a sign, so no status borrows a type's colour, and
the shading of rows (off shift, time off, over-booked) stays clear of every block colour.
``tests/ui/board/test_palette.py`` holds every pair of meanings apart by a real margin.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.lifecycle import is_finished

TYPE_COLOURS: dict[WorkOrderType, QColor] = {
    WorkOrderType.PREVENTIVE: QColor("#009E73"),  # bluish green
    WorkOrderType.CORRECTIVE: QColor("#E69F00"),  # orange
    WorkOrderType.EMERGENCY: QColor("#D55E00"),  # vermillion
    WorkOrderType.INSPECTION: QColor("#56B4E9"),  # sky blue
    WorkOrderType.GENERAL: QColor("#F0E442"),  # yellow
    WorkOrderType.INSTALLATION: QColor("#CC79A7"),  # reddish purple
}
#: The neutral the legend shows the statuses on (no type is drawn in it).
STATUS_SAMPLE = QColor("#202020")

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
    Status.CANCELLED: "✕ ",
}
PRIORITY_SIGNS: dict[Priority, str] = {Priority.EMERGENCY: "!! ", Priority.HIGH: "! "}
CONFLICT_SIGN = "⚠ "

#: How far a scheduled block is lightened toward white, and a finished one toward pale grey.
SCHEDULED_LIGHTEN = 0.3
FINISHED_FADE = 0.6
_WHITE = QColor("#ffffff")
_FADED = QColor("#ebebeb")

GRID = QColor("#d9dde3")
GRID_DAY = QColor("#98a2b3")
ROW_EVEN = QColor("#ffffff")
ROW_ODD = QColor("#f6f7f9")
OFF_SHIFT = QColor("#e4e7ec")
TIME_OFF = QColor("#b9c0cb")
TIME_OFF_HATCH = QColor(71, 84, 103, 110)
OVERBOOKED = QColor("#fde2e1")
NOW_LINE = QColor("#e0245e")
SELECTION = QColor("#1d4ed8")
LATE = QColor("#b42318")
EMERGENCY_EDGE = QColor("#5c0a12")
GHOST_OK = QColor(22, 163, 74, 90)
GHOST_CONFLICT = QColor(220, 38, 38, 90)
GHOST_EDGE_OK = QColor("#067647")
GHOST_EDGE_CONFLICT = QColor("#b42318")
TRAVEL_OK = QColor("#667085")
TRAVEL_SHORT = QColor("#d92d20")
HEADER_BG = QColor("#eef1f5")
TODAY_BG = QColor("#dbe7fb")
TEXT = QColor("#101828")
TEXT_MUTED = QColor("#475467")
NOTE_OK_BG = QColor("#ecfdf3")
NOTE_PROBLEM_BG = QColor("#fffbea")


def mix(colour: QColor, toward: QColor, amount: float) -> QColor:
    """``colour`` moved ``amount`` (0..1) of the way to ``toward``, channel by channel."""
    return QColor(
        round(colour.red() + (toward.red() - colour.red()) * amount),
        round(colour.green() + (toward.green() - colour.green()) * amount),
        round(colour.blue() + (toward.blue() - colour.blue()) * amount),
    )


def status_fill(base: QColor, status: Status) -> QColor:
    """Scheduled blocks are lighter than dispatched ones; finished ones are faded."""
    if is_finished(status):
        return mix(base, _FADED, FINISHED_FADE)
    if status == Status.SCHEDULED:
        return mix(base, _WHITE, SCHEDULED_LIGHTEN)
    return QColor(base)


def block_fill(type_: WorkOrderType, status: Status) -> QColor:
    return status_fill(TYPE_COLOURS[type_], status)


def text_on(fill: QColor) -> QColor:
    """Black or white text, whichever reads better on the fill."""
    luminance = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue()
    return QColor("#101828") if luminance > 150 else QColor("#ffffff")


@dataclass(frozen=True)
class Swatch:
    """How the legend draws one meaning: a fill, and what marks it besides the colour."""

    fill: QColor
    pattern: Qt.BrushStyle | None = None  # a hatch over the fill
    edge: QColor | None = None
    edge_style: Qt.PenStyle = Qt.PenStyle.SolidLine
    edge_width: float = 0.0
    bar: bool = False  # the white bar of work in progress
    sign: str = ""


#: Every meaning the board draws, in the legend's order: (key, label, swatch). The swatch
#: shows the look (colour, hatch, edge, sign), the label says it in words.
LEGEND: list[tuple[str, str, Swatch]] = [
    *((f"type:{t.value}", t.value.title(), Swatch(TYPE_COLOURS[t])) for t in WorkOrderType),
    ("status:scheduled", "Scheduled (lighter)", Swatch(status_fill(STATUS_SAMPLE, Status.SCHEDULED))),
    ("status:dispatched", "Dispatched", Swatch(STATUS_SAMPLE, sign="➜")),
    ("status:in_progress", "In progress", Swatch(STATUS_SAMPLE, bar=True, sign="▶")),
    ("status:on_hold", "On hold", Swatch(STATUS_SAMPLE, pattern=Qt.BrushStyle.BDiagPattern, sign="‖")),
    ("status:done", "Done (faded)", Swatch(status_fill(STATUS_SAMPLE, Status.COMPLETED), sign="✓")),
    ("mark:emergency", "Emergency priority", Swatch(ROW_EVEN, edge=EMERGENCY_EDGE, edge_width=2.5, sign="!!")),
    ("mark:late", "Late", Swatch(ROW_EVEN, edge=LATE, edge_style=Qt.PenStyle.DashLine, edge_width=2)),
    ("mark:conflict", "Conflict confirmed", Swatch(ROW_EVEN, edge=GRID_DAY, edge_width=1, sign="⚠")),
    ("shade:off", "Off shift", Swatch(OFF_SHIFT, edge=GRID, edge_width=1)),
    ("shade:time_off", "Time off", Swatch(TIME_OFF, pattern=Qt.BrushStyle.BDiagPattern, edge=GRID, edge_width=1)),
    ("shade:over", "Over-booked", Swatch(OVERBOOKED, edge=GRID, edge_width=1)),
]
