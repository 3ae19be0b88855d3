"""Printing the board: the shown day or week, a page per group of technicians, with preview."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from dispatch_console.domain.timekeeping import to_local
from dispatch_console.ui.board import style
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.painter import BoardPainter
from dispatch_console.ui.board.state import BoardState

NAME_WIDTH = 150
HEADER = 40
TITLE = 28
ROW_HEIGHT = 34


def rows_per_page(page_height: float) -> int:
    return max(1, int((page_height - TITLE - HEADER) // ROW_HEIGHT))


def render_board(painter: QPainter, page: QRectF, state: BoardState, axis: TimeAxis, now: datetime,
                 new_page) -> int:  # type: ignore[no-untyped-def]
    """Paint every row of the board, page after page; returns the number of pages."""
    per_page = rows_per_page(page.height())
    total = max(1, math.ceil(len(state.rows) / per_page))
    width = page.width() - NAME_WIDTH
    fitted = replace(axis, px_per_hour=width / (axis.days * axis.hours_per_day))
    font = QFont("DejaVu Sans", 7)
    board = BoardPainter(state, font)
    board.axis = fitted
    board.row_height = ROW_HEIGHT
    days = [fitted.day(i) for i in range(fitted.days)]
    for number in range(total):
        if number:
            new_page()
        first = number * per_page
        rows = range(first, min(len(state.rows), first + per_page))
        painter.save()
        painter.translate(page.left(), page.top())
        painter.setFont(QFont("DejaVu Sans", 10, QFont.Weight.Bold))
        painter.setPen(style.TEXT)
        span = days[0].strftime("%a %d %b %Y") if len(days) == 1 else (
            f"{days[0]:%a %d %b} – {days[-1]:%a %d %b %Y}"
        )
        painter.drawText(QRectF(0, 0, page.width(), TITLE), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         f"Schedule board — {span}")
        painter.setFont(QFont("DejaVu Sans", 7))
        printed = to_local(now, axis.zone)
        painter.drawText(QRectF(0, 0, page.width(), TITLE), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         f"Page {number + 1} of {total} · printed {printed:%a %d %b %Y %H:%M}")
        painter.translate(0, TITLE)
        painter.save()
        painter.translate(NAME_WIDTH, 0)
        board.paint_header(painter, 0, width, HEADER, to_local(now, axis.zone).date())
        painter.restore()
        painter.translate(0, HEADER - first * ROW_HEIGHT)
        board.paint_names(painter, rows, NAME_WIDTH, days)
        painter.translate(NAME_WIDTH, 0)
        painter.setClipRect(QRectF(0, first * ROW_HEIGHT, width, len(rows) * ROW_HEIGHT))
        board.paint_rows(painter, rows, 0, width, set())
        painter.restore()
    return total


def write_pdf(path: str, state: BoardState, axis: TimeAxis, now: datetime) -> int:
    """The printed board as a PDF file (landscape Letter); returns the page count."""
    writer = QPdfWriter(path)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                                     QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    writer.setResolution(96)
    painter = QPainter(writer)
    page = QRectF(0, 0, writer.width(), writer.height())
    pages = render_board(painter, page, state, axis, now, writer.newPage)
    painter.end()
    return pages


def preview_board(parent: QWidget, state: BoardState, axis: TimeAxis, now: datetime) -> None:
    """The system print dialog, with a preview first."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print the board")

    def paint(target: QPrinter) -> None:
        painter = QPainter(target)
        rect = target.pageLayout().paintRectPixels(target.resolution())
        scale = target.resolution() / 96
        painter.scale(scale, scale)
        page = QRectF(0, 0, rect.width() / scale, rect.height() / scale)
        render_board(painter, page, state, axis, now, target.newPage)
        painter.end()

    dialog.paintRequested.connect(paint)
    dialog.exec()
