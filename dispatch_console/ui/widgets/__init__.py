"""Small widgets the screens share: chips, read-only tables, placeholders."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.ui.plain_text import plain_label, tooltip

#: Background and text colour of a status chip.
STATUS_CHIP = {
    "open": ("#e3f2fd", "#0d47a1"),
    "scheduled": ("#e8eaf6", "#1a237e"),
    "dispatched": ("#ede7f6", "#4527a0"),
    "in_progress": ("#fff8e1", "#8d6e00"),
    "on_hold": ("#fff3e0", "#bf360c"),
    "completed": ("#e8f5e9", "#1b5e20"),
    "verified": ("#e0f2f1", "#004d40"),
    "invoiced": ("#f1f8e9", "#33691e"),
    "closed": ("#eeeeee", "#424242"),
    "cancelled": ("#fbe9e7", "#8d2a1a"),
}
PRIORITY_CHIP = {
    "emergency": ("#d32f2f", "#ffffff"),
    "high": ("#f57c00", "#ffffff"),
    "normal": ("#e3f2fd", "#0d47a1"),
    "low": ("#eeeeee", "#424242"),
}
NEUTRAL_CHIP = ("#eceff1", "#37474f")

# Every helper below shows its text as plain text (dispatch_console.ui.plain_text): a work
# order's summary or a name given to them is never taken for markup.


def chip(text: str, colors: tuple[str, str] = NEUTRAL_CHIP) -> QLabel:
    """A small rounded label, for a status, priority or type."""
    background, foreground = colors
    widget = plain_label(text)
    widget.setStyleSheet(
        f"QLabel {{ background: {background}; color: {foreground}; border-radius: 9px;"
        " padding: 2px 10px; font-weight: bold; }"
    )
    return widget


def heading(text: str, *, scale: float = 1.35) -> QLabel:
    widget = plain_label(text)
    font = QFont(widget.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget


def hint(text: str) -> QLabel:
    """A grey explanatory paragraph."""
    widget = plain_label(text, wrap=True)
    widget.setStyleSheet("QLabel { color: palette(placeholder-text); }")
    return widget


def placeholder(text: str) -> QWidget:
    """What an empty tab or list says instead of showing an empty pane."""
    box = QWidget()
    layout = QVBoxLayout(box)
    label = plain_label(text, wrap=True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("QLabel { color: palette(placeholder-text); font-size: 11pt; }")
    layout.addStretch(1)
    layout.addWidget(label)
    layout.addStretch(2)
    return box


def read_only_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | QTableWidgetItem]],
    *,
    stretch: int | None = None,
    right_aligned: Sequence[int] = (),
) -> QTableWidget:
    """A table of text the user can select and copy but not edit."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = value if isinstance(value, QTableWidgetItem) else QTableWidgetItem(value)
            if c in right_aligned:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not item.toolTip() and item.text():
                item.setToolTip(tooltip(item.text()))
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    table.resizeColumnsToContents()
    for c in range(len(headers)):
        if c != stretch:
            header.resizeSection(c, min(header.sectionSize(c) + 12, 240))
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return table
