"""What a dispatcher does to bookings from the board: each gesture becomes an ``Op`` run by the
window's ``Operations`` and, once saved, an undo command. Nothing here patches the board: it
follows the changes the operations announce, like every other view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from dispatch_console.domain import lifecycle
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.domain.workdays import next_workday, weekday_name
from dispatch_console.services import dispatch
from dispatch_console.services.board import BookingBlock
from dispatch_console.services.dispatch import Placement
from dispatch_console.ui.board.commands import BookCommand, MoveCommand, UnbookCommand
from dispatch_console.ui.board.geometry import TimeAxis
from dispatch_console.ui.board.state import BoardState
from dispatch_console.ui.formatting import MONTHS, format_moment
from dispatch_console.ui.operations import Op, Operations


class BoardActions:
    """Book, move, resize, unbook, dispatch, add a visit or a technician, shift a day."""

    def __init__(
        self,
        operations: Operations,
        undo_stack: QUndoStack,
        state: BoardState,
        parent: QWidget,
        *,
        axis: Callable[[], TimeAxis],
        reload: Callable[[], None],
        selected: Callable[[list[int]], None],
    ) -> None:
        self.operations = operations
        self.undo_stack = undo_stack
        self.state = state
        self.parent = parent
        self._axis = axis
        self._reload = reload
        self._select = selected

    @property
    def ctx(self):  # type: ignore[no-untyped-def]
        return self.operations.ctx

    # -- names, as the dispatcher reads them --------------------------------------------------------
    def tech_name(self, tech_code: str) -> str:
        data = self.state.data
        techs = data.technicians if data is not None else ()
        return next((t.name for t in techs if t.code == tech_code), tech_code)

    def placement_of(self, block: BookingBlock) -> Placement:
        tech = self.state.tech_by_id[block.technician_id]
        return Placement(block.number, tech.code, block.start, block.end, block.id, block.version)

    def _when(self, moment: datetime) -> str:
        return format_moment(moment, self._axis().zone, year_of=self.ctx.now())

    @staticmethod
    def _day(day: date) -> str:
        return f"{weekday_name(day)} {day.day:02d} {MONTHS[day.month - 1]}"

    def move_text(self, before: list[Placement], after: list[Placement]) -> str:
        if len(after) > 1:
            return f"Move {len(after)} bookings ({', '.join(sorted({p.number for p in after}))})"
        b, a = before[0], after[0]
        zone = self._axis().zone
        if b.tech_code == a.tech_code and b.start == a.start:
            return f"Resize {a.number} to end {to_local(a.end, zone):%H:%M}"
        if b.tech_code == a.tech_code and (b.end - b.start) != (a.end - a.start):
            return f"Resize {a.number} to start {to_local(a.start, zone):%H:%M}"
        return f"Move {a.number} to {self.tech_name(a.tech_code)} {self._when(a.start)}"

    # -- the actions -------------------------------------------------------------------------------
    def book(self, places: list[Placement], text: str | None = None) -> bool:
        """Put queued work on technicians' rows (all, as one undoable step)."""
        if not places:
            return False
        first = places[0]
        if text is None:
            text = f"Book {first.number} on {self.tech_name(first.tech_code)} {self._when(first.start)}"

        def run(confirm: bool) -> list[Placement]:
            return [
                p.saved_as(dispatch.book(self.ctx, p.number, p.tech_code, p.start, p.end, confirm=confirm))
                for p in places
            ]

        outcome = self.operations.run(Op(text, run, self.parent, on_stale=self._reload))
        if outcome is None:
            return False
        saved = outcome.value
        self.undo_stack.push(BookCommand(text, self.operations, saved, self._reload))
        self._select([p.booking_id for p in saved if p.booking_id is not None])
        return True

    def move(self, after: list[Placement]) -> bool:
        """Move or resize bookings to ``after`` (each with its id and the version shown)."""
        before = [self.placement_of(self.state.bookings[p.booking_id])
                  for p in after if p.booking_id in self.state.bookings]
        if len(before) != len(after) or not after:
            return False
        for block_place in before:
            block = self.state.bookings[block_place.booking_id]  # type: ignore[index]
            reason = lifecycle.why_not_reschedule(block.status)
            if reason:
                self.operations.status_message.emit(f"{block.number} cannot be moved: {reason}")
                return False
        if all((b.tech_code, b.start, b.end) == (a.tech_code, a.start, a.end) for b, a in zip(before, after, strict=True)):
            self.operations.status_message.emit(f"{after[0].number} is already there")
            return False  # nothing moves: no save, no empty step in the undo history
        text = self.move_text(before, after)
        outcome = self.operations.run(
            Op(text, lambda confirm: dispatch.move_bookings(self.ctx, after, confirm=confirm),
               self.parent, on_stale=self._reload)
        )
        if outcome is None:
            return False
        saved = [p.saved_as(r) for p, r in zip(after, outcome.value, strict=True)]
        self.undo_stack.push(MoveCommand(text, self.operations, before, saved, self._reload))
        return True

    def unbook(self, booking_ids: list[int]) -> bool:
        """Take bookings off the schedule; asks first when the work was already sent out."""
        blocks = [self.state.bookings[i] for i in booking_ids if i in self.state.bookings]
        if not blocks:
            return False
        counts = {b.number: sum(1 for o in self.state.bookings.values() if o.number == b.number) for b in blocks}
        for block in blocks:
            reason = lifecycle.why_not_unbook(block.status, counts[block.number])
            if reason:
                self.operations.status_message.emit(f"{block.number} cannot be unbooked: {reason}")
                return False
        removed = [self.placement_of(b) for b in blocks]
        numbers = ", ".join(sorted({p.number for p in removed}))
        text = f"Unbook {numbers}"
        sent = sorted({b.number for b in blocks if lifecycle.unbook_needs_confirmation(b.status)})
        question = None
        if sent:
            question = (
                f"{', '.join(sent)} {'was' if len(sent) == 1 else 'were'} already sent to the crew. "
                "Take it off the schedule anyway? Let the technician know."
            )
        outcome = self.operations.run(
            Op(text, lambda _confirm: dispatch.unbook_many(self.ctx, [(p.booking_id, p.version) for p in removed]),  # type: ignore[misc]
               self.parent, on_stale=self._reload, ask_first=question)
        )
        if outcome is None:
            return False
        self.undo_stack.push(UnbookCommand(text, self.operations, removed, self._reload))
        return True

    def dispatch(self, number: str) -> bool:
        """Send a scheduled work order to its crew (not undoable: the crew may have seen it)."""
        outcome = self.operations.run(
            Op(f"Dispatch {number}", lambda _confirm: dispatch.dispatch(self.ctx, number),
               self.parent, on_stale=self._reload, done=lambda _v: f"Dispatched {number}")
        )
        return outcome is not None

    def add_technician(self, booking_id: int, tech_code: str) -> bool:
        """A second technician on the same visit (a two-person job)."""
        block = self.state.bookings.get(booking_id)
        if block is None:
            return False
        text = f"Add {self.tech_name(tech_code)} to {block.number} {self._when(block.start)}"
        return self.book([Placement(block.number, tech_code, block.start, block.end)], text)

    def add_next_visit(self, booking_id: int) -> bool:
        """Another visit of the same work order, same technician and hours, on the next workday."""
        block = self.state.bookings.get(booking_id)
        tech = self.state.tech_by_id.get(block.technician_id) if block else None
        if block is None or tech is None:
            return False
        axis = self._axis()
        day = to_local(block.start, axis.zone).date()
        following = next_workday(tech.workdays, day)
        if following is None:
            self.operations.status_message.emit(f"{tech.name} has no workdays: no visit added")
            return False
        minutes = (following - day).days * 24 * 60
        start, end = axis.shifted(block.start, minutes), axis.shifted(block.end, minutes)
        text = f"Add a visit of {block.number} on {tech.name} {self._when(start)}"
        return self.book([Placement(block.number, tech.code, start, end)], text)

    def shift_day(self, tech_code: str, day: date, minutes: int) -> bool:
        """Move all of a technician's bookings on a day by the same offset, as one undoable step."""
        data = self.state.data
        tech = next((t for t in data.technicians if t.code == tech_code), None) if data else None
        if tech is None:
            return False
        axis = self._axis()
        start = wall_to_utc(datetime.combine(day, time(0)), axis.zone)
        blocks = [
            b for b in self.state.blocks_between(tech.id, start, start + timedelta(days=1))
            if to_local(b.start, axis.zone).date() == day
        ]
        if not blocks:
            self.operations.status_message.emit(f"{tech.name} has no bookings on {self._day(day)}")
            return False
        return self.move([
            self.placement_of(b).moved(tech_code, axis.shifted(b.start, minutes), axis.shifted(b.end, minutes))
            for b in blocks
        ])
