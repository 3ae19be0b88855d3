"""The work order list: table model, filter proxy, list screen and the read-only details dialog."""

from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog
from dispatch_console.ui.work_orders.filter_model import NO_TECHNICIAN, WorkOrderFilterModel
from dispatch_console.ui.work_orders.list_view import WorkOrderListView
from dispatch_console.ui.work_orders.table_model import Column, WorkOrderTableModel

__all__ = [
    "NO_TECHNICIAN",
    "Column",
    "WorkOrderDetailsDialog",
    "WorkOrderFilterModel",
    "WorkOrderListView",
    "WorkOrderTableModel",
]
