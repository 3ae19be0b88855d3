"""The demo company's data, read from ``resources/demo/*.json``: names, places, equipment, words.

The files are plain data a non-programmer can edit (a new customer, another repair); this module
only reads them into typed records. They live beside the fonts, found the same way: the
``resources`` folder next to the ``dispatch_console`` package (a checkout or ``pip install -e .``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import dispatch_console
from dispatch_console.domain.enums import CloseoutNeed, PlanMode, WorkOrderType
from dispatch_console.domain.errors import DispatchError

Qty = tuple[str, tuple[str, ...]]  # sku, possible quantities


def resources_dir() -> Path:
    """The ``resources`` folder of the program (where the fonts are too)."""
    return Path(dispatch_console.__file__).resolve().parent.parent / "resources"


def demo_dir() -> Path:
    return resources_dir() / "demo"


@dataclass(frozen=True)
class Fix:
    """A repair: the summary, what the caller said, what the technician wrote, parts used."""

    summary: str
    problem: str
    resolution: str
    parts: tuple[Qty, ...] = ()
    season: str = ""  # "heat" (Nov-Mar), "cool" (May-Sep) or "" (any time)
    hours: tuple[str, ...] = ("1", "1.5", "2", "2", "2.5", "3")
    places: tuple[str, ...] = ()  # kinds of customer where it makes sense (general work); () anywhere


@dataclass(frozen=True)
class Routine:
    """Planned work: maintenance, an inspection or an installation."""

    summary: str
    checklist: tuple[str, ...]
    resolution: str
    parts: tuple[Qty, ...] = ()
    hours: tuple[str, ...] = ("1", "1.5", "2")


@dataclass(frozen=True)
class Kind:
    """A category of equipment and the work it gets."""

    category: str
    tag: str
    skills: tuple[str, ...]
    makes: tuple[tuple[str, str], ...]
    warranty_years: int
    corrective: tuple[Fix, ...]
    emergency: tuple[Fix, ...] = ()
    pm: Routine | None = None
    inspection: Routine | None = None
    installation: Routine | None = None


@dataclass(frozen=True)
class Town:
    lat: float
    lon: float
    zip_codes: tuple[str, ...]


@dataclass(frozen=True)
class TechSpec:
    code: str
    name: str
    skills: dict[str, int | None]  # skill -> certified for so many days from today (None: no expiry)
    hourly_rate: Decimal
    shift: tuple[int, int]  # minutes of the day
    workdays: str
    home_town: str


@dataclass(frozen=True)
class TimeOffSpec:
    technician: str
    first_day: int  # from this week's Monday
    days: int
    start: int  # minute of the first day
    end: int  # minute of the last day
    reason: str


@dataclass(frozen=True)
class CustomerSpec:
    code: str
    name: str
    kind: str
    billing_address: str
    tax_exempt: bool
    sites: tuple[tuple[str, str], ...]  # (name, town)


@dataclass(frozen=True)
class PlanSpec:
    code: str
    customer: str
    equipment: str
    type: WorkOrderType
    rule: str
    hour: int
    lead_days: int
    preferred_technician: str | None
    summary: str
    mode: PlanMode = PlanMode.FIXED
    closeout_needs: tuple[CloseoutNeed, ...] = ()


@dataclass(frozen=True)
class AgreementSpec:
    customer: str
    site: int | None  # index among the customer's sites; None: every site
    name: str
    scope: str
    not_to_exceed: Decimal
    start: int  # days from today
    months: int


@dataclass(frozen=True)
class Catalogue:
    company: dict[str, str]
    timezone: str
    tax_rate: Decimal
    payment_terms_days: int
    travel_speed_kmh: Decimal
    email_domain: str
    office: tuple[str, ...]
    skills: tuple[tuple[str, str], ...]
    towns: dict[str, Town]
    streets: tuple[str, ...]
    area_codes: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    techs: tuple[TechSpec, ...]
    time_off: tuple[TimeOffSpec, ...]
    parts: tuple[tuple[str, str, Decimal, str], ...]  # sku, description, price, unit
    kinds: dict[str, Kind]
    general: dict[str, tuple[Fix, ...]]
    customers: tuple[CustomerSpec, ...]
    kind_assets: dict[str, tuple[tuple[str, ...], int, int]]
    access: dict[str, str]
    plans: tuple[PlanSpec, ...]
    agreements: tuple[AgreementSpec, ...]
    rejections: tuple[tuple[str, str | None, str | None], ...]  # reason, call, customer kind
    cancel_reasons: tuple[str, ...]
    hold_reasons: tuple[str, ...]
    scope_changes: dict[str, tuple[tuple[str, str, str], ...]]  # description, hours, cost
    progress_notes: tuple[str, ...]
    office_notes: tuple[str, ...]
    labor_notes: dict[WorkOrderType, tuple[str, ...]]


def _minute(text: str) -> int:
    moment = time.fromisoformat(text)
    return moment.hour * 60 + moment.minute


def _qty(items: list[dict[str, Any]]) -> tuple[Qty, ...]:
    return tuple((item["sku"], tuple(item["quantities"])) for item in items)


def _fix(data: dict[str, Any]) -> Fix:
    return Fix(
        summary=data["summary"],
        problem=data["problem"],
        resolution=data["resolution"],
        parts=_qty(data.get("parts", [])),
        season=data.get("season", ""),
        hours=tuple(data["hours"]),
        places=tuple(data.get("places", ())),
    )


def _routine(data: dict[str, Any] | None) -> Routine | None:
    if data is None:
        return None
    return Routine(
        summary=data["summary"],
        checklist=tuple(data["checklist"]),
        resolution=data["resolution"],
        parts=_qty(data.get("parts", [])),
        hours=tuple(data["hours"]),
    )


def _kind(data: dict[str, Any]) -> Kind:
    return Kind(
        category=data["category"],
        tag=data["tag"],
        skills=tuple(data["skills"]),
        makes=tuple((make, model) for make, model in data["makes"]),
        warranty_years=int(data["warranty_years"]),
        corrective=tuple(_fix(f) for f in data["corrective"]),
        emergency=tuple(_fix(f) for f in data.get("emergency", ())),
        pm=_routine(data.get("pm")),
        inspection=_routine(data.get("inspection")),
        installation=_routine(data.get("installation")),
    )


def _read(folder: Path, name: str) -> dict[str, Any]:
    try:
        with (folder / name).open(encoding="utf-8") as handle:
            data: dict[str, Any] = json.load(handle)
    except OSError as exc:
        raise DispatchError(
            f"the demo company's data is missing: cannot read {folder / name} ({exc.strerror})"
        ) from None
    return data


@lru_cache(maxsize=4)
def load(folder: Path | None = None) -> Catalogue:
    """The catalogue in ``folder`` (default: ``resources/demo``), read once per process."""
    where = folder or demo_dir()
    company = _read(where, "company.json")
    roster = _read(where, "technicians.json")
    parts = _read(where, "parts.json")
    equipment = _read(where, "equipment.json")
    customers = _read(where, "customers.json")
    plans = _read(where, "plans.json")
    office = _read(where, "office.json")
    info = company["company"]
    return Catalogue(
        company={k: info[k] for k in ("name", "address", "phone", "email")},
        timezone=info["timezone"],
        tax_rate=Decimal(info["tax_rate"]),
        payment_terms_days=int(info["payment_terms_days"]),
        travel_speed_kmh=Decimal(info["travel_speed_kmh"]),
        email_domain=company["email_domain"],
        office=tuple(company["office"]),
        skills=tuple((s["code"], s["name"]) for s in company["skills"]),
        towns={
            t["name"]: Town(float(t["lat"]), float(t["lon"]), tuple(t["zip_codes"]))
            for t in company["towns"]
        },
        streets=tuple(company["streets"]),
        area_codes=tuple(company["area_codes"]),
        first_names=tuple(company["first_names"]),
        last_names=tuple(company["last_names"]),
        techs=tuple(
            TechSpec(
                code=t["code"],
                name=t["name"],
                skills={s["skill"]: s["certified_days"] for s in t["skills"]},
                hourly_rate=Decimal(t["hourly_rate"]),
                shift=(_minute(t["shift"][0]), _minute(t["shift"][1])),
                workdays=t["workdays"],
                home_town=t["home_town"],
            )
            for t in roster["technicians"]
        ),
        time_off=tuple(
            TimeOffSpec(
                o["technician"],
                int(o["first_day"]),
                int(o["days"]),
                _minute(o["from"]),
                24 * 60 if o["until"] == "24:00" else _minute(o["until"]),
                o["reason"],
            )
            for o in roster["time_off"]
        ),
        parts=tuple(
            (p["sku"], p["description"], Decimal(p["unit_price"]), p["unit"])
            for p in parts["parts"]
        ),
        kinds={k.category: k for k in (_kind(data) for data in equipment["kinds"])},
        general={
            skill: tuple(_fix(f) for f in fixes)
            for skill, fixes in equipment["general_work"].items()
        },
        customers=tuple(
            CustomerSpec(
                c["code"],
                c["name"],
                c["kind"],
                c["billing_address"],
                bool(c["tax_exempt"]),
                tuple((s["name"], s["town"]) for s in c["sites"]),
            )
            for c in customers["customers"]
        ),
        kind_assets={
            kind: (tuple(e["pool"]), int(e["fewest"]), int(e["most"]))
            for kind, e in customers["equipment_by_kind"].items()
        },
        access=dict(customers["access_notes"]),
        plans=tuple(
            PlanSpec(
                p["code"],
                p["customer"],
                p["equipment"],
                WorkOrderType(p["type"]),
                p["rule"],
                int(p["hour"]),
                int(p["lead_days"]),
                p["preferred_technician"],
                p["summary"],
                PlanMode(p.get("mode", PlanMode.FIXED)),
                tuple(CloseoutNeed(n) for n in p.get("closeout_requires", ())),
            )
            for p in plans["plans"]
        ),
        agreements=tuple(
            AgreementSpec(
                a["customer"],
                a["site"],
                a["name"],
                a["scope"],
                Decimal(a["not_to_exceed"]),
                int(a["start"]),
                int(a["months"]),
            )
            for a in plans["agreements"]
        ),
        rejections=tuple(
            (r["reason"], r["call"], r["customer_kind"]) for r in office["rejections"]
        ),
        cancel_reasons=tuple(office["cancel_reasons"]),
        hold_reasons=tuple(office["hold_reasons"]),
        scope_changes={
            skill: tuple((c["description"], c["extra_hours"], c["extra_cost"]) for c in changes)
            for skill, changes in office["scope_changes"].items()
        },
        progress_notes=tuple(office["progress_notes"]),
        office_notes=tuple(office["office_notes"]),
        labor_notes={
            WorkOrderType(t): tuple(notes) for t, notes in office["labor_notes"].items()
        },
    )
