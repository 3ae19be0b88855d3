"""What the record tests share: jobs in any status at a site, an invoice, and a refusal runner
that checks nothing was written (data, versions, audit log)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import pytest

from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.services.bundles import state

E = TypeVar("E", bound=BaseException)


def job(
    ctx: ServiceContext,
    site: str = "S1",
    asset: str | None = "A1",
    *,
    status: Status = Status.OPEN,
    completed: datetime | None = None,
    created: datetime | None = None,
    summary: str = "No cooling",
) -> str:
    """A work order at ``site`` put straight into ``status`` (history, not the lifecycle under test)."""
    number = work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code=site, asset_code=asset, summary=summary)
    )
    with ctx.write("test setup") as uow:
        wo = uow.work_order(number)
        wo.status = status
        wo.completed_at = completed
        if created is not None:
            wo.created_at = created
    return number


def invoice(ctx: ServiceContext, customer: str, number: str, issued: date = date(2026, 11, 2)) -> None:
    with ctx.write("test setup") as uow:
        uow.add(
            m.Invoice(
                number=number, customer=uow.require(m.Customer, customer), issued_on=issued,
                due_on=date(2026, 12, 2), currency="USD", tax_rate=Decimal("8.25"),
                subtotal=Decimal("100.00"), tax=Decimal("8.25"), total=Decimal("108.25"),
                created_at=datetime(2026, 11, 2, 15, tzinfo=UTC), created_by="test",
            )
        )


def refused(ctx: ServiceContext, error: type[E], action: Callable[[], Any]) -> E:
    """Run ``action``, expect ``error``, and make sure nothing at all was written."""
    before = state(ctx)
    with pytest.raises(error) as err:
        action()
    assert state(ctx) == before
    return err.value
