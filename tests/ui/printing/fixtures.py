"""What the printing tests share: a stand-in PDF, a day's work to print, printers writing files,
and PDFs read back."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.printing.print_pdf import printer_for

#: The conftest clock is Thu 26 Nov 2026, 09:00 in Chicago: tomorrow is Friday.
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
FRIDAY_9 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 09:00 in Chicago


#: How much lighter each page of the stand-in PDF is than the one before (page 1: this grey).
SHADE = 0.06


def stand_in_pdf(pages: int = 3, size: tuple[float, float] = LETTER) -> bytes:
    """A PDF of ``pages`` pages, each dark to its edges (so a rendering shows where the page
    went) in a grey of its own (``SHADE`` times its number: which page a printed one is), with
    "Page N" in white for the eye and text extraction."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size)
    for n in range(1, pages + 1):
        canvas.setFillGray(SHADE * n)
        canvas.rect(0, 0, size[0], size[1], stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont("Helvetica", 48)
        canvas.drawString(72, size[1] / 2, f"Page {n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def pdf_printer(pdf: bytes, title: str, out: Path, dpi: int = 72) -> QPrinter:
    """The printer the console sets up for ``pdf``, printing to the PDF file ``out`` at ``dpi``
    (low, so the tests stay quick)."""
    printer = printer_for(pdf, title)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(dpi)
    return printer


def page_count(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def job(ctx: ServiceContext, tech: str, hours: float, summary: str) -> str:
    """A work order booked to ``tech`` from ``hours`` after Friday 09:00 for two hours."""
    number = work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary=summary,
                           estimated_hours=Decimal("2")),
    )
    start = FRIDAY_9 + timedelta(hours=hours)
    dispatch.book(ctx, number, tech, start, start + timedelta(hours=2), confirm=True)
    return number


def friday_work(ctx: ServiceContext) -> dict[str, list[str]]:
    """Ana (T1) with two jobs on Friday, Ben (T2) with one; nobody works on Saturday."""
    return {
        "T1": [job(ctx, "T1", 0, "Replace the blower motor"), job(ctx, "T1", 4, "Check the chiller charge")],
        "T2": [job(ctx, "T2", 1, "Oven circuit trips")],
    }


def pages_in(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
