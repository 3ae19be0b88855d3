"""The roster's queries: a technician's future bookings, and the counts behind a week's load."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from dispatch_console.storage import models as m
from dispatch_console.storage.booking_ranges import booked_after, booked_over
from dispatch_console.storage.unit_of_work import UnitOfWork


def future_bookings(uow: UnitOfWork, technician_id: int, now: datetime) -> Sequence[Any]:
    """The technician's bookings not over yet (ending after ``now``), soonest first, with their work
    order's number and status and how many bookings that work order has in all."""
    counts = (
        select(m.Booking.work_order_id.label("wo_id"), func.count(m.Booking.id).label("booking_count"))
        .group_by(m.Booking.work_order_id)
        .subquery()
    )
    return uow.session.execute(
        select(
            m.Booking.id,
            m.Booking.version,
            m.Booking.start,
            m.Booking.end,
            m.WorkOrder.number,
            m.WorkOrder.status,
            counts.c.booking_count,
        )
        .join(m.WorkOrder, m.WorkOrder.id == m.Booking.work_order_id)
        .join(counts, counts.c.wo_id == m.Booking.work_order_id)
        .where(m.Booking.technician_id == technician_id, *booked_after(now))
        .order_by(m.Booking.start, m.Booking.id)
    ).all()


def technicians(uow: UnitOfWork) -> Sequence[m.Technician]:
    """Every technician, active or not, by name (the roster list)."""
    return uow.session.scalars(select(m.Technician).order_by(m.Technician.name, m.Technician.code)).all()


def skills(uow: UnitOfWork) -> Sequence[m.Skill]:
    return uow.session.scalars(select(m.Skill).order_by(m.Skill.code)).all()


def bookings_between(uow: UnitOfWork, start: datetime, end: datetime) -> Sequence[Any]:
    """(technician id, start, end) of every booking overlapping [start, end): a week's load for all."""
    return uow.session.execute(
        select(m.Booking.technician_id, m.Booking.start, m.Booking.end).where(
            *booked_over(start, end)
        )
    ).all()
