"""The work order list as a window on the database: a screenful at once, more as you scroll.

The same cells as ``WorkOrderTableModel`` (it is one), but the rows come from
``services.work_order_list`` a page at a time: Qt asks ``canFetchMore``/``fetchMore`` when the
view scrolls near the end, a click on a header re-queries in the new order (``sort``), a
filter or search re-queries from the top (``set_filters``), and a refresh reads the range
already loaded again, so the rows on screen and the selection stay.

The view shows this model itself, with no proxy between: the database has filtered and sorted
the rows already, and a pass-through proxy cost each painted cell two more calls into Python.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from dispatch_console.services import work_order_list
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_order_list import NOBODY, PAGE_SIZE, Key, ListQuery
from dispatch_console.ui.work_orders.table_model import Column, WorkOrderTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

#: How far down the list ``fetch_until`` reads for a work order opened elsewhere, and how many
#: rows it reads at a time.
FIND_WITHIN = 20_000
FIND_PAGE = 1_000
#: Technician filter value that keeps the work orders nobody is booked on.
NO_TECHNICIAN = NOBODY
#: What each column sorts by in the service's terms.
SORT_OF = {
    Column.NUMBER: "number",
    Column.STATUS: "status",
    Column.PRIORITY: "priority",
    Column.TYPE: "type",
    Column.CUSTOMER: "customer",
    Column.SITE: "site",
    Column.SUMMARY: "summary",
    Column.TECHNICIANS: "technicians",
    Column.SCHEDULED: "scheduled",
    Column.DUE_BY: "due_by",
    Column.ESTIMATED_HOURS: "estimated_hours",
}
#: The column showing each of the service's sorts (for the header's arrow).
COLUMN_OF = {sort: column for column, sort in SORT_OF.items()}


class PagedWorkOrderModel(WorkOrderTableModel):
    """The rows of ``query``, read ``page_size`` at a time; ``total`` is the database's count."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        tz: ZoneInfo,
        now: datetime,
        query: ListQuery | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(tz=tz, now=now, parent=parent)
        self._ctx = ctx
        self._query = query or ListQuery()
        self._page_size = page_size
        self._after: Key | None = None
        #: How many work orders the query finds (its COUNT), and how many its view has
        #: without the filters (open and recent, or the whole history).
        self.total = 0
        self.in_view = 0
        #: How many times the database was asked for rows (tests and benchmarks read it).
        self.reads = 0

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def sorted_by(self) -> tuple[Column, Qt.SortOrder]:
        """The column and the way the rows really run, as the header's arrow should show them."""
        order = Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder
        return COLUMN_OF[self._query.sort], order

    @property
    def is_filtered(self) -> bool:
        """Whether a filter or a search narrows the view (open and recent, or the whole history)."""
        q = self._query
        return any(value is not None for value in (q.statuses, q.type, q.priority, q.technician)) or bool(q.words)

    def set_filters(self, **changes: Any) -> None:
        """Filters and search text (``ListQuery``'s fields), in one query; filters are ``None``
        for "all", the technician ``NO_TECHNICIAN`` for the work orders nobody is booked on.
        The text matches every word (case-blind) against the number, summary, customer, site
        and technicians (``domain.sorting.search_text``)."""
        query = replace(self._query, **changes)
        if query != self._query:
            self.set_query(query)

    def clear_filters(self) -> None:
        self.set_filters(statuses=None, type=None, priority=None, technician=None, text="")

    def set_query(self, query: ListQuery) -> None:
        """Show the first screenful of ``query`` (a new order, filter or search) and its count,
        read together; the count only when the rows found changed (not for a new order), the
        view's count only when the view changed."""
        counted = not self.reads or not query.finds_what(self._query)
        view_changed = query.whole_history != self._query.whole_history or not self.reads
        self._query = query
        page = work_order_list.read_page(
            self._ctx, query, None, self._page_size, counted=counted, view_counted=view_changed
        )
        self.reads += 1
        self._after = page.after
        self._reset(page.rows)
        self._take_counts(page)

    def refresh(self) -> None:
        """Read again what is loaded (at least a screenful): changed rows are repainted, new ones
        inserted where they belong, gone ones removed; the rest, and the selection, stay."""
        wanted = max(self._page_size, len(self._rows))
        page = work_order_list.read_page(
            self._ctx, self._query, None, wanted, counted=True, view_counted=True
        )
        self.reads += 1
        self._after = page.after
        self.set_rows(page.rows)
        self._take_counts(page)

    def _take_counts(self, page: work_order_list.Page) -> None:
        if page.total is not None:
            self.total = page.total
        if page.in_view is not None:
            self.in_view = page.in_view

    # -- Qt's incremental loading and sorting ---------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._after is not None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not parent.isValid():
            self._fetch(self._page_size)

    def _fetch(self, size: int) -> None:
        if self._after is None:
            return
        page = work_order_list.read_page(self._ctx, self._query, self._after, size)
        self.reads += 1
        self._after = page.after
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()

    def fetch_until(self, number: str, most: int = FIND_WITHIN) -> QModelIndex:
        """The row of ``number``, reading further pages (a thousand rows at a time) until it is
        there; invalid if the query does not find it (asked first: one indexed look-up) or it is
        more than ``most`` rows down."""
        index = self.index_of_number(number)
        if index.isValid() or self._after is None:
            return index
        if not work_order_list.shows(self._ctx, self._query, number):
            return QModelIndex()
        while not index.isValid() and self._after is not None and len(self._rows) < most:
            first = len(self._rows)
            self._fetch(max(self._page_size, FIND_PAGE))
            index = self._find_from(number, first)
        return index

    def _find_from(self, number: str, first: int) -> QModelIndex:
        for i in range(first, len(self._rows)):
            if self._rows[i].number == number:
                return self.index(i, 0)
        return QModelIndex()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the database sorts, from the top."""
        sort = SORT_OF[Column(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self._query.sort, self._query.descending) and self.reads:
            return
        self.set_query(replace(self._query, sort=sort, descending=descending))
