"""Assets: create, edit, delete (only when nothing refers to them) and the asset list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dispatch_console.domain import record_rules as rules
from dispatch_console.domain.search_rank import search_text
from dispatch_console.domain.warranty import under_warranty
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
    lookup,
    optional,
    why_not_delete,
)
from dispatch_console.storage import models as m
from dispatch_console.storage import record_queries as q
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AssetSpec:
    """An asset as the form shows it."""

    site_code: str
    code: str
    name: str
    category: str = ""
    make: str = ""
    model: str = ""
    serial: str = ""
    installed_on: date | None = None
    warranty_until: date | None = None


#: A saved asset and the version an edit of it must name.
AssetRecord = Saved[AssetSpec]


@dataclass(frozen=True)
class AssetRow:
    """One line of the asset list; ``under_warranty`` on the day the list was asked for."""

    code: str
    name: str
    category: str
    make: str
    model: str
    serial: str
    site_code: str
    site_name: str
    customer_name: str
    installed_on: date | None
    warranty_until: date | None
    under_warranty: bool


def _check(uow: UnitOfWork, spec: AssetSpec, own: m.Asset | None) -> Checked[m.Asset]:
    problems = Problems()
    site = lookup(uow, m.Site, spec.site_code, "site", problems, "site_code")
    problems.note("code", rules.code_problem(spec.code, "asset"))
    problems.note("name", rules.required_text_problem(spec.name, "asset name", rules.NAME_LENGTH))
    problems.note("category", rules.text_length_problem(spec.category, "category", rules.CATEGORY_LENGTH))
    problems.note("make", rules.text_length_problem(spec.make, "make", rules.MAKE_LENGTH))
    problems.note("model", rules.text_length_problem(spec.model, "model", rules.MAKE_LENGTH))
    problems.note("serial", rules.text_length_problem(spec.serial, "serial number", rules.MAKE_LENGTH))
    problems.note("warranty_until", rules.warranty_problem(spec.installed_on, spec.warranty_until))
    check_code_free(uow, m.Asset, spec.code, own, "asset", problems)
    if own is not None and site is not None and site.id != own.site_id:
        problems.note(
            "site_code", rules.why_not_move("asset", own.code, "site", q.asset_history_referrers(uow, own.id))
        )
    return problems, lambda asset: _apply(asset, spec, site)


def _apply(asset: m.Asset, spec: AssetSpec, site: m.Site | None) -> None:
    assert site is not None  # a form naming no site was refused
    asset.site = site
    asset.code = spec.code.strip()
    asset.name = spec.name.strip()
    asset.category = optional(spec.category)
    asset.make = optional(spec.make)
    asset.model = optional(spec.model)
    asset.serial = optional(spec.serial)
    asset.installed_on = spec.installed_on
    asset.warranty_until = spec.warranty_until


def _spec(a: m.Asset) -> AssetSpec:
    return AssetSpec(
        site_code=a.site.code, code=a.code, name=a.name, category=a.category or "",
        make=a.make or "", model=a.model or "", serial=a.serial or "",
        installed_on=a.installed_on, warranty_until=a.warranty_until,
    )


ASSETS = RecordKind("asset", m.Asset, _check, _spec, q.referrers_of_asset)


def create_asset(ctx: ServiceContext, spec: AssetSpec) -> str:
    """A new asset at a site; returns its code."""
    return create_record(ctx, ASSETS, spec)


def edit_asset(ctx: ServiceContext, code: str, spec: AssetSpec, expected_version: int) -> int:
    """Save an asset's changes; a stale copy is refused, and an asset with history keeps its site."""
    return edit_record(ctx, ASSETS, code, spec, expected_version)


def delete_asset(ctx: ServiceContext, code: str, expected_version: int | None = None) -> None:
    """Delete an asset nothing refers to; otherwise refuse, naming what refers to it."""
    delete_record(ctx, ASSETS, code, expected_version)


def why_not_delete_asset(ctx: ServiceContext, code: str) -> str | None:
    return why_not_delete(ctx, ASSETS, code)


def get_asset(ctx: ServiceContext, code: str) -> AssetRecord:
    return get_record(ctx, ASSETS, code)


def list_assets(
    ctx: ServiceContext,
    text: str = "",
    limit: int | None = None,
    *,
    site_code: str | None = None,
    day: date | None = None,
) -> list[AssetRow]:
    """Assets with their site and warranty; ``day`` (default: today, by the context's clock)
    decides which are under warranty."""
    on = day or ctx.now().astimezone(ctx.zone()).date()
    with ctx.read() as uow:
        rows = q.asset_list(uow, search_text(text), limit, site_code)
        return [
            AssetRow(
                code=r.code, name=r.name, category=r.category or "", make=r.make or "",
                model=r.model or "", serial=r.serial or "", site_code=r.site_code,
                site_name=r.site_name, customer_name=r.customer_name, installed_on=r.installed_on,
                warranty_until=r.warranty_until, under_warranty=under_warranty(r.warranty_until, on),
            )
            for r in rows
        ]
