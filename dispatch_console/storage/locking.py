"""Waiting for another PC's write, and database errors in words.

Only one PC writes an SQLite file at a time, and on PostgreSQL a booking waits for the
technician's row lock. When another dispatcher's long write (an import) holds the lock, this PC
must not hang for good, nor fail with "database is locked": it waits a bounded time, lets
whoever started the write know it is waiting (the console shows a "waiting for another PC"
dialog) and stop waiting on request, and then says in words what happened. Nothing is
written when it stops.

SQLite waits in short steps (the busy timeout of one attempt is ``STEP_MS``), so a cancel is
seen within a step; PostgreSQL waits on the server with ``lock_timeout`` and is cancelled
through the driver's cancel request.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.exc import DBAPIError

from dispatch_console.domain.errors import (
    Cancelled,
    DatabaseBusy,
    DatabaseUnavailable,
    DispatchError,
)

#: How long a write waits for another PC's lock before it gives up (seconds).
LOCK_WAIT_S = 60.0
#: One SQLite attempt's busy timeout: how soon a cancel is seen.
STEP_MS = 100

#: The words of a write that gave up waiting.
BUSY_WORDS = (
    "another dispatcher is saving a large change (an import, for example) and the database "
    "stayed busy for {seconds:.0f} seconds; nothing was saved. Try again when it is done"
)
#: Said up front by long writes that are saved all at once (an import, the demo).
OTHERS_WAIT = (
    "It is saved all at once, so nobody ever sees half of it: other PCs' saves wait until it "
    "is done."
)
CANCELLED_WORDS = "you stopped waiting for the other PC; nothing was saved"

_SQLITE_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (and their extended codes, by their low byte)
_PG_LOCK_NOT_AVAILABLE = "55P03"
_PG_QUERY_CANCELED = "57014"


class LockWait:
    """How one operation waits for other PCs' locks: how long, who to tell, and when to stop.

    ``on_wait`` is called once, from the thread that writes, when the write starts waiting, and
    ``on_wait_over`` when it got the lock after waiting; ``cancel`` may be called from any thread.
    """

    def __init__(
        self,
        limit_s: float = LOCK_WAIT_S,
        on_wait: Callable[[], None] | None = None,
        on_wait_over: Callable[[], None] | None = None,
    ) -> None:
        self.limit_s = limit_s
        self.on_wait = on_wait
        self.on_wait_over = on_wait_over
        self.wait_is_over = False
        self._cancelled = threading.Event()
        self._cancellers: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self.waited = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Stop waiting; a PostgreSQL statement waiting on the server is cancelled there."""
        self._cancelled.set()
        with self._lock:
            cancellers = list(self._cancellers)
        for cancel in cancellers:
            try:
                cancel()
            except Exception:  # noqa: BLE001 - the connection may be gone; nothing left to stop
                pass

    def waiting(self) -> None:
        if not self.waited:
            self.waited = True
            if self.on_wait is not None:
                self.on_wait()

    def got_the_lock(self) -> None:
        if self.waited and not self.wait_is_over:
            self.wait_is_over = True
            if self.on_wait_over is not None:
                self.on_wait_over()

    def add_canceller(self, cancel: Callable[[], None]) -> None:
        with self._lock:
            self._cancellers.append(cancel)


_current: ContextVar[LockWait | None] = ContextVar("dispatch_console_lock_wait", default=None)


@contextmanager
def waiting_with(control: LockWait) -> Iterator[LockWait]:
    """Writes made inside the block (on this thread) wait as ``control`` says."""
    token = _current.set(control)
    try:
        yield control
    finally:
        _current.reset(token)


def current() -> LockWait:
    return _current.get() or LockWait()


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_BUSY
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def begin_sqlite_write(raw: sqlite3.Connection, restore_timeout_ms: int) -> None:
    """Take SQLite's write lock (BEGIN IMMEDIATE), waiting for another PC as ``current()`` says."""
    control = current()
    deadline = time.monotonic() + control.limit_s
    raw.execute(f"PRAGMA busy_timeout={STEP_MS}")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                control.got_the_lock()
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
            if control.cancelled:
                raise Cancelled(CANCELLED_WORDS)
            if time.monotonic() >= deadline:
                raise DatabaseBusy(BUSY_WORDS.format(seconds=control.limit_s))
            control.waiting()
    finally:
        raw.execute(f"PRAGMA busy_timeout={restore_timeout_ms}")


def begin_postgresql_write(conn: Any) -> None:
    """Bound the wait for row locks on the server, and let ``cancel`` reach the server."""
    control = current()
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(1, int(control.limit_s * 1000))}")
    raw = conn.connection.dbapi_connection
    cancel = getattr(raw, "cancel_safe", None) or getattr(raw, "cancel", None)
    if cancel is not None:
        control.add_canceller(cancel)


@contextmanager
def in_words(display_name: str, *, writing: bool) -> Iterator[None]:
    """Turn a database's own error into a sentence (never the SQL, never a driver's link)."""
    try:
        yield
    except DispatchError:
        raise
    except (DBAPIError, sqlite3.Error) as exc:
        raise explain(exc, display_name, writing=writing) from None


def explain(exc: BaseException, display_name: str, *, writing: bool = True) -> DispatchError:
    """A database error as the dispatcher reads it."""
    nothing = "; nothing was saved" if writing else ""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    state = getattr(orig, "sqlstate", None)
    control = current()
    if state == _PG_QUERY_CANCELED and control.cancelled:
        return Cancelled(CANCELLED_WORDS)
    if state == _PG_LOCK_NOT_AVAILABLE or (isinstance(orig, sqlite3.OperationalError) and _is_busy(orig)):
        return DatabaseBusy(BUSY_WORDS.format(seconds=control.limit_s))
    lowered = first.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseUnavailable(
            f"the database {display_name} is read-only for you{nothing}. Ask whoever "
            "looks after the office's computers to give you write access to it"
        )
    if "disk is full" in lowered or "no space" in lowered:
        return DatabaseUnavailable(
            f"the disk holding the database {display_name} is full{nothing}. "
            "Free some space and try again"
        )
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable(
            f"the connection to the database {display_name} was lost ({first}){nothing}. Check the network and that the server runs, then try again"
        )
    return DatabaseUnavailable(f"the database {display_name} refused the work: {first}{nothing}")
