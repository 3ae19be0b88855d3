"""The requests waiting for review (status new), with their customer, site and asset."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from dispatch_console.domain.enums import RequestStatus
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork


def waiting_requests(uow: UnitOfWork) -> Sequence[m.WorkRequest]:
    """Every new request (customer, site and asset loaded with it), oldest first."""
    stmt = (
        select(m.WorkRequest)
        .where(m.WorkRequest.status == RequestStatus.NEW)
        .order_by(m.WorkRequest.received_at, m.WorkRequest.id)
    )
    return uow.session.scalars(stmt).unique().all()
