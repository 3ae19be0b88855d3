"""Queries of the CSV bundle import and export: whole tables and their children in a few round trips."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import selectinload

from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

_CHUNK = 500


def max_length(model: type[m.Base], attr: str) -> int | None:
    """How many characters a text column holds (None: unlimited), so a long cell is refused before writing."""
    column_type = model.__table__.c[attr].type
    return column_type.length if isinstance(column_type, String) else None


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    wanted = sorted(set(values))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def technicians_with_children(uow: UnitOfWork, codes: Iterable[str]) -> dict[str, m.Technician]:
    """Technicians by code with skills and time off loaded, for upserting and replacing them."""
    found: dict[str, m.Technician] = {}
    for chunk in _chunks(codes):
        stmt = (
            select(m.Technician)
            .where(m.Technician.code.in_(chunk))
            .options(selectinload(m.Technician.skills), selectinload(m.Technician.time_off))
        )
        for tech in uow.session.scalars(stmt):
            found[tech.code] = tech
    return found


def work_orders_with_children(uow: UnitOfWork, numbers: Iterable[str]) -> dict[str, m.WorkOrder]:
    """Work orders by number with what the bundle carries of them loaded (bookings, labor, parts)."""
    found: dict[str, m.WorkOrder] = {}
    for chunk in _chunks(numbers):
        stmt = (
            select(m.WorkOrder)
            .where(m.WorkOrder.number.in_(chunk))
            .options(
                selectinload(m.WorkOrder.bookings),
                selectinload(m.WorkOrder.labor),
                selectinload(m.WorkOrder.parts_used),
                selectinload(m.WorkOrder.pm_plan),
            )
        )
        for wo in uow.session.scalars(stmt):
            found[wo.number] = wo
    return found


def asset_site_codes(uow: UnitOfWork, asset_codes: Iterable[str]) -> dict[str, str]:
    """The site code of each asset in the database, to check an asset belongs to the site named."""
    found: dict[str, str] = {}
    for chunk in _chunks(asset_codes):
        stmt = (
            select(m.Asset.code, m.Site.code)
            .join(m.Site, m.Site.id == m.Asset.site_id)
            .where(m.Asset.code.in_(chunk))
        )
        for asset_code, site_code in uow.session.execute(stmt):
            found[asset_code] = site_code
    return found


def plan_occurrence_owners(
    uow: UnitOfWork, occurrences: Iterable[tuple[int, datetime]]
) -> dict[tuple[int, datetime], str]:
    """The work order number that already holds each (plan id, occurrence): one per occurrence."""
    wanted = set(occurrences)
    found: dict[tuple[int, datetime], str] = {}
    for chunk in _chunks(plan_id for plan_id, _ in wanted):
        stmt = select(m.WorkOrder.pm_plan_id, m.WorkOrder.pm_occurrence, m.WorkOrder.number).where(
            m.WorkOrder.pm_plan_id.in_(chunk), m.WorkOrder.pm_occurrence.is_not(None)
        )
        for plan_id, occurrence, number in uow.session.execute(stmt):
            if (plan_id, occurrence) in wanted:
                found[(plan_id, occurrence)] = number
    return found


def everything_for_export(uow: UnitOfWork) -> dict[str, Sequence[Any]]:
    """Every table the bundle carries, each row's children loaded up front.

    Unordered: the export sorts in Python, since PostgreSQL's collation would order codes
    differently from SQLite.
    """
    session = uow.session
    return {
        "skills": session.scalars(select(m.Skill)).all(),
        "technicians": session.scalars(
            select(m.Technician).options(
                selectinload(m.Technician.skills), selectinload(m.Technician.time_off)
            )
        ).all(),
        "customers": session.scalars(select(m.Customer)).all(),
        "sites": session.scalars(select(m.Site)).all(),
        "assets": session.scalars(select(m.Asset).options(selectinload(m.Asset.site))).all(),
        "parts": session.scalars(select(m.Part)).all(),
        "work_orders": session.scalars(
            select(m.WorkOrder).options(
                selectinload(m.WorkOrder.bookings),
                selectinload(m.WorkOrder.labor),
                selectinload(m.WorkOrder.parts_used),
                selectinload(m.WorkOrder.pm_plan),
            )
        ).all(),
        "pm_plans": session.scalars(select(m.PmPlan)).all(),
    }
