"""The records page's lists of customers, sites and assets, a page at a time.

Each list reads a screenful in its order (``storage/pages.py``: keyset, an order ending in the
id) and counts with one ``COUNT``; the words typed are matched in SQL as the whole lists matched
them (``record_queries``: code, name, e-mail, phone digits...). A name sorts by its stored folded
key (``name_sort``, migration 0008: "Ólafur" with the O's), which the list's index holds. The
figures a row shows beside its own columns (a customer's sites, the open work) are counted for
the page's rows only, never for every record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from dispatch_console.domain.lifecycle import BOOKABLE
from dispatch_console.domain.search_rank import SearchText
from dispatch_console.domain.sorting import sort_key
from dispatch_console.storage import models as m
from dispatch_console.storage import record_queries as rq
from dispatch_console.storage.pages import Key, Sort, next_key, paged
from dispatch_console.storage.unit_of_work import UnitOfWork

#: What each list sorts by: the column's name -> its terms before the id.
CUSTOMER_SORTS = ("name", "code")
SITE_SORTS = ("name", "code", "customer")
ASSET_SORTS = ("name", "code", "site", "customer")


@dataclass(frozen=True)
class RecordQuery:
    """What a records list shows: its order and the text typed (None or empty: every record)."""

    sort: str = "name"
    descending: bool = False
    wanted: SearchText | None = None
    #: Only this customer's sites (the customer's own Sites tab).
    customer_code: str | None = None


def _terms(query: RecordQuery, sorts: dict[str, list[Any]], model: Any) -> list[Sort]:
    if query.sort not in sorts:
        raise ValueError(f"this list cannot sort by {query.sort!r}")
    return [Sort(term, query.descending) for term in (*sorts[query.sort], model.id)]


def _searching(query: RecordQuery) -> bool:
    return query.wanted is not None and not query.wanted.empty


def _folded_name(model: Any, query: RecordQuery) -> ColumnElement[bool]:
    """The record's name holds the text typed, accents and case folded ("olafur" finds
    "Ólafur's Pharmacy"), which the searches' LIKE alone does not on SQLite."""
    assert query.wanted is not None
    found: ColumnElement[bool] = model.name_sort.contains(sort_key(query.wanted.text), autoescape=True)
    return found


def _read(uow: UnitOfWork, stmt: Select[Any], order: list[Sort], after: Key | None, limit: int) -> tuple[
    Sequence[Any], Key | None
]:
    rows = uow.session.execute(paged(stmt, order, after, limit)).all()
    return rows, next_key(rows, order, limit)


def _count(uow: UnitOfWork, stmt: Select[Any]) -> int:
    return int(uow.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _open_work(uow: UnitOfWork, key: Any, ids: Sequence[int]) -> dict[int, int]:
    """Open (unfinished) work orders per ``key`` (the site's id or its customer's) of ``ids``.

    Driven from the open work orders (a few hundred, by the status index) to their sites, never
    from the sites to every work order ever done there: the join goes through an expression on
    the work order's site so that no database walks ten years of a site's work orders to count
    the few still open."""
    if not ids:
        return {}
    open_work = sorted(str(s) for s in BOOKABLE)
    rows = uow.session.execute(
        select(key, func.count(m.WorkOrder.id))
        .select_from(m.WorkOrder)
        .join(m.Site, m.Site.id == func.coalesce(m.WorkOrder.site_id, 0))
        .where(key.in_(ids), m.WorkOrder.status.in_(open_work))
        .group_by(key)
    )
    return {int(k): int(n) for k, n in rows}


# -- customers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CustomerListRow:
    id: int
    code: str
    name: str
    phone: str | None
    email: str | None
    site_count: int
    open_count: int


def _customers(uow: UnitOfWork, query: RecordQuery) -> Select[Any]:
    c = m.Customer
    stmt = select(c.id, c.code, c.name, c.phone, c.email)
    if _searching(query):
        assert query.wanted is not None
        stmt = stmt.where(or_(
            c.id.in_(select(rq._customer_ranks(uow, query.wanted, email=True).c.key)), _folded_name(c, query),
        ))
    return stmt


def customer_page(
    uow: UnitOfWork, query: RecordQuery, after: Key | None, limit: int
) -> tuple[list[CustomerListRow], Key | None]:
    """Up to ``limit`` customers after ``after`` (None: the first) and where the next page begins."""
    c = m.Customer
    order = _terms(query, {"name": [c.name_sort], "code": [c.code]}, c)
    rows, after_last = _read(uow, _customers(uow, query), order, after, limit)
    ids = [row.id for row in rows]
    sites = dict(
        uow.session.execute(
            select(m.Site.customer_id, func.count(m.Site.id)).where(m.Site.customer_id.in_(ids))
            .group_by(m.Site.customer_id)
        ).tuples().all()
    ) if ids else {}
    open_work = _open_work(uow, m.Site.customer_id, ids)
    found = [
        CustomerListRow(row.id, row.code, row.name, row.phone, row.email, int(sites.get(row.id, 0)),
                        open_work.get(row.id, 0))
        for row in rows
    ]
    return found, after_last


def customer_count(uow: UnitOfWork, query: RecordQuery) -> int:
    return _count(uow, _customers(uow, query))


# -- sites --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SiteListRow:
    id: int
    code: str
    name: str
    address: str
    contact_name: str | None
    contact_phone: str | None
    customer_code: str
    customer_name: str
    open_count: int


def _sites(uow: UnitOfWork, query: RecordQuery) -> Select[Any]:
    s, c = m.Site, m.Customer
    stmt = select(
        s.id, s.code, s.name, s.address, s.contact_name, s.contact_phone,
        c.code.label("customer_code"), c.name.label("customer_name"),
    ).join(c, c.id == s.customer_id)
    if query.customer_code is not None:
        stmt = stmt.where(c.code == query.customer_code)
    if _searching(query):
        assert query.wanted is not None
        stmt = stmt.where(or_(
            s.id.in_(select(rq._site_ranks(uow, query.wanted, with_customer=True).c.key)),
            _folded_name(s, query), _folded_name(c, query),
        ))
    return stmt


def site_page(
    uow: UnitOfWork, query: RecordQuery, after: Key | None, limit: int
) -> tuple[list[SiteListRow], Key | None]:
    s, c = m.Site, m.Customer
    order = _terms(query, {"name": [s.name_sort], "code": [s.code], "customer": [c.name_sort, s.name_sort]}, s)
    rows, after_last = _read(uow, _sites(uow, query), order, after, limit)
    open_work = _open_work(uow, m.Site.id, [row.id for row in rows])
    found = [
        SiteListRow(row.id, row.code, row.name, row.address, row.contact_name, row.contact_phone,
                    row.customer_code, row.customer_name, open_work.get(row.id, 0))
        for row in rows
    ]
    return found, after_last


def site_count(uow: UnitOfWork, query: RecordQuery) -> int:
    return _count(uow, _sites(uow, query))


# -- assets -------------------------------------------------------------------------------------
def _assets(uow: UnitOfWork, query: RecordQuery) -> Select[Any]:
    a, s, c = m.Asset, m.Site, m.Customer
    stmt = (
        select(
            a.id, a.code, a.name, a.category, a.make, a.model, a.serial, a.installed_on, a.warranty_until,
            s.code.label("site_code"), s.name.label("site_name"), c.name.label("customer_name"),
        )
        .join(s, s.id == a.site_id)
        .join(c, c.id == s.customer_id)
    )
    if _searching(query):
        assert query.wanted is not None
        match = rq.Match(
            uow, query.wanted, codes=[a.code, a.serial, s.code],
            texts=[a.name, a.category, a.make, a.model, s.name, c.name],
        )
        stmt = stmt.where(or_(match.where, _folded_name(a, query), _folded_name(s, query), _folded_name(c, query)))
    return stmt


def asset_page(uow: UnitOfWork, query: RecordQuery, after: Key | None, limit: int) -> tuple[
    Sequence[Any], Key | None
]:
    """Rows with the asset's columns and its site's and customer's names."""
    a, s, c = m.Asset, m.Site, m.Customer
    order = _terms(query, {
        "name": [a.name_sort], "code": [a.code], "site": [s.name_sort, a.name_sort],
        "customer": [c.name_sort, s.name_sort, a.name_sort],
    }, a)
    return _read(uow, _assets(uow, query), order, after, limit)


def asset_count(uow: UnitOfWork, query: RecordQuery) -> int:
    return _count(uow, _assets(uow, query))


__all__ = [
    "ASSET_SORTS", "CUSTOMER_SORTS", "SITE_SORTS", "CustomerListRow", "RecordQuery", "SiteListRow",
    "asset_count", "asset_page", "customer_count", "customer_page", "site_count", "site_page",
]
