"""Assets: warranty dates, the site they are at, deletions and the list with warranty cover."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from dispatch_console.domain.errors import InvalidFields, RuleViolation
from dispatch_console.services import assets
from dispatch_console.services.assets import AssetSpec
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.services.records import job, refused

GOOD = AssetSpec(
    site_code="S1", code="A-10", name="Boiler 2", category="Boiler", make="Lochinvar", model="KNIGHT 285",
    serial="LX-0042-7781", installed_on=date(2025, 3, 1), warranty_until=date(2026, 11, 26),
)


def test_a_new_asset_is_saved(company: ServiceContext) -> None:
    assert assets.create_asset(company, GOOD) == "A-10"
    assert assets.get_asset(company, "A-10").spec == GOOD


def test_a_warranty_ending_before_installation_is_refused(company: ServiceContext) -> None:
    bad = replace(GOOD, warranty_until=date(2025, 2, 28))
    err = refused(company, InvalidFields, lambda: assets.create_asset(company, bad))
    assert err.problems == {
        "warranty_until": "the warranty ends 2025-02-28, before the asset was installed (2025-03-01); "
        "correct one of the two dates"
    }


def test_a_warranty_ending_the_day_of_installation_is_allowed(company: ServiceContext) -> None:
    assets.create_asset(company, replace(GOOD, warranty_until=date(2025, 3, 1)))


def test_every_bad_field_is_refused_at_once(company: ServiceContext) -> None:
    bad = AssetSpec(site_code="", code="A1", name="", serial="X" * 101)
    err = refused(company, InvalidFields, lambda: assets.create_asset(company, bad))
    assert err.problems == {
        "site_code": "no site is chosen; pick the site from the list",
        "code": "asset code 'A1' is already used by asset RTU 1; choose another code",
        "name": "the asset name is empty; write the asset name",
        "serial": "the serial number is 101 characters long; shorten it to at most 100",
    }


def test_an_asset_with_work_orders_stays_at_its_site_one_without_may_move(company: ServiceContext) -> None:
    job(company, "S1", "A1")
    record = assets.get_asset(company, "A1")
    err = refused(
        company, InvalidFields,
        lambda: assets.edit_asset(company, "A1", replace(record.spec, site_code="S2"), record.version),
    )
    assert err.problems["site_code"].startswith("asset A1 has 1 work order (WO-1001), so it stays with its site")
    moved = assets.get_asset(company, "A2")
    assets.edit_asset(company, "A2", replace(moved.spec, site_code="S1"), moved.version)
    assert assets.get_asset(company, "A2").spec.site_code == "S1"


def test_deleting_an_asset_with_work_or_a_plan_is_refused_naming_them(company: ServiceContext) -> None:
    with company.write("test setup") as uow:
        asset = uow.require(m.Asset, "A2")
        uow.add(
            m.PmPlan(
                code="PM-7", site=asset.site, asset=asset, summary="Panel check", rrule="FREQ=YEARLY",
                start_wall=datetime(2026, 1, 5, 8, 0),
            )
        )
    job(company, "S2", "A2")
    job(company, "S2", "A2")
    err = refused(company, RuleViolation, lambda: assets.delete_asset(company, "A2"))
    assert str(err) == (
        "cannot delete asset A2: asset A2 has 2 work orders (WO-1001, WO-1002) and 1 recurring plan (PM-7); "
        "a record is deleted only when nothing refers to it"
    )


def test_an_asset_nothing_refers_to_is_deleted(company: ServiceContext) -> None:
    assert assets.why_not_delete_asset(company, "A2") is None
    assets.delete_asset(company, "A2", 1)
    assert [a.code for a in assets.list_assets(company)] == ["A1"]


def test_the_list_says_which_assets_are_under_warranty_on_the_day(company: ServiceContext) -> None:
    assets.create_asset(company, GOOD)  # warranty until 2026-11-26: today, by the clock
    cover = {a.code: a.under_warranty for a in assets.list_assets(company)}
    assert cover == {"A-10": True, "A1": True, "A2": False}
    later = {a.code: a.under_warranty for a in assets.list_assets(company, day=date(2026, 11, 27))}
    assert later == {"A-10": False, "A1": True, "A2": False}
    assert [a.code for a in assets.list_assets(company, "lx-0042")] == ["A-10"]
    assert [a.code for a in assets.list_assets(company, "bakery")] == ["A2"]
    assert [a.code for a in assets.list_assets(company, site_code="S2")] == ["A2"]
