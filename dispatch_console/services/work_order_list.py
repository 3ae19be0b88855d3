"""The work order list, a page at a time: what the list screen asks, in the dispatcher's terms.

The screen says how to sort, which filters and which words; this reads the first screenful,
the next one after the last row shown, and how many there are. SQL stays in
``storage/work_order_pages.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dispatch_console.domain.sorting import RECENT_WORK
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import work_order_keys
from dispatch_console.storage import work_order_pages as pages
from dispatch_console.storage.work_order_pages import NOBODY, SORTABLE, Key, ListQuery, WorkOrderRow

__all__ = [
    "NOBODY", "PAGE_SIZE", "SORTABLE", "Key", "ListQuery", "Page", "count", "first_page",
    "next_page", "read_page", "shows", "technicians_booked",
]

#: Rows read at a time: more than a tall screen shows, few enough to read at once.
PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    """Rows of the list in its order, and where the next page starts (None: this was the last).

    ``total``: how many work orders the query finds, and ``in_view`` how many its view has
    without the other filters (open and recent, or the whole history), when they were asked for.
    """

    rows: list[WorkOrderRow]
    after: Key | None
    total: int | None = None
    in_view: int | None = None


def _dated(ctx: ServiceContext, query: ListQuery) -> ListQuery:
    """"Recent" is measured from the context's clock."""
    if query.whole_history:
        return query
    return replace(query, since=ctx.now() - RECENT_WORK)


def complete_keys(ctx: ServiceContext) -> int:
    """Give the work orders written without list keys (by a writer that bypassed the session)
    their keys, so that they sort and are found; how many there were."""
    done = 0
    with ctx.write("Work order list keys") as uow:
        while (ids := work_order_keys.missing_keys(uow.session)) and (
            refreshed := work_order_keys.refresh_list_keys(uow.session, ids)
        ):
            done += refreshed
    return done


def read_page(
    ctx: ServiceContext,
    query: ListQuery,
    after: Key | None = None,
    limit: int = PAGE_SIZE,
    *,
    counted: bool = False,
    view_counted: bool = False,
) -> Page:
    """The rows after ``after`` (None: the first screenful), in one read of the database.

    ``counted``: with the query's COUNT (when the query changed; scrolling needs none);
    ``view_counted``: with the view's count too (open and recent, or the whole history).
    The first page checks first that no work order lacks its keys (one indexed look-up), and
    gives them theirs if some do."""
    page = _read(ctx, query, after, limit, counted, view_counted, check=after is None)
    if page is None:
        complete_keys(ctx)
        page = _read(ctx, query, after, limit, counted, view_counted, check=False)
        assert page is not None
    return page


def _read(
    ctx: ServiceContext, query: ListQuery, after: Key | None, limit: int, counted: bool,
    view_counted: bool, *, check: bool,
) -> Page | None:
    """``read_page`` in one read transaction; None if ``check`` finds work orders without keys."""
    dated = _dated(ctx, query)
    with ctx.read() as uow:
        session = uow.session
        if check and work_order_keys.missing_keys(session, limit=1):
            return None
        rows = pages.page(session, dated, after, limit + 1)
        more = len(rows) > limit
        total = None
        if counted:
            # A first page that holds every row found is its own count (most searches).
            total = len(rows) if after is None and not more else pages.count(session, dated)
        in_view = None
        if view_counted:
            view = ListQuery(whole_history=query.whole_history)
            in_view = total if total is not None and query.finds_what(view) else pages.count(session, _dated(ctx, view))
    rows = rows[:limit]
    return Page([row for row, _key in rows], rows[-1][1] if more and rows else None, total, in_view)


def first_page(ctx: ServiceContext, query: ListQuery, limit: int = PAGE_SIZE) -> Page:
    return read_page(ctx, query, None, limit)


def next_page(ctx: ServiceContext, query: ListQuery, after: Key | None, limit: int = PAGE_SIZE) -> Page:
    """The rows after ``after`` (one more is read to know whether the list goes on)."""
    return read_page(ctx, query, after, limit)


def count(ctx: ServiceContext, query: ListQuery) -> int:
    with ctx.read() as uow:
        return pages.count(uow.session, _dated(ctx, query))


def shows(ctx: ServiceContext, query: ListQuery, number: str) -> bool:
    """Whether ``query`` finds work order ``number`` (further down than read, perhaps)."""
    with ctx.read() as uow:
        return pages.shows(uow.session, _dated(ctx, query), number)


def technicians_booked(ctx: ServiceContext) -> list[str]:
    """The technician filter's choices: everyone booked on any work order, by name."""
    with ctx.read() as uow:
        return pages.technicians_booked(uow.session)
