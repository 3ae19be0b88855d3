"""A made PDF saved where the dispatcher chooses, or opened in the system's PDF viewer.

A saved file is written under a temporary name beside it and renamed once complete, so a full
disk or a cancelled write never leaves half a PDF under the chosen name (nor spoils a file
that was there). A PDF to view is written to its own folder under the console's data folder
(``AppPaths``), where the ones older than a day are cleared away, and handed to the system
(``QDesktopServices``), which opens it in whatever the PC uses for PDFs.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dispatch_console.services.whole_files import write_bytes_whole

#: The folder, under the data folder, of PDFs handed to the system's viewer.
VIEWING_FOLDER = "documents-to-view"
#: PDFs handed to the viewer are cleared away after this long (seconds).
KEEP_VIEWED_S = 24 * 3600


def problem(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """Say in words what went wrong (a window-modal box that does not block the caller)."""
    box = QMessageBox(parent)
    box.setObjectName("printingProblem")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle("Not done")
    box.setText(f"{title}: not done.")
    box.setInformativeText(text)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
    box.show()
    return box


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def ask_where_to_save(parent: QWidget | None, file_name: str, folder: Path | None) -> Path | None:
    """The system's save dialog, offering ``file_name`` in ``folder``; the path chosen (with
    ``.pdf`` added when the dispatcher typed no such ending), or None."""
    start = (folder if folder is not None and folder.is_dir() else documents_folder()) / file_name
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Save as PDF", str(start), "PDF documents (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_pdf(pdf: bytes, path: Path, parent: QWidget | None, title: str) -> bool:
    """Write ``pdf`` to ``path``; says in words why not when it cannot."""
    try:
        write_bytes_whole(path, pdf)
    except OSError as exc:
        problem(parent, title, f"{path} could not be written: {exc.strerror or exc}.")
        return False
    return True


def _clear_old(folder: Path, now: float) -> None:
    for old in folder.iterdir():
        try:
            if now - old.stat().st_mtime > KEEP_VIEWED_S:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        except OSError:
            continue  # still open in a viewer (Windows), or gone already: next time


def open_in_viewer(pdf: bytes, file_name: str, data_dir: Path, parent: QWidget | None, title: str) -> Path | None:
    """Write ``pdf`` as ``file_name`` in a folder of its own under ``data_dir`` and ask the
    system to open it; the file, or None (said in words) when it could not."""
    viewing = data_dir / VIEWING_FOLDER
    try:
        viewing.mkdir(parents=True, exist_ok=True)
        # Its own folder: a PDF of the same name still open in a viewer is never overwritten.
        folder = Path(tempfile.mkdtemp(dir=viewing, prefix="pdf-"))
        # Ages are measured on the file system's clock (the new folder's time), never the
        # program's: a PC whose clock was set apart from the disk's keeps what it just wrote.
        _clear_old(viewing, folder.stat().st_mtime)
        path = folder / file_name
        write_bytes_whole(path, pdf)
    except OSError as exc:
        problem(parent, title, f"the PDF could not be written in {viewing}: {exc.strerror or exc}.")
        return None
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        problem(parent, title, f"no program on this PC opens PDF documents. The PDF is saved as {path}.")
        return None
    return path
