"""Parts: create, edit, delete (only when no work order plans or used them) and the parts list."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dispatch_console.domain import record_rules as rules
from dispatch_console.domain.search_rank import search_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_editing import (
    Checked,
    Problems,
    RecordKind,
    Saved,
    check_code_free,
    create_record,
    delete_record,
    edit_record,
    get_record,
    why_not_delete,
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


#: A saved part and the version an edit of it must name.
PartRecord = Saved[PartSpec]


@dataclass(frozen=True)
class PartRow:
    sku: str
    description: str
    unit_price: Decimal
    unit: str


def _check(uow: UnitOfWork, spec: PartSpec, own: m.Part | None) -> Checked[m.Part]:
    problems = Problems()
    problems.note("sku", rules.code_problem(spec.sku, "part"))
    problems.note("description", rules.required_text_problem(spec.description, "description", 2000))
    price, problem = rules.parse_unit_price(spec.unit_price)
    problems.note("unit_price", problem)
    problems.note("unit", rules.required_text_problem(spec.unit, "unit (ea, lb, ft, ...)", rules.UNIT_LENGTH))
    check_code_free(uow, m.Part, spec.sku, own, "part", problems, field="sku")
    return problems, lambda part: _apply(part, spec, price)


def _apply(part: m.Part, spec: PartSpec, price: Decimal | None) -> None:
    assert price is not None  # a form without a price was refused
    part.sku = spec.sku.strip()
    part.description = spec.description.strip()
    part.unit_price = price
    part.unit = spec.unit.strip()


def _spec(p: m.Part) -> PartSpec:
    return PartSpec(p.sku, p.description, rules.decimal_text(p.unit_price, 2), p.unit)


PARTS = RecordKind("part", m.Part, _check, _spec, q.referrers_of_part, key="sku")


def create_part(ctx: ServiceContext, spec: PartSpec) -> str:
    """A new part of the price list; returns its sku."""
    return create_record(ctx, PARTS, spec)


def edit_part(ctx: ServiceContext, sku: str, spec: PartSpec, expected_version: int) -> int:
    """Save a part's changes; a stale copy is refused. Returns the new version."""
    return edit_record(ctx, PARTS, sku, spec, expected_version)


def delete_part(ctx: ServiceContext, sku: str, expected_version: int | None = None) -> None:
    """Delete a part no work order plans or used; otherwise refuse, naming those work orders."""
    delete_record(ctx, PARTS, sku, expected_version)


def why_not_delete_part(ctx: ServiceContext, sku: str) -> str | None:
    return why_not_delete(ctx, PARTS, sku)


def get_part(ctx: ServiceContext, sku: str) -> PartRecord:
    return get_record(ctx, PARTS, sku)


def list_parts(ctx: ServiceContext, text: str = "", limit: int | None = None) -> list[PartRow]:
    """The price list by sku; with text, the best matches of sku or description first (for the
    planned-parts search as you type)."""
    with ctx.read() as uow:
        return [
            PartRow(sku=r.sku, description=r.description, unit_price=r.unit_price, unit=r.unit)
            for r in q.part_list(uow, search_text(text), limit)
        ]
