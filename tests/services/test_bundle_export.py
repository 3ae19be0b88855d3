"""CSV bundle export: the file format, and round trips that give identical files back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.services import bundle_export
from dispatch_console.services.bundle_export import export_bundle, export_folder
from dispatch_console.services.bundle_import import BUNDLE_FILES, import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.demo import create_demo_company
from dispatch_console.storage import models as m
from tests.services.bundles import database_contents, encoded, second_database


@pytest.fixture
def other_ctx(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    yield from second_database(_template, tmp_path, clock)


@pytest.fixture
def northwind_ctx(ctx: ServiceContext, sample_bundle: Path) -> ServiceContext:
    import_folder(ctx, sample_bundle)
    return ctx


def rows(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


MANIFEST_ONLY = b"version\n2\n"
FRESH_SERIES = b"series,next_number\ninvoice,1001\nwork_order,1001\nwork_request,1001\n"


# -- the format ------------------------------------------------------------------------------------
def test_an_empty_database_exports_its_version_and_number_series(ctx: ServiceContext, tmp_path: Path) -> None:
    assert export_bundle(ctx) == {"bundle.csv": MANIFEST_ONLY, "number_series.csv": FRESH_SERIES}
    report = export_folder(ctx, tmp_path / "out")
    assert report.files == ["bundle.csv", "number_series.csv"]
    assert report.lines() == ["number_series.csv: 3 rows"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bundle.csv", "number_series.csv"]


def test_a_file_only_for_tables_with_rows(ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded({"company.csv": "name,timezone\nAcme,Europe/Berlin\n"}))
    assert export_bundle(ctx) == {
        "bundle.csv": MANIFEST_ONLY,
        "company.csv": b"name,address,phone,email,timezone,currency,tax_rate,payment_terms_days,travel_speed_kmh\n"
                       b"Acme,,,,Europe/Berlin,USD,,30,40\n",
        "number_series.csv": FRESH_SERIES,
    }


def test_the_sample_exports_in_the_spec_layout(ctx: ServiceContext, sample_bundle: Path) -> None:
    import_folder(ctx, sample_bundle)
    bundle = export_bundle(ctx)
    assert list(bundle) == ["bundle.csv"] + [
        name for name in BUNDLE_FILES
        if name not in ("time_off.csv", "service_agreements.csv", "requests.csv", "checklist_items.csv",
                        "planned_parts.csv", "notes.csv", "photos.csv", "signatures.csv", "scope_changes.csv",
                        "invoices.csv", "invoice_lines.csv")
    ]
    for name, data in bundle.items():
        if name != "bundle.csv":
            assert rows(data)[0] == ",".join(BUNDLE_FILES[name])
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
        'Dallas, TX 75202",214-555-0100,office@northwind.example,America/Chicago,USD,8.25,30,40',
    ]
    assert rows(bundle["customers.csv"])[2] == "Dallas, TX 75200\",214-555-2000,ap0@cust.example,0"  # exempt: 0
    assert rows(bundle["technicians.csv"])[1] == (
        "T001,Kai Schmidt,214-555-1000,t1@northwind.example,85.00,32.89276,-97.1247,07:00,16:00,"
        "Mon;Tue;Wed;Thu;Fri,true"
    )
    assert rows(bundle["technician_skills.csv"])[1:3] == ["T001,CTRL,", "T001,HVAC,"]
    assert rows(bundle["work_orders.csv"])[1] == (
        'WO-1001,preventive,high,scheduled,S0001-1,A0001-1-1,Preventive visit: RTU 1,"Inspect, service and '
        'report findings.",,,2,2026-12-10T17:00,2026-11-26T09:00,,,,,,,,,true,,,'
    )
    assert rows(bundle["bookings.csv"])[1] == "WO-1001,T001,2026-12-07T08:00,2026-12-07T10:00,,"
    assert rows(bundle["pm_plans.csv"])[3] == (
        "PM-RTU-Q,S0001-1,A0001-1-1,preventive,Quarterly RTU service,Replace filters;Check belts;"
        "Check refrigerant pressures;Clean coils,HVAC,2,FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1,"
        "2026-01-05T08:00,14,T001,true,fixed,,"
    )


def test_files_are_utf8_without_bom_with_lf_line_ends(ctx: ServiceContext, sample_bundle: Path, tmp_path: Path) -> None:
    import_bundle(ctx, encoded({"skills.csv": "code,name\nHVAC,Chauffage & clim’\n"}))
    folder = tmp_path / "out"
    assert "skills.csv" in export_folder(ctx, folder).files
    data = (folder / "skills.csv").read_bytes()
    assert data == "code,name\nHVAC,Chauffage & clim’\n".encode()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert (folder / "bundle.csv").read_bytes() == MANIFEST_ONLY


def test_codes_sort_the_same_on_every_database(ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded({"skills.csv": "code,name\nb1,x\nB2,x\na3,x\n10,x\n9,x\n"}))
    assert [row.split(",")[0] for row in rows(export_bundle(ctx)["skills.csv"])[1:]] == ["10", "9", "B2", "a3", "b1"]


def test_every_booking_of_an_order_is_exported(ctx: ServiceContext, sample_bundle: Path) -> None:
    import_folder(ctx, sample_bundle)
    with ctx.write("Book an earlier visit and a second technician") as uow:
        wo = uow.work_order("WO-1001", full=True)
        wo.bookings.append(m.Booking(
            technician_id=uow.require(m.Technician, "T003").id,
            start=datetime(2026, 12, 4, 14, 0, tzinfo=UTC), end=datetime(2026, 12, 4, 15, 30, tzinfo=UTC),
            confirmed_conflicts="T003 lacks the skill HVAC", confirmed_by="Olga Office",
        ))
        wo.bookings.append(m.Booking(
            technician_id=uow.require(m.Technician, "T002").id,
            start=datetime(2026, 12, 7, 14, 0, tzinfo=UTC), end=datetime(2026, 12, 7, 16, 0, tzinfo=UTC),
        ))
    assert [row for row in rows(export_bundle(ctx)["bookings.csv"]) if row.startswith("WO-1001,")] == [
        "WO-1001,T003,2026-12-04T08:00,2026-12-04T09:30,T003 lacks the skill HVAC,Olga Office",
        "WO-1001,T001,2026-12-07T08:00,2026-12-07T10:00,,",  # same start: the older booking first
        "WO-1001,T002,2026-12-07T08:00,2026-12-07T10:00,,",
    ]


def test_exporting_into_an_old_export_removes_its_stale_files(ctx: ServiceContext, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "files" / "WO-1").mkdir(parents=True)
    (folder / "files" / "WO-1" / "photo-1.jpg").write_bytes(b"old photo")
    (folder / "time_off.csv").write_text("tech_code,start,end\n", encoding="utf-8")
    (folder / "README.txt").write_text("mine", encoding="utf-8")
    import_bundle(ctx, encoded({"skills.csv": "code,name\nHVAC,HVAC service\n"}))
    assert export_folder(ctx, folder).files == ["bundle.csv", "skills.csv", "number_series.csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "bundle.csv", "number_series.csv", "skills.csv"]


def test_an_export_that_fails_leaves_the_former_export_whole(
    northwind_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk halfway (here: the fourth file cannot be written): the bundle already in the
    folder is as it was, file for file, and nothing half-written is left beside it."""
    folder = tmp_path / "out"
    export_folder(northwind_ctx, folder)
    (folder / "README.txt").write_text("mine", encoding="utf-8")
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with northwind_ctx.write("rename") as uow:
        uow.require(m.Customer, "C0001").name = "Renamed after the first export"
    opened: list[str] = []
    write = bundle_export._InFolder.write

    def fail_on_the_fourth_file(sink: Any, name: str, data: bytes) -> None:
        if name not in opened:
            opened.append(name)
        if len(opened) == 4:
            raise OSError(28, "No space left on device")
        write(sink, name, data)

    monkeypatch.setattr(bundle_export._InFolder, "write", fail_on_the_fourth_file)
    with pytest.raises(OSError, match="No space left"):
        export_folder(northwind_ctx, folder)
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []

    monkeypatch.undo()
    killed = folder / ".export-k1ll3d.part"  # what an export killed halfway leaves
    (killed / "files").mkdir(parents=True)
    (killed / "customers.csv").write_text("half", encoding="utf-8")
    export_folder(northwind_ctx, folder)  # the next export replaces it whole
    assert b"Renamed after the first export" in (folder / "customers.csv").read_bytes()
    assert (folder / "README.txt").read_text(encoding="utf-8") == "mine"
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


# -- photos and signatures ---------------------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))  # any bytes: kept exactly


def _add_photos_and_signature(ctx: ServiceContext) -> None:
    at = datetime(2026, 11, 20, 17, 40, tzinfo=UTC)
    with ctx.write("Photos and signature") as uow:
        wo = uow.work_order("WO-1013", full=True)
        wo.attachments.append(m.Attachment(
            kind="before", filename="Roof unit, before.JPG", content_type="image/jpeg", data=b"jpeg 1",
            caption="Contactor, burnt", added_by="Kai Schmidt", added_at=at,
        ))
        wo.attachments.append(m.Attachment(
            kind="after", filename="no extension", content_type="image/png", data=PNG,
            caption=None, added_by="Kai Schmidt", added_at=at,
        ))
        wo.signature = m.Signature(signer_name="Dr. Åsa Ng", signed_at=at, image_png=PNG)
        other = uow.work_order("WO-1014", full=True)
        other.signature = m.Signature(signer_name="Front desk", signed_at=at, image_png=None)


def test_photos_and_signatures_are_files_of_the_bundle(
    northwind_ctx: ServiceContext, other_ctx: ServiceContext, tmp_path: Path
) -> None:
    _add_photos_and_signature(northwind_ctx)
    bundle = export_bundle(northwind_ctx)
    assert rows(bundle["photos.csv"])[1:] == [
        'WO-1013,files/WO-1013/photo-1.jpg,"Roof unit, before.JPG",before,image/jpeg,"Contactor, burnt",'
        "Kai Schmidt,2026-11-20T11:40",
        "WO-1013,files/WO-1013/photo-2.png,no extension,after,image/png,,Kai Schmidt,2026-11-20T11:40",
    ]
    assert rows(bundle["signatures.csv"])[1:] == [
        "WO-1013,Dr. Åsa Ng,2026-11-20T11:40,files/WO-1013/signature.png",
        "WO-1014,Front desk,2026-11-20T11:40,",
    ]
    assert bundle["files/WO-1013/photo-1.jpg"] == b"jpeg 1"
    assert bundle["files/WO-1013/photo-2.png"] == bundle["files/WO-1013/signature.png"] == PNG

    report = export_folder(northwind_ctx, tmp_path / "out")
    assert "photos.csv: 2 rows" in report.lines() and "signatures.csv: 2 rows" in report.lines()
    assert report.lines()[-1] == "files/: 3 photos and signatures"
    assert (tmp_path / "out" / "files" / "WO-1013" / "photo-2.png").read_bytes() == PNG
    import_folder(other_ctx, tmp_path / "out")
    assert export_bundle(other_ctx) == bundle
    with other_ctx.read() as uow:
        wo = uow.work_order("WO-1013", full=True)
        assert [(p.filename, p.kind, p.data) for p in wo.attachments] == [
            ("Roof unit, before.JPG", "before", b"jpeg 1"), ("no extension", "after", PNG)
        ]
        assert wo.signature is not None and wo.signature.image_png == PNG


def test_file_names_never_clash_even_on_a_case_blind_disk(ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded({
        "customers.csv": "code,name\nC1,One\n",
        "sites.csv": "code,customer_code,name,address\nS1,C1,Depot,1 Road\n",
        "work_orders.csv": "number,type,site_code,summary\nwo/1,general,S1,Fix\nWO:1,general,S1,Fix\n",
    }))
    at = datetime(2026, 11, 20, 17, 40, tzinfo=UTC)
    with ctx.write("Photos") as uow:
        for number in ("wo/1", "WO:1"):
            wo = uow.work_order(number, full=True)
            wo.attachments.append(m.Attachment(
                kind="other", filename="a.png", content_type="image/png", data=number.encode(),
                added_by="x", added_at=at,
            ))
    bundle = export_bundle(ctx)
    assert [name for name in bundle if name.startswith("files/")] == [
        "files/WO_1/photo-1.png", "files/wo_1/photo-1-2.png"  # WO:1 sorts first and takes the name
    ]
    assert bundle["files/wo_1/photo-1-2.png"] == b"wo/1"


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

    import_bundle(other_ctx, first)
    assert export_bundle(other_ctx) == first
    assert not import_bundle(other_ctx, first).changed

    assert rows(first["time_off.csv"])[1:] == [
        "T1,2026-11-01T01:30-05:00,2026-11-01T01:30-06:00,Fall back: the same hour twice",
        'T1,2026-12-01T08:00:30,2026-12-01T09:00,"Doctor, 30 s late"',
    ]
    assert rows(first["technicians.csv"])[1] == (
        "T1,Zoë O’Brien,,,85.125,-0.5,0.00001,06:30,15:15,Sat;Sun,false"
    )
    assert rows(first["technician_skills.csv"])[1:] == ["T1,ELEC,", "T1,HVAC,"]
    assert rows(first["parts.csv"])[1:] == ["P1,Washer,0.125,ea", "P2,Valve,100.00,box"]
    assert rows(first["parts_used.csv"])[1:] == ["W2,P1,2.5,", "W2,P2,1,99.9999"]
    # The plan starts at a wall time the spring-forward skips: kept as written, not moved.
    assert "2026-03-08T02:30" in first["pm_plans.csv"].decode()
    work_orders = first["work_orders.csv"].decode()
    assert "2026-03-01T04:00" in work_orders  # created_at given in UTC, written in Chicago time
    assert rows(first["bookings.csv"])[1:] == ["W10,T1,2026-11-01T01:15-05:00,2026-11-01T01:45-06:00,,"]
    assert work_orders.index("W10,") < work_orders.index("W2,")  # plain code order
    assert work_orders.endswith(
        'W2,general,emergency,closed,S1,,"Fix <it> & ""more""","Line 1\nLine 2",,,3.5,,2026-01-02T03:04:05,'
        ",,,,2026-01-03T12:00:45,,,,true,,,\n"
    )
    assert first["company.csv"].decode().startswith(
        "name,address,phone,email,timezone,currency,tax_rate,payment_terms_days,travel_speed_kmh\n"
        '"Ünïcødé & <Sons> ""Mechanical"", Ltd.","Unit 5, ""The Yard""\nRue d’Été 1\n75001 Paris",,,'
        "America/Chicago,EUR,7.125,15,40\n"
    )
    with other_ctx.read() as uow:
        wo = uow.work_order("W10")
        assert wo.pm_occurrence == wo.due_by
        assert uow.work_order("W2").completed_at == datetime(2026, 1, 3, 18, 0, 45, tzinfo=UTC)


# -- the demo company moves out whole ------------------------------------------------------------------
def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_demo_company_leaves_whole(ctx: ServiceContext, other_ctx: ServiceContext, tmp_path: Path) -> None:
    """Export, import into an empty database, export again: the same bytes, and the same rows."""
    create_demo_company(ctx)
    export_folder(ctx, tmp_path / "first")
    import_folder(other_ctx, tmp_path / "first")
    export_folder(other_ctx, tmp_path / "second")

    first, second = folder_bytes(tmp_path / "first"), folder_bytes(tmp_path / "second")
    assert list(first) == list(second)
    for name in first:
        assert first[name] == second[name], name
    # Not only the files: every value of every row arrived (ids and save stamps aside).
    assert database_contents(other_ctx) == database_contents(ctx)
    # What the demo has of each kind, so a kind the bundle drops cannot pass unnoticed.
    for name in BUNDLE_FILES:
        assert name in first, f"the demo company has no {name}"
    assert any(name.startswith("files/") and "/photo-" in name for name in first)
    assert not import_folder(other_ctx, tmp_path / "second").changed
