"""CSV bundle import: the Northwind sample, idempotence, and every refusal with its exact message."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.enums import Priority, Status
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import local_zone_name
from dispatch_console.services.bundle_export import export_bundle
from dispatch_console.services.bundle_import import (
    BUNDLE_FILES_V1,
    BundleError,
    BundleErrors,
    ImportReport,
    import_bundle,
    import_folder,
)
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.services.bundles import Refuse, encoded, refusing, state


def read_bundle(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


@pytest.fixture
def refuse(tmp_path: Path) -> Refuse:
    return refusing(tmp_path)


@pytest.fixture
def northwind(ctx: ServiceContext, sample_bundle: Path) -> ServiceContext:
    """The sample company imported: rows already in the database for references and upserts."""
    import_folder(ctx, sample_bundle)
    return ctx


# -- the sample ------------------------------------------------------------------------------------
def test_northwind_sample_imports(ctx: ServiceContext, db: Database, sample_bundle: Path) -> None:
    report = import_folder(ctx, sample_bundle)

    assert {name: c.created for name, c in report.files.items()} == {
        "company.csv": 1, "skills.csv": 6, "technicians.csv": 6, "customers.csv": 4,
        "sites.csv": 8, "assets.csv": 16, "parts.csv": 6, "work_orders.csv": 14, "labor.csv": 3,
        "parts_used.csv": 3, "pm_plans.csv": 3,
    }
    assert "sites.csv: 8 created, 0 updated, 0 unchanged" in str(report).splitlines()
    with db.read() as uow:
        entries = uow.session.query(m.AuditEntry).all()
        # One record per imported file with its counts, not one per column of every row.
        assert {(e.change, e.action, e.entity_id) for e in entries} == {("bulk", "Import CSV bundle", None)}
        assert {e.details["file"]: e.details["created"] for e in entries} == {
            name: c.created for name, c in report.files.items()
        }
        sites = next(e for e in entries if e.details["file"] == "sites.csv")
        assert (sites.entity, sites.details["summary"]) == ("site", "imported 8 sites: 8 created, 0 changed")
        assert uow.count(m.Booking) == 10
        assert uow.count(m.TechnicianSkill) == 12
        company = uow.company()
        assert company is not None
        assert company.address == "1200 Commerce St\nDallas, TX 75202"  # quoted, two lines
        assert company.timezone == "America/Chicago"
        assert company.tax_rate == Decimal("8.25")
        r410a = uow.require(m.Part, "R410A")
        assert isinstance(r410a.unit_price, Decimal) and r410a.unit_price == Decimal("28.40")
        assert uow.require(m.Customer, "C0001").tax_rate == Decimal(0)  # tax-exempt, not "no rate"
        assert uow.require(m.Customer, "C0002").tax_rate is None
        kai = uow.require(m.Technician, "T001")
        assert sorted(held.skill.code for held in kai.skills) == ["CTRL", "HVAC"]
        assert (kai.shift_start, kai.shift_end, kai.workdays) == (time(7), time(16), "Mon;Tue;Wed;Thu;Fri")
        assert kai.home_lat == 32.89276

        plan = uow.require(m.PmPlan, "PM-RTU-Q")
        assert plan.start_wall == datetime(2026, 1, 5, 8, 0)  # wall clock, naive, as written
        assert plan.checklist[1] == "Check belts"
        assert [s.code for s in plan.required_skills] == ["HVAC"]
        assert plan.preferred_technician is not None and plan.preferred_technician.code == "T001"

        wo = uow.work_order("WO-1001", full=True)
        assert wo.status == Status.SCHEDULED and wo.priority == Priority.HIGH and wo.priority_rank == 1
        assert [(b.technician.code, b.start, b.end) for b in wo.bookings] == [
            ("T001", datetime(2026, 12, 7, 14, 0, tzinfo=UTC), datetime(2026, 12, 7, 16, 0, tzinfo=UTC))
        ]
        assert wo.due_by == datetime(2026, 12, 10, 23, 0, tzinfo=UTC)  # 17:00 CST
        assert wo.created_at == ctx.now()  # empty created_at: the time of the import
        assert wo.completed_at is None
        assert uow.work_order("WO-1003").priority_rank == 0

        done = uow.work_order("WO-1013", full=True)
        assert [(e.note, e.billable) for e in done.labor] == [("Travel", False), ("Replaced contactor", True)]
        assert done.completed_at == datetime(2026, 11, 20, 17, 50, tzinfo=UTC)  # the last labor's end
        used = {p.part.sku: (p.quantity, p.unit_price) for p in uow.work_order("WO-1014", full=True).parts_used}
        assert used == {"F-2020": (Decimal(4), Decimal("11.00"))}


def test_new_work_order_numbers_skip_the_imported_ones(northwind: ServiceContext) -> None:
    with northwind.write("Number") as uow:
        assert uow.next_number("WO", "WO-", m.WorkOrder) == "WO-1015"


def test_bom_and_lf_line_ends_import_like_the_crlf_original(
    ctx: ServiceContext, db: Database, sample_bundle: Path, tmp_path: Path
) -> None:
    original = read_bundle(sample_bundle)
    assert all(b"\r\n" in data for data in original.values())  # the sample is CRLF
    variant = {name: b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n") for name, data in original.items()}
    import_bundle(ctx, variant)
    from_variant = export_bundle(ctx)

    other = tmp_path / "again"
    other.mkdir()
    for name, data in original.items():
        (other / name).write_bytes(data)
    report = import_folder(ctx, other)
    assert not report.changed
    assert export_bundle(ctx) == from_variant
    with db.read() as uow:
        assert uow.company().name == "Northwind Mechanical"  # type: ignore[union-attr]


def test_importing_twice_changes_nothing(
    ctx: ServiceContext, clock: Any, sample_bundle: Path
) -> None:
    import_folder(ctx, sample_bundle)
    before = state(ctx)
    heard: list[Changes] = []
    ctx.subscribe(heard.append)
    clock.advance(hours=3)  # empty created_at must not become "now" again

    report = import_folder(ctx, sample_bundle)

    assert not report.changed
    assert all(c.created == c.updated == c.removed == 0 for c in report.files.values())
    assert report.files["work_orders.csv"].unchanged == 14
    assert report.files["labor.csv"].unchanged == 3
    assert state(ctx) == before  # same data, no audit entries, no version bumps
    assert heard == []


def test_importing_its_own_export_changes_nothing(northwind: ServiceContext) -> None:
    before = state(northwind)
    report = import_bundle(northwind, export_bundle(northwind))
    assert not report.changed
    assert state(northwind) == before


def test_views_are_told_what_changed(ctx: ServiceContext, sample_bundle: Path) -> None:
    heard: list[Changes] = []
    ctx.subscribe(heard.append)
    import_folder(ctx, sample_bundle)
    assert len(heard) == 1
    assert {"company", "technician", "customer", "part", "work_order", "booking", "pm_plan"} <= heard[0].entities
    assert "WO-1013" in heard[0].work_orders


def test_an_update_changes_only_what_differs(northwind: ServiceContext, db: Database) -> None:
    with db.read() as uow:
        audit_before = uow.count(m.AuditEntry)
        version = uow.require(m.Part, "F-2020").version
    report = import_bundle(northwind, encoded({
        "parts.csv": "sku,description,unit_price,unit\nF-2020,Pleated filter 20x20x2,13.00,ea\n"
                     "BLT-A42,V-belt A42,18.75,ea\n",
    }))
    assert (report.files["parts.csv"].updated, report.files["parts.csv"].unchanged) == (1, 1)
    with db.read() as uow:
        part = uow.require(m.Part, "F-2020")
        assert part.unit_price == Decimal("13.00") and part.version == version + 1
        entries = uow.session.query(m.AuditEntry).order_by(m.AuditEntry.id).all()[audit_before:]
        assert [(e.entity, e.change, e.details, e.action) for e in entries] == [
            ("part", "bulk", {"file": "parts.csv", "created": 0, "updated": 1, "unchanged": 1, "removed": 0,
                              "summary": "imported 2 parts: 0 created, 1 changed"}, "Import CSV bundle")
        ]


def test_a_column_left_out_keeps_what_the_database_has(northwind: ServiceContext, db: Database) -> None:
    report = import_bundle(northwind, encoded({"technicians.csv": "code,name\nT001,Kai Schmidt-Berg\n"}))
    assert report.files["technicians.csv"].updated == 1
    with db.read() as uow:
        kai = uow.require(m.Technician, "T001")
        assert kai.name == "Kai Schmidt-Berg"
        assert kai.phone == "214-555-1000" and kai.hourly_rate == Decimal("85.00")
        assert sorted(held.skill.code for held in kai.skills) == ["CTRL", "HVAC"]
        assert kai.shift_start == time(7)


def test_an_empty_cell_means_no_value_or_the_default(northwind: ServiceContext, db: Database) -> None:
    import_bundle(northwind, encoded({
        "technicians.csv": "code,name,phone,skills,shift_start,shift_end,workdays,active\n"
                           "T001,Kai Schmidt,,,,,,\n",
    }))
    with db.read() as uow:
        kai = uow.require(m.Technician, "T001")
        assert kai.phone is None and kai.skills == []
        assert (kai.shift_start, kai.shift_end, kai.workdays, kai.active) == (
            time(8), time(17), "Mon;Tue;Wed;Thu;Fri", True
        )


def test_lenient_spellings_the_spec_allows(ctx: ServiceContext, db: Database) -> None:
    long_code = "C" * 40
    import_bundle(ctx, encoded({
        "company.csv": "Name , TimeZone\nAcme Mechanical,Europe/Berlin\n",
        "skills.csv": " CODE ,name\nHVAC,HVAC service\n,\n",  # an empty row is skipped
        "technicians.csv": "code,name,skills,workdays,active,home_lat,home_lon,hourly_rate\n"
                           "T1,Ana Reyes, HVAC ;,sat;SUN,YES,-90,180,85.1250\n"
                           "T2,Ben Ode\n",  # fewer cells than columns: the rest are empty
        "customers.csv": f"code,name,tax_rate\n{long_code},Exempt Inc,0\nFULL,Full Tax,100\n",
        "sites.csv": f"code,customer_code,name,address\nS1,{long_code},Depot,\"1 Road, \"\"East\"\"\"\n",
        "parts.csv": "sku,description,unit_price\nP1,Screw,0.0001\n",
        "work_orders.csv": "number,type,priority,status,site_code,summary,due_by,created_at\n"
                           "W1,Corrective,HIGH,In_Progress,S1,Fix,2026-12-01 09:30:15,2026-11-01T08:00Z\n",
        "parts_used.csv": "work_order_number,sku,quantity\nW1,P1,0.0001\n",
        "pm_plans.csv": "code,site_code,summary,rrule,start\n"
                        "PM1,S1,Check,RRULE:FREQ=WEEKLY;BYDAY=MO,2026-03-02T09:00+01:00\n",
    }))
    with db.read() as uow:
        assert uow.company().timezone == "Europe/Berlin"  # type: ignore[union-attr]
        ana = uow.require(m.Technician, "T1")
        assert (ana.workdays, ana.active, ana.home_lat, ana.home_lon) == ("Sat;Sun", True, -90.0, 180.0)
        assert ana.hourly_rate == Decimal("85.125")
        assert [held.skill.code for held in ana.skills] == ["HVAC"]
        assert uow.require(m.Technician, "T2").skills == []
        assert uow.require(m.Customer, long_code).tax_rate == 0
        assert uow.require(m.Site, "S1").address == '1 Road, "East"'
        wo = uow.work_order("W1")
        assert (wo.type, wo.priority, wo.status) == ("corrective", "high", "in_progress")
        assert wo.due_by == datetime(2026, 12, 1, 8, 30, 15, tzinfo=UTC)  # Berlin wall clock
        assert wo.created_at == datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
        plan = uow.require(m.PmPlan, "PM1")
        assert (plan.rrule, plan.start_wall) == ("FREQ=WEEKLY;BYDAY=MO", datetime(2026, 3, 2, 9, 0))


def test_wall_clock_is_the_zone_of_the_bundle_else_of_the_database(northwind: ServiceContext, db: Database) -> None:
    row = "tech_code,start,end\nT001,2026-12-01T09:00,2026-12-01T10:00\n"
    import_bundle(northwind, encoded({"time_off.csv": row}))
    with db.read() as uow:
        assert uow.require(m.Technician, "T001").time_off[0].start == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    import_bundle(northwind, encoded({
        "company.csv": "name,timezone\nNorthwind Mechanical,Europe/Berlin\n", "time_off.csv": row,
    }))
    with db.read() as uow:
        assert uow.require(m.Technician, "T001").time_off[0].start == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_company_defaults(ctx: ServiceContext, db: Database) -> None:
    import_bundle(ctx, encoded({"company.csv": "name\nAcme\n"}))
    with db.read() as uow:
        company = uow.company()
        assert company is not None
        assert (company.timezone, company.currency, company.payment_terms_days, company.tax_rate) == (
            local_zone_name(), "USD", 30, None
        )


def test_a_reference_to_a_row_already_in_the_database_is_allowed(northwind: ServiceContext, db: Database) -> None:
    report = import_bundle(northwind, encoded({
        "sites.csv": "code,customer_code,name,address\nS0009-1,C0001,Annex,9 Main St\n",
        "work_orders.csv": "number,type,site_code,asset_code,summary,required_skills,tech_code,"
                           "scheduled_start,scheduled_end,pm_plan_code,due_by\n"
                           "WO-2001,preventive,S0001-1,A0001-1-1,RTU,HVAC,T002,2026-12-14T08:00,"
                           "2026-12-14T10:00,PM-RTU-Q,2027-01-01T08:00\n",
        "labor.csv": "work_order_number,tech_code,start,end\nWO-1001,T003,2026-12-07T08:00,2026-12-07T09:00\n",
    }))
    assert report.files["sites.csv"].created == 1
    with db.read() as uow:
        assert uow.require(m.Site, "S0009-1").customer.code == "C0001"
        wo = uow.work_order("WO-2001", full=True)
        assert wo.pm_plan is not None and wo.pm_plan.code == "PM-RTU-Q"
        assert wo.pm_occurrence == wo.due_by == datetime(2027, 1, 1, 14, 0, tzinfo=UTC)
        assert wo.status == Status.OPEN  # the file's (default) status, booking or not
        assert [b.technician.code for b in wo.bookings] == ["T002"]


def test_an_occurrence_held_by_another_order_in_the_database_is_refused(northwind: ServiceContext, refuse: Refuse) -> None:
    head = "number,type,site_code,summary,pm_plan_code,due_by\n"
    import_bundle(northwind, encoded({"work_orders.csv": head + "WO-2001,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-01T08:00\n"}))
    again = encoded({"work_orders.csv": head + "WO-2001,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-01T08:00\n"})
    assert not import_bundle(northwind, again).changed  # the order that holds it may say so again
    assert refuse(northwind, {"work_orders.csv": head + "WO-2002,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-01T08:00\n"}) == [
        "work_orders.csv:2: due_by: occurrence 2027-01-01T08:00 of plan 'PM-RTU-Q' is already work order WO-2001"
    ]


def test_an_empty_time_zone_keeps_the_companys(northwind: ServiceContext, db: Database) -> None:
    import_bundle(northwind, encoded({"company.csv": "name,timezone\nNorthwind Mechanical,\n"}))
    with db.read() as uow:
        assert uow.company().timezone == "America/Chicago"  # type: ignore[union-attr]


# -- lists without codes are replaced per parent ---------------------------------------------------
def test_time_off_is_replaced_for_the_technicians_named(northwind: ServiceContext, db: Database) -> None:
    import_bundle(northwind, encoded({"time_off.csv": (
        "tech_code,start,end,reason\n"
        "T001,2026-12-24T00:00,2026-12-27T00:00,Holiday\n"
        "T001,2027-01-02T00:00,2027-01-03T00:00,\n"
        "T002,2026-12-31T00:00,2027-01-01T00:00,Dentist\n"
    )}))
    report = import_bundle(northwind, encoded({"time_off.csv": (
        "tech_code,start,end,reason\nT001,2026-12-28T08:00,2026-12-28T12:00,Training\n"
    )}))
    counts = report.files["time_off.csv"]
    assert (counts.created, counts.removed, counts.unchanged) == (1, 2, 0)
    with db.read() as uow:
        assert [t.reason for t in uow.require(m.Technician, "T001").time_off] == ["Training"]
        assert [t.reason for t in uow.require(m.Technician, "T002").time_off] == ["Dentist"]


def test_labor_and_parts_are_replaced_for_the_work_orders_named(northwind: ServiceContext, db: Database) -> None:
    report = import_bundle(northwind, encoded({
        "labor.csv": "work_order_number,tech_code,start,end,note\n"
                     "WO-1013,T003,2026-11-20T09:00,2026-11-20T12:00,Redone\n",
        "parts_used.csv": "work_order_number,sku,quantity,unit_price\nWO-1013,CAP-45,1,30\n",
    }))
    assert (report.files["labor.csv"].created, report.files["labor.csv"].removed) == (1, 2)
    with db.read() as uow:
        wo = uow.work_order("WO-1013", full=True)
        assert [(e.technician.code, e.note, e.billable) for e in wo.labor] == [("T003", "Redone", True)]
        assert [(p.part.sku, p.unit_price) for p in wo.parts_used] == [("CAP-45", Decimal(30))]
        assert len(uow.work_order("WO-1014", full=True).labor) == 1  # not named: untouched


def test_the_same_list_again_writes_nothing(northwind: ServiceContext, sample_bundle: Path) -> None:
    before = state(northwind)
    files = read_bundle(sample_bundle)
    report = import_bundle(northwind, {n: files[n] for n in ("labor.csv", "parts_used.csv")})
    assert report.files["labor.csv"].unchanged == 3 and not report.changed
    assert state(northwind) == before


# -- bookings --------------------------------------------------------------------------------------
def _add_second_booking(ctx: ServiceContext) -> None:
    with ctx.write("Book a second visit") as uow:
        wo = uow.work_order("WO-1001", full=True)
        tech = uow.require(m.Technician, "T003")
        wo.bookings.append(m.Booking(
            technician_id=tech.id, start=datetime(2026, 12, 8, 14, 0, tzinfo=UTC),
            end=datetime(2026, 12, 8, 16, 0, tzinfo=UTC),
        ))


def test_a_booking_that_is_the_first_of_several_is_kept_with_the_others(
    northwind: ServiceContext, db: Database, sample_bundle: Path
) -> None:
    _add_second_booking(northwind)
    before = state(northwind)
    assert not import_folder(northwind, sample_bundle).changed
    assert state(northwind) == before
    with db.read() as uow:
        assert len(uow.work_order("WO-1001", full=True).bookings) == 2


def test_a_different_booking_replaces_all_of_them(northwind: ServiceContext, db: Database) -> None:
    _add_second_booking(northwind)
    report = import_bundle(northwind, encoded({
        "work_orders.csv": "number,type,status,site_code,summary,tech_code,scheduled_start,scheduled_end\n"
                           "WO-1001,preventive,scheduled,S0001-1,RTU,T004,2026-12-07T13:00,2026-12-07T15:00\n",
    }))
    assert report.files["work_orders.csv"].updated == 1
    with db.read() as uow:
        bookings = uow.work_order("WO-1001", full=True).bookings
        assert [(b.technician.code, b.start) for b in bookings] == [
            ("T004", datetime(2026, 12, 7, 19, 0, tzinfo=UTC))
        ]


def test_empty_booking_cells_take_an_open_orders_booking_away(northwind: ServiceContext, db: Database) -> None:
    head = "number,type,site_code,summary,tech_code,scheduled_start,scheduled_end\n"
    import_bundle(northwind, encoded({
        "work_orders.csv": head + "WO-1009,emergency,S0001-1,RTU,T001,2026-12-07T15:00,2026-12-07T16:00\n"
    }))
    with db.read() as uow:
        assert len(uow.work_order("WO-1009", full=True).bookings) == 1
    import_bundle(northwind, encoded({"work_orders.csv": head + "WO-1009,emergency,S0001-1,RTU,,,\n"}))
    with db.read() as uow:
        assert uow.work_order("WO-1009", full=True).bookings == []


# -- files and folders -------------------------------------------------------------------------------
def test_hidden_files_of_a_folder_are_not_part_of_the_bundle(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "skills.csv").write_text("code,name\nHVAC,HVAC service\n", encoding="utf-8")
    assert import_folder(ctx, folder).files["skills.csv"].created == 1


def test_a_missing_or_empty_folder_is_refused(ctx: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is not a folder"):
        import_folder(ctx, tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationError, match="holds no CSV files"):
        import_folder(ctx, tmp_path / "empty")


def test_bundle_errors_read_file_line_column_message() -> None:
    assert str(BundleError("sites.csv", 4, "lat", "too far north")) == "sites.csv:4: lat: too far north"
    assert str(BundleError("notes.csv", 1, "", "unknown file")) == "notes.csv:1: unknown file"
    assert issubclass(BundleErrors, ValidationError)
    assert str(ImportReport({})) == ""


# -- refusals --------------------------------------------------------------------------------------
WO_HEAD = "number,type,priority,status,site_code,asset_code,summary,tech_code,scheduled_start,scheduled_end\n"
ALL_FILES = ", ".join(BUNDLE_FILES_V1)
TYPES = "preventive, corrective, emergency, inspection, general, installation"

REFUSALS: list[tuple[str, dict[str, str], list[str]]] = [
    ("unknown column", {"skills.csv": "code,name,colour\nHVAC,HVAC service,red\n"},
     ["skills.csv:1: colour: unknown column; the columns of skills.csv are: code, name"]),
    ("column named twice", {"skills.csv": "code,name,Name\nHVAC,a,b\n"},
     ["skills.csv:1: name: the column is named twice"]),
    ("column without a name", {"skills.csv": "code,name,\nHVAC,a,\n"},
     ["skills.csv:1: column 3 has no name"]),
    ("missing required column", {"sites.csv": "code,customer_code,name\nS9,C0001,Depot\n"},
     ["sites.csv:1: address: required column is missing"]),
    ("required cell empty", {"sites.csv": "code,customer_code,name,address\nS9,C0001,,1 Road\n"},
     ["sites.csv:2: name: a value is required"]),
    ("code empty", {"parts.csv": "sku,description,unit_price\n,Screw,1\n"},
     ["parts.csv:2: sku: a value is required"]),
    ("more cells than columns", {"skills.csv": "code,name\nHVAC,HVAC service,extra\n"},
     ["skills.csv:2: the row has 3 cells but the header names 2 columns"]),
    ("unclosed quote", {"skills.csv": 'code,name\nHVAC,"HVAC service\n'},
     ["skills.csv:2: the CSV cannot be read here: unexpected end of data"]),
    ("empty file", {"skills.csv": ""},
     ["skills.csv:1: the file is empty; the first row must name the columns"]),
    ("unknown file", {"notes.csv": "a\n1\n"},
     [f"notes.csv:1: unknown file; a bundle holds only {ALL_FILES}"]),
    ("text too long", {"skills.csv": "code,name\nHVAC," + "x" * 201 + "\n"},
     ["skills.csv:2: name: the text is 201 characters long; at most 200 fit"]),
    ("code too long", {"skills.csv": "code,name\n" + "K" * 41 + ",Long\n"},
     [f"skills.csv:2: code: '{'K' * 41}' is 41 characters long; codes are at most 40"]),
    ("duplicate code", {"skills.csv": "code,name\nX1,A\nX2,B\nX1,C\n"},
     ["skills.csv:4: code: 'X1' is already on line 2; codes are unique in a file"]),
    ("duplicate line counts quoted line breaks",
     {"customers.csv": 'code,name,billing_address\nC1,A,"PO Box 1\nDallas"\nC1,B,\n'},
     ["customers.csv:4: code: 'C1' is already on line 2; codes are unique in a file"]),
    ("bad date", {"assets.csv": "code,site_code,name,installed_on\nA9,S0001-1,Pump,2019-13-01\n"},
     ["assets.csv:2: installed_on: '2019-13-01' is not a date; write YYYY-MM-DD"]),
    ("bad date-time", {"time_off.csv": "tech_code,start,end\nT001,2026-12-24,2026-12-26T17:00\n"},
     [("time_off.csv:2: start: '2026-12-24' is not a date-time; write YYYY-MM-DDTHH:MM, "
      "optionally with an offset")]),
    ("bad time", {"technicians.csv": "code,name,shift_start\nT9,Al,8am\n"},
     ["technicians.csv:2: shift_start: '8am' is not a time; write HH:MM (24 h)"]),
    ("bad boolean", {"technicians.csv": "code,name,active\nT9,Al,maybe\n"},
     ["technicians.csv:2: active: 'maybe' is not a yes/no value; write true/false, yes/no or 1/0"]),
    ("bad decimal", {"parts.csv": "sku,description,unit_price\nP1,Screw,\"12,50\"\nP2,Nut,$3\n"},
     ["parts.csv:2: unit_price: '12,50' is not a decimal amount (use digits and '.')",
      "parts.csv:3: unit_price: '$3' is not a decimal amount (use digits and '.')"]),
    ("money with 5 places", {"parts.csv": "sku,description,unit_price\nP1,Screw,0.00001\n"},
     ["parts.csv:2: unit_price: '0.00001' has more than 4 decimal places; the database keeps 4"]),
    ("negative money", {"technicians.csv": "code,name,hourly_rate\nT9,Al,-5\n"},
     ["technicians.csv:2: hourly_rate: '-5' is negative; amounts are 0 or more"]),
    ("tax rate over 100", {"customers.csv": "code,name,tax_rate\nC9,Taxed,100.5\n"},
     ["customers.csv:2: tax_rate: '100.5' is not a percentage between 0 and 100"]),
    ("company tax rate below 0", {"company.csv": "name,tax_rate\nNorthwind Mechanical,-1\n"},
     ["company.csv:2: tax_rate: '-1' is not a percentage between 0 and 100"]),
    ("zero quantity", {"parts_used.csv": "work_order_number,sku,quantity\nWO-1013,F-2020,0\nWO-1013,F-2020,-1\n"},
     ["parts_used.csv:2: quantity: '0' must be greater than 0",
      "parts_used.csv:3: quantity: '-1' must be greater than 0"]),
    ("zero hours", {"pm_plans.csv": "code,site_code,summary,rrule,start,estimated_hours\n"
                                    "PM9,S0001-1,Check,FREQ=DAILY,2026-01-01T08:00,0\n"},
     ["pm_plans.csv:2: estimated_hours: '0' must be greater than 0"]),
    ("latitude out of range", {"sites.csv": "code,customer_code,name,address,lat,lon\nS9,C0001,Pole,Ice,90.1,-181\n"},
     ["sites.csv:2: lat: '90.1' is not a latitude; it must be between -90 and 90",
      "sites.csv:2: lon: '-181' is not a longitude; it must be between -180 and 180"]),
    ("shift ends before it starts", {"technicians.csv": "code,name,shift_start,shift_end\nT9,Al,17:00,08:00\n"},
     ["technicians.csv:2: shift_end: the shift ends at 08:00, which is not after its start at 17:00"]),
    ("shift end before the kept start", {"technicians.csv": "code,name,shift_end\nT001,Kai Schmidt,06:30\n"},
     ["technicians.csv:2: shift_end: the shift ends at 06:30, which is not after its start at 07:00"]),
    ("bad workdays", {"technicians.csv": "code,name,workdays\nT9,Al,Mon;Funday\n"},
     [("technicians.csv:2: workdays: 'Mon;Funday' is not a list of weekdays; use Mon, Tue, Wed, Thu, "
      "Fri, Sat, Sun separated by ';'")]),
    ("bad time zone", {"company.csv": "name,timezone\nNorthwind Mechanical,Mars/Olympus\n"},
     ["company.csv:2: timezone: 'Mars/Olympus' is not a time zone; use an IANA name such as America/Chicago"]),
    ("bad currency", {"company.csv": "name,currency\nNorthwind Mechanical,dollars\n"},
     ["company.csv:2: currency: 'dollars' is not an ISO 4217 currency code such as USD or EUR"]),
    ("two companies", {"company.csv": "name\nNorthwind Mechanical\nSouthwind\nEastwind\n"},
     ["company.csv:3: company.csv holds at most one row; the company is on line 2",
      "company.csv:4: company.csv holds at most one row; the company is on line 2"]),
    ("bad work order type", {"work_orders.csv": WO_HEAD + "WO-9,repair,,,S0001-1,,Fix,,,\n"},
     [f"work_orders.csv:2: type: 'repair' is not a work order type; use one of: {TYPES}"]),
    ("bad priority", {"work_orders.csv": WO_HEAD + "WO-9,general,urgent,,S0001-1,,Fix,,,\n"},
     ["work_orders.csv:2: priority: 'urgent' is not a priority; use one of: emergency, high, normal, low"]),
    ("bad status", {"work_orders.csv": WO_HEAD + "WO-9,general,,done,S0001-1,,Fix,,,\n"},
     [("work_orders.csv:2: status: 'done' is not a work order status; use one of: open, scheduled, "
      "dispatched, in_progress, on_hold, completed, verified, invoiced, closed, cancelled")]),
    ("bad plan type", {"pm_plans.csv": "code,site_code,summary,rrule,start,type\n"
                                       "PM9,S0001-1,Check,FREQ=DAILY,2026-01-01T08:00,general\n"},
     ["pm_plans.csv:2: type: 'general' is not a plan type; use one of: preventive, inspection"]),
    ("dangling customer", {"sites.csv": "code,customer_code,name,address\nS9,C9999,Depot,1 Road\n"},
     ["sites.csv:2: customer_code: no customer 'C9999' in customers.csv or in the database"]),
    ("dangling skill", {"technicians.csv": "code,name,skills\nT9,Al,HVAC;XYZ\n"},
     ["technicians.csv:2: skills: no skill 'XYZ' in skills.csv or in the database"]),
    ("dangling technician", {"time_off.csv": "tech_code,start,end\nT999,2026-12-01T08:00,2026-12-01T09:00\n"},
     ["time_off.csv:2: tech_code: no technician 'T999' in technicians.csv or in the database"]),
    ("dangling site and asset", {"assets.csv": "code,site_code,name\nA9,S9999,Pump\n",
                                 "work_orders.csv": WO_HEAD + "WO-9,general,,,S0001-1,A9999,Fix,,,\n"},
     ["assets.csv:2: site_code: no site 'S9999' in sites.csv or in the database",
      "work_orders.csv:2: asset_code: no asset 'A9999' in assets.csv or in the database"]),
    ("dangling sku and work order", {"parts_used.csv": "work_order_number,sku,quantity\nWO-9999,NOPE,1\n"},
     ["parts_used.csv:2: work_order_number: no work order 'WO-9999' in work_orders.csv or in the database",
      "parts_used.csv:2: sku: no part 'NOPE' in parts.csv or in the database"]),
    ("dangling plan and preferred tech",
     {"work_orders.csv": "number,type,site_code,summary,pm_plan_code,due_by\n"
                         "WO-9,preventive,S0001-1,Fix,PM-NONE,2027-01-01T08:00\n",
      "pm_plans.csv": "code,site_code,summary,rrule,start,preferred_tech_code\n"
                      "PM9,S0001-1,Check,FREQ=DAILY,2026-01-01T08:00,T999\n"},
     ["work_orders.csv:2: pm_plan_code: no recurring plan 'PM-NONE' in pm_plans.csv or in the database",
      "pm_plans.csv:2: preferred_tech_code: no technician 'T999' in technicians.csv or in the database"]),
    ("asset of another site", {"work_orders.csv": WO_HEAD + "WO-9,general,,,S0001-1,A0002-1-1,Fix,,,\n"},
     ["work_orders.csv:2: asset_code: asset 'A0002-1-1' belongs to site 'S0002-1', not to 'S0001-1'"]),
    ("plan asset of another site", {"pm_plans.csv": "code,site_code,asset_code,summary,rrule,start\n"
                                                    "PM9,S0001-1,A0002-1-1,Check,FREQ=DAILY,2026-01-01T08:00\n"},
     ["pm_plans.csv:2: asset_code: asset 'A0002-1-1' belongs to site 'S0002-1', not to 'S0001-1'"]),
    ("asset moved away in the same bundle",
     {"assets.csv": "code,site_code,name\nA0001-1-1,S0001-2,RTU 1\n",
      "work_orders.csv": WO_HEAD + "WO-9,general,,,S0001-1,A0001-1-1,Fix,,,\n"},
     ["work_orders.csv:2: asset_code: asset 'A0001-1-1' belongs to site 'S0001-2', not to 'S0001-1'"]),
    ("time off ends before it starts",
     {"time_off.csv": "tech_code,start,end\nT001,2026-12-01T09:00,2026-12-01T08:00\n"},
     ["time_off.csv:2: end: 2026-12-01T08:00 is not after start 2026-12-01T09:00"]),
    ("labor without duration", {"labor.csv": "work_order_number,tech_code,start,end\n"
                                             "WO-1013,T001,2026-11-20T09:00,2026-11-20T09:00\n"},
     ["labor.csv:2: end: 2026-11-20T09:00 is not after start 2026-11-20T09:00"]),
    ("booking ends before it starts",
     {"work_orders.csv": WO_HEAD + "WO-9,general,,,S0001-1,,Fix,T001,2026-12-01T09:00,2026-12-01T08:00\n"},
     ["work_orders.csv:2: scheduled_end: 2026-12-01T08:00 is not after scheduled_start 2026-12-01T09:00"]),
    ("partial booking", {"work_orders.csv": WO_HEAD + "WO-9,general,,,S0001-1,,Fix,T001,,\n"
                                                      "WO-10,general,,,S0001-1,,Fix,,2026-12-01T09:00,\n"},
     [("work_orders.csv:2: scheduled_start: tech_code, scheduled_start and scheduled_end go together: "
      "fill all three or none"),
      ("work_orders.csv:3: tech_code: tech_code, scheduled_start and scheduled_end go together: "
      "fill all three or none")]),
    ("scheduled without a booking", {"work_orders.csv": WO_HEAD + "WO-9,general,,dispatched,S0001-1,,Fix,,,\n"},
     [("work_orders.csv:2: status: a dispatched work order needs a booking: fill tech_code, "
      "scheduled_start and scheduled_end")]),
    ("status of an existing order moved", {"work_orders.csv": WO_HEAD + "WO-1013,preventive,,open,S0003-1,,Fix,,,\n"},
     [("work_orders.csv:2: tech_code: WO-1013 is completed in the database; its bookings are part of the "
       "record and an import cannot change them"),
      ("work_orders.csv:2: status: WO-1013 is completed in the database; an import cannot move it to "
      "open (the console applies the rules)")]),
    ("bookings of finished work changed",
     {"work_orders.csv": WO_HEAD + "WO-1013,preventive,,completed,S0003-1,,Fix,T002,2026-11-20T09:00,"
                                   "2026-11-20T12:00\n"
                                   "WO-1014,preventive,,completed,S0003-1,,Fix,,,\n"},
     [("work_orders.csv:2: tech_code: WO-1013 is completed in the database; its bookings are part of the "
       "record and an import cannot change them"),
      ("work_orders.csv:3: tech_code: WO-1014 is completed in the database; its bookings are part of the "
       "record and an import cannot change them")]),
    ("plan order without due_by", {"work_orders.csv": "number,type,site_code,summary,pm_plan_code\n"
                                                      "WO-9,preventive,S0001-1,RTU,PM-RTU-Q\n"},
     [("work_orders.csv:2: due_by: a work order of recurring plan 'PM-RTU-Q' needs due_by: the plan's "
      "occurrence")]),
    ("two orders for one occurrence", {"work_orders.csv": "number,type,site_code,summary,pm_plan_code,due_by\n"
                                                          "WO-8,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-01T08:00\n"
                                                          "WO-9,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-01T08:00\n"},
     [("work_orders.csv:3: due_by: occurrence 2027-01-01T08:00 of plan 'PM-RTU-Q' is already work order "
      "WO-8 (line 2)")]),
    ("bad rrule", {"pm_plans.csv": "code,site_code,summary,rrule,start\n"
                                   "PM9,S0001-1,Check,FREQ=SOMETIMES,2026-01-01T08:00\n"
                                   "PM10,S0001-1,Check,,2026-01-01T08:00\n"},
     ["pm_plans.csv:2: rrule: 'FREQ=SOMETIMES' cannot be a plan's rule: FREQ=SOMETIMES is not a frequency; "
      "use DAILY, WEEKLY, MONTHLY or YEARLY",
      "pm_plans.csv:3: rrule: a value is required"]),
    ("bad plan start", {"pm_plans.csv": "code,site_code,summary,rrule,start,lead_days\n"
                                        "PM9,S0001-1,Check,FREQ=DAILY,soon,400\n"},
     ["pm_plans.csv:2: start: 'soon' is not a date-time; write YYYY-MM-DDTHH:MM, optionally with an offset",
      "pm_plans.csv:2: lead_days: '400' is not between 0 and 365"]),
]


@pytest.mark.parametrize(("files", "errors"), [(f, e) for _, f, e in REFUSALS], ids=[c[0] for c in REFUSALS])
def test_a_broken_bundle_is_refused_whole(
    northwind: ServiceContext, refuse: Refuse, files: dict[str, str], errors: list[str]
) -> None:
    assert refuse(northwind, files) == errors


def test_wrong_encoding_is_refused(northwind: ServiceContext, refuse: Refuse) -> None:
    latin1 = "code,name\nC0001,Lakeside Medical\nC0099,Café Flore\n".encode("latin-1")
    assert refuse(northwind, {"customers.csv": latin1}) == [
        "customers.csv:3: the file is not UTF-8 (byte 0xE9 cannot be read); save it as 'CSV UTF-8'"
    ]


def test_every_error_of_a_bundle_is_reported_at_once(northwind: ServiceContext, refuse: Refuse) -> None:
    errors = refuse(northwind, {
        "pm_plans.csv": "code,site_code,summary,rrule,start\nPM9,S0001-1,Check,FREQ=NEVER,2026-01-01T08:00\n",
        "notes.csv": "x\n",
        "work_orders.csv": WO_HEAD + "WO-9,repair,,,S9999,,Fix,T001,,\n",
        "skills.csv": "code,name\nX1,A\nX1,B\n",
        "customers.csv": "code,name\nC0001,Lakeside Medical\n",  # fine, yet not written either
    })
    assert errors == [
        "skills.csv:3: code: 'X1' is already on line 2; codes are unique in a file",
        f"work_orders.csv:2: type: 'repair' is not a work order type; use one of: {TYPES}",
        "work_orders.csv:2: site_code: no site 'S9999' in sites.csv or in the database",
        ("work_orders.csv:2: scheduled_start: tech_code, scheduled_start and scheduled_end go together: "
        "fill all three or none"),
        ("pm_plans.csv:2: rrule: 'FREQ=NEVER' cannot be a plan's rule: FREQ=NEVER is not a frequency; "
         "use DAILY, WEEKLY, MONTHLY or YEARLY"),
        f"notes.csv:1: unknown file; a bundle holds only {ALL_FILES}",
    ]


def test_rows_of_a_file_with_a_wrong_header_are_still_checked(northwind: ServiceContext, refuse: Refuse) -> None:
    errors = refuse(northwind, {
        "skills.csv": "code,name,colour\nSOLAR,Solar panels,red\nSOLAR,Again,\n",
        "technicians.csv": "code,name,skills\nT9,Al,SOLAR\n",  # SOLAR is defined: no dangling error
        "sites.csv": "code,customer_code,name\nS9,C9999,Depot\n",
    })
    assert errors == [
        "skills.csv:1: colour: unknown column; the columns of skills.csv are: code, name",
        "skills.csv:3: code: 'SOLAR' is already on line 2; codes are unique in a file",
        "sites.csv:1: address: required column is missing",
        "sites.csv:2: customer_code: no customer 'C9999' in customers.csv or in the database",
    ]


def test_a_refused_bundle_writes_nothing_into_an_empty_database(
    ctx: ServiceContext, sample_bundle: Path, refuse: Refuse
) -> None:
    files: dict[str, bytes] = read_bundle(sample_bundle)
    files["labor.csv"] = files["labor.csv"].replace(b"T002", b"T999")
    assert refuse(ctx, files) == [
        "labor.csv:4: tech_code: no technician 'T999' in technicians.csv or in the database"
    ]
    with ctx.read() as uow:
        assert uow.company() is None
        assert uow.count(m.AuditEntry) == 0


@pytest.mark.parametrize(
    "files",
    [
        {"skills.csv": "code,name\nX1,A\nX2,B\n"},  # codes differ
        {"skills.csv": "code,name\nx1,A\nX1,B\n"},  # codes are case-sensitive
        {"skills.csv": "code,name\n" + "K" * 40 + ",Long\n"},
        {"time_off.csv": "tech_code,start,end\nT001,2026-12-01T08:00,2026-12-01T08:01\n"},
        {"parts_used.csv": "work_order_number,sku,quantity\nWO-1013,F-2020,0.0001\n"},
        {"work_orders.csv": WO_HEAD + "WO-9,general,,open,S0001-1,A0001-1-1,Fix,,,\n"
                                      "WO-10,general,,scheduled,S0001-1,,Fix,T001,2026-12-01T09:00,2026-12-01T09:30\n"},
        {"work_orders.csv": WO_HEAD + "WO-1013,preventive,,completed,S0003-1,,Fix,T001,2026-11-20T09:00,"
                                      "2026-11-20T12:00\n"},
        {"sites.csv": "code,customer_code,name,address,lat,lon\nS9,C0001,Pole,Ice,-90,180\n"},
        {"company.csv": "name,tax_rate,payment_terms_days\nNorthwind Mechanical,100,0\n"},
        {"customers.csv": "code,name,tax_rate\nC9,Exempt,0\n"},
        {"technicians.csv": "code,name,shift_start,shift_end\nT9,Al,00:00,23:59\n"},
    ],
    ids=["distinct codes", "case-sensitive codes", "40-char code", "one-minute time off", "small quantity",
         "open and booked", "status unchanged", "poles", "full tax", "exempt", "whole-day shift"],
)
def test_what_the_rules_allow(northwind: ServiceContext, files: dict[str, str]) -> None:
    report = import_bundle(northwind, encoded(files))
    assert set(report.files) == set(files)
