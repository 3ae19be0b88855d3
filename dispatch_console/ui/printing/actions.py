"""What the console offers to do with a document: print it, preview it, save it as a PDF, open
it in the system's viewer; and the actions the main window puts in its menus.

Every verb makes the document first (off the GUI thread, refused in words when it cannot be
made: ``documents.produce``), then asks the system's dialog. Nothing is printed or written
when the dispatcher cancels; the status bar says what was done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QPushButton, QToolButton, QWidget

from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.printing import documents
from dispatch_console.ui.printing.documents import Document, produce
from dispatch_console.ui.printing.output import ask_where_to_save, open_in_viewer, problem, save_pdf

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from dispatch_console.ui.printing.print_pdf import PdfPreview


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class PrintingActions(QObject):
    """The printing verbs for any document, and the menu actions of the main window.

    Actions (for a File or Print menu): ``print_crew_sheets_tomorrow`` opens the system's print
    dialog for the crew sheets of every technician with work tomorrow (the company's tomorrow);
    ``crew_sheets_dialog`` opens ``CrewSheetsDialog`` to choose the day and the technicians.

    Tests may replace ``make_printer`` (a printer writing a PDF file) and ``show_preview``.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        operations: Operations,
        parent: QWidget | None = None,
        *,
        paths: AppPaths | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operations = operations
        self.window = parent
        self.paths = paths if paths is not None else AppPaths.for_user()
        #: The folder the last PDF was saved in: offered again next time.
        self.last_folder: Path | None = None
        self.make_printer: Callable[[bytes, str], QPrinter] = _printer_for
        #: Shows a preview and returns once it is closed (by default: modal).
        self.show_preview: Callable[[PdfPreview], None] = _show_modal
        self._crew_sheets: QWidget | None = None

        self.print_crew_sheets_tomorrow = QAction("Print crew sheets for &tomorrow…", self)
        self.print_crew_sheets_tomorrow.setObjectName("printCrewSheetsTomorrow")
        self.print_crew_sheets_tomorrow.setStatusTip(
            "Print the crew sheets of every technician with work tomorrow"
        )
        self.print_crew_sheets_tomorrow.triggered.connect(lambda _checked=False: self.print_crew_sheets())
        self.crew_sheets_dialog = QAction("&Crew sheets…", self)
        self.crew_sheets_dialog.setObjectName("crewSheetsDialog")
        self.crew_sheets_dialog.setStatusTip("Choose a day and its technicians, then print, preview or save their crew sheets")
        self.crew_sheets_dialog.triggered.connect(lambda _checked=False: self.open_crew_sheets_dialog())

    # -- the four verbs, for any document ------------------------------------------------------
    def print_document(self, document: Document, parent: QWidget | None = None) -> int | None:
        """Make ``document``, then print it through the system's dialog; pages sent, or None."""
        parent = parent or self.window
        pdf = produce(self.operations, document, parent, "Print")
        if pdf is None:
            return None
        from dispatch_console.ui.printing.print_pdf import PrintFailed, print_pdf

        title = _capital(document.title)
        try:
            pages = print_pdf(pdf, title, parent, self.make_printer(pdf, title))
        except PrintFailed as exc:
            problem(parent, f"Print {document.title}", f"{exc}.")
            return None
        if pages is None:
            self._say(f"Print {document.title}: not printed")
        else:
            self._say(f"{title}: {pages} {'page' if pages == 1 else 'pages'} sent to the printer")
        return pages

    def preview_document(self, document: Document, parent: QWidget | None = None) -> bool:
        """Make ``document``, then show it in the print preview (its Print button prints it);
        whether it was shown."""
        parent = parent or self.window
        pdf = produce(self.operations, document, parent, "Preview")
        if pdf is None:
            return False
        from dispatch_console.ui.printing.print_pdf import PdfPreview

        title = _capital(document.title)
        preview = PdfPreview(pdf, title, parent, self.make_printer(pdf, title))
        try:
            self.show_preview(preview)
            if preview.failure:
                problem(parent, f"Print {document.title}", f"{preview.failure}.")
        finally:
            preview.deleteLater()  # its pages' pictures go with it
        return True

    def save_document(self, document: Document, parent: QWidget | None = None) -> Path | None:
        """Make ``document``, ask where to save it (its usual name offered), write it whole."""
        parent = parent or self.window
        pdf = produce(self.operations, document, parent, "Save")
        if pdf is None:
            return None
        path = ask_where_to_save(parent, document.file_name, self.last_folder)
        if path is None:
            self._say(f"Save {document.title}: not saved")
            return None
        if not save_pdf(pdf, path, parent, f"Save {document.title}"):
            return None
        self.last_folder = path.parent
        self._say(f"{_capital(document.title)} saved as {path}")
        return path

    def open_document(self, document: Document, parent: QWidget | None = None) -> Path | None:
        """Make ``document`` and open it in the system's PDF viewer."""
        parent = parent or self.window
        pdf = produce(self.operations, document, parent, "Open")
        if pdf is None:
            return None
        path = open_in_viewer(pdf, document.file_name, self.paths.data_dir, parent, f"Open {document.title}")
        if path is not None:
            self._say(f"{_capital(document.title)} opened in the PDF viewer")
        return path

    def _say(self, text: str) -> None:
        self.operations.status_message.emit(text)

    # -- by document ---------------------------------------------------------------------------
    def print_work_order(self, number: str, parent: QWidget | None = None) -> int | None:
        return self.print_document(documents.work_order(number), parent)

    def preview_work_order(self, number: str, parent: QWidget | None = None) -> bool:
        return self.preview_document(documents.work_order(number), parent)

    def save_work_order_pdf(self, number: str, parent: QWidget | None = None) -> Path | None:
        return self.save_document(documents.work_order(number), parent)

    def open_work_order(self, number: str, parent: QWidget | None = None) -> Path | None:
        return self.open_document(documents.work_order(number), parent)

    def print_invoice(self, number: str, parent: QWidget | None = None) -> int | None:
        return self.print_document(documents.invoice(number), parent)

    def preview_invoice(self, number: str, parent: QWidget | None = None) -> bool:
        return self.preview_document(documents.invoice(number), parent)

    def save_invoice_pdf(self, number: str, parent: QWidget | None = None) -> Path | None:
        return self.save_document(documents.invoice(number), parent)

    def open_invoice(self, number: str, parent: QWidget | None = None) -> Path | None:
        return self.open_document(documents.invoice(number), parent)

    def invoice_menu(self, number_of: Callable[[], str | None], parent: QWidget) -> QMenu:
        """Print, preview, save or open the invoice ``number_of()`` names (the one chosen)."""
        return _document_menu(parent, number_of, (
            ("&Print…", self.print_invoice),
            ("Print pre&view…", self.preview_invoice),
            ("&Save as PDF…", self.save_invoice_pdf),
            ("&Open in the PDF viewer", self.open_invoice),
        ))

    def crew_sheets(self, day: date | None = None, tech_codes: Sequence[str] | None = None) -> Document:
        """The crew sheets of ``day`` (default: tomorrow) for ``tech_codes`` (default: everyone
        with work that day)."""
        today = documents.company_today(self.ctx)
        return documents.crew_sheets(day or documents.tomorrow(self.ctx), tech_codes, today=today)

    def print_crew_sheets(self, day: date | None = None, tech_codes: Sequence[str] | None = None,
                          parent: QWidget | None = None) -> int | None:
        """Straight to the system's print dialog with the crew sheets (default: tomorrow's, of
        every technician with work then); a day without work is refused in words."""
        return self.print_document(self.crew_sheets(day, tech_codes), parent)

    def open_crew_sheets_dialog(self) -> QWidget:
        """Open the crew sheets dialog (not modal: the dispatcher may look at the board meanwhile).

        One dialog is kept and shown again, on tomorrow, each time it is opened anew."""
        from dispatch_console.ui.printing.crew_sheets_dialog import CrewSheetsDialog

        dialog = self._crew_sheets
        if not isinstance(dialog, CrewSheetsDialog):
            dialog = CrewSheetsDialog(self.ctx, self.operations, self.window, printing=self)
            self._crew_sheets = dialog
        elif not dialog.isVisible():
            dialog.start_over()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog


def _show_modal(preview: PdfPreview) -> None:
    preview.exec()


def _printer_for(pdf: bytes, title: str) -> QPrinter:
    # The printing libraries (PDF rendering, Qt's print support) load when first used, not with
    # the main window's menus.
    from dispatch_console.ui.printing.print_pdf import printer_for

    return printer_for(pdf, title)


def _document_menu(
    parent: QWidget,
    number_of: Callable[[], str | None],
    entries: Sequence[tuple[str, Callable[[str, QWidget | None], object]]],
) -> QMenu:
    menu = QMenu(parent)
    for text, act in entries:
        action = menu.addAction(text)
        action.triggered.connect(
            lambda _checked=False, act=act: (number := number_of()) and act(number, parent)
        )
    return menu


def work_order_buttons(operations: Operations, window: QWidget, number: str) -> list[QAbstractButton]:
    """"Print…" (its arrow: preview, open in the PDF viewer) and "Save as PDF…" for the work
    order window (never its default button)."""
    printing = PrintingActions(operations.ctx, operations, window)
    print_button = QToolButton()
    print_button.setObjectName("printWorkOrder")
    print_button.setText("Pr&int…")
    print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    print_button.setMenu(_document_menu(window, lambda: number, (
        ("Print pre&view…", printing.preview_work_order),
        ("&Open in the PDF viewer", printing.open_work_order),
    )))
    print_button.clicked.connect(lambda _checked=False: printing.print_work_order(number, window))
    save_button = QPushButton("Sa&ve as PDF…")
    save_button.setObjectName("saveWorkOrderPdf")
    save_button.setAutoDefault(False)
    save_button.clicked.connect(lambda _checked=False: printing.save_work_order_pdf(number, window))
    return [print_button, save_button]
