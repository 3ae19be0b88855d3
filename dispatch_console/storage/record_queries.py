"""Queries of the customer, site, asset and part records: lists, searches, history, referrers.

Filtering and ranking happen in SQL (``domain/search_rank.py`` says what the ranks mean), so a
search over 10,000 customers returns its 20 best rows without loading the rest. Every function
takes the ``UnitOfWork`` of the service's read or write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)

from dispatch_console.domain import search_rank
from dispatch_console.domain.lifecycle import FINISHED_WORK
from dispatch_console.domain.record_rules import EXAMPLES_SHOWN, Referrers
from dispatch_console.domain.search_rank import SearchText
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

_ESCAPE = "!"
_FINISHED = sorted(str(s) for s in FINISHED_WORK)


# -- matching ---------------------------------------------------------------------------------
def _escaped(text: str) -> str:
    return text.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")


def _like(column: Any, pattern: str) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column.like(pattern, escape=_ESCAPE)
    return result


def _folding(uow: UnitOfWork) -> Any:
    """A case-blind LIKE. SQLite's LIKE already is (for ASCII, as its lower() is), and lower() on
    every row would double the cost of its scan. PostgreSQL compares lower(column): faster than
    ILIKE, and what its trigram indexes hold (migration 0004), so '%text%' is an index look-up."""
    if uow.session.get_bind().dialect.name == "postgresql":
        return lambda column, pattern: _like(func.lower(column), pattern)
    return _like


class Match:
    """The SQL of one search over a row's columns: which rows match the typed text, and how well.

    ``phones`` are stored phone digits (``search_rank.phone_digits``), matched on the typed
    digits from ``PHONE_MIN_DIGITS`` on. One table's columns all go in one Match, so its rows
    are ranked where they are found: no union of hits to group again by key. ``tiers`` holds
    each rank's own condition, for a search that takes the ranks in turn (``by_rank``).
    """

    def __init__(
        self,
        uow: UnitOfWork,
        wanted: SearchText,
        *,
        codes: Iterable[Any] = (),
        texts: Iterable[Any] = (),
        numbers: Iterable[Any] = (),
        phones: Iterable[Any] = (),
    ) -> None:
        like = _folding(uow)
        t = _escaped(wanted.text)
        exact: list[ColumnElement[bool]] = []
        prefix: list[ColumnElement[bool]] = []
        anywhere: list[ColumnElement[bool]] = []
        for column in codes:
            exact.append(func.lower(column) == wanted.text)
            prefix.append(like(column, f"{t}%"))
            anywhere.append(like(column, f"%{t}%"))
        for column in numbers:
            # "1042" is WO-1042 exactly: a number is its series' prefix and its digits.
            exact.append(or_(func.lower(column) == wanted.text, like(column, f"%-{t}")))
            prefix.append(like(column, f"{t}%"))
            anywhere.append(like(column, f"%{t}%"))
        for column in texts:
            prefix.append(or_(like(column, f"{t}%"), like(column, f"% {t}%")))
            anywhere.append(like(column, f"%{t}%"))
        d = wanted.digits
        if len(d) >= search_rank.PHONE_MIN_DIGITS:
            for column in phones:
                exact.append(column == d)
                prefix.append(_like(column, f"{d}%"))
                anywhere.append(_like(column, f"%{d}%"))
        #: rank -> the SQL condition of a match at that rank (at least); no entry: no column can.
        self.tiers: dict[int, ColumnElement[bool]] = {
            rank: or_(*conditions)
            for rank, conditions in (
                (search_rank.EXACT, exact), (search_rank.PREFIX, prefix), (search_rank.CONTAINS, anywhere),
            )
            if conditions
        }
        every = self.at(search_rank.RANKS) or (literal(False), literal(search_rank.CONTAINS))
        #: The rows that match at all, and each one's rank.
        self.where: ColumnElement[bool] = every[0]
        self.rank: Any = every[1]

    def at(self, ranks: tuple[int, ...]) -> tuple[ColumnElement[bool], Any] | None:
        """The rows that match at one of ``ranks`` (a run of ``search_rank.RANKS``), and each
        row's rank among them (the best that holds, else the last); None: none can."""
        held = [rank for rank in ranks if rank in self.tiers]
        if not held:
            return None
        whens = [(self.tiers[rank], rank) for rank in held if rank != ranks[-1]]
        rank: Any = case(*whens, else_=ranks[-1]) if whens else literal(ranks[-1])
        if search_rank.CONTAINS in held:
            # Every match contains the text: that alone finds them all, each tested once.
            return self.tiers[search_rank.CONTAINS], rank
        return or_(*(self.tiers[r] for r in held)), rank

    def hits(self, key: Any, *joins: Any, ranks: tuple[int, ...] = search_rank.RANKS) -> Any:
        """(key, rank) of the rows that match at one of ``ranks``."""
        where, rank = self.at(ranks) or (literal(False), literal(ranks[-1]))
        stmt = select(key.label("key"), rank.label("rank"))
        for target, on in joins:
            stmt = stmt.join(target, on)
        return stmt.where(where)


#: A page of ``by_rank``: (ranks, keys found at better ranks, rows wanted) -> statement or None.
Page = Callable[[tuple[int, ...], list[Any], int], Any]


def _steps(uow: UnitOfWork) -> tuple[tuple[int, ...], ...]:
    """The ranks a search looks for together, in turn. PostgreSQL looks for each rank alone, in
    name order, which its name indexes (migration 0006) walk from the first name, leaving after
    a page of matches: one or two letters, or an area code, are in most rows, but their first
    page is all prefixes, and ranking every row that contains them took over 100 ms; a rare
    text is looked up in the trigram indexes (migration 0004), rank by rank. SQLite has neither
    index (and needs none at 10,000 customers): there each rank would be one more pass over
    every row, so one statement ranks them all."""
    if uow.session.get_bind().dialect.name == "postgresql":
        return tuple((rank,) for rank in search_rank.RANKS)
    return (search_rank.RANKS,)


def by_rank(uow: UnitOfWork, limit: int, page: Page) -> list[Any]:
    """The best ``limit`` rows: ``page(ranks, found, n)`` is the statement of the first ``n`` rows
    matching at one of ``ranks``, best rank first, then in the list's order, but for the keys
    ``found`` at better ranks (which then are all of theirs); its first column is the key, one
    named ``rank`` the row's rank; None: no row can match at those ranks. It stops when the page
    is full."""
    rows: list[Any] = []
    for ranks in _steps(uow):
        stmt = page(ranks, [row[0] for row in rows], limit - len(rows))
        if stmt is not None:
            rows.extend(uow.session.execute(stmt).all())
        if len(rows) >= limit:
            break
    return rows


def _not_found(key: Any, found: list[Any]) -> ColumnElement[bool]:
    """Not among the keys found at a better rank (which then were all of that rank's)."""
    return key.not_in(found) if found else true()


def _rank_first(ranks: tuple[int, ...], rank: Any) -> tuple[Any, ...]:
    """What orders by rank first: nothing when all rows have one (an index in the list's order
    then gives the order as it is)."""
    return (rank,) if len(ranks) > 1 else ()


def best_ranks(*hits: Any) -> Any:
    """The best rank of each key among several kinds of hits, as a subquery (key, rank)."""
    union = union_all(*hits).subquery() if len(hits) > 1 else hits[0].subquery()
    return select(union.c.key, func.min(union.c.rank).label("rank")).group_by(union.c.key).subquery()


# -- the intake search ------------------------------------------------------------------------
def search_customers(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    """The best ``limit`` customers for the text: by their name, code or phone, or by one of
    their sites' code, name, address or contact phone. Rows: id, code, name, phone, email, rank."""
    own = Match(
        uow, wanted, codes=[m.Customer.code], texts=[m.Customer.name], phones=[m.Customer.phone_digits]
    )
    by_site = Match(
        uow, wanted, codes=[m.Site.code], texts=[m.Site.name, m.Site.address],
        phones=[m.Site.contact_phone_digits],
    )
    columns = (m.Customer.id, m.Customer.code, m.Customer.name, m.Customer.phone, m.Customer.email)
    order = (m.Customer.name, m.Customer.code)

    def page(ranks: tuple[int, ...], found: list[Any], n: int) -> Any:
        if len(ranks) > 1:
            # Each customer's best rank by its own columns or any site's.
            best = best_ranks(own.hits(m.Customer.id, ranks=ranks), by_site.hits(m.Site.customer_id, ranks=ranks))
            return (
                select(*columns, best.c.rank)
                .join(best, best.c.key == m.Customer.id)
                .where(_not_found(m.Customer.id, found))
                .order_by(best.c.rank, *order)
                .limit(n)
            )
        # One rank: the first n by their own columns and the first n by a site's, each in name
        # order (which PostgreSQL walks in its name index), then the first n of both.
        ways: list[ColumnElement[bool]] = []
        if ranks[0] in own.tiers:
            ways.append(own.tiers[ranks[0]])
        if ranks[0] in by_site.tiers:
            ways.append(exists().where(m.Site.customer_id == m.Customer.id, by_site.tiers[ranks[0]]))
        if not ways:
            return None
        firsts = [
            select(
                select(m.Customer.id).where(way, _not_found(m.Customer.id, found)).order_by(*order).limit(n)
                .subquery()
            )
            for way in ways
        ]
        return (
            select(*columns, literal(ranks[0]).label("rank"))
            .where(m.Customer.id.in_(union(*firsts) if len(firsts) > 1 else firsts[0]))
            .order_by(*order)
            .limit(n)
        )

    return by_rank(uow, limit, page)


def sites_of_customers(uow: UnitOfWork, customer_ids: Iterable[int]) -> Sequence[Any]:
    """The sites of these customers, with what intake fills in from them."""
    wanted = list(customer_ids)
    if not wanted:
        return []
    return uow.session.execute(
        select(
            m.Site.id, m.Site.customer_id, m.Site.code, m.Site.name, m.Site.address,
            m.Site.contact_name, m.Site.contact_phone, m.Site.access_notes,
        )
        .where(m.Site.customer_id.in_(wanted))
        .order_by(m.Site.customer_id, m.Site.code)
    ).all()


# -- quick find -------------------------------------------------------------------------------
def find_work_orders(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    match = Match(uow, wanted, numbers=[m.WorkOrder.number])
    best = (
        select(
            m.WorkOrder.number, m.WorkOrder.summary, m.WorkOrder.status, m.WorkOrder.site_id,
            match.rank.label("rank"),
        )
        .where(match.where)
        .order_by(match.rank, m.WorkOrder.number.desc())
        .limit(limit)
        .subquery()
    )
    # Site and customer names only for the rows shown.
    return uow.session.execute(
        select(
            best.c.number, best.c.summary, best.c.status, m.Site.name.label("site_name"),
            m.Customer.name.label("customer_name"), best.c.rank,
        )
        .join(m.Site, m.Site.id == best.c.site_id)
        .join(m.Customer, m.Customer.id == m.Site.customer_id)
        .order_by(best.c.rank, best.c.number.desc())
    ).all()


def _customer_match(uow: UnitOfWork, wanted: SearchText, *, email: bool = False) -> Match:
    texts = [m.Customer.name, m.Customer.email] if email else [m.Customer.name]
    return Match(uow, wanted, codes=[m.Customer.code], texts=texts, phones=[m.Customer.phone_digits])


def _customer_ranks(uow: UnitOfWork, wanted: SearchText, *, email: bool = False) -> Any:
    """(key, rank) of the customers the text finds by code, name (and e-mail) or phone."""
    return _customer_match(uow, wanted, email=email).hits(m.Customer.id).subquery()


def find_customers(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    match = _customer_match(uow, wanted)

    def page(ranks: tuple[int, ...], found: list[Any], n: int) -> Any:
        if (at := match.at(ranks)) is None:
            return None
        where, rank = at
        return (
            select(m.Customer.id, m.Customer.code, m.Customer.name, m.Customer.phone, rank.label("rank"))
            .where(where, _not_found(m.Customer.id, found))
            .order_by(*_rank_first(ranks, rank), m.Customer.name, m.Customer.code)
            .limit(n)
        )

    return by_rank(uow, limit, page)


def _site_match(uow: UnitOfWork, wanted: SearchText, *, with_customer: bool = False) -> Match:
    codes = [m.Site.code, m.Customer.code] if with_customer else [m.Site.code]
    texts = [m.Site.name, m.Site.address] + ([m.Customer.name] if with_customer else [])
    return Match(uow, wanted, codes=codes, texts=texts, phones=[m.Site.contact_phone_digits])


def _site_ranks(uow: UnitOfWork, wanted: SearchText, *, with_customer: bool = False) -> Any:
    """(key, rank) of the sites the text finds by code, name, address or contact phone (or by
    their customer's code or name)."""
    joins = [(m.Customer, m.Customer.id == m.Site.customer_id)] if with_customer else []
    return _site_match(uow, wanted, with_customer=with_customer).hits(m.Site.id, *joins).subquery()


def find_sites(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    match = _site_match(uow, wanted)

    def page(ranks: tuple[int, ...], found: list[Any], n: int) -> Any:
        if (at := match.at(ranks)) is None:
            return None
        where, rank = at
        best = (
            select(
                m.Site.id, m.Site.code, m.Site.name, m.Site.address, m.Site.customer_id, rank.label("rank"),
            )
            .where(where, _not_found(m.Site.id, found))
            .order_by(*_rank_first(ranks, rank), m.Site.name, m.Site.code)
            .limit(n)
            .subquery()
        )
        # The customer's name only for the rows shown.
        return (
            select(
                best.c.id, best.c.code, best.c.name, best.c.address, m.Customer.name.label("customer_name"),
                best.c.rank,
            )
            .join(m.Customer, m.Customer.id == best.c.customer_id)
            .order_by(best.c.rank, best.c.name, best.c.code)
        )

    return by_rank(uow, limit, page)


def find_assets(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    match = Match(uow, wanted, codes=[m.Asset.code, m.Asset.serial], texts=[m.Asset.name])
    best = (
        select(m.Asset.code, m.Asset.name, m.Asset.serial, m.Asset.site_id, match.rank.label("rank"))
        .where(match.where)
        .order_by(match.rank, m.Asset.name, m.Asset.code)
        .limit(limit)
        .subquery()
    )
    # The site's name only for the rows shown.
    return uow.session.execute(
        select(best.c.code, best.c.name, best.c.serial, m.Site.name.label("site_name"), best.c.rank)
        .join(m.Site, m.Site.id == best.c.site_id)
        .order_by(best.c.rank, best.c.name, best.c.code)
    ).all()


def find_technicians(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    match = Match(
        uow, wanted, codes=[m.Technician.code], texts=[m.Technician.name], phones=[m.Technician.phone_digits]
    )
    return uow.session.execute(
        select(
            m.Technician.code, m.Technician.name, m.Technician.phone, m.Technician.active,
            match.rank.label("rank"),
        )
        .where(match.where)
        .order_by(match.rank, m.Technician.name, m.Technician.code)
        .limit(limit)
    ).all()


# -- choosing a record ------------------------------------------------------------------------
# The editors' search-as-you-type choices: the best ``limit`` rows for the typed text, or the
# first ``limit`` by name when nothing is typed, and one record's row by its code (to show the
# record already chosen without listing the rest).
def customer_choices(uow: UnitOfWork, wanted: SearchText, limit: int) -> Sequence[Any]:
    """Rows code, name, phone: found as intake finds them (name, code, phone, or one of the
    customer's sites by code, name, address or contact phone)."""
    if not wanted.empty:
        return search_customers(uow, wanted, limit)
    return uow.session.execute(
        select(m.Customer.code, m.Customer.name, m.Customer.phone)
        .order_by(m.Customer.name, m.Customer.code)
        .limit(limit)
    ).all()


def customer_choice(uow: UnitOfWork, code: str) -> Any | None:
    """Row code, name, phone of the customer with this code, or None."""
    return uow.session.execute(
        select(m.Customer.code, m.Customer.name, m.Customer.phone).where(m.Customer.code == code)
    ).first()


def _site_choice_columns() -> tuple[Any, ...]:
    return (
        m.Site.code, m.Site.name, m.Site.address, m.Customer.code.label("customer_code"),
        m.Customer.name.label("customer_name"),
    )


def site_choices(
    uow: UnitOfWork, wanted: SearchText, limit: int, customer_code: str | None = None
) -> Sequence[Any]:
    """Rows code, name, address, customer_code, customer_name: found by the site's code, name,
    address or contact phone or its customer's code or name; only ``customer_code``'s if given."""
    stmt = select(*_site_choice_columns()).join(m.Customer, m.Customer.id == m.Site.customer_id)
    if customer_code is not None:
        stmt = stmt.where(m.Customer.code == customer_code)
    if wanted.empty:
        stmt = stmt.order_by(m.Site.name, m.Site.code)
    else:
        best = _site_ranks(uow, wanted, with_customer=True)
        stmt = stmt.join(best, best.c.key == m.Site.id).order_by(best.c.rank, m.Site.name, m.Site.code)
    return uow.session.execute(stmt.limit(limit)).all()


def site_choice(uow: UnitOfWork, code: str) -> Any | None:
    """Row code, name, address, customer_code, customer_name of the site with this code, or None."""
    return uow.session.execute(
        select(*_site_choice_columns())
        .join(m.Customer, m.Customer.id == m.Site.customer_id)
        .where(m.Site.code == code)
    ).first()


def _asset_choice_columns() -> tuple[Any, ...]:
    return (
        m.Asset.code, m.Asset.name, m.Asset.serial, m.Asset.category, m.Site.code.label("site_code"),
        m.Site.name.label("site_name"),
    )


def asset_choices(
    uow: UnitOfWork, wanted: SearchText, limit: int, site_code: str | None = None
) -> Sequence[Any]:
    """Rows code, name, serial, category, site_code, site_name: found by the asset's code,
    serial, name, category, make or model or its site's code or name; only ``site_code``'s if given."""
    stmt = select(*_asset_choice_columns()).join(m.Site, m.Site.id == m.Asset.site_id)
    if site_code is not None:
        stmt = stmt.where(m.Site.code == site_code)
    if wanted.empty:
        stmt = stmt.order_by(m.Asset.name, m.Asset.code)
    else:
        match = Match(
            uow, wanted, codes=[m.Asset.code, m.Asset.serial, m.Site.code],
            texts=[m.Asset.name, m.Asset.category, m.Asset.make, m.Asset.model, m.Site.name],
        )
        stmt = stmt.where(match.where).order_by(match.rank, m.Asset.name, m.Asset.code)
    return uow.session.execute(stmt.limit(limit)).all()


def asset_choice(uow: UnitOfWork, code: str) -> Any | None:
    """Row code, name, serial, category, site_code, site_name of the asset with this code, or None."""
    return uow.session.execute(
        select(*_asset_choice_columns())
        .join(m.Site, m.Site.id == m.Asset.site_id)
        .where(m.Asset.code == code)
    ).first()


def part_choice(uow: UnitOfWork, sku: str) -> Any | None:
    """Row sku, description, unit_price, unit of the part with this SKU, or None (its choices:
    ``part_list``)."""
    return uow.session.execute(
        select(m.Part.sku, m.Part.description, m.Part.unit_price, m.Part.unit).where(m.Part.sku == sku)
    ).first()


# -- lists ------------------------------------------------------------------------------------
def _open_work_by(key: Any) -> Any:
    """Open (unfinished) work orders counted per ``key`` (a column of work order or site)."""
    return (
        select(key.label("key"), func.count(m.WorkOrder.id).label("open_count"))
        .select_from(m.WorkOrder)
        .join(m.Site, m.Site.id == m.WorkOrder.site_id)
        .where(m.WorkOrder.status.not_in(_FINISHED))
        .group_by(key)
        .subquery()
    )


def _limited(stmt: Any, limit: int | None) -> Any:
    return stmt.limit(limit) if limit else stmt


def customer_list(uow: UnitOfWork, wanted: SearchText | None, limit: int | None) -> Sequence[Any]:
    sites = (
        select(m.Site.customer_id.label("key"), func.count(m.Site.id).label("site_count"))
        .group_by(m.Site.customer_id)
        .subquery()
    )
    open_work = _open_work_by(m.Site.customer_id)
    stmt = (
        select(
            m.Customer.code, m.Customer.name, m.Customer.phone, m.Customer.email,
            func.coalesce(sites.c.site_count, 0).label("site_count"),
            func.coalesce(open_work.c.open_count, 0).label("open_count"),
        )
        .outerjoin(sites, sites.c.key == m.Customer.id)
        .outerjoin(open_work, open_work.c.key == m.Customer.id)
        .order_by(m.Customer.name, m.Customer.code)
    )
    if wanted is not None and not wanted.empty:
        stmt = stmt.where(m.Customer.id.in_(select(_customer_ranks(uow, wanted, email=True).c.key)))
    return uow.session.execute(_limited(stmt, limit)).all()


def site_list(
    uow: UnitOfWork, wanted: SearchText | None, limit: int | None, customer_code: str | None = None
) -> Sequence[Any]:
    open_work = _open_work_by(m.WorkOrder.site_id)
    stmt = (
        select(
            m.Site.code, m.Site.name, m.Site.address, m.Site.contact_name, m.Site.contact_phone,
            m.Customer.code.label("customer_code"), m.Customer.name.label("customer_name"),
            func.coalesce(open_work.c.open_count, 0).label("open_count"),
        )
        .join(m.Customer, m.Customer.id == m.Site.customer_id)
        .outerjoin(open_work, open_work.c.key == m.Site.id)
        .order_by(m.Customer.name, m.Site.name, m.Site.code)
    )
    if customer_code is not None:
        stmt = stmt.where(m.Customer.code == customer_code)
    if wanted is not None and not wanted.empty:
        stmt = stmt.where(m.Site.id.in_(select(_site_ranks(uow, wanted, with_customer=True).c.key)))
    return uow.session.execute(_limited(stmt, limit)).all()


def asset_list(
    uow: UnitOfWork, wanted: SearchText | None, limit: int | None, site_code: str | None = None
) -> Sequence[Any]:
    stmt = (
        select(
            m.Asset.code, m.Asset.name, m.Asset.category, m.Asset.make, m.Asset.model,
            m.Asset.serial, m.Asset.installed_on, m.Asset.warranty_until,
            m.Site.code.label("site_code"), m.Site.name.label("site_name"),
            m.Customer.name.label("customer_name"),
        )
        .join(m.Site, m.Site.id == m.Asset.site_id)
        .join(m.Customer, m.Customer.id == m.Site.customer_id)
        .order_by(m.Customer.name, m.Site.name, m.Asset.name, m.Asset.code)
    )
    if site_code is not None:
        stmt = stmt.where(m.Site.code == site_code)
    if wanted is not None and not wanted.empty:
        match = Match(
            uow, wanted, codes=[m.Asset.code, m.Asset.serial, m.Site.code],
            texts=[m.Asset.name, m.Asset.category, m.Asset.make, m.Asset.model, m.Site.name, m.Customer.name],
        )
        stmt = stmt.where(match.where)
    return uow.session.execute(_limited(stmt, limit)).all()


def part_list(uow: UnitOfWork, wanted: SearchText | None, limit: int | None) -> Sequence[Any]:
    stmt = select(m.Part.sku, m.Part.description, m.Part.unit_price, m.Part.unit).order_by(m.Part.sku)
    if wanted is not None and not wanted.empty:
        match = Match(uow, wanted, codes=[m.Part.sku], texts=[m.Part.description])
        stmt = stmt.where(match.where).order_by(None).order_by(match.rank, m.Part.sku)
    return uow.session.execute(_limited(stmt, limit)).all()


# -- what refers to a record ------------------------------------------------------------------
def _referrers(uow: UnitOfWork, noun: str, code: Any, where: ColumnElement[bool], *joins: Any) -> Referrers:
    def query(what: Any) -> Any:
        stmt = select(what).select_from(code.class_)
        for target, on in joins:
            stmt = stmt.join(target, on)
        return stmt.where(where)

    count = int(uow.session.scalar(query(func.count(func.distinct(code)))) or 0)
    examples: tuple[str, ...] = ()
    if count:
        examples = tuple(
            str(value) for value in uow.session.scalars(
                query(code).distinct().order_by(code).limit(EXAMPLES_SHOWN)
            )
        )
    return Referrers(noun, count, examples)


def referrers_of_customer(uow: UnitOfWork, customer_id: int) -> list[Referrers]:
    return [
        _referrers(uow, "sites", m.Site.code, m.Site.customer_id == customer_id),
        _referrers(
            uow, "work orders", m.WorkOrder.number, m.Site.customer_id == customer_id,
            (m.Site, m.Site.id == m.WorkOrder.site_id),
        ),
        _referrers(uow, "requests", m.WorkRequest.number, m.WorkRequest.customer_id == customer_id),
        _referrers(uow, "invoices", m.Invoice.number, m.Invoice.customer_id == customer_id),
        _referrers(
            uow, "service agreements", m.ServiceAgreement.name, m.ServiceAgreement.customer_id == customer_id
        ),
    ]


def site_history_referrers(uow: UnitOfWork, site_id: int) -> Referrers:
    """The work orders and requests done at a site (what ties it to its customer)."""
    return _sum(
        "jobs",
        _referrers(uow, "work orders", m.WorkOrder.number, m.WorkOrder.site_id == site_id),
        _referrers(uow, "requests", m.WorkRequest.number, m.WorkRequest.site_id == site_id),
    )


def asset_history_referrers(uow: UnitOfWork, asset_id: int) -> Referrers:
    """The work orders and requests for an asset (what ties it to its site)."""
    return _sum(
        "jobs",
        _referrers(uow, "work orders", m.WorkOrder.number, m.WorkOrder.asset_id == asset_id),
        _referrers(uow, "requests", m.WorkRequest.number, m.WorkRequest.asset_id == asset_id),
    )


def _sum(noun: str, *found: Referrers) -> Referrers:
    """Several kinds of referrers as one: "work orders and requests" with their codes."""
    kinds = [r for r in found if r.count]
    if len(kinds) == 1:
        return kinds[0]
    examples = tuple(code for r in kinds for code in r.examples)
    return Referrers(
        " and ".join(r.noun for r in kinds) if kinds else noun,
        sum(r.count for r in kinds),
        examples,
    )


def referrers_of_site(uow: UnitOfWork, site_id: int) -> list[Referrers]:
    return [
        _referrers(uow, "assets", m.Asset.code, m.Asset.site_id == site_id),
        _referrers(uow, "work orders", m.WorkOrder.number, m.WorkOrder.site_id == site_id),
        _referrers(uow, "requests", m.WorkRequest.number, m.WorkRequest.site_id == site_id),
        _referrers(uow, "recurring plans", m.PmPlan.code, m.PmPlan.site_id == site_id),
        _referrers(uow, "service agreements", m.ServiceAgreement.name, m.ServiceAgreement.site_id == site_id),
    ]


def referrers_of_asset(uow: UnitOfWork, asset_id: int) -> list[Referrers]:
    return [
        _referrers(uow, "work orders", m.WorkOrder.number, m.WorkOrder.asset_id == asset_id),
        _referrers(uow, "requests", m.WorkRequest.number, m.WorkRequest.asset_id == asset_id),
        _referrers(uow, "recurring plans", m.PmPlan.code, m.PmPlan.asset_id == asset_id),
    ]


def referrers_of_part(uow: UnitOfWork, part_id: int) -> list[Referrers]:
    return [
        _referrers(
            uow, "work orders planning it", m.WorkOrder.number, m.PlannedPart.part_id == part_id,
            (m.PlannedPart, m.PlannedPart.work_order_id == m.WorkOrder.id),
        ),
        _referrers(
            uow, "work orders using it", m.WorkOrder.number, m.PartUsed.part_id == part_id,
            (m.PartUsed, m.PartUsed.work_order_id == m.WorkOrder.id),
        ),
    ]
