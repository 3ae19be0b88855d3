"""Quick find: one box for work orders, customers, phones, sites, addresses, serials, technicians."""

from __future__ import annotations

from dispatch_console.services import assets, quick_find
from dispatch_console.services.assets import AssetSpec
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.quick_find import HitKind
from tests.services.records import job


def found(ctx: ServiceContext, text: str, limit: int = 20) -> list[tuple[HitKind, str]]:
    return [(h.kind, h.key) for h in quick_find.search(ctx, text, limit)]


def test_a_work_order_is_found_by_its_number_or_just_its_digits(company: ServiceContext) -> None:
    number = job(company, "S1", "A1", summary="Rooftop unit tripping")
    [hit] = quick_find.search(company, "1001")
    assert (hit.kind, hit.key, hit.title, hit.rank) == (HitKind.WORK_ORDER, number, f"{number} Rooftop unit tripping", 0)
    assert hit.subtitle == "Open · Lakeside Medical · Building A"
    assert found(company, "wo-1001") == [(HitKind.WORK_ORDER, number)]


def test_each_kind_of_record_is_found_by_what_the_dispatcher_knows(company: ServiceContext) -> None:
    assets.create_asset(company, AssetSpec(site_code="S2", code="A-9", name="Walk-in cooler", serial="CX-7781"))
    assert found(company, "elm street") == [(HitKind.CUSTOMER, "C2")]
    assert found(company, "main st") == [(HitKind.SITE, "S1")]
    assert found(company, "cx-7781") == [(HitKind.ASSET, "A-9")]
    assert found(company, "okafor") == [(HitKind.TECHNICIAN, "T2")]
    [tech] = quick_find.search(company, "t2")
    assert (tech.title, tech.subtitle) == ("Ben Okafor", "T2")
    [asset] = quick_find.search(company, "7781")
    assert (asset.title, asset.subtitle) == ("Walk-in cooler", "A-9 · serial CX-7781 · Shop")


def test_phones_are_found_by_their_digits(company: ServiceContext) -> None:
    with company.write("test setup") as uow:
        from dispatch_console.storage import models as m

        uow.require(m.Customer, "C2").phone = "(972) 555-0123"
        uow.require(m.Technician, "T1").phone = "972.555.0999"
    assert found(company, "972 555") == [(HitKind.CUSTOMER, "C2"), (HitKind.TECHNICIAN, "T1")]
    assert found(company, "9725550123") == [(HitKind.CUSTOMER, "C2")]


def test_hits_are_ranked_exact_first_then_by_kind_and_limited(company: ServiceContext) -> None:
    # "a1": asset A1's code exactly; nothing else starts with it.
    assert found(company, "a1")[0] == (HitKind.ASSET, "A1")
    hits = quick_find.search(company, "a")
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    assert len(quick_find.search(company, "a", limit=3)) == 3
    assert quick_find.search(company, "  ") == []
    assert quick_find.search(company, "nothing like this") == []
