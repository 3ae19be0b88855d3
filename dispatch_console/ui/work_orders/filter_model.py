"""Filtering and typed sorting of the work order list, over ``WorkOrderTableModel``."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.ui.work_orders.table_model import WorkOrderTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

#: Technician filter value that keeps the work orders nobody is booked on.
NO_TECHNICIAN = ""


class WorkOrderFilterModel(QSortFilterProxyModel):
    """Keeps the rows that match every filter; sorts each column by its real type.

    Filters are ``None`` for "all". Free text matches every word (case-insensitive) against
    the row's number, summary, customer, site and technicians (``WorkOrderRow.search_text``).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: WorkOrderTableModel | None = None
        self._statuses: frozenset[Status] | None = None
        self._type: WorkOrderType | None = None
        self._priority: Priority | None = None
        self._technician: str | None = None
        self._words: tuple[str, ...] = ()
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: WorkOrderTableModel) -> None:  # type: ignore[override]
        if not isinstance(model, WorkOrderTableModel):
            raise TypeError("WorkOrderFilterModel filters a WorkOrderTableModel")
        self._source = model
        super().setSourceModel(model)

    # -- the filters ----------------------------------------------------------------------------
    @property
    def is_filtered(self) -> bool:
        return any(
            value is not None
            for value in (self._statuses, self._type, self._priority, self._technician)
        ) or bool(self._words)

    def set_status_filter(self, statuses: Status | Iterable[Status] | None) -> None:
        """One status, a set of statuses (e.g. everything not finished), or None for all."""
        if isinstance(statuses, Status):
            wanted: frozenset[Status] | None = frozenset({statuses})
        else:
            wanted = None if statuses is None else frozenset(statuses)
        if wanted != self._statuses:
            self.beginFilterChange()
            self._statuses = wanted
            self._end_filter_change()

    def set_type_filter(self, type_: WorkOrderType | None) -> None:
        if type_ != self._type:
            self.beginFilterChange()
            self._type = type_
            self._end_filter_change()

    def set_priority_filter(self, priority: Priority | None) -> None:
        if priority != self._priority:
            self.beginFilterChange()
            self._priority = priority
            self._end_filter_change()

    def set_technician_filter(self, name: str | None) -> None:
        """A technician's name, ``NO_TECHNICIAN`` for the unbooked ones, or None for all."""
        if name != self._technician:
            self.beginFilterChange()
            self._technician = name
            self._end_filter_change()

    def set_text_filter(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self._end_filter_change()

    def clear_filters(self) -> None:
        if self.is_filtered:
            self.beginFilterChange()
            self._statuses = self._type = self._priority = self._technician = None
            self._words = ()
            self._end_filter_change()

    def _end_filter_change(self) -> None:
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    # -- Qt's proxy interface -------------------------------------------------------------------
    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._source is None or source_parent.isValid():
            return False
        row = self._source.row_at(source_row)
        if self._statuses is not None and row.status not in self._statuses:
            return False
        if self._type is not None and row.type != self._type:
            return False
        if self._priority is not None and row.priority != self._priority:
            return False
        if self._technician is not None:
            if self._technician == NO_TECHNICIAN:
                if row.technicians:
                    return False
            elif self._technician not in row.technicians:
                return False
        text = row.search_text
        return all(word in text for word in self._words)

    def lessThan(self, source_left: AnyIndex, source_right: AnyIndex) -> bool:
        if self._source is None:
            return super().lessThan(source_left, source_right)
        keys = self._source.sort_keys(source_left.column())
        return bool(keys[source_left.row()] < keys[source_right.row()])
