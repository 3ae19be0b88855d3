"""A list that can grow without end, as a window on the database: what every paged list shares.

The model holds the rows read so far, a page at a time: the first screenful when the list is
shown, more as the view scrolls towards the end (Qt asks ``canFetchMore``/``fetchMore``). The
order, the filters and the words searched are a *query* that the database answers
(``storage/pages.py``); a click on a header or a change of filter makes a new query and reads its
first page again, and the count is the database's ``COUNT``. So opening, sorting or filtering
costs one page whatever the history, and memory holds what was looked at.

A list says how to read a page (``fetch``: query, where to continue, how many -> rows and where
the next page begins), how to count (``count``) and which query a header click makes
(``sorted_by``); its cells as any ``RowTableModel``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt

from dispatch_console.ui.row_table import ROOT, AnyIndex, RowTableModel

R = TypeVar("R")
C = TypeVar("C")
Q = TypeVar("Q")

#: Rows read at a time: more than a tall screen shows, few enough to read at once.
PAGE_SIZE = 100

Fetch = Callable[[Any, Any, int], tuple[Sequence[Any], Any]]


class PagedRowsModel(RowTableModel[R, C], Generic[R, C, Q]):
    """The rows of ``query`` read a page at a time; ``total`` is how many there are in all.

    ``fetch(query, after, limit)`` returns up to ``limit`` rows after the key ``after`` (None:
    the first) and the key the next page begins at (None when there is none); ``count(query)``
    how many rows the query has. ``sorted_by(query, column, descending)`` is the query a click
    on ``column``'s header makes, or None when that column does not sort.
    """

    def __init__(
        self,
        columns: Iterable[C],
        headers: Mapping[C, str],
        query: Q,
        fetch: Fetch,
        count: Callable[[Q], int],
        sorted_by: Callable[[Q, C, bool], Q | None],
        *,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, headers, (), parent)
        self._query = query
        self._fetch = fetch
        self._count = count
        self._sorted_by = sorted_by
        self.page_size = page_size
        self._next: Any = None
        self._more = False
        self._total = 0
        #: Pages read since the query last changed (tests and the benchmark look).
        self.pages_read = 0
        self._loaded = False

    @property
    def query(self) -> Q:
        return self._query

    @property
    def total(self) -> int:
        """How many rows the query has (the database's count, not what is loaded)."""
        return self._total

    @property
    def loaded(self) -> bool:
        """Whether any query was read yet (a hidden page reads when first shown)."""
        return self._loaded

    def set_query(self, query: Q) -> None:
        """Show ``query``: its first page and its count, read now."""
        self._query = query
        self._read(self.page_size)

    def refresh(self) -> None:
        """Read the rows shown again (as many as were loaded, at least a page), and the count:
        what changed meanwhile shows, and what was looked at stays loaded."""
        self._read(max(len(self._rows), self.page_size))

    def fetch_all_until(self, found: Callable[[R], bool], most: int = 5000, step: int | None = None) -> int:
        """Read on until a row ``found`` is loaded (or ``most`` rows are); its row, or -1.
        ``step``: rows read at a time while looking (default: a page), so that going to a record
        far down a long list is a few reads rather than one per page."""
        checked = 0
        while True:
            row = next((checked + i for i, r in enumerate(self._rows[checked:]) if found(r)), -1)
            checked = len(self._rows)
            if row >= 0 or not self._more or len(self._rows) >= most:
                return row
            page_size = self.page_size
            self.page_size = max(page_size, min(step or page_size, most - len(self._rows)))
            try:
                self.fetchMore(ROOT)
            finally:
                self.page_size = page_size

    def _read(self, limit: int) -> None:
        rows, after = self._fetch(self._query, None, limit)
        total = self._count(self._query)
        self.beginResetModel()
        self._rows = list(rows)
        self._next = after
        self._more = after is not None
        self._total = total
        self.pages_read = 1
        self._loaded = True
        self.endResetModel()

    # -- Qt's model interface -------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex = ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        rows, after = self._fetch(self._query, self._next, self.page_size)
        self._next = after
        self._more = after is not None
        self.pages_read += 1
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(ROOT, first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the database sorts, and the first page of the new order shows."""
        if not 0 <= column < len(self._columns):
            return
        query = self._sorted_by(self._query, self._columns[column], order == Qt.SortOrder.DescendingOrder)
        if query is not None and (query != self._query or not self._loaded):
            self.set_query(query)


__all__ = ["PAGE_SIZE", "PagedRowsModel"]
