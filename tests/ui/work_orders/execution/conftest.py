"""A job under way for the execution panes, and a pane wired the way the editor window wires it:
filled from ``work_orders.details`` and filled again whenever the bus names the work order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import dispatch, execution, work_orders
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.execution import ExecutionPane

P = TypeVar("P", bound=ExecutionPane)


def new_job(ctx: ServiceContext, *, started: bool = True, summary: str = "No cooling in the server room") -> str:
    """A corrective job booked on Ana (T1) and Ben (T2) this morning; dispatched and started."""
    number = work_orders.create_work_order(ctx, WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary=summary, estimated_hours=Decimal("2"),
    ))
    now = ctx.now()
    dispatch.book(ctx, number, "T1", now - timedelta(hours=1), now + timedelta(hours=1), confirm=True)
    dispatch.book(ctx, number, "T2", now, now + timedelta(hours=2), confirm=True)
    if started:
        dispatch.dispatch(ctx, number)
        execution.start(ctx, number)
    return number


@pytest.fixture
def job(company: ServiceContext) -> str:
    return new_job(company)


@pytest.fixture
def scheduled_job(company: ServiceContext) -> str:
    """Booked but neither dispatched nor started: the crew records nothing on it yet."""
    return new_job(company, started=False, summary="Not started yet")


def open_pane(qtbot: QtBot, kind: Callable[..., P], ctx: ServiceContext, ops: Operations, number: str,
              **kw: Any) -> P:
    """The pane shown in a window of its own, reloaded as the editor window does."""
    pane = kind(ctx, ops, number, **kw)
    qtbot.addWidget(pane)
    pane.resize(900, 560)
    pane.show()
    pane.show_work_order(work_orders.details(ctx, number))

    def reload(changes: Changes) -> None:
        if number in changes.work_orders:
            pane.show_work_order(work_orders.details(ctx, number))

    ops.bus.changed.connect(reload)
    return pane
