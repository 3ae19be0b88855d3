"""Bulk import and export of CSV bundles (issue #11, part 3), beside raw SQL doing the same rows.

For SQLite, and PostgreSQL when DISPATCH_CONSOLE_TEST_PG names a server, it prints:

- import of the 11,000-work-order bundle (200 technicians, 10,000 bookings over two weeks,
  1,000 queued: tests/benchmarks/board_data.py, exported) into an empty database, the whole
  command (``main.py import`` in a process of its own), with its peak resident memory, beside
  raw executemany of the same rows (sqlite3 / psycopg);
- import of 100,000 work orders (tests/benchmarks/history.py, ten years, exported), likewise;
- export of those 100,000 work orders (``main.py export``, whole command) beside raw SQL
  SELECT of the same tables written with the csv module (COPY on PostgreSQL).

Each figure is the best of ``--repeat`` runs (the machine's load average is printed beside
them); ``--folder`` keeps the built databases and bundles there and uses them again next time.

Run:  python tests/benchmarks/bench_bundle_import.py [--skip-100k] [--work-orders N] [--repeat N] [--folder DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select  # noqa: E402

from dispatch_console.storage.database import Database  # noqa: E402
from tests.benchmarks.common import PG_SERVER, analyze, postgresql_url  # noqa: E402

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
LIMIT_S = 600

#: A whole command in a process of its own: wall time is measured outside, the peak inside.
COMMAND = """
import sys
sys.path.insert(0, {root!r})
from dispatch_console.app import main
code = main({argv!r})
assert code == 0, code
print([int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])
"""

BUILD_11K = """
import sys
sys.path.insert(0, {root!r})
from datetime import UTC, datetime
from tests.benchmarks.board_data import build_schedule
from tests.benchmarks.common import bench_context
ctx = bench_context({url!r}, datetime(2026, 11, 1, tzinfo=UTC))
build_schedule(ctx)
ctx.db.dispose()
"""

BUILD_HISTORY = """
import sys
sys.path.insert(0, {root!r})
from datetime import date
from tests.benchmarks.history import build_history
build_history({url!r}, work_orders={orders}, today=date(2026, 11, 27))
"""

MIGRATE = """
import sys
sys.path.insert(0, {root!r})
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
db = Database({url!r})
schema.upgrade(db)
db.dispose()
"""

#: The bundle's tables, parents first (for the raw import and export).
TABLES = ["company", "counter", "skill", "technician", "technician_skill", "time_off", "customer", "site",
          "service_agreement", "asset", "part", "pm_plan", "pm_plan_skill", "work_request", "work_order",
          "work_order_skill", "booking", "checklist_item", "planned_part", "labor_entry", "part_used", "note",
          "attachment", "signature", "scope_change", "invoice", "invoice_line"]


def run(code: str) -> tuple[float, float]:
    """Wall seconds of a whole process and the peak resident MB it printed last."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV,
                          timeout=LIMIT_S, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    words = done.stdout.split()
    return wall, float(words[-1]) if words else 0.0


def command(url: str, *argv: str) -> tuple[float, float]:
    return run(COMMAND.format(root=str(ROOT), argv=["--db", url, *argv]))


def migrated(url: str) -> None:
    run(MIGRATE.format(root=str(ROOT), url=url))


def raw_import(source: Path, url: str) -> float:
    """The source's rows written into the migrated empty database at ``url`` by plain executemany."""
    src = sqlite3.connect(source)
    tables = [t for t in TABLES if src.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]
    if url.startswith("sqlite"):
        start = time.perf_counter()
        dst = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        dst.execute("PRAGMA foreign_keys = ON")
        dst.execute("BEGIN")
        for table in tables:
            cur = src.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cur.description]
            dst.execute(f'DELETE FROM "{table}"')
            names = ", ".join(f'"{c}"' for c in columns)
            dst.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', cur)
        dst.execute("COMMIT")
        dst.close()
        return time.perf_counter() - start
    import psycopg
    from psycopg.types.json import Json

    from dispatch_console.storage import models as m

    engine = create_engine(f"sqlite:///{source}")
    start = time.perf_counter()
    with engine.connect() as conn, psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as pg:
        for table in tables:
            sa_table = m.Base.metadata.tables[table]
            result = conn.execute(select(sa_table))
            columns = list(result.keys())
            names = ", ".join(f'"{c}"' for c in columns)
            with pg.cursor() as pg_cur:
                pg_cur.execute(f'DELETE FROM "{table}"')
                pg_cur.executemany(
                    f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(columns))})',
                    [tuple(Json(v) if isinstance(v, (list, dict)) else v for v in row) for row in result],
                )
        pg.commit()
    engine.dispose()
    return time.perf_counter() - start


def raw_export(url: str, out: Path) -> float:
    """The same tables read by plain SQL and written with the csv module (COPY on PostgreSQL)."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        for table in TABLES:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            with open(out / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow([d[0] for d in cur.description])
                writer.writerows(cur)
        conn.close()
    else:
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as pg:
            for table in TABLES:
                with open(out / f"{table}.csv", "wb") as f, pg.cursor() as pg_cur, \
                        pg_cur.copy(f'COPY "{table}" TO STDOUT WITH (FORMAT csv, HEADER)') as copy:
                    for data in copy:
                        f.write(data)
    return time.perf_counter() - start


def at_rest(url: str) -> None:
    """PostgreSQL: the previous run's dirty pages written and autovacuum done (at most a minute),
    so a timed run does not pay for the one before it."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("CHECKPOINT")
        for _ in range(120):
            busy = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            ).scalar_one()
            if not busy:
                break
            time.sleep(0.5)
    engine.dispose()


def line(name: str, ours: tuple[float, float], bare: float, budget: str, goal: str) -> dict[str, Any]:
    text = (f"  {name:<40} {ours[0]:6.1f} s {ours[1]:6.0f} MB   raw SQL {bare:5.1f} s   "
            f"budget {budget}, goal {goal}   (load {os.getloadavg()[0]:.1f})")
    print(text, flush=True)
    return {"figure": name, "seconds": round(ours[0], 2), "peak_mb": round(ours[1]), "raw_s": round(bare, 2)}


def measure(
    label: str, make_url: Any, folder: Path, sources: dict[str, Path], bundles: dict[str, Path], repeat: int = 1
) -> list[Any]:
    """Each figure the best of ``repeat`` runs (ours and raw SQL each their own best)."""
    print(f"\n{label}", flush=True)
    figures = []
    for key, name, budget, goal in (
        ("11k", "import 11,000 work orders", "4 s", "2 s"),
        ("100k", "import 100,000 work orders", "30 s, 500 MB", "15 s, 200 MB"),
    ):
        if key not in bundles:
            continue
        runs: list[tuple[float, float]] = []
        bares: list[float] = []
        exports: list[tuple[float, float]] = []
        raw_exports: list[float] = []
        for _ in range(repeat):
            with make_url(f"{key}_ours") as ours_url, make_url(f"{key}_raw") as raw_url:
                migrated(ours_url)
                migrated(raw_url)
                at_rest(ours_url)
                runs.append(command(ours_url, "import", str(bundles[key])))
                at_rest(raw_url)
                bares.append(raw_import(sources[key], raw_url))
                if key == "100k":
                    for url in (ours_url, raw_url):  # the planner's statistics, as autovacuum has them a minute on
                        db = Database(url)
                        analyze(db)
                        db.dispose()
                    out = folder / f"export-{label}"
                    shutil.rmtree(out, ignore_errors=True)
                    exports.append(command(ours_url, "export", str(out)))
                    raw_exports.append(raw_export(raw_url, folder / f"raw-export-{label}"))
        figures.append(line(name, min(runs), min(bares), budget, goal))
        if exports:
            figures.append(line("export 100,000 work orders", min(exports), min(raw_exports), "10 s", "5 s"))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--work-orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the best is printed")
    parser.add_argument("--folder", type=Path, help="keep the databases and bundles here, and use them again")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    folder.mkdir(parents=True, exist_ok=True)
    sources = {"11k": folder / "eleven.db"}
    if not args.skip_100k:
        sources["100k"] = folder / "history.db"
    bundles = {}
    for key, source in sources.items():
        bundles[key] = folder / f"bundle-{key}"
        if (bundles[key] / "work_orders.csv").is_file():
            continue
        if key == "11k":
            run(BUILD_11K.format(root=str(ROOT), url=f"sqlite:///{source}"))
        else:
            run(BUILD_HISTORY.format(root=str(ROOT), url=f"sqlite:///{source}", orders=args.work_orders))
        command(f"sqlite:///{source}", "export", str(bundles[key]))
    for source in sources.values():
        migrated(f"sqlite:///{source}")  # a schema newer than the kept source's: the raw import reads it
    print(f"bundles in {folder} (made {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {date.today()}); "
          f"best of {args.repeat}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    from contextlib import contextmanager

    @contextmanager
    def sqlite_file(name: str) -> Any:
        path = folder / f"{name}.db"
        for leftover in (path, path.with_suffix(".db-wal"), path.with_suffix(".db-shm")):
            leftover.unlink(missing_ok=True)  # each run into an empty database
        yield f"sqlite:///{path}"

    results = {"SQLite": measure("SQLite", sqlite_file, folder, sources, bundles, args.repeat)}
    server = os.environ.get(PG_SERVER)
    if server:
        results["PostgreSQL"] = measure(
            "PostgreSQL", lambda _n: postgresql_url(server), folder, sources, bundles, args.repeat
        )
    else:
        print(f"\nPostgreSQL: not measured; set {PG_SERVER}=postgresql+psycopg://user@host:port")
    (folder / "figures.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
