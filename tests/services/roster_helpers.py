"""What the roster tests share: a new work order booked on a technician, and 'nothing was written'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services import dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m


def booked(ctx: ServiceContext, tech_code: str, start: datetime, end: datetime, **kw: Any) -> tuple[str, int]:
    """A new corrective work order booked on ``tech_code``: its number and the booking's id."""
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="No cooling", **kw)
    number = work_orders.create_work_order(ctx, spec)
    return number, dispatch.book(ctx, number, tech_code, start, end, confirm=True).booking_id


def state(ctx: ServiceContext) -> tuple[Any, ...]:
    """Everything a refused roster action could have touched, and the audit log's length."""
    with ctx.read() as uow:
        return (
            uow.last_audit_id(),
            tuple((t.code, t.name, t.version, t.active, len(t.skills)) for t in uow.all(m.Technician)),
            tuple((s.code, s.name) for s in uow.all(m.Skill)),
            tuple((o.technician_id, o.start, o.end, o.reason) for o in uow.all(m.TimeOff, m.TimeOff.id)),
            tuple(
                (b.id, b.technician_id, b.start, b.version, b.confirmed_conflicts)
                for b in uow.all(m.Booking, m.Booking.id)
            ),
            tuple((w.number, w.status, w.version) for w in uow.all(m.WorkOrder, m.WorkOrder.id)),
        )
