"""CSV bundle version 2: bundle.csv, the files/ folder, and what each new file allows and refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.services.bundle_export import export_bundle
from dispatch_console.services.bundle_import import (
    BUNDLE_FILES,
    import_bundle,
    import_folder,
)
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.services.bundles import Refuse, encoded, read_in_two_layouts, refusing

V2 = "version\n2\n"
COUNTED = (m.WorkRequest, m.WorkOrder, m.Booking, m.Invoice, m.InvoiceLine, m.Note, m.Attachment,
           m.Signature, m.ScopeChange, m.ChecklistItem, m.PlannedPart, m.ServiceAgreement, m.TechnicianSkill,
           m.AuditEntry)

#: On top of the Northwind sample: a request that became an invoiced work order, and its invoice.
BILLED = {
    "bundle.csv": V2,
    "requests.csv": "number,status,customer_code,site_code,problem,received_at,reviewed_by,reviewed_at\n"
                    "REQ-1,approved,C0002,S0002-1,No heat in the bakery,2026-11-20T08:00,Olga,2026-11-20T08:30\n",
    "work_orders.csv": "number,type,status,site_code,summary,request_number,completed_at\n"
                       "WO-2001,corrective,invoiced,S0002-1,No heat,REQ-1,2026-11-21T12:00\n",
    "bookings.csv": "work_order_number,tech_code,start,end\nWO-2001,T002,2026-11-21T08:00,2026-11-21T12:00\n",
    "invoices.csv": "number,customer_code,issued_on,due_on,currency,tax_rate,subtotal,tax,total\n"
                    "INV-1,C0002,2026-11-22,2026-12-22,USD,8.25,130.00,10.73,140.73\n",
    "invoice_lines.csv": "invoice_number,work_order_number,kind,description,quantity,unit_price,amount\n"
                         "INV-1,WO-2001,labor,WO-2001 labor,1,100.00,100.00\n"
                         "INV-1,WO-2001,part,WO-2001 CAP-45,1,30.00,30.00\n",
}


def counts(ctx: ServiceContext) -> dict[str, int]:
    with ctx.read() as uow:
        return {model.__name__: uow.count(model) for model in COUNTED}


@pytest.fixture
def refuse(tmp_path: Path) -> Refuse:
    return refusing(tmp_path)


@pytest.fixture
def northwind(ctx: ServiceContext, sample_bundle: Path) -> ServiceContext:
    import_folder(ctx, sample_bundle)
    return ctx


@pytest.fixture
def billed(northwind: ServiceContext) -> ServiceContext:
    import_bundle(northwind, encoded(BILLED))
    return northwind


# -- bundle.csv and the version ----------------------------------------------------------------------
def test_a_version_2_bundle_brings_what_version_1_cannot(billed: ServiceContext) -> None:
    with billed.read() as uow:
        wo = uow.work_order("WO-2001", full=True)
        assert wo.request is not None and wo.request.number == "REQ-1"
        assert wo.completed_at == datetime(2026, 11, 21, 18, 0, tzinfo=UTC)  # as written, not guessed
        invoice = uow.require(m.Invoice, "INV-1")
        assert (invoice.total, invoice.created_by, invoice.created_at) == (
            Decimal("140.73"), "Dana Dispatcher", billed.now()
        )
        assert [(line.position, line.kind, line.amount) for line in invoice.lines] == [
            (1, "labor", Decimal("100.00")), (2, "part", Decimal("30.00"))
        ]


def test_importing_a_version_2_bundle_twice_changes_nothing(billed: ServiceContext, clock: Any) -> None:
    before = (export_bundle(billed), counts(billed))
    clock.advance(hours=2)  # defaults of "now" apply to new rows only
    assert not import_bundle(billed, encoded(BILLED)).changed
    assert (export_bundle(billed), counts(billed)) == before


@pytest.mark.parametrize(
    ("manifest", "errors"),
    [
        ("version\n3\n", ["bundle.csv:2: version: '3' is not a bundle version this console reads; it reads "
                          "versions 1 and 2 (a newer console may have written this bundle)"]),
        ("version\n2\n2\n", ["bundle.csv:3: bundle.csv holds exactly one row: the version"]),
        ("version\n", ["bundle.csv:2: bundle.csv holds exactly one row: the version"]),
        ("format\n2\n", ["bundle.csv:1: format: unknown column; the columns of bundle.csv are: version, spreadsheet_safe",
                         "bundle.csv:1: version: required column is missing"]),
        ("", ["bundle.csv:1: the file is empty; the first row must name the columns"]),
    ],
    ids=["newer version", "two rows", "no row", "wrong column", "empty"],
)
def test_a_bundle_whose_version_cannot_be_told_is_refused(
    northwind: ServiceContext, refuse: Refuse, manifest: str, errors: list[str]
) -> None:
    # Only the manifest is reported: the other files cannot be read without the version.
    assert refuse(northwind, {"bundle.csv": manifest, "skills.csv": "code,name,nonsense\nX,Y,Z\n"}) == errors


def test_version_1_declared_reads_the_version_1_columns(northwind: ServiceContext) -> None:
    report = import_bundle(northwind, encoded({
        "bundle.csv": "version\n1\n",
        "technicians.csv": "code,name,skills,workdays\nT9,Al Ode,HVAC;ELEC,Sun;Mon;Tue;Wed;Thu\n",
    }))
    assert report.files["technicians.csv"].created == 1
    with northwind.read() as uow:
        al = uow.require(m.Technician, "T9")
        assert al.workdays == "Sun;Mon;Tue;Wed;Thu"  # the order as written
        assert sorted(held.skill.code for held in al.skills) == ["ELEC", "HVAC"]


def test_version_1_columns_in_version_2_say_where_they_went(northwind: ServiceContext, refuse: Refuse) -> None:
    tech_columns = ", ".join(BUNDLE_FILES["technicians.csv"])
    wo_columns = ", ".join(BUNDLE_FILES["work_orders.csv"])
    assert refuse(northwind, {
        "bundle.csv": V2,
        "technicians.csv": "code,name,skills\nT9,Al,HVAC\n",
        "work_orders.csv": "number,type,site_code,summary,tech_code\nWO-9,general,S0001-1,Fix,T001\n",
    }) == [
        ("technicians.csv:1: skills: unknown column; in version 2 it is in technician_skills.csv; the columns "
         f"of technicians.csv are: {tech_columns}"),
        ("work_orders.csv:1: tech_code: unknown column; in version 2 it is in bookings.csv; the columns of "
         f"work_orders.csv are: {wo_columns}"),
    ]


def test_photos_need_version_2(northwind: ServiceContext, refuse: Refuse) -> None:
    assert refuse(northwind, {"skills.csv": "code,name\nX,Y\n", "files/WO-1013/a.jpg": b"jpeg"}) == [
        ("files/WO-1013/a.jpg:1: photos and signatures come with bundle version 2: add bundle.csv declaring "
         "version 2, with photos.csv and signatures.csv naming the files"),
    ]


def test_an_exports_bundle_without_its_bundle_csv_says_so_once(billed: ServiceContext, refuse: Refuse) -> None:
    """Read as version 1, each file and column of the export would be one more "unknown" error."""
    files = export_bundle(billed)
    del files["bundle.csv"]
    (error,) = refuse(billed, files)
    assert error.startswith("bundle.csv:1: the file is missing, and bookings.csv, invoice_lines.csv, invoices.csv and ")
    assert error.endswith("belong to a version 2 bundle (as the export writes it), which starts with "
                          "bundle.csv: put it back, or write it as two lines, 'version' and '2'")
    # One stray file of version 2 beside a hand-made bundle is only unknown.
    assert refuse(billed, {"notes.csv": "a\n1\n"})[0].startswith("notes.csv:1: unknown file; ")

def test_an_unknown_file_of_version_2(northwind: ServiceContext, refuse: Refuse) -> None:
    assert refuse(northwind, {"bundle.csv": V2, "tasks.csv": "a\n1\n"}) == [
        f"tasks.csv:1: unknown file; a bundle holds only bundle.csv, {', '.join(BUNDLE_FILES)} and the files folder"
    ]


# -- lists replaced per owner -----------------------------------------------------------------------
def test_a_list_is_replaced_for_the_owners_named_only(northwind: ServiceContext) -> None:
    notes = "work_order_number,author,at,text\n"
    import_bundle(northwind, encoded({"bundle.csv": V2, "notes.csv": notes + (
        "WO-1013,Kai,2026-11-20T12:00,Replaced the contactor.\n"
        'WO-1014,Ben,2026-11-20T12:00,"Filters changed,\nall four."\n'
    )}))
    report = import_bundle(northwind, encoded({"bundle.csv": V2, "notes.csv": notes + (
        "WO-1013,Kai,2026-11-20T12:05,First line.\nWO-1013,Kai,2026-11-20T12:06,Second line.\n"
    )}))
    c = report.files["notes.csv"]
    assert (c.created, c.removed, c.unchanged) == (2, 1, 0)
    with northwind.read() as uow:
        assert [n.text for n in uow.work_order("WO-1013", full=True).notes] == ["First line.", "Second line."]
        assert [n.text for n in uow.work_order("WO-1014", full=True).notes] == ["Filters changed,\nall four."]


def test_checklist_items_keep_their_order(northwind: ServiceContext) -> None:
    import_bundle(northwind, encoded({"bundle.csv": V2, "checklist_items.csv": (
        "work_order_number,text,done,done_by,done_at\n"
        "WO-1013,Isolate power,yes,Kai,2026-11-20T09:10\nWO-1013,Check amps,no,,\nWO-1013,Clean up,,,\n"
    )}))
    with northwind.read() as uow:
        items = uow.work_order("WO-1013", full=True).checklist
        assert [(i.position, i.text, i.done, i.done_by) for i in items] == [
            (0, "Isolate power", True, "Kai"), (1, "Check amps", False, None), (2, "Clean up", False, None)
        ]


def test_certifications_are_replaced_with_their_expiry(northwind: ServiceContext) -> None:
    head = "tech_code,skill_code,certified_until\n"
    import_bundle(northwind, encoded({"bundle.csv": V2, "technician_skills.csv": head + (
        "T001,HVAC,2027-06-30\nT001,REFR,\n"
    )}))
    with northwind.read() as uow:
        held = {h.skill.code: h.certified_until for h in uow.require(m.Technician, "T001").skills}
        assert held == {"HVAC": date(2027, 6, 30), "REFR": None}  # CTRL taken away
        assert len(uow.require(m.Technician, "T002").skills) == 2  # not named: untouched
    # A version-1 skills list keeps the expiry of a skill still held.
    import_bundle(northwind, encoded({"technicians.csv": "code,name,skills\nT001,Kai Schmidt,HVAC;CTRL\n"}))
    with northwind.read() as uow:
        held = {h.skill.code: h.certified_until for h in uow.require(m.Technician, "T001").skills}
        assert held == {"HVAC": date(2027, 6, 30), "CTRL": None}


def test_agreements_are_replaced_per_customer(northwind: ServiceContext) -> None:
    head = "customer_code,site_code,name,starts_on,ends_on,scope,not_to_exceed\n"
    import_bundle(northwind, encoded({"bundle.csv": V2, "service_agreements.csv": head + (
        "C0001,,Full service,2026-01-01,2026-12-31,All HVAC,25000\nC0002,S0002-1,Ovens,2026-01-01,2026-01-01,,\n"
    )}))
    report = import_bundle(northwind, encoded({"bundle.csv": V2, "service_agreements.csv": head + (
        "C0001,S0001-2,Annex,2027-01-01,2027-12-31,,\n"
    )}))
    assert (report.files["service_agreements.csv"].created, report.files["service_agreements.csv"].removed) == (1, 1)
    with northwind.read() as uow:
        names = sorted(a.name for a in uow.all(m.ServiceAgreement))
        assert names == ["Annex", "Ovens"]


def test_a_signature_is_updated_in_place(northwind: ServiceContext) -> None:
    head = "work_order_number,signer_name,signed_at,file\n"
    import_bundle(northwind, encoded({
        "bundle.csv": V2, "signatures.csv": head + "WO-1013,Pat,2026-11-20T12:00,files/s.png\n",
        "files/s.png": b"png one",
    }))
    report = import_bundle(northwind, encoded({
        "bundle.csv": V2, "signatures.csv": head + "WO-1013,Pat Lee,2026-11-20T12:00,\n",
    }))
    assert report.files["signatures.csv"].updated == 1
    with northwind.read() as uow:
        signature = uow.work_order("WO-1013", full=True).signature
        assert signature is not None and (signature.signer_name, signature.image_png) == ("Pat Lee", None)
        assert uow.count(m.Signature) == 1


def test_a_photo_row_may_leave_its_name_and_type_to_the_file(northwind: ServiceContext) -> None:
    import_bundle(northwind, encoded({
        "bundle.csv": V2,
        "photos.csv": "work_order_number,file,added_by,added_at\nWO-1013,files\\site visit\\Roof.JPG,Kai,"
                      "2026-11-20T10:00\n",
        "files/site visit/Roof.JPG": b"\xff\xd8jpeg",
    }))
    with northwind.read() as uow:
        photo = uow.work_order("WO-1013", full=True).attachments[0]
        assert (photo.filename, photo.content_type, photo.kind, photo.data) == (
            "Roof.JPG", "image/jpeg", "other", b"\xff\xd8jpeg"
        )


def test_a_number_series_only_moves_forward(northwind: ServiceContext) -> None:
    head = "series,next_number\n"
    import_bundle(northwind, encoded({"bundle.csv": V2, "number_series.csv": head + "invoice,5001\nmine,7\n"}))
    report = import_bundle(northwind, encoded({"bundle.csv": V2, "number_series.csv": head + "invoice,1001\n"}))
    assert not report.changed
    with northwind.write("Number") as uow:
        assert uow.next_number("invoice", "INV-", m.Invoice) == "INV-5001"


def test_an_issued_invoice_may_be_repeated_exactly(billed: ServiceContext) -> None:
    report = import_bundle(billed, encoded({
        "bundle.csv": V2, "invoices.csv": BILLED["invoices.csv"], "invoice_lines.csv": BILLED["invoice_lines.csv"],
    }))
    assert not report.changed


# -- refusals of each new file ------------------------------------------------------------------------
LINES_HEAD = "invoice_number,work_order_number,kind,description,quantity,unit_price,amount\n"
INVOICE_HEAD = "number,customer_code,issued_on,due_on,currency,tax_rate,subtotal,tax,total\n"
V2_REFUSALS: list[tuple[str, dict[str, str | bytes], list[str]]] = [
    ("skill held twice", {"technician_skills.csv": "tech_code,skill_code,certified_until\n"
                                                   "T001,HVAC,\nT001,HVAC,2027-01-01\nT001,NOPE,someday\n"},
     ["technician_skills.csv:3: skill_code: 'HVAC' is already on line 2; the technician has this skill",
      "technician_skills.csv:4: certified_until: 'someday' is not a date; write YYYY-MM-DD",
      "technician_skills.csv:4: skill_code: no skill 'NOPE' in skills.csv or in the database"]),
    ("agreement ends before it starts, site of another customer",
     {"service_agreements.csv": "customer_code,site_code,name,starts_on,ends_on\n"
                                "C0001,S0002-1,Ovens,2026-02-01,2026-01-31\nC9,,X,2026-01-01,2026-01-02\n"},
     ["service_agreements.csv:2: ends_on: 2026-01-31 is before starts_on 2026-02-01",
      "service_agreements.csv:2: site_code: site 'S0002-1' belongs to customer 'C0002', not to 'C0001'",
      "service_agreements.csv:3: customer_code: no customer 'C9' in customers.csv or in the database"]),
    ("request of another customer's site, asset elsewhere, bad status",
     {"requests.csv": "number,status,customer_code,site_code,asset_code,problem\n"
                      "REQ-9,maybe,C0001,S0002-1,A0001-1-1,Leak\n"},
     ["requests.csv:2: status: 'maybe' is not a request status; use one of: new, approved, rejected",
      "requests.csv:2: asset_code: asset 'A0001-1-1' belongs to site 'S0001-1', not to 'S0002-1'",
      "requests.csv:2: site_code: site 'S0002-1' belongs to customer 'C0002', not to 'C0001'"]),
    ("one request, two work orders; an occurrence without a plan",
     {"requests.csv": "number,customer_code,site_code,problem\nREQ-9,C0001,S0001-1,Leak\n",
      "work_orders.csv": "number,type,site_code,summary,request_number,plan_occurrence\n"
                         "WO-8,general,S0001-1,Leak,REQ-9,\nWO-9,general,S0001-1,Leak,REQ-9,2026-12-01T08:00\n"},
     ["work_orders.csv:3: plan_occurrence: only a work order of a recurring plan has a plan occurrence; "
      "fill pm_plan_code",
      "work_orders.csv:3: request_number: request 'REQ-9' is already work order WO-8 (line 2); a request "
      "becomes one work order"]),
    ("two orders for one plan occurrence",
     {"work_orders.csv": "number,type,site_code,summary,pm_plan_code,due_by,plan_occurrence\n"
                         "WO-8,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-04T08:00,2027-01-01T08:00\n"
                         "WO-9,preventive,S0001-1,RTU,PM-RTU-Q,2027-01-01T08:00,\n"},
     ["work_orders.csv:3: due_by: occurrence 2027-01-01T08:00 of plan 'PM-RTU-Q' is already work order "
      "WO-8 (line 2)"]),
    ("scheduled without a row in bookings.csv",
     {"work_orders.csv": "number,type,status,site_code,summary\nWO-9,general,scheduled,S0001-1,Fix\n"
                         "WO-10,general,dispatched,S0001-1,Fix\n",
      "bookings.csv": "work_order_number,tech_code,start,end\nWO-10,T001,2026-12-01T09:00,2026-12-01T10:00\n"},
     ["work_orders.csv:2: status: a scheduled work order needs a booking: give it a row in bookings.csv"]),
    ("booking ends before it starts, unknown technician",
     {"bookings.csv": "work_order_number,tech_code,start,end\nWO-1009,T001,2026-12-01T09:00,2026-12-01T08:00\n"
                      "WO-1009,T999,2026-12-01T09:00,2026-12-01T10:00\n"},
     ["bookings.csv:2: end: 2026-12-01T08:00 is not after start 2026-12-01T09:00",
      "bookings.csv:3: tech_code: no technician 'T999' in technicians.csv or in the database"]),
    ("bookings of finished work changed",
     {"bookings.csv": "work_order_number,tech_code,start,end\nWO-1001,T001,2026-12-07T08:00,2026-12-07T10:00\n"
                      "WO-1013,T001,2026-11-20T09:00,2026-11-20T12:00\n"
                      "WO-1013,T003,2026-11-20T09:00,2026-11-20T12:00\n"},
     ["bookings.csv:3: work_order_number: WO-1013 is completed in the database; its bookings are part of the "
      "record and an import cannot change them"]),
    ("checklist item without text, odd tick",
     {"checklist_items.csv": "work_order_number,text,done\nWO-1013,,yes\nWO-1013,Clean,perhaps\n"},
     ["checklist_items.csv:2: text: a value is required",
      "checklist_items.csv:3: done: 'perhaps' is not a yes/no value; write true/false, yes/no or 1/0"]),
    ("planned part of nothing, unknown sku",
     {"planned_parts.csv": "work_order_number,sku,quantity\nWO-1009,F-2020,0\nWO-1009,NOPE,1\n"},
     ["planned_parts.csv:2: quantity: '0' must be greater than 0",
      "planned_parts.csv:3: sku: no part 'NOPE' in parts.csv or in the database"]),
    ("note without a time",
     {"notes.csv": "work_order_number,author,text\nWO-1013,Kai,Done\n"},
     ["notes.csv:1: at: required column is missing"]),
    ("photo file missing or outside the folder, bad kind, a file nobody names",
     {"photos.csv": "work_order_number,file,kind,added_by,added_at\n"
                    "WO-1013,files/WO-1013/a.jpg,before,Kai,2026-11-20T10:00\n"
                    "WO-1013,../etc/passwd,during,Kai,2026-11-20T10:00\n",
      "files/WO-1013/b.jpg": b"jpeg"},
     ["photos.csv:2: file: no file 'files/WO-1013/a.jpg' in the bundle folder",
      ("photos.csv:3: file: '../etc/passwd' is not a file of the bundle's files folder; write e.g. "
       "files/WO-1001/photo-1.jpg"),
      "photos.csv:3: kind: 'during' is not a photo kind; use one of: before, after, other",
      ("files/WO-1013/b.jpg:1: no row of photos.csv or signatures.csv names this file; add its row or "
       "remove the file")]),
    ("two signatures for one order",
     {"signatures.csv": "work_order_number,signer_name,signed_at\nWO-1013,Pat,2026-11-20T12:00\n"
                        "WO-1013,Sam,2026-11-20T12:01\n"},
     ["signatures.csv:3: work_order_number: 'WO-1013' is already on line 2; a work order has one signature"]),
    ("scope change number twice, number 0, bad status, negative hours",
     {"scope_changes.csv": "work_order_number,seq,description,status,extra_hours,requested_by,requested_at\n"
                           "WO-1013,1,Add a valve,approved,2,Kai,2026-11-20T10:00\n"
                           "WO-1013,1,Add a pump,,,Kai,2026-11-20T10:05\n"
                           "WO-1014,0,Add a pump,later,-1,Kai,2026-11-20T10:05\n"},
     ["scope_changes.csv:3: seq: '1' is already on line 2; the scope change number is taken",
      "scope_changes.csv:4: seq: '0' is not between 1 and 1000000",
      "scope_changes.csv:4: extra_hours: '-1' is negative; it must be 0 or more",
      "scope_changes.csv:4: status: 'later' is not a scope change status; use one of: pending, approved, rejected"]),
    ("invoice totals that are not what its lines make",
     {"work_orders.csv": "number,type,status,site_code,summary\nWO-9,general,closed,S0002-1,Fix\n",
      "invoices.csv": INVOICE_HEAD + "INV-9,C0002,2026-11-22,2026-12-22,USD,8.25,100.00,8.26,108.26\n",
      "invoice_lines.csv": LINES_HEAD + "INV-9,WO-9,labor,Labor,1,100.00,100.00\n"},
     ["invoices.csv:2: tax: 8.26 does not match the invoice's lines: they make tax 8.25",
      "invoices.csv:2: total: 108.26 does not match the invoice's lines: they make total 108.25"]),
    ("billing open work, another customer's work, work billed twice",
     {"invoices.csv": INVOICE_HEAD + "INV-9,C0001,2026-11-22,2026-12-22,USD,0,20.00,0.00,20.00\n",
      "invoice_lines.csv": LINES_HEAD + "INV-9,WO-1009,labor,Labor,1,10.00,10.00\n"
                                        "INV-9,WO-2001,labor,Labor,1,10.00,10.00\n"
                                        "INV-10,WO-1010,bonus,Extra,1,10.00,10.00\n"},
     ["invoice_lines.csv:2: work_order_number: WO-1009 is open; only invoiced or closed work is on an invoice",
      ("invoice_lines.csv:3: work_order_number: WO-2001 is work for customer 'C0002', not for the invoice's "
       "customer 'C0001'"),
      "invoice_lines.csv:3: work_order_number: WO-2001 is billed on invoice INV-1 already; a work order is "
      "billed once",
      "invoice_lines.csv:4: kind: 'bonus' is not a kind of invoice line; use one of: labor, part",
      "invoice_lines.csv:4: invoice_number: no invoice 'INV-10' in invoices.csv or in the database"]),
    ("a draft of open work, another customer's work on two lines",
     {"invoices.csv": INVOICE_HEAD.replace("\n", ",status\n")
                      + "INV-9,C0001,2026-11-22,2026-12-22,USD,0,10.00,0.00,10.00,draft\n"
                      + "INV-8,C0002,2026-11-22,2026-12-22,USD,0,20.00,0.00,20.00,issued\n",
      "invoice_lines.csv": LINES_HEAD + "INV-9,WO-1009,labor,Labor,1,10.00,10.00\n"
                                        "INV-8,WO-1010,labor,Labor,1,10.00,10.00\n"
                                        "INV-8,WO-1010,part,Part,1,10.00,10.00\n"},
     ["invoice_lines.csv:2: work_order_number: WO-1009 is open; only completed or verified work is on a draft",
      "invoice_lines.csv:3: work_order_number: WO-1010 is open; only invoiced or closed work is on an invoice",
      ("invoice_lines.csv:3: work_order_number: WO-1010 is work for customer 'C0001', not for the invoice's "
       "customer 'C0002'"),
      "invoice_lines.csv:4: work_order_number: WO-1010 is open; only invoiced or closed work is on an invoice",
      ("invoice_lines.csv:4: work_order_number: WO-1010 is work for customer 'C0001', not for the invoice's "
       "customer 'C0002'")]),
    ("an issued invoice changed",
     {"invoices.csv": INVOICE_HEAD + "INV-1,C0002,2026-11-23,2026-12-22,USD,8.25,130.00,10.73,140.73\n",
      "invoice_lines.csv": LINES_HEAD + "INV-1,WO-2001,labor,WO-2001 labor,1.3,100.00,130.00\n"},
     ["invoices.csv:2: issued_on: invoice INV-1 is issued; an import cannot change it",
      "invoice_lines.csv:2: invoice_number: invoice INV-1 is issued; an import cannot change its lines"]),
    ("an issued invoice's lines changed alone",
     {"invoice_lines.csv": LINES_HEAD + "INV-1,WO-2001,labor,WO-2001 labor,1,100.00,100.00\n"},
     ["invoice_lines.csv:2: invoice_number: invoice INV-1 is issued; an import cannot change its lines"]),
    ("a request reviewed again",
     {"requests.csv": "number,status,customer_code,site_code,problem\nREQ-1,rejected,C0002,S0002-1,No heat\n"},
     [("requests.csv:2: status: REQ-1 is approved in the database; an import cannot make it rejected "
       "(the console reviews requests)")]),
    ("a request that is another work order already",
     {"work_orders.csv": "number,type,site_code,summary,request_number\nWO-9,general,S0002-1,Fix,REQ-1\n"},
     [("work_orders.csv:2: request_number: request 'REQ-1' is already work order WO-2001; a request becomes "
       "one work order")]),
    ("number series",
     {"number_series.csv": "series,next_number\ninvoice,0\nwork_order,many\n"},
     ["number_series.csv:2: next_number: '0' is not between 1 and 2000000000",
      "number_series.csv:3: next_number: 'many' is not a whole number"]),
]


@pytest.mark.parametrize(("files", "errors"), [(f, e) for _, f, e in V2_REFUSALS], ids=[c[0] for c in V2_REFUSALS])
def test_a_broken_version_2_bundle_is_refused_whole(
    billed: ServiceContext, refuse: Refuse, files: dict[str, str | bytes], errors: list[str]
) -> None:
    assert refuse(billed, {"bundle.csv": V2, **files}) == errors


@pytest.mark.parametrize(("files", "errors"), [(f, e) for _, f, e in V2_REFUSALS], ids=[c[0] for c in V2_REFUSALS])
def test_records_of_one_file_in_two_layouts_are_refused_alike(
    billed: ServiceContext, refuse: Refuse, files: dict[str, str | bytes], errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_in_two_layouts(monkeypatch)
    assert refuse(billed, {"bundle.csv": V2, **files}) == errors


def test_a_database_exported_and_read_back_in_two_layouts_is_unchanged(
    billed: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = export_bundle(billed)
    read_in_two_layouts(monkeypatch)

    report = import_bundle(billed, bundle)

    assert not report.changed
    assert report.files["invoice_lines.csv"].unchanged > 1


@pytest.mark.parametrize(
    "files",
    [
        {"bookings.csv": "work_order_number,tech_code,start,end,confirmed_conflicts,confirmed_by\n"
                         "WO-1009,T001,2026-12-01T09:00,2026-12-01T10:00,T001 is off that day,Olga\n"
                         "WO-1009,T002,2026-12-01T09:00,2026-12-01T10:00,,\n"},
        {"bookings.csv": "work_order_number,tech_code,start,end\nWO-1013,T001,2026-11-20T09:00,2026-11-20T12:00\n"},
        {"work_orders.csv": "number,type,status,site_code,summary\nWO-9,general,scheduled,S0001-1,Fix\n",
         "bookings.csv": "work_order_number,tech_code,start,end\nWO-9,T001,2026-12-01T09:00,2026-12-01T10:00\n"},
        {"work_orders.csv": "number,type,status,site_code,summary,pm_plan_code,due_by,plan_occurrence\n"
                            "WO-9,preventive,open,S0001-1,RTU,PM-RTU-Q,2027-01-05T17:00,2027-01-01T08:00\n"},
        {"service_agreements.csv": "customer_code,site_code,name,starts_on,ends_on\nC0001,S0001-1,Day,2026-01-01,"
                                   "2026-01-01\n"},
        {"scope_changes.csv": "work_order_number,seq,description,requested_by,requested_at\n"
                              "WO-1013,1,Valve,Kai,2026-11-20T10:00\nWO-1014,1,Valve,Kai,2026-11-20T10:00\n"},
        {"invoice_lines.csv": BILLED["invoice_lines.csv"]},
        {"work_orders.csv": "number,type,status,site_code,summary\nWO-9,general,closed,S0002-1,Fix\n",
         "invoices.csv": INVOICE_HEAD + "INV-9,C0002,2026-11-22,2026-12-22,USD,8.25,0.00,0.00,0.00\n",
         "invoice_lines.csv": LINES_HEAD + "INV-9,WO-9,labor,Labor,0,100.00,0.00\n"},
        {"photos.csv": "work_order_number,file,added_by,added_at\nWO-1013,files/x.png,Kai,2026-11-20T10:00\n"
                       "WO-1014,files/x.png,Kai,2026-11-20T10:00\n",
         "files/x.png": b"png"},
    ],
    ids=["confirmed conflicts and a second technician", "finished work's booking as it is", "booked in bookings.csv",
         "occurrence before the due-by", "one-day agreement", "change #1 on two orders", "issued lines as they are",
         "an invoice of nothing", "one file for two photos"],
)
def test_what_version_2_allows(billed: ServiceContext, files: dict[str, str | bytes]) -> None:
    report = import_bundle(billed, encoded({"bundle.csv": V2, **files}))
    assert set(report.files) == set(files) - {name for name in files if name.startswith("files/")}
