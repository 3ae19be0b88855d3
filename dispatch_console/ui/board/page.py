"""The schedule board page: toolbar, unscheduled queue, board, side panel; turns gestures into
undoable commands, asks before saving conflicts, and follows other dispatchers' changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.enums import Priority, Status
from dispatch_console.domain.errors import ConcurrencyConflict, DispatchError
from dispatch_console.domain.suggestions import Suggestion
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.services import board as board_service
from dispatch_console.services import changes as change_feed
from dispatch_console.services import dispatch
from dispatch_console.services.board import BoardData, BookingBlock, QueueItem
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation
from dispatch_console.ui.board.commands import BookCommand, MoveCommand, Placement, UnbookCommand
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.legend import BoardLegend
from dispatch_console.ui.board.queue import QueueFilter, QueueModel, QueueView
from dispatch_console.ui.board.side_panel import SidePanel
from dispatch_console.ui.board.state import SORT_NAME, SORT_WORKLOAD, BoardState, RowFilter
from dispatch_console.ui.board.view import BoardView, MoveIntent, NewBooking
from dispatch_console.ui.bus import ChangeBus

VIEWS = {"day": ("Day", 1), "week": ("Week", 7), "two_weeks": ("2 weeks", 14)}
#: px per hour for each zoom step, per view.
ZOOMS = {"day": [40, 60, 80, 110, 150], "week": [8, 11, 14, 18, 24], "two_weeks": [5, 7, 9, 12, 16]}
ROW_HEIGHTS = {"day": 44, "week": 36, "two_weeks": 30}
POLL_MS = 3000
SUGGESTION_HORIZON_DAYS = 14


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
        bus: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.undo_stack = undo_stack
        self.settings = settings
        self.state = BoardState()
        self.zone = ctx.zone()
        self.view_kind = str(settings.value("board/view", "day"))
        if self.view_kind not in VIEWS:
            self.view_kind = "day"
        self.zoom = int(settings.value("board/zoom", 2))
        self.first_day = to_local(ctx.now(), self.zone).date()
        self._cursor = change_feed.start_cursor(ctx)
        self._own_numbers: set[str] = set()
        self._loaded: tuple[datetime, datetime] | None = None
        self._planning: BoardData | None = None  # loaded only while the board shows another period
        self._selected_queue: QueueItem | None = None
        self._pending_suggestion: tuple[board_service.JobFacts, set[int]] | None = None
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(0)
        self._suggest_timer.timeout.connect(self._on_suggest_timer_timeout)
        #: How the page asks to save despite conflicts; tests may answer for the user.
        self.confirm_conflicts: Callable[[str, list[str]], bool] = self._ask_confirmation
        self._build()
        self._restore_filters()
        self._sync_date_edit()
        # Loaded when first shown, and again on changes only while on screen: a console that
        # opens on the work order list does not pay for ten thousand bookings at start-up.
        self._stale = True
        # Other PCs' changes come through the window's bus; a board on its own polls itself.
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        if bus is not None:
            bus.changed.connect(self.on_bus_changed)
        else:
            self._poll.start()
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
        self.queue_search = QLineEdit()
        self.queue_search.setPlaceholderText("Search the queue…")
        self.queue_search.setClearButtonEnabled(True)
        self.queue_search.textChanged.connect(self._on_queue_search_text_changed)
        self.queue_priority = QComboBox()
        self.queue_priority.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.queue_priority.setMinimumContentsLength(8)
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
        self.board.zoom_requested.connect(self._on_board_zoom_requested)
        self.board.notice.connect(self.status_message)
        self.legend = BoardLegend()

        board_panel = QWidget()
        bl = QVBoxLayout(board_panel)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(0)
        bl.addWidget(self.board, 1)
        bl.addWidget(self.legend)

        self.side = SidePanel()
        self.side.setMinimumWidth(220)
        self.side.book_suggestion.connect(self._on_side_book_suggestion)
        self.side.open_requested.connect(self.open_work_order)
        self.side.show_nothing()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(queue_panel)
        self.splitter.addWidget(board_panel)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([380, 1000, 290])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.toolbar = self._toolbar()
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

    def _toolbar(self) -> QToolBar:
        # A QToolBar folds what does not fit into its » menu on a narrow window.
        bar = QToolBar("Board")
        bar.setIconSize(QSize(16, 16))
        self.today_button = QToolButton()
        self.today_button.setText("Today")
        self.today_button.clicked.connect(self.go_today)
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setToolTip("Previous day or week")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip("Next day or week")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd dd MMM yyyy")
        self.date_edit.dateChanged.connect(self._on_date_edit_changed)
        self.view_combo = QComboBox()
        for key, (label, _days) in VIEWS.items():
            self.view_combo.addItem(label, key)
        self.view_combo.currentIndexChanged.connect(self._on_view_combo_changed)
        self.zoom_out = QToolButton()
        self.zoom_out.setText("−")
        self.zoom_out.setToolTip("Zoom out (Ctrl+wheel)")
        self.zoom_out.clicked.connect(lambda: self._on_board_zoom_requested(-1))
        self.zoom_in = QToolButton()
        self.zoom_in.setText("+")
        self.zoom_in.setToolTip("Zoom in (Ctrl+wheel)")
        self.zoom_in.clicked.connect(lambda: self._on_board_zoom_requested(1))
        self.name_filter = QLineEdit()
        self.name_filter.setPlaceholderText("Find technician…")
        self.name_filter.setClearButtonEnabled(True)
        self.name_filter.setMaximumWidth(180)
        self.name_filter.textChanged.connect(self._on_row_filter_changed)
        self.skill_filter = QComboBox()
        self.skill_filter.addItem("All skills", "")
        self.skill_filter.currentIndexChanged.connect(self._on_row_filter_changed)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem("By name", SORT_NAME)
        self.sort_combo.addItem("By workload", SORT_WORKLOAD)
        self.sort_combo.setToolTip("Order of the technicians' rows")
        self.sort_combo.currentIndexChanged.connect(self._on_row_filter_changed)
        self.legend_button = QToolButton()
        self.legend_button.setText("Legend")
        self.legend_button.setCheckable(True)
        self.legend_button.setChecked(True)
        self.legend_button.toggled.connect(self._on_legend_toggled)
        self.print_button = QToolButton()
        self.print_button.setText("Print…")
        self.print_button.clicked.connect(self.print_board)
        for w in (self.today_button, self.prev_button, self.next_button, self.date_edit, self.view_combo,
                  self.zoom_out, self.zoom_in):
            bar.addWidget(w)
        bar.addSeparator()
        for w in (self.name_filter, self.skill_filter, self.sort_combo):
            bar.addWidget(w)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.legend_button)
        bar.addWidget(self.print_button)
        return bar

    def _restore_filters(self) -> None:
        self.view_combo.blockSignals(True)
        self.view_combo.setCurrentIndex(list(VIEWS).index(self.view_kind))
        self.view_combo.blockSignals(False)
        self.name_filter.blockSignals(True)
        self.name_filter.setText(str(self.settings.value("board/text", "")))
        self.name_filter.blockSignals(False)
        sort = str(self.settings.value("board/sort", SORT_NAME))
        self.sort_combo.blockSignals(True)
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(sort)))
        self.sort_combo.blockSignals(False)
        self.legend_button.setChecked(str(self.settings.value("board/legend", "true")) == "true")

    # -- the time range ---------------------------------------------------------------------------
    def axis(self) -> TimeAxis:
        days = VIEWS[self.view_kind][1]
        first = self.first_day
        if self.view_kind != "day":
            first = self.first_day - timedelta(days=self.first_day.weekday())  # weeks start Monday
        pph = ZOOMS[self.view_kind][min(max(self.zoom, 0), len(ZOOMS[self.view_kind]) - 1)]
        first_hour, last_hour = self._hours_shown()
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
        if kind != "day":
            self.zoom = self._fitting_zoom()
            self.settings.setValue("board/zoom", self.zoom)
        self.view_combo.blockSignals(True)
        self.view_combo.setCurrentIndex(list(VIEWS).index(kind))
        self.view_combo.blockSignals(False)
        self._show_range()

    def go_to(self, day: date) -> None:
        self.first_day = day
        self._show_range()

    def _fitting_zoom(self) -> int:
        """The largest zoom at which the whole week (or fortnight) fits the board's width."""
        days = VIEWS[self.view_kind][1]
        first_hour, last_hour = self._hours_shown()
        room = max(200, self.board.viewport().width())
        steps = ZOOMS[self.view_kind]
        fitting = [i for i, pph in enumerate(steps) if pph * days * (last_hour - first_hour) <= room]
        return fitting[-1] if fitting else 0

    def go_today(self) -> None:
        self.go_to(to_local(self.ctx.now(), self.zone).date())
        if self.view_kind == "day":
            self.board.scroll_to_time(self.ctx.now())

    def step(self, direction: int) -> None:
        self.go_to(self.first_day + timedelta(days=direction * VIEWS[self.view_kind][1]))

    def _sync_date_edit(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(self.first_day.year, self.first_day.month, self.first_day.day))
        self.date_edit.blockSignals(False)

    def _show_range(self) -> None:
        axis = self.axis()
        self._sync_date_edit()
        if self._loaded is None or not (self._loaded[0] <= axis.start and axis.end <= self._loaded[1]):
            self.reload()
            return
        self.board.set_axis(axis, ROW_HEIGHTS[self.view_kind])

    # -- loading ----------------------------------------------------------------------------------
    def _planning_range(self) -> tuple[datetime, datetime]:
        """What suggestions look at: from today over the next two weeks."""
        today = wall_to_utc(datetime.combine(to_local(self.ctx.now(), self.zone).date(), time(0)), self.zone)
        return today - timedelta(days=1), today + timedelta(days=SUGGESTION_HORIZON_DAYS + 1)

    def _window(self) -> tuple[datetime, datetime]:
        """What to load: the shown range, and the planning range too when they are close.

        Far from today (last month's board), only the shown range is loaded and suggestions
        read the planning range on their own, so paging away never loads the months between.
        """
        axis = self.axis()
        start, end = axis.start - timedelta(days=1), axis.end + timedelta(days=1)
        p_start, p_end = self._planning_range()
        if p_start - timedelta(days=SUGGESTION_HORIZON_DAYS) <= end and start <= p_end + timedelta(days=SUGGESTION_HORIZON_DAYS):
            start, end = min(start, p_start), max(end, p_end)
        return start, end

    def _planning_data(self) -> tuple[BoardData, Mapping[int, Sequence[BookingBlock]]]:
        """The data suggestions rank from: the board's own when it covers the planning range."""
        p_start, p_end = self._planning_range()
        if self._loaded is not None and self._loaded[0] <= p_start and p_end <= self._loaded[1]:
            snapshot = self.state.snapshot()
            assert snapshot is not None
            return snapshot, self.state.by_tech
        if self._planning is None:
            self._planning = board_service.load_board(self.ctx, p_start, p_end)
        return self._planning, self._planning.bookings_by_tech()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Load the board and the queue again, keeping the scroll position and the selection."""
        self._stale = False
        self.zone = self.ctx.zone()
        start, end = self._window()
        data = board_service.load_board(self.ctx, start, end)
        self._loaded = (start, end)
        self._planning = None
        h, v = self.board.horizontalScrollBar().value(), self.board.verticalScrollBar().value()
        self.state.load(data)
        self._fill_skill_filter(data)
        self._apply_row_filter(save=False)
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
        text = f"<b>Unscheduled</b> — {len(items)} work orders"
        if shown != len(items):
            text += f" ({shown} shown)"
        if overdue:
            text += f", <span style='color:#b42318'>{overdue} overdue</span>"
        self.queue_title.setText(text)

    def _fill_skill_filter(self, data: BoardData) -> None:
        wanted = str(self.settings.value("board/skill", ""))
        current = self.skill_filter.currentData() or wanted
        skills = sorted({code for t in data.technicians for code in t.skills})
        self.skill_filter.blockSignals(True)
        self.skill_filter.clear()
        self.skill_filter.addItem("All skills", "")
        for code in skills:
            self.skill_filter.addItem(code, code)
        self.skill_filter.setCurrentIndex(max(0, self.skill_filter.findData(current)))
        self.skill_filter.blockSignals(False)

    def _apply_row_filter(self, *, save: bool = True) -> None:
        row_filter = RowFilter(
            text=self.name_filter.text(),
            skill=self.skill_filter.currentData() or "",
            sort=self.sort_combo.currentData() or SORT_NAME,
        )
        self.state.apply_filter(row_filter)
        if save:
            self.settings.setValue("board/text", row_filter.text)
            self.settings.setValue("board/skill", row_filter.skill)
            self.settings.setValue("board/sort", row_filter.sort)
        self.board.refresh()

    # -- toolbar slots ----------------------------------------------------------------------------
    def _on_row_filter_changed(self, *_args: object) -> None:
        self._apply_row_filter()

    def _on_view_combo_changed(self, _index: int) -> None:
        self.set_view(self.view_combo.currentData())

    def _on_date_edit_changed(self, qdate: QDate) -> None:
        self.go_to(date(qdate.year(), qdate.month(), qdate.day()))

    def _on_board_zoom_requested(self, direction: int) -> None:
        steps = len(ZOOMS[self.view_kind])
        self.zoom = min(max(self.zoom + direction, 0), steps - 1)
        self.settings.setValue("board/zoom", self.zoom)
        self.board.set_axis(self.axis(), ROW_HEIGHTS[self.view_kind])

    def _on_legend_toggled(self, shown: bool) -> None:
        self.legend.setVisible(shown)
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
        self._suggest(item.number, item.required_skills, item.estimated_hours, item.due_by, item.lat, item.lon)

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
        if block.status in (Status.SCHEDULED, Status.OPEN):
            facts = board_service.JobFacts(
                block.number, block.required_skills,
                _hours(block), block.due_by, block.lat, block.lon,
            )
            self._suggest_facts(facts, exclude={block.id})
        else:
            self.side.show_ranking(None, None)

    def _suggest(self, number: str, skills, hours, due_by, lat, lon) -> None:  # type: ignore[no-untyped-def]
        self._suggest_facts(board_service.JobFacts(number, tuple(skills), hours, due_by, lat, lon), exclude=set())

    def _suggest_facts(self, facts: board_service.JobFacts, exclude: set[int]) -> None:
        """Rank technicians once the selection has settled (after the board has repainted)."""
        self._pending_suggestion = (facts, exclude)
        self._suggest_timer.start()

    def _on_suggest_timer_timeout(self) -> None:
        if self._pending_suggestion is None or self.state.data is None:
            return
        facts, exclude = self._pending_suggestion
        self._pending_suggestion = None
        data, by_tech = self._planning_data()
        ranking = board_service.suggest(
            data, facts, self.ctx.now(), horizon_days=SUGGESTION_HORIZON_DAYS,
            by_tech=by_tech, exclude=exclude,
        )
        self.last_ranking = ranking
        self.side.show_ranking(ranking, self.zone)

    def flush_suggestions(self) -> None:
        """Compute pending suggestions now (tests, and before acting on them)."""
        if self._suggest_timer.isActive():
            self._suggest_timer.stop()
            self._on_suggest_timer_timeout()

    def _on_side_book_suggestion(self, number: str, suggestion: Suggestion) -> None:
        if not number:
            return
        booked = [b for b in self.state.bookings.values() if b.number == number and b.id in self.state.selected]
        if booked:
            block = booked[0]
            self._on_board_moves_requested(
                [MoveIntent(block.id, block.version, block.number, suggestion.tech_code, suggestion.start, suggestion.end)]
            )
        else:
            self._on_board_booking_requested(number, suggestion.tech_code, suggestion.start, suggestion.end)

    # -- gestures -> commands ---------------------------------------------------------------------
    def _describe_work_order(self, number: str) -> NewBooking | None:
        item = self.queue_model.item(number)
        if item is None:
            return None
        return NewBooking(
            number=item.number,
            hours=float(item.estimated_hours),
            required_skills=item.required_skills,
            due_by=item.due_by,
            label=f"{item.number} · {item.customer}",
        )

    def _ask_confirmation(self, title: str, conflicts: list[str]) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Conflicts")
        box.setText(f"{title}.")
        box.setInformativeText("• " + "\n• ".join(conflicts) + "\n\nSave it anyway? Your choice is recorded.")
        save = box.addButton("Save anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("conflictConfirmation")
        box.exec()
        return box.clickedButton() is save

    def _with_confirmation(self, title: str, action: Callable[[bool], object]) -> object | None:
        """Run ``action(confirm=False)``; on conflicts ask, then run it confirmed. None: not done."""
        try:
            return action(False)
        except ConflictsNeedConfirmation as exc:
            if not self.confirm_conflicts(title, [c.message for c in exc.conflicts]):
                self.status_message.emit(f"{title}: not saved")
                return None
            return self._guard(lambda: action(True))
        except DispatchError as exc:
            self._report(title, exc)
            return None

    def _guard(self, action: Callable[[], object]) -> object | None:
        try:
            return action()
        except DispatchError as exc:
            self._report("The change", exc)
            return None

    def _report(self, what: str, exc: DispatchError) -> None:
        QMessageBox.warning(self, "Not saved", f"{what} was not saved:\n\n{exc}")
        if isinstance(exc, ConcurrencyConflict):
            self.reload()

    def _on_board_booking_requested(self, number: str, tech_code: str, start: datetime, end: datetime) -> None:
        tech_name = next((t.name for t in self.state.rows if t.code == tech_code), tech_code)
        title = f"Booking {number} on {tech_name}"
        self._own_numbers.add(number)
        result = self._with_confirmation(
            title, lambda confirm: dispatch.book(self.ctx, number, tech_code, start, end, confirm=confirm)
        )
        if result is None:
            return
        assert isinstance(result, dispatch.BookingResult)
        placed = Placement(result.booking_id, result.version, number, tech_code, start, end)
        self.undo_stack.push(BookCommand(self.ctx, placed, self._report, self._on_command_applied))
        self._on_command_applied([result.booking_id], [], [number])
        self.board.select({result.booking_id}, focus=result.booking_id)
        self.status_message.emit(f"Booked {number} on {tech_name}" + (" (conflicts confirmed)" if result.conflicts else ""))

    def _on_board_moves_requested(self, intents: list[MoveIntent]) -> None:
        before = []
        for intent in intents:
            block = self.state.bookings.get(intent.booking_id)
            if block is None:
                continue
            tech = self.state.tech_by_id[block.technician_id]
            before.append(Placement(block.id, block.version, block.number, tech.code, block.start, block.end))
        after = [Placement(i.booking_id, i.version, i.number, i.tech_code, i.start, i.end) for i in intents]
        if not before:
            return
        numbers = sorted({i.number for i in intents})
        text = self._move_text(before, after)
        self._own_numbers.update(numbers)
        moves = [dispatch.Move(i.booking_id, i.tech_code, i.start, i.end, i.version) for i in intents]
        results = self._with_confirmation(
            text, lambda confirm: dispatch.move_bookings(self.ctx, moves, confirm=confirm)
        )
        if results is None:
            self.board.refresh()
            return
        for placement, result in zip(after, results, strict=True):  # type: ignore[call-overload]
            placement.version = result.version
        self.undo_stack.push(MoveCommand(self.ctx, text, before, after, self._report, self._on_command_applied))
        self._on_command_applied([p.booking_id for p in after], [], numbers)
        self.status_message.emit(text)

    def _move_text(self, before: list[Placement], after: list[Placement]) -> str:
        if len(after) > 1:
            return f"Move {len(after)} bookings ({', '.join(sorted({p.number for p in after}))})"
        b, a = before[0], after[0]
        name = next((t.name for t in self.state.rows if t.code == a.tech_code), a.tech_code)
        if b.tech_code == a.tech_code and b.start == a.start:
            return f"Resize {a.number} to {to_local(a.end, self.zone):%H:%M}"
        if b.tech_code == a.tech_code and (b.end - b.start) != (a.end - a.start):
            return f"Resize {a.number} to start {to_local(a.start, self.zone):%H:%M}"
        return f"Move {a.number} to {name} {to_local(a.start, self.zone):%a %H:%M}"

    def _on_board_unbook_requested(self, booking_ids: list[int]) -> None:
        pairs = [(i, self.state.bookings[i].version) for i in booking_ids if i in self.state.bookings]
        self._unbook(pairs)

    def _on_queue_unbook_requested(self, pairs: list[tuple[int, int]]) -> None:
        self._unbook(pairs)

    def _unbook(self, pairs: list[tuple[int, int]]) -> None:
        removed = []
        for booking_id, version in pairs:
            block = self.state.bookings.get(booking_id)
            if block is None:
                continue
            tech = self.state.tech_by_id[block.technician_id]
            removed.append(Placement(block.id, version, block.number, tech.code, block.start, block.end))
        if not removed:
            return
        numbers = sorted({p.number for p in removed})
        self._own_numbers.update(numbers)
        done = self._guard(lambda: dispatch.unbook_many(self.ctx, [(p.booking_id, p.version) for p in removed]))
        if done is None:
            return
        command = UnbookCommand(self.ctx, removed, self._report, self._on_command_applied)
        self.undo_stack.push(command)
        self._on_command_applied([], [p.booking_id for p in removed], numbers)
        self.status_message.emit(command.text())

    def _on_command_applied(self, changed: list[int], removed: list[int], numbers: list[str]) -> None:
        """Patch the board and the queue with what an action did: no full reload on a drop."""
        self._own_numbers.update(numbers)
        self._planning = None
        for booking_id in removed:
            self.state.remove(booking_id)
        for block in board_service.booking_blocks(self.ctx, changed):
            self.state.put(block)
        # Other bookings of the same work orders may have changed status (open <-> scheduled).
        for number in numbers:
            item = board_service.queue_item(self.ctx, number)
            if item is None:
                self.queue_model.remove_number(number)
            else:
                self.queue_model.add(item)
        self._update_queue_title()
        self.board.refresh()
        self._on_board_selection_changed()

    # -- menus ------------------------------------------------------------------------------------
    def _on_board_block_menu_requested(self, booking_id: int, global_pos) -> None:  # type: ignore[no-untyped-def]
        block = self.state.bookings.get(booking_id)
        if block is None:
            return
        menu = QMenu(self)
        menu.addAction(f"Open {block.number}", lambda: self.open_work_order.emit(block.number))
        if block.status == Status.SCHEDULED:
            menu.addAction("Dispatch", lambda: self._dispatch(block.number))
        menu.addSeparator()
        if block.status not in (Status.COMPLETED, Status.VERIFIED, Status.INVOICED, Status.CLOSED):
            menu.addAction("Add a visit the next workday", lambda: self.add_next_visit(block.id))
            second = menu.addMenu("Add a technician at the same time")
            for tech in self._technicians_for(block):
                second.addAction(tech.name, lambda code=tech.code: self.add_technician(block.id, code))
        menu.addSeparator()
        ids = sorted(self.state.selected) or [booking_id]
        menu.addAction("Unbook" if len(ids) == 1 else f"Unbook {len(ids)} bookings",
                       lambda: self._on_board_unbook_requested(ids))
        menu.exec(global_pos)

    def _technicians_for(self, block: BookingBlock) -> list:  # type: ignore[type-arg]
        """Other technicians, those with the required skills first."""
        others = [t for t in self.state.rows if t.id != block.technician_id]
        return sorted(others, key=lambda t: (not set(block.required_skills) <= set(t.skills), t.name))

    def add_technician(self, booking_id: int, tech_code: str) -> None:
        """A second technician on the same visit (a two-person job)."""
        block = self.state.bookings.get(booking_id)
        if block is not None:
            self._on_board_booking_requested(block.number, tech_code, block.start, block.end)

    def add_next_visit(self, booking_id: int) -> None:
        """Another visit of the same work order, same technician and hours, on the next workday."""
        block = self.state.bookings.get(booking_id)
        tech = self.state.tech_by_id.get(block.technician_id) if block else None
        if block is None or tech is None:
            return
        axis = self.axis()
        days = 1
        while days < 8:
            day = to_local(block.start, self.zone).date() + timedelta(days=days)
            if day.strftime("%a") in tech.workdays:
                break
            days += 1
        minutes = days * 24 * 60
        self._on_board_booking_requested(
            block.number, tech.code, axis.shifted(block.start, minutes), axis.shifted(block.end, minutes)
        )

    def _on_board_row_menu_requested(self, tech_code: str, day: date, global_pos) -> None:  # type: ignore[no-untyped-def]
        tech = next((t for t in self.state.rows if t.code == tech_code), None)
        if tech is None:
            return
        menu = QMenu(self)
        action = QAction(f"Shift {tech.name}'s {day:%a %d %b} by…", menu)
        action.triggered.connect(lambda: self._ask_shift_day(tech_code, day))
        menu.addAction(action)
        menu.exec(global_pos)

    def _ask_shift_day(self, tech_code: str, day: date) -> None:
        minutes, ok = QInputDialog.getInt(
            self, "Shift the day", "Move every booking of that day by (minutes, negative for earlier):",
            30, -720, 720, 15,
        )
        if ok and minutes:
            self.shift_day(tech_code, day, minutes)

    def shift_day(self, tech_code: str, day: date, minutes: int) -> None:
        """Move all of a technician's bookings on a day by the same offset, as one undoable step."""
        tech = next((t for t in self.state.data.technicians if t.code == tech_code), None) if self.state.data else None
        if tech is None:
            return
        start = wall_to_utc(datetime.combine(day, time(0)), self.zone)
        blocks = [
            b for b in self.state.blocks_between(tech.id, start, start + timedelta(days=1))
            if to_local(b.start, self.zone).date() == day
        ]
        if not blocks:
            self.status_message.emit(f"{tech.name} has no bookings on {day:%a %d %b}")
            return
        axis = self.axis()
        intents = [
            MoveIntent(b.id, b.version, b.number, tech_code, axis.shifted(b.start, minutes), axis.shifted(b.end, minutes))
            for b in blocks
        ]
        self._on_board_moves_requested(intents)

    def _dispatch(self, number: str) -> None:
        try:
            dispatch.dispatch(self.ctx, number)
        except DispatchError as exc:
            self._report(f"Dispatching {number}", exc)
            return
        ids = [b.id for b in self.state.bookings.values() if b.number == number]
        self._on_command_applied(ids, [], [number])
        self.status_message.emit(f"Dispatched {number}")

    # -- other dispatchers ------------------------------------------------------------------------
    def _on_poll_timeout(self) -> None:
        try:
            self._cursor, seen = change_feed.changes_since(self.ctx, self._cursor)
        except DispatchError:
            return
        self.follow(seen)

    def follow(self, changes: Changes) -> None:
        """Refresh for changes made elsewhere (another PC, or another screen of this one)."""
        # Customers and sites too: their names are on the blocks.
        if changes.touches("booking", "work_order", "technician", "company", "customer", "site"):
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def on_bus_changed(self, changes: Changes) -> None:
        """Changes made on this PC arrive here too: the board's own were patched in already."""
        mine = changes.work_orders & self._own_numbers
        self._own_numbers -= changes.work_orders
        only_mine = bool(changes.work_orders) and changes.work_orders <= mine
        if only_mine and not changes.touches("technician", "company"):
            return
        self.follow(changes)

    # -- printing ---------------------------------------------------------------------------------
    def print_board(self) -> None:
        from dispatch_console.ui.board.printing import preview_board

        preview_board(self, self.state, self.axis(), self.ctx.now())


def _hours(block: BookingBlock):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    return Decimal(int((block.end - block.start).total_seconds() // 60)) / Decimal(60)
