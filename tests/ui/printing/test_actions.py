"""The printing verbs as the dispatcher uses them: a document made off the GUI thread, then
printed, previewed, saved as a PDF (the exact bytes, written whole) or opened in the system's
viewer; refusals in words that print and write nothing; the work order window's buttons."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.documents.crew_sheets import crew_sheets_pdf
from dispatch_console.documents.work_order_pdf import work_order_pdf
from dispatch_console.domain.errors import NotFound
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.printing import documents
from dispatch_console.ui.printing.actions import PrintingActions
from dispatch_console.ui.printing.documents import Document
from dispatch_console.ui.printing.output import VIEWING_FOLDER
from dispatch_console.ui.printing.print_pdf import PdfPreview
from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog
from tests.ui.board.driving import when_modal
from tests.ui.printing.fixtures import (
    FRIDAY,
    friday_work,
    page_count,
    pages_in,
    pdf_printer,
    stand_in_pdf,
    text_of,
)


class SaveDialog:
    """Answers the system's save dialog (``QFileDialog.getSaveFileName``) with ``answer``, and
    keeps what it was asked."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent: QWidget | None, caption: str, start: str, filters: str) -> tuple[str, str]:
        self.asked.append(start)
        return (str(self.answer) if self.answer else "", filters if self.answer else "")


@pytest.fixture
def printing(qtbot: QtBot, company: ServiceContext, tmp_path: Path) -> PrintingActions:
    window = QWidget()
    qtbot.addWidget(window)
    operations = Operations(company, ChangeBus(company, window), window)
    actions = PrintingActions(company, operations, window, paths=AppPaths.under(tmp_path / "app"))
    return actions


def save_dialog(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> SaveDialog:
    dialog = SaveDialog(answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return dialog


def refusal_text(printing: PrintingActions) -> str:
    box = printing.operations.last_refusal
    assert box is not None and box.isVisible()
    text = f"{box.text()} {box.informativeText()}"
    box.close()
    return text


def stand_in(pdf: bytes, threads: list[str] | None = None) -> Document:
    def make(_ctx: ServiceContext) -> bytes:
        if threads is not None:
            threads.append(threading.current_thread().name)
        return pdf

    return Document("work order WO-1042", "WO-1042.pdf", make)


# -- save as PDF ---------------------------------------------------------------------------------
def test_save_as_pdf_writes_the_exact_bytes_made_off_the_gui_thread_under_the_name_offered(
    printing: PrintingActions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pdf = stand_in_pdf(pages=2)
    threads: list[str] = []
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = save_dialog(monkeypatch, folder / "WO-1042.pdf")
    printing.last_folder = folder
    assert printing.save_document(stand_in(pdf, threads)) == folder / "WO-1042.pdf"
    assert (folder / "WO-1042.pdf").read_bytes() == pdf
    assert dialog.asked == [str(folder / "WO-1042.pdf")]
    assert threads and threads[0] != threading.main_thread().name
    assert [p.name for p in folder.iterdir()] == ["WO-1042.pdf"]  # no temporary left


def test_save_as_pdf_adds_the_ending_and_replaces_an_older_file(
    printing: PrintingActions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "for the customer.pdf").write_bytes(b"old")
    save_dialog(monkeypatch, tmp_path / "for the customer")
    pdf = stand_in_pdf(pages=1)
    assert printing.save_document(stand_in(pdf)) == tmp_path / "for the customer.pdf"
    assert (tmp_path / "for the customer.pdf").read_bytes() == pdf


def test_a_cancelled_save_writes_nothing(printing: PrintingActions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dialog = save_dialog(monkeypatch, None)
    printing.last_folder = tmp_path / "out"
    printing.last_folder.mkdir()
    said: list[str] = []
    printing.operations.status_message.connect(said.append)
    assert printing.save_document(stand_in(stand_in_pdf())) is None
    assert dialog.asked == [str(tmp_path / "out" / "WO-1042.pdf")]
    assert said[-1] == "Save work order WO-1042: not saved"
    assert list(printing.last_folder.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_said_in_words(
    qtbot: QtBot, printing: PrintingActions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    save_dialog(monkeypatch, tmp_path / "gone" / "WO-1042.pdf")
    assert printing.save_document(stand_in(stand_in_pdf())) is None
    box = next(w for w in printing.window.findChildren(QDialog) if w.objectName() == "printingProblem")
    assert box.isVisible()
    assert "Save work order WO-1042: not done." in box.text()  # type: ignore[attr-defined]
    assert f"{tmp_path / 'gone' / 'WO-1042.pdf'} could not be written" in box.informativeText()  # type: ignore[attr-defined]
    box.close()
    assert not (tmp_path / "gone").exists()


def test_a_real_work_order_is_saved_with_its_number_in_it(
    printing: PrintingActions, company: ServiceContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    number = friday_work(company)["T1"][0]
    dialog = save_dialog(monkeypatch, tmp_path / f"{number}.pdf")
    printing.save_work_order_pdf(number)
    assert dialog.asked[0].endswith(f"{number}.pdf")
    assert number in text_of((tmp_path / f"{number}.pdf").read_bytes())


def test_an_unknown_work_order_is_refused_in_words_and_nothing_is_asked_or_written(
    printing: PrintingActions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = save_dialog(monkeypatch, tmp_path / "WO-9999.pdf")
    assert printing.save_work_order_pdf("WO-9999") is None
    text = refusal_text(printing)
    assert "Save work order WO-9999: not done." in text and "WO-9999" in text.split("not done.")[1]
    assert dialog.asked == []
    assert not (tmp_path / "WO-9999.pdf").exists()


# -- crew sheets ---------------------------------------------------------------------------------
def test_crew_sheets_for_a_day_without_work_are_refused_in_words(
    printing: PrintingActions, company: ServiceContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = save_dialog(monkeypatch, tmp_path / "crew.pdf")
    assert printing.save_document(printing.crew_sheets(FRIDAY)) is None
    assert "No technician has work on Fri 27 Nov." in refusal_text(printing)
    assert dialog.asked == [] and not (tmp_path / "crew.pdf").exists()


def test_crew_sheets_are_saved_under_their_day(
    printing: PrintingActions, company: ServiceContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    friday_work(company)
    dialog = save_dialog(monkeypatch, tmp_path / "crew.pdf")
    printing.save_document(printing.crew_sheets())  # tomorrow, on the company's calendar
    assert Path(dialog.asked[0]).name == "crew-sheets-2026-11-27.pdf"
    text = text_of((tmp_path / "crew.pdf").read_bytes())
    assert "Ana Reyes" in text and "Ben Okafor" in text


def test_print_crew_sheets_for_tomorrow_goes_straight_to_the_print_dialog(
    qtbot: QtBot, printing: PrintingActions, company: ServiceContext, tmp_path: Path
) -> None:
    friday_work(company)
    out = tmp_path / "printed.pdf"
    printing.make_printer = lambda pdf, title: pdf_printer(pdf, title, out)
    asked: list[str] = []

    def accept(dialog: QDialog) -> None:
        assert isinstance(dialog, QPrintDialog)
        asked.append(dialog.windowTitle())
        dialog.accept()

    when_modal(accept)
    said: list[str] = []
    printing.operations.status_message.connect(said.append)
    printing.print_crew_sheets_tomorrow.trigger()
    assert asked == ["Print Crew sheets for Fri 27 Nov"]
    pages = pages_in(crew_sheets_pdf(company, FRIDAY))
    assert page_count(out) == pages
    assert said[-1] == f"Crew sheets for Fri 27 Nov: {pages} pages sent to the printer"


def test_print_crew_sheets_for_tomorrow_without_work_says_so_and_prints_nothing(
    qtbot: QtBot, printing: PrintingActions, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printing.make_printer = lambda pdf, title: pdf_printer(pdf, title, out)
    printing.print_crew_sheets_tomorrow.trigger()  # no print dialog opens: none is answered
    assert "Print crew sheets for Fri 27 Nov: not done. No technician has work on Fri 27 Nov." == refusal_text(printing)
    assert not out.exists()


def test_crew_sheets_of_technicians_without_work_that_day_are_refused(company: ServiceContext) -> None:
    friday_work(company)
    with pytest.raises(NotFound, match="the technician chosen has no work on Sat 28 Nov"):
        documents.crew_sheets(FRIDAY.replace(day=28), ["T1"], today=FRIDAY).make(company)
    with pytest.raises(NotFound, match="none of the technicians chosen has work on Sat 28 Nov 2026"):
        documents.crew_sheets(FRIDAY.replace(day=28), ["T1", "T2"]).make(company)


# -- preview and open ----------------------------------------------------------------------------
def test_preview_shows_every_page_of_the_work_order(
    qtbot: QtBot, printing: PrintingActions, company: ServiceContext
) -> None:
    number = friday_work(company)["T2"][0]
    seen: list[int] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, PdfPreview)
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget is not None
        seen.append(widget.pageCount())
        dialog.reject()

    when_modal(look)
    assert printing.preview_work_order(number)
    assert seen == [pages_in(work_order_pdf(company, number))]


class Viewer(QObject):
    """Stands for the system's PDF viewer: what ``QDesktopServices`` hands a file URL to."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[Path] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(Path(url.toLocalFile()))


def test_open_hands_the_pdf_in_the_data_folder_to_the_system_viewer(
    printing: PrintingActions, tmp_path: Path
) -> None:
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        pdf = stand_in_pdf(pages=1)
        path = printing.open_document(stand_in(pdf))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert path is not None and viewer.opened == [path]
    assert path.name == "WO-1042.pdf" and path.read_bytes() == pdf
    assert path.is_relative_to(tmp_path / "app" / "data" / VIEWING_FOLDER)


def test_opening_the_same_document_twice_never_overwrites_the_one_still_open(printing: PrintingActions) -> None:
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        one, two = stand_in_pdf(pages=1), stand_in_pdf(pages=2)
        first = printing.open_document(stand_in(one))
        second = printing.open_document(stand_in(two))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert first is not None and second is not None and first != second
    assert first.read_bytes() == one and second.read_bytes() == two


# -- the work order window -----------------------------------------------------------------------
def test_the_work_order_window_prints_and_saves_its_work_order(
    qtbot: QtBot, company: ServiceContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    number = friday_work(company)["T1"][0]
    window = QWidget()
    qtbot.addWidget(window)
    operations = Operations(company, ChangeBus(company, window), window)
    details = WorkOrderDetailsDialog(company, number, operations=operations)
    qtbot.addWidget(details)
    details.show()
    print_button = details.findChild(QToolButton, "printWorkOrder")
    save_button = details.findChild(QPushButton, "saveWorkOrderPdf")
    assert print_button is not None and save_button is not None
    assert print_button.isVisible() and save_button.isVisible()

    asked: list[tuple[str, QPrinter.OutputFormat]] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, QPrintDialog)
        asked.append((dialog.windowTitle(), dialog.printer().outputFormat()))
        dialog.reject()

    when_modal(cancel)
    said: list[str] = []
    operations.status_message.connect(said.append)
    qtbot.mouseClick(print_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0][0] == f"Print Work order {number}"
    assert said[-1] == f"Print work order {number}: not printed"

    save_dialog(monkeypatch, tmp_path / "copy.pdf")
    qtbot.mouseClick(save_button, Qt.MouseButton.LeftButton)
    assert number in text_of((tmp_path / "copy.pdf").read_bytes())
    assert said[-1] == f"Work order {number} saved as {tmp_path / 'copy.pdf'}"




# -- an invoice, from the billing page's Print… menu ------------------------------------------------
def test_the_billing_pages_print_menu_saves_and_previews_the_chosen_invoice(
    qtbot: QtBot, company: ServiceContext, clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from dispatch_console.services import billing
    from dispatch_console.ui.billing import BillingPage
    from tests.services.billing_helpers import done

    number = billing.create_invoice(company, [done(company, clock)]).number
    window = QWidget()
    qtbot.addWidget(window)
    operations = Operations(company, ChangeBus(company, window), window)
    page = BillingPage(company, operations.bus, operations)
    qtbot.addWidget(page)
    page.show()
    page.show_invoice(number)
    actions = PrintingActions(company, operations, window, paths=AppPaths.under(tmp_path / "app"))
    page.print_button.setMenu(actions.invoice_menu(page.selected_invoice, page))
    entries = {a.text(): a for a in page.print_button.menu().actions()}
    assert list(entries) == ["&Print…", "Print pre&view…", "&Save as PDF…", "&Open in the PDF viewer"]

    save_dialog(monkeypatch, tmp_path / "invoice.pdf")
    entries["&Save as PDF…"].trigger()
    assert number in text_of((tmp_path / "invoice.pdf").read_bytes())

    shown: list[PdfPreview] = []
    actions.show_preview = shown.append
    entries["Print pre&view…"].trigger()
    assert len(shown) == 1
