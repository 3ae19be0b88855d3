"""The records page's lists of customers, sites and assets, a page at a time (issue #11).

Ten years of a busy contractor is thousands of customers, sites and assets: a list reads a
screenful in its order, more as it scrolls, and counts in the database; the rows are the ones
the whole lists give (``customers.CustomerRow``...).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dispatch_console.domain.search_rank import search_text
from dispatch_console.domain.warranty import under_warranty
from dispatch_console.services.assets import AssetRow
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerRow
from dispatch_console.services.sites import SiteRow
from dispatch_console.storage import record_pages as q
from dispatch_console.storage.pages import Key
from dispatch_console.storage.record_pages import (
    ASSET_SORTS,
    CUSTOMER_SORTS,
    SITE_SORTS,
    RecordQuery,
)

__all__ = [
    "ASSET_SORTS", "CUSTOMER_SORTS", "SITE_SORTS", "RecordQuery", "asset_count", "asset_page",
    "customer_count", "customer_page", "record_query", "site_count", "site_page", "sites_of_customer",
    "with_text",
]


def record_query(sort: str = "name", descending: bool = False, text: str = "") -> RecordQuery:
    """A list's query: its order, and the text typed (matched as the whole lists match it)."""
    wanted = search_text(text)
    return RecordQuery(sort, descending, None if wanted.empty else wanted)


def with_text(query: RecordQuery, text: str) -> RecordQuery:
    """``query`` in the same order, finding ``text``."""
    wanted = search_text(text)
    return replace(query, wanted=None if wanted.empty else wanted)


def customer_page(
    ctx: ServiceContext, query: RecordQuery, after: Key | None = None, limit: int = 100
) -> tuple[list[CustomerRow], Key | None]:
    with ctx.read() as uow:
        rows, next_after = q.customer_page(uow, query, after, limit)
    return [
        CustomerRow(r.code, r.name, r.phone or "", r.email or "", r.site_count, r.open_count) for r in rows
    ], next_after


def customer_count(ctx: ServiceContext, query: RecordQuery) -> int:
    with ctx.read() as uow:
        return q.customer_count(uow, query)


def site_page(
    ctx: ServiceContext, query: RecordQuery, after: Key | None = None, limit: int = 100
) -> tuple[list[SiteRow], Key | None]:
    with ctx.read() as uow:
        rows, next_after = q.site_page(uow, query, after, limit)
    return [
        SiteRow(
            code=r.code, name=r.name, address=r.address, customer_code=r.customer_code,
            customer_name=r.customer_name, contact_name=r.contact_name or "",
            contact_phone=r.contact_phone or "", open_work_orders=r.open_count,
        )
        for r in rows
    ], next_after


def sites_of_customer(ctx: ServiceContext, code: str) -> list[SiteRow]:
    """A customer's sites by name, each with its open work (counted for these sites alone: the
    whole list's figure grouped every open work order of every site)."""
    rows, _after = site_page(ctx, RecordQuery(customer_code=code), None, 10_000)
    return rows


def site_count(ctx: ServiceContext, query: RecordQuery) -> int:
    with ctx.read() as uow:
        return q.site_count(uow, query)


def asset_page(
    ctx: ServiceContext, query: RecordQuery, after: Key | None = None, limit: int = 100, *, day: date | None = None
) -> tuple[list[AssetRow], Key | None]:
    """``day`` (default: today, by the context's clock) decides which are under warranty."""
    on = day or ctx.now().astimezone(ctx.zone()).date()
    with ctx.read() as uow:
        rows, next_after = q.asset_page(uow, query, after, limit)
    return [
        AssetRow(
            code=r.code, name=r.name, category=r.category or "", make=r.make or "",
            model=r.model or "", serial=r.serial or "", site_code=r.site_code,
            site_name=r.site_name, customer_name=r.customer_name, installed_on=r.installed_on,
            warranty_until=r.warranty_until, under_warranty=under_warranty(r.warranty_until, on),
        )
        for r in rows
    ], next_after


def asset_count(ctx: ServiceContext, query: RecordQuery) -> int:
    with ctx.read() as uow:
        return q.asset_count(uow, query)
