"""Closeout and archive: verify the record is complete, close it, or cancel it with a reason."""

from __future__ import annotations

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import Status
from dispatch_console.services.context import ServiceContext


def closeout_gaps(ctx: ServiceContext, number: str) -> list[str]:
    """What the work order's type still requires before verification, in words."""
    with ctx.read() as uow:
        return lifecycle.closeout_gaps(uow.facts(uow.work_order(number)))


def verify(ctx: ServiceContext, number: str) -> None:
    """Check everything the type requires is there; then billing may invoice it."""
    with ctx.write(f"Verify {number}") as uow:
        wo = uow.work_order(number)
        lifecycle.check_verify(uow.facts(wo))
        wo.status = Status.VERIFIED
        wo.verified_at = ctx.now()
        wo.verified_by = ctx.actor


def close(ctx: ServiceContext, number: str, *, non_billable: bool = False) -> None:
    """Archive an invoiced order, or a verified one that is not billed (warranty, contract)."""
    with ctx.write(f"Close {number}") as uow:
        wo = uow.work_order(number)
        lifecycle.check_close(uow.facts(wo), non_billable=non_billable)
        if non_billable and wo.status == Status.VERIFIED:
            wo.billable = False
        wo.status = Status.CLOSED
        wo.closed_at = ctx.now()


def cancel(ctx: ServiceContext, number: str, reason: str) -> None:
    """Cancel before completion; bookings are released so the technicians' time is free again."""
    with ctx.write(f"Cancel {number}") as uow:
        wo = uow.work_order(number)
        lifecycle.check_cancel(uow.facts(wo), reason)
        for booking in list(wo.bookings):
            wo.bookings.remove(booking)
            uow.delete(booking)
        wo.status = Status.CANCELLED
        wo.cancel_reason = reason.strip()
        wo.closed_at = ctx.now()
