"""Finished work to bill, made through the services as the crew would (small company of tests/seed.py)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import closeout, dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.seed import at


def done(
    ctx: ServiceContext,
    clock,
    *,
    site: str = "S1",
    hours: float = 2,
    parts: tuple[tuple[str, str, str | None], ...] = (),
    verified: bool = False,
    summary: str = "Service call",
) -> str:
    """A general work order at ``site`` with ``hours`` of Ana's labor and ``parts`` used
    ((sku, quantity, unit price or None)), completed (and verified when asked)."""
    number = work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.GENERAL, site_code=site, summary=summary)
    )
    clock.now = at(-1)
    dispatch.book(ctx, number, "T1", at(0), at(max(hours, 0.25)), confirm=True)
    dispatch.dispatch(ctx, number)
    execution.start(ctx, number)
    clock.now = at(hours + 1)
    if hours:
        execution.log_labor(ctx, number, "T1", at(0), at(hours))
    for sku, quantity, price in parts:
        execution.use_part(ctx, number, sku, Decimal(quantity), Decimal(price) if price else None)
    if not hours:
        execution.log_labor(ctx, number, "T1", at(0), at(0.5), billable=False)
    execution.complete(ctx, number)
    if verified:
        closeout.verify(ctx, number)
    return number


def set_rate(ctx: ServiceContext, tech: str, rate: str) -> None:
    with ctx.write("test: rate") as uow:
        uow.require(m.Technician, tech).hourly_rate = Decimal(rate)


def audit_rows(ctx: ServiceContext) -> int:
    with ctx.read() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(m.AuditEntry)) or 0)


def invoice_numbers(ctx: ServiceContext) -> list[str]:
    with ctx.read() as uow:
        return list(uow.session.scalars(select(m.Invoice.number).order_by(m.Invoice.id)))
