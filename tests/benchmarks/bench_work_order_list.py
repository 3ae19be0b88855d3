"""Work order list budgets over 100,000 work orders (issue #11): first screen after a sort or
filter change, 100 ms; a free-text search, 100 ms.

Builds ten years of history with ``tests/benchmarks/history.py`` (bulk insert), then times the
list's service (``work_order_list.first_page`` + ``count``: what the screen reads after every
click on a header, filter or typed word) for each sort column, the "open and recent" default,
a status filter and a few searches, beside one plain SQL statement through SQLAlchemy Core on
the same database (the first 200 work orders by number, unjoined: the floor of any list).
Prints the median of ``ROUNDS`` runs in milliseconds.

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

from sqlalchemy import create_engine, text  # noqa: E402

from dispatch_console.domain.enums import Status  # noqa: E402
from dispatch_console.services import work_order_list  # noqa: E402
from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.services.work_order_list import SORTABLE, ListQuery  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402
from tests.benchmarks.common import PG_SERVER, postgresql_url, sqlite_url  # noqa: E402
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


def bench(url: str, work_orders: int) -> bool:
    stats = build_history(url, work_orders=work_orders)
    print(f"  history: {stats.work_orders:,} work orders built in {stats.seconds:.1f} s")
    db = Database(url)
    ok = True
    try:
        ctx = ServiceContext(db=db, actor="bench", clock=lambda: _now(db))
        engine = create_engine(url)
        with engine.connect() as conn:
            raw = median_ms(lambda: conn.execute(
                text("SELECT id, number, summary, status FROM work_order ORDER BY number LIMIT 200")
            ).all())
        engine.dispose()
        print(f"  raw SQL, 200 rows by number, unjoined: {raw:7.1f} ms")
        cases: list[tuple[str, ListQuery]] = []
        for sort in SORTABLE:
            cases.append((f"sort by {sort}", ListQuery(sort=sort)))
            cases.append((f"sort by {sort}, descending", ListQuery(sort=sort, descending=True)))
        cases += [
            ("filter: open and recent (default)", ListQuery(whole_history=False, descending=True)),
            ("filter: status open", ListQuery(statuses=frozenset({Status.OPEN}))),
            ("filter: not booked", ListQuery(technician="")),
        ]
        searched = [(f"search {word!r}", ListQuery(text=word)) for word in SEARCHES]
        for title, query in [*cases, *searched]:
            ms = median_ms(first_screen(ctx, query))
            total = work_order_list.count(ctx, query)
            within = ms <= BUDGET_MS
            ok &= within
            print(f"  {title:<40} {ms:7.1f} ms  {'ok  ' if within else 'OVER'} (budget {BUDGET_MS:.0f})"
                  f"  {total:>7,} rows")
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
