"""The work order list: table model, the paged model the list shows, list screen and the read-only details dialog.

The details dialog (the record's window with its tabs) is loaded when first asked for: the list is
the console's first page, and opening it must not wait for every tab's module.
"""

from typing import TYPE_CHECKING, Any

from dispatch_console.ui.work_orders.list_view import WorkOrderListView
from dispatch_console.ui.work_orders.paged_model import NO_TECHNICIAN
from dispatch_console.ui.work_orders.table_model import Column, WorkOrderTableModel

if TYPE_CHECKING:
    from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog

__all__ = [
    "NO_TECHNICIAN",
    "Column",
    "WorkOrderDetailsDialog",
    "WorkOrderListView",
    "WorkOrderTableModel",
]


def __getattr__(name: str) -> Any:
    if name == "WorkOrderDetailsDialog":
        from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog

        return WorkOrderDetailsDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
