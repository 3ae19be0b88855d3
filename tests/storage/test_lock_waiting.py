"""A write that meets another PC's long write waits a bounded time, can be stopped, and says why.

The other PC is a second connection holding the write lock (SQLite's BEGIN IMMEDIATE) or the
technician's row lock (PostgreSQL), as a long import on another PC does.
"""

from __future__ import annotations

import threading
import time

import pytest

from dispatch_console.domain.errors import Cancelled, DatabaseBusy, DatabaseUnavailable
from dispatch_console.services.context import LockWait, ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.other_pc import other_pc_writing


def _told_on(db_url: str) -> list[str]:
    """SQLite says when a write starts waiting; PostgreSQL waits on the server without a word
    (the console shows its waiting dialog after a moment either way)."""
    return ["waiting"] if db_url.startswith("sqlite") else []


def _book_t1(ctx: ServiceContext) -> None:
    """A write that needs T1's lock: rename a skill after locking T1, as a booking does."""
    with ctx.write("book") as uow:
        uow.lock_technicians(["T1"])
        uow.require(m.Skill, "HVAC").name = "HVAC (renamed)"


def _skill_name(ctx: ServiceContext) -> str:
    with ctx.read() as uow:
        return uow.require(m.Skill, "HVAC").name


def test_a_write_gives_up_in_words_after_the_wait_and_writes_nothing(company: ServiceContext, db_url: str) -> None:
    told: list[str] = []
    control = LockWait(limit_s=0.6, on_wait=lambda: told.append("waiting"))
    started = time.monotonic()
    with other_pc_writing(db_url), company.waiting(control), pytest.raises(DatabaseBusy) as refused:
        _book_t1(company)
    waited = time.monotonic() - started
    assert 0.5 <= waited < 5
    assert told == _told_on(db_url)
    message = str(refused.value)
    assert "another dispatcher is saving a large change" in message
    assert "nothing was saved" in message and "Try again" in message
    assert "locked" not in message and "sqlalche.me" not in message and "SELECT" not in message
    assert _skill_name(company) == "HVAC service"


@pytest.mark.real_waits
def test_a_write_goes_ahead_once_the_other_pc_is_done(company: ServiceContext, db_url: str) -> None:
    told: list[str] = []
    control = LockWait(limit_s=20, on_wait=lambda: told.append("waiting"))
    release = threading.Event()

    def other_pc() -> None:
        with other_pc_writing(db_url):
            holding.set()
            release.wait(10)

    holding = threading.Event()
    thread = threading.Thread(target=other_pc)
    thread.start()
    assert holding.wait(10)
    threading.Timer(0.5, release.set).start()
    with company.waiting(control):
        _book_t1(company)
    thread.join(10)
    assert told == _told_on(db_url)
    assert _skill_name(company) == "HVAC (renamed)"


@pytest.mark.real_waits
def test_the_dispatcher_can_stop_waiting(company: ServiceContext, db_url: str) -> None:
    control = LockWait(limit_s=30)
    started = time.monotonic()
    with other_pc_writing(db_url), company.waiting(control), pytest.raises(Cancelled) as refused:
        threading.Timer(0.5, control.cancel).start()  # the dispatcher clicks Cancel
        _book_t1(company)
    assert time.monotonic() - started < 10
    assert "you stopped waiting for the other PC; nothing was saved" == str(refused.value)
    assert _skill_name(company) == "HVAC service"


def test_a_write_without_a_competitor_never_says_it_waited(company: ServiceContext) -> None:
    told: list[str] = []
    with company.waiting(LockWait(limit_s=0.1, on_wait=lambda: told.append("waiting"))):
        _book_t1(company)
    assert told == [] and _skill_name(company) == "HVAC (renamed)"


def test_the_waiting_rule_holds_only_on_the_thread_that_set_it(company: ServiceContext, db_url: str) -> None:
    """Another thread's writes keep the default wait (the GUI's control is not theirs)."""
    seen: list[float] = []
    with company.waiting(LockWait(limit_s=0.2)):
        thread = threading.Thread(target=lambda: seen.append(_current_limit()))
        thread.start()
        thread.join()
        seen.append(_current_limit())
    assert seen == [60.0, 0.2]


def _current_limit() -> float:
    from dispatch_console.storage import locking

    return locking.current().limit_s


@pytest.mark.skipif(
    __import__("os").environ.get("DISPATCH_CONSOLE_TEST_PG") is not None,
    reason="an SQLite file opened read-only; PostgreSQL's permissions are the server's",
)
def test_a_write_to_a_read_only_database_says_so(company: ServiceContext, db_url: str) -> None:
    path = db_url.removeprefix("sqlite:///")
    read_only = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    ctx = ServiceContext(db=read_only, actor="Dana", clock=company.clock)
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            _book_t1(ctx)
        message = str(refused.value)
        assert "is read-only for you; nothing was saved" in message
        assert "sqlalche.me" not in message and "UPDATE" not in message and "[SQL" not in message
        assert _skill_name(ctx) == "HVAC service"  # reading still works
    finally:
        read_only.dispose()


def test_an_import_holds_every_technician_until_it_commits(
    company: ServiceContext, db_url: str, sample_bundle: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its bookings run no overlap check: a dispatcher's booking waits for it (on PostgreSQL; on
    SQLite the import holds the one write lock anyway)."""
    from dispatch_console.services.bundle_import import import_folder
    from dispatch_console.storage.unit_of_work import UnitOfWork

    locked: list[str] = []
    original = UnitOfWork.lock_every_technician
    monkeypatch.setattr(UnitOfWork, "lock_every_technician",
                        lambda uow: (locked.append(uow.action), original(uow))[1])
    import_folder(company, sample_bundle)  # type: ignore[arg-type]
    assert locked == ["Import CSV bundle"]

    monkeypatch.setattr(UnitOfWork, "lock_every_technician", original)
    holding, release = threading.Event(), threading.Event()

    def importing_pc() -> None:
        with company.write("Import CSV bundle") as uow:
            uow.lock_every_technician()
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=importing_pc)
    thread.start()
    assert holding.wait(10)
    try:
        if db_url.startswith("sqlite"):
            return  # the write lock itself makes the booking wait: the tests above
        with company.waiting(LockWait(limit_s=0.5)), pytest.raises(DatabaseBusy):
            _book_t1(company)
    finally:
        release.set()
        thread.join(10)
