"""The crew's part of the work order editor, one pane per part of the record: labor (a timer
per technician, entries by hand), parts used, notes, photos, the customer's signature and scope
changes. Each pane is ``Pane(ctx, operations, number, parent)`` and is filled by
``show_work_order(wo)`` with what ``work_orders.details`` returns; every write is an Op."""

from dispatch_console.ui.work_orders.execution.bookings import BookingDialog, BookingsPane
from dispatch_console.ui.work_orders.execution.common import ExecutionPane
from dispatch_console.ui.work_orders.execution.labor import LaborEntryDialog, LaborPane, TimerStore
from dispatch_console.ui.work_orders.execution.notes import NotesPane
from dispatch_console.ui.work_orders.execution.parts_used import PartsUsedPane, PartUsedDialog
from dispatch_console.ui.work_orders.execution.photos import (
    PhotoDetailsDialog,
    PhotosPane,
    PhotoViewer,
)
from dispatch_console.ui.work_orders.execution.scope_changes import (
    DecisionDialog,
    ScopeChangeDialog,
    ScopeChangesPane,
)
from dispatch_console.ui.work_orders.execution.signature_pad import SignaturePad, SignaturePane

__all__ = [
    "BookingDialog",
    "BookingsPane",
    "DecisionDialog",
    "ExecutionPane",
    "LaborEntryDialog",
    "LaborPane",
    "NotesPane",
    "PartUsedDialog",
    "PartsUsedPane",
    "PhotoDetailsDialog",
    "PhotoViewer",
    "PhotosPane",
    "ScopeChangeDialog",
    "ScopeChangesPane",
    "SignaturePad",
    "SignaturePane",
    "TimerStore",
]
