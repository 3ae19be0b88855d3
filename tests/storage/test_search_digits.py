"""Each phone is stored beside its digits (search_rank.phone_digits), which the searches match.

The digits are kept by the models whatever writes the phone (a form, an edit, an import, the
demo), and filled by migration 0004 for phones written before it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from dispatch_console.domain.search_rank import phone_digits
from dispatch_console.services import customer_search, customers, quick_find, sites
from dispatch_console.services.bundle_import import import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.services.demo import create_demo_company
from dispatch_console.services.sites import SiteSpec
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.storage.test_database import _migrate

Phones = dict[str, tuple[str | None, str | None]]


def stored(ctx: ServiceContext, model: type[m.Customer | m.Site | m.Technician]) -> Phones:
    """code -> (phone, its stored digits) of every row."""
    if issubclass(model, m.Site):
        phone, digits = m.Site.contact_phone, m.Site.contact_phone_digits
    else:
        phone, digits = model.phone, model.phone_digits
    with ctx.read() as uow:
        return {code: (p, d) for code, p, d in uow.session.execute(select(model.code, phone, digits))}


def test_the_rule_keeps_digits_only_and_nothing_for_no_phone() -> None:
    assert phone_digits("(214) 555-0100") == "2145550100"
    assert phone_digits("+1 214.555.0100 x12") == "1214555010012"
    assert phone_digits("") is None
    assert phone_digits(None) is None
    assert phone_digits("ext") is None


def test_a_customer_and_a_site_store_their_digits_on_create_and_edit(company: ServiceContext) -> None:
    customers.create_customer(company, CustomerSpec(code="C10", name="Northgate Dental", phone="(214) 555-0100"))
    sites.create_site(company, SiteSpec(
        customer_code="C10", code="NG-1", name="Clinic", address="1 North Rd", contact_phone="972.555.0111",
    ))
    assert stored(company, m.Customer)["C10"] == ("(214) 555-0100", "2145550100")
    assert stored(company, m.Site)["NG-1"] == ("972.555.0111", "9725550111")

    record = customers.get_customer(company, "C10")
    customers.edit_customer(company, "C10", CustomerSpec(code="C10", name="Northgate Dental", phone="469 555 0199"),
                            record.version)
    site = sites.get_site(company, "NG-1")
    sites.edit_site(company, "NG-1", SiteSpec(customer_code="C10", code="NG-1", name="Clinic", address="1 North Rd"),
                    site.version)
    assert stored(company, m.Customer)["C10"] == ("469 555 0199", "4695550199")
    assert stored(company, m.Site)["NG-1"] == (None, None)  # the phone taken away takes its digits


def every_phone_has_its_digits(ctx: ServiceContext) -> None:
    for model in (m.Customer, m.Site, m.Technician):
        rows = stored(ctx, model)
        assert any(p for p, _d in rows.values()), model
        assert all(d == phone_digits(p) for p, d in rows.values()), model


def test_an_import_stores_the_digits_of_every_phone(ctx: ServiceContext, sample_bundle: Path) -> None:
    import_folder(ctx, sample_bundle)
    every_phone_has_its_digits(ctx)
    assert stored(ctx, m.Customer)["C0001"] == ("214-555-2000", "2145552000")


def test_the_demo_stores_the_digits_of_every_phone(ctx: ServiceContext) -> None:
    create_demo_company(ctx)
    every_phone_has_its_digits(ctx)


def test_a_phone_typed_with_any_punctuation_finds_its_customer(company: ServiceContext) -> None:
    customers.create_customer(company, CustomerSpec(code="C10", name="Northgate Dental", phone="(214) 555-0100"))
    sites.create_site(company, SiteSpec(
        customer_code="C10", code="NG-1", name="Clinic", address="1 North Rd", contact_phone="972.555.0111",
    ))
    for typed in ("(214) 555-0100", "214-555-0100", "214.555.0100", "214 555 0100", "2145550100", "555-01"):
        assert [c.code for c in customer_search.find_customers(company, typed)] == ["C10"], typed
        assert ("customer", "C10") in {(h.kind, h.key) for h in quick_find.search(company, typed)}, typed
    # The site's contact phone finds the site, and its customer in intake.
    assert [c.code for c in customer_search.find_customers(company, "(972) 555 0111")] == ["C10"]
    assert [(h.kind, h.key) for h in quick_find.search(company, "972-555-0111")] == [("site", "NG-1")]


def test_a_search_that_matches_nothing_finds_nothing(company: ServiceContext) -> None:
    customers.create_customer(company, CustomerSpec(code="C10", name="Northgate Dental", phone="(214) 555-0100"))
    for typed in ("(214) 555-0199", "0100-555", "zebra crossing", "C10 dental"):
        assert customer_search.find_customers(company, typed) == [], typed
        assert quick_find.search(company, typed) == [], typed


def test_migration_0004_fills_the_digits_of_phones_written_before_it(db: Database, ctx: ServiceContext) -> None:
    _migrate(db, "downgrade", "0003")
    # Rows as release 0003 wrote them: plain SQL, no digits column yet.
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO customer (id, code, name, phone, version) VALUES "
                             "(1, 'C1', 'Lakeside Medical', '(214) 555-2000', 1), (2, 'C2', 'No Phone', NULL, 1)")
        conn.exec_driver_sql("INSERT INTO site (id, code, customer_id, name, address, contact_phone, version) "
                             "VALUES (1, 'S1', 1, 'Building A', '100 Main St', '214.555.3000', 1)")
        conn.exec_driver_sql(
            "INSERT INTO technician (id, code, name, phone, shift_start, shift_end, workdays, active, version) "
            "VALUES (1, 'T1', 'Ana Reyes', '214 555 1000', '08:00:00', '17:00:00', 'Mon', TRUE, 1)"
        )
    _migrate(db, "upgrade", "head")
    assert stored(ctx, m.Customer) == {"C1": ("(214) 555-2000", "2145552000"), "C2": (None, None)}
    assert stored(ctx, m.Site) == {"S1": ("214.555.3000", "2145553000")}
    assert stored(ctx, m.Technician) == {"T1": ("214 555 1000", "2145551000")}
    assert [c.code for c in customer_search.find_customers(ctx, "555 3000")] == ["C1"]
