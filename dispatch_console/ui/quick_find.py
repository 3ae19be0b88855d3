"""Quick find (Ctrl+K): one box for a work order number, a customer, a phone, a site, an address,
an asset serial or a technician; results as you type, Up/Down to walk them, Enter to open.

The dialog opens nothing itself: it says what was chosen (``open_hit``) and the main window
routes it to the right screen, so every screen is opened the one way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from dispatch_console.services import quick_find
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.quick_find import Hit
from dispatch_console.ui.fitting import keep_on_screen
from dispatch_console.ui.formatting import label
from dispatch_console.ui.plain_text import tooltip
from dispatch_console.ui.widgets import hint

_ROOT = QModelIndex()

#: What the list shows before anything is typed, and when nothing matches.
EMPTY_HINT = "Type a work order number, a customer, a phone, a site, an address, a serial or a technician."
NO_HITS = "Nothing matches “{text}”."


class HitModel(QAbstractListModel):
    """The hits, each as two lines: what it is and its title, then the details."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{label(hit.kind)}: {hit.title}\n{hit.subtitle}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{hit.title}\n{hit.subtitle}")
        return None


class QuickFindDialog(QDialog):
    """The Ctrl+K box.

    Signals:
        open_hit(kind: str, key: str): open this record (kind: a ``quick_find.HitKind`` value:
            work_order, customer, site, asset, technician; key: its number or code).
    """

    open_hit = Signal(str, str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickFind")
        self.setWindowTitle("Quick find")
        self._ctx = ctx
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("quickFindText")
        self.search.setPlaceholderText("Find anything: WO-1042, a name, a phone, an address, a serial…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = HitModel(self)
        self.results = QListView()
        self.results.setObjectName("quickFindResults")
        self.results.setModel(self.model)
        self.results.setAlternatingRowColors(True)
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the box
        layout.addWidget(self.results, 1)
        self.status = hint(EMPTY_HINT)
        self.status.setObjectName("quickFindStatus")
        layout.addWidget(self.status)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.results.activated.connect(self._on_results_activated)
        self.results.clicked.connect(self._on_results_activated)
        width = self.fontMetrics().averageCharWidth() * 80
        self.on_screen = keep_on_screen(self, QSize(width, width * 2 // 3))

    def search_for(self, text: str) -> None:
        """Search now (also what typing does)."""
        self.search.setText(text)

    def current_hit(self) -> Hit | None:
        row = self.results.currentIndex().row()
        return self.model.hits[row] if 0 <= row < len(self.model.hits) else None

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        hits = quick_find.search(self._ctx, text)
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        self.status.setText(EMPTY_HINT if not text.strip() else "" if hits else NO_HITS.format(text=text.strip()))
        self.status.setVisible(bool(self.status.text()))

    @Slot(QModelIndex)
    def _on_results_activated(self, index: QModelIndex) -> None:
        self.results.setCurrentIndex(index)
        self._open_current()

    def _open_current(self) -> None:
        hit = self.current_hit()
        if hit is None:
            return
        self.open_hit.emit(str(hit.kind), hit.key)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.hits:
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(len(self.model.hits) - 1, self.results.currentIndex().row() + step))
                self.results.setCurrentIndex(self.model.index(row))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_current()
                return True
        return super().eventFilter(watched, event)
