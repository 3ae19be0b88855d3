"""What the schedule board shows, loaded in a few queries as plain data; and its suggestions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dispatch_console.domain.booking_length import booking_length
from dispatch_console.domain.conflicts import Conflict, Interval, TechCalendar, booking_conflicts
from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.queue_order import queue_key
from dispatch_console.domain.suggestions import Candidate, Job, Ranking, rank
from dispatch_console.domain.timekeeping import company_zone
from dispatch_console.domain.workdays import parse_workdays
from dispatch_console.services.context import ServiceContext


@dataclass(frozen=True)
class TechRow:
    id: int
    code: str
    name: str
    skills: dict[str, date | None]
    shift_start: time
    shift_end: time
    workdays: frozenset[str]
    home: tuple[float, float] | None


class BookingBlock(NamedTuple):
    """One booking as the board draws it (a tuple: ten thousand are built on every load)."""

    id: int
    version: int
    technician_id: int
    start: datetime
    end: datetime
    work_order_id: int
    number: str
    type: WorkOrderType
    priority: Priority
    status: Status
    summary: str
    customer: str
    site: str
    lat: float | None
    lon: float | None
    due_by: datetime | None
    confirmed_conflicts: str | None
    required_skills: tuple[str, ...] = ()

    @property
    def late(self) -> bool:
        return self.due_by is not None and self.end > self.due_by

    @property
    def label(self) -> str:
        """How a suggestion names this booking as the previous stop."""
        return f"{self.number} at {self.site}"


@dataclass(frozen=True)
class TimeOffBlock:
    technician_id: int
    start: datetime
    end: datetime
    reason: str


@dataclass(frozen=True)
class QueueItem:
    """An open work order waiting for a booking."""

    id: int
    number: str
    version: int
    type: WorkOrderType
    priority: Priority
    summary: str
    customer: str
    site: str
    required_skills: tuple[str, ...]
    estimated_hours: Decimal
    due_by: datetime | None
    lat: float | None
    lon: float | None
    search_text: str = field(repr=False, default="")


@dataclass(frozen=True)
class BoardData:
    zone: ZoneInfo
    start: datetime
    end: datetime
    technicians: tuple[TechRow, ...]
    bookings: tuple[BookingBlock, ...]
    time_off: tuple[TimeOffBlock, ...]
    travel_speed_kmh: Decimal

    def bookings_by_tech(self) -> dict[int, list[BookingBlock]]:
        by_tech: dict[int, list[BookingBlock]] = defaultdict(list)
        for b in self.bookings:
            by_tech[b.technician_id].append(b)
        return by_tech


_TYPES = {t.value: t for t in WorkOrderType}
_PRIORITIES = {p.value: p for p in Priority}
_STATUSES = {s.value: s for s in Status}


def _block(row, skills: dict[int, tuple[str, ...]]) -> BookingBlock:  # type: ignore[no-untyped-def]
    # Positional unpacking: the columns of UnitOfWork._booking_rows, in order (fast for 10,000).
    (ident, wo_id, tech_id, start, end, version, confirmed, number, type_, priority, status,
     summary, due_by, site, lat, lon, customer) = row
    return BookingBlock(
        ident, version, tech_id, start, end, wo_id, number, _TYPES[type_], _PRIORITIES[priority],
        _STATUSES[status], summary, customer, site, lat, lon, due_by, confirmed, skills.get(wo_id, ()),
    )


def _zone_and_speed(uow) -> tuple[ZoneInfo, Decimal]:  # type: ignore[no-untyped-def]
    company = uow.company()
    if company is None:
        return company_zone(None), Decimal("40")
    return company_zone(company), company.travel_speed_kmh


def load_board(ctx: ServiceContext, start: datetime, end: datetime) -> BoardData:
    """Active technicians, their bookings and time off in [start, end)."""
    with ctx.read() as uow:
        tz, speed = _zone_and_speed(uow)
        techs = tuple(
            TechRow(
                id=t.id,
                code=t.code,
                name=t.name,
                skills={s.skill.code: s.certified_until for s in t.skills},
                shift_start=t.shift_start,
                shift_end=t.shift_end,
                workdays=parse_workdays(t.workdays),
                home=(t.home_lat, t.home_lon) if t.home_lat is not None and t.home_lon is not None else None,
            )
            for t in uow.active_technicians()
        )
        skills = uow.required_skills_of_bookings(start, end)
        bookings = tuple(_block(r, skills) for r in uow.bookings_in_window(None, start, end))
        time_off = tuple(
            TimeOffBlock(o.technician_id, o.start, o.end, o.reason or "")
            for o in uow.time_off_in_window(start, end)
        )
    return BoardData(tz, start, end, techs, bookings, time_off, speed)


def _queue_item(row, skills: dict[int, tuple[str, ...]]) -> QueueItem:  # type: ignore[no-untyped-def]
    codes = skills.get(row.id, ())
    return QueueItem(
        id=row.id,
        number=row.number,
        version=row.version,
        type=_TYPES[row.type],
        priority=_PRIORITIES[row.priority],
        summary=row.summary,
        customer=row.customer_name,
        site=row.site_name,
        required_skills=codes,
        estimated_hours=row.estimated_hours,
        due_by=row.due_by,
        lat=row.lat,
        lon=row.lon,
        search_text=" ".join([row.number, row.summary, row.customer_name, row.site_name, *codes]).casefold(),
    )


def load_queue(ctx: ServiceContext) -> list[QueueItem]:
    """The unscheduled queue in the order of ``queue_key`` (the query orders it the same way)."""
    with ctx.read() as uow:
        rows = uow.queue_rows()
        skills = uow.required_skills_of_work_orders([r.id for r in rows])
        return sorted((_queue_item(r, skills) for r in rows), key=queue_key)


def queue_item(ctx: ServiceContext, number: str) -> QueueItem | None:
    """One work order as the queue shows it, or None when it is not waiting for a booking."""
    with ctx.read() as uow:
        rows = uow.queue_rows(number=number)
        skills = uow.required_skills_of_work_orders([r.id for r in rows])
        return _queue_item(rows[0], skills) if rows else None


def booking_blocks(ctx: ServiceContext, booking_ids: list[int]) -> list[BookingBlock]:
    """Fresh copies of a few bookings, to patch the board after a change (no full reload)."""
    with ctx.read() as uow:
        rows = uow.bookings_by_ids(booking_ids)
        skills = uow.required_skills_of_work_orders({r.work_order_id for r in rows})
        return [_block(r, skills) for r in rows]


def bookings_of_work_orders(ctx: ServiceContext, numbers: list[str]) -> list[BookingBlock]:
    with ctx.read() as uow:
        ids = uow.booking_ids_of_work_orders(numbers)
    return booking_blocks(ctx, ids)


def conflicts_on_board(
    data: BoardData,
    row: TechRow,
    start: datetime,
    end: datetime,
    required_skills: tuple[str, ...],
    due_by: datetime | None,
    exclude: set[int] = frozenset(),  # type: ignore[assignment]
    by_tech: dict[int, list[BookingBlock]] | None = None,
) -> list[Conflict]:
    """The conflicts a drop would make, from loaded data: fast enough for every mouse move."""
    bookings = (by_tech or {}).get(row.id) if by_tech is not None else None
    if bookings is None:
        bookings = [b for b in data.bookings if b.technician_id == row.id]
    cal = TechCalendar(
        name=row.name,
        shift_start=row.shift_start,
        shift_end=row.shift_end,
        workdays=row.workdays,
        skills=row.skills,
        time_off=tuple(Interval(o.start, o.end, o.reason) for o in data.time_off if o.technician_id == row.id),
        bookings=tuple(
            Interval(b.start, b.end, b.number)
            for b in bookings
            if b.id not in exclude and b.start < end + timedelta(days=1) and b.end > start - timedelta(days=1)
        ),
    )
    return booking_conflicts(cal, start, end, data.zone, required_skills, due_by)


@dataclass(frozen=True)
class JobFacts:
    number: str
    required_skills: tuple[str, ...]
    estimated_hours: Decimal
    due_by: datetime | None
    lat: float | None
    lon: float | None


def job_facts(ctx: ServiceContext, number: str) -> JobFacts:
    with ctx.read() as uow:
        wo = uow.work_order(number)
        return JobFacts(
            wo.number,
            tuple(s.code for s in wo.required_skills),
            wo.estimated_hours,
            wo.due_by,
            wo.site.lat,
            wo.site.lon,
        )


def suggest(
    data: BoardData,
    job: JobFacts,
    search_from: datetime,
    *,
    limit: int = 5,
    horizon_days: int = 14,
    by_tech: Mapping[int, Sequence[BookingBlock]] | None = None,
    exclude: frozenset[int] | set[int] = frozenset(),
) -> Ranking:
    """Rank the board's technicians for a work order from loaded data (no queries).

    ``by_tech`` (the board's bookings per technician, sorted by start) saves regrouping ten
    thousand bookings on every change of selection; ``exclude`` leaves out the booking being
    re-planned.
    """
    if by_tech is None:
        by_tech = data.bookings_by_tech()
    off_by_tech: dict[int, list[Interval]] = defaultdict(list)
    for o in data.time_off:
        off_by_tech[o.technician_id].append(Interval(o.start, o.end, o.reason))
    candidates = []
    for row in data.technicians:
        cal = TechCalendar(
            name=row.name,
            shift_start=row.shift_start,
            shift_end=row.shift_end,
            workdays=row.workdays,
            skills=row.skills,
            time_off=tuple(off_by_tech.get(row.id, ())),
        )
        stops = by_tech.get(row.id, ())
        if exclude:
            stops = [b for b in stops if b.id not in exclude]
        candidates.append(Candidate(row.code, cal, row.home, tuple(stops)))  # type: ignore[arg-type]
    duration = booking_length(job.estimated_hours)
    return rank(
        Job(job.number, job.required_skills, duration, job.due_by, job.lat, job.lon),
        candidates,
        search_from,
        data.zone,
        data.travel_speed_kmh,
        horizon_days=horizon_days,
        limit=limit,
    )


