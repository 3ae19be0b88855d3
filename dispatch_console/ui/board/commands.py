"""Undoable board actions: each runs services through the window's ``Operations``; none
touches the board (the board follows the changes the operations announce).

An action is carried out once before it is pushed (so a refusal never lands on the stack); the
stack's first redo() is then skipped. Later undo and redo run as operations too, so they refuse
in words and announce what changed like any action, and keep the booking ids and versions the
services hand back (a re-created booking gets a new id). A step that is refused (somebody changed
those bookings meanwhile) is dropped from the history.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from dispatch_console.services import dispatch
from dispatch_console.services.dispatch import Placement
from dispatch_console.ui.operations import Op, Operations


class _BoardCommand(QUndoCommand):
    def __init__(self, text: str, operations: Operations, on_stale: Callable[[], None] | None) -> None:
        super().__init__(text)
        self.operations = operations
        self._on_stale = on_stale
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(f"Redo {self.text()}", self.do_redo)

    def undo(self) -> None:
        self._run(f"Undo {self.text()}", self.do_undo)

    def _run(self, title: str, action: Callable[[], None]) -> None:
        # What once was saved is saved again as it was: conflicts were confirmed the first time.
        done = self.operations.run(Op(title, lambda _confirm: action(), on_stale=self._on_stale))
        if done is None:
            self.setObsolete(True)

    def do_redo(self) -> None:
        raise NotImplementedError

    def do_undo(self) -> None:
        raise NotImplementedError


class BookCommand(_BoardCommand):
    """Queued work orders put on technicians' rows (one, or a visit and a second technician)."""

    def __init__(
        self, text: str, operations: Operations, placed: list[Placement], on_stale: Callable[[], None] | None
    ) -> None:
        super().__init__(text, operations, on_stale)
        self.placed = placed

    def do_undo(self) -> None:
        dispatch.unbook_many(self.operations.ctx, [(p.booking_id, p.version) for p in self.placed])  # type: ignore[misc]

    def do_redo(self) -> None:
        self.placed = [
            p.saved_as(dispatch.book(self.operations.ctx, p.number, p.tech_code, p.start, p.end, confirm=True))
            for p in self.placed
        ]


class MoveCommand(_BoardCommand):
    """One or several bookings moved or resized together."""

    def __init__(
        self,
        text: str,
        operations: Operations,
        before: list[Placement],
        after: list[Placement],
        on_stale: Callable[[], None] | None,
    ) -> None:
        super().__init__(text, operations, on_stale)
        self.before = before
        self.after = after

    def _apply(self, current: list[Placement], target: list[Placement]) -> list[Placement]:
        """Move the bookings from where they are now to ``target``; ``target`` as saved."""
        moves = [c.moved(t.tech_code, t.start, t.end) for c, t in zip(current, target, strict=True)]
        results = dispatch.move_bookings(self.operations.ctx, moves, confirm=True)
        return [t.saved_as(r) for t, r in zip(target, results, strict=True)]

    def do_undo(self) -> None:
        self.before = self._apply(self.after, self.before)

    def do_redo(self) -> None:
        self.after = self._apply(self.before, self.after)


class UnbookCommand(_BoardCommand):
    """Bookings taken off the schedule (Delete, or dragged back to the queue)."""

    def __init__(
        self, text: str, operations: Operations, removed: list[Placement], on_stale: Callable[[], None] | None
    ) -> None:
        super().__init__(text, operations, on_stale)
        self.removed = removed

    def do_undo(self) -> None:
        self.removed = [
            p.saved_as(dispatch.book(self.operations.ctx, p.number, p.tech_code, p.start, p.end, confirm=True))
            for p in self.removed
        ]

    def do_redo(self) -> None:
        dispatch.unbook_many(self.operations.ctx, [(p.booking_id, p.version) for p in self.removed])  # type: ignore[misc]
