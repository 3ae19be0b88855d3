"""Generation budget: 5,000 plans over a year's horizon within 2x of dateutil alone.

Builds 5,000 active plans of a contractor's usual mix (monthly, quarterly, every 2 months,
half-yearly, yearly, weekly and fortnightly on chosen weekdays, the last Friday, the second
Tuesday; a few in after-completion mode), then times one ``pm run`` over a year: every
occurrence due by today + 365 days is made into a work order with its checklist, skills and
audit entry, in one transaction. Beside it: dateutil alone expanding the same rules over the
same year (``rrulestr(...).between``), with no database at all. The budget is the ratio.
Below them, the database's own share: the very rows the run wrote, written again into a twin
database by the driver alone (COPY on PostgreSQL, executemany on SQLite), table by table.

Run:  python tests/benchmarks/bench_pm_generation.py
      (with DISPATCH_CONSOLE_TEST_PG=postgresql+psycopg://user@host:port set, PostgreSQL too)
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dateutil.rrule import rrulestr  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from dispatch_console.domain.enums import PlanMode  # noqa: E402
from dispatch_console.services import pm_generation  # noqa: E402
from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import models as m  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402
from tests.benchmarks.common import (  # noqa: E402
    PG_SERVER,
    bench_context,
    on_each_database,
    postgresql_url,
    sqlite_url,
)

PLANS = 5_000
BUDGET_RATIO = 2.0
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)
HORIZON = 365
RULES = [
    ("FREQ=MONTHLY;BYMONTHDAY=1", 30),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", 20),
    ("FREQ=MONTHLY;INTERVAL=2", 10),
    ("FREQ=MONTHLY;INTERVAL=6", 10),
    ("FREQ=YEARLY", 10),
    ("FREQ=MONTHLY;BYDAY=-1FR", 6),
    ("FREQ=MONTHLY;BYDAY=2TU", 6),
    ("FREQ=WEEKLY;BYDAY=MO", 4),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", 4),
]
CHECKLISTS = [
    ("Replace filters", "Check belts and pulleys", "Clean condenser coil", "Record refrigerant pressures"),
    ("Test emergency lighting", "Inspect panel", "Thermal scan"),
    ("Flush water heater", "Test relief valve"),
]


def fill(ctx: ServiceContext, rnd: random.Random) -> list[tuple[str, datetime]]:
    """5,000 plans across 500 sites; returns each plan's rule and start for the dateutil run."""
    rules = [rule for rule, weight in RULES for _ in range(weight)]
    made: list[tuple[str, datetime]] = []
    with ctx.write("bench") as uow:
        uow.add(m.Company(id=1, name="Bench", timezone="America/Chicago", currency="USD",
                          tax_rate=Decimal("8.25"), payment_terms_days=30))
        hvac, elec = m.Skill(code="HVAC", name="HVAC"), m.Skill(code="ELEC", name="Electrical")
        uow.add_all([hvac, elec])
        customer = m.Customer(code="C1", name="Bench customer")
        uow.add(customer)
        sites = [m.Site(code=f"S{i:04}", name=f"Site {i}", address=f"{i} Main St", customer=customer)
                 for i in range(500)]
        uow.add_all(sites)
        for i in range(PLANS):
            rule = rnd.choice(rules)
            start = datetime(2026, 12, 1 + rnd.randrange(27), rnd.choice((7, 8, 9, 13)), 0)
            made.append((rule, start))
            uow.add(m.PmPlan(
                code=f"PM-{i:05}", site=sites[i % len(sites)], summary=f"Preventive maintenance {i}",
                checklist=list(rnd.choice(CHECKLISTS)), estimated_hours=Decimal(rnd.choice(("1", "1.5", "2"))),
                rrule=rule, start_wall=start, lead_days=rnd.choice((0, 7, 14)),
                mode=PlanMode.AFTER_COMPLETION if i % 20 == 0 else PlanMode.FIXED, active=True,
                required_skills=[hvac] if i % 3 else [hvac, elec],
            ))
    return made


def dateutil_alone(plans: list[tuple[str, datetime]]) -> tuple[float, int]:
    """The same rules expanded over the same year by dateutil, nothing else."""
    end = datetime(2027, 11, 26, 23, 59) + timedelta(days=14)
    t = time.perf_counter()
    count = 0
    for rule, start in plans:
        count += len(rrulestr(rule, dtstart=start).between(start, end, inc=True))
    return time.perf_counter() - t, count


#: What one run writes, table by table, in the order a bare insert must write it.
WRITTEN = (
    ("work_order", "SELECT * FROM work_order ORDER BY id"),
    ("checklist_item", "SELECT * FROM checklist_item ORDER BY id"),
    ("work_order_skill", "SELECT * FROM work_order_skill ORDER BY work_order_id, skill_id"),
    ("audit_log", "SELECT * FROM audit_log WHERE action = 'Generate recurring work' ORDER BY id"),
)


def bare_insert(source: Database, target: Database) -> dict[str, float]:
    """The database's own time: the rows the run wrote in ``source``, written again into
    ``target`` (the same plans, nothing generated) by the driver alone in one transaction,
    COPY on PostgreSQL and executemany on SQLite, with every index, key and constraint."""
    times: dict[str, float] = {}
    read, write = source.engine.raw_connection(), target.engine.raw_connection()
    try:
        if target.engine.dialect.name == "sqlite":
            write.cursor().execute("BEGIN IMMEDIATE")  # the console's connections autocommit
        start = time.perf_counter()
        for table, query in WRITTEN:
            if target.engine.dialect.name == "postgresql":
                data = bytearray()
                with read.cursor().copy(f"COPY ({query}) TO STDOUT") as out:  # type: ignore[attr-defined]
                    for chunk in out:
                        data += chunk
                t = time.perf_counter()
                with write.cursor().copy(f"COPY {table} FROM STDIN") as into:  # type: ignore[attr-defined]
                    into.write(data)
            else:
                rows = read.cursor().execute(query).fetchall()  # type: ignore[func-returns-value]
                t = time.perf_counter()
                marks = ", ".join(["?"] * len(rows[0]))
                write.cursor().executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            times[table] = time.perf_counter() - t
        t = time.perf_counter()
        write.commit()
        times["commit"] = time.perf_counter() - t
        times["total"] = sum(times.values())
        times["read back (not counted)"] = time.perf_counter() - start - times["total"]
    finally:
        read.close()
        write.close()
    return times


@contextmanager
def fresh_url(like: str) -> Iterator[str]:
    """Another new database on the same server (or SQLite) as ``like``."""
    if like.startswith("sqlite"):
        with sqlite_url("pm-bare") as url:
            yield url
        return
    with postgresql_url(os.environ[PG_SERVER]) as url:
        yield url


def measure(label: str, url: str) -> bool:
    ctx = bench_context(url, NOW)
    db = ctx.db
    plans = fill(ctx, random.Random(9))
    bare, occurrences = dateutil_alone(plans)
    t = time.perf_counter()
    report = pm_generation.generate(ctx, as_of=TODAY + timedelta(days=HORIZON))
    ours = time.perf_counter() - t
    with db.read() as uow:
        items = uow.session.scalar(select(func.count()).select_from(m.ChecklistItem))
    again = time.perf_counter()
    assert pm_generation.generate(ctx, as_of=TODAY + timedelta(days=HORIZON)).created == ()
    rerun = time.perf_counter() - again
    with fresh_url(url) as other:
        twin = bench_context(other, NOW)
        fill(twin, random.Random(9))
        floor = bare_insert(db, twin.db)
        twin.db.dispose()
    db.dispose()
    ratio = ours / bare
    print(f"\n{label}: {PLANS:,} plans, a year's horizon")
    print(f"  pm run (rules, {len(report.created):,} work orders, {items:,} checklist items, audit): {ours:6.2f} s")
    print(f"  dateutil alone, same rules over the same year ({occurrences:,} occurrences):  {bare:6.2f} s")
    print(f"  ratio {ratio:.2f} (budget {BUDGET_RATIO:.1f}); a second run right after makes nothing in {rerun:.2f} s")
    how = "COPY" if db.engine.dialect.name == "postgresql" else "executemany"
    print(f"  the same rows written bare ({how}, one transaction): {floor['total']:6.2f} s, "
          f"ratio {floor['total'] / bare:.2f} to dateutil alone, the run {ours / floor['total']:.2f} times it")
    print("    " + ", ".join(f"{table} {seconds:.2f} s" for table, seconds in floor.items() if table != "total"))
    return ratio <= BUDGET_RATIO


def main() -> int:
    ok = on_each_database("pm", measure)
    print(f"\nbudget: within {BUDGET_RATIO:.0f}x of dateutil alone:", "held" if ok else "NOT held")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
