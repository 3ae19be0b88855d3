"""A board view on its own (no page around it) over the small company, for driving the view's
own behaviour: lanes, keyboard, drag feedback, geometry."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services import board as board_service
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.state import BoardState
from dispatch_console.ui.board.view import BoardView

MONDAY = date(2026, 11, 30)


class BareBoard:
    """The view in a window, its state, and the intents it emitted."""

    def __init__(self, qtbot: QtBot, ctx: ServiceContext, *, days: int = 1, first: date = MONDAY,
                 px_per_hour: float = 80, width: int = 1400, height: int = 500) -> None:
        self.ctx = ctx
        self.state = BoardState()
        self.view = BoardView(self.state, ctx.now)
        self.window = QWidget()
        layout = QVBoxLayout(self.window)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        qtbot.addWidget(self.window)
        self.window.resize(width, height)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.axis = TimeAxis(first, days, 6, 20, px_per_hour, ctx.zone())
        self.reload()
        self.moves: list[object] = []
        self.unbooked: list[object] = []
        self.opened: list[str] = []
        self.view.moves_requested.connect(self.moves.append)
        self.view.unbook_requested.connect(self.unbooked.append)
        self.view.open_requested.connect(self.opened.append)

    def reload(self) -> None:
        start = self.axis.start - timedelta(days=15)
        end = self.axis.end + timedelta(days=15)
        self.state.load(board_service.load_board(self.ctx, start, end))
        self.view.set_axis(self.axis, 44)
        self.view.refresh()

    def show(self, axis: TimeAxis) -> None:
        self.axis = axis
        self.view.set_axis(axis, 44)

    def row_of(self, tech_code: str) -> int:
        return next(i for i, t in enumerate(self.state.rows) if t.code == tech_code)

    def point(self, moment: datetime, tech_code: str, dy: float = 0.0) -> QPointF:
        """Viewport point at a moment on a technician's row (``dy`` from the row's middle)."""
        p = self.view.viewport_pos_of(moment, self.row_of(tech_code))
        return QPointF(p.x(), p.y() + dy)

    def booking_id(self, number: str) -> int:
        return next(b.id for b in self.state.bookings.values() if b.number == number)
