"""Sites: coordinates, the customer they belong to, stale copies, deletions and the list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dispatch_console.domain.errors import ConcurrencyConflict, InvalidFields, RuleViolation
from dispatch_console.services import sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.sites import SiteSpec
from dispatch_console.storage import models as m
from tests.services.records import job, refused

GOOD = SiteSpec(
    customer_code="C1", code="S-10", name="Building B", address="102 Main St, Dallas TX",
    lat="32.8012", lon="-96.7990", contact_name="Rita Front Desk", contact_phone="214-555-0142",
    access_notes="Badge at the front desk",
)


def test_a_new_site_is_saved_with_its_coordinates(company: ServiceContext) -> None:
    assert sites.create_site(company, GOOD) == "S-10"
    record = sites.get_site(company, "S-10")
    assert record.spec == replace(GOOD, lon="-96.799") and record.version == 1  # as a number
    with company.read() as uow:
        site = uow.require(m.Site, "S-10")
        assert (site.lat, site.lon, site.customer.code) == (32.8012, -96.799, "C1")


def test_a_site_without_coordinates_is_allowed(company: ServiceContext) -> None:
    sites.create_site(company, replace(GOOD, lat="", lon=""))
    assert sites.get_site(company, "S-10").spec.lat == ""


@pytest.mark.parametrize(
    ("lat", "lon", "problems"),
    [
        ("32.8", "", {"lon": "the longitude is empty while the latitude is given; give both or neither"}),
        ("", "-96.8", {"lat": "the latitude is empty while the longitude is given; give both or neither"}),
        ("91", "-96.8", {"lat": "'91' is not a latitude; it must be between -90 and 90, e.g. 32.7767"}),
        ("32.8", "north", {"lon": "'north' is not a longitude in decimal degrees (use digits and '.'), e.g. -96.7970"}),
    ],
)
def test_coordinates_are_both_given_or_neither_and_in_range(
    company: ServiceContext, lat: str, lon: str, problems: dict[str, str]
) -> None:
    err = refused(company, InvalidFields, lambda: sites.create_site(company, replace(GOOD, lat=lat, lon=lon)))
    assert err.problems == problems


def test_every_bad_field_is_refused_at_once(company: ServiceContext) -> None:
    bad = SiteSpec(customer_code="C404", code="", name="", address=" ", contact_phone="12")
    err = refused(company, InvalidFields, lambda: sites.create_site(company, bad))
    assert err.problems == {
        "customer_code": "there is no customer 'C404'; pick the customer from the list",
        "code": "the site code is empty; give the site a short code such as C-1001",
        "name": "the site name is empty; write the site name",
        "address": "the address is empty; write the address",
        "contact_phone": (
            "the contact phone number '12' has 2 digits; a phone number has 7 to 15 "
            "(area code included), e.g. (214) 555-0100"
        ),
    }


def test_a_site_code_clash_names_the_site_that_has_it(company: ServiceContext) -> None:
    err = refused(company, InvalidFields, lambda: sites.create_site(company, replace(GOOD, code="S2")))
    assert err.problems == {"code": "site code 'S2' is already used by site Shop; choose another code"}


def test_a_site_without_history_may_move_to_another_customer(company: ServiceContext) -> None:
    sites.create_site(company, GOOD)
    record = sites.get_site(company, "S-10")
    sites.edit_site(company, "S-10", replace(record.spec, customer_code="C2"), record.version)
    assert sites.get_site(company, "S-10").spec.customer_code == "C2"


def test_a_site_with_work_orders_keeps_its_customer(company: ServiceContext) -> None:
    job(company, "S1", "A1")
    record = sites.get_site(company, "S1")
    err = refused(
        company, InvalidFields,
        lambda: sites.edit_site(company, "S1", replace(record.spec, customer_code="C2"), record.version),
    )
    assert err.problems == {
        "customer_code": "site S1 has 1 work order (WO-1001), so it stays with its customer; "
        "create a new site for the new customer instead"
    }


def test_an_edit_from_a_stale_copy_is_refused(company: ServiceContext, other_pc: ServiceContext, clock) -> None:
    mine = sites.get_site(company, "S1")
    clock.advance(minutes=5)
    sites.edit_site(other_pc, "S1", replace(mine.spec, access_notes="Gate code 4411"), mine.version)
    err = refused(
        company, ConcurrencyConflict,
        lambda: sites.edit_site(company, "S1", replace(mine.spec, name="Tower A"), mine.version),
    )
    assert str(err).startswith("The site S1 was changed by Olga Office at 2026-11-26 09:05 after you opened it")


def test_deleting_a_site_with_assets_and_work_is_refused_naming_them(company: ServiceContext) -> None:
    job(company, "S1", "A1")
    err = refused(company, RuleViolation, lambda: sites.delete_site(company, "S1"))
    assert err.reasons == [
        "site S1 has 1 asset (A1) and 1 work order (WO-1001); a record is deleted only when nothing refers to it"
    ]


def test_a_site_nothing_refers_to_is_deleted(company: ServiceContext) -> None:
    sites.create_site(company, GOOD)
    assert sites.why_not_delete_site(company, "S-10") is None
    sites.delete_site(company, "S-10", 1)
    assert [s.code for s in sites.list_sites(company)] == ["S2", "S1"]


def test_the_list_filters_by_address_customer_and_phone_digits(company: ServiceContext) -> None:
    sites.create_site(company, GOOD)
    job(company, "S1", "A1")
    rows = sites.list_sites(company)
    assert [(r.code, r.customer_name, r.open_work_orders) for r in rows] == [
        ("S2", "Elm Street Bakery", 0), ("S1", "Lakeside Medical", 1), ("S-10", "Lakeside Medical", 0),
    ]
    assert [r.code for r in sites.list_sites(company, "main st")] == ["S1", "S-10"]
    assert [r.code for r in sites.list_sites(company, "bakery")] == ["S2"]
    assert [r.code for r in sites.list_sites(company, "2145550142")] == ["S-10"]
    assert [r.code for r in sites.list_sites(company, customer_code="C2")] == ["S2"]
