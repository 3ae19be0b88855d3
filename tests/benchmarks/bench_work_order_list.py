"""Work order list budgets over 100,000 work orders (issue #11): first screen after a sort or
filter change, 100 ms; a free-text search, 100 ms.

Builds ten years of history with ``tests/benchmarks/history.py`` (bulk insert), then times the
list's service (``work_order_list.first_page`` + ``count``: what the screen reads after every
click on a header, filter or typed word) for each sort column, the "open and recent" default,
a status filter and a few searches, each beside the same work in raw SQL on the same database
(the first 200 rows in the same order and the COUNT with the same condition, unjoined, through
the driver: the floor of any list). Prints the median of ``ROUNDS`` runs in milliseconds.

The history generator inserts by Core, around the session that keeps the list's keys, so the
keys are filled after it with ``work_order_keys.refresh_list_keys`` (what a bulk importer
calls); that time is printed too.

Run:  python tests/benchmarks/bench_work_order_list.py [--work-orders N]
      (with DISPATCH_CONSOLE_TEST_PG=postgresql+psycopg://user@host:port set, PostgreSQL too)
"""

from __future__ import annotations

import argparse
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
SEARCHES = ("leak", "wo-10123", "filter replace", "zz-nothing")


def median_ms(run: Callable[[], object]) -> float:
    run()  # warm: statement caches, the database's pages
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def first_screen(ctx: ServiceContext, query: ListQuery) -> Callable[[], object]:
    def run() -> object:
        return work_order_list.first_page(ctx, query), work_order_list.count(ctx, query)

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


def bench(url: str, work_orders: int) -> bool:
    stats = build_history(url, work_orders=work_orders)
    print(f"  history: {stats.work_orders:,} work orders built in {stats.seconds:.1f} s")
    db = Database(url)
    ok = True
    try:
        ctx = ServiceContext(db=db, actor="bench", clock=lambda: _now(db))
        started = time.perf_counter()
        with ctx.write("Benchmark list keys") as uow:
            filled = work_order_keys.refresh_list_keys(uow.session)
        print(f"  list keys filled for {filled:,} work orders in {time.perf_counter() - started:.1f} s"
              " (what a bulk writer pays: refresh_list_keys)")
        analyze(db)
        cases: list[tuple[str, ListQuery]] = []
        for sort in SORTABLE:
            cases.append((f"sort by {sort}", ListQuery(sort=sort)))
            cases.append((f"sort by {sort}, descending", ListQuery(sort=sort, descending=True)))
        cases += [
            ("filter: open and recent (default)", ListQuery(whole_history=False, descending=True)),
            ("filter: open and recent, by customer", ListQuery(whole_history=False, sort="customer")),
            ("filter: status open", ListQuery(statuses=frozenset({Status.OPEN}))),
            ("filter: not booked", ListQuery(technician="")),
        ]
        searched = [(f"search {word!r}", ListQuery(text=word)) for word in SEARCHES]
        searched += [(f"search {word!r}, open and recent", ListQuery(text=word, whole_history=False))
                     for word in SEARCHES[:2]]
        print(f"  {'first screen + COUNT':<40} {'list':>9}        {'raw SQL':>9}")
        for title, query in [*cases, *searched]:
            ms = median_ms(first_screen(ctx, query))
            raw = median_ms(raw_sql(db, ctx, query))
            total = work_order_list.count(ctx, query)
            within = ms <= BUDGET_MS
            ok &= within
            print(f"  {title:<40} {ms:7.1f} ms  {'ok  ' if within else 'OVER'}  {raw:7.1f} ms"
                  f"  {total:>7,} rows")
        print(f"  (budget {BUDGET_MS:.0f} ms each; goals 30 ms after a sort or filter, 20 ms for a search)")
    finally:
        db.dispose()
    return ok


def _now(db: Database):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-orders", type=int, default=100_000)
    args = parser.parse_args()
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
