"""Printing the board: the shown day or week as on the screen, scaled to the page, a page per
group of technicians (and per few days, when a whole week would make the hours too narrow to
read), with preview.

The page is laid out in "paper pixels" of 1/96 inch and every font has a pixel size: a font
in points would be sized again by the printer's resolution (1200 dpi makes 7 pt enormous).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from dispatch_console.domain.timekeeping import to_local
from dispatch_console.ui.board import style
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.painter import BoardPainter, day_text
from dispatch_console.ui.board.state import BoardState

PAPER_DPI = 96  # layout units per inch
NAME_WIDTH = 150
HEADER = 40
TITLE = 28
BAND_GAP = 8  # between bands of days stacked on one page
ROW_HEIGHT = 40
#: Rows are this tall when the hours are narrow, so a booking's number fits upright in it.
TALL_ROW_HEIGHT = 54
FONT_PX = 10  # booking text: 7.5 pt; the small lines are 8.5 px (6.4 pt)
TITLE_PX = 14
#: Narrower than this, an hour is too short for a booking's number: the days go on more pages.
MIN_PX_PER_HOUR = 16.0


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def rows_per_page(page_height: float, row_height: int = ROW_HEIGHT) -> int:
    return max(1, int((page_height - TITLE - HEADER) // row_height))


def row_height_for(axis: TimeAxis) -> int:
    """Taller rows when an hour is too narrow for a number written along the block."""
    return ROW_HEIGHT if axis.px_per_hour >= 40 else TALL_ROW_HEIGHT


def day_groups(axis: TimeAxis, width: float) -> list[TimeAxis]:
    """The shown period cut into runs of days that each fill ``width`` readably."""
    per_page = max(1, min(axis.days, int(width // (axis.hours_per_day * MIN_PX_PER_HOUR))))
    pages = math.ceil(axis.days / per_page)
    each, longer = divmod(axis.days, pages)  # even runs: 3 + 2 + 2 days, not 3 + 3 + 1
    groups = []
    first = 0
    for index in range(pages):
        days = each + (1 if index < longer else 0)
        groups.append(replace(axis, first_day=axis.day(first), days=days,
                              px_per_hour=width / (days * axis.hours_per_day)))
        first += days
    return groups


def _bands(page: QRectF, state: BoardState, groups: list[TimeAxis], row_height: int) -> list[list[tuple[TimeAxis, range]]]:
    """Pages of bands (a run of days over a run of rows), stacked down each page while they fit."""
    per_page = rows_per_page(page.height(), row_height)
    per_page = math.ceil(len(state.rows) / max(1, math.ceil(len(state.rows) / per_page)))  # 7 + 7, not 12 + 2
    chunks = [range(first, min(len(state.rows), first + per_page)) for first in range(0, len(state.rows), per_page)]
    pages: list[list[tuple[TimeAxis, range]]] = [[]]
    used = TITLE
    for fitted in groups:
        for rows in chunks or [range(0)]:
            height = BAND_GAP + HEADER + len(rows) * row_height
            if pages[-1] and used + height > page.height():
                pages.append([])
                used = TITLE
            pages[-1].append((fitted, rows))
            used += height
    return pages


def render_board(painter: QPainter, page: QRectF, state: BoardState, axis: TimeAxis, now: datetime,
                 new_page: Callable[[], object]) -> int:
    """Paint every row of the board, page after page, in paper pixels; returns the page count."""
    width = page.width() - NAME_WIDTH
    groups = day_groups(axis, width)
    row_height = row_height_for(groups[0])
    pages = _bands(page, state, groups, row_height)
    board = BoardPainter(state, _font(FONT_PX))
    board.numbers_always = True
    board.row_height = row_height
    printed = to_local(now, axis.zone)
    today = printed.date()
    last = axis.day(axis.days - 1)
    span = day_text(axis.first_day) + (f" – {day_text(last)}" if axis.days > 1 else "") + f" {last.year}"
    for number, bands in enumerate(pages, start=1):
        if number > 1:
            new_page()
        painter.save()
        painter.translate(page.left(), page.top())
        painter.setFont(_font(TITLE_PX, bold=True))
        painter.setPen(style.TEXT)
        painter.drawText(QRectF(0, 0, page.width(), TITLE),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"Schedule board — {span}")
        painter.setFont(_font(FONT_PX))
        painter.drawText(QRectF(0, 0, page.width(), TITLE),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         f"Page {number} of {len(pages)} · printed {day_text(today)} {today.year} {printed:%H:%M}")
        painter.translate(0, TITLE)
        for fitted, rows in bands:
            board.axis = fitted
            days = [fitted.day(i) for i in range(fitted.days)]
            painter.translate(0, BAND_GAP)
            painter.save()
            painter.translate(NAME_WIDTH, 0)
            board.paint_header(painter, 0, width, HEADER, today)
            painter.restore()
            painter.save()
            painter.translate(0, HEADER - rows.start * row_height)
            board.paint_names(painter, rows, NAME_WIDTH, days)
            painter.translate(NAME_WIDTH, 0)
            painter.setClipRect(QRectF(0, rows.start * row_height, width, len(rows) * row_height))
            board.paint_rows(painter, rows, 0, width, set())
            painter.restore()
            painter.translate(0, HEADER + len(rows) * row_height)
        painter.restore()
    return len(pages)


def print_on(device: QPagedPaintDevice, state: BoardState, axis: TimeAxis, now: datetime) -> int:
    """The board on a printer or PDF writer of any resolution; returns the page count."""
    painter = QPainter(device)
    scale = device.logicalDpiX() / PAPER_DPI
    painter.scale(scale, scale)
    paint = device.pageLayout().paintRectPixels(device.logicalDpiX())
    page = QRectF(0, 0, paint.width() / scale, paint.height() / scale)
    pages = render_board(painter, page, state, axis, now, device.newPage)
    painter.end()
    return pages


def write_pdf(path: str, state: BoardState, axis: TimeAxis, now: datetime) -> int:
    """The printed board as a PDF file (landscape Letter, at a printer's 1200 dpi); returns the page count."""
    writer = QPdfWriter(path)
    writer.setResolution(1200)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                                     QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    return print_on(writer, state, axis, now)


def preview_board(parent: QWidget, state: BoardState, axis: TimeAxis, now: datetime) -> None:
    """The system print dialog, with a preview first."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print the board")
    dialog.paintRequested.connect(lambda target: print_on(target, state, axis, now))
    dialog.exec()
