"""A page shown as the main window shows it: with the window's own bus and operations (parented
to the page, so they go with it), at a laptop's size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations

W = TypeVar("W", bound=QWidget, covariant=True)


class PageType(Protocol[W]):
    def __call__(self, ctx: ServiceContext, bus: ChangeBus, operations: Operations) -> W: ...


def show_page(
    qtbot: QtBot,
    page_type: PageType[W],
    ctx: ServiceContext,
    size: tuple[int, int] = (1300, 760),
    before_close: Callable[[Any], None] | None = None,
) -> W:
    """``page_type`` over ``ctx``, shown and exposed; ``before_close`` runs before pytest-qt closes it."""
    bus = ChangeBus(ctx)
    operations = Operations(ctx, bus)
    page = page_type(ctx, bus, operations)
    bus.setParent(page)
    operations.setParent(page)
    if before_close is None:
        qtbot.addWidget(page)
    else:
        qtbot.addWidget(page, before_close_func=before_close)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page
