"""Writes the audit log from the session itself, so no service can forget to."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from dispatch_console.domain.timekeeping import utc_now
from dispatch_console.storage.models import AuditEntry, Counter

ACTOR = "dispatch_console.actor"
ACTION = "dispatch_console.action"
ORIGIN = "dispatch_console.origin"
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
    now = utc_now()
    for obj in list(session.new) + list(session.dirty):
        if hasattr(obj, "updated_by") and session.is_modified(obj, include_collections=False):
            obj.updated_by = actor
            obj.updated_at = now


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, _ctx: UOWTransaction) -> None:
    actor = session.info.get(ACTOR)
    if not actor:
        return
    action = session.info.get(ACTION, "")
    origin = session.info.get(ORIGIN, "")
    now = utc_now()
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
    if rows:
        # Declarative types __table__ as a FromClause; a mapped class's is always a Table.
        table = cast(Table, AuditEntry.__table__)
        session.connection().execute(table.insert(), rows)
