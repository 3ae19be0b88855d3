"""The queries and bulk writes of recurring-plan generation.

Generation may create tens of thousands of work orders (a year of 5,000 plans), so it writes
with Core statements in batches instead of one ORM object per row. Exactly-once is the
database's job: the unique key (plan, occurrence) and ``INSERT ... ON CONFLICT DO NOTHING``
make a second PC's insert of the same occurrence a no-op, whatever the timing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from json.encoder import encode_basestring_ascii
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Table, func, select
from sqlalchemy.orm import Session

from dispatch_console.domain.enums import PlanMode, Status, WorkOrderType
from dispatch_console.domain.sorting import number_key
from dispatch_console.storage import audit, work_order_keys
from dispatch_console.storage import models as m
from dispatch_console.storage.types import UTCDateTime, copy_text


@dataclass(frozen=True)
class PlanForGeneration:
    """A plan as generation needs it: no ORM object behind it."""

    id: int
    code: str
    site_id: int
    asset_id: int | None
    type: WorkOrderType
    summary: str
    checklist: tuple[str, ...]
    estimated_hours: Decimal
    rrule: str
    start_wall: datetime
    lead_days: int
    mode: PlanMode
    closeout_needs: tuple[str, ...]
    generated_through: datetime | None
    preferred_technician_id: int | None
    skill_ids: tuple[int, ...]


@dataclass(frozen=True)
class PlanHistory:
    """How many work orders a plan made, and its latest one."""

    made: int
    last_occurrence: datetime | None
    last_status: Status | None
    last_completed_at: datetime | None


def _table(model: type[m.Base]) -> Table:
    return cast(Table, model.__table__)


def active_plans(session: Session, codes: Sequence[str] | None = None) -> list[PlanForGeneration]:
    """The active plans (all, or those of ``codes``) by code, with their skills: two Core
    queries, no ORM object (a run may read thousands)."""
    p = _table(m.PmPlan)
    stmt = select(
        p.c.id, p.c.code, p.c.site_id, p.c.asset_id, p.c.type, p.c.summary, p.c.checklist,
        p.c.estimated_hours, p.c.rrule, p.c.start_wall, p.c.lead_days, p.c.mode, p.c.closeout_needs,
        p.c.generated_through, p.c.preferred_technician_id,
    ).where(p.c.active.is_(True)).order_by(p.c.code)
    if codes is not None:
        stmt = stmt.where(p.c.code.in_(list(codes)))
    connection = session.connection()
    rows = connection.execute(stmt).all()
    skills: dict[int, list[int]] = {}
    link = m.pm_plan_skill
    for plan_id, skill_id in connection.execute(
        select(link.c.pm_plan_id, link.c.skill_id).order_by(link.c.pm_plan_id, link.c.skill_id)
    ):
        skills.setdefault(plan_id, []).append(skill_id)
    kinds = {t.value: t for t in WorkOrderType}
    modes = {mode.value: mode for mode in PlanMode}
    return [
        PlanForGeneration(
            id=r[0], code=r[1], site_id=r[2], asset_id=r[3], type=kinds.get(r[4]) or WorkOrderType(r[4]), summary=r[5],
            checklist=tuple(r[6] or ()), estimated_hours=r[7], rrule=r[8], start_wall=r[9],
            lead_days=r[10], mode=modes.get(r[11]) or PlanMode(r[11] or PlanMode.FIXED),
            closeout_needs=tuple(r[12] or ()), generated_through=r[13],
            preferred_technician_id=r[14], skill_ids=tuple(skills.get(r[0], ())),
        )
        for r in rows
    ]


def plan_histories(session: Session, plan_ids: Iterable[int] | None = None) -> dict[int, PlanHistory]:
    """Per plan: the number of work orders it made and its latest one (by occurrence)."""
    w = m.WorkOrder
    counted = select(
        w.pm_plan_id, func.count().label("made"), func.max(w.pm_occurrence).label("last")
    ).where(w.pm_plan_id.is_not(None)).group_by(w.pm_plan_id)
    if plan_ids is not None:
        counted = counted.where(w.pm_plan_id.in_(list(plan_ids)))
    sub = counted.subquery()
    rows = session.execute(
        select(sub.c.pm_plan_id, sub.c.made, sub.c.last, w.status, w.completed_at).join(
            w, (w.pm_plan_id == sub.c.pm_plan_id) & (w.pm_occurrence == sub.c.last)
        )
    ).all()
    return {
        r.pm_plan_id: PlanHistory(r.made, r.last, Status(r.status), r.completed_at) for r in rows
    }


def taken_numbers(session: Session, candidates: Sequence[str]) -> set[str]:
    """Which of these work order numbers are in use already (one query, however many)."""
    if not candidates:
        return set()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sql = "SELECT number FROM work_order WHERE number = ANY(%s)"
        found = connection.exec_driver_sql(sql, (list(candidates),))
    else:
        sql = "SELECT number FROM work_order WHERE number IN (SELECT value FROM json_each(?))"
        found = connection.exec_driver_sql(sql, (json.dumps(list(candidates)),))
    return {number for (number,) in found}


@dataclass(frozen=True)
class PlanOrders:
    """What every work order one plan makes in a run shares, given once for all of them.

    ``columns``: work_order columns (all but number, pm_occurrence, due_by and created_at);
    ``checklist``: the texts of its checklist, in order; ``skill_ids``: its required skills.
    """

    columns: dict[str, Any]
    checklist: tuple[str, ...]
    skill_ids: tuple[int, ...]


#: A work order to make: (plan id, occurrence, due by, number).
NewOrder = tuple[int, datetime, datetime | None, str]
#: A work order made: (id, plan id, occurrence, number).
MadeOrder = tuple[int, int, datetime, str]

#: COPY's text format: a backslash, tab, newline or carriage return in a value is escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_NULL = "\\N"


def _copy_text(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


def _same(value: Any) -> Any:
    return value


def _memoized(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` run once per distinct value (a list by its items): generated rows share
    most of their values."""
    memo: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        key = (list, *value) if isinstance(value, list) else value
        found = memo.get(key, memo)
        if found is memo:
            found = memo[key] = convert(value)
        return found

    return run


class _BulkRows:
    """Rows written the cheapest way each database offers, with values stored exactly as an
    ORM insert stores them.

    SQLAlchemy's per-row statement machinery costs more than the insert itself at this size.
    On SQLite each column's own bind processor (UTC datetimes, exact decimals, JSON) converts
    the values and the driver's executemany writes them; on PostgreSQL the rows go through COPY
    in its text format, which the server parses with the same input functions as an INSERT.
    Callers convert each distinct value once (``value``) and build rows of converted values.
    """

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.dialect = self.connection.dialect
        self.copying = self.dialect.name == "postgresql"

    def converter(self, table: Table, name: str) -> Callable[[Any], Any]:
        """How a value of ``table.name`` is written."""
        column_type = table.c[name].type
        if self.copying:
            return _copy_converter(column_type, self.dialect)
        process = column_type._cached_bind_processor(self.dialect)  # noqa: SLF001
        return process if process is not None else _same

    def value(self, table: Table, name: str, value: Any) -> Any:
        return self.converter(table, name)(value)

    def insert(self, table: Table | str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows of converted values; for tables where no row can conflict."""
        if not rows:
            return
        name = table if isinstance(table, str) else table.name
        if self.copying:
            self.copy(name, names, rows)
            return
        sql = f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join(['?'] * len(names))})"
        self.connection.exec_driver_sql(sql, rows)

    def copy(self, table: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        driver = self.connection.connection.driver_connection
        assert driver is not None
        data = "".join(["\t".join(row) + "\n" for row in rows])
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            copy.write(data)


def _copy_converter(column_type: Any, dialect: Any) -> Callable[[Any], str]:
    """A value as COPY's text format spells it (NULL is ``\\N``; stored naive UTC)."""
    if isinstance(column_type, JSON):
        return lambda v: _COPY_NULL if v is None else _copy_text(json.dumps(v))
    if isinstance(column_type, UTCDateTime):
        bind = column_type.process_bind_param
        return lambda v: _COPY_NULL if v is None else copy_text(bind(v, dialect))
    if isinstance(column_type, Boolean):
        return lambda v: _COPY_NULL if v is None else ("t" if v else "f")
    return lambda v: _COPY_NULL if v is None else _copy_text(str(v))


def insert_generated_orders(
    session: Session, plans: Mapping[int, PlanOrders], orders: Sequence[NewOrder], created_at: datetime
) -> list[MadeOrder]:
    """Insert the work orders of occurrences with their checklists and skills, skipping any
    occurrence another PC made first (the unique key (plan, occurrence) decides, in the
    database). Returns the work orders really inserted, in id order (the order given).
    """
    if not orders:
        return []
    rows = _BulkRows(session)
    wo = _table(m.WorkOrder)
    # The list's keys go in with the rows: all but the number's are the plan's for every order.
    keys, searched = _plan_list_keys(session, plans)
    columns = {plan_id: {**p.columns, **keys[plan_id]} for plan_id, p in plans.items()}
    shared = sorted({name for c in columns.values() for name in c})
    names = [*shared, "number", "pm_occurrence", "due_by", "created_at", *_NUMBER_KEYS]
    converters = {name: _memoized(rows.converter(wo, name)) for name in shared}
    constant = {
        plan_id: tuple(converters[name](c.get(name)) for name in shared) for plan_id, c in columns.items()
    }
    instant = _memoized(rows.converter(wo, "pm_occurrence"))
    number = rows.converter(wo, "number")
    number_sort = rows.converter(wo, "number_sort")
    search_text = rows.converter(wo, "search_text")
    made_at = (instant(created_at),)
    values = [
        (
            *constant[plan_id], number(code), instant(occurrence), instant(due), *made_at,
            number_sort(number_key(code)), search_text(code.casefold() + searched[plan_id]),
        )
        for plan_id, occurrence, due, code in orders
    ]
    wanted = {code: (plan_id, occurrence) for plan_id, occurrence, _, code in orders}
    if rows.copying:
        made = _insert_orders_copying(rows, names, values)
    else:
        made = _insert_orders_sqlite(rows, names, values)
    created = sorted((wo_id, *wanted[code], code) for wo_id, code in made if code in wanted)
    _insert_children(rows, plans, created)
    work_order_keys.index_search(session, [wo_id for wo_id, *_rest in created])
    return created


#: The list keys that differ from one work order of a plan to the next.
_NUMBER_KEYS = ("number_sort", "search_text")


def _plan_list_keys(
    session: Session, plans: Mapping[int, PlanOrders]
) -> tuple[dict[int, dict[str, Any]], dict[int, str]]:
    """Each plan's work orders' list keys but the number's (``work_order_keys.list_keys`` of a
    new, unbooked work order), and what their search text holds after the number."""
    site_ids = {p.columns["site_id"] for p in plans.values()}
    places = {
        site_id: (site_name, site_code, customer_name)
        for site_id, site_name, site_code, customer_name in session.execute(
            select(m.Site.id, m.Site.name, m.Site.code, m.Customer.name)
            .join(m.Customer, m.Customer.id == m.Site.customer_id)
            .where(m.Site.id.in_(site_ids))
        )
    }
    keys: dict[int, dict[str, Any]] = {}
    searched: dict[int, str] = {}
    for plan_id, p in plans.items():
        site, site_code, customer = places[p.columns["site_id"]]
        plan_keys = work_order_keys.list_keys(
            number="", status=p.columns["status"], summary=p.columns["summary"], customer=customer,
            site=site, site_code=site_code, hours=p.columns["estimated_hours"],
        )
        # The search text is the number, then the rest: what follows an empty number is the rest.
        searched[plan_id] = plan_keys["search_text"]
        keys[plan_id] = {k: v for k, v in plan_keys.items() if k not in _NUMBER_KEYS}
    return keys, searched


_ORDER_CONFLICT = "ON CONFLICT (pm_plan_id, pm_occurrence) DO NOTHING"
#: PostgreSQL's SQLSTATE for a row refused by a unique key.
_UNIQUE_VIOLATION = "23505"


def _insert_orders_sqlite(rows: _BulkRows, names: list[str], values: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
    # The write lock is this transaction's from its start: the rows above the highest id now
    # are the ones inserted here.
    connection = rows.connection
    before = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM work_order").scalar_one()
    marks = ", ".join(["?"] * len(names))
    connection.exec_driver_sql(
        f"INSERT INTO work_order ({', '.join(names)}) VALUES ({marks}) {_ORDER_CONFLICT}",
        values,
    )
    found = connection.exec_driver_sql("SELECT id, number FROM work_order WHERE id > ?", (before,))
    return [(wo_id, code) for wo_id, code in found]


def _insert_orders_copying(rows: _BulkRows, names: list[str], values: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
    """COPY cannot skip a row that conflicts; it fails whole. So the work orders are copied
    straight into work_order under a savepoint, with ids taken from its sequence first; when
    one of them was made meanwhile (the unique key refuses the COPY), the savepoint is rolled
    back and they go through a temporary table and one INSERT that skips those made."""
    connection = rows.connection
    ids = [
        str(wo_id)
        for (wo_id,) in connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('work_order', 'id')) FROM generate_series(1, %s)",
            (len(values),),
        )
    ]
    connection.exec_driver_sql("SAVEPOINT generated_orders")
    try:
        rows.copy("work_order", ["id", *names], ((wo_id, *row) for wo_id, row in zip(ids, values, strict=True)))
    except Exception as exc:
        if getattr(exc, "sqlstate", None) != _UNIQUE_VIOLATION:
            raise
        connection.exec_driver_sql("ROLLBACK TO SAVEPOINT generated_orders")
    else:
        connection.exec_driver_sql("RELEASE SAVEPOINT generated_orders")
        number = names.index("number")
        return [(int(wo_id), row[number]) for wo_id, row in zip(ids, values, strict=True)]
    columns = ", ".join(names)
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE generated_order ON COMMIT DROP AS "
        f"SELECT 0 AS seq, {columns} FROM work_order WITH NO DATA"
    )
    rows.copy("generated_order", ["seq", *names], ((str(i), *row) for i, row in enumerate(values)))
    found = connection.exec_driver_sql(
        f"INSERT INTO work_order ({columns}) SELECT {columns} FROM generated_order ORDER BY seq "
        f"{_ORDER_CONFLICT} RETURNING id, number"
    )
    made = [(wo_id, code) for wo_id, code in found]
    connection.exec_driver_sql("DROP TABLE generated_order")
    return made


def _insert_children(rows: _BulkRows, plans: Mapping[int, PlanOrders], created: Sequence[MadeOrder]) -> None:
    items_table = _table(m.ChecklistItem)
    text = rows.converter(items_table, "text")
    position = rows.converter(items_table, "position")
    not_done = rows.value(items_table, "done", False)
    checklists = {
        plan_id: [(position(i), text(item), not_done) for i, item in enumerate(p.checklist)]
        for plan_id, p in plans.items()
    }
    skill = rows.converter(m.work_order_skill, "skill_id")
    skills = {plan_id: [skill(s) for s in p.skill_ids] for plan_id, p in plans.items()}
    ident = rows.converter(items_table, "work_order_id")
    items: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    for wo_id, plan_id, _occurrence, _number in created:
        key = ident(wo_id)
        items.extend([(key, *item) for item in checklists[plan_id]])
        links.extend([(key, s) for s in skills[plan_id]])
    rows.insert(items_table, ("work_order_id", "position", "text", "done"), items)
    rows.insert(m.work_order_skill, ("work_order_id", "skill_id"), links)


def insert_generated(
    session: Session, rows: Sequence[dict[str, Any]], skills: dict[int, tuple[int, ...]]
) -> list[MadeOrder]:
    """``insert_generated_orders`` for rows given one by one: work_order columns with
    ``pm_plan_id``, ``pm_occurrence``, a fresh ``number`` and a ``checklist`` list of texts;
    ``skills`` are each plan's skill ids."""
    plans: dict[int, PlanOrders] = {}
    orders: list[NewOrder] = []
    created_at: datetime | None = None
    for row in rows:
        columns = dict(row)
        checklist = tuple(columns.pop("checklist"))
        code, occurrence, due = columns.pop("number"), columns["pm_occurrence"], columns.pop("due_by")
        created_at = columns.pop("created_at")
        del columns["pm_occurrence"]
        plan_id = columns["pm_plan_id"]
        plans[plan_id] = PlanOrders(columns, checklist, tuple(skills.get(plan_id, ())))
        orders.append((plan_id, occurrence, due, code))
    assert created_at is not None or not orders
    return insert_generated_orders(session, plans, orders, created_at)  # type: ignore[arg-type]


def record_generated(session: Session, created: Sequence[MadeOrder], plan_codes: dict[int, str]) -> None:
    """One audit entry per generated work order, as the session writes for an ORM insert: other
    PCs and each work order's history learn of them from the audit log. (What this PC's views
    are told comes from the caller: ``UnitOfWork.also_changed``.)"""
    if not created:
        return
    rows = _BulkRows(session)
    log = _table(m.AuditEntry)
    names = ("at", "actor", "origin", "action", "entity", "entity_id", "change", "details")
    info = session.info
    shared = tuple(
        rows.value(log, name, value)
        for name, value in (
            ("at", info[audit.CLOCK]()),
            ("actor", info[audit.ACTOR]),
            ("origin", info.get(audit.ORIGIN, "")),
            ("action", info.get(audit.ACTION, "")),
            ("entity", "work_order"),
        )
    )
    change = rows.value(log, "change", "insert")
    ident = rows.converter(log, "entity_id")
    # The details as json.dumps writes {"number", "pm_plan", "pm_occurrence", "status"}: the
    # parts shared by a plan's and an occurrence's entries are written once.
    text = _copy_text if rows.copying else _same
    quoted = encode_basestring_ascii  # json.dumps of a text
    plan_part = {
        plan_id: text(f', "pm_plan": {quoted(code)}, "pm_occurrence": ') for plan_id, code in plan_codes.items()
    }
    when = _memoized(lambda moment: text(quoted(moment.isoformat())))
    tail = text(f', "status": {quoted(Status.OPEN.value)}}}')
    head = text('{"number": ')
    values = [
        (*shared, ident(wo_id), change, f"{head}{text(quoted(number))}{plan_part[plan_id]}{when(occurrence)}{tail}")
        for wo_id, plan_id, occurrence, number in created
    ]
    rows.insert(log, names, values)


def advance_generated_through(session: Session, marks: dict[int, datetime]) -> None:
    """Move each plan's mark forward (never back), without a new version: the plan's fields
    did not change, so a dispatcher editing it on another PC is not made stale."""
    if not marks:
        return
    rows = _BulkRows(session)
    mark = rows.converter(_table(m.PmPlan), "generated_through")
    if rows.copying:
        rows.connection.exec_driver_sql(
            "UPDATE pm_plan SET generated_through = v.mark "
            "FROM unnest(%s::integer[], %s::timestamp[]) AS v(id, mark) "
            "WHERE pm_plan.id = v.id AND (pm_plan.generated_through IS NULL OR pm_plan.generated_through < v.mark)",
            ([plan_id for plan_id in marks], [moment.astimezone(UTC).replace(tzinfo=None) for moment in marks.values()]),
        )
        return
    rows.connection.exec_driver_sql(
        "UPDATE pm_plan SET generated_through = ? "
        "WHERE id = ? AND (generated_through IS NULL OR generated_through < ?)",
        [(mark(moment), plan_id, mark(moment)) for plan_id, moment in marks.items()],
    )


def completion_counts(session: Session, tz: Any) -> dict[int, tuple[int, int]]:
    """Per plan: its work orders done, and how many of them on time (by their day)."""
    from dispatch_console.domain.lifecycle import DONE
    from dispatch_console.domain.plan_schedule import completed_on_time

    w = m.WorkOrder
    counts: dict[int, tuple[int, int]] = {}
    for plan_id, occurrence, completed_at in session.execute(
        select(w.pm_plan_id, w.pm_occurrence, w.completed_at).where(
            w.pm_plan_id.is_not(None), w.status.in_([s.value for s in DONE]), w.completed_at.is_not(None)
        )
    ):
        done, on_time = counts.get(plan_id, (0, 0))
        counts[plan_id] = (done + 1, on_time + int(completed_on_time(occurrence, completed_at, tz)))
    return counts


def latest_numbers(session: Session, plan_id: int, limit: int = 3) -> list[str]:
    """The numbers of the plan's newest work orders (to name them in a refusal)."""
    w = m.WorkOrder
    return list(
        session.scalars(select(w.number).where(w.pm_plan_id == plan_id).order_by(w.id.desc()).limit(limit))
    )


def every_plan(session: Session) -> Sequence[m.PmPlan]:
    return session.scalars(select(m.PmPlan).order_by(m.PmPlan.code)).all()


def visits_of(session: Session, plan_id: int) -> list[tuple[str, datetime, Status, datetime | None]]:
    """(number, occurrence, status, completed at) of the plan's work orders, newest first."""
    w = m.WorkOrder
    rows = session.execute(
        select(w.number, w.pm_occurrence, w.status, w.completed_at)
        .where(w.pm_plan_id == plan_id)
        .order_by(w.pm_occurrence.desc())
    ).all()
    return [(r[0], r[1], Status(r[2]), r[3]) for r in rows]


@dataclass(frozen=True)
class PlanLabels:
    """What the forecast names a plan's visits by: its site, asset and required skills."""

    site: str
    asset: str
    skills: tuple[str, ...]


def plan_labels(session: Session, plan_ids: Sequence[int]) -> dict[int, PlanLabels]:
    """Per plan: the site's and asset's names and the codes of its skills (two queries)."""
    if not plan_ids:
        return {}
    p, site, asset = m.PmPlan, m.Site, m.Asset
    rows = session.execute(
        select(p.id, site.name, asset.name)
        .join(site, site.id == p.site_id)
        .outerjoin(asset, asset.id == p.asset_id)
        .where(p.id.in_(list(plan_ids)))
    ).all()
    link = m.pm_plan_skill
    skills: dict[int, list[str]] = {}
    for plan_id, code in session.execute(
        select(link.c.pm_plan_id, m.Skill.code)
        .join(m.Skill, m.Skill.id == link.c.skill_id)
        .where(link.c.pm_plan_id.in_(list(plan_ids)))
        .order_by(link.c.pm_plan_id, m.Skill.code)
    ):
        skills.setdefault(plan_id, []).append(code)
    return {r[0]: PlanLabels(r[1], r[2] or "", tuple(skills.get(r[0], ()))) for r in rows}


def plan_starts(session: Session) -> dict[str, datetime]:
    """Each plan's first occurrence (naive, company wall clock), by code."""
    p = m.PmPlan
    return {code: start for code, start in session.execute(select(p.code, p.start_wall))}


def made_occurrences(session: Session, start: datetime, end: datetime) -> set[tuple[int, datetime]]:
    """(plan id, occurrence) of every work order plans made for occurrences in [start, end)."""
    w = m.WorkOrder
    rows = session.execute(
        select(w.pm_plan_id, w.pm_occurrence).where(
            w.pm_plan_id.is_not(None), w.pm_occurrence >= start, w.pm_occurrence < end
        )
    ).all()
    return {(r[0], r[1]) for r in rows}
