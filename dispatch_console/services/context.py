"""What every service needs: the database, who is acting, the clock, and who to tell of changes."""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from dispatch_console.domain.timekeeping import local_zone_name, utc_now, zone
from dispatch_console.storage.database import Database
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so each view refreshes only if it is affected.

    ``entities`` names kinds of records ("work_order", "booking", "technician", ...);
    ``work_orders`` the numbers of the work orders touched.
    """

    entities: frozenset[str] = frozenset()
    work_orders: frozenset[str] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.entities | other.entities, self.work_orders | other.work_orders)

    def touches(self, *entities: str) -> bool:
        return any(e in self.entities for e in entities)


ChangeListener = Callable[[Changes], None]

#: Every kind of record views follow; an import or the demo may touch them all.
EVERYTHING = Changes(
    entities=frozenset(
        {
            "company", "skill", "technician", "customer", "site", "asset", "part", "request",
            "work_order", "booking", "pm_plan", "invoice",
        }
    )
)


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
        with self.db.write(self.actor, action, self.origin) as uow:
            yield uow

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self.db.read() as uow:
            yield uow

    def now(self) -> datetime:
        return self.clock()

    def zone(self) -> ZoneInfo:
        """The company's time zone (the computer's before the company is set up)."""
        with self.db.read() as uow:
            company = uow.company()
            return zone(company.timezone if company else local_zone_name())

    def notify(self, changes: Changes) -> None:
        for listener in list(self.listeners):
            listener(changes)

    def subscribe(self, listener: ChangeListener) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)
