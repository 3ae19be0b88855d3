"""The schedule board widget: technicians x time, painted from BoardState, driven by the mouse.

Gestures become intents (signals); the board page turns intents into undoable commands that call
services. The view never writes data itself.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum, auto

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from dispatch_console.domain.booking_length import SHORTEST, booking_length
from dispatch_console.domain.lifecycle import why_not_reschedule
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.domain.workdays import day_text
from dispatch_console.services.board import BookingBlock, conflicts_on_board
from dispatch_console.services.dispatch import Placement
from dispatch_console.ui.board import style
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.painter import BoardPainter, Ghost
from dispatch_console.ui.board.state import BoardState
from dispatch_console.ui.mime import (
    BOOKING_MIME,
    WORK_ORDER_MIME,
    decode_work_orders,
    encode_bookings,
)
from dispatch_console.ui.plain_text import escape, rich

NAME_WIDTH = 210  # the names column, when the board has room for it
NAME_WIDTH_NARROW = 120  # on a narrow board (a laptop at 200 %) names are elided instead
HEADER_HEIGHT = 44
EDGE = 6  # px at a block's ends that resize instead of move
ROW_CACHE = 120  # rows kept painted (a few screens' worth)


@dataclass(frozen=True)
class NewBooking:
    """What the board needs to know of a queued work order to show where it would land."""

    number: str
    hours: Decimal | float  # the estimate; booked as booking_length() of it
    required_skills: tuple[str, ...]
    due_by: datetime | None
    label: str


class Mode(Enum):
    IDLE = auto()
    PRESSED = auto()
    MOVING = auto()
    RESIZE_START = auto()
    RESIZE_END = auto()
    RUBBER_BAND = auto()


class _Margin(QWidget):
    """The frozen name column or time header; painted by the board."""

    def __init__(self, board: BoardView, paint: Callable[[QPainter, QRect], None]) -> None:
        super().__init__(board)
        self._paint = paint
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._paint(painter, event.rect())
        painter.end()


class BoardView(QAbstractScrollArea):
    """Technicians as rows, time as columns; bookings as blocks.

    Signals:
        moves_requested: list[Placement] — move or resize one or several bookings.
        booking_requested: Placement — a queued work order dropped on a row.
        unbook_requested: list[int] — booking ids to take off the schedule.
        open_requested: str — a work order number to open.
        selection_changed: the selected bookings changed.
        row_menu_requested: (tech_code, date, QPoint) — context menu on an empty part of a row.
        block_menu_requested: (booking_id, QPoint) — context menu on a booking.
        zoom_requested: +1 / -1 — Ctrl+wheel over the board.
        notice: str — a short explanation for the status bar (why a block will not move).
    """

    moves_requested = Signal(object)
    booking_requested = Signal(object)
    unbook_requested = Signal(object)
    open_requested = Signal(str)
    selection_changed = Signal()
    row_menu_requested = Signal(str, object, object)
    block_menu_requested = Signal(int, object)
    zoom_requested = Signal(int)
    notice = Signal(str)

    def __init__(self, state: BoardState, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._now = now
        font = QFont(self.font())
        self.painter = BoardPainter(state, font)
        self.axis: TimeAxis | None = None
        self._asked_axis: TimeAxis | None = None  # as the page set it, before filling the width
        self.describe_work_order: Callable[[str], NewBooking | None] = lambda _n: None
        self._mode = Mode.IDLE
        self._press_pos = QPointF()
        self._press_block: BookingBlock | None = None
        self._ghosts: list[Ghost] = []
        self._ghost_intents: list[Placement] = []
        self._rubber: QRectF | None = None
        self._drop_preview: tuple[str, str, datetime, datetime] | None = None
        self._focus_id: int | None = None
        # Each row painted once into a pixmap and blitted after: scrolling costs no Python per
        # booking. Least recently shown rows are dropped beyond ROW_CACHE.
        self._pictures: OrderedDict[int, tuple[int, QPixmap]] = OrderedDict()
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.name_width = NAME_WIDTH
        self.setViewportMargins(self.name_width, HEADER_HEIGHT, 0, 0)
        self._names = _Margin(self, self._paint_names)
        self._header = _Margin(self, self._paint_header)
        self._corner = _Margin(self, self._paint_corner)
        self.horizontalScrollBar().valueChanged.connect(self._header.update)
        self.verticalScrollBar().valueChanged.connect(self._names.update)
        self.horizontalScrollBar().setSingleStep(20)
        self.verticalScrollBar().setSingleStep(20)

    # -- configuration ----------------------------------------------------------------------------
    @property
    def row_height(self) -> int:
        return self.painter.row_height

    def set_axis(self, axis: TimeAxis, row_height: int | None = None) -> None:
        """Show another time range or zoom, keeping the same moment at the left edge if visible.

        The hours are never narrower than the board: a range that would stop short of the
        right edge is widened to fill it (and again whenever the board is resized).
        """
        keep = None
        if self.axis is not None:
            keep = self.axis.time_at(self.horizontalScrollBar().value(), snap=False)
        self._asked_axis = axis
        axis = self._filling(axis)
        self.axis = axis
        self.painter.axis = axis
        self._pictures.clear()
        if row_height is not None:
            self.painter.row_height = row_height
        self._update_scrollbars()
        if keep is not None and axis.start <= keep < axis.end:
            self.horizontalScrollBar().setValue(int(axis.x_of(keep)))
        self.refresh()
        shown = {i for i in self.state.selected if self.is_shown(i)}
        if shown != self.state.selected:
            # What is no longer shown is no longer selected: Delete never acts on an unseen booking.
            self.select(shown, focus=self._focus_id)

    def refresh(self) -> None:
        """Repaint after the state changed (rows, bookings, selection)."""
        everything, techs = self.state.take_changes()
        if everything:
            self._pictures.clear()
        for tech_id in techs:
            self._pictures.pop(tech_id, None)
        self._update_scrollbars()
        self.viewport().update()
        self._names.update()
        self._header.update()

    def scroll_to_time(self, moment: datetime) -> None:
        if self.axis is None:
            return
        x = self.axis.x_of(moment)
        self.horizontalScrollBar().setValue(int(max(0, x - self.viewport().width() * 0.25)))

    def ensure_booking_visible(self, booking_id: int) -> None:
        block = self.state.bookings.get(booking_id)
        row = self.state.row_of_tech.get(block.technician_id) if block else None
        if block is None or row is None or self.axis is None:
            return
        y = row * self.row_height
        vs = self.verticalScrollBar()
        if y < vs.value():
            vs.setValue(y)
        elif y + self.row_height > vs.value() + self.viewport().height():
            vs.setValue(y + self.row_height - self.viewport().height())
        x0 = self.axis.x_of(block.start)
        hs = self.horizontalScrollBar()
        if x0 < hs.value() or x0 > hs.value() + self.viewport().width() - 40:
            hs.setValue(int(max(0, x0 - 40)))

    def _update_scrollbars(self) -> None:
        width = int(self.axis.width) if self.axis else 0
        height = len(self.state.rows) * self.row_height
        vw, vh = self.viewport().width(), self.viewport().height()
        self.horizontalScrollBar().setRange(0, max(0, width - vw))
        self.horizontalScrollBar().setPageStep(vw)
        self.verticalScrollBar().setRange(0, max(0, height - vh))
        self.verticalScrollBar().setPageStep(vh)

    def _filling(self, axis: TimeAxis) -> TimeAxis:
        """``axis``, widened when it would leave part of the board's width empty."""
        room = self.viewport().width()
        per_hour = room / (axis.days * axis.hours_per_day) if axis.days and axis.hours_per_day else 0
        return replace(axis, px_per_hour=per_hour) if axis.px_per_hour < per_hour else axis

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The names take at most about a quarter of a narrow board, so the timeline keeps the rest.
        wanted = int(min(NAME_WIDTH, max(NAME_WIDTH_NARROW, self.width() * 0.26)))
        if wanted != self.name_width:
            self.name_width = wanted
            self.setViewportMargins(self.name_width, HEADER_HEIGHT, 0, 0)
        vp = self.viewport().geometry()
        nw = self.name_width
        self._names.setGeometry(vp.left() - nw, vp.top(), nw, vp.height())
        self._header.setGeometry(vp.left(), vp.top() - HEADER_HEIGHT, vp.width(), HEADER_HEIGHT)
        self._corner.setGeometry(vp.left() - nw, vp.top() - HEADER_HEIGHT, nw, HEADER_HEIGHT)
        if self._asked_axis is not None and self._filling(self._asked_axis) != self.axis:
            self.set_axis(self._asked_axis)
        self._update_scrollbars()

    def sizeHint(self) -> QSize:
        return QSize(1000, 600)

    # -- coordinates ------------------------------------------------------------------------------
    def content_pos(self, pos: QPointF | QPoint) -> QPointF:
        return QPointF(pos.x() + self.horizontalScrollBar().value(), pos.y() + self.verticalScrollBar().value())

    def viewport_pos_of(self, moment: datetime, row: int) -> QPointF:
        """Where on the viewport a moment on a row is (for tests and keyboard focus)."""
        assert self.axis is not None
        x = self.axis.x_of(moment) - self.horizontalScrollBar().value()
        y = row * self.row_height + self.row_height / 2 - self.verticalScrollBar().value()
        return QPointF(x, y)

    def row_at(self, content_y: float) -> int | None:
        row = int(content_y // self.row_height)
        return row if 0 <= row < len(self.state.rows) else None

    def block_at(self, content: QPointF) -> tuple[BookingBlock, QRectF] | None:
        row = self.row_at(content.y())
        if row is None or self.axis is None:
            return None
        tech = self.state.rows[row]
        moment = self.axis.time_at(content.x(), snap=False)
        candidates = self.state.blocks_between(tech.id, moment - timedelta(days=1), moment + timedelta(days=1))
        for block in reversed(candidates):
            for rect in self.painter.block_rects(block, row):
                if rect.contains(content):
                    return block, rect
        return None

    # -- painting ---------------------------------------------------------------------------------
    def visible_rows(self) -> range:
        top = self.verticalScrollBar().value()
        first = max(0, top // self.row_height)
        last = min(len(self.state.rows), (top + self.viewport().height()) // self.row_height + 1)
        return range(first, last)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        rect = event.rect()
        p.fillRect(rect, style.ROW_EVEN)
        if self.axis is None:
            p.end()
            return
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        p.translate(-dx, -dy)
        x0, x1 = rect.left() + dx, min(rect.right() + dx + 1, self.axis.width)
        rows = self.visible_rows()
        for r in rows:
            p.drawPixmap(QPointF(0, r * self.row_height), self._row_picture(r))
        self.painter.paint_selection(p, rows, self.state.selected)
        self.painter.paint_row_lines(p, rows, x0, x1)
        self.painter.paint_now(p, self._now(), rows.start * self.row_height, rows.stop * self.row_height)
        for ghost in self._ghosts:
            self.painter.paint_ghost(p, ghost)
        if self._rubber is not None:
            p.setPen(QPen(style.SELECTION, 1, Qt.PenStyle.DashLine))
            p.setBrush(QColor(29, 78, 216, 30))
            p.drawRect(self._rubber)
        p.resetTransform()
        self._paint_conflict_note(p)
        p.end()

    def _row_picture(self, r: int) -> QPixmap:
        tech = self.state.rows[r]
        parity = r % 2
        cached = self._pictures.get(tech.id)
        if cached is not None and cached[0] == parity:
            self._pictures.move_to_end(tech.id)
            return cached[1]
        assert self.axis is not None
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(math.ceil(self.axis.width * ratio), math.ceil(self.row_height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        recorder = QPainter(pixmap)
        recorder.translate(0, -r * self.row_height)
        self.painter.paint_row_background(recorder, r, 0, self.axis.width)
        self.painter.paint_row_content(recorder, r, 0, self.axis.width)
        recorder.end()
        self._pictures[tech.id] = (parity, pixmap)
        while len(self._pictures) > ROW_CACHE:
            self._pictures.popitem(last=False)
        return pixmap

    def drag_note(self) -> list[str]:
        """What the note in the corner says while dragging: where each booking lands, then the
        conflicts it would make (or that there are none)."""
        if not self._ghosts or self.axis is None:
            return []
        lines = [g.landing(self.axis.zone) for g in self._ghosts[:4]]
        if len(self._ghosts) > 4:
            lines.append(f"… and {len(self._ghosts) - 4} more bookings")
        problems = [c for g in self._ghosts for c in g.conflicts]
        lines += problems[:6] or ["No conflicts"]
        if len(problems) > 6:
            lines.append(f"… and {len(problems) - 6} more conflicts")
        return lines

    def drag_note_layout(self) -> tuple[QRectF, list[tuple[str, QRectF]]]:
        """The note's box and each line's box, measured with the font it is drawn in, on this
        screen: long lines wrap inside the box instead of being cut."""
        metrics = QFontMetricsF(self.painter.small, self.viewport())
        bold = QFontMetricsF(self.painter.bold, self.viewport())
        lines = self.drag_note()
        room = max(120.0, min(560.0, self.viewport().width() - 40.0))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        boxes: list[tuple[str, QRectF]] = []
        width = 0.0
        y = 6.0
        for i, line in enumerate(lines):
            m = bold if i < min(len(self._ghosts), 4) else metrics
            box = m.boundingRect(QRectF(0, 0, room, 10_000), flags, line)
            boxes.append((line, QRectF(10, y, box.width() + 2, box.height())))
            width = max(width, box.width() + 2)
            y += box.height() + 1
        note = QRectF(0, 0, width + 20, y + 5)
        note.moveBottomRight(QPointF(self.viewport().width() - 10, self.viewport().height() - 10))
        return note, [(line, box.translated(note.topLeft())) for line, box in boxes]

    def _paint_conflict_note(self, p: QPainter) -> None:
        if not self._ghosts:
            return
        problems = any(g.conflicts for g in self._ghosts)
        note, lines = self.drag_note_layout()
        p.setPen(QPen(style.GHOST_EDGE_CONFLICT if problems else style.GHOST_EDGE_OK, 1))
        p.setBrush(style.NOTE_PROBLEM_BG if problems else style.NOTE_OK_BG)
        p.drawRoundedRect(note, 4, 4)
        p.setPen(style.TEXT)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        for i, (line, box) in enumerate(lines):
            p.setFont(self.painter.bold if i < min(len(self._ghosts), 4) else self.painter.small)
            p.drawText(box, flags, line)

    def _paint_names(self, p: QPainter, rect: QRect) -> None:
        p.fillRect(rect, style.ROW_EVEN)
        if self.axis is None:
            return
        p.translate(0, -self.verticalScrollBar().value())
        days = [self.axis.day(i) for i in range(self.axis.days)]
        self.painter.paint_names(p, self.visible_rows(), self.name_width, days)

    def _paint_header(self, p: QPainter, rect: QRect) -> None:
        p.fillRect(rect, style.HEADER_BG)
        if self.axis is None:
            return
        dx = self.horizontalScrollBar().value()
        p.translate(-dx, 0)
        today = to_local(self._now(), self.axis.zone).date()
        self.painter.paint_header(p, dx, dx + self._header.width(), HEADER_HEIGHT, today)

    def _paint_corner(self, p: QPainter, rect: QRect) -> None:
        p.fillRect(rect, style.HEADER_BG)
        p.setPen(style.TEXT_MUTED)
        p.setFont(self.painter.small)
        shown = len(self.state.rows)
        total = len(self.state.data.technicians) if self.state.data else 0
        text = f"{shown} technicians" if shown == total else f"{shown} of {total} technicians"
        p.drawText(QRectF(8, 0, self.name_width - 16, HEADER_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text)
        p.setPen(style.GRID_DAY)
        p.drawLine(QPointF(0, HEADER_HEIGHT - 0.5), QPointF(self.name_width, HEADER_HEIGHT - 0.5))
        p.drawLine(QPointF(self.name_width - 0.5, 0), QPointF(self.name_width - 0.5, HEADER_HEIGHT))

    # -- selection --------------------------------------------------------------------------------
    def select(self, ids: set[int], *, focus: int | None = None) -> None:
        self.state.selected = set(ids) & set(self.state.bookings)
        self._focus_id = focus if focus in self.state.selected else next(iter(self.state.selected), None)
        self.viewport().update()
        self.selection_changed.emit()

    def focused_booking(self) -> BookingBlock | None:
        if self._focus_id is None:
            return None
        return self.state.bookings.get(self._focus_id)

    # -- mouse ------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        pos = self.content_pos(event.position())
        hit = self.block_at(pos)
        if event.button() == Qt.MouseButton.RightButton:
            self._context_menu(pos, hit, event.globalPosition().toPoint())
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press_pos = pos
        modifiers = event.modifiers()
        additive = bool(modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        if hit is None:
            self._press_block = None
            self._mode = Mode.RUBBER_BAND
            if not additive:
                self.select(set())
            return
        block, rect = hit
        self._press_block = block
        if additive:
            chosen = set(self.state.selected)
            chosen ^= {block.id}
            self.select(chosen, focus=block.id)
        elif block.id not in self.state.selected:
            self.select({block.id}, focus=block.id)
        else:
            self._focus_id = block.id
        self._mode = Mode.PRESSED
        refused = why_not_reschedule(block.status)
        if refused is not None:
            # Finished work is history: it can be selected and opened, not moved.
            self._mode = Mode.IDLE
            self.notice.emit(f"{block.number} cannot move: {refused}")
            return
        if len(self.state.selected) <= 1 and not additive:
            if pos.x() - rect.left() <= EDGE and rect.width() > 3 * EDGE:
                self._mode = Mode.RESIZE_START
            elif rect.right() - pos.x() <= EDGE and rect.width() > 3 * EDGE:
                self._mode = Mode.RESIZE_END

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = self.content_pos(event.position())
        if not (event.buttons() & Qt.MouseButton.LeftButton):
            self._update_cursor(pos)
            return
        if self._mode == Mode.RUBBER_BAND:
            self._rubber = QRectF(self._press_pos, pos).normalized()
            self.viewport().update()
            return
        if self._mode == Mode.PRESSED:
            if (pos - self._press_pos).manhattanLength() < QApplication.startDragDistance():
                return
            self._mode = Mode.MOVING
        if self._mode in (Mode.MOVING, Mode.RESIZE_START, Mode.RESIZE_END):
            if self._mode == Mode.MOVING and event.position().x() < -self.name_width:
                # Past the names column, toward the queue: carry the bookings out as a drag.
                self._start_drag_out()
                return
            if self._auto_scroll(event.position()):
                pos = self.content_pos(event.position())
            self._update_ghosts(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        mode = self._mode
        self._mode = Mode.IDLE
        if mode == Mode.RUBBER_BAND and self._rubber is not None:
            rect = self._rubber
            self._rubber = None
            chosen = set(self.state.selected) if event.modifiers() else set()
            chosen |= self._blocks_in(rect)
            self.select(chosen)
            return
        self._rubber = None
        if mode in (Mode.MOVING, Mode.RESIZE_START, Mode.RESIZE_END) and self._ghost_intents:
            intents = list(self._ghost_intents)
            self._clear_ghosts()
            changed = [
                i for i in intents
                if (b := self.state.bookings.get(i.booking_id)) is not None
                and (b.start, b.end, self.state.tech_by_id[b.technician_id].code) != (i.start, i.end, i.tech_code)
            ]
            if changed:
                self.moves_requested.emit(changed)
            return
        self._clear_ghosts()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.block_at(self.content_pos(event.position()))
        if hit is not None:
            self.open_requested.emit(hit[0].number)

    def _auto_scroll(self, viewport_pos: QPointF) -> bool:
        """Scroll when a drag nears an edge, so a booking can be carried to a later hour or row."""
        margin, step = 24, 24
        hs, vs = self.horizontalScrollBar(), self.verticalScrollBar()
        before = (hs.value(), vs.value())
        x, y = viewport_pos.x(), viewport_pos.y()
        if x > self.viewport().width() - margin:
            hs.setValue(hs.value() + step)
        elif 0 <= x < margin:
            hs.setValue(hs.value() - step)
        if y > self.viewport().height() - margin:
            vs.setValue(vs.value() + step)
        elif 0 <= y < margin:
            vs.setValue(vs.value() - step)
        return (hs.value(), vs.value()) != before

    def _update_cursor(self, pos: QPointF) -> None:
        hit = self.block_at(pos)
        if hit is None:
            self.viewport().unsetCursor()
            return
        _block, rect = hit
        near_edge = rect.width() > 3 * EDGE and (
            pos.x() - rect.left() <= EDGE or rect.right() - pos.x() <= EDGE
        )
        self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if near_edge else Qt.CursorShape.OpenHandCursor)

    def _blocks_in(self, rect: QRectF) -> set[int]:
        found: set[int] = set()
        if self.axis is None:
            return found
        first = max(0, int(rect.top() // self.row_height))
        last = min(len(self.state.rows) - 1, int(rect.bottom() // self.row_height))
        t0 = self.axis.time_at(rect.left(), snap=False) - timedelta(days=1)
        t1 = self.axis.time_at(rect.right(), snap=False) + timedelta(days=1)
        for row in range(first, last + 1):
            for block in self.state.blocks_between(self.state.rows[row].id, t0, t1):
                if any(r.intersects(rect) for r in self.painter.block_rects(block, row)):
                    found.add(block.id)
        return found

    def _update_ghosts(self, pos: QPointF) -> None:
        assert self.axis is not None and self._press_block is not None
        minutes = self.axis.minutes_between_x(self._press_pos.x(), pos.x())
        press_row = self.row_at(self._press_pos.y())
        target_row = self.row_at(min(max(pos.y(), 0), len(self.state.rows) * self.row_height - 1))
        row_delta = (target_row - press_row) if press_row is not None and target_row is not None else 0
        if self._mode == Mode.MOVING:
            moving = [self.state.bookings[i] for i in sorted(self.state.selected) if i in self.state.bookings]
        else:
            moving = [self._press_block]
        intents: list[Placement] = []
        ghosts: list[Ghost] = []
        exclude = {b.id for b in moving}
        data = self.state.data
        for block in moving:
            start, end = block.start, block.end
            if self._mode == Mode.MOVING:
                start, end = self.axis.shifted(start, minutes), self.axis.shifted(end, minutes)
            elif self._mode == Mode.RESIZE_START:
                start = min(self.axis.shifted(start, minutes), end - SHORTEST)
            else:
                end = max(self.axis.shifted(end, minutes), start + SHORTEST)
            row = self.state.row_of_tech.get(block.technician_id, 0)
            if self._mode == Mode.MOVING:
                row = min(max(row + row_delta, 0), len(self.state.rows) - 1)
            tech = self.state.rows[row]
            problems: list[str] = []
            if data is not None:
                problems = [
                    f"{block.number}: {c.message}"
                    for c in conflicts_on_board(
                        data, tech, start, end, block.required_skills, block.due_by, exclude, self.state.by_tech
                    )
                ]
            intents.append(Placement(block.number, tech.code, start, end, block.id, block.version))
            ghosts.append(Ghost(row, start, end, block.number, problems, tech.name))
        self._ghosts = ghosts
        self._ghost_intents = intents
        self.viewport().update()

    def ghost_conflicts(self) -> list[str]:
        """The conflicts the current drag would make, in words (empty: none or no drag)."""
        return [c for g in self._ghosts for c in g.conflicts]

    def _clear_ghosts(self) -> None:
        self._ghosts = []
        self._ghost_intents = []
        self._drop_preview = None
        self.viewport().update()

    def _start_drag_out(self) -> None:
        """Dragging a block out of the board: carried as booking ids, e.g. back to the queue."""
        ids = sorted(self.state.selected)
        self._clear_ghosts()
        self._mode = Mode.IDLE
        if not ids:
            return
        mime = QMimeData()
        mime.setData(BOOKING_MIME, QByteArray(encode_bookings(
            [(i, self.state.bookings[i].version) for i in ids if i in self.state.bookings]
        )))
        mime.setText(", ".join(self.state.bookings[i].number for i in ids if i in self.state.bookings))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def _context_menu(self, pos: QPointF, hit: tuple[BookingBlock, QRectF] | None, global_pos: QPoint) -> None:
        if hit is not None:
            if hit[0].id not in self.state.selected:
                self.select({hit[0].id}, focus=hit[0].id)
            self.block_menu_requested.emit(hit[0].id, global_pos)
            return
        row = self.row_at(pos.y())
        if row is None or self.axis is None:
            return
        index, _hours = self.axis.wall_at(pos.x())
        self.row_menu_requested.emit(self.state.rows[row].code, self.axis.day(index), global_pos)

    # -- drops from the queue ---------------------------------------------------------------------
    def _accepts(self, mime: QMimeData) -> bool:
        return mime.hasFormat(WORK_ORDER_MIME)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()) or event.mimeData().hasFormat(BOOKING_MIME) and event.source() is self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._accepts(event.mimeData()):
            event.ignore()
            return
        self._auto_scroll(event.position())
        preview = self._preview_drop(event.mimeData(), event.position())
        if preview is None:
            event.ignore()
            self._clear_ghosts()
            return
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._clear_ghosts()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts(event.mimeData()):
            event.ignore()
            return
        preview = self._preview_drop(event.mimeData(), event.position())
        self._clear_ghosts()
        if preview is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.booking_requested.emit(Placement(*preview))

    def _preview_drop(self, mime: QMimeData, position: QPointF) -> tuple[str, str, datetime, datetime] | None:
        numbers = decode_work_orders(bytes(mime.data(WORK_ORDER_MIME).data()))
        if not numbers or self.axis is None:
            return None
        content = self.content_pos(position)
        row = self.row_at(content.y())
        if row is None:
            return None
        job = self.describe_work_order(numbers[0])
        if job is None:
            return None
        start = self.axis.time_at(content.x())
        end = start + booking_length(Decimal(str(job.hours)))
        tech = self.state.rows[row]
        problems: list[str] = []
        if self.state.data is not None:
            problems = [
                c.message
                for c in conflicts_on_board(
                    self.state.data, tech, start, end, job.required_skills, job.due_by, set(), self.state.by_tech
                )
            ]
        self._ghosts = [Ghost(row, start, end, job.number, problems, tech.name)]
        self._drop_preview = (job.number, tech.code, start, end)
        self.viewport().update()
        return self._drop_preview

    # -- keyboard ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        focus = self.focused_booking()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            shown = sorted(i for i in self.state.selected if self.is_shown(i))
            if shown:
                self.unbook_requested.emit(shown)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and focus is not None:
            self.open_requested.emit(focus.number)
            return
        if key == Qt.Key.Key_Escape:
            if self._mode != Mode.IDLE:
                self._mode = Mode.IDLE
                self._clear_ghosts()
            else:
                self.select(set())
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            target = self._neighbour(focus, key)
            if target is not None:
                self.select({target.id}, focus=target.id)
                self.ensure_booking_visible(target.id)
            return
        super().keyPressEvent(event)

    def is_shown(self, booking_id: int) -> bool:
        """Is the booking on a shown row, within the shown days and hours?"""
        block = self.state.bookings.get(booking_id)
        if block is None or self.axis is None or block.technician_id not in self.state.row_of_tech:
            return False
        return bool(self.axis.segments(block.start, block.end))

    def shown_blocks(self, row: int) -> list[BookingBlock]:
        """The bookings of a row that are shown, by start."""
        if self.axis is None or not 0 <= row < len(self.state.rows):
            return []
        blocks = self.state.blocks_between(self.state.rows[row].id, self.axis.start, self.axis.end)
        return [b for b in blocks if self.axis.segments(b.start, b.end)]

    def _neighbour(self, focus: BookingBlock | None, key: int) -> BookingBlock | None:
        """The booking an arrow key goes to: always one that is shown (the board then scrolls to it)."""
        row = self.state.row_of_tech.get(focus.technician_id) if focus is not None else None
        if focus is None or row is None or not self.is_shown(focus.id):
            rows = list(self.visible_rows()) + list(range(len(self.state.rows)))
            return next((blocks[0] for r in rows if (blocks := self.shown_blocks(r))), None)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            blocks = self.shown_blocks(row)
            index = next(i for i, b in enumerate(blocks) if b.id == focus.id)
            index += -1 if key == Qt.Key.Key_Left else 1
            return blocks[index] if 0 <= index < len(blocks) else None
        step = -1 if key == Qt.Key.Key_Up else 1
        r = row + step
        while 0 <= r < len(self.state.rows):
            blocks = self.shown_blocks(r)
            if blocks:
                return min(blocks, key=lambda b: abs((b.start - focus.start).total_seconds()))
            r += step
        return None

    # -- zoom with Ctrl+wheel ---------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_requested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # -- tooltips ---------------------------------------------------------------------------------
    def viewportEvent(self, event) -> bool:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.ToolTip:
            hit = self.block_at(self.content_pos(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(hit[0]), self.viewport())
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, block: BookingBlock) -> str:
        tz = self.axis.zone if self.axis else None
        when = (
            f"{day_text(to_local(block.start, tz).date())} {to_local(block.start, tz):%H:%M}–{to_local(block.end, tz):%H:%M}"
            if tz else ""
        )
        lines = [
            f"<b>{escape(block.number)}</b> — {escape(block.summary)}",
            f"{escape(block.customer)} · {escape(block.site)}",
            f"{block.type.value.title()} · {block.priority.value} priority · {block.status.label}",
            when,
        ]
        if block.required_skills:
            lines.append("Skills: " + escape(", ".join(block.required_skills)))
        if block.due_by and tz:
            due = to_local(block.due_by, tz)
            lines.append(f"Due by {day_text(due.date())} {due:%H:%M}" + (" — <b>late</b>" if block.late else ""))
        if block.confirmed_conflicts:
            lines.append(f"Confirmed conflicts: {escape(block.confirmed_conflicts)}")
        return rich("<br>".join(line for line in lines if line))

