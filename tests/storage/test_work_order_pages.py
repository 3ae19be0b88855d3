"""The paged work order list sorts, filters, searches and counts exactly as the old list did.

The expected order is a plain Python sort of ``work_orders.list_rows`` (every row, the old
list's source) by the old list's keys (``ui/work_orders/table_model.py`` before issue #11), with
``domain.sorting.sort_key`` in place of ``str.casefold`` (so "Ólafur" is among the O's) and ties
broken by number, then id (the old list left ties in whatever order the rows came); the expected
rows of a filter are the old list filter's predicate (``ui/work_orders/filter_model.py`` before issue #11) over
those rows. The stored keys the pages sort by are compared with keys computed afresh after every
kind of change that moves them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import bindparam, event, text

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.lifecycle import ARCHIVED
from dispatch_console.domain.sorting import RECENT_WORK, sort_key
from dispatch_console.services import work_order_list, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_order_list import NOBODY, SORTABLE, ListQuery
from dispatch_console.services.work_orders import WorkOrderRow
from dispatch_console.storage import models as m
from dispatch_console.storage import work_order_keys, work_order_pages
from dispatch_console.ui.work_orders.rows import natural_key

NAMES = ["Ólafur", "Zoë", "Øster", "ábaco", "Bravo", "olaf", "Zoe", "bravo", "Ærø", "Straße"]
STATUS_ORDER = {status: i for i, status in enumerate(Status)}


@pytest.fixture
def many(ctx: ServiceContext) -> ServiceContext:
    """61 work orders over customers, sites and technicians with non-ASCII names, ties and blanks."""
    now = ctx.now()
    with ctx.write("seed") as uow:
        uow.add(m.Company(id=1, name="Acme", timezone="America/Chicago", currency="USD",
                          tax_rate=Decimal("0"), payment_terms_days=30))
        techs = [m.Technician(code=f"T{i}", name=name, hourly_rate=Decimal("80"), active=True)
                 for i, name in enumerate(["Ólafur Sig", "Zoë Hart", "Øster Lund", "ábaco Ruiz", "Ben"])]
        customers = [m.Customer(code=f"C{i}", name=name) for i, name in enumerate(NAMES)]
        sites = [m.Site(code=f"S{i}", customer=customers[i % len(customers)], name=NAMES[(i * 3) % len(NAMES)],
                        address="1 Main St") for i in range(14)]
        uow.add_all([*techs, *customers, *sites])
        uow.session.flush()
        statuses = list(Status)
        changed: list[dict[str, Any]] = []
        for i in range(61):
            number = f"WO-{(995 + i * 7) if i % 5 else 99 + i}"  # WO-99.. beside WO-1002..: length first
            created = now - timedelta(days=(i * 11) % 400)
            wo = m.WorkOrder(
                number=number, type=list(WorkOrderType)[i % len(WorkOrderType)],
                priority=list(Priority)[i % 4], priority_rank=i % 4,
                status=statuses[i % len(statuses)], site=sites[i % len(sites)],
                summary=f"{NAMES[i % len(NAMES)]} {'filter' if i % 3 else 'Leak'} job",
                estimated_hours=Decimal([2, 10, "2.5", 1][i % 4]),
                due_by=None if i % 4 == 0 else now + timedelta(hours=(i % 6) * 5),
                created_at=created,
            )
            uow.add(wo)
            uow.session.flush()
            changed.append({"key": wo.id, "at": created + timedelta(days=i % 3) if i % 2 else None})
            for j in range(i % 3):
                start = now + timedelta(hours=((i * 7) % 5) * 3 + j)
                uow.add(m.Booking(work_order_id=wo.id, technician_id=techs[(i + j) % len(techs)].id,
                                  start=start, end=start + timedelta(hours=1)))
    with ctx.write("seed") as uow:  # when each was last changed, as if long ago (the ORM stamps now)
        table = m.WorkOrder.__table__
        uow.session.execute(
            table.update().where(table.c.id == bindparam("key")).values(updated_at=bindparam("at")), changed
        )
    return ctx


_LAST = (1, 0.0)


def _moment(moment: datetime | None) -> tuple[int, float]:
    return _LAST if moment is None else (0, moment.timestamp())


#: The old list's sort keys (ui/work_orders/table_model.py before issue #11), folded by sort_key.
OLD_KEYS: dict[str, Callable[[WorkOrderRow], Any]] = {
    "number": lambda r: (),
    "status": lambda r: STATUS_ORDER[r.status],
    "priority": lambda r: r.priority.rank,
    "type": lambda r: r.type.value,
    "customer": lambda r: sort_key(r.customer),
    "site": lambda r: sort_key(r.site),
    "summary": lambda r: sort_key(r.summary),
    "technicians": lambda r: (0, sort_key(", ".join(r.technicians))) if r.technicians else (1, ""),
    "scheduled": lambda r: _moment(r.scheduled_start),
    "due_by": lambda r: _moment(r.due_by),
    "estimated_hours": lambda r: r.estimated_hours,
}


def expected_order(rows: list[WorkOrderRow], sort: str, descending: bool) -> list[str]:
    """The old list's order (empty values last, first when descending), ties by number then id."""
    key = OLD_KEYS[sort]
    ordered = sorted(rows, key=lambda r: (key(r), natural_key(r.number), r.id), reverse=descending)
    return [r.number for r in ordered]


def old_filter(row: WorkOrderRow, q: ListQuery, now: datetime) -> bool:
    """The list filter as it was (``filter_model.filterAcceptsRow`` before issue #11), plus "open and recent"."""
    if q.statuses is not None and row.status not in q.statuses:
        return False
    if q.type is not None and row.type != q.type:
        return False
    if q.priority is not None and row.priority != q.priority:
        return False
    if q.technician is not None:
        if q.technician == NOBODY:
            if row.technicians:
                return False
        elif q.technician not in row.technicians:
            return False
    return all(word in row.search_text for word in q.text.casefold().split())


def read_all(ctx: ServiceContext, query: ListQuery, size: int) -> list[str]:
    page = work_order_list.first_page(ctx, query, size)
    numbers = [r.number for r in page.rows]
    while page.after is not None:
        page = work_order_list.next_page(ctx, query, page.after, size)
        assert len(page.rows) <= size
        numbers += [r.number for r in page.rows]
    return numbers


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", SORTABLE)
def test_pages_follow_a_plain_sort_of_every_row(many: ServiceContext, sort: str, descending: bool) -> None:
    rows = work_orders.list_rows(many)
    expected = expected_order(rows, sort, descending)
    query = ListQuery(sort=sort, descending=descending)
    assert read_all(many, query, 7) == expected  # pages of 7: never skip nor repeat a row
    assert read_all(many, query, 200) == expected
    assert work_order_list.count(many, query) == len(rows) == 61


def test_a_page_names_its_ids_a_chunk_at_a_time(many: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refresh reads every loaded row again: SQLite as Python ships it on Windows and macOS
    takes 32,766 values a statement, so no statement names more ids than ``IDS_A_STATEMENT``
    (here 5), and the rows, their order and their technicians are the same."""
    query = ListQuery(sort="technicians", descending=True)
    whole = read_all_rows_of(many, query)
    monkeypatch.setattr(work_order_pages, "IDS_A_STATEMENT", 5)
    widest: list[int] = []

    def seen(_conn: Any, _cursor: Any, _statement: str, parameters: Any, *_rest: Any) -> None:
        widest.append(len(parameters))

    event.listen(many.db.engine, "before_cursor_execute", seen)
    try:
        assert read_all_rows_of(many, query) == whole
    finally:
        event.remove(many.db.engine, "before_cursor_execute", seen)
    assert len(whole) == 61 and max(widest) <= 5 + 2  # a chunk, and at most the page's own bounds
    assert any(row.technicians for row in whole)


def read_all_rows_of(ctx: ServiceContext, query: ListQuery) -> list[WorkOrderRow]:
    return work_order_list.first_page(ctx, query, 100).rows


def test_accented_names_sort_among_their_letters(many: ServiceContext) -> None:
    names = [r.customer for r in work_order_list.first_page(many, ListQuery(sort="customer")).rows]
    firsts = list(dict.fromkeys(names))
    assert firsts[:2] == ["ábaco", "Ærø"]  # a, then ae, before the B's
    assert set(firsts[2:4]) == {"Bravo", "bravo"}  # case does not order: the numbers do
    assert set(firsts[4:7]) == {"olaf", "Ólafur", "Øster"}
    assert firsts.index("olaf") < firsts.index("Ólafur") < firsts.index("Øster")
    assert firsts[7:] in (["Straße", "Zoe", "Zoë"], ["Straße", "Zoë", "Zoe"])


def test_the_same_row_values_as_the_old_list(many: ServiceContext) -> None:
    old = {r.number: r for r in work_orders.list_rows(many)}
    for row in read_all_rows(many):
        assert row == old[row.number]


def test_a_page_is_read_as_the_one_row_type_of_the_list(many: ServiceContext) -> None:
    """Storage reads the rows the services and screens name (with their statuses, types and
    priorities as the domain's), beside where each continues; no second row of the same shape."""
    from dispatch_console.storage import work_order_pages

    assert work_orders.WorkOrderRow is work_order_pages.WorkOrderRow
    with many.read() as uow:
        found = work_order_pages.page(uow.session, ListQuery(), None, 3)
    assert [type(row) for row, _key in found] == [WorkOrderRow] * 3
    row, key = found[-1]
    assert isinstance(row.status, Status) and isinstance(row.type, WorkOrderType)
    assert isinstance(row.priority, Priority)
    # The next page starts after it.
    with many.read() as uow:
        after = work_order_pages.page(uow.session, ListQuery(), key, 1)
    numbers = [r.number for r in read_all_rows(many)]
    assert after[0][0].number == numbers[3]


def read_all_rows(ctx: ServiceContext) -> list[WorkOrderRow]:
    return work_order_list.first_page(ctx, ListQuery(), 1000).rows


FILTERS = [
    ListQuery(statuses=frozenset({Status.OPEN})),
    ListQuery(statuses=frozenset(Status) - ARCHIVED),
    ListQuery(statuses=frozenset()),
    ListQuery(type=list(WorkOrderType)[1]),
    ListQuery(priority=Priority.HIGH),
    ListQuery(technician="Zoë Hart"),
    ListQuery(technician=NOBODY),
    ListQuery(text="leak"),
    ListQuery(text="ÓLAF"),
    ListQuery(text="ólafur job"),
    ListQuery(text="zoë"),
    ListQuery(text="øster lund"),
    ListQuery(text="wo-10"),
    ListQuery(text="s1"),  # site code S1, S10..S13, and a short word (not the trigram index)
    ListQuery(text="o"),
    ListQuery(text="straße"),
    ListQuery(text="100%"),
    ListQuery(text="a_b"),
    ListQuery(text='"quoted'),
    ListQuery(text="nothing-like-this"),
    ListQuery(text="filter", priority=Priority.LOW, technician="Ben"),
]


@pytest.mark.parametrize("query", FILTERS, ids=repr)
def test_filters_and_search_keep_the_rows_the_old_filter_kept(many: ServiceContext, query: ListQuery) -> None:
    rows = work_orders.list_rows(many)
    expected = [r.number for r in rows if old_filter(r, query, many.now())]
    assert sorted(read_all(many, query, 5)) == sorted(expected)
    assert work_order_list.count(many, query) == len(expected)


def test_a_search_sorts_and_pages_like_the_rest(many: ServiceContext) -> None:
    query = ListQuery(sort="summary", descending=True, text="job")
    rows = [r for r in work_orders.list_rows(many) if old_filter(r, query, many.now())]
    assert read_all(many, query, 4) == expected_order(rows, "summary", True)


def test_open_and_recent_hides_only_old_finished_work(many: ServiceContext) -> None:
    since = many.now() - RECENT_WORK
    with many.read() as uow:
        updated = dict(uow.session.execute(
            m.WorkOrder.__table__.select().with_only_columns(m.WorkOrder.number, m.WorkOrder.updated_at)
        ).all())
    expected = sorted(
        r.number for r in work_orders.list_rows(many)
        if r.status not in ARCHIVED or r.created_at >= since
        or (updated[r.number] is not None and updated[r.number].replace(tzinfo=UTC) >= since)
    )
    shown = read_all(many, ListQuery(whole_history=False), 9)
    assert sorted(shown) == expected
    assert 0 < len(shown) < 61  # the fixture has old finished work, and it is hidden


def test_the_search_follows_renames_and_bookings(many: ServiceContext) -> None:
    """The search text is kept by the session on every flush (work_order_keys)."""
    query = ListQuery(text="quill")
    assert work_order_list.count(many, query) == 0
    with many.write("rename") as uow:
        uow.session.query(m.Customer).filter_by(code="C4").one().name = "Quill & Co"
    renamed = {r.number for r in work_orders.list_rows(many) if r.customer == "Quill & Co"}
    assert set(read_all(many, query, 50)) == renamed and renamed
    with many.write("book") as uow:
        wo = uow.session.query(m.WorkOrder).filter_by(number="WO-99").one()
        tech = m.Technician(code="TQ", name="Quentin Quillby", hourly_rate=Decimal("1"), active=True)
        uow.add(tech)
        uow.session.flush()
        now = many.now()
        uow.add(m.Booking(work_order_id=wo.id, technician_id=tech.id, start=now, end=now + timedelta(hours=1)))
    assert set(read_all(many, query, 50)) == renamed | {"WO-99"}
    with many.write("unbook") as uow:
        for booking in uow.session.query(m.Booking).filter_by(work_order_id=wo.id):
            uow.delete(booking)
    assert set(read_all(many, query, 50)) == renamed
    assert set(read_all(many, ListQuery(text="WO-99"), 50)) == {"WO-99"}


def test_an_unknown_sort_column_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot sort by"):
        ListQuery(sort="colour")


def _sqlite(ctx: ServiceContext) -> bool:
    return ctx.db.engine.dialect.name == "sqlite"


def stored_keys(ctx: ServiceContext) -> dict[int, dict[str, Any]]:
    """Each work order's stored keys, and on SQLite the text its FTS5 row holds ("indexed")."""
    with ctx.read() as uow:
        columns = [getattr(m.WorkOrder, name) for name in work_order_keys.KEY_COLUMNS]
        stored = {
            row[0]: dict(zip(work_order_keys.KEY_COLUMNS, row[1:], strict=True))
            for row in uow.session.execute(m.WorkOrder.__table__.select().with_only_columns(m.WorkOrder.id, *columns))
        }
        if _sqlite(ctx):
            indexed = dict(uow.session.execute(text(f"SELECT rowid, search_text FROM {m.WORK_ORDER_SEARCH}")).all())
            assert set(indexed) <= set(stored), "a work order gone is gone from the search too"
            for key, keys in stored.items():
                keys["indexed"] = indexed.get(key)
        return stored


def fresh_keys(ctx: ServiceContext) -> dict[int, dict[str, Any]]:
    """Every work order's keys computed now from its sources (the way a migration fills them)."""
    with ctx.read() as uow:
        ids = list(uow.session.scalars(m.WorkOrder.__table__.select().with_only_columns(m.WorkOrder.id)))
        fresh = {v.pop("_id"): v for v in work_order_keys._keys(uow.session.connection(), ids=ids)}  # noqa: SLF001
    if _sqlite(ctx):
        for keys in fresh.values():
            keys["indexed"] = keys["search_text"]
    return fresh


def assert_keys_right(ctx: ServiceContext) -> None:
    stored, fresh = stored_keys(ctx), fresh_keys(ctx)
    assert stored.keys() == fresh.keys()
    wrong = {i: (stored[i], fresh[i]) for i in stored if stored[i] != fresh[i]}
    assert not wrong


def _one(uow: Any, model: type[Any], **by: Any) -> Any:
    return uow.session.query(model).filter_by(**by).one()


CHANGES: dict[str, Callable[[Any, datetime], None]] = {
    "work order created": lambda uow, now: uow.add(m.WorkOrder(
        number="WO-5000", type=WorkOrderType.GENERAL, priority=Priority.HIGH, priority_rank=1,
        status=Status.OPEN, site=_one(uow, m.Site, code="S3"), summary="Ólafur's new boiler",
        estimated_hours=Decimal("3.25"), created_at=now)),
    "summary edited": lambda uow, now: setattr(_one(uow, m.WorkOrder, number="WO-99"), "summary", "Øster valve"),
    "status moved": lambda uow, now: setattr(_one(uow, m.WorkOrder, number="WO-1002"), "status", Status.CANCELLED),
    "hours edited": lambda uow, now: setattr(_one(uow, m.WorkOrder, number="WO-1002"), "estimated_hours", Decimal("12")),
    "moved to another site": lambda uow, now: setattr(_one(uow, m.WorkOrder, number="WO-1009"), "site", _one(uow, m.Site, code="S5")),
    "booked": lambda uow, now: uow.add(m.Booking(
        work_order=_one(uow, m.WorkOrder, number="WO-99"), technician=_one(uow, m.Technician, code="T4"),
        start=now - timedelta(days=2), end=now - timedelta(days=2) + timedelta(hours=1))),
    "booking moved in time": lambda uow, now: setattr(
        uow.session.query(m.Booking).order_by(m.Booking.id).first(), "start", now - timedelta(days=30)),
    "booking moved to another technician": lambda uow, now: setattr(
        uow.session.query(m.Booking).order_by(m.Booking.id.desc()).first(), "technician", _one(uow, m.Technician, code="T2")),
    "booking removed": lambda uow, now: uow.delete(uow.session.query(m.Booking).order_by(m.Booking.id).first()),
    "every booking of a work order removed": lambda uow, now: [
        uow.delete(b) for b in _one(uow, m.WorkOrder, number="WO-1009").bookings],
    "customer renamed": lambda uow, now: setattr(_one(uow, m.Customer, code="C1"), "name", "Ångström AB"),
    "site renamed": lambda uow, now: setattr(_one(uow, m.Site, code="S2"), "name", "Élan Tower"),
    "site code changed": lambda uow, now: setattr(_one(uow, m.Site, code="S2"), "code", "S2-NEW"),
    "site moved to another customer": lambda uow, now: setattr(_one(uow, m.Site, code="S4"), "customer", _one(uow, m.Customer, code="C9")),
    "technician renamed": lambda uow, now: setattr(_one(uow, m.Technician, code="T1"), "name", "Aaron Zoë"),
    "work order deleted": lambda uow, now: uow.delete(_one(uow, m.WorkOrder, number="WO-1016")),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_keeps_the_stored_keys_right(many: ServiceContext, change: str) -> None:
    """The session keeps the keys on every flush, whichever service made the change."""
    assert_keys_right(many)
    before = stored_keys(many)
    with many.write(change) as uow:
        CHANGES[change](uow, many.now())
    assert stored_keys(many) != before  # the change moved some key (else the test proves nothing)
    assert_keys_right(many)


def test_the_services_keep_the_keys_right(company: ServiceContext) -> None:
    """The console's own paths: a work order made and edited, booked, moved and unbooked, its
    customer renamed; after each the stored keys are what they would be computed afresh."""
    from dataclasses import replace

    from dispatch_console.services import customers, dispatch
    from tests.seed import at

    number = work_orders.create_work_order(company, work_orders.WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Ólafur's leaking valve"))
    assert_keys_right(company)
    row = next(r for r in work_orders.list_rows(company) if r.number == number)
    edit = work_orders.WorkOrderEdit(
        summary="Øster valve", description="", priority=Priority.HIGH, type=WorkOrderType.CORRECTIVE,
        estimated_hours=Decimal("2.5"), due_by=None, required_skills=())
    work_orders.edit_work_order(company, number, edit, row.version)
    assert_keys_right(company)
    booked = dispatch.book(company, number, "T1", at(1), at(3), confirm=True)
    assert_keys_right(company)
    dispatch.move_booking(company, booked.booking_id, "T2", at(4), at(6), expected_version=booked.version, confirm=True)
    assert_keys_right(company)
    with company.read() as uow:
        version = _one(uow, m.Booking, id=booked.booking_id).version
    dispatch.unbook(company, booked.booking_id, expected_version=version)
    assert_keys_right(company)
    record = customers.get_customer(company, "C1")
    customers.edit_customer(company, "C1", replace(record.spec, name="Ærø Clinic"), record.version)
    assert_keys_right(company)
    assert [r.customer for r in work_order_list.first_page(company, ListQuery(text="ærø")).rows] == ["Ærø Clinic"]


def test_technicians_are_listed_in_the_order_of_their_visits_whatever_order_they_were_booked(
    company: ServiceContext,
) -> None:
    """The order of the visits, not of the clicks: an export and import (which writes the
    bookings by start) shows the same crew in the same order."""
    from dispatch_console.services import dispatch
    from tests.seed import at

    number = work_orders.create_work_order(company, work_orders.WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Two visits"))
    dispatch.book(company, number, "T2", at(24), at(26), confirm=True)  # Ben, the later visit
    dispatch.book(company, number, "T1", at(1), at(3), confirm=True)  # Ana, booked second, first
    (row,) = [r for r in work_order_list.first_page(company, ListQuery(text="two visits")).rows]
    assert row.technicians == ("Ana Reyes", "Ben Okafor")
    assert_keys_right(company)


def test_a_page_of_notes_as_a_summary_saves_sorts_and_is_found(company: ServiceContext) -> None:
    """Stored keys are bounded: PostgreSQL refuses an index entry over about 2,700 bytes, and a
    pasted page of notes must still save, sort and be found by any word of it."""
    import random

    rnd = random.Random(7)  # words that do not repeat: PostgreSQL compresses a repeated text
    words = " ".join("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randrange(3, 9)))
                     for _ in range(4_000))
    page = f"Ölkühler service: {words} Última línea"
    number = work_orders.create_work_order(company, work_orders.WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary=page))
    found = work_order_list.first_page(company, ListQuery(text="última línea")).rows
    assert [r.number for r in found] == [number]
    ordered = work_order_list.first_page(company, ListQuery(sort="summary")).rows
    assert number in [r.number for r in ordered]
    assert_keys_right(company)


def test_rows_written_around_the_session_get_their_keys(many: ServiceContext) -> None:
    """A bulk writer (Core insert) leaves the keys empty; the list completes them before it reads."""
    with many.write("bulk") as uow:
        site = _one(uow, m.Site, code="S1")
        uow.session.execute(m.WorkOrder.__table__.insert(), [{
            "number": "WO-7", "type": "general", "priority": "normal", "priority_rank": 2,
            "status": "open", "site_id": site.id, "summary": "Ólafur bulk", "estimated_hours": Decimal("1"),
            "created_at": many.now(), "task_codes": [], "closeout_needs": [], "billable": True, "version": 1,
        }])
    assert stored_keys(many) != fresh_keys(many)
    assert work_order_list.first_page(many, ListQuery(text="bulk")).rows[0].number == "WO-7"
    assert_keys_right(many)


def _bulk_row(site_id: int, number: str, summary: str, now: datetime, **keys: Any) -> dict[str, Any]:
    return {
        "number": number, "type": "general", "priority": "normal", "priority_rank": 2,
        "status": "open", "site_id": site_id, "summary": summary, "estimated_hours": Decimal("1.5"),
        "created_at": now, "task_codes": [], "closeout_needs": [], "billable": True, "version": 1, **keys,
    }


def test_a_bulk_writer_inserts_the_keys_with_the_rows(many: ServiceContext) -> None:
    """list_keys from the values a writer has, inserted with the row, then index_search: the same
    keys as computed afresh, found by the search, and nothing left for the safety net."""
    with many.write("bulk") as uow:
        site = _one(uow, m.Site, code="S1")
        keys = work_order_keys.list_keys(
            number="WO-8", status="open", summary="Zoë's bulk valve", customer=site.customer.name,
            site=site.name, site_code=site.code, hours=Decimal("1.5"))
        ids = [ident for (ident,) in uow.session.execute(
            m.WorkOrder.__table__.insert().returning(m.WorkOrder.id),
            [_bulk_row(site.id, "WO-8", "Zoë's bulk valve", many.now(), **keys)])]
        work_order_keys.index_search(uow.session, ids)
        assert work_order_keys.missing_keys(uow.session) == []
    assert_keys_right(many)
    assert [r.number for r in work_order_list.first_page(many, ListQuery(text="zoë's bulk")).rows] == ["WO-8"]


def test_list_keys_are_the_keys_the_session_stores(many: ServiceContext) -> None:
    """The pure function and the session's refresh give the same keys for every work order."""
    rows = {r.number: r for r in work_orders.list_rows(many)}
    with many.read() as uow:
        codes = dict(uow.session.execute(
            m.WorkOrder.__table__.select().with_only_columns(m.WorkOrder.number, m.Site.code)
            .join(m.Site, m.Site.id == m.WorkOrder.site_id)).all())
        ids = dict(uow.session.execute(
            m.WorkOrder.__table__.select().with_only_columns(m.WorkOrder.number, m.WorkOrder.id)).all())
    stored = stored_keys(many)
    for number, r in rows.items():
        keys = work_order_keys.list_keys(
            number=r.number, status=r.status, summary=r.summary, customer=r.customer, site=r.site,
            site_code=codes[number], technicians=r.technicians, first_start=r.scheduled_start,
            hours=r.estimated_hours)
        assert {k: stored[ids[number]][k] for k in keys} == keys


def test_rows_inserted_with_keys_but_not_indexed_are_found_by_the_safety_net(many: ServiceContext) -> None:
    """SQLite: a writer that inserted the keys but forgot index_search leaves work orders newer than
    the search index; the list indexes them before it reads, so the search finds them."""
    if not _sqlite(many):
        pytest.skip("the FTS5 index is SQLite's; PostgreSQL's trigram index follows the column")
    with many.write("bulk") as uow:
        site = _one(uow, m.Site, code="S1")
        keys = work_order_keys.list_keys(number="WO-9", status="open", summary="Forgotten kettle",
                                         customer=site.customer.name, site=site.name, site_code=site.code)
        uow.session.execute(m.WorkOrder.__table__.insert(), [_bulk_row(site.id, "WO-9", "Forgotten kettle", many.now(), **keys)])
        assert len(work_order_keys.missing_keys(uow.session)) == 1
    assert [r.number for r in work_order_list.first_page(many, ListQuery(text="kettle")).rows] == ["WO-9"]
    assert_keys_right(many)


@pytest.mark.parametrize("text", ['he said "ólafur', "o job", "ólafur o", "-job", "job*", "filter OR leak", "NEAR(job"])
def test_search_words_are_plain_text_to_the_index(many: ServiceContext, text: str) -> None:
    """Quotes, operators and short words beside long ones mean what they say: each word is a part
    of the text (the FTS5 syntax is never the dispatcher's)."""
    query = ListQuery(text=text)
    expected = [r.number for r in work_orders.list_rows(many) if old_filter(r, query, many.now())]
    assert sorted(read_all(many, query, 9)) == sorted(expected)
    assert work_order_list.count(many, query) == len(expected)


def test_one_read_gives_the_rows_and_both_counts(many: ServiceContext) -> None:
    query = ListQuery(text="job", sort="customer")
    page = work_order_list.read_page(many, query, None, 5, counted=True, view_counted=True)
    assert page.total == work_order_list.count(many, query)
    assert page.in_view == 61
    assert [r.number for r in page.rows] == read_all(many, query, 5)[:5]
    assert work_order_list.read_page(many, query, page.after, 5).total is None  # scrolling: no COUNT


def test_the_migration_fills_the_keys_the_session_keeps(many: ServiceContext) -> None:
    """Migration 0007's fill (its own reads and batched writes, per database) gives every work
    order the keys the session would: run here over keys wiped to nothing."""
    import importlib.util
    from pathlib import Path

    import dispatch_console.storage.migrations as migrations

    path = Path(migrations.__file__).parent / "versions" / "0007_work_order_list_pages.py"
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    before = stored_keys(many)
    with many.db.engine.begin() as conn:
        conn.execute(m.WorkOrder.__table__.update().values({name: None for name in work_order_keys.KEY_COLUMNS}))
        migration._fill(conn)  # noqa: SLF001
    assert stored_keys(many) == before
    assert_keys_right(many)
