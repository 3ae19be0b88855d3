"""Windows and bars that fit the screen they are on: a 1366×768 laptop, 200 % scaling, big monitors.

A window never opens larger than the room its screen has (title bar and taskbar left out),
its content scrolls instead of pushing buttons off the screen, and rows of controls wrap
instead of being cut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

#: What a window's frame and title bar take beyond its client area on a desktop (logical
#: pixels); Qt knows the real frame only once a window is shown, and some platforms never.
FRAME = QSize(16, 40)
#: Smallest a window is made, whatever the screen (logical pixels).
SMALLEST = QSize(320, 240)


def screen_of(widget: QWidget) -> QScreen:
    """The screen ``widget`` is on (its parent's before it is shown), or the primary one.

    Asked of the window's handle, not ``QWidget.screen()``: with PySide6 6.11, once a widget
    that called ``screen()`` is deleted, the one QScreen wrapper it returned is dead for every
    later caller ("Internal C++ object (QScreen) already deleted").
    """
    window: QWidget | None = widget.window()
    while window is not None:
        handle = window.windowHandle()
        if handle is not None and handle.screen() is not None:
            return handle.screen()
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return QGuiApplication.primaryScreen()


def available_geometry(widget: QWidget) -> QRect:
    """The part of ``widget``'s screen a window may use (without the taskbar or the Dock)."""
    return screen_of(widget).availableGeometry()


def room_for(widget: QWidget) -> QSize:
    """The largest client size a window can have on its screen with its frame still on it."""
    room = available_geometry(widget).size() - FRAME
    return room.expandedTo(SMALLEST)


def fit_size(widget: QWidget, preferred: QSize) -> QSize:
    """``preferred`` or as much of it as the screen has room for."""
    return preferred.boundedTo(room_for(widget))


def natural_size(window: QWidget) -> QSize:
    """The size ``window`` wants: its hinted width (at least its minimum), and the height its
    content needs at that width, wrapped text included."""
    width = max(window.sizeHint().width(), window.minimumWidth())
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        return QSize(width, layout.totalHeightForWidth(width))
    return QSize(width, window.sizeHint().height())


class KeepOnScreen(QObject):
    """Keeps a window within its screen: never larger, never partly off it.

    On every show and screen change the window's maximum size becomes the room the screen
    has (a window moved to a bigger monitor may grow again), it shrinks to fit if needed, and
    it moves back onto the screen if part of its frame is off it.
    """

    def __init__(self, window: QWidget, preferred: QSize | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.apply(preferred)
        window.installEventFilter(self)

    def apply(self, preferred: QSize | None = None) -> None:
        window = self._window
        room = room_for(window)
        window.setMaximumSize(room)
        wanted = preferred if preferred is not None else window.size()
        if preferred is not None or wanted != wanted.boundedTo(room):
            window.resize(wanted.boundedTo(room))

    def centre(self) -> None:
        """Centre over the parent window (or the screen), as a dialog opens, within the screen."""
        window = self._window
        parent = window.parentWidget()
        over = parent.window().frameGeometry() if parent is not None else available_geometry(window)
        frame = QRect(window.frameGeometry())
        frame.moveCenter(over.center())
        window.move(window.pos() + frame.topLeft() - window.frameGeometry().topLeft())
        self.move_onto_screen()

    def move_onto_screen(self) -> None:
        window = self._window
        area = available_geometry(window)
        frame = window.frameGeometry()
        # The frame Qt knows may not include the title bar yet: count it in.
        extra_top = max(0, FRAME.height() - (frame.height() - window.height()))
        frame = frame.adjusted(0, -extra_top, 0, 0)
        x = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
        y = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
        x, y = max(x, area.left()), max(y, area.top())
        if (x, y) != (frame.left(), frame.top()):
            window.move(window.pos() + QPoint(x - frame.left(), y - frame.top()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            kind = event.type()
            if kind == QEvent.Type.ScreenChangeInternal:
                self.apply()
            elif kind == QEvent.Type.Show:
                self.apply()
                if self._window.testAttribute(Qt.WidgetAttribute.WA_Moved):
                    self.move_onto_screen()
                else:
                    self.centre()
        return False


def keep_on_screen(window: QWidget, preferred: QSize | None = None) -> KeepOnScreen:
    """Open ``window`` at ``preferred`` (bounded by its screen) and keep it on the screen."""
    return KeepOnScreen(window, preferred)


class ScrollArea(QScrollArea):
    """A scroll area that asks for the whole height of its content at a given width (a plain
    one asks for at most 24 lines, and ignores wrapped text), but can be made shorter."""

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        content = self.widget()
        if content is None:
            return super().sizeHint().height()
        inner = width - 2 * self.frameWidth()
        if content.hasHeightForWidth():
            height = content.heightForWidth(inner)
        else:
            height = content.sizeHint().height()
        return height + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        width = content.sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, self.heightForWidth(width))


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: all of it when there is room, scroll bars when not
    (sideways only when it cannot be narrower, rather than cutting its right edge)."""
    area = ScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Transparent, so a page inside a tab keeps the tab's background.
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return area


class ElidedLabel(QLabel):
    """A one-line label that gives up width by eliding its text ("…") instead of pushing the
    window wider; ``text()`` stays the whole text, and the tooltip shows it when elided."""

    def __init__(
        self, text: str = "", mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle
    ) -> None:
        super().__init__(text)
        self._mode = mode

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…") * 8, hint.height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.is_elided():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), self._mode, rect.width())
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


class FlowLayout(QLayout):
    """Lays widgets out in a row and wraps them onto further rows when the row is too narrow.

    Each widget gets its size hint; the room left on a row goes to the widgets whose
    horizontal size policy is Expanding (a search field, a right-aligned count).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout --------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one row."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in shown)
        width += self._spacing * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """As narrow as the widest single widget (then each is on a row of its own)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- arranging ------------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def rows(self, width: int) -> list[list[QLayoutItem]]:
        """The widgets on each row at ``width``."""
        rows: list[list[QLayoutItem]] = []
        line: list[QLayoutItem] = []
        used = 0
        for item in self._shown():
            hint = item.sizeHint().width()
            needed = hint if not line else used + self._spacing + hint
            if line and needed > width:
                rows.append(line)
                line, used = [item], hint
            else:
                line.append(item)
                used = needed
        if line:
            rows.append(line)
        return rows

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for line in self.rows(area.width()):
            height = max(item.sizeHint().height() for item in line)
            widths = [min(item.sizeHint().width(), area.width()) for item in line]
            spare = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [
                i
                for i, item in enumerate(line)
                if item.widget() is not None
                and item.widget().sizePolicy().horizontalPolicy().value
                & QSizePolicy.PolicyFlag.ExpandFlag.value
            ]
            if spare > 0 and growing:
                share, rest = divmod(spare, len(growing))
                for n, i in enumerate(growing):
                    widths[i] += share + (1 if n < rest else 0)
            if move:
                x = area.x()
                for item, width in zip(line, widths, strict=True):
                    item.setGeometry(QRect(x, y, width, height))
                    x += width + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()


def widget_fully_visible(widget: QWidget, window: QWidget | None = None) -> bool:
    """Whether all of ``widget`` is inside its window's client area and the window's screen."""
    window = window or widget.window()
    if not widget.isVisible():
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    inside = QRect(top_left, widget.size())
    if not window.rect().contains(inside):
        return False
    on_screen = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    return available_geometry(window).contains(on_screen)


__all__ = [
    "FRAME",
    "ElidedLabel",
    "FlowLayout",
    "KeepOnScreen",
    "available_geometry",
    "fit_size",
    "keep_on_screen",
    "natural_size",
    "room_for",
    "scrolling",
    "widget_fully_visible",
]
