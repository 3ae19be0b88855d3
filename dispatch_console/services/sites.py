"""Sites: create, edit, delete (only when nothing refers to them) and the site list."""

from __future__ import annotations

from dataclasses import dataclass

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
    lookup,
    optional,
    why_not_delete,
)
from dispatch_console.storage import models as m
from dispatch_console.storage import record_queries as q
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SiteSpec:
    """A site as the form shows it; ``lat``/``lon`` as typed in decimal degrees (both or neither)."""

    customer_code: str
    code: str
    name: str
    address: str
    lat: str = ""
    lon: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    access_notes: str = ""


#: A saved site and the version an edit of it must name.
SiteRecord = Saved[SiteSpec]


@dataclass(frozen=True)
class SiteRow:
    """One line of the site list."""

    code: str
    name: str
    address: str
    customer_code: str
    customer_name: str
    contact_name: str
    contact_phone: str
    open_work_orders: int


def _check(uow: UnitOfWork, spec: SiteSpec, own: m.Site | None) -> Checked[m.Site]:
    problems = Problems()
    customer = lookup(uow, m.Customer, spec.customer_code, "customer", problems, "customer_code")
    problems.note("code", rules.code_problem(spec.code, "site"))
    problems.note("name", rules.required_text_problem(spec.name, "site name", rules.NAME_LENGTH))
    problems.note("address", rules.required_text_problem(spec.address, "address", 2000))
    where = rules.check_coordinates(spec.lat, spec.lon)
    for field, problem in where.problems.items():
        problems.note(field, problem)
    problems.note("contact_name", rules.text_length_problem(spec.contact_name, "contact name", rules.NAME_LENGTH))
    problems.note("contact_phone", rules.phone_problem(spec.contact_phone, "contact phone number"))
    check_code_free(uow, m.Site, spec.code, own, "site", problems)
    if own is not None and customer is not None and customer.id != own.customer_id:
        problems.note(
            "customer_code",
            rules.why_not_move("site", own.code, "customer", q.site_history_referrers(uow, own.id)),
        )
    return problems, lambda site: _apply(site, spec, customer, where)


def _apply(site: m.Site, spec: SiteSpec, customer: m.Customer | None, where: rules.Coordinates) -> None:
    assert customer is not None  # a form naming no customer was refused
    site.customer = customer
    site.code = spec.code.strip()
    site.name = spec.name.strip()
    site.address = spec.address.strip()
    site.lat, site.lon = where.lat, where.lon
    site.contact_name = optional(spec.contact_name)
    site.contact_phone = optional(spec.contact_phone)
    site.access_notes = optional(spec.access_notes)


def _spec(s: m.Site) -> SiteSpec:
    return SiteSpec(
        customer_code=s.customer.code, code=s.code, name=s.name, address=s.address,
        lat="" if s.lat is None else repr(s.lat), lon="" if s.lon is None else repr(s.lon),
        contact_name=s.contact_name or "", contact_phone=s.contact_phone or "",
        access_notes=s.access_notes or "",
    )


SITES = RecordKind("site", m.Site, _check, _spec, q.referrers_of_site)


def create_site(ctx: ServiceContext, spec: SiteSpec) -> str:
    """A new site of a customer; returns its code."""
    return create_record(ctx, SITES, spec)


def edit_site(ctx: ServiceContext, code: str, spec: SiteSpec, expected_version: int) -> int:
    """Save a site's changes; a stale copy is refused, and a site with history keeps its customer."""
    return edit_record(ctx, SITES, code, spec, expected_version)


def delete_site(ctx: ServiceContext, code: str, expected_version: int | None = None) -> None:
    """Delete a site nothing refers to; otherwise refuse, naming what refers to it."""
    delete_record(ctx, SITES, code, expected_version)


def why_not_delete_site(ctx: ServiceContext, code: str) -> str | None:
    return why_not_delete(ctx, SITES, code)


def get_site(ctx: ServiceContext, code: str) -> SiteRecord:
    return get_record(ctx, SITES, code)


def list_sites(
    ctx: ServiceContext, text: str = "", limit: int | None = None, *, customer_code: str | None = None
) -> list[SiteRow]:
    """Sites by customer and name, filtered by code, name, address, customer or contact phone."""
    with ctx.read() as uow:
        rows = q.site_list(uow, search_text(text), limit, customer_code)
        return [
            SiteRow(
                code=r.code, name=r.name, address=r.address, customer_code=r.customer_code,
                customer_name=r.customer_name, contact_name=r.contact_name or "",
                contact_phone=r.contact_phone or "", open_work_orders=int(r.open_count),
            )
            for r in rows
        ]
