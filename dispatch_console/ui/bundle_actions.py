"""File > Import / Export CSV bundle."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSize, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.errors import DispatchError
from dispatch_console.services.context import EVERYTHING, ServiceContext
from dispatch_console.ui.fitting import keep_on_screen
from dispatch_console.ui.formatting import label
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import escape, rich
from dispatch_console.ui.waiting import OTHERS_WAIT, Progress

T = TypeVar("T")

IMPORT_MODULE = "dispatch_console.services.bundle_import"
EXPORT_MODULE = "dispatch_console.services.bundle_export"
DEMO_MODULE = "dispatch_console.services.demo"
#: An import or the demo may touch every kind of record.


def load_service(module_name: str, function_name: str) -> Callable[..., Any] | None:
    """A service function imported only when used; None if its module is not in this build."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, function_name, None)


def pick_folder(parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
    return Path(chosen) if chosen else None


def summary_text(result: Any) -> str:
    """What a service returned, as lines a person reads (reports, summaries, file lists)."""
    if result is None or isinstance(result, bool):
        return ""
    if isinstance(result, str):
        return result
    lines = getattr(result, "lines", None)
    if callable(lines):
        return "\n".join(str(line) for line in lines())
    if type(result).__str__ is not object.__str__:
        return str(result)
    if isinstance(result, (list, tuple)):
        names = [str(item) for item in result]
        return f"{len(names)} files: {', '.join(names)}" if names else "No files were written."
    items: list[tuple[str, Any]] = []
    if isinstance(result, Mapping):
        items = list(result.items())
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        items = [(f.name, getattr(result, f.name)) for f in dataclasses.fields(result)]
    return "\n".join(f"{label(str(key))}: {value}" for key, value in items)


class ImportProblemsDialog(QDialog):
    """Why a bundle was refused, line by line, and the way out: another folder, or back."""

    def __init__(
        self, folder: Path, problems: str, back_text: str = "Cancel", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nothing was imported")
        intro = QLabel(rich(
            f"The bundle in <b>{escape(folder)}</b> has problems, so nothing was imported. "
            "Correct these lines in the CSV files and import again, or choose another folder."
        ))
        intro.setWordWrap(True)
        self.problems_edit = QPlainTextEdit(problems)
        self.problems_edit.setReadOnly(True)
        self.problems_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problems_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox()
        self.retry_button = buttons.addButton(
            "Choose another folder…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.back_button = buttons.addButton(back_text, QDialogButtonBox.ButtonRole.RejectRole)
        copy = QPushButton("Copy")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._on_copy_clicked)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.retry_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problems_edit, 1)
        layout.addWidget(buttons)
        keep_on_screen(self, QSize(720, 420))

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.problems_edit.toPlainText())


def not_available(parent: QWidget | None, what: str) -> None:
    QMessageBox.information(
        parent, "Not available yet", f"{what} is not available in this version yet."
    )


def import_progress(done: int, total: int, file: str) -> str:
    """How far the import's writing is, as the progress dialog says it (the bundle is checked
    first, under the dialog's opening text)."""
    what = file.removesuffix(".csv").replace("_", " ")
    return f"Importing {what}… {done:,} of {total:,} rows written"


def import_bundle(
    parent: QWidget | None,
    operations: Operations,
    *,
    back_text: str = "Cancel",
    start: Path | None = None,
) -> tuple[Path, Any] | None:
    """Ask for a folder and import it; on problems list them and offer another folder.

    Returns the folder and what the importer returned, or None when the user gave up.
    """
    import_folder = load_service(IMPORT_MODULE, "import_folder")
    if import_folder is None:
        not_available(parent, "Importing CSV bundles")
        return None
    while True:
        folder = pick_folder(parent, "Choose the folder of the CSV bundle to import", start)
        if folder is None:
            return None
        problems: list[DispatchError] = []

        def work(worker_ctx: ServiceContext, steps: Progress, folder: Path = folder) -> Any:
            return import_folder(worker_ctx, folder, steps)

        op: Op[Any] = Op(
            f"Import the CSV bundle from {folder}", lambda _confirm: None, parent,
            on_refused=problems.append, done=lambda _r, folder=folder: f"Imported the CSV bundle from {folder}",
            progress=import_progress,
        )
        outcome = operations.run_in_background(
            op,
            work,
            progress_text=f"Importing the CSV bundle from {folder}…\n\n{OTHERS_WAIT}",
            also_changed=EVERYTHING,
        )
        if outcome is not None:
            return folder, outcome.value
        if not problems:
            return None  # not the bundle's fault (another PC busy, stopped waiting): already said
        dialog = ImportProblemsDialog(folder, "\n".join(str(p) for p in problems), back_text, parent)
        retry = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not retry:
            return None
        start = folder


def export_bundle(parent: QWidget | None, operations: Operations) -> tuple[Path, Any] | None:
    """Ask for a folder and write the whole database there as a CSV bundle."""
    export_folder = load_service(EXPORT_MODULE, "export_folder")
    if export_folder is None:
        not_available(parent, "Exporting CSV bundles")
        return None
    folder = pick_folder(parent, "Choose the folder to export the CSV bundle to")
    if folder is None:
        return None
    outcome = operations.run_in_background(
        Op(f"Export a CSV bundle to {folder}", lambda _confirm: None, parent,
           done=lambda _r: f"Exported a CSV bundle to {folder}",
           progress=lambda done, total, file: f"Exporting {file.removesuffix('.csv').replace('_', ' ')}… "
                                              f"{done:,} of {total:,} rows written"),
        lambda worker_ctx, steps: export_folder(worker_ctx, folder, steps),
        progress_text=f"Exporting a CSV bundle to {folder}…",
    )
    return None if outcome is None else (folder, outcome.value)
