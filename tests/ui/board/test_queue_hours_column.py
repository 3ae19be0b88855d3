"""The queue's estimated hours column: titled as the work order list titles it, the title whole
(with room for the sort arrow), the whole words in its tooltip, and the hours right-aligned."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.page import BoardPage
from dispatch_console.ui.board.queue import HOURS
from dispatch_console.ui.work_orders.table_model import HEADERS, Column
from tests.ui.board.driving import new_order
from tests.ui.headers import label_room


def test_the_hours_column_is_titled_whole_and_as_in_the_work_order_list(
    company: ServiceContext, make_page: Callable[..., BoardPage]
) -> None:
    new_order(company, "Boiler service", estimated_hours=Decimal("12.5"))
    page = make_page()
    view = page.queue_view
    header = view.horizontalHeader()
    model = view.model()
    title = model.headerData(HOURS, Qt.Orientation.Horizontal)
    assert title == HEADERS[Column.ESTIMATED_HOURS] == "Est. hours"  # as the list names it
    assert model.headerData(HOURS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Estimated hours"
    )
    assert header.fontMetrics().horizontalAdvance(title) <= label_room(header, HOURS, arrow=True)

    # The hours line up as numbers do.
    assert model.index(0, HOURS).data() == "12.5"
    alignment = model.index(0, HOURS).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(alignment) & Qt.AlignmentFlag.AlignRight
