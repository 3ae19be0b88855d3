"""Ranks technicians for the selected work once the selection has settled, off the drop's path."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from dispatch_console.domain.suggestions import Ranking
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.services import board as board_service
from dispatch_console.services.board import BoardData, BookingBlock
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.state import BoardState

#: Suggestions look this far ahead from today.
SUGGESTION_HORIZON_DAYS = 14


class Suggester(QObject):
    """Ranks the five best technicians for one job, from the board's data when it covers the
    next two weeks, else from the planning period loaded on its own (and kept until a change).

    Signals:
        ranked: Ranking | None — the ranking for the job asked last (None: nothing to rank).
    """

    ranked = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        state: BoardState,
        loaded: Callable[[], tuple[datetime, datetime] | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = state
        self._loaded = loaded
        self._planning: BoardData | None = None
        self._pending: tuple[board_service.JobFacts, set[int]] | None = None
        self.last_ranking: Ranking | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def planning_range(self) -> tuple[datetime, datetime]:
        """What suggestions look at: from today over the next two weeks."""
        zone = self.state.data.zone if self.state.data else self.ctx.zone()
        today = wall_to_utc(datetime.combine(to_local(self.ctx.now(), zone).date(), time(0)), zone)
        return today - timedelta(days=1), today + timedelta(days=SUGGESTION_HORIZON_DAYS + 1)

    def forget(self) -> None:
        """Data changed: the planning period is read again when next needed."""
        self._planning = None

    def suggest(self, facts: board_service.JobFacts, exclude: set[int]) -> None:
        """Rank for ``facts`` once the event loop is idle (after the board has repainted)."""
        self._pending = (facts, exclude)
        self._timer.start()

    def clear(self) -> None:
        self._pending = None
        self._timer.stop()
        self.ranked.emit(None)

    def flush(self) -> None:
        """Compute pending suggestions now (tests, and before acting on them)."""
        if self._timer.isActive():
            self._timer.stop()
            self._on_timer_timeout()

    def _planning_data(self) -> tuple[BoardData, Mapping[int, Sequence[BookingBlock]]]:
        p_start, p_end = self.planning_range()
        loaded = self._loaded()
        if loaded is not None and loaded[0] <= p_start and p_end <= loaded[1]:
            snapshot = self.state.snapshot()
            assert snapshot is not None
            return snapshot, self.state.by_tech
        if self._planning is None:
            self._planning = board_service.load_board(self.ctx, p_start, p_end)
        return self._planning, self._planning.bookings_by_tech()

    def _on_timer_timeout(self) -> None:
        if self._pending is None or self.state.data is None:
            return
        facts, exclude = self._pending
        self._pending = None
        data, by_tech = self._planning_data()
        self.last_ranking = board_service.suggest(
            data, facts, self.ctx.now(), horizon_days=SUGGESTION_HORIZON_DAYS,
            by_tech=by_tech, exclude=exclude,
        )
        self.ranked.emit(self.last_ranking)
