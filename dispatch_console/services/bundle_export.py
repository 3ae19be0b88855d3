"""Export of the database as a CSV bundle (spec/import-format.md) that imports back to the same data.

Files are UTF-8 without a byte-order mark, LF line ends, the spec's columns in the spec's order,
rows sorted by code; a file is written only when its table has rows. Date-times are company wall
clock, with the offset only in the repeated hour of a daylight-saving fall-back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dispatch_console.domain.csv_values import (
    format_bool,
    format_decimal,
    format_degrees,
    format_instant,
    format_money,
    format_wall_clock,
    join_list,
)
from dispatch_console.domain.timekeeping import local_zone_name, zone
from dispatch_console.services.bundle_import import BUNDLE_FILES, first_booking
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import bundle_store
from dispatch_console.storage import models as m

Row = dict[str, str]


def _text(value: str | None) -> str:
    return value or ""


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)


def _degrees(value: float | None) -> str:
    return "" if value is None else format_degrees(value)


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _code(obj: Any, attr: str = "code") -> str:
    return "" if obj is None else str(getattr(obj, attr))


class _Rows:
    """The rows of every file, in company wall clock."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def instant(self, value: datetime | None) -> str:
        return "" if value is None else format_instant(value, self.tz)

    def company(self, c: m.Company) -> Row:
        return {
            "name": c.name,
            "address": _text(c.address),
            "phone": _text(c.phone),
            "email": _text(c.email),
            "timezone": c.timezone,
            "currency": c.currency,
            "tax_rate": _decimal(c.tax_rate),
            "payment_terms_days": str(c.payment_terms_days),
        }

    def skill(self, s: m.Skill) -> Row:
        return {"code": s.code, "name": s.name}

    def technician(self, t: m.Technician) -> Row:
        return {
            "code": t.code,
            "name": t.name,
            "phone": _text(t.phone),
            "email": _text(t.email),
            "skills": join_list(sorted(held.skill.code for held in t.skills)),
            "hourly_rate": _money(t.hourly_rate),
            "home_lat": _degrees(t.home_lat),
            "home_lon": _degrees(t.home_lon),
            "shift_start": _clock(t.shift_start),
            "shift_end": _clock(t.shift_end),
            "workdays": t.workdays,
            "active": format_bool(t.active),
        }

    def time_off(self, t: m.TimeOff) -> Row:
        return {
            "tech_code": t.technician.code,
            "start": self.instant(t.start),
            "end": self.instant(t.end),
            "reason": _text(t.reason),
        }

    def customer(self, c: m.Customer) -> Row:
        return {
            "code": c.code,
            "name": c.name,
            "billing_address": _text(c.billing_address),
            "phone": _text(c.phone),
            "email": _text(c.email),
            "tax_rate": _decimal(c.tax_rate),
        }

    def site(self, s: m.Site) -> Row:
        return {
            "code": s.code,
            "customer_code": s.customer.code,
            "name": s.name,
            "address": s.address,
            "lat": _degrees(s.lat),
            "lon": _degrees(s.lon),
            "contact_name": _text(s.contact_name),
            "contact_phone": _text(s.contact_phone),
            "access_notes": _text(s.access_notes),
        }

    def asset(self, a: m.Asset) -> Row:
        return {
            "code": a.code,
            "site_code": a.site.code,
            "name": a.name,
            "category": _text(a.category),
            "make": _text(a.make),
            "model": _text(a.model),
            "serial": _text(a.serial),
            "installed_on": a.installed_on.isoformat() if a.installed_on else "",
            "warranty_until": a.warranty_until.isoformat() if a.warranty_until else "",
        }

    def part(self, p: m.Part) -> Row:
        return {
            "sku": p.sku,
            "description": p.description,
            "unit_price": _money(p.unit_price),
            "unit": p.unit,
        }

    def work_order(self, w: m.WorkOrder) -> Row:
        booking = first_booking(w.bookings)
        return {
            "number": w.number,
            "type": str(w.type),
            "priority": str(w.priority),
            "status": str(w.status),
            "site_code": w.site.code,
            "asset_code": _code(w.asset),
            "summary": w.summary,
            "description": _text(w.description),
            "required_skills": join_list(sorted(s.code for s in w.required_skills)),
            "estimated_hours": _decimal(w.estimated_hours),
            "due_by": self.instant(w.due_by),
            "created_at": self.instant(w.created_at),
            "tech_code": _code(booking.technician) if booking else "",
            "scheduled_start": self.instant(booking.start) if booking else "",
            "scheduled_end": self.instant(booking.end) if booking else "",
            "pm_plan_code": _code(w.pm_plan),
        }

    def labor(self, number: str, e: m.LaborEntry) -> Row:
        return {
            "work_order_number": number,
            "tech_code": e.technician.code,
            "start": self.instant(e.start),
            "end": self.instant(e.end),
            "billable": format_bool(e.billable),
            "note": _text(e.note),
        }

    def part_used(self, number: str, p: m.PartUsed) -> Row:
        return {
            "work_order_number": number,
            "sku": p.part.sku,
            "quantity": _decimal(p.quantity),
            "unit_price": _money(p.unit_price),
        }

    def pm_plan(self, p: m.PmPlan) -> Row:
        return {
            "code": p.code,
            "site_code": p.site.code,
            "asset_code": _code(p.asset),
            "type": str(p.type),
            "summary": p.summary,
            "checklist": join_list(list(p.checklist or [])),
            "required_skills": join_list(sorted(s.code for s in p.required_skills)),
            "estimated_hours": _decimal(p.estimated_hours),
            "rrule": p.rrule,
            "start": format_wall_clock(p.start_wall),
            "lead_days": str(p.lead_days),
            "preferred_tech_code": _code(p.preferred_technician),
            "active": format_bool(p.active),
        }


def _by(key: Callable[[Any], Any], objs: Iterable[Any]) -> list[Any]:
    return sorted(objs, key=key)


def _csv(columns: tuple[str, ...], rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[column] for column in columns])
    return buffer.getvalue()


def export_bundle(ctx: ServiceContext) -> dict[str, str]:
    """Every file of the bundle that has rows, by file name, as CSV text."""
    with ctx.read() as uow:
        company = uow.company()
        rows = _Rows(zone(company.timezone if company is not None else local_zone_name()))
        tables = bundle_store.everything_for_export(uow)
        techs = _by(lambda t: t.code, tables["technicians"])
        orders = _by(lambda w: w.number, tables["work_orders"])
        files: dict[str, list[Row]] = {
            "company.csv": [rows.company(company)] if company is not None else [],
            "skills.csv": [rows.skill(s) for s in _by(lambda s: s.code, tables["skills"])],
            "technicians.csv": [rows.technician(t) for t in techs],
            "time_off.csv": [
                rows.time_off(entry)
                for t in techs
                for entry in _by(lambda e: (e.start, e.id), t.time_off)
            ],
            "customers.csv": [rows.customer(c) for c in _by(lambda c: c.code, tables["customers"])],
            "sites.csv": [rows.site(s) for s in _by(lambda s: s.code, tables["sites"])],
            "assets.csv": [rows.asset(a) for a in _by(lambda a: a.code, tables["assets"])],
            "parts.csv": [rows.part(p) for p in _by(lambda p: p.sku, tables["parts"])],
            "work_orders.csv": [rows.work_order(w) for w in orders],
            "labor.csv": [
                rows.labor(w.number, entry)
                for w in orders
                for entry in _by(lambda e: (e.start, e.id), w.labor)
            ],
            "parts_used.csv": [
                rows.part_used(w.number, used)
                for w in orders
                for used in _by(lambda u: u.id, w.parts_used)
            ],
            "pm_plans.csv": [rows.pm_plan(p) for p in _by(lambda p: p.code, tables["pm_plans"])],
        }
    return {name: _csv(BUNDLE_FILES[name], files[name]) for name in BUNDLE_FILES if files[name]}


def export_folder(ctx: ServiceContext, path: Path) -> list[str]:
    """Write the bundle into ``path`` and return the file names written.

    Bundle files already in the folder that this export has no rows for are removed, so the
    folder imports back to exactly this database; other files are left alone.
    """
    bundle = export_bundle(ctx)
    path.mkdir(parents=True, exist_ok=True)
    for name in BUNDLE_FILES:
        target = path / name
        if name in bundle:
            target.write_bytes(bundle[name].encode("utf-8"))
        elif target.is_file():
            target.unlink()
    return list(bundle)
