"""The record lists' first screen over ten years of history (issue #11's list budget: 100 ms).

Usage: python -m tests.benchmarks.bench_record_lists HISTORY.sqlite

HISTORY.sqlite is a history built by tests/benchmarks/history.py (a copy is made and upgraded;
the file given is not written). For each list and each action (open, a sort change, a filter
change, a search) it prints the time to the first screen of the Qt model on a real table beside
the same page in raw SQL (ORDER BY ... LIMIT) in the same run: best of five.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from dispatch_console.services import billing  # noqa: E402
from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import schema  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402
from dispatch_console.ui.billing.table_models import FILTERS, InvoiceColumn, InvoicesModel  # noqa: E402

BUDGET_MS = 100.0


def best(run: Callable[[], object], times: int = 5) -> tuple[float, float]:
    """The best wall time of ``times`` runs and the best time this process spent on the CPU (ms):
    on a busy machine the second is close to what a quiet one takes."""
    wall, cpu = [], []
    for _ in range(times):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return min(wall), min(cpu)


def main(source: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-lists-"))
    path = folder / "h.sqlite"
    shutil.copyfile(source, path)
    db = Database(f"sqlite:///{path}")
    schema.upgrade(db)
    with sqlite3.connect(path) as conn:
        conn.execute("ANALYZE")
    raw = sqlite3.connect(path)
    now = datetime.now(UTC)
    ctx = ServiceContext(db=db, actor="bench", clock=lambda: now)
    app = QApplication.instance() or QApplication([])
    model = InvoicesModel(ctx)
    table = QTableView()
    table.resize(1200, 800)
    table.setModel(model)
    table.show()
    today = billing.today(ctx)
    since = (today - billing.RECENT_INVOICES).isoformat()

    def screen(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            action()
            app.processEvents()
        return run

    def sql(query: str, *args: object) -> Callable[[], object]:
        return lambda: raw.execute(query, args).fetchall()

    recent = "WHERE status IN ('draft','issued') OR issued_on >= ?"
    cases: list[tuple[str, Callable[[], None], Callable[[], object]]] = [
        ("invoices: open (open and recent)", screen(lambda: model.set_query(FILTERS[0].query(today))),
         sql(f"SELECT * FROM invoice {recent} ORDER BY number_sort DESC, id DESC LIMIT 100", since)),
        ("invoices: all, newest first", screen(lambda: model.set_query(FILTERS[1].query(today))),
         sql("SELECT * FROM invoice ORDER BY number_sort DESC, id DESC LIMIT 100")),
        ("invoices: all, sort by customer", screen(lambda: model.set_query(FILTERS[1].query(today, sort="customer",
                                                                                         descending=False))),
         sql("SELECT invoice.* FROM invoice JOIN customer ON customer.id = invoice.customer_id "
             "ORDER BY customer.name_sort, invoice.id LIMIT 100")),
        ("invoices: all, sort by total (header)", screen(lambda: model.sort(
            InvoiceColumn.TOTAL, Qt.SortOrder.DescendingOrder if model.query.sort == "total"
            and not model.query.descending else Qt.SortOrder.AscendingOrder)),
         sql("SELECT * FROM invoice ORDER BY total_sort, id LIMIT 100")),
        ("invoices: filter overdue", screen(lambda: model.set_query(FILTERS[3].query(today))),
         sql("SELECT * FROM invoice WHERE status = 'issued' AND due_on < ? ORDER BY number_sort DESC, id DESC "
             "LIMIT 100", today.isoformat())),
        ("invoices: search 'bak' (all)", screen(lambda: model.set_query(FILTERS[1].query(today, text="bak"))),
         sql("SELECT * FROM invoice WHERE id IN (SELECT id FROM invoice WHERE number LIKE '%bak%') OR customer_id IN "
             "(SELECT id FROM customer WHERE name_sort LIKE '%bak%' OR code LIKE '%bak%') OR id IN (SELECT invoice_id "
             "FROM invoice_line WHERE work_order_id IN (SELECT id FROM work_order WHERE number LIKE '%bak%')) "
             "ORDER BY number_sort DESC, id DESC LIMIT 100")),
    ]
    print(f"{'list, action':40} {'model+view ms (cpu)':>20} {'raw SQL ms (cpu)':>17}  budget {BUDGET_MS:.0f} ms")
    for name, run, bare in cases:
        (wall, cpu), (raw_wall, raw_cpu) = best(run), best(bare)
        print(f"{name:40} {wall:9.1f} ({cpu:6.1f}) {raw_wall:8.1f} ({raw_cpu:6.1f})  rows loaded "
              f"{model.rowCount()}, count {model.total}")
    table.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/hist/h.sqlite"))
