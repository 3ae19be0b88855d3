"""Undoable board actions: each calls services; none touches the scene.

An action is carried out once before it is pushed (so a refusal never lands on the stack); the
stack's first redo() is then skipped. Later undo/redo call the services again, and keep the
booking ids and versions those calls hand back, since a re-created booking gets a new id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QUndoCommand

from dispatch_console.domain.errors import DispatchError
from dispatch_console.services import dispatch
from dispatch_console.services.context import ServiceContext

ErrorReporter = Callable[[str, DispatchError], None]
Applied = Callable[[list[int], list[int], list[str]], None]  # (changed ids, removed ids, work orders)


@dataclass
class Placement:
    """Where a booking is: the tech and times, and its id and version as they are now."""

    booking_id: int
    version: int
    number: str
    tech_code: str
    start: datetime
    end: datetime


class _BoardCommand(QUndoCommand):
    def __init__(self, text: str, ctx: ServiceContext, report: ErrorReporter, applied: Applied) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._report = report
        self._applied = applied
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._guarded(self.do_redo, "Redo")

    def undo(self) -> None:
        self._guarded(self.do_undo, "Undo")

    def _guarded(self, action: Callable[[], None], verb: str) -> None:
        try:
            action()
        except DispatchError as exc:
            # Somebody changed these bookings meanwhile: drop this step from the history.
            self.setObsolete(True)
            self._report(f"{verb} {self.text()}", exc)

    def do_redo(self) -> None:
        raise NotImplementedError

    def do_undo(self) -> None:
        raise NotImplementedError


class BookCommand(_BoardCommand):
    """A queued work order put on a technician's row."""

    def __init__(self, ctx: ServiceContext, placed: Placement, report: ErrorReporter, applied: Applied) -> None:
        super().__init__(f"Book {placed.number} on {placed.tech_code}", ctx, report, applied)
        self.placed = placed

    def do_undo(self) -> None:
        dispatch.unbook(self.ctx, self.placed.booking_id, expected_version=self.placed.version)
        self._applied([], [self.placed.booking_id], [self.placed.number])

    def do_redo(self) -> None:
        p = self.placed
        result = dispatch.book(self.ctx, p.number, p.tech_code, p.start, p.end, confirm=True)
        p.booking_id, p.version = result.booking_id, result.version
        self._applied([p.booking_id], [], [p.number])


class MoveCommand(_BoardCommand):
    """One or several bookings moved or resized together."""

    def __init__(
        self,
        ctx: ServiceContext,
        text: str,
        before: list[Placement],
        after: list[Placement],
        report: ErrorReporter,
        applied: Applied,
    ) -> None:
        super().__init__(text, ctx, report, applied)
        self.before = before
        self.after = after

    def _apply(self, current: list[Placement], target: list[Placement]) -> None:
        moves = [
            dispatch.Move(c.booking_id, t.tech_code, t.start, t.end, c.version)
            for c, t in zip(current, target, strict=True)
        ]
        results = dispatch.move_bookings(self.ctx, moves, confirm=True)
        for placement, result in zip(target, results, strict=True):
            placement.booking_id, placement.version = result.booking_id, result.version
        self._applied([r.booking_id for r in results], [], sorted({p.number for p in target}))

    def do_undo(self) -> None:
        self._apply(self.after, self.before)

    def do_redo(self) -> None:
        self._apply(self.before, self.after)


class UnbookCommand(_BoardCommand):
    """Bookings taken off the schedule (Delete, or dragged back to the queue)."""

    def __init__(self, ctx: ServiceContext, removed: list[Placement], report: ErrorReporter, applied: Applied) -> None:
        numbers = ", ".join(sorted({p.number for p in removed}))
        super().__init__(f"Unbook {numbers}", ctx, report, applied)
        self.removed = removed

    def do_undo(self) -> None:
        ids = []
        for p in self.removed:
            result = dispatch.book(self.ctx, p.number, p.tech_code, p.start, p.end, confirm=True)
            p.booking_id, p.version = result.booking_id, result.version
            ids.append(p.booking_id)
        self._applied(ids, [], sorted({p.number for p in self.removed}))

    def do_redo(self) -> None:
        dispatch.unbook_many(self.ctx, [(p.booking_id, p.version) for p in self.removed])
        self._applied([], [p.booking_id for p in self.removed], sorted({p.number for p in self.removed}))
