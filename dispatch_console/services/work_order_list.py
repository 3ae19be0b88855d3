"""The work order list, a page at a time: what the list screen asks, in the dispatcher's terms.

The screen says how to sort, which filters and which words; this reads the first screenful,
the next one after the last row shown, and how many there are. SQL stays in
``storage/work_order_pages.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.sorting import RECENT_WORK
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderRow
from dispatch_console.storage import work_order_keys
from dispatch_console.storage import work_order_pages as pages
from dispatch_console.storage.work_order_pages import NOBODY, SORTABLE, Key, ListQuery

__all__ = [
    "NOBODY", "PAGE_SIZE", "SORTABLE", "Key", "ListQuery", "Page", "count", "first_page",
    "next_page", "technicians_booked",
]

#: Rows read at a time: more than a tall screen shows, few enough to read at once.
PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    """Rows of the list in its order, and where the next page starts (None: this was the last)."""

    rows: list[WorkOrderRow]
    after: Key | None


def _dated(ctx: ServiceContext, query: ListQuery) -> ListQuery:
    """"Recent" is measured from the context's clock."""
    if query.whole_history:
        return query
    return replace(query, since=ctx.now() - RECENT_WORK)


def _row(row: pages.PageRow) -> WorkOrderRow:
    return WorkOrderRow(
        id=row.id, number=row.number, type=WorkOrderType(row.type),
        priority=Priority(row.priority), status=Status(row.status), summary=row.summary,
        customer=row.customer, site=row.site, technicians=row.technicians,
        scheduled_start=row.scheduled_start, due_by=row.due_by, created_at=row.created_at,
        estimated_hours=row.estimated_hours, version=row.version, search_text=row.search_text,
    )


def complete_keys(ctx: ServiceContext) -> int:
    """Give the work orders written without list keys (by a writer that bypassed the session)
    their keys, so that they sort and are found; how many there were (usually none: one
    indexed look-up)."""
    with ctx.read() as uow:
        missing = work_order_keys.missing_keys(uow.session, limit=1)
    if not missing:
        return 0
    done = 0
    with ctx.write("Work order list keys") as uow:
        while (ids := work_order_keys.missing_keys(uow.session)) and (
            refreshed := work_order_keys.refresh_list_keys(uow.session, ids)
        ):
            done += refreshed
    return done


def first_page(ctx: ServiceContext, query: ListQuery, limit: int = PAGE_SIZE) -> Page:
    complete_keys(ctx)
    return next_page(ctx, query, None, limit)


def next_page(ctx: ServiceContext, query: ListQuery, after: Key | None, limit: int = PAGE_SIZE) -> Page:
    """The rows after ``after`` (one more is read to know whether the list goes on)."""
    with ctx.read() as uow:
        rows = pages.page(uow.session, _dated(ctx, query), after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page([_row(r) for r in rows], rows[-1].key if more and rows else None)


def count(ctx: ServiceContext, query: ListQuery) -> int:
    with ctx.read() as uow:
        return pages.count(uow.session, _dated(ctx, query))


def technicians_booked(ctx: ServiceContext) -> list[str]:
    """The technician filter's choices: everyone booked on any work order, by name."""
    with ctx.read() as uow:
        return pages.technicians_booked(uow.session)
