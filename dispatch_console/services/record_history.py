"""The service history of a customer, a site or an asset, and the possible-callback flag.

Rows are plain values, so a screen shows them without touching the database again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dispatch_console.domain.callbacks import callback_words, is_possible_callback
from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.lifecycle import DONE, is_finished
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage import record_queries as q


@dataclass(frozen=True)
class JobRow:
    """A work order in a history: what, when it was (or is) scheduled, when it was completed.

    ``possible_callback``: it was created within the callback window after another job at the
    same site (or on the same asset) was completed.
    """

    number: str
    status: Status
    type: WorkOrderType
    priority: Priority
    summary: str
    site_code: str
    asset_code: str | None
    created_at: datetime
    scheduled_start: datetime | None
    completed_at: datetime | None
    possible_callback: bool = False


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    issued_on: date
    due_on: date
    currency: str
    total: Decimal


@dataclass(frozen=True)
class History:
    """Everything done (and to do) for a customer, site or asset, newest first."""

    work_orders: tuple[JobRow, ...]
    open_work: tuple[JobRow, ...]  # not finished: still to plan or to do
    invoices: tuple[InvoiceRow, ...]  # a customer's only
    last_completed: datetime | None
    last_completed_number: str | None


@dataclass(frozen=True)
class PossibleCallback:
    """The last completed job that makes a new visit a possible callback."""

    number: str
    completed_at: datetime
    words: str  # "possible callback: WO-1042 was completed 12 days ago"


def customer_history(ctx: ServiceContext, code: str) -> History:
    with ctx.read() as uow:
        customer = uow.require(m.Customer, code)
        jobs = q.work_order_history(uow, customer_id=customer.id)
        invoices = tuple(
            InvoiceRow(r.number, r.issued_on, r.due_on, r.currency, r.total)
            for r in q.invoices_of(uow, customer.id)
        )
        return _history(jobs, invoices, by_asset=False)


def site_history(ctx: ServiceContext, code: str) -> History:
    with ctx.read() as uow:
        site = uow.require(m.Site, code)
        return _history(q.work_order_history(uow, site_id=site.id), (), by_asset=False)


def asset_history(ctx: ServiceContext, code: str) -> History:
    with ctx.read() as uow:
        asset = uow.require(m.Asset, code)
        return _history(q.work_order_history(uow, asset_id=asset.id), (), by_asset=True)


def possible_callback(
    ctx: ServiceContext, *, site_code: str, asset_code: str | None = None, at: datetime | None = None
) -> PossibleCallback | None:
    """Whether a visit at ``at`` (default: now) is a possible callback: the asset's last completed
    job first, else the site's."""
    when = at or ctx.now()
    with ctx.read() as uow:
        scopes: list[dict[str, int]] = []
        if asset_code:
            scopes.append({"asset_id": uow.require(m.Asset, asset_code).id})
        scopes.append({"site_id": uow.require(m.Site, site_code).id})
        for scope in scopes:
            last = q.last_completion(uow, **scope)
            if last is not None and is_possible_callback(last.completed_at, when):
                return PossibleCallback(last.number, last.completed_at, callback_words(last.number, last.completed_at, when))
    return None


def _history(rows: Sequence[Any], invoices: tuple[InvoiceRow, ...], *, by_asset: bool) -> History:
    completions: dict[str | None, list[datetime]] = {}
    for r in rows:
        if Status(r.status) in DONE and r.completed_at is not None:
            completions.setdefault(r.asset_code if by_asset else r.site_code, []).append(r.completed_at)
    jobs = []
    for r in rows:
        before = [
            done for done in completions.get(r.asset_code if by_asset else r.site_code, [])
            if done <= r.created_at and done != r.completed_at
        ]
        jobs.append(
            JobRow(
                number=r.number, status=Status(r.status), type=WorkOrderType(r.type),
                priority=Priority(r.priority), summary=r.summary, site_code=r.site_code,
                asset_code=r.asset_code, created_at=r.created_at, scheduled_start=r.first_start,
                completed_at=r.completed_at,
                possible_callback=bool(before) and is_possible_callback(max(before), r.created_at),
            )
        )
    done = [j for j in jobs if j.status in DONE and j.completed_at is not None]
    last = max(done, key=lambda j: j.completed_at or j.created_at, default=None)
    return History(
        work_orders=tuple(jobs),
        open_work=tuple(j for j in jobs if not is_finished(j.status)),
        invoices=invoices,
        last_completed=last.completed_at if last else None,
        last_completed_number=last.number if last else None,
    )
