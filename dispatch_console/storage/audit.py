"""Writes the audit log from the session itself, so no service can forget to."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from dispatch_console.domain.changes import Changes
from dispatch_console.storage.models import AuditEntry, Booking, Counter, WorkOrder

ACTOR = "dispatch_console.actor"
ACTION = "dispatch_console.action"
ORIGIN = "dispatch_console.origin"
#: The clock of the service context that opened the session (a callable returning UTC now).
CLOCK = "dispatch_console.clock"
#: The audit rows this session wrote so far, from which its ``Changes`` are derived.
WRITTEN = "dispatch_console.written"
#: Set (True) while a bulk writer records its own summary (``write_summary``): the flush then
#: writes no row per record and column, only the stamps and versions.
SUMMARIZED = "dispatch_console.summarized"
#: The ``change`` of a summary row: many records written at once, counted in its details.
BULK = "bulk"

#: Audit-log tables as the kinds of records views follow.
KIND_OF_TABLE = {
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
_SKIP = (AuditEntry, Counter)
_STAMP = {"version", "updated_at", "updated_by"}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _column_changes(obj: Any, *, new: bool) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _STAMP:
            continue
        hist = state.attrs[key].history
        if new:
            value = hist.added[0] if hist.added else getattr(obj, key, None)
            if value is not None:
                changes[key] = _plain(value)
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            now = hist.added[0] if hist.added else None
            changes[key] = [_plain(old), _plain(now)]
    return changes


def _identity(obj: Any) -> int | None:
    value = getattr(obj, "id", None)
    return value if isinstance(value, int) else None


@event.listens_for(Session, "before_flush")
def _stamp_versions(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    actor = session.info.get(ACTOR)
    if not actor:
        return
    now = session.info[CLOCK]()
    for obj in list(session.new) + list(session.dirty):
        if hasattr(obj, "updated_by") and session.is_modified(obj, include_collections=False):
            obj.updated_by = actor
            obj.updated_at = now


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, _ctx: UOWTransaction) -> None:
    actor = session.info.get(ACTOR)
    if not actor or session.info.get(SUMMARIZED):
        return
    action = session.info.get(ACTION, "")
    origin = session.info.get(ORIGIN, "")
    now = session.info[CLOCK]()
    rows: list[dict[str, Any]] = []
    for change, objects in (
        ("insert", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if isinstance(obj, _SKIP):
                continue
            if change == "update":
                details = _column_changes(obj, new=False)
                if not details:
                    continue
            elif change == "insert":
                details = _column_changes(obj, new=True)
            else:
                details = {
                    k: _plain(getattr(obj, k, None))
                    for k in ("code", "number", "sku", "work_order_id", "technician_id")
                    if hasattr(obj, k)
                }
            rows.append(
                {
                    "at": now,
                    "actor": actor,
                    "origin": origin,
                    "action": action,
                    "entity": obj.__table__.name,
                    "entity_id": _identity(obj),
                    "change": change,
                    "details": details,
                }
            )
    write_rows(session, rows)


def write_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add audit rows to the log and to what this session's commit announces (also for rows
    that Core statements wrote in bulk, which the flush events never see)."""
    if rows:
        session.info.setdefault(WRITTEN, []).extend(rows)
        # Declarative types __table__ as a FromClause; a mapped class's is always a Table.
        table = cast(Table, AuditEntry.__table__)
        session.connection().execute(table.insert(), rows)


def write_summary(session: Session, entity: str, details: dict[str, Any]) -> None:
    """One audit row for many records of ``entity`` written at once (an imported file): what
    was done, counted in ``details``, instead of a row per record and column."""
    write_rows(session, [{
        "at": session.info[CLOCK](),
        "actor": session.info.get(ACTOR, ""),
        "origin": session.info.get(ORIGIN, ""),
        "action": session.info.get(ACTION, ""),
        "entity": entity,
        "entity_id": None,
        "change": BULK,
        "details": details,
    }])


def changes_of(session: Session, rows: list[dict[str, Any]]) -> Changes:
    """The ``Changes`` that audit rows describe (rows this session wrote, or read from the log).

    Work order numbers are looked up, so a view learns which work orders a labor entry or a
    moved booking belongs to; a deleted row names its work order in its details.
    """
    if not rows:
        return Changes()
    kinds: set[str] = set()
    wo_ids: set[int] = set()
    numbers: set[str] = set()
    booking_ids: set[int] = set()
    removed: set[int] = set()
    children: dict[str, set[int]] = {}  # changed rows of tables that belong to a work order
    for row in rows:
        table = row["entity"]
        kinds.add(KIND_OF_TABLE.get(table, table))
        ident = row.get("entity_id")
        details = row.get("details") or {}
        if isinstance(details, dict) and isinstance(details.get("work_order_id"), int):
            wo_ids.add(details["work_order_id"])
        if table == "work_order":
            if isinstance(details, dict) and isinstance(details.get("number"), str):
                numbers.add(details["number"])  # a deleted work order is not found by id
            elif ident is not None:
                wo_ids.add(ident)
        elif table == "booking" and ident is not None:
            (removed if row["change"] == "delete" else booking_ids).add(ident)
        elif row["change"] == "update" and ident is not None:
            children.setdefault(table, set()).add(ident)
    booking_ids -= removed
    if booking_ids:
        wo_ids.update(
            session.scalars(select(Booking.work_order_id).where(Booking.id.in_(booking_ids))).all()
        )
    for table_name, ids in children.items():
        table = WorkOrder.metadata.tables.get(table_name)
        if table is not None and "work_order_id" in table.c:
            wo_ids.update(
                session.scalars(select(table.c.work_order_id).where(table.c.id.in_(ids))).all()
            )
    if wo_ids:
        numbers.update(
            session.scalars(select(WorkOrder.number).where(WorkOrder.id.in_(wo_ids))).all()
        )
    return Changes(
        entities=frozenset(kinds),
        work_orders=frozenset(numbers),
        bookings=frozenset(booking_ids),
        removed_bookings=frozenset(removed),
        actors=frozenset(str(r["actor"]) for r in rows if r.get("actor")),
        actions=tuple(dict.fromkeys(str(r["action"]) for r in rows if r.get("action"))),
        origins=frozenset(str(r["origin"]) for r in rows if r.get("origin")),
    )
