"""The searches of intake and quick find, rank by rank: what they find, in which order, and that
looking for each rank alone (PostgreSQL) finds exactly what one statement ranking every match
finds (SQLite), stopping as soon as the page is full.

Both ways run on whichever database the suite runs on (``_steps`` says which one a database
uses), so each is tested on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text

from dispatch_console.domain.search_rank import CONTAINS, EXACT, PREFIX, RANKS, search_text
from dispatch_console.services import customers, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.services.sites import SiteSpec
from dispatch_console.storage import record_queries as q
from dispatch_console.storage.database import Database
from dispatch_console.storage.models import tracked_by_models
from tests.conftest import PG_SERVER

ONE_AT_A_TIME = tuple((rank,) for rank in RANKS)
ALL_AT_ONCE = (RANKS,)


def add(ctx: ServiceContext, code: str, name: str, phone: str = "", *site: tuple[str, str, str]) -> None:
    customers.create_customer(ctx, CustomerSpec(code=code, name=name, phone=phone))
    for site_code, site_name, address in site:
        sites.create_site(ctx, SiteSpec(customer_code=code, code=site_code, name=site_name, address=address))


@pytest.fixture
def lakes(company: ServiceContext) -> ServiceContext:
    """Beside the seed's C1 "Lakeside Medical" (site S1 "Building A", 100 Main St) and C2 "Elm
    Street Bakery" (S2 "Shop", 7 Elm St): customers "la" finds at each rank, in each way."""
    add(company, "LA", "Zeta Holdings")  # the code exactly
    add(company, "C10", "Great Lakes Dairy")  # a word of the name starts with it
    add(company, "C11", "Lakeshore Clinic")  # the name starts with it
    add(company, "C12", "Flakes Cereal")  # the name contains it
    add(company, "C15", "Harbor Foods", "", ("HF-1", "Warehouse", "1 Dock Rd"), ("HF-2", "Store", "88 Lakes Blvd"))
    add(company, "C16", "Northgate", "", ("NG-1", "North", "12 Lark Ln"), ("NG-2", "South", "14 Lark Ln"))
    add(company, "C17", "Palace Hotel", "", ("PH-1", "Hotel", "5 Lamar St"))  # contains; its site: prefix
    add(company, "C21", "Lake Ridge Apartments")  # a tie of names: by code
    add(company, "C20", "Lake Ridge Apartments")
    add(company, "C19", "Zoë Lamps", "(214) 555-0100")
    return company


@pytest.fixture(params=["one rank at a time", "all ranks at once"])
def steps(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[int, ...], ...]:
    chosen = ONE_AT_A_TIME if request.param == "one rank at a time" else ALL_AT_ONCE
    monkeypatch.setattr(q, "_steps", lambda uow: chosen)
    return chosen


def found(ctx: ServiceContext, query: Any, typed: str, limit: int = 20) -> list[tuple[str, int]]:
    with ctx.read() as uow:
        return [(row.code, int(row.rank)) for row in query(uow, search_text(typed), limit)]


# -- what is found, and in which order ----------------------------------------------------------
@pytest.mark.usefixtures("steps")
def test_intake_finds_each_rank_in_name_order_then_code_by_own_columns_or_a_site(lakes: ServiceContext) -> None:
    assert found(lakes, q.search_customers, "la") == [
        ("LA", EXACT),
        ("C10", PREFIX),  # Great Lakes Dairy
        ("C15", PREFIX),  # Harbor Foods, by its site on Lakes Blvd
        ("C20", PREFIX),  # Lake Ridge Apartments
        ("C21", PREFIX),  # Lake Ridge Apartments, the same name: by code
        ("C11", PREFIX),  # Lakeshore Clinic
        ("C1", PREFIX),  # Lakeside Medical
        ("C16", PREFIX),  # Northgate, two sites on Lark Ln: once
        ("C17", PREFIX),  # Palace Hotel: contains "la", but its site is on Lamar St
        ("C19", PREFIX),  # Zoë Lamps
        ("C12", CONTAINS),  # Flakes Cereal
    ]
    # Nothing that does not contain the text.
    assert found(lakes, q.search_customers, "lar") == [("C16", PREFIX)]
    assert found(lakes, q.search_customers, "lx") == []


@pytest.mark.usefixtures("steps")
def test_a_page_ends_inside_a_rank_or_a_tie_as_the_whole_list_would(lakes: ServiceContext) -> None:
    whole = found(lakes, q.search_customers, "la")
    for limit in range(1, len(whole) + 2):
        assert found(lakes, q.search_customers, "la", limit) == whole[:limit], limit
    assert found(lakes, q.search_customers, "la", 4)[-1] == ("C20", PREFIX)  # C21, the tie's second: next page


@pytest.mark.usefixtures("steps")
def test_quick_find_ranks_customers_by_their_own_columns_and_sites_by_theirs(lakes: ServiceContext) -> None:
    assert found(lakes, q.find_customers, "la") == [
        ("LA", EXACT), ("C10", PREFIX), ("C20", PREFIX), ("C21", PREFIX), ("C11", PREFIX), ("C1", PREFIX),
        ("C19", PREFIX), ("C12", CONTAINS), ("C17", CONTAINS),
    ]
    # Sites by their name: "Hotel" on Lamar St, "North" and "South" on Lark Ln, "Store" on Lakes Blvd.
    assert found(lakes, q.find_sites, "la") == [("PH-1", PREFIX), ("NG-1", PREFIX), ("NG-2", PREFIX), ("HF-2", PREFIX)]
    # One letter: "Building A" starts a word with it; all the others but "Shop" (7 Elm St) contain it.
    assert found(lakes, q.find_sites, "a") == [
        ("S1", PREFIX), ("PH-1", CONTAINS), ("NG-1", CONTAINS), ("NG-2", CONTAINS), ("HF-2", CONTAINS),
        ("HF-1", CONTAINS),
    ]


@pytest.mark.usefixtures("steps")
def test_non_ascii_letters_match_and_order_as_typed(lakes: ServiceContext) -> None:
    assert found(lakes, q.search_customers, "zoë") == [("C19", PREFIX)]
    assert found(lakes, q.search_customers, "ë") == [("C19", CONTAINS)]
    assert found(lakes, q.find_customers, "zo") == [("C19", PREFIX)]
    # "Zoë Lamps" after "Zeta Holdings" (Z-e before Z-o), both prefixes of "z".
    assert found(lakes, q.find_customers, "z") == [("LA", PREFIX), ("C19", PREFIX)]


@pytest.mark.usefixtures("steps")
def test_phones_rank_by_their_digits_from_an_area_code_on(lakes: ServiceContext) -> None:
    assert found(lakes, q.search_customers, "55") == []  # in the phone, but not yet an area code
    assert found(lakes, q.search_customers, "21") == [("C21", CONTAINS)]  # in a code, as text
    assert found(lakes, q.search_customers, "214") == [("C19", PREFIX)]
    assert found(lakes, q.search_customers, "(214) 555-0100") == [("C19", EXACT)]
    assert found(lakes, q.search_customers, "0100") == [("C19", CONTAINS)]


@pytest.mark.parametrize(
    "typed", ["l", "la", "a", "s", "1", "lak", "lakes", "88", "214", "2145550100", "%", "_", "ë", "h", "-"]
)
def test_rank_by_rank_finds_what_ranking_every_match_finds(
    lakes: ServiceContext, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    for query in (q.search_customers, q.find_customers, q.find_sites):
        for limit in (3, 20):
            monkeypatch.setattr(q, "_steps", lambda uow: ALL_AT_ONCE)
            ranked_at_once = found(lakes, query, typed, limit)
            monkeypatch.setattr(q, "_steps", lambda uow: ONE_AT_A_TIME)
            assert found(lakes, query, typed, limit) == ranked_at_once, (query.__name__, typed, limit)


# -- stopping when the page is full ---------------------------------------------------------------
@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    """The SELECT statements run on the database while the test runs."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


def test_rank_by_rank_stops_when_the_page_is_full(
    lakes: ServiceContext, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    monkeypatch.setattr(q, "_steps", lambda uow: ONE_AT_A_TIME)
    assert [code for code, _ in found(lakes, q.search_customers, "la", 3)] == ["LA", "C10", "C15"]
    assert len(statements) == 2  # the exact code, then the prefixes: no "contains" looked for
    statements.clear()
    assert len(found(lakes, q.search_customers, "la", 20)) == 11
    assert len(statements) == 3  # too few exact and prefixes: the rest too
    statements.clear()
    monkeypatch.setattr(q, "_steps", lambda uow: ALL_AT_ONCE)
    assert len(found(lakes, q.search_customers, "la", 20)) == 11
    assert len(statements) == 1


def test_postgresql_takes_each_rank_alone_and_sqlite_all_at_once(lakes: ServiceContext, db: Database) -> None:
    with lakes.read() as uow:
        expected = ONE_AT_A_TIME if db.engine.dialect.name == "postgresql" else ALL_AT_ONCE
        assert q._steps(uow) == expected


# -- PostgreSQL's name indexes (migration 0006) ---------------------------------------------------
def test_the_name_indexes_are_left_out_of_the_comparison_with_the_models() -> None:
    assert not tracked_by_models("ix_customer_name_code_pg", "index", None)
    assert not tracked_by_models("ix_customer_name_trgm", "index", None)
    assert tracked_by_models("ix_site_customer_id", "index", None)
    assert tracked_by_models("ix_customer_name_code_pg", "table", None)


@pytest.mark.skipif(not PG_SERVER, reason="PostgreSQL only (set DISPATCH_CONSOLE_TEST_PG)")
def test_postgresql_walks_the_name_indexes_for_a_rank(lakes: ServiceContext, db: Database) -> None:
    with db.engine.connect() as conn:
        names = set(conn.scalars(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\\_pg'")))
    assert names == {"ix_customer_name_code_pg", "ix_site_name_code_pg"}
    def prefixes_statement(query: Any, typed: str) -> tuple[str, Any]:
        """The statement of the prefixes (the second: the exact code's comes first)."""
        captured: list[tuple[str, Any]] = []

        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                captured.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            found(lakes, query, typed)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        return captured[1]

    customer_prefixes = prefixes_statement(q.search_customers, "l")
    site_prefixes = prefixes_statement(q.find_sites, "b")
    with db.engine.begin() as conn:
        # A handful of rows: judge what the index can do, not what it costs here.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        conn.execute(text("SET LOCAL enable_bitmapscan = off"))
        conn.execute(text("SET LOCAL enable_sort = off"))
        for (statement, parameters), index in (
            (customer_prefixes, "ix_customer_name_code_pg"), (site_prefixes, "ix_site_name_code_pg"),
        ):
            plan = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters))
            assert index in plan, plan
