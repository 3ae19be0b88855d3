"""The import writes in bulk (issue #11, 3) and is still all or nothing, idempotent and
untouched by a kill: bundles larger than one batch of the writing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from dispatch_console.domain.errors import ConcurrencyConflict
from dispatch_console.services.bundle_import import BundleErrors, import_bundle
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import bundle_store
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from dispatch_console.storage.work_order_keys import KEY_COLUMNS, refresh_list_keys
from tests.services.bundles import database_contents, encoded, read_in_two_layouts

ROOT = Path(__file__).resolve().parents[2]
#: More work orders than fit in two batches of the writing, so the kill lands between batches.
WORK_ORDERS = bundle_store.BATCH * 2 + 500


def big_bundle(work_orders: int = WORK_ORDERS) -> dict[str, bytes]:
    """A version-2 bundle: a company, 20 technicians, sites, and ``work_orders`` work orders, each
    but every tenth booked, with a checklist item each."""
    techs = "".join(f"T{i:02d},Tech {i}\n" for i in range(20))
    sites = "".join(f"S{i},C1,Site {i},{i} Main St\n" for i in range(50))
    orders, bookings, items = [], [], []
    for n in range(work_orders):
        booked = n % 10 != 0
        orders.append(f"WO-{n:06d},corrective,{'scheduled' if booked else 'open'},S{n % 50},Job {n},HVAC\n")
        if booked:
            day, hour = 1 + n % 28, 8 + n % 8
            bookings.append(f"WO-{n:06d},T{n % 20:02d},2026-11-{day:02d}T{hour:02d}:00,2026-11-{day:02d}T{hour:02d}:45\n")
        items.append(f"WO-{n:06d},Check item {n}\n")
    return encoded({
        "bundle.csv": "version\n2\n",
        "company.csv": "name,timezone\nBulk Mechanical,America/Chicago\n",
        "skills.csv": "code,name\nHVAC,Heating and cooling\n",
        "technicians.csv": "code,name\n" + techs,
        "technician_skills.csv": "tech_code,skill_code\n" + "".join(f"T{i:02d},HVAC\n" for i in range(20)),
        "customers.csv": "code,name\nC1,Customer One\n",
        "sites.csv": "code,customer_code,name,address\n" + sites,
        "work_orders.csv": "number,type,status,site_code,summary,required_skills\n" + "".join(orders),
        "bookings.csv": "work_order_number,tech_code,start,end\n" + "".join(bookings),
        "checklist_items.csv": "work_order_number,text\n" + "".join(items),
    })


def test_a_bundle_of_many_batches_imports_whole_with_one_audit_record_per_file(
    ctx: ServiceContext, db: Database
) -> None:
    told: list[tuple[int, int, str]] = []
    report = import_bundle(ctx, big_bundle(), lambda done, total, what: told.append((done, total, what)))

    assert report.files["work_orders.csv"].created == WORK_ORDERS
    assert report.files["bookings.csv"].created == WORK_ORDERS - WORK_ORDERS // 10
    with db.read() as uow:
        assert uow.count(m.WorkOrder) == WORK_ORDERS
        assert uow.count(m.ChecklistItem) == WORK_ORDERS
        wo = uow.work_order("WO-000001", full=True)
        assert [s.code for s in wo.required_skills] == ["HVAC"]
        assert (wo.version, wo.updated_by, wo.priority_rank) == (1, ctx.actor, 2)
        assert [b.technician.code for b in wo.bookings] == ["T01"]
        assert uow.session.query(m.WorkOrder).filter(m.WorkOrder.number_sort.is_(None)).count() == 0
        assert uow.session.query(m.Site).filter(m.Site.name_sort.is_(None)).count() == 0
        assert wo.customer_sort and wo.technicians_sort and "tech 1" in (wo.search_text or "").lower()
        entries = uow.session.query(m.AuditEntry).all()
        assert len(entries) == len(report.files)  # one per file, not one per row and column
        orders = next(e for e in entries if e.details["file"] == "work_orders.csv")
        assert orders.details["summary"] == f"imported {WORK_ORDERS:,} work orders: {WORK_ORDERS:,} created, 0 changed"
    # Progress is told between batches, rising to the whole.
    total = sum(c.created for c in report.files.values())
    assert told[-1] == (total, total, "checklist_items.csv")
    assert [done for done, _t, _w in told] == sorted(done for done, _t, _w in told)
    assert ("work_orders.csv" in {w for _d, _t, w in told}) and len(told) > len(report.files)


def test_importing_the_same_large_bundle_twice_changes_nothing_the_second_time(ctx: ServiceContext) -> None:
    bundle = big_bundle()
    import_bundle(ctx, bundle)
    before = database_contents(ctx)

    report = import_bundle(ctx, bundle)

    assert not report.changed
    assert report.files["work_orders.csv"].unchanged == WORK_ORDERS
    assert report.files["checklist_items.csv"].unchanged == WORK_ORDERS
    assert f"work_orders.csv: 0 created, 0 updated, {WORK_ORDERS} unchanged" in str(report).splitlines()
    assert database_contents(ctx) == before  # no row, version or audit record more


def test_rows_already_there_get_what_changed_in_bulk_with_their_versions_and_keys(
    ctx: ServiceContext, db: Database
) -> None:
    bundle = big_bundle()
    import_bundle(ctx, bundle)
    changed = dict(bundle)
    # Every work order but the first gets a new summary; every second site a new name.
    orders = changed["work_orders.csv"].decode().splitlines(keepends=True)
    changed["work_orders.csv"] = "".join(
        [orders[0], orders[1], *(line.replace(",Job ", ",Ólafur job ") for line in orders[2:])]
    ).encode()
    sites = changed["sites.csv"].decode().splitlines(keepends=True)
    changed["sites.csv"] = "".join(
        [sites[0], *(line.replace(",Site ", ",Éast site ") if n % 2 else line for n, line in enumerate(sites[1:]))]
    ).encode()

    report = import_bundle(ctx, changed)

    assert (report.files["work_orders.csv"].updated, report.files["work_orders.csv"].unchanged) == (WORK_ORDERS - 1, 1)
    assert (report.files["sites.csv"].updated, report.files["sites.csv"].unchanged) == (25, 25)
    assert report.files["bookings.csv"].unchanged == WORK_ORDERS - WORK_ORDERS // 10
    with db.read() as uow:
        first, second = uow.work_order("WO-000000"), uow.work_order("WO-000001")
        assert (first.summary, first.version) == ("Job 0", 1)
        assert (second.summary, second.version, second.updated_by) == ("Ólafur job 1", 2, ctx.actor)
        assert second.summary_sort == "olafur job 1" and "ólafur job 1" in (second.search_text or "").lower()
        stale = uow.session.query(m.WorkOrder).filter(m.WorkOrder.summary.like("Job %")).count()
        assert stale == 1
        site = uow.require(m.Site, "S1")
        assert (site.name, site.name_sort, site.version) == ("Éast site 1", "east site 1", 2)
        assert uow.require(m.Site, "S0").version == 1
        entries = [e.details["summary"] for e in uow.session.query(m.AuditEntry).all()]
        assert f"imported {WORK_ORDERS:,} work orders: 0 created, {WORK_ORDERS - 1:,} changed" in entries
    # Once more: nothing changes (the new values were written, not only held by the session).
    assert not import_bundle(ctx, changed).changed


def stored_keys(db: Database) -> tuple[list[Any], list[Any]]:
    """Every work order's stored list keys and (SQLite) search index, and the same as
    ``refresh_list_keys`` computes them from the rows' sources (that computation rolled back)."""
    def read(uow: Any) -> list[Any]:
        columns = ", ".join(KEY_COLUMNS)
        rows = uow.session.execute(text(f"SELECT id, {columns} FROM work_order ORDER BY id")).all()
        if uow.session.get_bind().dialect.name == "sqlite":
            rows += uow.session.execute(text(f"SELECT rowid, search_text FROM {m.WORK_ORDER_SEARCH} ORDER BY rowid")).all()
        return [tuple(row) for row in rows]

    with db.read() as uow:
        stored = read(uow)
        for column in KEY_COLUMNS:
            uow.session.execute(text(f"UPDATE work_order SET {column} = NULL"))
        refresh_list_keys(uow.session)
        computed = read(uow)
        uow.session.rollback()
    return stored, computed


def test_work_orders_are_inserted_with_the_list_keys_a_refresh_would_store(ctx: ServiceContext, db: Database) -> None:
    import_bundle(ctx, big_bundle(300))
    stored, computed = stored_keys(db)
    assert stored == computed
    assert any(row[6] is not None for row in stored)  # technicians_sort: the bookings are in the keys

    # A site, its customer and a technician renamed by a bundle that leaves their work orders as
    # they are: the keys of those work orders follow.
    renamed = big_bundle(300)
    renamed["customers.csv"] = b"code,name\nC1,Zed Customer\n"
    renamed["sites.csv"] = renamed["sites.csv"].replace(b",Site 3,", b",Aardvark site,")
    renamed["technicians.csv"] = renamed["technicians.csv"].replace(b"Tech 7\n", b"Anna Tech\n")
    report = import_bundle(ctx, renamed)
    assert report.files["work_orders.csv"].unchanged == 300
    stored, computed = stored_keys(db)
    assert stored == computed
    with db.read() as uow:
        wo = uow.work_order("WO-000003")
        assert (wo.site_sort, wo.customer_sort) == ("aardvark site", "zed customer")
        assert "anna tech" in (uow.work_order("WO-000007").search_text or "")


def test_version_1_work_orders_carry_their_booking_in_their_keys(ctx: ServiceContext, db: Database) -> None:
    folder = ROOT / "tests" / "data" / "northwind"
    import_bundle(ctx, {p.name: p.read_bytes() for p in folder.iterdir()})
    stored, computed = stored_keys(db)
    assert stored == computed
    assert any(row[6] is not None for row in stored)


def test_dates_and_instants_written_in_bulk_read_back_as_the_orm_wrote_them(ctx: ServiceContext, db: Database) -> None:
    """The bulk writer's own text for dates and datetimes (COPY on PostgreSQL) stores what an
    ORM insert stores: instants in any zone as UTC to the microsecond, a plan's wall clock as
    it is, a date, and None."""
    import_bundle(ctx, big_bundle(1))
    chicago, kolkata = ZoneInfo("America/Chicago"), ZoneInfo("Asia/Kolkata")
    instants = [
        (datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=chicago), datetime(2026, 11, 1, 2, 15, 0, 1, tzinfo=UTC)),
        (datetime(1999, 12, 31, 23, 59, 59, 999_999, tzinfo=kolkata), datetime(2000, 1, 1, tzinfo=kolkata)),
    ]
    with ctx.write("bulk") as uow:
        tech = uow.require(m.Technician, "T00").id
        bundle_store.insert_values(uow, m.TimeOff, ("technician_id", "start", "end", "reason"), [
            (tech, start, end, "bulk") for start, end in instants
        ])
        for start, end in instants:
            uow.session.add(m.TimeOff(technician_id=tech, start=start, end=end, reason="orm"))
        bundle_store.insert_values(uow, m.Skill, ("code", "name"), [("BULK", "Bulk"), ("ORM", "Orm"), ("NONE", "None")])
    with ctx.write("bulk") as uow:
        ids = {code: uow.require(m.Skill, code).id for code in ("BULK", "ORM", "NONE")}
        bundle_store.insert_values(uow, m.TechnicianSkill, ("technician_id", "skill_id", "certified_until"), [
            (tech, ids["BULK"], date(2031, 2, 28)), (tech, ids["NONE"], None),
        ])
        uow.session.add(m.TechnicianSkill(technician_id=tech, skill_id=ids["ORM"], certified_until=date(2031, 2, 28)))
    with db.read() as uow:
        stored = uow.session.scalars(select(m.TimeOff).order_by(m.TimeOff.id)).all()
        by_reason = {r: [(t.start, t.end) for t in stored if t.reason == r] for r in ("bulk", "orm")}
        assert by_reason["bulk"] == by_reason["orm"] == [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in instants]
        held = {h.skill_id: h.certified_until for h in uow.session.scalars(select(m.TechnicianSkill))}
        assert held[ids["BULK"]] == held[ids["ORM"]] == date(2031, 2, 28)
        assert held[ids["NONE"]] is None


def test_a_row_changed_by_another_pc_since_it_was_read_is_not_overwritten(ctx: ServiceContext, db: Database) -> None:
    import_bundle(ctx, big_bundle(10))
    # Refused as a flush's stale row is: the dispatcher's words, nothing written.
    with pytest.raises(ConcurrencyConflict), ctx.write("bulk update") as uow:
        sites = [uow.require(m.Site, "S1"), uow.require(m.Site, "S2")]
        uow.session.execute(m.Site.__table__.update().where(m.Site.code == "S2").values(version=7))
        for site in sites:
            site.name = "Renamed"
        bundle_store.update_changed(uow, sites)
    with db.read() as uow:
        assert [uow.require(m.Site, code).name for code in ("S1", "S2")] == ["Site 1", "Site 2"]


def test_a_bundle_with_one_bad_row_at_its_end_writes_nothing(ctx: ServiceContext, db: Database) -> None:
    bundle = big_bundle()
    bundle["checklist_items.csv"] += b"WO-999999,Nowhere\n"

    with pytest.raises(BundleErrors) as refused:
        import_bundle(ctx, bundle)

    line = WORK_ORDERS + 2
    assert [str(e) for e in refused.value.errors] == [
        f"checklist_items.csv:{line}: work_order_number: no work order 'WO-999999' in work_orders.csv "
        "or in the database"
    ]
    with db.read() as uow:
        assert (uow.count(m.WorkOrder), uow.count(m.Technician), uow.count(m.AuditEntry)) == (0, 0, 0)
        assert uow.company() is None


def test_a_failure_after_batches_were_written_leaves_the_database_as_it_was(
    ctx: ServiceContext, db: Database
) -> None:
    def fail_after_the_first_work_orders(done: int, _total: int, what: str) -> None:
        if what == "work_orders.csv":
            raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError, match="the disk is full"):
        import_bundle(ctx, big_bundle(), fail_after_the_first_work_orders)

    with db.read() as uow:
        assert (uow.count(m.WorkOrder), uow.count(m.Technician), uow.count(m.AuditEntry)) == (0, 0, 0)


#: A console importing the bundle, stopped for good after the first batch of work orders.
KILLED_PC = """
import sys, time
from pathlib import Path
from dispatch_console.services.bundle_import import import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage.database import Database

url, folder, marker = sys.argv[1:4]

def pause(done, total, what):
    if what == "work_orders.csv":
        Path(marker + ".tmp").write_text(f"{done} of {total}")
        Path(marker + ".tmp").replace(marker)  # whole or not there: the test reads it at once
        while True:
            time.sleep(1)  # killed here, mid-write

import_folder(ServiceContext(db=Database(url), actor="killed"), Path(folder), pause)
sys.exit("the import was not paused")
"""


def test_a_kill_during_the_import_leaves_the_database_as_it_was(
    ctx: ServiceContext, db: Database, db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, data in big_bundle().items():
        (folder / name).write_bytes(data)
    marker = tmp_path / "paused"
    pc = subprocess.Popen([sys.executable, "-c", KILLED_PC, db_url, str(folder), str(marker)], cwd=ROOT,
                          stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert pc.poll() is None, pc.stderr.read() if pc.stderr else ""
            assert time.monotonic() < deadline, "the import never reached its work orders"
            time.sleep(0.05)
        assert marker.read_text().split()[0] != "0"  # rows were written before the kill
    finally:
        pc.send_signal(signal.SIGKILL)
        pc.wait(timeout=60)
        if pc.stderr:
            pc.stderr.close()

    assert pc.returncode == -signal.SIGKILL
    with db.read() as uow:
        assert (uow.count(m.WorkOrder), uow.count(m.Technician), uow.count(m.Site)) == (0, 0, 0)
        assert (uow.count(m.AuditEntry), uow.company()) == (0, None)
    # The database took no harm: the same bundle imports whole now.
    report = import_bundle(ctx, {p.name: p.read_bytes() for p in folder.iterdir()})
    assert report.files["work_orders.csv"].created == WORK_ORDERS


def test_records_of_one_file_in_two_layouts_are_written_alike(ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = big_bundle(300)
    with monkeypatch.context() as patched:
        read_in_two_layouts(patched)
        first = import_bundle(ctx, bundle)
    assert first.files["work_orders.csv"].created == 300
    assert first.files["bookings.csv"].created == 270

    again = import_bundle(ctx, bundle)  # read in one layout: every row is already as it says

    assert not again.changed
