"""Choosing one record (a site's customer, an asset's site, a part) by typing part of it.

With 10,000 customers and 20,000 sites a list of every record is slow to open and useless to
scroll, so the field lists nothing until the dispatcher types: a moment after the last key
(``SEARCH_DELAY_MS``) it asks its search for the best few matches and shows them under the
field. Down and Up walk them, Enter or a click takes one, Escape closes the list; Down on an
empty field lists the first records by name. Once chosen, the field shows the record's label.
A record being edited names its choice with one lookup (``label_of``), never a list.

The same widget serves every kind of record: it is given a search ``(text) -> [(code, label)]``
(or ``(code, label, detail)``) and a ``label_of(code)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QFrame,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.ui.plain_text import plain_label, set_plain, tooltip

#: The pause after the last key before the list is asked for (typing "Acme" asks once, not four times).
SEARCH_DELAY_MS = 150
#: Rows the list shows at once; more scroll.
ROWS_SHOWN = 8
#: The colour of "nothing matches" (as the intake's warnings).
WARNING_COLOUR = "#8d4e00"
#: The code of a record at the end of its label, as in "Elm Street Bakery (C2)".
_CODE_AT_END = re.compile(r"\(([^()]+)\)\s*$")

Search = Callable[[str], Sequence[tuple[str, ...]]]
LabelOf = Callable[[str], "str | None"]


class ChoiceModel(QAbstractListModel):
    """The records offered: (code, label, detail); the list shows the label and the detail."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices: list[tuple[str, str, str]] = []

    def set_choices(self, choices: Sequence[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self.choices = list(choices)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.choices):
            return None
        code, label, detail = self.choices[index.row()]
        shown = f"{label}  ·  {detail}" if detail else label
        if role == Qt.ItemDataRole.DisplayRole:
            return shown
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(shown)
        if role == Qt.ItemDataRole.UserRole:
            return code
        return None


class ChoiceList(QFrame):
    """The matches under the field, drawn over the form (not a window of its own, so the keys
    stay in the field), with a line saying how many there are or what to type instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chooserList")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#chooserList { border: 1px solid palette(dark); background: palette(base); }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self.model = ChoiceModel(self)
        self.view = QListView()
        self.view.setObjectName("chooserMatches")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the field
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setStyleSheet("QListView::item { padding: 2px 4px; }")
        layout.addWidget(self.view)
        self.status = plain_label("", wrap=True)
        self.status.setObjectName("chooserStatus")
        self.status.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.status)
        self.hide()

    def say(self, text: str, *, warning: bool = False) -> None:
        """The line under the matches: how many there are (quiet), or that none match (a warning)."""
        set_plain(self.status, text)
        self.status.setStyleSheet(
            f"QLabel {{ color: {WARNING_COLOUR if warning else 'palette(placeholder-text)'}; }}"
        )

    def row(self) -> int:
        """The highlighted row (-1: none)."""
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def set_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())

    def place(self, field: QWidget) -> None:
        """Show under ``field`` (over it when there is more room above), within its window."""
        top = field.window()
        if self.parentWidget() is not top:
            self.setParent(top)
        rows = self.model.rowCount()
        self.view.setVisible(rows > 0)
        row_height = self.view.sizeHintForRow(0) if rows else 0
        if row_height <= 0:
            row_height = self.view.fontMetrics().height() + 2
        self.view.setFixedHeight(row_height * min(rows, ROWS_SHOWN) + 2 * self.view.frameWidth())
        metrics = self.view.fontMetrics()
        widest = self.view.sizeHintForColumn(0) if rows else 0
        scroll_bar = self.view.verticalScrollBar().sizeHint().width() if rows > ROWS_SHOWN else 0
        wanted = widest + scroll_bar + 2 * self.frameWidth() + 2 * metrics.averageCharWidth()
        width = max(field.width(), min(wanted, metrics.averageCharWidth() * 80))
        width = min(width, top.width() - 8)  # wider than the field, over the labels if need be
        self.setFixedWidth(width)
        self.status.setVisible(bool(self.status.text()))
        layout = self.layout()
        height = (layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth()
                  else self.sizeHint().height())
        below = field.mapTo(top, QPoint(0, field.height()))
        above = field.mapTo(top, QPoint(0, 0))
        x = max(4, min(below.x(), field.mapTo(top, QPoint(field.width(), 0)).x() - width))
        room_below = top.height() - below.y()
        if room_below < height and above.y() > room_below:
            height = min(height, above.y())
            y = above.y() - height
        else:
            height = min(height, room_below)
            y = below.y()
        self.setGeometry(x, y, width, height)
        self.show()
        self.raise_()


class RecordChooser(QLineEdit):
    """A field whose value is one record's code, found by typing part of it.

    ``search(text)`` gives the matches, best first, as (code, label) or (code, label, detail);
    ``label_of(code)`` the label of the record already chosen (None: there is none). Without
    them, ``set_choices`` gives a short fixed list to pick from. ``limit`` caps what the list
    holds (a search should ask for no more).

    Text that names no record is passed on as typed (``code``), so the service says at the
    field, in words, that there is no such record and to pick one from the list.

    Signals:
        edited: the user typed or picked (for the form).
        picked: str — the code of the record the user took from the list.
    """

    edited = Signal()
    picked = Signal(str)

    def __init__(
        self,
        what: str,
        parent: QWidget | None = None,
        *,
        search: Search | None = None,
        label_of: LabelOf | None = None,
        limit: int | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(parent)
        self.what = what
        self._search: Search = search or (lambda _text: [])
        self._label_of: LabelOf = label_of or (lambda _code: None)
        self._limit = limit
        self._chosen: str | None = None
        self.searches = 0  # how many times the list was asked for (for tests and curiosity)
        self._hint = hint or f"Type part of the {what}'s name or code"
        self.setPlaceholderText(self._hint)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.list = ChoiceList()
        self.list.view.clicked.connect(self._on_list_view_clicked)
        self.destroyed.connect(self.list.deleteLater)  # it may live in the window, not in the field
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.textEdited.connect(self._on_text_edited)
        self._watched: QWidget | None = None
        self._follows_scrolling = False

    # -- what is chosen ---------------------------------------------------------------------------
    def code(self) -> str:
        """The chosen record's code; the text as typed when it names none ("" when empty)."""
        if self._chosen is not None:
            return self._chosen
        text = self.text().strip()
        return (self._resolve(text) or text) if text else ""

    def chosen_code(self) -> str | None:
        """The code of the record taken from the list (or set), None while the text names none."""
        return self._chosen

    def set_code(self, code: str) -> None:
        """Show ``code``'s record as chosen (one lookup of its label); "" chooses none."""
        self._timer.stop()
        self.list.hide()
        code = code.strip()
        if not code:
            self._chosen = None
            self.setText("")
            self.setToolTip("")
            return
        self._chosen = code
        self._show_label(self._label_of(code) or code)

    def _show_label(self, label: str) -> None:
        self.setText(label)
        self.setCursorPosition(0)  # a long label shows its beginning, and all of it on hover
        self.setToolTip(tooltip(label))

    def set_choices(self, choices: Sequence[tuple[str, ...]]) -> None:
        """A short fixed list to choose from, as (code, label) or (code, label, detail), instead
        of a search."""
        fixed = [tuple(str(part) for part in choice) for choice in choices]
        labels = {choice[0]: choice[1] for choice in fixed}

        def search(text: str) -> list[tuple[str, ...]]:
            wanted = text.strip().casefold()
            return [c for c in fixed if any(wanted in part.casefold() for part in c)]

        self._search = search
        self._label_of = labels.get
        if self._chosen is not None:
            self.set_code(self._chosen)

    def form_value(self) -> str:
        """What the form compares and lists as typed: the chosen record's label, or the typing."""
        return self.text()

    def lineEdit(self) -> QLineEdit:
        """The field typed into (this one; the combo this replaced had a separate one)."""
        return self

    def choices(self) -> list[tuple[str, str, str]]:
        """The matches the list holds now (code, label, detail)."""
        return list(self.list.model.choices)

    def list_shown(self) -> bool:
        return self.list.isVisible()

    def search_pending(self) -> bool:
        """Typing has changed the text and the list is not asked for yet (the pause is running)."""
        return self._timer.isActive()

    def status_text(self) -> str:
        """What the line under the matches says ("" when the list is closed)."""
        return self.list.status.text() if self.list.isVisible() else ""

    # -- searching --------------------------------------------------------------------------------
    def _resolve(self, text: str) -> str | None:
        """The record typed in full without taking it from the list: its code, its label, or a
        label ending in "(code)" as the list shows it."""
        wanted = text.casefold()
        ending = _CODE_AT_END.search(text)
        if ending is not None:
            code = ending.group(1).strip()
            label = self._label_of(code)
            if label is not None and label.casefold() == wanted:
                return code
        for code, label, _detail in self._find(text):
            if wanted in (code.casefold(), label.casefold()):
                return code
        return None

    def _find(self, text: str) -> list[tuple[str, str, str]]:
        self.searches += 1
        found = [
            (str(c[0]), str(c[1]), str(c[2]) if len(c) > 2 else "") for c in self._search(text.strip())
        ]
        return found[: self._limit] if self._limit is not None else found

    def search_now(self, text: str | None = None) -> None:
        """List the matches of ``text`` (what the field shows if None) at once."""
        self._timer.stop()
        text = self.text() if text is None else text
        found = self._find(text)
        self.list.model.set_choices(found)
        self.list.set_row(-1)
        typed = text.strip()
        if not found:
            status = (
                f"No {self.what} matches “{typed}”. Check the spelling, or "
                f"{self._hint[:1].lower()}{self._hint[1:]}." if typed else f"There is no {self.what} yet."
            )
        elif self._limit is not None and len(found) >= self._limit:
            status = f"The first {len(found)} matches; type more to narrow them."
        else:
            status = ""
        self.list.say(status, warning=not found)
        self._open_list()

    def _open_list(self) -> None:
        self.list.place(self)
        if not self._follows_scrolling:
            # The form scrolls on a short screen: the list follows the field.
            ancestor = self.parentWidget()
            while ancestor is not None:
                if isinstance(ancestor, QAbstractScrollArea):
                    ancestor.verticalScrollBar().valueChanged.connect(self._on_scrolled)
                    ancestor.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
                ancestor = ancestor.parentWidget()
            self._follows_scrolling = True
        window = self.window()
        if self._watched is not window:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window

    def close_list(self) -> None:
        self._timer.stop()
        self.list.hide()

    def take(self, row: int) -> bool:
        """Choose the listed match in ``row``; False when there is none."""
        choices = self.list.model.choices
        if not 0 <= row < len(choices):
            return False
        code, label, _detail = choices[row]
        self._chosen = code
        self._show_label(label)
        self.list.hide()
        self.edited.emit()
        self.picked.emit(code)
        return True

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._chosen = None
        self.setToolTip("")
        if text.strip():
            self._timer.start()
        else:
            self.close_list()
        self.edited.emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self.isVisible():
            self.search_now()

    @Slot()
    def _on_scrolled(self) -> None:
        if self.list.isVisible():
            self.list.place(self)

    @Slot(QModelIndex)
    def _on_list_view_clicked(self, index: QModelIndex) -> None:
        self.take(index.row())

    # -- the keyboard -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._walk(key)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self._enter():
            event.accept()
            return
        if key == Qt.Key.Key_Escape and (self.list.isVisible() or self._timer.isActive()):
            self.close_list()
            event.accept()
            return
        super().keyPressEvent(event)

    def _walk(self, key: int) -> None:
        if not self.list.isVisible() or self._timer.isActive():
            # Down on a chosen record or an empty field lists the first records by name.
            self.search_now("" if self._chosen is not None else self.text())
            if key in (Qt.Key.Key_Up, Qt.Key.Key_PageUp):
                return
        rows = self.list.model.rowCount()
        if not rows:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: ROWS_SHOWN,
                Qt.Key.Key_PageUp: -ROWS_SHOWN}[Qt.Key(key)]
        row = self.list.row()
        if row < 0 and step < 0:
            return
        self.list.set_row(max(-1 if step == -1 else 0, min(rows - 1, row + step)))

    def _enter(self) -> bool:
        """Enter takes the highlighted match, or the best one; True when the key is used up.

        Enter on text that matches nothing chooses nothing and says so (the dialog is not saved).
        """
        if self._timer.isActive():
            self.search_now()  # Enter before the pause is over: the list is asked for at once
        elif not self.list.isVisible():
            if self._chosen is not None or not self.text().strip():
                return False  # nothing to choose: Enter is the dialog's (Save)
            self.search_now()
        self.take(max(self.list.row(), 0))  # when nothing matches, the list says so
        return True

    # -- the list follows the field ---------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Qt selects the whole text when Tab (or a dialog opening on this field) brings the
        # keyboard here, with the cursor after the last letter: a label longer than the field
        # then showed only its end ("…00 — Alvarez & Kim, PLLC (AKL-01)"). Still all selected,
        # so typing replaces it, but from the end back to the beginning, which stays in view.
        length = len(self.text())
        if length and self.selectedText() == self.text() and self.cursorPosition() == length:
            self.setSelection(length, -length)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.close_list()
        super().focusOutEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and self.list.isVisible():
            if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
                self.list.place(self)
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.WindowDeactivate):
                self.close_list()
        return super().eventFilter(watched, event)

    def hideEvent(self, event: Any) -> None:
        self.close_list()
        super().hideEvent(event)
