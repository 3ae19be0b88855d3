"""The crew's part of the lifecycle: start, labor, parts, notes, photos, checklist, signature,
scope changes, hold and resume, completion."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import PhotoKind, ScopeChangeStatus, Status
from dispatch_console.domain.errors import (
    ConcurrencyConflict,
    NotFound,
    RuleViolation,
    ValidationError,
)
from dispatch_console.domain.timekeeping import company_zone, format_wall
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

L = TypeVar("L", m.LaborEntry, m.PartUsed)

MAX_PHOTO_BYTES = 20 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/heic", "image/webp"}


@contextmanager
def _on_work_order(ctx: ServiceContext, action: str, number: str) -> Iterator[tuple[UnitOfWork, m.WorkOrder]]:
    with ctx.write(f"{action} {number}") as uow:
        # Locked (on PostgreSQL) so two PCs adding a signature or numbering a scope change take turns.
        yield uow, uow.work_order(number, lock=True)


def start(ctx: ServiceContext, number: str) -> None:
    with _on_work_order(ctx, "Start", number) as (uow, wo):
        lifecycle.check_start(uow.facts(wo))
        wo.status = Status.IN_PROGRESS
        wo.started_at = ctx.now()


def log_labor(
    ctx: ServiceContext,
    number: str,
    tech_code: str,
    start_at: datetime,
    end_at: datetime,
    *,
    billable: bool = True,
    note: str = "",
) -> int:
    """Time a technician worked on the job; returns the entry's id."""
    if end_at <= start_at:
        raise ValidationError("labor must end after it starts")
    if end_at > ctx.now():
        raise ValidationError("labor cannot end in the future")
    with _on_work_order(ctx, "Log labor on", number) as (uow, wo):
        lifecycle.check_record_execution(uow.facts(wo), "labor")
        tech = uow.require(m.Technician, tech_code)
        entry = m.LaborEntry(
            work_order=wo, technician=tech, start=start_at, end=end_at, billable=billable,
            note=note.strip() or None,
        )
        uow.add(entry)
        uow.flush()
        return entry.id


def use_part(
    ctx: ServiceContext, number: str, sku: str, quantity: Decimal, unit_price: Decimal | None = None
) -> int:
    if quantity <= 0:
        raise ValidationError(f"the quantity of '{sku}' must be more than 0")
    if unit_price is not None and unit_price < 0:
        raise ValidationError(f"the unit price of '{sku}' cannot be negative")
    with _on_work_order(ctx, "Use parts on", number) as (uow, wo):
        lifecycle.check_record_execution(uow.facts(wo), "parts")
        part = uow.require(m.Part, sku)
        used = m.PartUsed(work_order=wo, part=part, quantity=quantity, unit_price=unit_price)
        uow.add(used)
        uow.flush()
        return used.id


def labor_as_seen(entry: m.LaborEntry) -> tuple[object, ...]:
    """What a dispatcher sees of a labor entry (who, from, to): ``remove_labor`` removes it
    only if the entry with its id is still that one."""
    return (entry.technician.code, entry.start, entry.end, entry.billable)


def part_used_as_seen(used: m.PartUsed) -> tuple[object, ...]:
    """What a dispatcher sees of a part used (which, how many, at what price)."""
    return (used.part.sku, used.quantity, used.unit_price)


def remove_labor(
    ctx: ServiceContext, number: str, labor_id: int, *, as_seen: tuple[object, ...] | None = None
) -> None:
    """Take off a labor entry logged by mistake (8 h for 0.8 h); correct it by logging the right
    time. The audit log keeps what was removed, by whom and when.

    Labor entries are only added and removed, never edited, so they carry no version: a stale
    copy is one whose entry another PC removed meanwhile, and that is said in words. ``as_seen``
    (``labor_as_seen`` of the copy on screen) makes sure that an id SQLite gave again to a newer
    entry does not remove that one instead.
    """
    with _on_work_order(ctx, "Remove labor from", number) as (uow, wo):
        entry = _line_of(uow, wo, m.LaborEntry, labor_id, "labor entry", labor_as_seen, as_seen)
        lifecycle.check_remove_labor(uow.facts(wo))
        uow.delete(entry)


def remove_part_used(
    ctx: ServiceContext, number: str, part_used_id: int, *, as_seen: tuple[object, ...] | None = None
) -> None:
    """Take off a part recorded by mistake (the wrong part, or 10 for 1), as ``remove_labor``."""
    with _on_work_order(ctx, "Remove a part used from", number) as (uow, wo):
        used = _line_of(uow, wo, m.PartUsed, part_used_id, "part used", part_used_as_seen, as_seen)
        lifecycle.check_remove_part_used(uow.facts(wo))
        uow.delete(used)


def _line_of(
    uow: UnitOfWork,
    wo: m.WorkOrder,
    model: type[L],
    ident: int,
    what: str,
    seen_of: Callable[[L], tuple[object, ...]],
    as_seen: tuple[object, ...] | None,
) -> L:
    """A line of ``wo`` (a labor entry, a part used) as the dispatcher saw it; if another PC
    removed it meanwhile, who and when."""
    try:
        line: L | None = uow.get(model, ident)
    except NotFound:
        line = None
    if line is not None and line.work_order_id != wo.id:
        raise NotFound(f"{wo.number} has no {what} with id {ident}")
    if line is not None and (as_seen is None or seen_of(line) == as_seen):
        return line
    removed = [e for e in uow.audit_of(model.__tablename__, ident) if e.change == "delete"]
    if not removed:
        if line is None:
            raise NotFound(f"{wo.number} has no {what} with id {ident}")
        raise ConcurrencyConflict(
            f"the {what} was changed on another PC after you opened {wo.number}; nothing was removed"
        )
    entry = removed[-1]
    when = format_wall(entry.at, company_zone(uow.company())).replace("T", " ")
    raise ConcurrencyConflict(
        f"the {what} was already removed from {wo.number} by {entry.actor} at {when} "
        f"({entry.action}) after you opened it; nothing more was removed"
    )


def add_note(ctx: ServiceContext, number: str, text: str) -> int:
    if not text.strip():
        raise ValidationError("the note is empty")
    with _on_work_order(ctx, "Add a note to", number) as (uow, wo):
        lifecycle.check_add_note(uow.facts(wo))
        note = m.Note(work_order=wo, author=ctx.actor, at=ctx.now(), text=text.strip())
        uow.add(note)
        uow.flush()
        return note.id


def add_photo(
    ctx: ServiceContext,
    number: str,
    filename: str,
    content_type: str,
    data: bytes,
    *,
    kind: PhotoKind = PhotoKind.OTHER,
    caption: str = "",
) -> int:
    if content_type not in PHOTO_TYPES:
        raise ValidationError(f"'{filename}' is not a photo (JPEG, PNG, HEIC or WebP)")
    if not data:
        raise ValidationError(f"'{filename}' is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(f"'{filename}' is larger than 20 MB; send a smaller copy")
    with _on_work_order(ctx, "Add a photo to", number) as (uow, wo):
        lifecycle.check_record_execution(uow.facts(wo), "photos")
        photo = m.Attachment(
            work_order=wo, kind=kind.value, filename=filename, content_type=content_type, data=data,
            caption=caption.strip() or None, added_by=ctx.actor, added_at=ctx.now(),
        )
        uow.add(photo)
        uow.flush()
        return photo.id


def sign(ctx: ServiceContext, number: str, signer_name: str, image_png: bytes | None = None) -> None:
    """The customer's sign-off; signing again replaces the earlier signature."""
    if not signer_name.strip():
        raise ValidationError("the name of the person signing is required")
    with _on_work_order(ctx, "Record the signature on", number) as (uow, wo):
        lifecycle.check_record_execution(uow.facts(wo), "a signature")
        if wo.signature is not None:
            uow.delete(wo.signature)
            uow.flush()
        wo.signature = m.Signature(signer_name=signer_name.strip(), signed_at=ctx.now(), image_png=image_png)


def tick_checklist(ctx: ServiceContext, number: str, position: int, done: bool = True) -> None:
    with _on_work_order(ctx, "Tick the checklist of", number) as (uow, wo):
        lifecycle.check_record_execution(uow.facts(wo), "checklist ticks")
        items = {item.position: item for item in wo.checklist}
        if position not in items:
            raise ValidationError(f"{number} has no checklist item {position + 1}")
        item = items[position]
        item.done = done
        item.done_by = ctx.actor if done else None
        item.done_at = ctx.now() if done else None


def request_scope_change(
    ctx: ServiceContext,
    number: str,
    description: str,
    extra_hours: Decimal | None = None,
    extra_cost: Decimal | None = None,
) -> int:
    """Record a change of scope; work stops (on hold) until it is decided. Returns its #."""
    if not description.strip():
        raise ValidationError("describe the change of scope")
    with _on_work_order(ctx, "Request a scope change on", number) as (uow, wo):
        lifecycle.check_request_scope_change(uow.facts(wo))
        seq = max((c.seq for c in wo.scope_changes), default=0) + 1
        change = m.ScopeChange(
            work_order=wo, seq=seq, description=description.strip(), extra_hours=extra_hours,
            extra_cost=extra_cost, status=ScopeChangeStatus.PENDING, requested_by=ctx.actor,
            requested_at=ctx.now(),
        )
        uow.add(change)
        wo.status = Status.ON_HOLD
        wo.hold_reason = f"scope change #{seq} awaits approval"
        return seq


def decide_scope_change(
    ctx: ServiceContext, number: str, seq: int, *, approve: bool, note: str = ""
) -> None:
    """Approve or reject a scope change; when none is left pending, work goes on."""
    with _on_work_order(ctx, "Decide a scope change on", number) as (uow, wo):
        changes = {c.seq: c for c in wo.scope_changes}
        change = changes.get(seq)
        if change is None:
            raise ValidationError(f"{number} has no scope change #{seq}")
        if change.status != ScopeChangeStatus.PENDING:
            raise RuleViolation(
                f"cannot decide scope change #{seq} of {number}", [f"it was already {change.status}"]
            )
        if not approve and not note.strip():
            raise RuleViolation(
                f"cannot reject scope change #{seq} of {number}", ["a reason is required"]
            )
        change.status = ScopeChangeStatus.APPROVED if approve else ScopeChangeStatus.REJECTED
        change.decided_by = ctx.actor
        change.decided_at = ctx.now()
        change.decision_note = note.strip() or None
        if approve and change.extra_hours:
            wo.estimated_hours = wo.estimated_hours + change.extra_hours
        uow.flush()
        if not uow.facts(wo).pending_scope_changes and wo.status == Status.ON_HOLD and (
            wo.hold_reason or ""
        ).startswith("scope change"):
            wo.status = Status.IN_PROGRESS
            wo.hold_reason = None


def hold(ctx: ServiceContext, number: str, reason: str) -> None:
    """Stop work for another reason (waiting for parts, no access)."""
    if not reason.strip():
        raise ValidationError("say why the work is on hold")
    with _on_work_order(ctx, "Put on hold", number) as (uow, wo):
        lifecycle.check_hold(uow.facts(wo))
        wo.status = Status.ON_HOLD
        wo.hold_reason = reason.strip()


def resume(ctx: ServiceContext, number: str) -> None:
    with _on_work_order(ctx, "Resume", number) as (uow, wo):
        lifecycle.check_resume(uow.facts(wo))
        wo.status = Status.IN_PROGRESS
        wo.hold_reason = None


def complete(ctx: ServiceContext, number: str) -> None:
    with _on_work_order(ctx, "Complete", number) as (uow, wo):
        lifecycle.check_complete(uow.facts(wo))
        wo.status = Status.COMPLETED
        wo.completed_at = ctx.now()
