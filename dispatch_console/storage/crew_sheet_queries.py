"""The crew sheets' queries: a day's bookings with everything a technician carries, in bulk.

Three statements for the whole day, whatever the number of jobs (the bookings with their work
order, site, customer, asset and caller; the checklists; the planned parts), so 200 technicians'
day reads as fast as one technician's. Rows, not mapped objects: nothing here is changed. The
statements are written over the tables' columns (SQLAlchemy Core): compiling an ORM statement of
thirty columns costs a command-line run more than reading the thousand rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Label, Select, Table, select
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from dispatch_console.domain.enums import Status
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


COMPANY = _table(m.Company)
BOOKING = _table(m.Booking)
TECHNICIAN = _table(m.Technician)
WORK_ORDER = _table(m.WorkOrder)
SITE = _table(m.Site)
CUSTOMER = _table(m.Customer)
ASSET = _table(m.Asset)
REQUEST = _table(m.WorkRequest)
CHECKLIST = _table(m.ChecklistItem)
PLANNED = _table(m.PlannedPart)
PART = _table(m.Part)
# Their columns, named as the rows they hold.
booking, technician, workorder, site, customer = BOOKING.c, TECHNICIAN.c, WORK_ORDER.c, SITE.c, CUSTOMER.c
asset, workrequest, checklistitem, plannedpart, part = ASSET.c, REQUEST.c, CHECKLIST.c, PLANNED.c, PART.c


def _named(prefix: str, columns: ReadOnlyColumnCollection[str, Any], *names: str) -> list[Label[Any]]:
    """The columns ``names`` labelled ``PREFIX_NAME``, as a row of several tables tells them apart."""
    return [columns[name].label(f"{prefix}_{name}") for name in names]


def company_heading(uow: UnitOfWork) -> Any | None:
    """(name, phone, timezone) of the company; None before it is set up. Read over the table
    rather than through ``uow.company()``: the first ORM query of a process sets up every
    mapper of the schema, a tenth of a second of a command that uses none of them."""
    company = COMPANY.c
    return uow.session.execute(
        select(company.name, company.phone, company.timezone).where(company.id == 1)
    ).first()


def technicians_by_code(uow: UnitOfWork, codes: Iterable[str]) -> Sequence[Any]:
    """(id, code, name) of the technicians with these codes (the ones that exist)."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    return uow.session.execute(
        select(technician.id, technician.code, technician.name).where(technician.code.in_(wanted))
    ).all()


def _booked(start: datetime, end: datetime, technician_ids: Sequence[int] | None) -> Select[Any]:
    """The work order ids of the bookings overlapping [start, end) (of these technicians)."""
    stmt = select(booking.work_order_id).where(booking.start < end, booking.end > start)
    if technician_ids is not None:
        stmt = stmt.where(booking.technician_id.in_(list(technician_ids)))
    return stmt


def day_bookings(
    uow: UnitOfWork, start: datetime, end: datetime, technician_ids: Sequence[int] | None = None
) -> Sequence[Any]:
    """Every booking overlapping [start, end) of a work order that is not cancelled, with its
    technician, work order, site, customer, asset and the caller of its request; by technician
    and start. With ``technician_ids``, the bookings of the work orders these technicians have
    that day, their crew mates' included (a sheet names who else is on the job)."""
    stmt = (
        select(
            booking.id.label("booking_id"),
            booking.start,
            booking.end,
            *_named("technician", technician, "id", "code", "name", "phone"),
            workorder.id.label("work_order_id"),
            workorder.number,
            workorder.type,
            workorder.priority,
            workorder.status,
            workorder.summary,
            workorder.description,
            workorder.estimated_hours,
            *_named("site", site, "code", "name", "address"),
            site.contact_name,
            site.contact_phone,
            site.access_notes,
            *_named("customer", customer, "code", "name", "phone"),
            *_named("asset", asset, "code", "name", "make", "model", "serial"),
            workrequest.contact_name.label("caller_name"),
            workrequest.contact_phone.label("caller_phone"),
        )
        .join(TECHNICIAN, technician.id == booking.technician_id)
        .join(WORK_ORDER, workorder.id == booking.work_order_id)
        .join(SITE, site.id == workorder.site_id)
        .join(CUSTOMER, customer.id == site.customer_id)
        .outerjoin(ASSET, asset.id == workorder.asset_id)
        .outerjoin(REQUEST, workrequest.id == workorder.request_id)
        .where(booking.start < end, booking.end > start, workorder.status != Status.CANCELLED)
        .order_by(technician.id, booking.start, workorder.number, booking.id)
    )
    if technician_ids is not None:
        stmt = stmt.where(booking.work_order_id.in_(_booked(start, end, technician_ids)))
    return uow.session.execute(stmt).all()


def day_checklists(
    uow: UnitOfWork, start: datetime, end: datetime, technician_ids: Sequence[int] | None = None
) -> Sequence[Any]:
    """(work order id, text, done) of the checklist items of the work orders booked in
    [start, end), in checklist order."""
    return uow.session.execute(
        select(checklistitem.work_order_id, checklistitem.text, checklistitem.done)
        .where(checklistitem.work_order_id.in_(_booked(start, end, technician_ids)))
        .order_by(checklistitem.work_order_id, checklistitem.position, checklistitem.id)
    ).all()


def day_planned_parts(
    uow: UnitOfWork, start: datetime, end: datetime, technician_ids: Sequence[int] | None = None
) -> Sequence[Any]:
    """(work order id, sku, description, unit, quantity) of the parts planned for the work orders
    booked in [start, end)."""
    return uow.session.execute(
        select(
            plannedpart.work_order_id, part.sku, part.description, part.unit, plannedpart.quantity
        )
        .join(PART, part.id == plannedpart.part_id)
        .where(plannedpart.work_order_id.in_(_booked(start, end, technician_ids)))
        .order_by(plannedpart.work_order_id, plannedpart.id)
    ).all()
