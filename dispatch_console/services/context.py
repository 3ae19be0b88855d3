"""What every service needs: the database, who is acting, the clock, and who to tell of changes."""

from __future__ import annotations

import getpass
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from dispatch_console.domain.changes import EVERYTHING, Changes
from dispatch_console.domain.timekeeping import company_zone, utc_now
from dispatch_console.storage.database import Database
from dispatch_console.storage.locking import OTHERS_WAIT, LockWait
from dispatch_console.storage.unit_of_work import UnitOfWork

__all__ = [
    "EVERYTHING", "OTHERS_WAIT", "ChangeListener", "Changes", "LockWait", "Outcome", "ServiceContext",
    "default_actor",
]

ChangeListener = Callable[[Changes], None]
T = TypeVar("T")
_collecting = threading.local()  # the outcomes being collected on this thread


@dataclass
class Outcome(Generic[T]):
    """A service call's result and what it changed (which records, by whom, in which action)."""

    value: T
    changes: Changes = field(default_factory=Changes)


def default_actor() -> str:
    """The operating system's login: what the audit log records unless the user names himself."""
    try:
        return getpass.getuser() or "dispatcher"
    except Exception:  # noqa: BLE001 - getuser raises various errors without a login name
        return "dispatcher"


@dataclass
class ServiceContext:
    db: Database
    actor: str = field(default_factory=default_actor)
    clock: Callable[[], datetime] = utc_now
    listeners: list[ChangeListener] = field(default_factory=list)
    #: This running console, as the audit log records it (tells others' changes from ours).
    origin: str = field(default_factory=lambda: uuid.uuid4().hex)

    @contextmanager
    def write(self, action: str) -> Iterator[UnitOfWork]:
        """One audited unit of work; once it commits, what it changed is announced."""
        with self.db.write(self.actor, action, self.origin, clock=self.clock) as uow:
            yield uow
        if uow.changes:
            self.notify(
                uow.changes
                | Changes(
                    actors=frozenset({self.actor}),
                    actions=(uow.action,),
                    origins=frozenset({self.origin}),
                )
            )

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self.db.read() as uow:
            yield uow

    @contextmanager
    def waiting(self, control: LockWait) -> Iterator[LockWait]:
        """Writes inside the block, on this thread, wait for other PCs' locks as ``control`` says
        (how long, whom to tell that they wait, and whether the dispatcher stopped waiting)."""
        with self.db.waiting(control):
            yield control

    def now(self) -> datetime:
        return self.clock()

    def zone(self) -> ZoneInfo:
        """The company's time zone (the computer's before the company is set up)."""
        with self.db.read() as uow:
            return company_zone(uow.company())

    def notify(self, changes: Changes) -> None:
        for collector in getattr(_collecting, "stack", ()):
            collector.changes = collector.changes | changes
        for listener in list(self.listeners):
            listener(changes)

    def run(self, operation: Callable[[], T]) -> Outcome[T]:
        """Run a service call and hand back its result with everything it changed."""
        stack: list[Outcome[object]] = _collecting.__dict__.setdefault("stack", [])
        collector: Outcome[object] = Outcome(None)
        stack.append(collector)
        try:
            value = operation()
        finally:
            stack.remove(collector)
        return Outcome(value, collector.changes)

    def subscribe(self, listener: ChangeListener) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)
