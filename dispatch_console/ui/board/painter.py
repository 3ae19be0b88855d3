"""Paints the board (rows, shifts, time off, bookings, travel, header, names) onto any QPainter.

The screen and the printed board share it. Only what falls inside the asked-for rectangle is
drawn, so the cost follows the window size, not the ten thousand bookings behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from dispatch_console.domain.certifications import skill_states
from dispatch_console.domain.enums import Priority
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.domain.travel import distance_km, drive_time
from dispatch_console.domain.workdays import day_text as short_day_text
from dispatch_console.domain.workdays import is_workday
from dispatch_console.services.board import BookingBlock, TechRow
from dispatch_console.ui.board import style
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.state import BoardState
from dispatch_console.ui.roster.marks import EXPIRED_COLOR, EXPIRING_COLOR, mark_color, mark_text

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def day_text(day: date, *, long: bool = False) -> str:
    """``Mon 30 Nov`` or ``Monday 30 November 2026``, in English whatever the computer's locale."""
    if long:
        return f"{DAY_NAMES[day.weekday()]} {day.day:02d} {MONTH_NAMES[day.month - 1]} {day.year}"
    return short_day_text(day)


@dataclass
class Ghost:
    """Where a dragged booking would land, and what that would break."""

    row: int
    start: datetime
    end: datetime
    label: str
    conflicts: list[str]
    tech_name: str = ""

    def landing(self, tz) -> str:  # type: ignore[no-untyped-def]
        """Where it lands, in words: "WO-1042 → Ben Okafor, Mon 30 Nov 10:00–12:00"."""
        start, end = to_local(self.start, tz), to_local(self.end, tz)
        until = f"{end:%H:%M}" if end.date() == start.date() else f"{day_text(end.date())} {end:%H:%M}"
        return f"{self.label} → {self.tech_name}, {day_text(start.date())} {start:%H:%M}–{until}"


class BoardPainter:
    """Paints the board with ``font`` (a point size on screen; a pixel size for paper, so the
    text keeps its size whatever the printer's resolution)."""

    def __init__(self, state: BoardState, font: QFont) -> None:
        self.state = state
        self.axis: TimeAxis | None = None
        self.row_height = 40
        #: On paper every booking shows its number: turned upright when the block is narrow.
        self.numbers_always = False
        self.font = QFont(font)
        self.small = QFont(font)
        if font.pixelSize() > 0:
            self.small.setPixelSize(max(7, round(font.pixelSize() * 0.85)))
        else:
            self.small.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.metrics = QFontMetrics(self.font)
        self.bold_metrics = QFontMetrics(self.bold)
        self.small_metrics = QFontMetrics(self.small)
        self.small_bold = QFont(self.small)
        self.small_bold.setBold(True)
        self.small_bold_metrics = QFontMetrics(self.small_bold)
        self._drive_cache: dict[tuple[float, float, float, float], timedelta] = {}

    # -- helpers ----------------------------------------------------------------------------------
    def _day_range(self, x0: float, x1: float) -> range:
        assert self.axis is not None
        return self.axis.visible_days(x0, x1)

    def _drive(self, a: BookingBlock, b: BookingBlock) -> timedelta | None:
        if None in (a.lat, a.lon, b.lat, b.lon):
            return None
        key = (a.lat, a.lon, b.lat, b.lon)  # type: ignore[assignment]
        cached = self._drive_cache.get(key)  # type: ignore[arg-type]
        if cached is None:
            speed = self.state.data.travel_speed_kmh if self.state.data else 40
            cached = drive_time(distance_km(a.lat, a.lon, b.lat, b.lon), speed)  # type: ignore[arg-type]
            self._drive_cache[key] = cached  # type: ignore[index]
        return cached

    def block_rects(self, block: BookingBlock, row: int) -> list[QRectF]:
        """Where a booking is drawn (one rectangle per day it shows on), in its lane when it
        overlaps others: painting, selection and hit-testing all ask here."""
        assert self.axis is not None
        lane, lanes = self.state.lane(block)
        height = (self.row_height - 6) / lanes
        gap = 1.0 if lanes > 1 else 0.0
        y = row * self.row_height + 3 + lane * height
        return [
            QRectF(x0 + 1, y, max(x1 - x0 - 2, 3.0), height - gap)
            for x0, x1 in self.axis.segments(block.start, block.end)
        ]

    # -- the grid ---------------------------------------------------------------------------------
    def paint_rows(self, p: QPainter, rows: range, x0: float, x1: float, selected: set[int]) -> None:
        """Rows ``rows`` between x0 and x1, in board coordinates (row r starts at y = r * height)."""
        if self.axis is None:
            return
        for r in rows:
            self.paint_row_background(p, r, x0, x1)
            self.paint_row_content(p, r, x0, x1)
        self.paint_selection(p, rows, selected)
        self.paint_row_lines(p, rows, x0, x1)

    def paint_row_background(self, p: QPainter, r: int, x0: float, x1: float) -> None:
        p.fillRect(QRectF(x0, r * self.row_height, x1 - x0, self.row_height), style.ROW_ODD if r % 2 else style.ROW_EVEN)

    def paint_row_lines(self, p: QPainter, rows: range, x0: float, x1: float) -> None:
        p.setPen(style.GRID)
        for r in rows:
            y = (r + 1) * self.row_height - 0.5
            p.drawLine(QPointF(x0, y), QPointF(x1, y))

    def paint_row_content(self, p: QPainter, r: int, x0: float, x1: float) -> None:
        """Shifts, time off, over-booking, hour lines, bookings and travel of one row.

        Independent of the selection, so the screen can record it once and replay it.
        """
        axis = self.axis
        assert axis is not None
        days = self._day_range(x0, x1)
        h = self.row_height
        tech = self.state.rows[r]
        y = r * h
        over = self.state.overbooked_days(tech.id, [axis.day(i) for i in days])
        for i in days:
            self._paint_day_background(p, tech, i, y, over)
        for off in self.state.time_off.get(tech.id, ()):
            for sx0, sx1 in axis.segments(off.start, off.end):
                if sx1 < x0 or sx0 > x1:
                    continue
                rect = QRectF(sx0, y + 1, sx1 - sx0, h - 2)
                p.fillRect(rect, style.TIME_OFF)
                p.fillRect(rect, QBrush(style.TIME_OFF_HATCH, Qt.BrushStyle.BDiagPattern))
                if rect.width() > 40:
                    p.setFont(self.small)
                    p.setPen(style.TEXT_MUTED)
                    label = f"Time off: {off.reason}" if off.reason else "Time off"
                    p.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                               self.small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(rect.width() - 8)))
        self._paint_grid_lines(p, range(r, r + 1), x0, x1)
        if not days:
            return
        t0 = axis.start + timedelta(days=days.start) - timedelta(hours=2)
        t1 = axis.start + timedelta(days=days.stop) + timedelta(hours=2)
        previous: BookingBlock | None = None
        for block in self.state.blocks_between(tech.id, t0, t1):
            if previous is not None:
                self._paint_travel(p, previous, block, r, axis.zone)
            self.paint_block(p, block, r, False)
            if previous is None or block.end > previous.end:
                previous = block

    def paint_selection(self, p: QPainter, rows: range, selected: set[int]) -> None:
        """Outlines of the selected bookings, drawn over the rows."""
        if not selected:
            return
        p.setPen(QPen(style.SELECTION, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for booking_id in selected:
            block = self.state.bookings.get(booking_id)
            row = self.state.row_of_tech.get(block.technician_id) if block else None
            if block is None or row is None or row not in rows:
                continue
            for rect in self.block_rects(block, row):
                p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)

    def _paint_day_background(self, p: QPainter, tech: TechRow, index: int, y: float, over: set[date]) -> None:
        axis = self.axis
        assert axis is not None
        day = axis.day(index)
        left = index * axis.day_width
        h = self.row_height
        if not is_workday(tech.workdays, day):
            p.fillRect(QRectF(left, y, axis.day_width, h), style.OFF_SHIFT)
            return
        s = tech.shift_start.hour + tech.shift_start.minute / 60
        e = tech.shift_end.hour + tech.shift_end.minute / 60
        xs, xe = axis.x_of_wall(index, s), axis.x_of_wall(index, e)
        if xs > left:
            p.fillRect(QRectF(left, y, xs - left, h), style.OFF_SHIFT)
        if xe < left + axis.day_width:
            p.fillRect(QRectF(xe, y, left + axis.day_width - xe, h), style.OFF_SHIFT)
        if day in over:
            p.fillRect(QRectF(xs, y, xe - xs, h), style.OVERBOOKED)

    def _paint_grid_lines(self, p: QPainter, rows: range, x0: float, x1: float) -> None:
        axis = self.axis
        assert axis is not None
        if not rows:
            return
        y0, y1 = rows.start * self.row_height, rows.stop * self.row_height
        step = self.hour_step()
        thin = QPen(style.GRID, 0)
        for i in self._day_range(x0, x1):
            for hour in range(axis.first_hour, axis.last_hour, step):
                x = axis.x_of_wall(i, hour)
                if x0 <= x <= x1 and hour != axis.first_hour:
                    p.setPen(thin)
                    p.drawLine(QPointF(x, y0), QPointF(x, y1))
            x = i * axis.day_width
            p.setPen(QPen(style.GRID_DAY, 1))
            p.drawLine(QPointF(x, y0), QPointF(x, y1))

    def hour_step(self) -> int:
        """Hours between labelled lines, so the "08:00" labels never run into each other."""
        assert self.axis is not None
        need = self.small_metrics.horizontalAdvance("00:00") + 8
        for step in (1, 2, 3, 4, 6, 12):
            if step * self.axis.px_per_hour >= need:
                return step
        return 24

    # -- bookings ---------------------------------------------------------------------------------
    def paint_block(self, p: QPainter, block: BookingBlock, row: int, selected: bool) -> None:
        fill = style.block_fill(block.type, block.status)
        for rect in self.block_rects(block, row):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawRoundedRect(rect, 3, 3)
            if block.status.value == "on_hold":
                p.setBrush(QBrush(QColor(0, 0, 0, 60), Qt.BrushStyle.BDiagPattern))
                p.drawRoundedRect(rect, 3, 3)
            if block.status.value == "in_progress":
                p.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), QColor(255, 255, 255, 200))
            edge: QPen | None = None
            if block.priority == Priority.EMERGENCY:
                edge = QPen(style.EMERGENCY_EDGE, 2.5)
            if block.late:
                edge = QPen(style.LATE, 2, Qt.PenStyle.DashLine)
            if selected:
                edge = QPen(style.SELECTION, 2.5)
            if edge is not None:
                p.setPen(edge)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
            if rect.width() >= (self.small_metrics.height() if self.numbers_always else 18):
                self._paint_label(p, block, rect, fill)

    def label_lines(self, block: BookingBlock) -> tuple[str, str]:
        return (f"{self._signs(block)}{block.number} · {block.customer}", f"{block.site} — {block.summary}")

    @staticmethod
    def _signs(block: BookingBlock) -> str:
        sign = style.PRIORITY_SIGNS.get(block.priority, "") + style.STATUS_SIGNS.get(block.status, "")
        return (style.CONFLICT_SIGN if block.confirmed_conflicts else "") + sign

    def first_line(self, block: BookingBlock, metrics: QFontMetrics, width: int) -> str | None:
        """The block's first line in ``width``: the number is never cut; the customer is shortened
        first, then the signs go; None when not even the number fits."""
        signs = self._signs(block)
        for head in (f"{signs}{block.number}", block.number):
            room = width - metrics.horizontalAdvance(head)
            if room < 0:
                continue
            tail = metrics.elidedText(f" · {block.customer}", Qt.TextElideMode.ElideRight, room)
            return head + (tail if len(tail) > 4 else "")
        return None

    def _paint_label(self, p: QPainter, block: BookingBlock, rect: QRectF, fill: QColor) -> None:
        _first, second = self.label_lines(block)
        inner = rect.adjusted(4, 1, -2, -1)
        width = int(inner.width())
        p.setPen(style.text_on(fill))
        if inner.height() < self.small_metrics.height() - 3:
            return  # a lane too thin for text: the tooltip and the side panel say what it is
        two_lines = inner.height() >= self.bold_metrics.height() + self.small_metrics.height() - 2
        if two_lines and (first := self.first_line(block, self.bold_metrics, width)) is not None:
            p.setFont(self.bold)
            p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, first)
            p.setFont(self.small)
            p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                       self.small_metrics.elidedText(second, Qt.TextElideMode.ElideRight, width))
            return
        first = self.first_line(block, self.small_metrics, width)
        p.setFont(self.small)
        if first is not None:
            p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, first)
        elif self.numbers_always and self.small_metrics.horizontalAdvance(block.number) <= inner.height() + 4:
            # Paper cannot be hovered: the number goes upright in a narrow block.
            p.save()
            p.translate(inner.center())
            p.rotate(-90)
            p.drawText(QRectF(-inner.height() / 2 - 2, -inner.width() / 2, inner.height() + 4, inner.width()),
                       Qt.AlignmentFlag.AlignCenter, block.number)
            p.restore()
        else:
            # Too narrow for the number: a mark for what matters most, or nothing.
            mark = style.PRIORITY_SIGNS.get(block.priority, "").strip() or ("⚠" if block.confirmed_conflicts else "")
            if mark and self.small_metrics.horizontalAdvance(mark) <= width:
                p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, mark)

    def _paint_travel(self, p: QPainter, a: BookingBlock, b: BookingBlock, row: int, tz) -> None:  # type: ignore[no-untyped-def]
        if to_local(a.end, tz).date() != to_local(b.start, tz).date() or b.start < a.end:
            return
        need = self._drive(a, b)
        if need is None:
            return
        axis = self.axis
        assert axis is not None
        xa, xb = axis.x_of(a.end), axis.x_of(b.start)
        short = (b.start - a.end) < need
        y = row * self.row_height + self.row_height - 5
        colour = style.TRAVEL_SHORT if short else style.TRAVEL_OK
        p.setPen(QPen(colour, 2 if short else 1))
        p.drawLine(QPointF(xa + 1, y), QPointF(max(xa + 1, xb - 1), y))
        minutes = int(need.total_seconds() // 60)
        text = f"{minutes} min" if not short else f"{minutes} min drive!"
        if xb - xa >= self.small_metrics.horizontalAdvance(text) + 4:
            p.setFont(self.small)
            p.drawText(QRectF(xa, y - self.small_metrics.height() - 1, xb - xa, self.small_metrics.height()),
                       Qt.AlignmentFlag.AlignCenter, text)
        elif short and xb - xa >= 0:
            p.setBrush(colour)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF((xa + xb) / 2, y - 4), 3, 3)

    def ghost_rects(self, ghost: Ghost) -> list[QRectF]:
        assert self.axis is not None
        y = ghost.row * self.row_height
        return [
            QRectF(x0 + 1, y + 2, max(x1 - x0 - 2, 4.0), self.row_height - 4)
            for x0, x1 in self.axis.segments(ghost.start, ghost.end)
        ]

    def paint_ghost(self, p: QPainter, ghost: Ghost) -> None:
        """The drop outline, drawn over everything on the row, with the times it would take."""
        axis = self.axis
        assert axis is not None
        colour = style.GHOST_CONFLICT if ghost.conflicts else style.GHOST_OK
        edge = style.GHOST_EDGE_CONFLICT if ghost.conflicts else style.GHOST_EDGE_OK
        start, end = to_local(ghost.start, axis.zone), to_local(ghost.end, axis.zone)
        times = f"{start:%H:%M}–{end:%H:%M}"
        for rect in self.ghost_rects(ghost):
            p.setPen(QPen(style.ROW_EVEN, 5))  # a white halo keeps the outline clear of any block
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect, 3, 3)
            p.setPen(QPen(edge, 2))
            p.setBrush(colour)
            p.drawRoundedRect(rect, 3, 3)
            inner = rect.adjusted(5, 1, -3, -1)
            if self.small_metrics.horizontalAdvance(times) <= inner.width():
                p.setFont(self.bold)
                p.setPen(style.TEXT)
                p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, times)

    def paint_now(self, p: QPainter, now: datetime, y0: float, y1: float) -> None:
        axis = self.axis
        if axis is None or not (axis.start <= now < axis.end):
            return
        local = to_local(now, axis.zone)
        hours = local.hour + local.minute / 60
        if not (axis.first_hour <= hours <= axis.last_hour):
            return
        x = axis.x_of(now)
        p.setPen(QPen(style.NOW_LINE, 2))
        p.drawLine(QPointF(x, y0), QPointF(x, y1))

    # -- header and names -------------------------------------------------------------------------
    def paint_header(self, p: QPainter, x0: float, x1: float, height: int, today: date) -> None:
        axis = self.axis
        if axis is None:
            return
        p.fillRect(QRectF(x0, 0, x1 - x0, height), style.HEADER_BG)
        half = height / 2
        step = self.hour_step()
        for i in self._day_range(x0, x1):
            day = axis.day(i)
            left = i * axis.day_width
            rect = QRectF(left, 0, axis.day_width, half)
            if day == today:
                p.fillRect(rect, style.TODAY_BG)
            p.setPen(style.TEXT)
            p.setFont(self.bold)
            # The day's name stays in view while the day is scrolled partly out to the left.
            sticky = QRectF(max(left, x0), 0, left + axis.day_width - max(left, x0), half)
            room = int(max(0, sticky.width() - 10))
            # The longest form that fits: "Monday 30 November 2026", "Mon 30 Nov", "Mon 30", "30".
            forms = [day_text(day, long=True), day_text(day), f"{short_day_text(day)[:6]}", f"{day.day}"]
            label = next((f for f in forms if self.metrics.horizontalAdvance(f) <= room), forms[-1])
            p.drawText(sticky.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       self.metrics.elidedText(label, Qt.TextElideMode.ElideRight, room))
            p.setFont(self.small)
            p.setPen(style.TEXT_MUTED)
            for hour in range(axis.first_hour, axis.last_hour, step):
                x = axis.x_of_wall(i, hour)
                label_w = self.small_metrics.horizontalAdvance("00:00") + 6
                if x < x0 - 60 or x > x1 or x + label_w > left + axis.day_width:
                    continue
                p.drawText(QRectF(x + 3, half, step * axis.px_per_hour - 3, half),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{hour:02d}:00")
                p.setPen(style.GRID)
                p.drawLine(QPointF(x, half + 4), QPointF(x, height))
                p.setPen(style.TEXT_MUTED)
            p.setPen(QPen(style.GRID_DAY, 1))
            p.drawLine(QPointF(left, 0), QPointF(left, height))
        p.setPen(style.GRID_DAY)
        p.drawLine(QPointF(x0, height - 0.5), QPointF(x1, height - 0.5))

    def _paint_detail(self, p: QPainter, inner: QRectF, shift: str, marks: list[tuple[str, QColor | None]]) -> None:
        """``08:00–17:00 · ELEC expired 31 Oct, HVAC``: a marked skill in its colour, bold."""
        pieces: list[tuple[str, QColor | None]] = [(f"{shift} · ", None)]
        if not marks:
            pieces.append(("no skills", None))
        for i, (text, color) in enumerate(marks):
            pieces.append((text + (", " if i < len(marks) - 1 else ""), color))
        x = inner.left()
        for text, color in pieces:
            room = inner.right() - x
            if room <= 4:
                break
            font, metrics = (self.small_bold, self.small_bold_metrics) if color else (self.small, self.small_metrics)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room))
            p.setFont(font)
            p.setPen(color if color is not None else style.TEXT_MUTED)
            p.drawText(QRectF(x, inner.top(), room, inner.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, shown)
            x += metrics.horizontalAdvance(shown)
        p.setFont(self.small)

    def paint_names(self, p: QPainter, rows: range, width: int, days: list[date]) -> None:
        h = self.row_height
        for r in rows:
            tech = self.state.rows[r]
            y = r * h
            p.fillRect(QRectF(0, y, width, h), style.ROW_ODD if r % 2 else style.ROW_EVEN)
            over = self.state.overbooked_days(tech.id, days)
            inner = QRectF(8, y + 2, width - 16, h - 4)
            p.setPen(style.TEXT)
            p.setFont(self.bold)
            marks = skill_marks(tech.skills, days[0]) if days else []
            warned = [color for _text, color in marks if color is not None]
            badge = "over-booked" if over else ""
            if not badge and warned and h < 32:  # no room for the skills line: say it here
                badge = "cert expired" if EXPIRED_COLOR in warned else "cert expiring"
            room = inner.width() - (self.small_metrics.horizontalAdvance(badge) + 8 if badge else 0)
            p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                       self.metrics.elidedText(tech.name, Qt.TextElideMode.ElideRight, int(room)))
            p.setFont(self.small)
            shift = f"{tech.shift_start:%H:%M}–{tech.shift_end:%H:%M}"
            if badge:
                p.setPen(style.LATE if over else EXPIRED_COLOR if EXPIRED_COLOR in warned else EXPIRING_COLOR)
                bw = self.small_metrics.horizontalAdvance(badge) + 4
                p.drawText(QRectF(inner.right() - bw, inner.top(), bw, self.metrics.height()),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)
            if h >= 32:
                self._paint_detail(p, inner, shift, marks)
            p.setPen(style.GRID)
            p.drawLine(QPointF(0, y + h - 0.5), QPointF(width, y + h - 0.5))
        p.setPen(style.GRID_DAY)
        p.drawLine(QPointF(width - 0.5, rows.start * h), QPointF(width - 0.5, rows.stop * h))


def skill_marks(skills: dict[str, date | None], day: date) -> list[tuple[str, QColor | None]]:
    """A technician's skills as the board's row shows them on ``day``: each skill's text and its
    colour (red expired, amber expiring within 30 days, None otherwise), from the one rule."""
    return [(mark_text(state, day), mark_color(state)) for state in skill_states(skills, day)]
