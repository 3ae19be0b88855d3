"""Changes made by other PCs, read from the audit log, so every view can follow them."""

from __future__ import annotations

from dataclasses import dataclass

from dispatch_console.services.context import Changes, ServiceContext

#: Audit-log tables as the kinds of records views subscribe to.
_KIND = {
    "work_order": "work_order",
    "checklist_item": "work_order",
    "planned_part": "work_order",
    "labor_entry": "work_order",
    "part_used": "work_order",
    "note": "work_order",
    "attachment": "work_order",
    "signature": "work_order",
    "scope_change": "work_order",
    "work_order_skill": "work_order",
    "booking": "booking",
    "technician": "technician",
    "technician_skill": "technician",
    "time_off": "technician",
    "skill": "technician",
    "customer": "customer",
    "site": "customer",
    "asset": "customer",
    "service_agreement": "customer",
    "part": "part",
    "work_request": "request",
    "invoice": "invoice",
    "invoice_line": "invoice",
    "pm_plan": "pm_plan",
    "company": "company",
}


@dataclass(frozen=True)
class ChangeCursor:
    """Where this PC has read the audit log up to."""

    last_id: int


def start_cursor(ctx: ServiceContext) -> ChangeCursor:
    with ctx.read() as uow:
        return ChangeCursor(uow.last_audit_id())


def changes_since(ctx: ServiceContext, cursor: ChangeCursor) -> tuple[ChangeCursor, Changes]:
    """What other consoles changed since ``cursor`` (our own changes were notified already)."""
    with ctx.read() as uow:
        rows = uow.audit_since(cursor.last_id)
        if not rows:
            return cursor, Changes()
        kinds: set[str] = set()
        wo_ids: set[int] = set()
        for row in rows:
            if row.origin == ctx.origin:
                continue
            kind = _KIND.get(row.entity, row.entity)
            kinds.add(kind)
            if row.entity == "work_order" and row.entity_id is not None:
                wo_ids.add(row.entity_id)
        numbers = uow.work_order_numbers(wo_ids)
        return ChangeCursor(rows[-1].id), Changes(frozenset(kinds), frozenset(numbers))
