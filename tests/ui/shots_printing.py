"""Screenshots of printing with the demo company: the crew sheets dialog for tomorrow and for a
day without work, the print preview of tomorrow's crew sheets and of a work order, and the work
order window's Print… and Save as PDF… buttons.

    SHOTS_ONLY=printing python -m tests.ui.shots /tmp/shots-print demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QApplication

from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.printing import documents
from dispatch_console.ui.printing.actions import PrintingActions
from dispatch_console.ui.printing.crew_sheets_dialog import CrewSheetsDialog
from dispatch_console.ui.printing.print_pdf import PdfPreview


def _preview(window: Any, document: documents.Document, ctx: ServiceContext) -> PdfPreview:
    pdf = document.make(ctx)
    preview = PdfPreview(pdf, document.title[:1].upper() + document.title[1:], window)
    preview.show()
    QApplication.processEvents()
    return preview


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    printing = PrintingActions(ctx, window.operations, window)
    dialog = printing.open_crew_sheets_dialog()
    assert isinstance(dialog, CrewSheetsDialog)
    screen_shot("printing-crew-sheets", window, dialog)
    day = documents.tomorrow(ctx)
    while documents.crew_members(ctx, day):
        day += timedelta(days=1)
    dialog.set_day(day)
    screen_shot("printing-crew-sheets-no-work", window, dialog)
    dialog.set_day(documents.tomorrow(ctx))
    preview = _preview(window, dialog.document(), ctx)
    screen_shot("printing-preview-crew-sheets", window, preview)
    preview.close()
    dialog.close()

    number = work_orders.list_rows(ctx)[0].number
    preview = _preview(window, documents.work_order(number), ctx)
    screen_shot("printing-preview-work-order", window, preview)
    preview.close()

    details = window.work_orders.open_details(number)
    if details is not None:
        screen_shot("printing-work-order-window", window, details)
        # Hidden, not closed: deleting a window fitting.keep_on_screen looked at kills the
        # QScreen wrapper shots.py holds (PySide6 6.11), and the shots after these would fail.
        details.hide()
