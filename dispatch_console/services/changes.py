"""Changes made by other PCs, read from the audit log, so every view can follow them."""

from __future__ import annotations

from dataclasses import dataclass

from dispatch_console.services.context import Changes, ServiceContext


@dataclass(frozen=True)
class ChangeCursor:
    """Where this PC has read the audit log up to."""

    last_id: int


def start_cursor(ctx: ServiceContext) -> ChangeCursor:
    with ctx.read() as uow:
        return ChangeCursor(uow.last_audit_id())


def changes_since(ctx: ServiceContext, cursor: ChangeCursor) -> tuple[ChangeCursor, Changes]:
    """What other consoles changed since ``cursor`` (our own changes were announced already)."""
    with ctx.read() as uow:
        rows = uow.audit_since(cursor.last_id)
        if not rows:
            return cursor, Changes()
        theirs = [row for row in rows if row.origin != ctx.origin]
        return ChangeCursor(rows[-1].id), uow.changes_in(theirs)
