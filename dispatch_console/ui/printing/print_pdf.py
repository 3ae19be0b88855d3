"""Printing and previewing PDF bytes through the system's print dialog.

Qt prints by painting; a PDF is painted page by page as a picture rendered by PDFium
(``pypdfium2``): at the printer's resolution when printing (at most ``PRINT_DPI_LIMIT``), at a
screen's resolution for the preview. Each page is scaled to the paper's printable area keeping
its proportions and centred on it, so whatever paper size and orientation the dispatcher
chooses, the whole page is printed. The pages, copies and order chosen in the dialog are
honoured.
"""

from __future__ import annotations

import math

import pypdfium2
from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from dispatch_console.ui.fitting import keep_on_screen

#: A printer may claim 1200 dpi or more; a page rendered finer than this is no sharper on paper
#: and would take half a gigabyte.
PRINT_DPI_LIMIT = 600
#: The preview's resolution for a short document; a long one gets less, down to the floor.
PREVIEW_DPI = 150
PREVIEW_DPI_FLOOR = 72
#: What a preview's pages may take in memory together (bytes), so a day of 200 crews opens.
PREVIEW_BUDGET = 400_000_000
#: How large the preview opens (bounded by the screen).
PREVIEW_SIZE = QSize(900, 1000)


class PrintFailed(Exception):
    """The printer could not be started (no printer, an output file that cannot be written)."""


def page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def printer_for(pdf: bytes, title: str) -> QPrinter:
    """A printer set up for ``pdf``: the paper size and orientation of its first page, and no
    margins of our own (the document has its own; the printer keeps those it cannot print in)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size() if len(document) else (612.0, 792.0)
    finally:
        document.close()
    size = QPageSize(
        QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,
    )
    printer.setPageSize(size)
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    return printer


def chosen_pages(printer: QPrinter, count: int, *, preview: bool = False) -> list[int]:
    """The pages (0-based) to paint, in the order to paint them: the range and page order chosen
    in the dialog, each page or the whole run repeated for the copies when the printer does not
    make copies itself. A preview shows every page once."""
    if preview:
        return list(range(count))
    pages = list(range(count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [i for i in pages if ranges.contains(i + 1)]
        elif printer.fromPage() > 0:
            pages = [i for i in pages if printer.fromPage() <= i + 1 <= max(printer.toPage(), printer.fromPage())]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies > 1:
        if printer.collateCopies():
            pages = pages * copies
        else:
            pages = [page for page in pages for _ in range(copies)]
    return pages


def preview_dpi(pages: int, page_points: QSizeF) -> float:
    """A preview's resolution: ``PREVIEW_DPI``, less for a long document so its pictures fit
    ``PREVIEW_BUDGET`` (4 bytes a pixel), never below ``PREVIEW_DPI_FLOOR``."""
    square_inches = max(1.0, page_points.width() / 72 * page_points.height() / 72)
    fitting = math.sqrt(PREVIEW_BUDGET / (4 * square_inches * max(1, pages)))
    return max(PREVIEW_DPI_FLOOR, min(PREVIEW_DPI, fitting))


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Paint ``pdf`` onto ``printer`` (a real printer, a PDF file, or a preview); the number of
    pages painted. ``PrintFailed`` when the printer cannot be started."""
    document = pypdfium2.PdfDocument(pdf)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed("the printer could not be started")
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        order = chosen_pages(printer, len(document), preview=preview)
        if preview and len(document):
            width, height = document[0].get_size()
            limit = preview_dpi(len(document), QSizeF(width, height))
        else:
            limit = float(PRINT_DPI_LIMIT)
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        for n, index in enumerate(order):
            if n and not printer.newPage():
                raise PrintFailed("the printer refused a new page")
            _paint_page(painter, document[index], QSizeF(area.width(), area.height()), limit)
        return len(order)
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def _paint_page(painter: QPainter, page: pypdfium2.PdfPage, area: QSizeF, dpi_limit: float) -> None:
    width, height = page.get_size()  # points
    scale = min(area.width() / width, area.height() / height)  # device pixels a point
    target = QRectF(
        (area.width() - width * scale) / 2, (area.height() - height * scale) / 2, width * scale, height * scale
    )
    bitmap = page.render(
        scale=min(scale, dpi_limit / 72), rev_byteorder=True, prefer_bgrx=True, optimize_mode="print"
    )
    try:
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        ).copy()  # the printer engine may keep it after the bitmap's memory is freed
    finally:
        bitmap.close()
        page.close()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)


def print_dialog(printer: QPrinter, pages: int, parent: QWidget | None) -> QPrintDialog:
    """The system's print dialog for a document of ``pages`` pages: all of them or a range,
    copies, paper and orientation."""
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setWindowTitle(f"Print {printer.docName()}")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    dialog.setMinMax(1, max(1, pages))
    return dialog


def print_pdf(pdf: bytes, title: str, parent: QWidget | None, printer: QPrinter | None = None) -> int | None:
    """Ask where and how to print ``pdf`` (the system's dialog), then print it; the number of
    pages sent, or None when the dispatcher cancelled. ``PrintFailed`` if it cannot start."""
    printer = printer if printer is not None else printer_for(pdf, title)
    dialog = print_dialog(printer, page_count(pdf), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return paint_pdf(printer, pdf)


class PdfPreview(QPrintPreviewDialog):
    """The system's print preview of a PDF; its Print button prints through the system dialog."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None, printer: QPrinter | None = None) -> None:
        # Kept here: the dialog paints on it but does not own it.
        self._printer = printer if printer is not None else printer_for(pdf, title)
        super().__init__(self._printer, parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(f"Print preview — {title}")
        self._pdf = pdf
        #: What painting for the preview (or for printing from it) failed with, in words.
        self.failure: str | None = None
        self.paintRequested.connect(self._paint)
        keep_on_screen(self, PREVIEW_SIZE)

    def _paint(self, printer: QPrinter) -> None:
        try:
            paint_pdf(printer, self._pdf)
        except PrintFailed as exc:
            self.failure = str(exc)
