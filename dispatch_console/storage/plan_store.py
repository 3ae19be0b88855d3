"""The queries and bulk writes of recurring-plan generation.

Generation may create tens of thousands of work orders (a year of 5,000 plans), so it writes
with Core statements in batches instead of one ORM object per row. Exactly-once is the
database's job: the unique key (plan, occurrence) and ``INSERT ... ON CONFLICT DO NOTHING``
make a second PC's insert of the same occurrence a no-op, whatever the timing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from dispatch_console.domain.enums import PlanMode, Status, WorkOrderType
from dispatch_console.storage import audit
from dispatch_console.storage import models as m

_BATCH = 2000


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
    p = m.PmPlan
    stmt = select(
        p.id, p.code, p.site_id, p.asset_id, p.type, p.summary, p.checklist, p.estimated_hours,
        p.rrule, p.start_wall, p.lead_days, p.mode, p.closeout_needs, p.generated_through,
        p.preferred_technician_id,
    ).where(p.active.is_(True)).order_by(p.code)
    if codes is not None:
        stmt = stmt.where(p.code.in_(list(codes)))
    rows = session.execute(stmt).all()
    skills: dict[int, list[int]] = {}
    link = m.pm_plan_skill
    for plan_id, skill_id in session.execute(
        select(link.c.pm_plan_id, link.c.skill_id).order_by(link.c.pm_plan_id, link.c.skill_id)
    ):
        skills.setdefault(plan_id, []).append(skill_id)
    return [
        PlanForGeneration(
            id=r.id, code=r.code, site_id=r.site_id, asset_id=r.asset_id,
            type=WorkOrderType(r.type), summary=r.summary, checklist=tuple(r.checklist or ()),
            estimated_hours=r.estimated_hours, rrule=r.rrule, start_wall=r.start_wall,
            lead_days=r.lead_days, mode=PlanMode(r.mode or PlanMode.FIXED),
            closeout_needs=tuple(r.closeout_needs or ()), generated_through=r.generated_through,
            preferred_technician_id=r.preferred_technician_id,
            skill_ids=tuple(skills.get(r.id, ())),
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
    taken: set[str] = set()
    for i in range(0, len(candidates), _BATCH):
        chunk = candidates[i : i + _BATCH]
        taken.update(session.scalars(select(m.WorkOrder.number).where(m.WorkOrder.number.in_(chunk))))
    return taken


def _remembering(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """A bind processor that converts each distinct value once (generated work orders share
    their creation time, their plan's lists and most occurrence instants)."""
    if process is None:
        return None
    memo: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        key = (list, tuple(value)) if isinstance(value, list) else value
        if isinstance(key, dict):
            return process(value)
        found = memo.get(key, memo)
        if found is memo:
            found = memo[key] = process(value)
        return found

    return run


def _bulk_insert(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], *, skip_conflicts_on: Sequence[str] = ()
) -> None:
    """Insert many rows through the driver's own executemany.

    SQLAlchemy's per-row statement machinery costs more than the insert itself at this size,
    so each column's bind processor (UTC datetimes, exact decimals, JSON) is taken from the
    column type once and applied here; the values end up exactly as an ORM insert stores them.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    names = list(rows[0])
    processors = [_remembering(table.c[name].type._cached_bind_processor(dialect)) for name in names]  # noqa: SLF001
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([marker] * len(names))})"
    )
    if skip_conflicts_on:
        sql += f" ON CONFLICT ({', '.join(skip_conflicts_on)}) DO NOTHING"
    converted = [(i, process) for i, process in enumerate(processors) if process is not None]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        line = list(row.values())
        for i, process in converted:
            line[i] = process(line[i])
        values.append(tuple(line))
    connection = session.connection()
    for i in range(0, len(values), _BATCH * 5):
        connection.exec_driver_sql(sql, values[i : i + _BATCH * 5])


def insert_generated(
    session: Session, rows: Sequence[dict[str, Any]], skills: dict[int, tuple[int, ...]]
) -> list[tuple[int, int, datetime, str]]:
    """Insert the work orders of occurrences, skipping any another PC made first.

    ``rows`` are work_order columns (with ``pm_plan_id``, ``pm_occurrence``, a fresh ``number``
    and a ``checklist`` list of texts, taken out here); ``skills`` are each plan's skill ids.
    Returns (work order id, plan id, occurrence, number) of the rows really inserted: those
    whose fresh number is in the table afterwards.
    """
    wo_table = _table(m.WorkOrder)
    checklists: dict[str, list[str]] = {}
    plain: list[dict[str, Any]] = []
    for row in rows:
        values = dict(row)
        checklists[values["number"]] = values.pop("checklist")
        plain.append(values)
    _bulk_insert(session, wo_table, plain, skip_conflicts_on=("pm_plan_id", "pm_occurrence"))
    wanted = {row["number"]: (row["pm_plan_id"], row["pm_occurrence"]) for row in plain}
    numbers = list(wanted)
    created: list[tuple[int, int, datetime, str]] = []
    w = m.WorkOrder
    for i in range(0, len(numbers), _BATCH):
        chunk = numbers[i : i + _BATCH]
        for wo_id, number in session.execute(select(w.id, w.number).where(w.number.in_(chunk))):
            plan_id, occurrence = wanted[number]
            created.append((wo_id, plan_id, occurrence, number))
    created.sort(key=lambda r: r[0])
    items: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for wo_id, plan_id, _occurrence, number in created:
        items.extend(
            {"work_order_id": wo_id, "position": i, "text": text, "done": False}
            for i, text in enumerate(checklists.get(number, []))
        )
        links.extend({"work_order_id": wo_id, "skill_id": s} for s in skills.get(plan_id, ()))
    _bulk_insert(session, _table(m.ChecklistItem), items)
    _bulk_insert(session, m.work_order_skill, links)
    return created


def record_generated(session: Session, created: Sequence[tuple[int, int, datetime, str]], plan_codes: dict[int, str]) -> None:
    """One audit entry per generated work order, as the session would write for an ORM insert
    (other PCs and this console's views learn of them from the audit log)."""
    now = session.info[audit.CLOCK]()
    rows = [
        {
            "at": now,
            "actor": session.info[audit.ACTOR],
            "origin": session.info.get(audit.ORIGIN, ""),
            "action": session.info.get(audit.ACTION, ""),
            "entity": "work_order",
            "entity_id": wo_id,
            "change": "insert",
            "details": {
                "number": number,
                "pm_plan": plan_codes.get(plan_id),
                "pm_occurrence": occurrence.isoformat(),
                "status": Status.OPEN.value,
            },
        }
        for wo_id, plan_id, occurrence, number in created
    ]
    session.info.setdefault(audit.WRITTEN, []).extend(rows)
    _bulk_insert(session, _table(m.AuditEntry), rows)


def advance_generated_through(session: Session, marks: dict[int, datetime]) -> None:
    """Move each plan's mark forward (never back), without a new version: the plan's fields
    did not change, so a dispatcher editing it on another PC is not made stale."""
    table = _table(m.PmPlan)
    statement = (
        update(table)
        .where(table.c.id == bindparam("plan_id"))
        .where(table.c.generated_through.is_(None) | (table.c.generated_through < bindparam("mark")))
        .values(generated_through=bindparam("mark"))
    )
    params = [{"plan_id": plan_id, "mark": moment} for plan_id, moment in marks.items()]
    if params:
        session.connection().execute(statement, params)


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
