"""The service history of a customer, a site or an asset, and the possible-callback flag.

Rows are plain values, so a screen shows them without touching the database again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dispatch_console.domain.callbacks import callback_words, is_possible_callback
from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.lifecycle import DONE, is_finished
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import history_pages as hq
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork


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
    """What was done (and is to do) for a customer, site or asset, newest first: all its open
    work, and the newest of the rest (``older_work_orders`` and ``older_invoices``: how many
    more there are; ``Show older`` reads them with a larger limit)."""

    work_orders: tuple[JobRow, ...]
    open_work: tuple[JobRow, ...]  # not finished: still to plan or to do
    invoices: tuple[InvoiceRow, ...]  # a customer's only
    last_completed: datetime | None
    last_completed_number: str | None
    older_work_orders: int = 0
    older_invoices: int = 0

    @property
    def has_older(self) -> bool:
        return bool(self.older_work_orders or self.older_invoices)


#: The finished work orders (and invoices) a history shows at first; "Show older" adds as many.
HISTORY_PAGE = 50


@dataclass(frozen=True)
class PossibleCallback:
    """The last completed job that makes a new visit a possible callback."""

    number: str
    completed_at: datetime
    words: str  # "possible callback: WO-1042 was completed 12 days ago"


def customer_history(ctx: ServiceContext, code: str, limit: int = HISTORY_PAGE) -> History:
    """A customer's history: its open work, its ``limit`` newest finished work orders and invoices."""
    with ctx.read() as uow:
        customer = uow.require(m.Customer, code)
        rows, count = hq.invoices_of(uow, customer.id, limit)
        invoices = tuple(InvoiceRow(r.number, r.issued_on, r.due_on, r.currency, r.total) for r in rows)
        return _read(uow, limit, invoices, count - len(invoices), by_asset=False, customer_id=customer.id)


def site_history(ctx: ServiceContext, code: str, limit: int = HISTORY_PAGE) -> History:
    with ctx.read() as uow:
        site = uow.require(m.Site, code)
        return _read(uow, limit, (), 0, by_asset=False, site_id=site.id)


def asset_history(ctx: ServiceContext, code: str, limit: int = HISTORY_PAGE) -> History:
    with ctx.read() as uow:
        asset = uow.require(m.Asset, code)
        return _read(uow, limit, (), 0, by_asset=True, asset_id=asset.id)


def _read(
    uow: UnitOfWork, limit: int, invoices: tuple[InvoiceRow, ...], older_invoices: int, *, by_asset: bool,
    **scope: int,
) -> History:
    open_work, finished, count = hq.work_order_history(uow, limit, **scope)
    last = hq.last_completion(uow, **scope)
    # One list newest first, as the query orders each part (when done, planned, or asked for).
    rows = sorted([*open_work, *finished], key=lambda r: (r.completed_at or r.first_start or r.created_at, r.id),
                  reverse=True)
    history = _history(rows, invoices, by_asset=by_asset)
    return replace(
        history,
        last_completed=last.completed_at if last else None,
        last_completed_number=last.number if last else None,
        older_work_orders=count - len(finished),
        older_invoices=older_invoices,
    )


@dataclass(frozen=True)
class ChangeEntry:
    """One action on a work order as its History tab shows it."""

    at: datetime
    actor: str
    action: str
    changed: str


#: The audit rows of a work order its History tab reads at first; "Show older" adds as many.
CHANGES_PAGE = 200


def work_order_changes(
    ctx: ServiceContext, number: str, limit: int | None = CHANGES_PAGE
) -> tuple[list[ChangeEntry], bool]:
    """Who did what to the work order and when, newest first, one line per action, from its
    ``limit`` newest audit rows (None: all); and whether there may be older ones."""
    with ctx.read() as uow:
        rows, more = hq.audit_of_work_order(uow, number.strip(), limit)
        grouped: dict[tuple[datetime, str, str], list[str]] = {}
        for row in reversed(rows):  # oldest first, as the log was written
            what = row.entity.replace("_", " ")
            if row.change == "update":
                fields = [k for k in (row.details or {}) if k not in ("version", "updated_at", "updated_by")]
                text = f"{what}: {', '.join(fields)}" if fields else what
            else:
                text = f"{what} {'added' if row.change == 'insert' else 'removed'}"
            texts = grouped.setdefault((row.at, row.actor, row.action), [])
            if text not in texts:
                texts.append(text)
    entries = [ChangeEntry(at, actor, action, "; ".join(texts)) for (at, actor, action), texts in grouped.items()]
    return list(reversed(entries)), more


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
            last = hq.last_completion(uow, **scope)
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
