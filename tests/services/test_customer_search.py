"""The intake search: as the dispatcher types a name, phone, address or site code."""

from __future__ import annotations

from dispatch_console.domain.search_rank import CONTAINS, EXACT, PREFIX
from dispatch_console.services import customers, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customer_search import find_customers
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.services.sites import SiteSpec


def add(ctx: ServiceContext, code: str, name: str, phone: str = "", *site: tuple[str, str, str]) -> None:
    customers.create_customer(ctx, CustomerSpec(code=code, name=name, phone=phone))
    for site_code, site_name, address in site:
        sites.create_site(ctx, SiteSpec(customer_code=code, code=site_code, name=site_name, address=address))


def codes(ctx: ServiceContext, text: str, limit: int = 20) -> list[str]:
    return [c.code for c in find_customers(ctx, text, limit)]


def test_a_phone_matches_on_its_digits_whatever_the_punctuation(company: ServiceContext) -> None:
    add(company, "C10", "Northgate Dental", "(214) 555-0100")
    add(company, "C11", "Southgate Dental", "214.555.0199")
    for typed in ("214 555", "214-555", "(214)555", "2145550"):
        assert codes(company, typed) == ["C10", "C11"], typed
    assert codes(company, "214 555 0100") == ["C10"]
    assert codes(company, "5550199") == ["C11"]
    assert codes(company, "555 0142") == []
    # Phones are searched from 3 digits (an area code) on: fewer would match nearly every number.
    assert codes(company, "21") == []
    assert codes(company, "214") == ["C10", "C11"]


def test_an_exact_code_or_phone_comes_first_then_prefixes_then_anything_containing_it(
    company: ServiceContext,
) -> None:
    add(company, "LAKE", "Zeta Holdings")  # exact code
    add(company, "C20", "Great Lakes Dairy")  # a word starting with it
    add(company, "C21", "Lakeshore Clinic")  # name starting with it
    add(company, "C22", "Flakes Cereal Co")  # contains it
    found = find_customers(company, "lake")
    assert [(c.code, c.rank) for c in found] == [
        ("LAKE", EXACT), ("C20", PREFIX), ("C21", PREFIX), ("C1", PREFIX), ("C22", CONTAINS),
    ]
    add(company, "C23", "Exact Phone Co", "972 555 0101")
    add(company, "C24", "Longer Phone Co", "972 555 01019")
    assert codes(company, "9725550101") == ["C23", "C24"]


def test_a_site_address_or_code_finds_its_customer_with_that_site_first(company: ServiceContext) -> None:
    add(
        company, "C30", "Harbor Foods", "",
        ("HF-1", "Warehouse", "1 Dock Rd"), ("HF-2", "Store", "88 Lakes Blvd"),
    )
    found = find_customers(company, "lakes bl")
    assert [c.code for c in found] == ["C30"]
    assert [(s.code, s.matched) for s in found[0].sites] == [("HF-2", True), ("HF-1", False)]
    by_code = find_customers(company, "hf-1")
    assert [(c.code, c.rank) for c in by_code] == [("C30", EXACT)]
    assert by_code[0].sites[0].code == "HF-1" and by_code[0].sites[0].matched


def test_a_customer_found_by_name_brings_all_its_sites_with_what_intake_fills_in(company: ServiceContext) -> None:
    sites.create_site(
        company,
        SiteSpec(customer_code="C1", code="S-9", name="Clinic", address="9 Oak Ave", contact_name="Rita",
                 contact_phone="214 555 0142", access_notes="Ring twice"),
    )
    [lakeside] = find_customers(company, "lakeside")
    assert [(s.code, s.matched) for s in lakeside.sites] == [("S-9", False), ("S1", False)]
    clinic = lakeside.sites[0]
    assert (clinic.contact_name, clinic.contact_phone, clinic.access_notes) == ("Rita", "214 555 0142", "Ring twice")


def test_results_are_limited_and_empty_text_finds_nothing(company: ServiceContext) -> None:
    for i in range(30):
        add(company, f"K{i:02}", f"Kline Services {i:02}")
    assert len(codes(company, "kline")) == 20
    assert codes(company, "kline", limit=5) == ["K00", "K01", "K02", "K03", "K04"]
    assert codes(company, "   ") == []
    assert codes(company, "kline", limit=0) == []


def test_like_wildcards_typed_are_taken_literally(company: ServiceContext) -> None:
    add(company, "C40", "100% Pure Water")
    add(company, "C41", "Under_Score Ltd")
    assert codes(company, "100%") == ["C40"]
    assert codes(company, "%") == ["C40"]
    assert codes(company, "_") == ["C41"]
    assert codes(company, "r_s") == ["C41"]
