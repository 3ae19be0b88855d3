"""Printing PDF bytes through Qt: every page painted (preview and print), the pages, copies and
order chosen in the dialog honoured, each page scaled whole onto the paper, and the system's
print dialog answered (accepted prints, cancelled prints nothing)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageLayout, QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from dispatch_console.ui.printing.print_pdf import (
    PREVIEW_DPI,
    PREVIEW_DPI_FLOOR,
    PdfPreview,
    PrintFailed,
    paint_pdf,
    preview_dpi,
    print_pdf,
)
from tests.ui.board.driving import when_modal
from tests.ui.printing.fixtures import SHADE, page_count, pdf_printer, stand_in_pdf


def pages_marked(path: Path) -> list[tuple[float, float, float, float]]:
    """The part of each printed page that is ink (black), as fractions of the paper:
    (left, top, right, bottom)."""
    document = pypdfium2.PdfDocument(str(path))
    boxes = []
    try:
        for page in document:
            image = page.render(scale=0.5, grayscale=True).to_pil()
            inverted = image.point(lambda v: 255 if v < 128 else 0)
            box = inverted.getbbox()
            assert box is not None, "a blank page"
            w, h = image.size
            boxes.append((box[0] / w, box[1] / h, box[2] / w, box[3] / h))
    finally:
        document.close()
    return boxes


def test_the_preview_paints_every_page_on_the_printer_it_is_given(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=5)
    preview = PdfPreview(pdf, "Work order WO-1042", None)
    qtbot.addWidget(preview)
    out = tmp_path / "preview.pdf"
    preview.paintRequested.emit(pdf_printer(pdf, "Work order WO-1042", out))
    assert page_count(out) == 5
    assert preview.failure is None


def test_the_preview_shows_every_page_then_closes(qtbot: QtBot) -> None:
    pdf = stand_in_pdf(pages=4)
    preview = PdfPreview(pdf, "Invoice INV-7", None)
    qtbot.addWidget(preview)
    seen: dict[str, object] = {}

    def look(dialog: QDialog) -> None:
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget is not None
        seen["pages"] = widget.pageCount()
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    when_modal(look)
    preview.exec()
    assert seen == {"pages": 4, "title": "Print preview — Invoice INV-7"}


def test_printing_sends_the_range_chosen_each_copy_in_turn(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=4)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(pdf, "Crew sheets", out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert not printer.supportsMultipleCopies()  # a PDF file: the copies are ours to make
    assert paint_pdf(printer, pdf) == 4
    assert len(pages_marked(out)) == 4
    assert _pages_said(out) == ["Page 2", "Page 3", "Page 2", "Page 3"]


def test_uncollated_copies_and_last_page_first(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=2)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(pdf, "Crew sheets", out)
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    paint_pdf(printer, pdf)
    assert _pages_said(out) == ["Page 2", "Page 2", "Page 1", "Page 1"]


def _pages_said(path: Path) -> list[str]:
    """Which stand-in page each printed page is, by its grey (see ``stand_in_pdf``)."""
    printed = pypdfium2.PdfDocument(str(path))
    try:
        said = []
        for page in printed:
            image = page.render(scale=0.25, grayscale=True).to_pil()
            grey = sorted(image.tobytes())[image.width * image.height // 2] / 255  # the median
            said.append(f"Page {round(grey / SHADE)}")
        return said
    finally:
        printed.close()


def test_a_portrait_page_on_landscape_paper_is_printed_whole_keeping_its_shape(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=1)  # US Letter, portrait
    out = tmp_path / "landscape.pdf"
    printer = pdf_printer(pdf, "Work order", out)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    paint_pdf(printer, pdf)
    page = PdfReader(str(out)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # the paper the dispatcher chose
    left, top, right, bottom = pages_marked(out)[0]
    paper_w, paper_h = float(page.mediabox.width), float(page.mediabox.height)
    printed_w, printed_h = (right - left) * paper_w, (bottom - top) * paper_h
    assert printed_w / printed_h == pytest.approx(612 / 792, rel=0.03)  # not stretched
    assert bottom - top == pytest.approx(1, abs=0.03)  # as tall as the paper allows
    assert left == pytest.approx(1 - right, abs=0.02)  # centred


def test_a_page_fills_paper_of_its_own_shape(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=1)
    out = tmp_path / "letter.pdf"
    paint_pdf(pdf_printer(pdf, "Work order", out), pdf)
    page = PdfReader(str(out)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    left, top, right, bottom = pages_marked(out)[0]
    assert (left, top) == (pytest.approx(0, abs=0.02), pytest.approx(0, abs=0.02))
    assert (right, bottom) == (pytest.approx(1, abs=0.02), pytest.approx(1, abs=0.02))


def test_the_system_print_dialog_accepted_prints_every_page(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=3)
    out = tmp_path / "printed.pdf"
    titles: list[str] = []

    def accept(dialog: QDialog) -> None:
        assert isinstance(dialog, QPrintDialog)
        titles.append(dialog.windowTitle())
        dialog.accept()

    when_modal(accept)
    assert print_pdf(pdf, "Work order WO-1042", None, pdf_printer(pdf, "Work order WO-1042", out)) == 3
    assert titles == ["Print Work order WO-1042"]
    assert page_count(out) == 3


def test_the_system_print_dialog_cancelled_prints_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=2)
    out = tmp_path / "printed.pdf"
    when_modal(lambda dialog: dialog.reject())
    assert print_pdf(pdf, "Work order WO-1042", None, pdf_printer(pdf, "Work order WO-1042", out)) is None
    assert not out.exists()


def test_a_printer_that_cannot_start_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = stand_in_pdf(pages=1)
    printer = pdf_printer(pdf, "Work order", tmp_path / "no such folder" / "out.pdf")
    with pytest.raises(PrintFailed, match="could not be started"):
        paint_pdf(printer, pdf)


def test_a_long_preview_is_made_coarser_to_fit_memory_but_never_unreadable() -> None:
    from PySide6.QtCore import QSizeF

    letter = QSizeF(612, 792)
    assert preview_dpi(3, letter) == PREVIEW_DPI
    assert PREVIEW_DPI_FLOOR < preview_dpi(100, letter) < PREVIEW_DPI
    assert preview_dpi(2000, letter) == PREVIEW_DPI_FLOOR
