"""What a day's crew sheets show, read in a few bulk queries as plain data.

A technician's day is every booking that overlaps the company's calendar day (a job that runs
past midnight is on both days' sheets); a cancelled work order is on no sheet. His pick list
sums the parts planned for the distinct work orders he has that day, by SKU; a job shared with
another technician has its parts on each crew member's list (the sheet names who else is on it,
so they agree who brings them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.timekeeping import company_zone, day_bounds
from dispatch_console.loading import collection_paused
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import crew_sheet_queries as q


@dataclass(frozen=True)
class ChecklistLine:
    text: str
    done: bool


@dataclass(frozen=True)
class PartLine:
    """A part to bring: one job's planned quantity, or the day's sum for the pick list."""

    sku: str
    description: str
    unit: str
    quantity: Decimal
    work_orders: tuple[str, ...] = ()  # the jobs it is for (pick list)


@dataclass(frozen=True)
class CrewJob:
    """One visit of the day: when, where, what, and what to bring (instants in UTC)."""

    number: str
    type: str
    priority: str
    status: str
    start: datetime
    end: datetime
    summary: str
    description: str | None
    estimated_hours: Decimal
    customer: str
    customer_code: str
    customer_phone: str | None
    site: str
    site_code: str
    site_address: str
    contact_name: str | None
    contact_phone: str | None
    access_notes: str | None
    asset: str | None  # "RTU 1 (A1) · Carrier 48TC · s/n 123", or None
    checklist: tuple[ChecklistLine, ...]
    parts: tuple[PartLine, ...]
    crew_mates: tuple[str, ...]  # the other technicians booked on it that day


@dataclass(frozen=True)
class TechnicianDay:
    code: str
    name: str
    phone: str | None
    jobs: tuple[CrewJob, ...]  # in time order
    pick_list: tuple[PartLine, ...]  # by SKU


@dataclass(frozen=True)
class CrewDay:
    company: str
    company_phone: str | None
    timezone: str
    day: date
    printed_at: datetime  # the context's clock, UTC
    technicians: tuple[TechnicianDay, ...]  # only those with jobs, by name


def _wanted_codes(tech_codes: Sequence[str] | None) -> list[str] | None:
    """The codes asked for, once each, in order; None (everyone) when none is named."""
    codes = list(dict.fromkeys(code.strip() for code in tech_codes or () if code.strip()))
    return codes or None


def crew_day(ctx: ServiceContext, day: date, tech_codes: Sequence[str] | None = None) -> CrewDay:
    """The crew sheets' data for ``day`` (the company's calendar day), of every technician with
    work that day or of the technicians ``tech_codes`` names (none named: everyone); ``NotFound``
    names every unknown code. A named technician without work that day is left out."""
    codes = _wanted_codes(tech_codes)
    with collection_paused():
        with ctx.read() as uow:
            company = q.company_heading(uow)
            tz = company_zone(company)
            start, end = day_bounds(day, tz)
            ids: list[int] | None = None
            if codes is not None:
                found = {row.code: row.id for row in q.technicians_by_code(uow, codes)}
                unknown = [code for code in codes if code not in found]
                if unknown:
                    raise NotFound("no technician " + ", ".join(f"'{code}'" for code in unknown))
                ids = [found[code] for code in codes]
            bookings = q.day_bookings(uow, start, end, ids)
            checklists = q.day_checklists(uow, start, end, ids)
            parts = q.day_planned_parts(uow, start, end, ids)
            head = (company.name if company else "", company.phone if company else None, tz.key)
        return _assemble(head, day, ctx.now(), bookings, checklists, parts, ids)


def _assemble(
    head: tuple[str, str | None, str],
    day: date,
    printed_at: datetime,
    bookings: Sequence[Any],
    checklists: Sequence[Any],
    parts: Sequence[Any],
    ids: list[int] | None,
) -> CrewDay:
    lists: dict[int, list[ChecklistLine]] = {}
    for row in checklists:
        lists.setdefault(row.work_order_id, []).append(ChecklistLine(row.text, bool(row.done)))
    planned: dict[int, list[PartLine]] = {}
    for row in parts:
        planned.setdefault(row.work_order_id, []).append(
            PartLine(row.sku, row.description, row.unit, row.quantity)
        )
    crews: dict[int, dict[int, str]] = {}
    for row in bookings:
        crews.setdefault(row.work_order_id, {})[row.technician_id] = row.technician_name
    wanted = set(ids) if ids is not None else None
    by_tech: dict[int, tuple[Any, list[CrewJob]]] = {}
    for row in bookings:
        if wanted is not None and row.technician_id not in wanted:
            continue  # a crew mate's booking, read to name him
        mates = tuple(sorted(name for tid, name in crews[row.work_order_id].items() if tid != row.technician_id))
        job = _job(row, tuple(lists.get(row.work_order_id, ())), tuple(planned.get(row.work_order_id, ())), mates)
        by_tech.setdefault(row.technician_id, (row, []))[1].append(job)
    technicians = [
        TechnicianDay(
            code=first.technician_code,
            name=first.technician_name,
            phone=first.technician_phone,
            jobs=tuple(sorted(jobs, key=lambda j: (j.start, j.end, j.number))),
            pick_list=pick_list(jobs),
        )
        for first, jobs in by_tech.values()
    ]
    technicians.sort(key=lambda t: (t.name.casefold(), t.code))
    name, phone, timezone = head
    return CrewDay(name, phone, timezone, day, printed_at, tuple(technicians))


def _asset(row: Any) -> str | None:
    if row.asset_code is None:
        return None
    parts = [f"{row.asset_name} ({row.asset_code})"]
    make_model = " ".join(p for p in (row.asset_make, row.asset_model) if p)
    if make_model:
        parts.append(make_model)
    if row.asset_serial:
        parts.append(f"s/n\u00a0{row.asset_serial}")  # a no-break space: never "s/n" alone at a line's end
    return " · ".join(parts)


def _job(row: Any, checklist: tuple[ChecklistLine, ...], parts: tuple[PartLine, ...], mates: tuple[str, ...]) -> CrewJob:
    return CrewJob(
        number=row.number,
        type=str(row.type),
        priority=str(row.priority),
        status=str(row.status),
        start=row.start,
        end=row.end,
        summary=row.summary,
        description=row.description,
        estimated_hours=row.estimated_hours,
        customer=row.customer_name,
        customer_code=row.customer_code,
        customer_phone=row.customer_phone,
        site=row.site_name,
        site_code=row.site_code,
        site_address=row.site_address,
        # The site's standing contact; the caller's when the site names none.
        contact_name=row.contact_name or row.caller_name,
        contact_phone=row.contact_phone or row.caller_phone,
        access_notes=row.access_notes,
        asset=_asset(row),
        checklist=checklist,
        parts=parts,
        crew_mates=mates,
    )


def pick_list(jobs: Sequence[CrewJob]) -> tuple[PartLine, ...]:
    """The parts planned for these jobs summed by SKU (a work order visited twice counts once),
    each with the jobs it is for; by SKU."""
    total: dict[str, PartLine] = {}
    seen: set[str] = set()
    for job in jobs:
        if job.number in seen:
            continue
        seen.add(job.number)
        for part in job.parts:
            had = total.get(part.sku)
            if had is None:
                total[part.sku] = PartLine(part.sku, part.description, part.unit, part.quantity, (job.number,))
            else:
                numbers = had.work_orders if job.number in had.work_orders else (*had.work_orders, job.number)
                total[part.sku] = PartLine(had.sku, had.description, had.unit, had.quantity + part.quantity, numbers)
    return tuple(total[sku] for sku in sorted(total))
