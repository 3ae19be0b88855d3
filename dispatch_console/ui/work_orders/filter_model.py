"""The work order list's filters and sorting, handed to the database (issue #11).

The table's rows are ``PagedWorkOrderModel``'s: the database has already filtered and sorted
them, a page at a time. This proxy keeps the view's interface (a header click sorts, the
filter setters) but filters nothing and keeps the source's order: each change becomes a new
query of the source, which reads its first screenful again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from dispatch_console.services.work_order_list import NOBODY, ListQuery
from dispatch_console.ui.work_orders.paged_model import PagedWorkOrderModel

#: Technician filter value that keeps the work orders nobody is booked on.
NO_TECHNICIAN = NOBODY


class WorkOrderFilterModel(QSortFilterProxyModel):
    """The source's rows in the source's order; filters and sorting re-query the source.

    Filters are ``None`` for "all". Free text matches every word (case-blind) against the
    number, summary, customer, site and technicians (``domain.sorting.search_text``).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: PagedWorkOrderModel | None = None
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: PagedWorkOrderModel) -> None:  # type: ignore[override]
        if not isinstance(model, PagedWorkOrderModel):
            raise TypeError("WorkOrderFilterModel shows a PagedWorkOrderModel")
        self._source = model
        super().setSourceModel(model)

    # -- the filters ----------------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._source.query if self._source is not None else ListQuery()

    @property
    def is_filtered(self) -> bool:
        q = self.query
        return any(
            value is not None for value in (q.statuses, q.type, q.priority, q.technician)
        ) or bool(q.words)

    def _change(self, **changes: Any) -> None:
        if self._source is None:
            return
        query = replace(self._source.query, **changes)
        if query != self._source.query:
            self._source.set_query(query)

    def set_technician_filter(self, name: str | None) -> None:
        """A technician's name, ``NO_TECHNICIAN`` for the unbooked ones, or None for all."""
        self._change(technician=name)

    def set_text_filter(self, text: str) -> None:
        self._change(text=text)

    def set_filters(self, **changes: Any) -> None:
        """Several filters at once, in one query (``ListQuery``'s fields)."""
        self._change(**changes)

    def clear_filters(self) -> None:
        self._change(statuses=None, type=None, priority=None, technician=None, text="")

    # -- Qt's proxy interface -------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the database sorts (the source reads its first screenful in
        that order). The proxy itself never sorts: the rows are in order already, and the
        header's arrow is the view's own."""
        if self._source is not None and column >= 0:
            self._source.sort(column, order)
