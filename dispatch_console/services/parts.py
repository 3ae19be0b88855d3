"""Parts: create, edit, delete (only when no work order plans or used them) and the parts list."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dispatch_console.domain import record_rules as rules
from dispatch_console.domain.search_rank import search_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_editing import (
    RECORD_CODES,
    Problems,
    check_code_free,
    check_version,
    delete_record,
)
from dispatch_console.storage import models as m
from dispatch_console.storage import record_queries as q
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PartSpec:
    """A part as the form shows it; ``unit_price`` as typed (exact, never through a float)."""

    sku: str
    description: str
    unit_price: str
    unit: str = "ea"


@dataclass(frozen=True)
class PartRecord:
    spec: PartSpec
    version: int


@dataclass(frozen=True)
class PartRow:
    sku: str
    description: str
    unit_price: Decimal
    unit: str


def _check(uow: UnitOfWork, spec: PartSpec, own: m.Part | None) -> tuple[Problems, Decimal | None]:
    problems = Problems()
    problems.note("sku", rules.code_problem(spec.sku, "part"))
    problems.note("description", rules.required_text_problem(spec.description, "description", 2000))
    price, problem = rules.parse_unit_price(spec.unit_price)
    problems.note("unit_price", problem)
    problems.note("unit", rules.required_text_problem(spec.unit, "unit (ea, lb, ft, ...)", rules.UNIT_LENGTH))
    check_code_free(uow, m.Part, spec.sku, own, "part", problems, field="sku")
    return problems, price


def _apply(part: m.Part, spec: PartSpec, price: Decimal) -> None:
    part.sku = spec.sku.strip()
    part.description = spec.description.strip()
    part.unit_price = price
    part.unit = spec.unit.strip()


def create_part(ctx: ServiceContext, spec: PartSpec) -> str:
    """A new part of the price list; returns its sku."""
    with ctx.write(f"Create part {spec.sku.strip()}") as uow:
        uow.serialize(RECORD_CODES)
        problems, price = _check(uow, spec, None)
        problems.refuse("cannot create the part")
        assert price is not None
        part = m.Part()
        _apply(part, spec, price)
        uow.add(part)
        uow.flush()
        return part.sku


def edit_part(ctx: ServiceContext, sku: str, spec: PartSpec, expected_version: int) -> int:
    """Save a part's changes; a stale copy is refused. Returns the new version."""
    with ctx.write(f"Edit part {sku}") as uow:
        uow.serialize(RECORD_CODES)
        part = uow.require(m.Part, sku)
        check_version(uow, part, expected_version, f"The part {sku}")
        problems, price = _check(uow, spec, part)
        problems.refuse(f"cannot save part {sku}")
        assert price is not None
        _apply(part, spec, price)
        uow.flush()
        return part.version


def delete_part(ctx: ServiceContext, sku: str, expected_version: int | None = None) -> None:
    """Delete a part no work order plans or used; otherwise refuse, naming those work orders."""
    with ctx.write(f"Delete part {sku}") as uow:
        part = uow.require(m.Part, sku)
        delete_record(uow, part, "part", sku, expected_version, q.referrers_of_part)


def why_not_delete_part(ctx: ServiceContext, sku: str) -> str | None:
    with ctx.read() as uow:
        part = uow.require(m.Part, sku)
        return rules.why_not_delete("part", sku, q.referrers_of_part(uow, part.id))


def get_part(ctx: ServiceContext, sku: str) -> PartRecord:
    with ctx.read() as uow:
        p = uow.require(m.Part, sku)
        return PartRecord(
            PartSpec(p.sku, p.description, rules.decimal_text(p.unit_price, 2), p.unit), p.version
        )


def list_parts(ctx: ServiceContext, text: str = "", limit: int | None = None) -> list[PartRow]:
    """The price list by sku; with text, the best matches of sku or description first (for the
    planned-parts search as you type)."""
    with ctx.read() as uow:
        return [
            PartRow(sku=r.sku, description=r.description, unit_price=r.unit_price, unit=r.unit)
            for r in q.part_list(uow, search_text(text), limit)
        ]
