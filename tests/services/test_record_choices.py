"""The editors' choices of a customer, site, asset or part: found by what the dispatcher types,
best first, never more than asked for, and the chosen record named by one lookup."""

from __future__ import annotations

from sqlalchemy import insert

from dispatch_console.services import customers
from dispatch_console.services import record_choices as rc
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.storage import models as m


def many_customers(ctx: ServiceContext, count: int) -> None:
    """``count`` customers called "Harbor Dental <n>", each with one site on Harbor Blvd
    (inserted in bulk: no phones, which the services keep searchable as they save them)."""
    with ctx.write("many customers") as uow:
        uow.session.execute(insert(m.Customer), [
            {"code": f"H{i:05d}", "name": f"Harbor Dental {i:05d}", "version": 1} for i in range(count)
        ])
        ids = dict(uow.session.execute(
            m.Customer.__table__.select().with_only_columns(m.Customer.code, m.Customer.id)
        ).tuples().all())
        uow.session.execute(insert(m.Site), [
            {"code": f"HS{i:05d}", "customer_id": ids[f"H{i:05d}"], "name": "Main building",
             "address": f"{i} Harbor Blvd", "version": 1}
            for i in range(count)
        ])


def codes(choices: list[rc.Choice]) -> list[str]:
    return [c.code for c in choices]


def test_a_customer_is_found_by_name_code_phone_or_a_site_address(company: ServiceContext) -> None:
    assert codes(rc.customer_choices(company, "bakery")) == ["C2"]
    assert codes(rc.customer_choices(company, "c1")) == ["C1"]
    assert codes(rc.customer_choices(company, "100 main")) == ["C1"]  # its site's address
    assert rc.customer_choices(company, "Elm Street")[0] == rc.Choice("C2", "Elm Street Bakery (C2)", "")


def test_an_exact_code_or_phone_comes_before_what_merely_contains_the_text(company: ServiceContext) -> None:
    many_customers(company, 30)
    assert codes(rc.customer_choices(company, "h00012"))[0] == "H00012"
    for code, phone in (("P1", "(469) 555-0107"), ("P2", "(214) 469-5550")):
        customers.create_customer(company, CustomerSpec(code=code, name=f"Phone {code}", phone=phone))
    assert codes(rc.customer_choices(company, "469 555 0107")) == ["P1"]
    assert codes(rc.customer_choices(company, "469555")) == ["P1", "P2"]  # from its start, then within


def test_nothing_typed_lists_the_first_customers_by_name(company: ServiceContext) -> None:
    assert codes(rc.customer_choices(company, "  ")) == ["C2", "C1"]  # Elm Street before Lakeside


def test_no_match_and_no_room_give_no_choices(company: ServiceContext) -> None:
    assert rc.customer_choices(company, "nobody we know") == []
    assert rc.site_choices(company, "nowhere at all") == []
    assert rc.customer_choices(company, "bakery", limit=0) == []


def test_thousands_of_matches_give_only_the_limit(company: ServiceContext) -> None:
    many_customers(company, 2000)
    assert len(rc.customer_choices(company, "harbor")) == rc.CHOICE_LIMIT
    assert len(rc.customer_choices(company, "")) == rc.CHOICE_LIMIT
    assert len(rc.site_choices(company, "harbor blvd", limit=7)) == 7
    assert len(rc.site_choices(company, "")) == rc.CHOICE_LIMIT


def test_a_site_is_found_by_its_own_words_or_its_customers(company: ServiceContext) -> None:
    assert rc.site_choices(company, "elm") == [rc.Choice("S2", "Shop — Elm Street Bakery (S2)", "7 Elm St")]
    assert codes(rc.site_choices(company, "lakeside")) == ["S1"]  # its customer's name
    assert codes(rc.site_choices(company, "building")) == ["S1"]


def test_a_customers_sites_are_chosen_among_its_own_only(company: ServiceContext) -> None:
    assert codes(rc.site_choices(company, "", customer_code="C2")) == ["S2"]
    assert rc.site_choices(company, "building", customer_code="C2") == []  # S1 is Lakeside's


def test_an_asset_is_found_by_serial_name_or_site_and_within_a_site(company: ServiceContext) -> None:
    assert rc.asset_choices(company, "rtu") == [rc.Choice("A1", "RTU 1 — Building A (A1)", "RTU")]
    assert codes(rc.asset_choices(company, "shop")) == ["A2"]  # its site's name
    assert codes(rc.asset_choices(company, "", site_code="S1")) == ["A1"]
    assert rc.asset_choices(company, "oven", site_code="S1") == []


def test_a_part_is_found_by_sku_or_description(company: ServiceContext) -> None:
    assert codes(rc.part_choices(company, "refrig")) == ["R410A"]
    assert rc.part_choices(company, "f-2020") == [rc.Choice("F-2020", "F-2020 — Pleated filter 20x20x2")]


def test_a_chosen_record_is_named_as_the_list_shows_it(company: ServiceContext) -> None:
    assert rc.customer_label(company, "C2") == "Elm Street Bakery (C2)"
    assert rc.site_label(company, "S1") == "Building A — Lakeside Medical (S1)"
    assert rc.asset_label(company, "A2") == "Oven circuit — Shop (A2)"
    assert rc.part_label(company, "R410A") == "R410A — Refrigerant R-410A"
    assert [rc.customer_label(company, "C9"), rc.site_label(company, "S9"), rc.asset_label(company, "A9"),
            rc.part_label(company, "X")] == [None, None, None, None]
