"""Ten years of history (issue #11): today's figures beside the same work done bare, same run.

Builds the 100,000-work-order company once (tests/benchmarks/history.py; an SQLite file in a
temporary folder, and a PostgreSQL database too when DISPATCH_CONSOLE_TEST_PG is set) and
prints, for each figure, the console beside its bare counterpart:

- start-up to a usable window, whole process: ``main.py`` as the user starts it, until its log
  says "Main window ready" (first frame drawn, event loop running; tests/benchmarks/start_up.py);
  bare: a process showing a plain QTableView over the same rows read by raw SQL;
- the work order list's first screen after a sort change (the list open in the main window,
  a header sorted, until its rows are painted once) vs raw SQL ``ORDER BY ... LIMIT 50``;
- free-text search in the list (typed whole, until its count changes and its rows are painted) vs
  raw SQL ``LIKE`` (first 50);
- export of the whole database (``services.bundle_export.export_folder``, in a process of its
  own) vs raw SQL SELECT of the same tables written with the csv module;
- import of an 11,000-work-order bundle into an empty database (``main.py import``, whole
  command) vs raw executemany of the same rows into an empty migrated database;
- resident memory with the list open, then with the board open too (ru_maxrss);
- the board opened on a fortnight of 10,000 bookings and 200 technicians on top of the history
  vs the same rectangles in a plain QGraphicsView (bench_board.py).

Every step has a time limit; a step over it is reported and skipped, so the script always ends.
Budgets are the issue's; a slow machine shows in the bare figures, so read each figure beside
its own (the README's table has the latest).

Run:  python tests/benchmarks/bench_history.py [--work-orders N]   (offscreen)
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.benchmarks.history import add_fortnight, build_history  # noqa: E402
from tests.benchmarks.start_up import bare_start_up, console_start_up  # noqa: E402

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed program runs: bytecode cached
STEP_LIMIT_S = 120

LIST_SQL = (
    "SELECT w.number, w.status, w.priority, w.type, c.name, s.name, w.summary, w.due_by, w.estimated_hours "
    "FROM work_order w JOIN site s ON s.id = w.site_id JOIN customer c ON c.id = s.customer_id"
)

EXPORT = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from dispatch_console.services import bundle_export
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage.database import Database
t0 = time.perf_counter()
bundle_export.export_folder(ServiceContext(db=Database({url!r})), Path({out!r}))
print(time.perf_counter() - t0, [int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])
"""

IMPORT = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from dispatch_console.app import main
code = main(["--db", {url!r}, "import", {bundle!r}])
assert code == 0, code
print(time.perf_counter() - t0, [int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])
"""

BUILD = """
import sys
sys.path.insert(0, {root!r})
from datetime import date
from tests.benchmarks.history import build_history
s = build_history({url!r}, work_orders={orders}, today=date.fromisoformat({today!r}))
print(s.seconds, s.cpu_seconds)
"""

#: The bundle's tables, in the order of their foreign keys (for the bare export and import).
TABLES = ["company", "skill", "technician", "technician_skill", "time_off", "customer", "site", "asset", "part",
          "pm_plan", "pm_plan_skill", "work_request", "booking", "work_order", "work_order_skill",
          "checklist_item", "planned_part", "labor_entry", "part_used", "note", "scope_change", "invoice",
          "invoice_line"]


@dataclass
class Figure:
    name: str
    ours: str
    bare: str
    budget: str
    held: bool | None  # None: not measured


def rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_process(code: str, limit: float = STEP_LIMIT_S) -> tuple[float, float, list[str]] | None:
    """Wall time of a whole process, and what it printed (split); None when over the limit."""
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV,
                              timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-2000:])
        return None
    out = done.stdout.split()
    return wall, float(out[-1]) if len(out) > 1 else 0.0, out  # the last two words: seconds, MB


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def sec(seconds: float) -> str:
    return f"{seconds:,.1f} s"


def over(limit: float) -> str:
    return f"over {limit:.0f} s, skipped"


# -- the measurements ---------------------------------------------------------------------------
def startup(url: str, sqlite_path: str | None, folder: Path, runs: int = 3) -> Figure:
    """``main.py`` as the user starts it, to its log's "Main window ready" (tests/benchmarks/start_up.py);
    the median of ``runs``, beside its CPU time (steadier on a busy machine)."""
    ours = [r for r in (console_start_up(url, folder / "home", STEP_LIMIT_S) for _ in range(runs)) if r]
    bare = [r for r in (bare_start_up(sqlite_path, LIST_SQL + " ORDER BY w.id DESC", folder / "bare-home",
                                      STEP_LIMIT_S) for _ in range(runs)) if r] if sqlite_path else []
    median = statistics.median(r.seconds for r in ours) if len(ours) == runs else None
    return Figure(
        f"start-up to a usable window (main.py, median of {runs})",
        f"{sec(median)} (CPU {statistics.median(r.cpu_seconds or 0 for r in ours):.1f} s), "
        f"{max(r.peak_mb for r in ours):.0f} MB" if median is not None else over(STEP_LIMIT_S),
        f"{sec(statistics.median(r.seconds for r in bare))}, {max(r.peak_mb for r in bare):.0f} MB" if bare
        else ("(SQLite only)" if not sqlite_path else "failed"),
        "2 s", median is not None and median < 2.0,
    )


def paint_counter(widget: Any) -> Any:
    """Counts ``widget``'s paint events: a figure runs until the screen shows the change once
    (a ``grab`` after it would paint the rows a second time, which no user waits for)."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, _watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    counter = Paints(widget)
    widget.installEventFilter(counter)
    return counter


def spin_until(condition: Callable[[], bool], limit: float = 10.0) -> bool:
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.001)
    return False


def list_figures(url: str, raw: Callable[[str], object], folder: Path) -> tuple[list[Figure], Any, Any]:
    """Sort change and search in the main window's list; the window stays open (memory, board)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dispatch_console.app import open_context
    from dispatch_console.paths import AppPaths
    from dispatch_console.ui.application import build_main_window
    from dispatch_console.ui.work_orders.table_model import Column

    app = QApplication.instance() or QApplication([])
    paths = AppPaths.under(folder / "home-list")
    ctx = open_context(paths, url, True)
    t0 = time.perf_counter()
    window = build_main_window(ctx, paths)
    window.show()
    app.processEvents()
    window.grab()
    opened = time.perf_counter() - t0
    view = window.work_orders
    table = view.table
    paints = paint_counter(table.viewport())
    # A search that finds nothing paints the list's empty state instead of rows.
    empty_paints = paint_counter(view._empty_label)  # noqa: SLF001 - the benchmark watches the screen
    sorts = []
    bare_sorts = []
    order_sql = {Column.CUSTOMER: "c.name", Column.DUE_BY: "w.due_by", Column.SUMMARY: "w.summary",
                 Column.STATUS: "w.status", Column.NUMBER: "w.number"}
    for column, sql in order_sql.items():
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            before = paints.count
            t = time.perf_counter()
            table.sortByColumn(column, order)
            spin_until(lambda: paints.count > before)  # noqa: B023 - called at once
            sorts.append(time.perf_counter() - t)
            direction = "ASC" if order == Qt.SortOrder.AscendingOrder else "DESC"
            t = time.perf_counter()
            raw(f"{LIST_SQL} ORDER BY {sql} {direction}, w.id LIMIT 50")
            bare_sorts.append(time.perf_counter() - t)
    searches = []
    bare_searches = []
    for word in ("lakeshore", "boiler lockout", "WO-1042", "zürich", "nothing-like-this"):
        before, painted = view.count_label.text(), paints.count + empty_paints.count
        t = time.perf_counter()
        view.search_edit.setText(word)
        spin_until(
            lambda: view.count_label.text() != before and paints.count + empty_paints.count > painted,  # noqa: B023
            5.0,
        )
        searches.append(time.perf_counter() - t)
        pattern = f"%{word.lower()}%"
        t = time.perf_counter()
        raw(f"{LIST_SQL} WHERE lower(w.number) LIKE '{pattern}' OR lower(w.summary) LIKE '{pattern}' "
            f"OR lower(c.name) LIKE '{pattern}' OR lower(s.name) LIKE '{pattern}' ORDER BY w.id DESC LIMIT 50")
        bare_searches.append(time.perf_counter() - t)
        view.search_edit.clear()
        spin_until(lambda: bool(view.count_label.text() == before), 5.0)  # noqa: B023 - called at once
    sort_med, search_med = statistics.median(sorts), statistics.median(searches)
    figures = [
        Figure("list: window built and painted (in-process)", ms(opened), "", "", None),
        Figure("list: first screen after a sort change (median)", ms(sort_med),
               ms(statistics.median(bare_sorts)), "100 ms", sort_med < 0.1),
        Figure("free-text search in the list (median)", ms(search_med),
               ms(statistics.median(bare_searches)), "100 ms", search_med < 0.1),
        Figure("resident memory, list open (now)", f"{rss_mb():.0f} MB", "", "300 MB", rss_mb() < 300),
    ]
    return figures, window, ctx


def export_figure(url: str, sqlite_path: str | None, pg_url: str | None, folder: Path) -> Figure:
    ours = run_process(EXPORT.format(root=str(ROOT), url=url, out=str(folder / "export")))
    t = time.perf_counter()
    out = folder / "bare-export"
    out.mkdir(exist_ok=True)
    if sqlite_path:
        conn = sqlite3.connect(sqlite_path)
        for table in TABLES:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            with open(out / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow([d[0] for d in cur.description])
                writer.writerows(cur)
        conn.close()
    else:
        import psycopg

        assert pg_url
        with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://")) as pg:
            for table in TABLES:
                with open(out / f"{table}.csv", "wb") as f, pg.cursor() as pg_cur, \
                        pg_cur.copy(f'COPY "{table}" TO STDOUT WITH (FORMAT csv, HEADER)') as copy:
                    for data in copy:
                        f.write(data)
    bare = time.perf_counter() - t
    return Figure("export of the whole database (process)", f"{sec(ours[0])}, {ours[1]:.0f} MB" if ours else
                  over(STEP_LIMIT_S), sec(bare) + (" (COPY)" if not sqlite_path else ""), "10 s",
                  ours is not None and ours[0] < 10)


def import_figure(folder: Path, today: date) -> Figure:
    """An 11,000-work-order history exported, then imported into an empty database."""
    source = folder / "eleven.db"
    build_history(f"sqlite:///{source}", work_orders=11_000, years=1, today=today)
    bundle = folder / "eleven-bundle"
    exported = run_process(EXPORT.format(root=str(ROOT), url=f"sqlite:///{source}", out=str(bundle)))
    if exported is None:
        return Figure("import 11,000 work orders (main.py import)", "export failed", "", "4 s", False)
    empty = folder / "empty.db"
    _migrated(f"sqlite:///{empty}")
    template = folder / "empty-template.db"
    shutil.copyfile(empty, template)
    ours = run_process(IMPORT.format(root=str(ROOT), url=f"sqlite:///{empty}", bundle=str(bundle)))
    # Bare: the same rows, read from the source by raw SQL and written by executemany.
    bare_target = folder / "bare-import.db"
    shutil.copyfile(template, bare_target)
    t = time.perf_counter()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(bare_target, isolation_level=None)
    dst.execute("PRAGMA foreign_keys = ON")
    dst.execute("BEGIN")
    dst.execute("PRAGMA defer_foreign_keys = ON")
    for table in ("counter", *TABLES):
        cur = src.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
        if table in ("company", "counter"):
            dst.execute(f'DELETE FROM "{table}"')
        if rows:
            names = ", ".join(f'"{c}"' for c in columns)
            dst.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    dst.execute("COMMIT")
    bare = time.perf_counter() - t
    return Figure("import 11,000 work orders (main.py import, process)",
                  f"{sec(ours[0])}, {ours[1]:.0f} MB" if ours else over(STEP_LIMIT_S),
                  sec(bare) + " (executemany)", "4 s", ours is not None and ours[0] < 4)


def _migrated(url: str) -> None:
    from dispatch_console.storage import schema
    from dispatch_console.storage.database import Database

    db = Database(url)
    schema.upgrade(db)
    db.dispose()


def board_figure(path: Path, folder: Path, today: date) -> tuple[Figure, Any]:
    """The board on a fortnight of 10,000 bookings and 200 technicians, over the history."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from dispatch_console.services.context import ServiceContext
    from dispatch_console.storage.database import Database
    from dispatch_console.ui.board.page import BoardPage
    from dispatch_console.ui.bus import ChangeBus
    from tests.benchmarks.bench_board import H, W, bare_qt

    board_db = folder / "board.db"
    shutil.copyfile(path, board_db)
    first_day = today + timedelta(days=21 + (7 - today.weekday()) % 7)
    add_fortnight(f"sqlite:///{board_db}", first_day=first_day, technicians=200, bookings=10_000)
    db = Database(f"sqlite:///{board_db}")
    now = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=14)
    ctx = ServiceContext(db=db, actor="bench", clock=lambda: now)
    settings = QSettings(str(folder / "board.ini"), QSettings.Format.IniFormat)
    settings.setValue("board/view", "two_weeks")
    settings.setValue("board/zoom/two_weeks", 2)
    t0 = time.perf_counter()
    page = BoardPage(ctx, QUndoStack(), settings, bus=ChangeBus(ctx))
    page.resize(W, H)
    page.show()
    page.grab()
    opened = time.perf_counter() - t0
    shown = len(page.state.bookings)
    axis = page.board.axis
    assert axis is not None
    rects: list[tuple[float, float, float, float, str]] = []
    for row, tech in enumerate(page.state.rows):
        for block in page.state.by_tech.get(tech.id, ()):
            for x0, x1 in axis.segments(block.start, block.end):
                rects.append((x0, row * page.board.row_height + 3, x1 - x0, page.board.row_height - 6, block.number))
    bare_open, _repaints, _drops = bare_qt(rects)
    return Figure(f"board open, {shown:,} bookings of {len(page.state.rows)} technicians",
                  ms(opened), ms(bare_open) + " (QGraphicsView)", "1,000 ms", opened < 1.0), (page, db)


def sqlite_raw(path: str) -> Callable[[str], object]:
    conn = sqlite3.connect(path)
    return lambda sql: conn.execute(sql).fetchall()


def pg_raw(url: str) -> Callable[[str], object]:
    import psycopg

    conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)

    def run(sql: str) -> object:
        with conn.cursor() as cur:
            cur.execute(sql.replace("%", "%%"))
            return cur.fetchall()

    return run


def print_table(title: str, figures: list[Figure]) -> None:
    print(f"\n{title}")
    print(f"{'figure':58}{'ours':>26}{'bare':>30}{'budget':>10}  held")
    for f in figures:
        held = "" if f.held is None else ("held" if f.held else "NOT held")
        print(f"{f.name:58}{f.ours:>26}{f.bare:>30}{f.budget:>10}  {held}")


def measure(label: str, url: str, sqlite_path: str | None, pg_url: str | None, folder: Path, orders: int,
            today: date) -> None:
    # Built in a process of its own, so this one's memory is the console's alone.
    built = run_process(BUILD.format(root=str(ROOT), url=url, orders=orders, today=today.isoformat()), limit=600)
    if built is None:
        print(f"\n{label}: the history could not be built")
        return
    print(f"\n{label}: {orders:,} work orders over ten years built in {float(built[2][-2]):.1f} s "
          f"({built[1]:.1f} s of CPU; {built[0]:.1f} s with the process start and the schema)")
    figures = [startup(url, sqlite_path, folder)]
    raw = sqlite_raw(sqlite_path) if sqlite_path else pg_raw(url)
    listed, window, ctx = list_figures(url, raw, folder)
    figures += listed
    figures.append(export_figure(url, sqlite_path, pg_url, folder))
    if sqlite_path:
        figures.append(import_figure(folder, today))
        board, kept = board_figure(Path(sqlite_path), folder, today)
        figures.append(board)
        figures.append(Figure("resident memory, list and board open (now)", f"{rss_mb():.0f} MB", "", "300 MB",
                              rss_mb() < 300))
        kept[0].close()
        kept[1].dispose()
    window.close()
    ctx.db.dispose()
    print_table(label, figures)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work-orders", type=int, default=100_000)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    today = date.today()
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    path = folder / "history.db"
    measure("SQLite", f"sqlite:///{path}", str(path), None, folder, args.work_orders, today)
    server = os.environ.get("DISPATCH_CONSOLE_TEST_PG")
    if server:
        name = f"dc_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(f"{server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = f"{server.rstrip('/')}/{name}".replace("postgresql://", "postgresql+psycopg://")
        try:
            pg_folder = folder / "pg"
            pg_folder.mkdir()
            measure("PostgreSQL", url, None, url, pg_folder, args.work_orders, today)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        print("\nPostgreSQL: not measured; set DISPATCH_CONSOLE_TEST_PG=postgresql+psycopg://user@host:port")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
