"""The unscheduled queue beside the board: open work orders, most urgent first; drag source and
drop target (a booking dropped here is taken off the schedule)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from dispatch_console.domain.enums import PRIORITY_RANK, Priority
from dispatch_console.domain.queue_order import queue_key
from dispatch_console.services.board import QueueItem
from dispatch_console.ui.board import style
from dispatch_console.ui.mime import (
    BOOKING_MIME,
    WORK_ORDER_MIME,
    decode_bookings,
    encode_work_orders,
)
from dispatch_console.ui.plain_text import escape, rich

Index = QModelIndex | QPersistentModelIndex

#: "Est. hours" as the work order list titles it (a bare "Est. h" read as a title cut off).
COLUMNS = ("Priority", "Work order", "Due", "Skills", "Est. hours", "Customer / site")
PRIORITY, NUMBER, DUE, SKILLS, HOURS, WHERE = range(len(COLUMNS))
#: The longest ways a due time reads in the queue (a due-by more than 99 days off is rare).
LONGEST_DUES = ("overdue 23 h 59 min", "overdue 99 d 23 h")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2


def due_text(due_by: datetime | None, now: datetime) -> tuple[str, bool]:
    """("in 2 d 4 h" / "overdue 3 h", overdue?) in the dispatcher's short words."""
    if due_by is None:
        return "—", False
    seconds = (due_by - now).total_seconds()
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(int(seconds), 86400)
    hours = rest // 3600
    minutes = (rest % 3600) // 60
    if days:
        span = f"{days} d {hours} h" if hours else f"{days} d"
    elif hours:
        span = f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    else:
        span = f"{minutes} min"
    return (f"overdue {span}" if overdue else f"in {span}"), overdue


class QueueModel(QAbstractTableModel):
    """Adapter over a list of QueueItem, kept in ``queue_key`` order; never queries the database.

    Every change keeps the order, so a work order coming back to the queue (unbooked, undone)
    takes its place by urgency instead of going to the bottom.
    """

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QueueItem] = []
        self._now = now
        self._bold = QFont()
        self._bold.setBold(True)

    def set_items(self, items: Sequence[QueueItem]) -> None:
        self.beginResetModel()
        self._items = sorted(items, key=queue_key)
        self.endResetModel()

    def items(self) -> list[QueueItem]:
        return list(self._items)

    def remove_number(self, number: str) -> QueueItem | None:
        for row, item in enumerate(self._items):
            if item.number == number:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
                return item
        return None

    def add(self, item: QueueItem) -> None:
        """Put a work order in the queue at its place; an item already there is replaced (its
        priority or due-by may have changed) and moves to its new place."""
        self.remove_number(item.number)
        row = bisect.bisect_left([queue_key(i) for i in self._items], queue_key(item))
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        self.endInsertRows()

    def item(self, number: str) -> QueueItem | None:
        return next((i for i in self._items if i.number == number), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == HOURS:
            return "Estimated hours"
        if role == Qt.ItemDataRole.TextAlignmentRole and section == HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PRIORITY:
                return item.priority.value.title()
            if column == NUMBER:
                return f"{item.number} · {item.summary}"
            if column == WHERE:
                return f"{item.customer} · {item.site}"
            if column == SKILLS:
                return ", ".join(item.required_skills) or "any"
            if column == HOURS:
                return f"{item.estimated_hours.normalize():f}"
            if column == DUE:
                return due_text(item.due_by, self._now())[0]
        if role == SORT_ROLE:
            if column == PRIORITY:
                return PRIORITY_RANK[item.priority]
            if column == HOURS:
                return float(item.estimated_hours)
            if column == DUE:
                return item.due_by.timestamp() if item.due_by else float("inf")
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == DUE and due_text(item.due_by, self._now())[1]:
                return QBrush(style.LATE)
            if column == PRIORITY and item.priority == Priority.EMERGENCY:
                return QBrush(style.LATE)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and column == PRIORITY and item.priority in (Priority.EMERGENCY, Priority.HIGH):
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and column == NUMBER:
            return QColor(style.TYPE_COLOURS[item.type])
        if role == Qt.ItemDataRole.ToolTipRole:
            skills = ", ".join(item.required_skills) or "no particular skill"
            return rich(
                f"<b>{escape(item.number)}</b> — {escape(item.summary)}<br>"
                f"{escape(item.customer)} · {escape(item.site)}<br>"
                f"{item.type.value.title()} · {item.priority.value} priority · {item.estimated_hours} h · "
                f"{escape(skills)}<br>Drag onto a technician's row to book it."
            )
        return None

    # -- drag source --------------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [WORK_ORDER_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt override
        rows = sorted({i.row() for i in indexes if i.isValid()})
        numbers = [self._items[r].number for r in rows]
        mime = QMimeData()
        mime.setData(WORK_ORDER_MIME, QByteArray(encode_work_orders(numbers)))
        mime.setText(", ".join(numbers))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


class QueueFilter(QSortFilterProxyModel):
    """Free text over number, summary, customer, site and skills; and an optional priority."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._priority: Priority | None = None
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_priority(self, priority: Priority | None) -> None:
        self.beginFilterChange()
        self._priority = priority
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        item: QueueItem = model.data(model.index(source_row, 0, source_parent), ITEM_ROLE)
        if item is None:
            return False
        if self._priority is not None and item.priority != self._priority:
            return False
        return not self._text or self._text in item.search_text

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt override
        a = self.sourceModel().data(left, SORT_ROLE)
        b = self.sourceModel().data(right, SORT_ROLE)
        if a == b:
            return queue_key(self.sourceModel().data(left, ITEM_ROLE)) < queue_key(
                self.sourceModel().data(right, ITEM_ROLE)
            )
        return bool(a < b)


class QueueView(QTableView):
    """The queue's table: drags work orders out; takes bookings back in (unbook).

    Signals:
        unbook_requested: list[(booking id, version)] dropped here from the board.
        open_requested: str — a work order number (double-click or Enter).
    """

    unbook_requested = Signal(object)
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(False)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setHighlightSections(False)
        # Tab leaves the queue for the next control, as in a list; arrows move between rows.
        self.setTabKeyNavigation(False)
        self.doubleClicked.connect(self._on_self_double_clicked)

    def configure_columns(self) -> None:
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((NUMBER, 160), (SKILLS, 64), (WHERE, 160)):
            self.setColumnWidth(column, width)
        # As wide as its title and the sort arrow need, in whatever font the screen has.
        self.setColumnWidth(HOURS, header.sectionSizeHint(HOURS))
        # The priority and how soon it is due are what the queue is sorted by: never elided
        # ("Emerg…", "overdue 4 d …"), in whatever font the screen has.
        bold = QFont(self.font())
        bold.setBold(True)
        self.setColumnWidth(PRIORITY, max(self._cell_width("Emergency", bold), header.sectionSizeHint(PRIORITY)))
        due = max(self._cell_width(text, self.font()) for text in LONGEST_DUES)
        self.setColumnWidth(DUE, max(due, header.sectionSizeHint(DUE)))

    def _cell_width(self, text: str, font: QFont) -> int:
        """The width a cell needs to show ``text`` whole: the text and the margins the style
        draws either side of it, and the grid line."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        return QFontMetrics(font).horizontalAdvance(text) + 2 * margin + 2

    def selected_item(self) -> QueueItem | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not rows:
            return None
        return self.model().data(rows[0], ITEM_ROLE)

    def _on_self_double_clicked(self, index: QModelIndex) -> None:
        item = self.model().data(index, ITEM_ROLE)
        if item is not None:
            self.open_requested.emit(item.number)

    def drag_picture(self, numbers: list[str]) -> tuple[QPixmap, QPoint]:
        """A small tag naming what is dragged, and its hot spot: the tag sits above and to the
        left of the pointer, so it never covers the outline the board draws where the job lands
        (Qt's default picture is the whole queue row, right over it)."""
        text = numbers[0] if len(numbers) == 1 else f"{len(numbers)} work orders"
        metrics = QFontMetrics(self.font())
        size = QRect(0, 0, metrics.horizontalAdvance(text) + 16, metrics.height() + 8)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(size.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setPen(QPen(style.GRID_DAY, 1))
        p.setBrush(style.HEADER_BG)
        p.drawRoundedRect(size.adjusted(0, 0, -1, -1), 4, 4)
        p.setPen(style.TEXT)
        p.setFont(self.font())
        p.drawText(size, Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        return pixmap, QPoint(size.width() + 8, size.height() + 6)

    def startDrag(self, supported: Qt.DropAction) -> None:
        indexes = [i for i in self.selectedIndexes() if i.column() == 0]
        if not indexes:
            return
        mime = self.model().mimeData(indexes)
        numbers = [self.model().data(i, ITEM_ROLE).number for i in indexes]
        drag = QDrag(self)
        drag.setMimeData(mime)
        pixmap, hot_spot = self.drag_picture(numbers)
        drag.setPixmap(pixmap)
        drag.setHotSpot(hot_spot)
        drag.exec(supported, self.defaultDropAction())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.selected_item() or self.model().data(self.currentIndex(), ITEM_ROLE)
            if item is not None:
                self.open_requested.emit(item.number)
                event.accept()
                return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(BOOKING_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(BOOKING_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()  # the queue is sorted by urgency: no reordering by hand

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(BOOKING_MIME):
            pairs = decode_bookings(bytes(event.mimeData().data(BOOKING_MIME).data()))
            event.acceptProposedAction()
            if pairs:
                self.unbook_requested.emit(pairs)
            return
        event.ignore()
