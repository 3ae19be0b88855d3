"""Photos of the job: thumbnails, added from disk or dropped onto the pane, tagged before/after,
opened full size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import PhotoKind
from dispatch_console.services import execution
from dispatch_console.ui.fitting import keep_on_screen, natural_size, room_for, scrolling
from dispatch_console.ui.formatting import label
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op
from dispatch_console.ui.plain_text import plain_label, tooltip
from dispatch_console.ui.widgets import hint
from dispatch_console.ui.work_orders.execution.common import (
    ExecutionPane,
    TableKeys,
    allow,
    at_field,
)

AnyIndex = QModelIndex | QPersistentModelIndex
THUMBNAIL = QSize(160, 120)
#: The content type of a photo file, by its extension (what the service accepts).
CONTENT_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".heic": "image/heic", ".webp": "image/webp",
}
FILE_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.webp);;All files (*)"
#: The attachment of a row.
ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole + 1

FileChooser = Callable[[QWidget], list[str]]


def choose_photo_files(parent: QWidget) -> list[str]:
    """Ask for photo files on disk (the pane's default ``choose_files``)."""
    files, _filter = QFileDialog.getOpenFileNames(parent, "Add photos", "", FILE_FILTER)
    return list(files)


def content_type_of(path: str) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


class PhotoModel(QAbstractListModel):
    """The photos of one work order, each with its thumbnail (made once per reload)."""

    def __init__(self, pane: PhotosPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.photos: list[Any] = []
        self._icons: list[QIcon] = []

    def set_photos(self, photos: list[Any]) -> None:
        self.beginResetModel()
        self.photos = list(photos)
        self._icons = [self._thumbnail(p) for p in self.photos]
        self.endResetModel()

    @staticmethod
    def _thumbnail(photo: Any) -> QIcon:
        pixmap = QPixmap()
        if photo.content_type.startswith("image/") and pixmap.loadFromData(photo.data):
            return QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation))
        return QIcon()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        photo = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return caption_of(photo)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{photo.filename}\nadded by {photo.added_by}, {self._pane.when(photo.added_at)}"
                           "\nDouble-click to open it full size")
        if role == ATTACHMENT_ROLE:
            return photo
        return None


def caption_of(photo: Any) -> str:
    """``Before: condenser as found``; a caption that already starts with its tag keeps it once."""
    kind = label(photo.kind)
    text = photo.caption or photo.filename
    return text if text.casefold().startswith(kind.casefold()) else f"{kind}: {text}"


class PhotosPane(ExecutionPane):
    """Thumbnails of the job's photos; Add photos… or drop image files here to add some.

    ``choose_files`` asks for files on disk; tests replace it.
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.choose_files: FileChooser = choose_photo_files
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        self.model = PhotoModel(self)
        self.view = QListView()
        self.view.setObjectName("photoList")
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setIconSize(THUMBNAIL)
        self.view.setGridSize(QSize(THUMBNAIL.width() + 40, THUMBNAIL.height() + 3 * self.fontMetrics().lineSpacing()))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(8)
        # Drops land on the pane (the view would take them as moves of its own items).
        self.view.setAcceptDrops(False)
        self.view.viewport().setAcceptDrops(False)
        self.view.activated.connect(self._on_view_activated)
        TableKeys(self.view, enter=self.open_photo)  # Enter opens the chosen photo full size
        self.view.doubleClicked.connect(self._on_view_activated)
        layout.addWidget(self.view, 1)
        self.empty_hint = hint("No photos yet. Add some from disk, or drop image files here.")
        layout.addWidget(self.empty_hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton("&Open full size")
        self.open_button.setObjectName("openPhoto")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        row.addWidget(self.open_button)
        self.add_button = QPushButton("&Add photos…")
        self.add_button.setObjectName("addPhotos")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.details_dialog: PhotoDetailsDialog | None = None
        self.viewer: PhotoViewer | None = None

    def fill(self, wo: Any) -> None:
        self.model.set_photos(sorted(wo.attachments, key=lambda a: a.added_at))
        self.empty_hint.setVisible(not wo.attachments)
        allow(self.add_button, self.add_reason(), "Add photos from disk (or drop image files here)")
        self.open_button.setEnabled(bool(wo.attachments))

    def add_reason(self) -> str | None:
        return self.why_not(lambda f: lifecycle.check_record_execution(f, "photos"))

    # -- adding ---------------------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        files = self.choose_files(self)
        if files:
            self.add_files(files)

    def add_files(self, files: list[str]) -> PhotoDetailsDialog:
        """Ask for the tag and caption of ``files``, then add them (the dialog is shown, not waited for)."""
        dialog = PhotoDetailsDialog(self, files, parent=self.window())
        self.details_dialog = dialog
        dialog.open()
        return dialog

    @staticmethod
    def _local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event) and self.add_reason() is None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_files(event) and self.add_reason() is None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._local_files(event)
        if not files or self.add_reason() is not None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.add_files(files)

    # -- opening --------------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        self.open_photo(index.row())

    @Slot()
    def _on_open_button_clicked(self) -> None:
        index = self.view.currentIndex()
        self.open_photo(index.row() if index.isValid() else 0)

    def open_photo(self, row: int) -> PhotoViewer | None:
        if not 0 <= row < len(self.model.photos):
            return None
        viewer = PhotoViewer(self.model.photos[row], self, parent=self.window())
        self.viewer = viewer
        viewer.open()
        return viewer


class PhotoDetailsDialog(RecordDialog):
    """Before, after or other, and a caption, for the photos being added."""

    def __init__(self, pane: PhotosPane, files: list[str], parent: QWidget | None = None) -> None:
        count = len(files)
        super().__init__(f"Add {count} photo{'s' if count != 1 else ''} to {pane.number}", pane.operations, parent)
        self.pane = pane
        self.files = list(files)
        names = ", ".join(Path(f).name for f in files)
        self.names = plain_label(names, wrap_anywhere=True)
        self.kind = QComboBox()
        self.kind.setObjectName("photoKind")
        for kind in PhotoKind:
            self.kind.addItem(label(kind.value), kind)
        self.caption = QLineEdit()
        self.caption.setObjectName("photoCaption")
        self.caption.setPlaceholderText("what it shows (optional)")
        self.form.add("files", "Files:", self.names)
        self.form.add("kind", "&Taken:", self.kind)
        self.form.add("caption", "&Caption:", self.caption)
        self.load()
        keep_on_screen(self, natural_size(self).expandedTo(QSize(420, 0)))

    def load(self) -> None:
        self.kind.setCurrentIndex(self.kind.findData(PhotoKind.OTHER))
        self.caption.clear()
        self.form.mark_clean()

    def save_op(self) -> Op[Any] | None:
        pane = self.pane
        kind = PhotoKind(self.kind.currentData())
        caption = self.caption.text()
        loaded: list[tuple[str, bytes]] = []
        for path in self.files:
            try:
                loaded.append((path, Path(path).read_bytes()))
            except OSError as exc:
                self.form.show_problems({"files": f"'{Path(path).name}' cannot be read: {exc.strerror or exc}"})
                return None
        title = f"Add {len(loaded)} photo{'s' if len(loaded) != 1 else ''} to {pane.number}"

        def add_all() -> int:
            for path, data in loaded:
                execution.add_photo(pane.ctx, pane.number, Path(path).name, content_type_of(path), data,
                                    kind=kind, caption=caption)
            return len(loaded)

        return Op(title, lambda _confirm: at_field("files", add_all, title))


class PhotoViewer(QDialog):
    """One photo as large as the screen allows (never larger than the photo itself)."""

    def __init__(self, photo: Any, pane: PhotosPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{caption_of(photo)} — {pane.number}")
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.image = QLabel()
        self.image.setObjectName("photoFull")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        self.original = QSize()
        footer = hint(f"{photo.filename} · added by {photo.added_by}, {pane.when(photo.added_at)}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if pixmap.loadFromData(photo.data):
            self.original = pixmap.size()
            room = room_for(self) - QSize(24, 24 + 2 * footer.sizeHint().height() + buttons.sizeHint().height())
            if pixmap.width() > room.width() or pixmap.height() > room.height():
                pixmap = pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            self.image.setPixmap(pixmap)
        else:
            self.image.setText("This file cannot be shown as a picture.")
        layout.addWidget(scrolling(self.image), 1)
        layout.addWidget(footer)
        layout.addWidget(buttons)
        keep_on_screen(self, natural_size(self).expandedTo(QSize(480, 360)))
