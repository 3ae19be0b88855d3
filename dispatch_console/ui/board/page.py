"""The schedule board page: puts the toolbar, the unscheduled queue, the board and the side panel
together, loads the shown period, and follows every change through the window's bus.

What a gesture does lives in ``actions`` (run through ``Operations``, undone by ``commands``);
which technicians to suggest in ``suggesting``; the context menus in ``menus``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.booking_length import booking_length
from dispatch_console.domain.changes import Changes
from dispatch_console.domain.enums import Priority
from dispatch_console.domain.lifecycle import why_not_reschedule
from dispatch_console.domain.suggestions import Suggestion
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.services import board as board_service
from dispatch_console.services.board import BoardData, BookingBlock, QueueItem
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import Placement
from dispatch_console.ui.board import menus
from dispatch_console.ui.board.actions import BoardActions
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.legend import BoardLegend
from dispatch_console.ui.board.queue import QueueFilter, QueueModel, QueueView
from dispatch_console.ui.board.side_panel import SidePanel
from dispatch_console.ui.board.state import BoardState, RowFilter
from dispatch_console.ui.board.suggesting import SUGGESTION_HORIZON_DAYS, Suggester
from dispatch_console.ui.board.toolbar import VIEWS, BoardToolbar
from dispatch_console.ui.board.view import BoardView, NewBooking
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations

#: Zoom steps: how many board widths the shown period takes (1: it fits, to the right edge).
ZOOM_FACTORS = (1.0, 1.5, 2.0, 3.0, 4.0)
ROW_HEIGHTS = {"day": 44, "week": 36, "two_weeks": 30}
#: Kinds of records the board shows something of (names of customers and sites are on blocks).
SHOWN = ("booking", "work_order", "technician", "company", "customer")
#: Below this width (logical pixels) the side panel starts folded away.
NARROW = 900


class BoardPage(QWidget):
    """The dispatcher's board.

    Signals:
        open_work_order: str — the dispatcher asked to open a work order.
        status_message: str — a line for the main window's status bar.
    """

    open_work_order = Signal(str)
    status_message = Signal(str)

    def __init__(
        self,
        ctx: ServiceContext,
        undo_stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.undo_stack = undo_stack
        self.settings = settings
        self.bus = bus
        if operations is None:  # a board on its own (tests): it says itself what was done
            operations = Operations(ctx, bus, self)
            operations.status_message.connect(self.status_message)
        self.operations = operations
        self.state = BoardState()
        self.zone = ctx.zone()
        self.view_kind = str(settings.value("board/view", "day"))
        if self.view_kind not in VIEWS:
            self.view_kind = "day"
        self.zoom = self._saved_zoom()
        self.first_day = to_local(ctx.now(), self.zone).date()
        self._loaded: tuple[datetime, datetime] | None = None
        self._selected_queue: QueueItem | None = None
        self._user_split = False
        self.suggester = Suggester(ctx, self.state, lambda: self._loaded, self)
        self.suggester.ranked.connect(self._on_suggester_ranked)
        self._build()
        self.actions = BoardActions(
            self.operations, undo_stack, self.state, self,
            axis=self.axis, reload=lambda: self.reload(), selected=self._select_bookings,
        )
        self._restore_filters()
        self.toolbar.show_date(self.first_day)
        # Loaded when first shown, and again on changes only while on screen: a console that
        # opens on the work order list does not pay for ten thousand bookings at start-up.
        self._stale = True
        bus.changed.connect(self._on_bus_changed)
        self._now_tick = QTimer(self)
        self._now_tick.setInterval(60_000)
        self._now_tick.timeout.connect(self.board.viewport().update)
        self._now_tick.start()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.queue_model = QueueModel(self.ctx.now, self)
        self.queue_filter = QueueFilter(self)
        self.queue_filter.setSourceModel(self.queue_model)
        self.queue_view = QueueView()
        self.queue_view.setModel(self.queue_filter)
        self.queue_view.configure_columns()
        # The database already orders the queue (priority, then due-by): no sort until asked.
        self.queue_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.queue_view.unbook_requested.connect(self._on_queue_unbook_requested)
        self.queue_view.open_requested.connect(self.open_work_order)
        self.queue_view.selectionModel().selectionChanged.connect(self._on_queue_selection_changed)
        self.queue_title = QLabel()
        self.queue_title.setTextFormat(Qt.TextFormat.RichText)
        self.queue_title.setWordWrap(True)  # a narrow queue wraps its title instead of widening
        self.queue_search = QLineEdit()
        self.queue_search.setPlaceholderText("Search the queue…")
        self.queue_search.setClearButtonEnabled(True)
        self.queue_search.textChanged.connect(self._on_queue_search_text_changed)
        self.queue_priority = QComboBox()
        self.queue_priority.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.queue_priority.setMinimumContentsLength(6)
        self.queue_priority.addItem("All priorities", None)
        for p in Priority:
            self.queue_priority.addItem(p.value.title(), p)
        self.queue_priority.currentIndexChanged.connect(self._on_queue_priority_changed)

        queue_panel = QWidget()
        ql = QVBoxLayout(queue_panel)
        ql.setContentsMargins(0, 0, 0, 0)
        ql.addWidget(self.queue_title)
        row = QHBoxLayout()
        row.addWidget(self.queue_search, 1)
        row.addWidget(self.queue_priority)
        ql.addLayout(row)
        ql.addWidget(self.queue_view, 1)

        self.board = BoardView(self.state, self.ctx.now)
        self.board.describe_work_order = self._describe_work_order
        self.board.booking_requested.connect(self._on_board_booking_requested)
        self.board.moves_requested.connect(self._on_board_moves_requested)
        self.board.unbook_requested.connect(self._on_board_unbook_requested)
        self.board.open_requested.connect(self.open_work_order)
        self.board.selection_changed.connect(self._on_board_selection_changed)
        self.board.row_menu_requested.connect(self._on_board_row_menu_requested)
        self.board.block_menu_requested.connect(self._on_board_block_menu_requested)
        self.board.zoom_requested.connect(self._on_zoom_requested)
        self.board.notice.connect(self.status_message)
        self.board.viewport().installEventFilter(self)
        self.legend = BoardLegend()

        board_panel = QWidget()
        bl = QVBoxLayout(board_panel)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(0)
        bl.addWidget(self.board, 1)
        # The legend scrolls inside a strip of at most a fifth of the height: on a short screen
        # (a laptop at 200 %) it must not push the board out of sight.
        self.legend_area = QScrollArea()
        self.legend_area.setWidget(self.legend)
        self.legend_area.setWidgetResizable(True)
        self.legend_area.setFrameShape(QFrame.Shape.NoFrame)
        self.legend_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bl.addWidget(self.legend_area)

        self.side = SidePanel()
        self.side.setMinimumWidth(160)
        self.side.book_suggestion.connect(self._on_side_book_suggestion)
        self.side.open_requested.connect(self.open_work_order)
        self.side.show_nothing()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(queue_panel)
        self.splitter.addWidget(board_panel)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setCollapsible(1, False)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)

        self.toolbar = BoardToolbar()
        self.toolbar.today_requested.connect(self.go_today)
        self.toolbar.step_requested.connect(self.step)
        self.toolbar.date_chosen.connect(self.go_to)
        self.toolbar.view_chosen.connect(self.set_view)
        self.toolbar.zoom_requested.connect(self._on_zoom_requested)
        self.toolbar.row_filter_changed.connect(self._on_toolbar_row_filter_changed)
        self.toolbar.legend_toggled.connect(self._on_legend_toggled)
        self.toolbar.print_requested.connect(self.print_board)
        # The toolbar's widgets, as tests and the window reach them.
        self.date_edit = self.toolbar.date_edit
        self.view_combo = self.toolbar.view_combo
        self.zoom_in, self.zoom_out = self.toolbar.zoom_in, self.toolbar.zoom_out
        self.name_filter = self.toolbar.name_filter
        self.skill_filter = self.toolbar.skill_filter
        self.sort_combo = self.toolbar.sort_combo
        self.legend_button = self.toolbar.legend_button

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

    def _restore_filters(self) -> None:
        self.toolbar.show_view(self.view_kind)
        self.toolbar.show_filter(
            RowFilter(
                text=str(self.settings.value("board/text", "")),
                sort=str(self.settings.value("board/sort", "name")),
            )
        )
        self.legend_button.setChecked(str(self.settings.value("board/legend", "true")) == "true")
        split = self.settings.value("board/splitter")
        if split is not None:
            self._user_split = self.splitter.restoreState(split)

    def _saved_zoom(self) -> int:
        try:
            zoom = int(self.settings.value(f"board/zoom/{self.view_kind}", 0))
        except (TypeError, ValueError):
            zoom = 0
        return min(max(zoom, 0), len(ZOOM_FACTORS) - 1)

    def _fit_splitter(self) -> None:
        """Queue and side panel take a share of the width, so the board keeps most of it
        on a small or high-DPI screen (until the dispatcher moves the splitter himself).

        Narrower than a laptop at 100 %, the side panel starts folded away (drag its edge, or
        select work, to see it) so the board stays usable."""
        self._fit_legend()
        if self._user_split:
            return
        width = max(self.splitter.width(), 1)
        if width < NARROW:
            queue = max(140, int(width * 0.34))
            self.splitter.setSizes([queue, width - queue, 0])
            return
        queue = min(380, max(150, width // 4))
        side = min(330, max(260, width // 5))  # room for a suggestion's reasons and button
        self.splitter.setSizes([queue, max(200, width - queue - side), side])

    def _fit_legend(self) -> None:
        room = max(40, self.height() // 5)
        # Measured without the scroll bar's width, so the strip never needs one when it has room.
        bar = self.legend_area.verticalScrollBar().sizeHint().width()
        width = max(100, (self.legend_area.width() or self.width()) - bar)
        self.legend_area.setFixedHeight(min(room, self.legend.height_for(width) + 2))

    def _on_splitter_moved(self, *_args: object) -> None:
        self._user_split = True
        self._fit_legend()
        self.settings.setValue("board/splitter", self.splitter.saveState())

    # -- the time range ---------------------------------------------------------------------------
    def axis(self) -> TimeAxis:
        days = VIEWS[self.view_kind][1]
        first = self.first_day
        if self.view_kind != "day":
            first = self.first_day - timedelta(days=self.first_day.weekday())  # weeks start Monday
        first_hour, last_hour = self._hours_shown()
        room = max(self.board.viewport().width(), 50)
        pph = room / (days * (last_hour - first_hour)) * ZOOM_FACTORS[self.zoom]
        return TimeAxis(first, days, first_hour, last_hour, pph, self.zone)

    def _hours_shown(self) -> tuple[int, int]:
        """From the earliest shift start to the latest shift end (at least 07:00–18:00)."""
        techs = self.state.data.technicians if self.state.data else ()
        starts = [t.shift_start.hour for t in techs] or [7]
        ends = [t.shift_end.hour + (1 if t.shift_end.minute else 0) for t in techs] or [18]
        first = max(0, min(min(starts) - 1, 7))
        last = min(24, max(max(ends) + 1, 18))
        return first, last

    def set_view(self, kind: str) -> None:
        if kind not in VIEWS or kind == self.view_kind:
            return
        self.view_kind = kind
        self.settings.setValue("board/view", kind)
        self.zoom = self._saved_zoom()
        self.toolbar.show_view(kind)
        self._show_range()

    def go_to(self, day: date) -> None:
        self.first_day = day
        self._show_range()

    def go_today(self) -> None:
        self.go_to(to_local(self.ctx.now(), self.zone).date())
        if self.view_kind == "day":
            self.board.scroll_to_time(self.ctx.now())

    def step(self, direction: int) -> None:
        self.go_to(self.first_day + timedelta(days=direction * VIEWS[self.view_kind][1]))

    def _show_range(self) -> None:
        axis = self.axis()
        self.toolbar.show_date(self.first_day)
        if self._loaded is None or not (self._loaded[0] <= axis.start and axis.end <= self._loaded[1]):
            self.reload()
            return
        self.board.set_axis(axis, ROW_HEIGHTS[self.view_kind])

    def _on_zoom_requested(self, direction: int) -> None:
        self.zoom = min(max(self.zoom + direction, 0), len(ZOOM_FACTORS) - 1)
        self.settings.setValue(f"board/zoom/{self.view_kind}", self.zoom)
        self.board.set_axis(self.axis(), ROW_HEIGHTS[self.view_kind])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.board.viewport() and event.type() == QEvent.Type.Resize and self.state.data:
            axis = self.axis()
            if axis != self.board.axis:
                self.board.set_axis(axis, ROW_HEIGHTS[self.view_kind])
        return super().eventFilter(watched, event)

    # -- loading ----------------------------------------------------------------------------------
    def _window(self) -> tuple[datetime, datetime]:
        """What to load: the shown range, and the planning range too when they are close.

        Far from today (last month's board), only the shown range is loaded and suggestions
        read the planning range on their own, so paging away never loads the months between.
        """
        axis = self.axis()
        start, end = axis.start - timedelta(days=1), axis.end + timedelta(days=1)
        p_start, p_end = self.suggester.planning_range()
        near = timedelta(days=SUGGESTION_HORIZON_DAYS)
        if p_start - near <= end and start <= p_end + near:
            start, end = min(start, p_start), max(end, p_end)
        return start, end

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_splitter()
        if self._stale:
            self.reload()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_splitter()
        QTimer.singleShot(0, self._fit_legend)  # once the splitter has given the legend its width

    def reload(self) -> None:
        """Load the board and the queue again, keeping the scroll position and the selection."""
        self._stale = False
        self.zone = self.ctx.zone()
        start, end = self._window()
        data = board_service.load_board(self.ctx, start, end)
        self._loaded = (start, end)
        self.suggester.forget()
        h, v = self.board.horizontalScrollBar().value(), self.board.verticalScrollBar().value()
        self.state.load(data)
        self._fill_skill_filter(data)
        self._apply_row_filter(self.toolbar.row_filter(), save=False)
        self.board.set_axis(self.axis(), ROW_HEIGHTS[self.view_kind])
        self.board.horizontalScrollBar().setValue(h)
        self.board.verticalScrollBar().setValue(v)
        self._reload_queue()
        self.board.refresh()
        self._on_board_selection_changed()

    def _reload_queue(self) -> None:
        selected = self._selected_queue.number if self._selected_queue else None
        self.queue_model.set_items(board_service.load_queue(self.ctx))
        self._update_queue_title()
        if selected:
            self._select_queue_number(selected)

    def _update_queue_title(self) -> None:
        items = self.queue_model.items()
        now = self.ctx.now()
        overdue = sum(1 for i in items if i.due_by is not None and i.due_by < now)
        shown = self.queue_filter.rowCount()
        count = f"{len(items):,} work order{'' if len(items) == 1 else 's'}"
        text = f"<b>Unscheduled</b> — {count}"
        if shown != len(items):
            text += f" ({shown:,} shown)"
        if overdue:
            text += f", <span style='color:#b42318'>{overdue:,} overdue</span>"
        self.queue_title.setText(text)

    def _fill_skill_filter(self, data: BoardData) -> None:
        wanted = str(self.settings.value("board/skill", ""))
        self.toolbar.set_skills(sorted({code for t in data.technicians for code in t.skills}), wanted)

    def _apply_row_filter(self, row_filter: RowFilter, *, save: bool = True) -> None:
        self.state.apply_filter(row_filter)
        if save:
            self.settings.setValue("board/text", row_filter.text)
            self.settings.setValue("board/skill", row_filter.skill)
            self.settings.setValue("board/sort", row_filter.sort)
        self.board.refresh()

    # -- following changes (this PC's and other PCs', one path) -------------------------------------
    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches(*SHOWN):
            return
        self.suggester.forget()
        if not self.isVisible() or self.state.data is None:
            self._stale = True
            return
        patchable = changes.only("booking", "work_order") and (
            changes.work_orders or changes.bookings or changes.removed_bookings
        )
        if patchable:
            self._patch(changes)
        else:
            self.reload()

    def _patch(self, changes: Changes) -> None:
        """Bring only the changed bookings and queue entries up to date: no full reload."""
        for booking_id in changes.removed_bookings:
            self.state.remove(booking_id)
        numbers = set(changes.work_orders)
        # A work order's status is drawn on each of its bookings.
        wanted = set(changes.bookings) | {b.id for b in self.state.bookings.values() if b.number in numbers}
        fresh = board_service.booking_blocks(self.ctx, sorted(wanted)) if wanted else []
        assert self._loaded is not None
        start, end = self._loaded
        kept = set()
        for block in fresh:
            if block.technician_id in self.state.tech_by_id and block.start < end and block.end > start:
                self.state.put(block)
                kept.add(block.id)
        for booking_id in wanted - kept:
            self.state.remove(booking_id)
        for number in sorted(numbers):
            item = board_service.queue_item(self.ctx, number)
            if item is None:
                self.queue_model.remove_number(number)
            else:
                self.queue_model.add(item)
        self._update_queue_title()
        self.board.refresh()
        self._on_board_selection_changed()

    # -- toolbar and queue slots ------------------------------------------------------------------
    def _on_toolbar_row_filter_changed(self, row_filter: RowFilter) -> None:
        self._apply_row_filter(row_filter)

    def _on_legend_toggled(self, shown: bool) -> None:
        self.legend_area.setVisible(shown)
        self.settings.setValue("board/legend", "true" if shown else "false")

    def _on_queue_search_text_changed(self, text: str) -> None:
        self.queue_filter.set_text(text)
        self._update_queue_title()

    def _on_queue_priority_changed(self, _index: int) -> None:
        self.queue_filter.set_priority(self.queue_priority.currentData())
        self._update_queue_title()

    # -- selection and suggestions ----------------------------------------------------------------
    def _select_queue_number(self, number: str) -> None:
        for row in range(self.queue_filter.rowCount()):
            index = self.queue_filter.index(row, 0)
            item = self.queue_filter.data(index, Qt.ItemDataRole.UserRole + 2)
            if item is not None and item.number == number:
                self.queue_view.selectRow(row)
                return

    def _select_bookings(self, ids: list[int]) -> None:
        shown = [i for i in ids if i in self.state.bookings]
        if shown:
            self.board.select(set(shown), focus=shown[0])
            self._on_board_selection_changed()

    def _on_queue_selection_changed(self, *_args: object) -> None:
        item = self.queue_view.selected_item()
        self._selected_queue = item
        if item is None:
            if not self.state.selected:
                self.side.show_nothing()
            return
        if self.state.selected:
            self.board.select(set())
        self.side.show_queue_item(item, self.zone, self.ctx.now())
        self.suggester.suggest(
            board_service.JobFacts(
                item.number, tuple(item.required_skills), item.estimated_hours, item.due_by, item.lat, item.lon
            ),
            exclude=set(),
        )

    def _on_board_selection_changed(self) -> None:
        selected = [self.state.bookings[i] for i in self.state.selected if i in self.state.bookings]
        if not selected:
            if self._selected_queue is None:
                self.side.show_nothing()
            return
        self.queue_view.clearSelection()
        self._selected_queue = None
        if len(selected) > 1:
            self.side.show_several(len(selected))
            return
        block = selected[0]
        tech = self.state.tech_by_id.get(block.technician_id)
        self.side.show_booking(block, tech.name if tech else "", self.zone)
        if why_not_reschedule(block.status) is None:
            facts = board_service.JobFacts(
                block.number, block.required_skills, _hours(block), block.due_by, block.lat, block.lon,
            )
            self.suggester.suggest(facts, exclude={block.id})
        else:
            self.suggester.clear()

    def _on_suggester_ranked(self, ranking: object) -> None:
        self.side.show_ranking(ranking, self.zone if ranking is not None else None)  # type: ignore[arg-type]

    @property
    def last_ranking(self):  # type: ignore[no-untyped-def]
        return self.suggester.last_ranking

    def flush_suggestions(self) -> None:
        """Compute pending suggestions now (tests, and before acting on them)."""
        self.suggester.flush()

    def _on_side_book_suggestion(self, number: str, suggestion: Suggestion) -> None:
        if not number:
            return
        booked = [b for b in self.state.bookings.values() if b.number == number and b.id in self.state.selected]
        if booked:
            place = self.actions.placement_of(booked[0])
            self.actions.move([place.moved(suggestion.tech_code, suggestion.start, suggestion.end)])
        else:
            self.actions.book([Placement(number, suggestion.tech_code, suggestion.start, suggestion.end)])

    # -- gestures -> actions ----------------------------------------------------------------------
    def _describe_work_order(self, number: str) -> NewBooking | None:
        item = self.queue_model.item(number)
        if item is None:
            return None
        return NewBooking(
            number=item.number,
            hours=booking_length(item.estimated_hours).total_seconds() / 3600,
            required_skills=item.required_skills,
            due_by=item.due_by,
            label=f"{item.number} · {item.customer}",
        )

    def _on_board_booking_requested(self, place: Placement) -> None:
        self.actions.book([place])

    def _on_board_moves_requested(self, places: list[Placement]) -> None:
        if not self.actions.move(places):
            self.board.refresh()  # the drag's outline goes back where the booking is

    def _on_board_unbook_requested(self, booking_ids: list[int]) -> None:
        self.actions.unbook(booking_ids)

    def _on_queue_unbook_requested(self, pairs: list[tuple[int, int]]) -> None:
        self.actions.unbook([booking_id for booking_id, _version in pairs])

    # Kept for callers that book from outside a gesture (tests, the window's menus).
    def add_technician(self, booking_id: int, tech_code: str) -> None:
        self.actions.add_technician(booking_id, tech_code)

    def add_next_visit(self, booking_id: int) -> None:
        self.actions.add_next_visit(booking_id)

    def shift_day(self, tech_code: str, day: date, minutes: int) -> None:
        self.actions.shift_day(tech_code, day, minutes)

    # -- menus ------------------------------------------------------------------------------------
    def booking_menu(self, booking_id: int):  # type: ignore[no-untyped-def]
        block = self.state.bookings.get(booking_id)
        if block is None:
            return None
        return menus.booking_menu(
            self, block, sorted(self.state.selected), self.actions,
            menus.technicians_for(block, self.state.rows), self.open_work_order.emit,
        )

    def _on_board_block_menu_requested(self, booking_id: int, global_pos: QPoint) -> None:
        menu = self.booking_menu(booking_id)
        if menu is not None:
            menu.exec(global_pos)

    def _on_board_row_menu_requested(self, tech_code: str, day: date, global_pos: QPoint) -> None:
        tech = next((t for t in self.state.rows if t.code == tech_code), None)
        if tech is not None:
            menus.row_menu(self, tech, day, self._ask_shift_day).exec(global_pos)

    def _ask_shift_day(self, tech_code: str, day: date) -> None:
        minutes, ok = QInputDialog.getInt(
            self, "Shift the day", "Move every booking of that day by (minutes, negative for earlier):",
            30, -720, 720, 15,
        )
        if ok and minutes:
            self.actions.shift_day(tech_code, day, minutes)

    # -- printing ---------------------------------------------------------------------------------
    def print_board(self) -> None:
        from dispatch_console.ui.board.printing import preview_board

        preview_board(self, self.state, self.axis(), self.ctx.now())


def _hours(block: BookingBlock) -> Decimal:
    """A booking's length in hours, as the suggestions rank a job of that length."""
    return Decimal(int((block.end - block.start).total_seconds() // 60)) / Decimal(60)
