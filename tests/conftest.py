"""Shared fixtures: offscreen Qt, a migrated database per test (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Generator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import schema  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402

#: Set by .ci/run to a PostgreSQL server URL (no database name); then every test runs there.
PG_SERVER = os.environ.get("DISPATCH_CONSOLE_TEST_PG")

SAMPLES = Path(__file__).resolve().parent / "data"

#: Seconds a modal dialog may wait for an answer before the watch closes it and fails the test
#: (0: no watch; then only pytest-timeout's thread ends a hung run).
MODAL_LIMIT_S = float(os.environ.get("DISPATCH_CONSOLE_TEST_MODAL_LIMIT", "10"))

#: A test marked ``slow`` gets this timeout instead of the default of pyproject.toml.
SLOW_TIMEOUT_S = 300


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say so when the PostgreSQL half of the suite did not run (plain `pytest` never does)."""
    if not PG_SERVER:
        terminalreporter.write_line(
            "PostgreSQL: not tested; set DISPATCH_CONSOLE_TEST_PG=postgresql+psycopg://user@host:port "
            "(a server URL without a database name) to run the suite there too, as .ci/run does"
        )


#: Running under libfaketime (CI's run on another day): it breaks timed waits and sleeps on
#: threads (wolfcw/libfaketime#390), so a test that times two threads against each other cannot
#: run there; the run without it covers them, and they do not depend on the day.
UNDER_FAKETIME = "faketime" in os.environ.get("LD_PRELOAD", "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT_S))
        if UNDER_FAKETIME and item.get_closest_marker("real_waits"):
            item.add_marker(pytest.mark.skip(reason="libfaketime breaks timed waits on threads"))


class _ModalWatch:
    """Closes a modal dialog nobody answers, so that one test fails instead of the run hanging.

    A QTimer looks every quarter second while Qt's loop runs (a modal's own loop included);
    pytest-timeout's thread is the backstop for a hang this cannot see.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.left: list[str] = []
        self._modal: object = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

        modal = QApplication.activeModalWidget()
        if isinstance(modal, QProgressDialog):
            modal = None  # shows work under way (the demo, an import); it asks nothing
        if modal is not self._modal:
            self._modal, self._since = modal, time.monotonic()
            return
        if modal is None or time.monotonic() - self._since < MODAL_LIMIT_S:
            return
        what = f"'{modal.windowTitle()}'"
        if isinstance(modal, QMessageBox):
            what += f" ({modal.text()})"
        self.left.append(what)
        self._modal = None
        if isinstance(modal, QDialog):
            modal.reject()
        else:
            modal.close()

    def stop(self) -> list[str]:
        self._timer.stop()
        return self.left


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As the console does (ui/garbage.py): no automatic collection during a Qt test, which could
    start on a save's worker thread and free a Qt object there; collect here, after it."""
    if not {"qapp", "qtbot"} & set(request.fixturenames):
        yield
        return
    import gc

    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    watch = None
    if MODAL_LIMIT_S > 0 and {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
        watch = _ModalWatch()
    try:
        result = yield
    except Exception as exc:
        left = watch.stop() if watch is not None else []
        if left:  # the test's own error is likely the closed dialog's doing: say that first
            raise pytest.fail.Exception(_unanswered(left)) from exc
        raise
    left = watch.stop() if watch is not None else []
    if left:
        pytest.fail(_unanswered(left))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    """pytest-qt closes the test's widgets here, where pytest-timeout no longer watches: an
    editor asking about unsaved changes as it closes must not hang the run either."""
    watch = None
    if MODAL_LIMIT_S > 0 and {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
        watch = _ModalWatch()
    try:
        result = yield
    finally:
        left = watch.stop() if watch is not None else []
    if left:
        pytest.fail(_unanswered(left) + " (while the test's windows were closed after it)")
    return result


def _unanswered(left: list[str]) -> str:
    return (
        f"a modal dialog waited {MODAL_LIMIT_S:g} s for an answer nobody gave, and was closed: "
        + ", ".join(left)
    )


class Clock:
    """A settable clock, so tests say what 'now' is."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def _pg_admin_url(dbname: str) -> str:
    assert PG_SERVER
    return f"{PG_SERVER.rstrip('/')}/{dbname}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated empty database to copy for each test (much faster than migrating each time)."""
    if PG_SERVER:
        from sqlalchemy import create_engine, text

        name = f"dc_template_{uuid.uuid4().hex[:8]}"
        admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = Database(_pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://"))
        schema.upgrade(db)
        db.dispose()
        yield name
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        db = Database(f"sqlite:///{path}")
        schema.upgrade(db)
        db.dispose()
        yield str(path)


@pytest.fixture
def db_url(_template: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated, empty database for this test."""
    if PG_SERVER:
        from sqlalchemy import create_engine, text

        name = f"dc_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
        yield _pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path / "dispatch.db"
        shutil.copyfile(_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> Clock:
    # Thursday 26 Nov 2026, 15:00 UTC (09:00 in Chicago).
    return Clock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))


@pytest.fixture
def ctx(db: Database, clock: Clock) -> ServiceContext:
    return ServiceContext(db=db, actor="Dana Dispatcher", clock=clock)


@pytest.fixture
def other_pc(db: Database, clock: Clock) -> ServiceContext:
    """Another dispatcher's console on the same database and clock (stale copies, refreshes)."""
    return ServiceContext(db=db, actor="Olga Office", clock=clock)


@pytest.fixture
def sample_bundle() -> Path:
    """The Northwind sample bundle, copied into the project as test data."""
    return SAMPLES / "northwind"


@pytest.fixture
def company(ctx: ServiceContext) -> ServiceContext:
    """``ctx`` over the small company of tests/seed.py (two technicians, one customer)."""
    from tests.seed import small_company

    small_company(ctx)
    return ctx
