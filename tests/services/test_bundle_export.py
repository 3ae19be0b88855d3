"""CSV bundle export: the file format, and round trips that give identical files back."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.services.bundle_export import export_bundle, export_folder
from dispatch_console.services.bundle_import import BUNDLE_FILES, import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.conftest import PG_SERVER, _pg_admin_url


@pytest.fixture
def other_ctx(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    """A second empty, migrated database: where an export is imported for the round trip."""
    if PG_SERVER:
        from sqlalchemy import create_engine, text

        name = f"dc_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
        url = _pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://")
    else:
        path = tmp_path / "other.db"
        shutil.copyfile(_template, path)
        url = f"sqlite:///{path}"
    db = Database(url)
    yield ServiceContext(db=db, actor="Olga Office", clock=clock)
    db.dispose()
    if PG_SERVER:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def encoded(files: dict[str, str]) -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in files.items()}


def rows(text: str) -> list[str]:
    return text.splitlines()


# -- the format ------------------------------------------------------------------------------------
def test_an_empty_database_exports_no_files(ctx: ServiceContext, tmp_path: Path) -> None:
    assert export_bundle(ctx) == {}
    assert export_folder(ctx, tmp_path / "out") == []
    assert list((tmp_path / "out").iterdir()) == []


def test_a_file_only_for_tables_with_rows(ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded({"company.csv": "name,timezone\nAcme,Europe/Berlin\n"}))
    assert export_bundle(ctx) == {
        "company.csv": "name,address,phone,email,timezone,currency,tax_rate,payment_terms_days\n"
                       "Acme,,,,Europe/Berlin,USD,,30\n"
    }


def test_the_sample_exports_in_the_spec_layout(ctx: ServiceContext, sample_bundle: Path) -> None:
    import_folder(ctx, sample_bundle)
    bundle = export_bundle(ctx)
    assert list(bundle) == [name for name in BUNDLE_FILES if name != "time_off.csv"]
    for name, text in bundle.items():
        assert rows(text)[0] == ",".join(BUNDLE_FILES[name])
    assert rows(bundle["parts.csv"])[1:] == [  # sorted by sku; money with at least cents
        "BLT-A42,V-belt A42,18.75,ea",
        "CAP-45,Run capacitor 45/5 uF,32.00,ea",
        "CTR-30,Contactor 30A 2-pole,41.10,ea",
        "F-2020,Pleated filter 20x20x2,12.50,ea",
        "R410A,Refrigerant R-410A,28.40,lb",
        'THS-1,"Thermostat, programmable",129.00,ea',
    ]
    assert rows(bundle["parts_used.csv"])[1:] == ["WO-1013,CTR-30,1,", "WO-1013,R410A,2.5,", "WO-1014,F-2020,4,11.00"]
    assert rows(bundle["labor.csv"])[1:3] == [  # by work order, then start
        "WO-1013,T001,2026-11-20T08:30,2026-11-20T09:05,false,Travel",
        "WO-1013,T001,2026-11-20T09:05,2026-11-20T11:50,true,Replaced contactor",
    ]
    assert rows(bundle["company.csv"])[1:] == [
        'Northwind Mechanical,"1200 Commerce St',
        'Dallas, TX 75202",214-555-0100,office@northwind.example,America/Chicago,USD,8.25,30',
    ]
    assert rows(bundle["customers.csv"])[2] == "Dallas, TX 75200\",214-555-2000,ap0@cust.example,0"  # exempt: 0
    assert rows(bundle["technicians.csv"])[1] == (
        "T001,Kai Schmidt,214-555-1000,t1@northwind.example,CTRL;HVAC,85.00,32.89276,-97.1247,07:00,16:00,"
        "Mon;Tue;Wed;Thu;Fri,true"
    )
    assert rows(bundle["work_orders.csv"])[1] == (
        'WO-1001,preventive,high,scheduled,S0001-1,A0001-1-1,Preventive visit: RTU 1,"Inspect, service and '
        'report findings.",,2,2026-12-10T17:00,2026-11-26T09:00,T001,2026-12-07T08:00,2026-12-07T10:00,'
    )
    assert rows(bundle["pm_plans.csv"])[3] == (
        "PM-RTU-Q,S0001-1,A0001-1-1,preventive,Quarterly RTU service,Replace filters;Check belts;"
        "Check refrigerant pressures;Clean coils,HVAC,2,FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1,"
        "2026-01-05T08:00,14,T001,true"
    )


def test_files_are_utf8_without_bom_with_lf_line_ends(ctx: ServiceContext, sample_bundle: Path, tmp_path: Path) -> None:
    import_bundle(ctx, encoded({"skills.csv": "code,name\nHVAC,Chauffage & clim’\n"}))
    folder = tmp_path / "out"
    assert export_folder(ctx, folder) == ["skills.csv"]
    data = (folder / "skills.csv").read_bytes()
    assert data == "code,name\nHVAC,Chauffage & clim’\n".encode()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data


def test_codes_sort_the_same_on_every_database(ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded({"skills.csv": "code,name\nb1,x\nB2,x\na3,x\n10,x\n9,x\n"}))
    assert [row.split(",")[0] for row in rows(export_bundle(ctx)["skills.csv"])[1:]] == ["10", "9", "B2", "a3", "b1"]


def test_an_order_with_several_bookings_exports_its_first(ctx: ServiceContext, db: Database, sample_bundle: Path) -> None:
    import_folder(ctx, sample_bundle)
    with db.write("test", "Book an earlier visit") as uow:
        wo = uow.work_order("WO-1001", full=True)
        wo.bookings.append(m.Booking(
            technician_id=uow.require(m.Technician, "T003").id,
            start=datetime(2026, 12, 4, 14, 0, tzinfo=UTC), end=datetime(2026, 12, 4, 15, 30, tzinfo=UTC),
        ))
    row = rows(export_bundle(ctx)["work_orders.csv"])[1]
    assert row.endswith(",T003,2026-12-04T08:00,2026-12-04T09:30,")


def test_exporting_into_an_old_export_removes_its_stale_files(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "time_off.csv").write_text("tech_code,start,end\n", encoding="utf-8")
    (folder / "README.txt").write_text("mine", encoding="utf-8")
    import_bundle(ctx, encoded({"skills.csv": "code,name\nHVAC,HVAC service\n"}))
    assert export_folder(ctx, folder) == ["skills.csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "skills.csv"]


# -- round trips -----------------------------------------------------------------------------------
def test_the_sample_round_trips(ctx: ServiceContext, other_ctx: ServiceContext, sample_bundle: Path, tmp_path: Path) -> None:
    import_folder(ctx, sample_bundle)
    first = export_bundle(ctx)
    export_folder(ctx, tmp_path / "out")
    import_folder(other_ctx, tmp_path / "out")
    assert export_bundle(other_ctx) == first
    with other_ctx.read() as uow:  # history sorts the same in the copy
        assert uow.work_order("WO-1013").completed_at == datetime(2026, 11, 20, 17, 50, tzinfo=UTC)


AWKWARD = {
    "company.csv": (
        "name,address,timezone,currency,tax_rate,payment_terms_days\n"
        '"Ünïcødé & <Sons> ""Mechanical"", Ltd.","Unit 5, ""The Yard""\nRue d’Été 1\n75001 Paris",'
        "America/Chicago,EUR,7.125,15\n"
    ),
    "skills.csv": "code,name\nHVAC,HVAC service\nELEC,Électricité <220V>\n",
    "technicians.csv": (
        "code,name,skills,hourly_rate,home_lat,home_lon,shift_start,shift_end,workdays,active\n"
        "T1,Zoë O’Brien,HVAC;ELEC,85.1250,-0.5,0.00001,06:30,15:15,Sat;Sun,false\n"
    ),
    "time_off.csv": (
        "tech_code,start,end,reason\n"
        "T1,2026-11-01T01:30-05:00,2026-11-01T01:30-06:00,Fall back: the same hour twice\n"
        "T1,2026-12-01T08:00:30,2026-12-01T09:00,\"Doctor, 30 s late\"\n"
    ),
    "customers.csv": "code,name,tax_rate\nC1,Exempt,0\nC2,Default rate,\n",
    "sites.csv": (
        "code,customer_code,name,address,access_notes\n"
        'S1,C1,Depot,1 Road,"Gate code: 1234, ""ring twice""\nDogs on site"\n'
    ),
    "assets.csv": "code,site_code,name,installed_on\nA1,S1,Pump,2020-02-29\n",
    "parts.csv": "sku,description,unit_price,unit\nP1,Washer,0.1250,ea\nP2,Valve,100,box\n",
    "pm_plans.csv": (
        "code,site_code,asset_code,type,summary,checklist,required_skills,estimated_hours,rrule,start,active\n"
        "PM1,S1,A1,inspection,Look at it,Look;Listen,HVAC,0.25,FREQ=MONTHLY;BYMONTHDAY=31,2026-03-08T02:30,false\n"
    ),
    "work_orders.csv": (
        "number,type,priority,status,site_code,asset_code,summary,description,estimated_hours,due_by,created_at,"
        "tech_code,scheduled_start,scheduled_end,pm_plan_code\n"
        "W10,inspection,low,dispatched,S1,A1,Look at it,,0.25,2026-03-31T02:30,2026-03-01T10:00Z,"
        "T1,2026-11-01T01:15-05:00,2026-11-01T01:45-06:00,PM1\n"
        'W2,general,emergency,closed,S1,,"Fix <it> & ""more""","Line 1\nLine 2",3.5,,2026-01-02T03:04:05,,,,\n'
    ),
    "labor.csv": (
        "work_order_number,tech_code,start,end,billable,note\n"
        "W2,T1,2026-01-03T08:00,2026-01-03T09:15,no,\"Travel, both ways\"\n"
        "W2,T1,2026-01-03T09:15,2026-01-03T12:00:45,1,\n"
    ),
    "parts_used.csv": "work_order_number,sku,quantity,unit_price\nW2,P1,2.5,\nW2,P2,1,99.9999\n",
}


def test_awkward_values_round_trip_exactly(ctx: ServiceContext, other_ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded(AWKWARD))
    first = export_bundle(ctx)

    import_bundle(other_ctx, encoded(first))
    assert export_bundle(other_ctx) == first
    assert not import_bundle(other_ctx, encoded(first)).changed

    assert rows(first["time_off.csv"])[1:] == [
        "T1,2026-11-01T01:30-05:00,2026-11-01T01:30-06:00,Fall back: the same hour twice",
        'T1,2026-12-01T08:00:30,2026-12-01T09:00,"Doctor, 30 s late"',
    ]
    assert rows(first["technicians.csv"])[1] == (
        "T1,Zoë O’Brien,,,ELEC;HVAC,85.125,-0.5,0.00001,06:30,15:15,Sat;Sun,false"
    )
    assert rows(first["parts.csv"])[1:] == ["P1,Washer,0.125,ea", "P2,Valve,100.00,box"]
    assert rows(first["parts_used.csv"])[1:] == ["W2,P1,2.5,", "W2,P2,1,99.9999"]
    # The plan starts at a wall time the spring-forward skips: kept as written, not moved.
    assert "2026-03-08T02:30" in first["pm_plans.csv"]
    work_orders = first["work_orders.csv"]
    assert "2026-03-01T04:00" in work_orders  # created_at given in UTC, written in Chicago time
    assert "T1,2026-11-01T01:15-05:00,2026-11-01T01:45-06:00,PM1" in work_orders
    assert work_orders.index("W10,") < work_orders.index("W2,")  # plain code order
    assert work_orders.endswith(
        'W2,general,emergency,closed,S1,,"Fix <it> & ""more""","Line 1\nLine 2",,3.5,,2026-01-02T03:04:05,,,,\n'
    )
    assert first["company.csv"].startswith(
        'name,address,phone,email,timezone,currency,tax_rate,payment_terms_days\n'
        '"Ünïcødé & <Sons> ""Mechanical"", Ltd.","Unit 5, ""The Yard""\nRue d’Été 1\n75001 Paris",,,'
        "America/Chicago,EUR,7.125,15\n"
    )
    with other_ctx.read() as uow:
        wo = uow.work_order("W10")
        assert wo.pm_occurrence == wo.due_by
        assert uow.work_order("W2").completed_at == datetime(2026, 1, 3, 18, 0, 45, tzinfo=UTC)
