"""Work order list budgets over 100,000 work orders (issue #11): first screen after a sort or
filter change, 100 ms; a free-text search, 100 ms.

Builds ten years of history with ``tests/benchmarks/history.py`` (bulk insert), then times the
list's service (``work_order_list.read_page(counted=True)``: the first screenful and its COUNT in
one read, what the screen reads after every click on a header, filter or typed word) for each
sort column, the "open and recent" default, filters and searches, each beside the same work in
raw SQL on the same database (the first 200 ids in the same order and the COUNT with the same
condition, unjoined, through the driver: the floor of any list). Prints the median of
``ROUNDS`` runs in milliseconds, wall clock, and for SQLite (in this process) the CPU time too:
on a machine shared with other work the wall clock is several times the work done.

The history generator inserts by Core without the list's keys, so they are filled after it
twice: by migration 0007's fill (its time is what an upgrade of a 100,000 work order database
pays, rolled back) and by ``work_order_keys.refresh_list_keys`` (what a bulk writer that does
not insert the keys itself pays afterwards).

Run:  python tests/benchmarks/bench_work_order_list.py [--work-orders N] [--database URL]
      (with DISPATCH_CONSOLE_TEST_PG=postgresql+psycopg://user@host:port set, PostgreSQL too;
      --database: an existing database at the newest schema instead of building one)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


from dispatch_console.domain.enums import Status  # noqa: E402
from dispatch_console.services import work_order_list  # noqa: E402
from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.services.work_order_list import SORTABLE, ListQuery  # noqa: E402
from dispatch_console.storage import models as m  # noqa: E402
from dispatch_console.storage import work_order_keys  # noqa: E402
from dispatch_console.storage import work_order_pages as pages  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402
from tests.benchmarks.common import PG_SERVER, analyze, postgresql_url, sqlite_url  # noqa: E402
from tests.benchmarks.history import build_history  # noqa: E402

ROUNDS = 5
BUDGET_MS = 100.0
SEARCHES = ("leak", "wo-10123", "filter replace", "zz-nothing", "ab")


def median_ms(run: Callable[[], object]) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``ROUNDS`` runs, after a warm-up run."""
    run()  # warm: statement caches, the database's pages
    times, cpu = [], []
    for _ in range(ROUNDS):
        started, used = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(times), statistics.median(cpu)


def first_screen(ctx: ServiceContext, query: ListQuery) -> Callable[[], object]:
    def run() -> object:
        return work_order_list.read_page(ctx, query, counted=True)

    return run


def raw_sql(db: Database, ctx: ServiceContext, query: ListQuery) -> Callable[[], object]:
    """The same rows and count as plain SQL text through the driver: 200 ids in the list's order
    (the first run of it) and the COUNT, both with the list's condition."""
    dated = work_order_list._dated(ctx, query)  # noqa: SLF001 - the same "recent" as the list
    with ctx.read() as uow:
        where = pages._filters(uow.session, dated)  # noqa: SLF001
    from sqlalchemy import func, select

    order_cols = [*(getattr(m.WorkOrder, c) for c in m.LIST_ORDERS[query.sort]), m.WorkOrder.number_sort, m.WorkOrder.id]
    order = [c.desc() for c in order_cols] if query.descending else order_cols
    first = select(m.WorkOrder.id).where(*where).order_by(*order).limit(200)
    total = select(func.count()).select_from(m.WorkOrder).where(*where)
    compile_args = {"dialect": db.engine.dialect, "compile_kwargs": {"literal_binds": True}}
    statements = [str(first.compile(**compile_args)), str(total.compile(**compile_args))]  # type: ignore[arg-type]

    def run() -> object:
        with db.engine.connect() as conn:
            return [conn.exec_driver_sql(sql).all() for sql in statements]

    return run


def migration_fill(db: Database) -> float:
    """Seconds migration 0007 takes to fill the keys of every work order (its indexes dropped
    first, as they are made after the fill; all rolled back)."""
    path = Path(__file__).resolve().parents[2] / "dispatch_console/storage/migrations/versions/0007_work_order_list_pages.py"
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with db.engine.connect() as conn:
        # As in the migration, the keys are written before their indexes exist.
        for name in [*(f"ix_work_order_list_{order}" for order in migration.ORDERS), migration.TRGM_INDEX]:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        started = time.perf_counter()
        migration._fill(conn)  # noqa: SLF001
        seconds = time.perf_counter() - started
        conn.rollback()
    return seconds


def bench(url: str, work_orders: int, *, build: bool = True) -> bool:
    db = Database(url)
    ok = True
    try:
        ctx = ServiceContext(db=db, actor="bench", clock=lambda: _now(db))
        if build:
            stats = build_history(url, work_orders=work_orders)
            print(f"  history: {stats.work_orders:,} work orders built in {stats.seconds:.1f} s")
            print(f"  migration 0007's fill of the keys: {migration_fill(db):.1f} s")
            started = time.perf_counter()
            with ctx.write("Benchmark list keys") as uow:
                filled = work_order_keys.refresh_list_keys(uow.session)
            print(f"  refresh_list_keys of {filled:,} work orders: {time.perf_counter() - started:.1f} s"
                  " (a bulk writer that does not insert the keys with its rows)")
        analyze(db)
        cases: list[tuple[str, ListQuery]] = []
        for sort in SORTABLE:
            cases.append((f"sort by {sort}", ListQuery(sort=sort)))
            cases.append((f"sort by {sort}, descending", ListQuery(sort=sort, descending=True)))
        cases += [
            ("filter: open and recent (default)", ListQuery(whole_history=False, descending=True)),
            ("filter: open and recent, by customer", ListQuery(whole_history=False, sort="customer")),
            ("filter: status open", ListQuery(statuses=frozenset({Status.OPEN}))),
            ("filter: status open, by summary", ListQuery(statuses=frozenset({Status.OPEN}), sort="summary")),
            ("filter: a technician", ListQuery(technician=_a_technician(ctx))),
            ("filter: a technician, by customer", ListQuery(technician=_a_technician(ctx), sort="customer")),
            ("filter: not booked", ListQuery(technician="")),
        ]
        searched = [(f"search {word!r}", ListQuery(text=word)) for word in SEARCHES]
        searched += [(f"search {word!r}, open and recent", ListQuery(text=word, whole_history=False))
                     for word in SEARCHES[:2]]
        searched += [("search 'leak', by customer", ListQuery(text="leak", sort="customer"))]
        sqlite = db.engine.dialect.name == "sqlite"
        print(f"  {'first screen + COUNT':<40} {'list':>9} {'(cpu)' if sqlite else '':>8}       {'raw SQL':>9}")
        for title, query in [*cases, *searched]:
            ms, cpu = median_ms(first_screen(ctx, query))
            raw, _raw_cpu = median_ms(raw_sql(db, ctx, query))
            total = work_order_list.count(ctx, query)
            within = ms <= BUDGET_MS
            ok &= within
            used = f"{cpu:6.1f}ms" if sqlite else ""
            print(f"  {title:<40} {ms:7.1f} ms {used:>8} {'ok  ' if within else 'OVER'}  {raw:7.1f} ms"
                  f"  {total:>7,} rows")
        print(f"  (budget {BUDGET_MS:.0f} ms each; goals 30 ms after a sort or filter, 20 ms for a search)")
    finally:
        db.dispose()
    return ok


def _a_technician(ctx: ServiceContext) -> str:
    return work_order_list.technicians_booked(ctx)[0]


def _now(db: Database):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-orders", type=int, default=100_000)
    parser.add_argument("--database", help="an existing database (newest schema) instead of building one")
    args = parser.parse_args()
    if args.database:
        return 0 if bench(args.database, args.work_orders, build=False) else 1
    ok = True
    print("SQLite")
    with sqlite_url("list") as url:
        ok &= bench(url, args.work_orders)
    server = os.environ.get(PG_SERVER)
    if server:
        print("PostgreSQL")
        with postgresql_url(server) as url:
            ok &= bench(url, args.work_orders)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
