"""The record lists' first screen and the histories over ten years of history (issue #11's list
budget: 100 ms).

Usage: python -m tests.benchmarks.bench_record_lists [HISTORY.sqlite]

HISTORY.sqlite is a history built by tests/benchmarks/history.py (default /tmp/hist/h.sqlite;
a copy is made and upgraded, the file given is not written). With DISPATCH_CONSOLE_TEST_PG set
to a server, a history of 100,000 work orders is also built there (a database made for the run
and dropped after it) and measured the same way. For each list and action (open, a sort
change, a filter change, a search) it prints the time to the first screen of the Qt model on a
real table, and for each history the time to read it, beside the same page in raw SQL on the
driver's own connection (ORDER BY ... LIMIT) in the same run: best of five, wall clock and this
process's CPU time (on a busy machine the CPU time is close to what a quiet one takes).
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
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from dispatch_console.services import billing, record_history, record_lists  # noqa: E402
from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import schema  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402
from dispatch_console.ui.billing.table_models import FILTERS, InvoiceColumn, InvoicesModel  # noqa: E402
from dispatch_console.ui.records.history import HistoryPane  # noqa: E402
from dispatch_console.ui.records.page import ASSET_COLUMNS, CUSTOMER_COLUMNS, SITE_COLUMNS  # noqa: E402
from dispatch_console.ui.records.table import Pages, RecordList  # noqa: E402
from tests.benchmarks.common import PG_SERVER, analyze, postgresql_url  # noqa: E402

BUDGET_MS = 100.0
Case = tuple[str, Callable[[], Any], Callable[[], Any]]


def best(run: Callable[[], object], times: int = 5, before: Callable[[], object] | None = None) -> tuple[
    float, float
]:
    """The best wall time of ``times`` runs and the best time this process spent on the CPU (ms):
    on a busy machine the second is close to what a quiet one takes. ``before`` (not timed) puts
    the screen back where each run starts from."""
    wall, cpu = [], []
    for _ in range(times):
        if before is not None:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return min(wall), min(cpu)


def _lists(ctx: ServiceContext) -> tuple[RecordList[Any], RecordList[Any], RecordList[Any]]:
    """The records page's three long lists, as the page makes them."""
    def pages(name: str, sorts: dict[str, str] | None = None) -> Pages[Any]:
        page = getattr(record_lists, f"{name}_page")
        count = getattr(record_lists, f"{name}_count")
        return Pages(lambda q, after, limit: page(ctx, q, after, limit), lambda q: count(ctx, q),
                     sorts or {"Name": "name", "Code": "code"})

    never = lambda _code: None  # noqa: E731
    customers = RecordList("customer", CUSTOMER_COLUMNS, lambda r: r.code, None, never, pages=pages("customer"))
    sites = RecordList("site", SITE_COLUMNS, lambda r: r.code, None, never,
                       pages=pages("site", {"Name": "name", "Code": "code", "Customer": "customer"}))
    assets = RecordList("asset", ASSET_COLUMNS, lambda r: r.code, None, never,
                        pages=pages("asset", {"Name": "name", "Code": "code", "Site": "site", "Customer": "customer"}))
    return customers, sites, assets


def bench(label: str, db: Database) -> None:
    now = datetime.now(UTC)
    ctx = ServiceContext(db=db, actor="bench", clock=lambda: now)
    pg = db.engine.dialect.name == "postgresql"
    raw = db.engine.raw_connection()
    app = QApplication.instance() or QApplication([])
    model = InvoicesModel(ctx)
    table = QTableView()
    table.resize(1200, 800)
    table.setModel(model)
    table.show()
    customers, sites, assets = _lists(ctx)
    for listing in (customers, sites, assets):
        listing.resize(1200, 800)
        listing.show()
    pane = HistoryPane(ctx)
    pane.resize(800, 800)
    pane.show()
    today = billing.today(ctx)
    since = (today - billing.RECENT_INVOICES).isoformat()

    def ci(column: str) -> str:  # a case-blind LIKE's column, as the lists match
        return f"lower({column})" if pg else column

    def screen(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            action()
            app.processEvents()
        return run

    def sql(*queries: str) -> Callable[[], object]:
        def run() -> object:
            cursor = raw.cursor()
            for query in queries:
                cursor.execute(query)
                cursor.fetchall()
            cursor.close()
            return None
        return run

    def typed(listing: RecordList[Any], text: str) -> Callable[[], None]:
        def run() -> None:
            listing.search_edit.setText(text)  # from the list as opened (``cleared``, not timed)
        return run

    def cleared() -> None:
        for listing in (customers, sites, assets):
            listing.search_edit.setText("")
        app.processEvents()

    def by(listing: RecordList[Any], column: int) -> Callable[[], None]:
        def run() -> None:
            header = listing.table.horizontalHeader()
            flipped = Qt.SortOrder.DescendingOrder if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder \
                else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, flipped)
        return run

    cursor = raw.cursor()
    cursor.execute("SELECT c.code, s.code, count(*) FROM work_order w JOIN site s ON s.id = w.site_id "
                   "JOIN customer c ON c.id = s.customer_id GROUP BY c.code, s.code ORDER BY count(*) DESC LIMIT 1")
    busiest_customer, busiest_site, _n = cursor.fetchone()
    cursor.execute(f"SELECT id FROM customer WHERE code = '{busiest_customer}'")
    customer_id = cursor.fetchone()[0]
    cursor.execute(f"SELECT id FROM site WHERE code = '{busiest_site}'")
    site_id = cursor.fetchone()[0]
    cursor.execute("SELECT number, id FROM work_order ORDER BY id DESC LIMIT 1")
    last_number, last_id = cursor.fetchone()
    cursor.close()
    finished = "('completed','verified','invoiced','closed','cancelled')"
    first = "(SELECT min(b.start) FROM booking b WHERE b.work_order_id = w.id)"
    jobs = (f"SELECT w.number, w.status, w.summary, w.created_at, w.completed_at, {first} FROM work_order w "
            "JOIN site s ON s.id = w.site_id WHERE {scope} AND w.status {which} IN " + finished +
            f" ORDER BY coalesce(w.completed_at, {first}, w.created_at) DESC, w.id DESC" + "{limit}")

    def history_sql(scope: str) -> list[str]:
        return [jobs.format(scope=scope, which="NOT", limit=""), jobs.format(scope=scope, which="", limit=" LIMIT 50"),
                f"SELECT count(*) FROM work_order w JOIN site s ON s.id = w.site_id WHERE {scope} AND w.status IN "
                f"{finished}"]

    recent = f"WHERE status IN ('draft','issued') OR issued_on >= '{since}'"
    words = "'%bak%'"
    cases: list[Case] = [
        ("invoices: open (open and recent)", screen(lambda: model.set_query(FILTERS[0].query(today))),
         sql(f"SELECT * FROM invoice {recent} ORDER BY number_sort DESC, id DESC LIMIT 100",
             f"SELECT count(*) FROM invoice {recent}")),
        ("invoices: all, newest first", screen(lambda: model.set_query(FILTERS[1].query(today))),
         sql("SELECT * FROM invoice ORDER BY number_sort DESC, id DESC LIMIT 100", "SELECT count(*) FROM invoice")),
        ("invoices: all, sort by customer", screen(lambda: model.set_query(FILTERS[1].query(today, sort="customer",
                                                                                         descending=False))),
         sql("SELECT invoice.* FROM invoice JOIN customer ON customer.id = invoice.customer_id "
             "ORDER BY customer.name_sort, invoice.id LIMIT 100")),
        ("invoices: all, sort by total (header)", screen(lambda: model.sort(
            InvoiceColumn.TOTAL, Qt.SortOrder.DescendingOrder if model.query.sort == "total"
            and not model.query.descending else Qt.SortOrder.AscendingOrder)),
         sql("SELECT * FROM invoice ORDER BY total_sort, id LIMIT 100")),
        ("invoices: filter overdue", screen(lambda: model.set_query(FILTERS[3].query(today))),
         sql(f"SELECT * FROM invoice WHERE status = 'issued' AND due_on < '{today.isoformat()}' "
             "ORDER BY number_sort DESC, id DESC LIMIT 100")),
        ("invoices: search 'bak' (all)", screen(lambda: model.set_query(FILTERS[1].query(today, text="bak"))),
         sql(f"SELECT * FROM invoice WHERE id IN (SELECT id FROM invoice WHERE {ci('number')} LIKE {words}) OR "
             f"customer_id IN (SELECT id FROM customer WHERE name_sort LIKE {words} OR {ci('code')} LIKE {words}) "
             "OR id IN (SELECT invoice_id FROM invoice_line WHERE work_order_id IN (SELECT id FROM work_order "
             f"WHERE {ci('number')} LIKE {words})) ORDER BY number_sort DESC, id DESC LIMIT 100")),
        ("customers: open (by name)", screen(customers.refresh),
         sql("SELECT * FROM customer ORDER BY name_sort, id LIMIT 100", "SELECT count(*) FROM customer")),
        ("customers: sort by code (header)", screen(by(customers, 0)),
         sql("SELECT * FROM customer ORDER BY code, id LIMIT 100")),
        ("customers: search 'bak'", screen(typed(customers, "bak")),
         sql(f"SELECT * FROM customer WHERE {ci('name')} LIKE {words} OR name_sort LIKE {words} "
             "ORDER BY name_sort, id LIMIT 100")),
        ("sites: open (by name)", screen(sites.refresh),
         sql("SELECT * FROM site JOIN customer c ON c.id = site.customer_id ORDER BY site.name_sort, site.id "
             "LIMIT 100", "SELECT count(*) FROM site")),
        ("sites: sort by customer (header)", screen(by(sites, 2)),
         sql("SELECT * FROM site JOIN customer c ON c.id = site.customer_id "
             "ORDER BY c.name_sort, site.name_sort, site.id LIMIT 100")),
        ("sites: search 'bak'", screen(typed(sites, "bak")),
         sql(f"SELECT * FROM site JOIN customer c ON c.id = site.customer_id WHERE {ci('site.name')} LIKE {words} "
             f"OR {ci('c.name')} LIKE {words} ORDER BY site.name_sort, site.id LIMIT 100")),
        ("assets: open (by name)", screen(assets.refresh),
         sql("SELECT * FROM asset JOIN site s ON s.id = asset.site_id JOIN customer c ON c.id = s.customer_id "
             "ORDER BY asset.name_sort, asset.id LIMIT 100", "SELECT count(*) FROM asset")),
        ("assets: sort by customer (header)", screen(by(assets, 6)),
         sql("SELECT * FROM asset JOIN site s ON s.id = asset.site_id JOIN customer c ON c.id = s.customer_id "
             "ORDER BY c.name_sort, s.name_sort, asset.name_sort, asset.id LIMIT 100")),
        ("assets: search 'bak'", screen(typed(assets, "bak")),
         sql(f"SELECT * FROM asset JOIN site s ON s.id = asset.site_id JOIN customer c ON c.id = s.customer_id "
             f"WHERE {ci('asset.name')} LIKE {words} OR {ci('s.name')} LIKE {words} OR {ci('c.name')} LIKE {words} "
             "ORDER BY asset.name_sort, asset.id LIMIT 100")),
        (f"history: busiest customer {busiest_customer}", screen(lambda: pane.show_history("customer", None) or
                                                               pane.show_history("customer", busiest_customer)),
         sql(*history_sql(f"s.customer_id = {customer_id}"),
             f"SELECT * FROM invoice WHERE customer_id = {customer_id} ORDER BY issued_on DESC, number DESC LIMIT 50")),
        (f"history: busiest site {busiest_site}", screen(lambda: pane.show_history("site", None) or
                                                       pane.show_history("site", busiest_site)),
         sql(*history_sql(f"w.site_id = {site_id}"))),
        (f"work order changes: {last_number}", lambda: record_history.work_order_changes(ctx, last_number),
         sql(f"SELECT * FROM audit_log WHERE entity = 'work_order' AND entity_id = {last_id} "
             "ORDER BY id DESC LIMIT 200")),
    ]
    print(f"\n{label}")
    print(f"{'list, action':40} {'model+view ms (cpu)':>20} {'raw SQL ms (cpu)':>17}  budget {BUDGET_MS:.0f} ms")
    for name, run, bare in cases:
        (wall, cpu), (raw_wall, raw_cpu) = best(run, before=cleared if "search" in name else None), best(bare)
        print(f"{name:40} {wall:9.1f} ({cpu:6.1f}) {raw_wall:8.1f} ({raw_cpu:6.1f})")
    print(f"rows loaded: invoices {model.rowCount()}, customers {customers.model.rowCount()}, sites "
          f"{sites.model.rowCount()}, assets {assets.model.rowCount()}; history of {busiest_site}: "
          f"{len(pane.history.work_orders) if pane.history else 0} work orders shown")
    for widget in (table, customers, sites, assets, pane):
        widget.close()
    raw.close()


def on_sqlite(source: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-lists-"))
    path = folder / "h.sqlite"
    shutil.copyfile(source, path)
    db = Database(f"sqlite:///{path}")
    schema.upgrade(db)
    with sqlite3.connect(path) as conn:
        conn.execute("ANALYZE")
    bench(f"SQLite ({source.name}, upgraded copy)", db)


def on_postgresql(server: str) -> None:
    from tests.benchmarks.history import build_history

    with postgresql_url(server) as url:
        db = Database(url)
        schema.upgrade(db)
        stats = build_history(url)
        with db.engine.begin() as conn:  # the lists' keys, as a bulk writer must (history.py does not yet)
            from sqlalchemy.orm import Session

            from dispatch_console.storage.record_keys import fill_missing_list_keys

            fill_missing_list_keys(Session(bind=conn))
        analyze(db)
        bench(f"PostgreSQL ({stats.rows.get('work_order', 0):,} work orders built for the run)", db)
        db.engine.dispose()


if __name__ == "__main__":
    if not os.environ.get("BENCH_POSTGRESQL_ONLY"):
        on_sqlite(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/hist/h.sqlite"))
    pg_server = os.environ.get(PG_SERVER)
    if pg_server:
        on_postgresql(pg_server)
    else:
        print(f"\nPostgreSQL: not measured; set {PG_SERVER}=postgresql+psycopg://user@host:port")
