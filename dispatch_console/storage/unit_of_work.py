"""One session per user action, and the queries the services need (services never see SQL)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from dispatch_console.domain.changes import Changes
from dispatch_console.domain.enums import (
    CloseoutNeed,
    PhotoKind,
    ScopeChangeStatus,
    Status,
)
from dispatch_console.domain.errors import ConcurrencyConflict, NotFound
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.domain.timekeeping import company_zone, format_wall
from dispatch_console.storage import (
    audit,
    work_order_keys,  # noqa: F401 - keeps the list's keys on every flush
)
from dispatch_console.storage import models as m
from dispatch_console.storage.booking_ranges import booked_over

T = TypeVar("T", bound=m.Base)

_CODE_COLUMN = {m.Part: "sku", m.WorkOrder: "number", m.WorkRequest: "number", m.Invoice: "number"}
_WHAT = {
    m.Skill: "skill",
    m.Technician: "technician",
    m.Customer: "customer",
    m.Site: "site",
    m.Asset: "asset",
    m.Part: "part",
    m.WorkOrder: "work order",
    m.WorkRequest: "request",
    m.Invoice: "invoice",
    m.PmPlan: "recurring plan",
}
#: When a stale row cannot be told apart (it is not another PC's committed change): say just that.
_SAVED_MEANWHILE = "somebody else saved this record while you were editing; reload and try again"


class UnitOfWork:
    """A session plus the named queries of the program.

    Services add and change mapped objects through it; the database-specific parts (row locks,
    version checks, integrity errors) are translated into domain errors here.
    """

    def __init__(self, session: Session, *, actor: str, action: str) -> None:
        self.session = session
        self.actor = actor
        self.action = action
        #: What the commit changed (set by ``commit``): the views' one source of updates.
        self.changes = Changes()
        self._also_changed = Changes()
        #: The versioned records the running flush writes, as read: (model, identity, version).
        self._writing: list[tuple[type[m.Base], Any, int | None]] = []
        event.listen(session, "before_flush", self._note_writing)

    # -- plumbing -------------------------------------------------------------------------------
    def name_action(self, action: str) -> None:
        """Rename the action in the audit log once the service knows what it acts on."""
        self.action = action
        self.session.info[audit.ACTION] = action

    def add(self, obj: m.Base) -> None:
        self.session.add(obj)

    def add_all(self, objs: Iterable[m.Base]) -> None:
        self.session.add_all(list(objs))

    def delete(self, obj: m.Base) -> None:
        self.session.delete(obj)

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError:
            raise self.stale_conflict() from None

    def touch(self, obj: Any) -> None:
        """``obj`` (a versioned record) changed through its children only (a checklist, planned
        parts): its version moves and the audit log records it, so other PCs' copies are stale."""
        mapper = inspect(obj).mapper
        first = next(c.key for c in mapper.column_attrs if c.key not in ("id", "version"))
        flag_modified(obj, first)

    def also_changed(self, changes: Changes) -> None:
        """Name changes the audit rows do not show (a bulk insert that bypasses the ORM)."""
        self._also_changed = self._also_changed | changes

    def commit(self) -> None:
        try:
            self.session.flush()
            written = self.session.info.get(audit.WRITTEN, [])
            changes = audit.changes_of(self.session, written) | self._also_changed
            self.session.commit()
            self.changes = changes
        except StaleDataError:
            raise self.stale_conflict() from None

    #: The lock of operations that create the company's records in bulk or for the first time
    #: (an import, the demo company, the first company settings): one at a time.
    COMPANY_DATA = "company data"

    def serialize(self, name: str) -> None:
        """Let one PC at a time run the operation called ``name`` until this unit of work ends.

        For operations that read, then create rows keyed by a code (an import finds the company
        and the codes missing, then inserts them): two PCs at once would both insert, and the
        second fail on the unique key. On PostgreSQL a transaction-scoped advisory lock makes the
        second wait here, then find the first one's rows (each statement of READ COMMITTED sees
        what was committed before it). SQLite needs nothing: a write takes the database's one
        write lock as it begins.
        """
        if self.session.get_bind().dialect.name != "postgresql":
            return
        digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
        self.session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest, "big", signed=True))))

    def stale_conflict(self) -> ConcurrencyConflict:
        """The refusal of a write that found its row changed by another PC since it was read.

        On PostgreSQL two PCs can read the same version of a record; the second one's UPDATE
        waits for the first one's commit, then matches no row. Say who changed it and when, as
        ``check_version`` does when the change was there before the read (always so on SQLite).
        The records the flush wrote are looked up afresh, after the rollback.
        """
        self.session.rollback()
        for model, identity, version in sorted(self._writing, key=lambda w: (w[0].__tablename__, w[1])):
            current: Any = self.session.get(model, identity)
            if current is None:
                return self._removed_conflict(model, identity)
            if version is not None and current.version > version:
                return _changed(current, _label(current), company_zone(self.company()))
        return ConcurrencyConflict(_SAVED_MEANWHILE)

    def _note_writing(self, session: Session, _flush: Any, _instances: Any) -> None:
        """Before each flush: which versioned records it writes, and the versions they were read at
        (a failed flush forgets both; ``stale_conflict`` needs them)."""
        self._writing = []
        for obj in [*session.dirty, *session.deleted]:
            state = inspect(obj)
            if isinstance(obj, m.Versioned) and isinstance(obj, m.Base) and state.identity is not None:
                self._writing.append((type(obj), state.identity, state.dict.get("version")))

    def _removed_conflict(self, model: type[m.Base], identity: Any) -> ConcurrencyConflict:
        what = _WHAT.get(model, model.__tablename__.replace("_", " "))
        removed = [e for e in self.audit_of(model.__tablename__, identity[0]) if e.change == "delete"]
        if not removed:
            return ConcurrencyConflict(
                f"the {what} was deleted by another user after you opened it; your change was not saved"
            )
        entry = removed[-1]
        details = entry.details or {}
        code = next((details[k] for k in ("number", "code", "sku") if details.get(k)), None)
        if code is None and isinstance(details.get("work_order_id"), int):
            code = next(iter(self.work_order_numbers([details["work_order_id"]])), None)
            what = f"{what} of" if code else what
        when = format_wall(entry.at, company_zone(self.company())).replace("T", " ")
        return ConcurrencyConflict(
            f"the {what}{f' {code}' if code else ''} was deleted by {entry.actor} at {when} "
            f"({entry.action}) after you opened it; your change was not saved"
        )

    def check_version(self, obj: Any, expected: int | None, label: str, tz: Any = None) -> None:
        """Refuse a save based on a stale copy, naming who changed the record and when."""
        if expected is None or obj.version == expected:
            return
        raise _changed(obj, label, tz)

    # -- lookups by code ------------------------------------------------------------------------
    def get(self, model: type[T], ident: int) -> T:
        obj = self.session.get(model, ident)
        if obj is None:
            raise NotFound(f"no {_WHAT.get(model, model.__name__)} with id {ident}")
        return obj

    def booking(self, booking_id: int, tz: Any = None) -> m.Booking:
        """A booking the dispatcher acts on; if another PC removed it meanwhile, say who and when."""
        booking = self.session.get(m.Booking, booking_id)
        if booking is not None:
            return booking
        removed = [e for e in self.audit_of("booking", booking_id) if e.change == "delete"]
        if not removed:
            raise NotFound(f"no booking with id {booking_id}")
        entry = removed[-1]
        when = format_wall(entry.at, tz).replace("T", " ") if tz else f"{entry.at:%Y-%m-%d %H:%M} UTC"
        number = ""
        work_order_id = (entry.details or {}).get("work_order_id")
        if isinstance(work_order_id, int):
            found = self.work_order_numbers([work_order_id])
            number = f" of {found[0]}" if found else ""
        raise ConcurrencyConflict(
            f"the booking{number} was taken off the schedule by {entry.actor} at {when} "
            f"({entry.action}) after you opened it; your change was not saved"
        )

    def find(self, model: type[T], code: str) -> T | None:
        column = getattr(model, _CODE_COLUMN.get(model, "code"))
        return self.session.scalars(select(model).where(column == code)).first()

    def require(self, model: type[T], code: str) -> T:
        obj = self.find(model, code)
        if obj is None:
            raise self.not_found(model, code)
        return obj

    def not_found(self, model: type[Any], code: str) -> NotFound:
        """"No such record", naming the one ``code`` differs from only in case when there is
        one (a number typed as wo-1013): codes are matched exactly."""
        what = _WHAT.get(model, model.__name__)
        column = getattr(model, _CODE_COLUMN.get(model, "code"))
        alike = self.session.scalars(select(column).where(func.upper(column) == code.upper()).limit(2)).all()
        if len(alike) == 1:
            return NotFound(f"no {what} '{code}'; did you mean '{alike[0]}'? Codes and numbers are matched exactly")
        return NotFound(f"no {what} '{code}'")

    def by_codes(self, model: type[T], codes: Iterable[str]) -> dict[str, T]:
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        column_name = _CODE_COLUMN.get(model, "code")
        column = getattr(model, column_name)
        found: dict[str, T] = {}
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            for obj in self.session.scalars(select(model).where(column.in_(chunk))):
                found[getattr(obj, column_name)] = obj
        return found

    def all(self, model: type[T], order_by: Any = None) -> Sequence[T]:
        stmt = select(model)
        if order_by is not None:
            stmt = stmt.order_by(order_by)
        elif hasattr(model, "code"):
            stmt = stmt.order_by(model.code)  # type: ignore[attr-defined]
        return self.session.scalars(stmt).all()

    def count(self, model: type[m.Base]) -> int:
        return int(self.session.scalar(select(func.count()).select_from(model)) or 0)

    def company(self) -> m.Company | None:
        return self.session.get(m.Company, 1)

    def lock_technicians(self, codes: Iterable[str]) -> None:
        """Make this PC the only one booking these technicians until it commits.

        The overlap check reads other bookings, then writes: two PCs booking one technician at
        once must not both pass it. On PostgreSQL the technicians' rows are locked (in id order,
        so two moves over several technicians never deadlock) and the other PC waits here, then
        sees this one's bookings. ``FOR NO KEY UPDATE`` leaves the technician's version alone and
        does not block other writes that only point at it. SQLite needs nothing: a write takes the
        database's one write lock as it begins (``BEGIN IMMEDIATE``).
        """
        wanted = sorted(set(codes))
        if not wanted or self.session.get_bind().dialect.name != "postgresql":
            return
        self.session.execute(
            select(m.Technician.id)
            .where(m.Technician.code.in_(wanted))
            .order_by(m.Technician.id)
            .with_for_update(key_share=True)
        ).all()

    def lock_every_technician(self) -> None:
        """``lock_technicians`` for the whole roster: a bulk write of bookings (an import) that
        runs no overlap check must not slip between another PC's check and its save."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        self.session.execute(
            select(m.Technician.id).order_by(m.Technician.id).with_for_update(key_share=True)
        ).all()

    # -- numbering ------------------------------------------------------------------------------
    def next_number(
        self,
        series: str,
        prefix: str,
        model: type[m.WorkRequest] | type[m.WorkOrder] | type[m.Invoice],
        start: int = 1001,
    ) -> str:
        """The next free number of a series, safe when several PCs allocate at once.

        The series' row is locked until commit, so a second PC waits here and then gets the next
        number. The first number of a series has no row yet: it is inserted unless another PC
        just did (``ON CONFLICT DO NOTHING`` waits for that PC's commit), then locked.
        """
        counter = self._counter(series)
        if counter is None:
            dialect = self.session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            self.session.execute(
                insert(m.Counter).values(name=series, next_value=start).on_conflict_do_nothing()
            )
            counter = self._counter(series)
            assert counter is not None
        column = model.number
        value = counter.next_value
        while self.session.scalar(select(column).where(column == f"{prefix}{value}")) is not None:
            value += 1
        counter.next_value = value + 1
        return f"{prefix}{value}"

    def _counter(self, series: str) -> m.Counter | None:
        return self.session.scalars(
            select(m.Counter).where(m.Counter.name == series).with_for_update()
        ).first()

    # -- work orders ----------------------------------------------------------------------------
    def work_order(self, number: str, *, full: bool = False, lock: bool = False) -> m.WorkOrder:
        """The work order ``number``; ``lock``: this PC's alone until it commits (PostgreSQL).

        Actions that read a work order's children, then add one (its signature, the next scope
        change) lock it, so a second PC waits and then sees the first one's rows, as on SQLite.
        ``FOR NO KEY UPDATE`` leaves rows that only point at it free to be written.
        """
        stmt = select(m.WorkOrder).where(m.WorkOrder.number == number)
        if lock:
            # Only the work order's row: the joined asset may be missing (an outer join).
            stmt = stmt.with_for_update(key_share=True, of=m.WorkOrder)
        if full:
            stmt = stmt.options(
                selectinload(m.WorkOrder.checklist),
                selectinload(m.WorkOrder.planned_parts),
                selectinload(m.WorkOrder.bookings),
                selectinload(m.WorkOrder.labor),
                selectinload(m.WorkOrder.parts_used),
                selectinload(m.WorkOrder.notes),
                selectinload(m.WorkOrder.attachments),
                selectinload(m.WorkOrder.signature),
                selectinload(m.WorkOrder.scope_changes),
                selectinload(m.WorkOrder.request),
                selectinload(m.WorkOrder.pm_plan),
            )
        obj = self.session.scalars(stmt).first()
        if obj is None:
            raise self.not_found(m.WorkOrder, number)
        return obj

    def facts(self, wo: m.WorkOrder) -> WorkOrderFacts:
        """The lifecycle's view of a work order, from counts the database does."""
        sess = self.session

        def count(model: Any, *where: Any) -> int:
            stmt = select(func.count()).select_from(model).where(model.work_order_id == wo.id, *where)
            return int(sess.scalar(stmt) or 0)

        checklist_total = count(m.ChecklistItem)
        checklist_done = count(m.ChecklistItem, m.ChecklistItem.done.is_(True))
        kinds = sess.scalars(
            select(m.Attachment.kind).where(m.Attachment.work_order_id == wo.id).distinct()
        ).all()
        pending = sess.scalars(
            select(m.ScopeChange.seq)
            .where(
                m.ScopeChange.work_order_id == wo.id,
                m.ScopeChange.status == ScopeChangeStatus.PENDING,
            )
            .order_by(m.ScopeChange.seq)
        ).all()
        photo_kinds = frozenset(PhotoKind(k) for k in kinds if k in PhotoKind._value2member_map_)
        return WorkOrderFacts(
            number=wo.number,
            type=wo.type,
            status=Status(wo.status),
            booking_count=count(m.Booking),
            labor_count=count(m.LaborEntry),
            checklist_total=checklist_total,
            checklist_done=checklist_done,
            note_count=count(m.Note),
            has_signature=count(m.Signature) > 0,
            photo_kinds=photo_kinds,
            pending_scope_changes=tuple(pending),
            extra_needs=frozenset(
                CloseoutNeed(n) for n in wo.closeout_needs or () if n in CloseoutNeed._value2member_map_
            ),
        )

    def schedule_facts(self, wo: m.WorkOrder) -> WorkOrderFacts:
        """Just what booking rules need (status, number of bookings): one query, for fast drops."""
        count = self.session.scalar(
            select(func.count()).select_from(m.Booking).where(m.Booking.work_order_id == wo.id)
        )
        return WorkOrderFacts(number=wo.number, type=wo.type, status=Status(wo.status), booking_count=int(count or 0))

    def work_orders_by_numbers(self, numbers: Iterable[str]) -> dict[str, m.WorkOrder]:
        return self.by_codes(m.WorkOrder, numbers)

    def work_order_list(self) -> Sequence[Any]:
        """Every work order as a flat row for the list screen, in one query."""
        first_booking = (
            select(
                m.Booking.work_order_id.label("wo_id"),
                func.min(m.Booking.start).label("first_start"),
                func.count(m.Booking.id).label("booking_count"),
            )
            .group_by(m.Booking.work_order_id)
            .subquery()
        )
        techs = (
            select(m.Booking.work_order_id.label("wo_id"), m.Technician.name.label("tech_name"))
            .join(m.Technician, m.Technician.id == m.Booking.technician_id)
            .subquery()
        )
        stmt = (
            select(
                m.WorkOrder.id,
                m.WorkOrder.number,
                m.WorkOrder.type,
                m.WorkOrder.priority,
                m.WorkOrder.status,
                m.WorkOrder.summary,
                m.WorkOrder.due_by,
                m.WorkOrder.created_at,
                m.WorkOrder.estimated_hours,
                m.WorkOrder.version,
                m.Site.code.label("site_code"),
                m.Site.name.label("site_name"),
                m.Customer.name.label("customer_name"),
                first_booking.c.first_start,
                first_booking.c.booking_count,
            )
            .join(m.Site, m.Site.id == m.WorkOrder.site_id)
            .join(m.Customer, m.Customer.id == m.Site.customer_id)
            .outerjoin(first_booking, first_booking.c.wo_id == m.WorkOrder.id)
            .order_by(m.WorkOrder.id)
        )
        rows = self.session.execute(stmt).all()
        names: dict[int, list[str]] = {}
        for wo_id, tech_name in self.session.execute(select(techs.c.wo_id, techs.c.tech_name)):
            bucket = names.setdefault(wo_id, [])
            if tech_name not in bucket:
                bucket.append(tech_name)
        return [(row, names.get(row.id, [])) for row in rows]

    def unscheduled_queue(self, limit: int | None = None) -> Sequence[m.WorkOrder]:
        """Open work orders without a booking, most urgent first, then by due-by (none last)."""
        stmt = (
            select(m.WorkOrder)
            .where(m.WorkOrder.status == Status.OPEN)
            .order_by(
                m.WorkOrder.priority_rank,
                m.WorkOrder.due_by.is_(None),
                m.WorkOrder.due_by,
                m.WorkOrder.number,
            )
        )
        if limit:
            stmt = stmt.limit(limit)
        return self.session.scalars(stmt).all()

    def queue_rows(self, number: str | None = None) -> Sequence[Any]:
        """Open work orders as flat rows, most urgent first, then by due-by (none last)."""
        stmt = (
            select(
                m.WorkOrder.id,
                m.WorkOrder.number,
                m.WorkOrder.version,
                m.WorkOrder.type,
                m.WorkOrder.priority,
                m.WorkOrder.summary,
                m.WorkOrder.estimated_hours,
                m.WorkOrder.due_by,
                m.Site.name.label("site_name"),
                m.Site.lat,
                m.Site.lon,
                m.Customer.name.label("customer_name"),
            )
            .join(m.Site, m.Site.id == m.WorkOrder.site_id)
            .join(m.Customer, m.Customer.id == m.Site.customer_id)
            .where(m.WorkOrder.status == Status.OPEN)
            .order_by(
                m.WorkOrder.priority_rank,
                m.WorkOrder.due_by.is_(None),
                m.WorkOrder.due_by,
                m.WorkOrder.number,
            )
        )
        if number is not None:
            stmt = stmt.where(m.WorkOrder.number == number)
        return self.session.execute(stmt).all()

    def bookings_in_window(
        self, technician_ids: Iterable[int] | None, start: datetime, end: datetime
    ) -> Sequence[Any]:
        """Bookings overlapping [start, end) with what the board draws, in one indexed query."""
        stmt = (
            self._booking_rows()
            .where(*booked_over(start, end))
            .order_by(m.Booking.technician_id, m.Booking.start)
        )
        if technician_ids is not None:
            stmt = stmt.where(m.Booking.technician_id.in_(list(technician_ids)))
        return self.session.execute(stmt).all()

    def _booking_rows(self) -> Any:
        return (
            select(
                m.Booking.id,
                m.Booking.work_order_id,
                m.Booking.technician_id,
                m.Booking.start,
                m.Booking.end,
                m.Booking.version,
                m.Booking.confirmed_conflicts,
                m.WorkOrder.number,
                m.WorkOrder.type,
                m.WorkOrder.priority,
                m.WorkOrder.status,
                m.WorkOrder.summary,
                m.WorkOrder.due_by,
                m.Site.name.label("site_name"),
                m.Site.lat,
                m.Site.lon,
                m.Customer.name.label("customer_name"),
            )
            .join(m.WorkOrder, m.WorkOrder.id == m.Booking.work_order_id)
            .join(m.Site, m.Site.id == m.WorkOrder.site_id)
            .join(m.Customer, m.Customer.id == m.Site.customer_id)
        )

    def bookings_by_ids(self, ids: Iterable[int]) -> Sequence[Any]:
        wanted = list(ids)
        if not wanted:
            return []
        return self.session.execute(self._booking_rows().where(m.Booking.id.in_(wanted))).all()

    def booking_ids_of_work_orders(self, numbers: Iterable[str]) -> list[int]:
        wanted = list(numbers)
        if not wanted:
            return []
        return list(
            self.session.scalars(
                select(m.Booking.id)
                .join(m.WorkOrder, m.WorkOrder.id == m.Booking.work_order_id)
                .where(m.WorkOrder.number.in_(wanted))
            ).all()
        )

    def _skills_where(self, condition: Any) -> dict[int, tuple[str, ...]]:
        rows = self.session.execute(
            select(m.work_order_skill.c.work_order_id, m.Skill.code)
            .join(m.Skill, m.Skill.id == m.work_order_skill.c.skill_id)
            .where(condition)
            .order_by(m.Skill.code)
        ).all()
        return _group(rows)

    def required_skills_of_work_orders(self, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """Skill codes each work order requires, by work order id."""
        wanted = sorted(set(ids))
        result: dict[int, tuple[str, ...]] = {}
        for first in range(0, len(wanted), 500):
            result.update(self._skills_where(m.work_order_skill.c.work_order_id.in_(wanted[first : first + 500])))
        return result

    def required_skills_of_bookings(self, start: datetime, end: datetime) -> dict[int, tuple[str, ...]]:
        """Skill codes required by the work orders booked in [start, end), by work order id."""
        booked = (
            select(m.Booking.work_order_id)
            .where(*booked_over(start, end))
            .distinct()
            .scalar_subquery()
        )
        return self._skills_where(m.work_order_skill.c.work_order_id.in_(booked))

    def tech_bookings_near(
        self, technician_id: int, start: datetime, end: datetime, exclude_ids: Iterable[int] = ()
    ) -> Sequence[Any]:
        stmt = (
            select(m.Booking.id, m.Booking.start, m.Booking.end, m.WorkOrder.number)
            .join(m.WorkOrder, m.WorkOrder.id == m.Booking.work_order_id)
            .where(
                m.Booking.technician_id == technician_id,
                *booked_over(start, end),
            )
        )
        excluded = list(exclude_ids)
        if excluded:
            stmt = stmt.where(m.Booking.id.not_in(excluded))
        return self.session.execute(stmt).all()

    def time_off_near(self, technician_id: int, start: datetime, end: datetime) -> Sequence[m.TimeOff]:
        return self.session.scalars(
            select(m.TimeOff).where(
                m.TimeOff.technician_id == technician_id,
                m.TimeOff.start < end,
                m.TimeOff.end > start,
            )
        ).all()

    def active_technicians(self) -> Sequence[m.Technician]:
        return self.session.scalars(
            select(m.Technician).where(m.Technician.active.is_(True)).order_by(m.Technician.name)
        ).all()

    def time_off_in_window(self, start: datetime, end: datetime) -> Sequence[m.TimeOff]:
        return self.session.scalars(
            select(m.TimeOff).where(m.TimeOff.start < end, m.TimeOff.end > start).order_by(m.TimeOff.start)
        ).all()

    def last_audit_id(self) -> int:
        return int(self.session.scalar(select(func.max(m.AuditEntry.id))) or 0)

    def audit_since(self, after_id: int, limit: int = 5000) -> Sequence[Any]:
        """What changed after ``after_id``, in the audit log's order, for other PCs to follow."""
        return self.session.execute(
            select(
                m.AuditEntry.id, m.AuditEntry.entity, m.AuditEntry.entity_id, m.AuditEntry.change,
                m.AuditEntry.details, m.AuditEntry.actor, m.AuditEntry.action, m.AuditEntry.origin,
            )
            .where(m.AuditEntry.id > after_id)
            .order_by(m.AuditEntry.id)
            .limit(limit)
        ).all()

    def changes_in(self, audit_rows: Sequence[Any]) -> Changes:
        """The ``Changes`` these audit-log rows describe: the same record a local commit gives."""
        return audit.changes_of(self.session, [dict(row._mapping) for row in audit_rows])

    def work_order_numbers(self, ids: Iterable[int]) -> list[str]:
        wanted = list(ids)
        if not wanted:
            return []
        return list(self.session.scalars(select(m.WorkOrder.number).where(m.WorkOrder.id.in_(wanted))).all())

    def history(self, *, site_id: int | None = None, asset_id: int | None = None) -> Sequence[m.WorkOrder]:
        """Past and present work orders of a site or an asset, newest first."""
        stmt = select(m.WorkOrder)
        if site_id is not None:
            stmt = stmt.where(m.WorkOrder.site_id == site_id)
        if asset_id is not None:
            stmt = stmt.where(m.WorkOrder.asset_id == asset_id)
        stmt = stmt.order_by(
            func.coalesce(m.WorkOrder.completed_at, m.WorkOrder.created_at).desc(), m.WorkOrder.id.desc()
        )
        return self.session.scalars(stmt).all()

    def agreements_of(self, customer_id: int, site_id: int, day: date) -> Sequence[m.ServiceAgreement]:
        """Service agreements in force on ``day`` for the customer (whole customer or this site)."""
        return self.session.scalars(
            select(m.ServiceAgreement)
            .where(
                m.ServiceAgreement.customer_id == customer_id,
                (m.ServiceAgreement.site_id.is_(None)) | (m.ServiceAgreement.site_id == site_id),
                m.ServiceAgreement.starts_on <= day,
                m.ServiceAgreement.ends_on >= day,
            )
            .order_by(m.ServiceAgreement.ends_on)
        ).all()

    def audit_of(self, entity: str, entity_id: int) -> Sequence[m.AuditEntry]:
        return self.session.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.entity == entity, m.AuditEntry.entity_id == entity_id)
            .order_by(m.AuditEntry.id)
        ).all()


def _changed(obj: Any, label: str, tz: Any) -> ConcurrencyConflict:
    """The refusal of a save made on a copy older than ``obj``: who changed it and when."""
    who = obj.updated_by or "another user"
    when = ""
    if obj.updated_at is not None:
        when = f" at {format_wall(obj.updated_at, tz).replace('T', ' ')}" if tz else (
            f" at {obj.updated_at:%Y-%m-%d %H:%M} UTC"
        )
    return ConcurrencyConflict(
        f"{label} was changed by {who}{when} after you opened it; "
        "your change was not saved. Reload it and make your change again."
    )


def _label(obj: Any) -> str:
    """A record as a refusal names it: the number of a work order, as the services do."""
    if isinstance(obj, m.WorkOrder):
        return obj.number
    if isinstance(obj, m.Booking):
        return f"The booking of {obj.work_order.number}"
    if isinstance(obj, m.Company):
        return "The company settings"
    what = _WHAT.get(type(obj), type(obj).__tablename__.replace("_", " "))
    code = getattr(obj, _CODE_COLUMN.get(type(obj), "code"), None)
    return f"The {what} {code}" if code else f"The {what}"


def _group(rows: Iterable[Any]) -> dict[int, tuple[str, ...]]:
    result: dict[int, list[str]] = {}
    for key, code in rows:
        result.setdefault(key, []).append(code)
    return {k: tuple(v) for k, v in result.items()}
