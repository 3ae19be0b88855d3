"""Parts: exact prices from text, unique skus, deletions and the searchable price list."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from dispatch_console.domain.errors import ConcurrencyConflict, InvalidFields, RuleViolation
from dispatch_console.services import parts
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.parts import PartSpec
from dispatch_console.storage import models as m
from tests.services.records import job, refused

GOOD = PartSpec(sku="BLT-A42", description="V-belt A42", unit_price="7.1050", unit="ea")


def test_a_price_is_kept_exactly_as_typed(company: ServiceContext) -> None:
    parts.create_part(company, GOOD)
    row = next(p for p in parts.list_parts(company) if p.sku == "BLT-A42")
    assert row.unit_price == Decimal("7.1050") and isinstance(row.unit_price, Decimal)


def test_a_bad_price_an_empty_description_and_unit_are_refused_at_once(company: ServiceContext) -> None:
    bad = PartSpec(sku="F-2020", description="", unit_price="-3", unit="")
    err = refused(company, InvalidFields, lambda: parts.create_part(company, bad))
    assert err.problems == {
        "sku": "part code 'F-2020' is already used by part Pleated filter 20x20x2; choose another code",
        "description": "the description is empty; write the description",
        "unit_price": "the unit price '-3' is negative; amounts are 0 or more; write e.g. 12.50",
        "unit": "the unit (ea, lb, ft, ...) is empty; write the unit (ea, lb, ft, ...)",
    }


def test_a_price_that_is_not_a_number_says_how_to_write_it(company: ServiceContext) -> None:
    err = refused(company, InvalidFields, lambda: parts.create_part(company, replace(GOOD, unit_price="7,10")))
    assert err.problems == {
        "unit_price": "the unit price '7,10' is not a decimal amount (use digits and '.'); write e.g. 12.50"
    }


def test_an_edit_from_a_stale_copy_is_refused(company: ServiceContext, other_pc: ServiceContext) -> None:
    mine = parts.get_part(company, "R410A")
    assert parts.edit_part(other_pc, "R410A", replace(mine.spec, unit_price="29.90"), mine.version) == 2
    err = refused(
        company, ConcurrencyConflict,
        lambda: parts.edit_part(company, "R410A", replace(mine.spec, unit="kg"), mine.version),
    )
    assert str(err).startswith("The part R410A was changed by Olga Office")
    assert parts.get_part(company, "R410A").spec.unit_price == "29.90"


def test_deleting_a_part_planned_or_used_is_refused_naming_the_work_orders(company: ServiceContext) -> None:
    number = job(company, "S1", "A1")
    with company.write("test setup") as uow:
        wo = uow.work_order(number)
        wo.planned_parts.append(m.PlannedPart(part=uow.require(m.Part, "F-2020"), quantity=Decimal("2")))
        wo.parts_used.append(m.PartUsed(part=uow.require(m.Part, "F-2020"), quantity=Decimal("1")))
    err = refused(company, RuleViolation, lambda: parts.delete_part(company, "F-2020"))
    assert err.reasons == [
        "part F-2020 has 1 work order planning it (WO-1001) and 1 work order using it (WO-1001); "
        "a record is deleted only when nothing refers to it"
    ]


def test_a_part_nothing_refers_to_is_deleted(company: ServiceContext) -> None:
    assert parts.why_not_delete_part(company, "R410A") is None
    parts.delete_part(company, "R410A")
    assert [p.sku for p in parts.list_parts(company)] == ["F-2020"]


def test_the_list_searches_sku_and_description_best_first_and_limits(company: ServiceContext) -> None:
    parts.create_part(company, PartSpec(sku="FLT-1", description="Refrigerant filter drier", unit_price="9"))
    assert [p.sku for p in parts.list_parts(company)] == ["F-2020", "FLT-1", "R410A"]
    # "fil": a word of F-2020's and FLT-1's description starts with it; no sku does.
    assert [p.sku for p in parts.list_parts(company, "fil")] == ["F-2020", "FLT-1"]
    # "r410a": R410A's sku exactly, before any description containing it.
    assert [p.sku for p in parts.list_parts(company, "r410a")] == ["R410A"]
    assert [p.sku for p in parts.list_parts(company, "refrig")] == ["FLT-1", "R410A"]
    assert len(parts.list_parts(company, "", limit=1)) == 1
