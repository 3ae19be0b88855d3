"""Ten years of a busy contractor, for benchmarks: 100,000 work orders by bulk insert (issue #11).

``build_history`` writes a whole company into a migrated database (SQLite or PostgreSQL) with
SQLAlchemy Core ``insert()`` and lists of dicts, in batches, never the ORM per row: technicians,
customers with sites and assets, parts, recurring plans and the work orders they made (one per
occurrence), requests, and work orders of every type and status in the proportions of a real
office. Old work is closed or invoiced (some cancelled, some closed as non-billable); the last
weeks hold completed and verified work waiting for billing; today and the coming two weeks are
open, scheduled, dispatched and in progress. Scheduled and later work has bookings that never
overlap on a technician; done work has labor and parts; billed work is on invoices whose totals
come from ``domain.money``; the counters are set past the highest numbers. The audit log gets
one entry per table with its count (the history itself is not audited row by row). The lists' stored
sort keys and search text are filled at the end, as the console's own writers leave them.

``add_fortnight`` puts a busy fortnight on top (200 technicians, 10,000 bookings): the board's
benchmark opens it over the years of history.

Run:  python tests/benchmarks/history.py OUT.db [--work-orders N] [--years Y]
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import Table, func, insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from dispatch_console.domain import money  # noqa: E402
from dispatch_console.domain.enums import (  # noqa: E402
    PRIORITY_RANK,
    InvoiceLineKind,
    InvoiceStatus,
    PlanMode,
    Priority,
    RequestSource,
    RequestStatus,
    Status,
    WorkOrderType,
)
from dispatch_console.domain.search_rank import phone_digits  # noqa: E402
from dispatch_console.domain.timekeeping import wall_to_utc, zone  # noqa: E402
from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import audit, record_keys, schema, work_order_keys  # noqa: E402
from dispatch_console.storage import models as m  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402

TZ = "America/Chicago"
TAX = Decimal("8.25")
BATCH = 5_000
FIRST_WO = 10_001
FIRST_REQUEST = 1_001
FIRST_INVOICE = 1_001
ACTOR = "history generator"
OFFICE = ("Dana Dispatcher", "Olga Office", "Sam Service Manager")

SKILLS = [("HVAC", "HVAC service"), ("ELEC", "Electrical"), ("PLMB", "Plumbing"),
          ("REFR", "Refrigeration"), ("BOIL", "Boilers")]
FIRST = ["James", "Maria", "Robert", "Linda", "Michael", "Ana", "David", "Sofia", "Carlos", "Emily", "Kevin",
         "Aisha", "Brian", "Mei", "Luis", "Olga", "Tomás", "Ólafur", "Priya", "Grace"]
LAST = ["Smith", "García", "Johnson", "Nguyen", "Brown", "Müller", "Davis", "Martínez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Lee", "Harris", "Clark", "Lewis", "Walker", "Young"]
PLACE = ["Lakeshore", "Great Lakes", "Northgate", "Southpoint", "Riverside", "Oak Hill", "Maple", "Cedar",
         "Pinecrest", "Summit", "Harbor", "Meadow", "Elm Street", "Westfield", "Eastside", "Brookside",
         "Sunset", "Highland", "Valley", "Parkview", "Stonebridge", "Fairview", "Ólafur's", "Zürich Street",
         "Éclair", "Bluebonnet", "Prairie", "Red Oak", "Magnolia", "Willow Creek"]
TRADE = ["Dental", "Medical Center", "Bakery", "Family Clinic", "Auto Repair", "Grocery", "Hotel",
         "Apartments", "Church", "Elementary School", "Fitness", "Veterinary Hospital", "Pharmacy",
         "Diner", "Office Park", "Storage", "Brewing Co", "Laundromat", "Library", "Data Center"]
FORM = ["", "", " LLC", " Inc", " Group", " & Sons", " Partners"]
STREETS = ["Main St", "Lakes Blvd", "Oak Ave", "Elm St", "Commerce Dr", "Preston Rd", "Belt Line Rd",
           "Industrial Blvd", "Lakeshore Dr", "Park Ln", "Forest Ln", "Greenville Ave", "Mockingbird Ln"]
CITIES = ["Dallas TX", "Plano TX", "Irving TX", "Garland TX", "Frisco TX", "Richardson TX"]
AREA = ["214", "469", "972", "817"]
BUILDINGS = ["Main building", "Warehouse", "Annex", "North wing", "Clinic", "Shop"]
EQUIPMENT = [("RTU", "Rooftop unit", "HVAC"), ("Boiler", "Boiler", "BOIL"), ("Panel", "Electrical panel", "ELEC"),
             ("Chiller", "Chiller", "REFR"), ("Walk-in", "Walk-in cooler", "REFR"),
             ("Water heater", "Water heater", "PLMB"), ("Split", "Split system", "HVAC"),
             ("Backflow", "Backflow preventer", "PLMB")]
MAKES = ["Carrier", "Trane", "Lennox", "York", "Daikin", "Rheem", "Square D", "Siemens", "Lochinvar", "Hussmann"]
PROBLEMS = {
    "HVAC": ["No cooling in the office", "Unit blowing warm air", "Thermostat not responding", "Loud rattle from RTU",
             "Short cycling", "Frozen coil"],
    "ELEC": ["Breaker keeps tripping", "Lights flickering in the shop", "Outlet dead in the break room",
             "Parking lot lights out", "Burning smell at the panel"],
    "PLMB": ["Water heater leaking", "No hot water", "Drain backing up in the kitchen", "Low water pressure",
             "Toilet running constantly"],
    "REFR": ["Walk-in cooler above temperature", "Ice machine not making ice", "Freezer alarm",
             "Compressor noisy on the reach-in"],
    "BOIL": ["Boiler lockout", "No heat in the east wing", "Pilot will not stay lit", "Pressure relief valve dripping"],
}
INSTALLS = ["Install new thermostat", "Replace water heater", "Install dedicated circuit", "Add return duct",
            "Replace condensing unit", "Install backflow preventer"]
GENERAL = ["Quote for replacement", "Site survey", "Move equipment", "Tenant improvement walk-through",
           "Filter delivery"]
PM_CHECKLIST = {
    "HVAC": ["Replace filters", "Check belts", "Clean condenser coil", "Check refrigerant pressures", "Test operation"],
    "ELEC": ["Infrared scan of the panel", "Tighten lugs", "Test GFCI outlets", "Check emergency lights"],
    "PLMB": ["Flush water heater", "Test backflow", "Check for leaks", "Test relief valve"],
    "REFR": ["Clean condenser", "Check door gaskets", "Record temperatures", "Check defrost cycle"],
    "BOIL": ["Check combustion", "Test low water cutoff", "Inspect flue", "Check pressure relief valve"],
}
CANCEL_REASONS = ["customer cancelled", "duplicate of another work order", "fixed by the customer's staff",
                  "tenant moved out", "warranty work done by the manufacturer"]
HOLD_REASONS = ["waiting for parts", "waiting for the customer's approval", "no access to the roof"]
HOURS = [Decimal(h) for h in ("1", "1.5", "2", "2", "2.5", "3", "4")]
INSTALL_HOURS = [Decimal(h) for h in ("4", "6", "8")]


@dataclass
class HistoryStats:
    """What was written: rows per table, the time it took, and the day the history ends."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    today: date = date(2000, 1, 1)
    first_number: str = ""
    last_number: str = ""

    @property
    def work_orders(self) -> int:
        return self.rows.get("work_order", 0)

    def lines(self) -> list[str]:
        return [f"{table}: {count:,}" for table, count in self.rows.items()]


@dataclass
class _Order:
    """A work order while it is being made up (before it becomes a row)."""

    created: datetime
    visit: date
    type: WorkOrderType
    priority: Priority
    skill: int
    site: int
    asset: int | None
    hours: Decimal
    summary: str
    plan: int | None = None
    occurrence: datetime | None = None
    id: int = 0
    status: Status = Status.OPEN
    #: (technician, start, end) of each booking.
    visits: list[tuple[int, datetime, datetime]] = field(default_factory=list)


class _Clock:
    """Company wall clock to UTC, with each day's offset computed once (work is by day, never
    in the night hours where daylight saving changes)."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._offsets: dict[date, timedelta] = {}

    def at(self, day: date, hours: float) -> datetime:
        offset = self._offsets.get(day)
        if offset is None:
            noon = datetime.combine(day, time(12))
            offset = wall_to_utc(noon, self.tz).replace(tzinfo=None) - noon
            self._offsets[day] = offset
        wall = datetime.combine(day, time()) + timedelta(minutes=round(hours * 60))
        return (wall + offset).replace(tzinfo=UTC)


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert(session: Session, table: Table, rows: Sequence[dict[str, Any]], stats: HistoryStats) -> None:
    """Bulk insert in batches (Core executemany), counted for the audit entry of the table."""
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table), list(rows[start : start + BATCH]))
    stats.rows[table.name] = stats.rows.get(table.name, 0) + len(rows)


def _next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, day.day)


class _Schedule:
    """Technicians' days, filled from the shift start: bookings never overlap on a technician."""

    def __init__(self, techs: list[dict[str, Any]], skills_of: dict[int, list[int]], rnd: random.Random) -> None:
        self.rnd = rnd
        self.by_skill: dict[int, list[int]] = {}
        for tech in techs:
            for skill in skills_of[tech["id"]]:
                self.by_skill.setdefault(skill, []).append(tech["id"])
        self.start = {t["id"]: t["shift_start"].hour + t["shift_start"].minute / 60 for t in techs}
        self.end = {t["id"]: t["shift_end"].hour + t["shift_end"].minute / 60 for t in techs}
        self.free: dict[tuple[int, date], float] = {}

    def place(self, skill: int, day: date, hours: float) -> tuple[int, date, float]:
        """(technician, day, start hour) of the first room for ``hours``, from ``day`` on."""
        techs = self.by_skill.get(skill) or list(self.start)
        day = _next_weekday(day)
        while True:
            first = self.rnd.randrange(len(techs))
            for k in range(len(techs)):
                tech = techs[(first + k) % len(techs)]
                at = self.free.get((tech, day), self.start[tech])
                if at + hours <= self.end[tech] + 2:  # two hours of overtime at most
                    # Travel to the next job: a quarter to three quarters of an hour.
                    self.free[(tech, day)] = at + hours + self.rnd.choice((0.25, 0.5, 0.75))
                    return tech, day, at
            day = _next_weekday(day + timedelta(days=1))


def build_history(
    url: str,
    *,
    work_orders: int = 100_000,
    years: int = 10,
    technicians: int = 40,
    customers: int = 2_000,
    seed: int = 11,
    today: date | None = None,
) -> HistoryStats:
    """A company with ``work_orders`` work orders over ``years`` years ending at ``today``
    (default: the computer's today), written by bulk insert into the (migrated) database."""
    started, cpu = clock.perf_counter(), clock.process_time()
    today = today or date.today()
    db = Database(url)
    try:
        schema.upgrade(db)
        now = _Clock(zone(TZ)).at(today, 9.5)
        ctx = ServiceContext(db=db, actor=ACTOR, clock=lambda: now)
        stats = HistoryStats(today=today)
        with ctx.write("Benchmark history") as uow:
            _History(uow.session, stats, random.Random(seed), today, years).write(work_orders, technicians, customers)
            # The lists' stored keys, as the console's own writers leave them (Core bypasses them).
            work_order_keys.refresh_list_keys(uow.session)
            record_keys.fill_missing_list_keys(uow.session)
        stats.seconds = clock.perf_counter() - started
        stats.cpu_seconds = clock.process_time() - cpu
        return stats
    finally:
        db.dispose()


class _History:
    def __init__(self, session: Session, stats: HistoryStats, rnd: random.Random, today: date, years: int) -> None:
        self.s = session
        self.stats = stats
        self.rnd = rnd
        self.today = today
        self.first_day = date(today.year - years, today.month, min(today.day, 28))
        self.clock = _Clock(zone(TZ))
        self.now = self.clock.at(today, 9.5)

    # -- reference data ---------------------------------------------------------------------------
    def write(self, n_orders: int, n_techs: int, n_customers: int) -> None:
        rnd = self.rnd
        self.s.execute(insert(_table(m.Company)), [{
            "id": 1, "name": "Harbor Mechanical & Electrical", "address": "4100 Commerce Dr\nDallas TX 75226",
            "phone": "(214) 555-0100", "email": "office@harbor-mech.example", "timezone": TZ, "currency": "USD",
            "tax_rate": TAX, "payment_terms_days": 30, "travel_speed_kmh": Decimal("40"), "version": 1,
        }])
        self.stats.rows["company"] = 1
        _insert(self.s, _table(m.Skill), [
            {"id": i + 1, "code": code, "name": name, "version": 1} for i, (code, name) in enumerate(SKILLS)
        ], self.stats)
        self.techs = [self._technician(i + 1) for i in range(n_techs)]
        _insert(self.s, _table(m.Technician), self.techs, self.stats)
        self.tech_skills: dict[int, list[int]] = {}
        held: list[dict[str, Any]] = []
        for tech in self.techs:
            first = (tech["id"] - 1) % len(SKILLS) + 1
            skills = sorted({first, *rnd.sample(range(1, len(SKILLS) + 1), rnd.choice((0, 1, 1, 2)))})
            self.tech_skills[tech["id"]] = skills
            for skill in skills:
                until = self.today + timedelta(days=rnd.randrange(-60, 900)) if rnd.random() < 0.5 else None
                held.append({"technician_id": tech["id"], "skill_id": skill, "certified_until": until})
        _insert(self.s, _table(m.TechnicianSkill), held, self.stats)
        self._customers(n_customers)
        self._parts()
        self.schedule = _Schedule(self.techs, self.tech_skills, rnd)
        orders = self._plans(n_orders) if n_orders >= 20 else []
        orders += self._calls(n_orders - len(orders))
        orders.sort(key=lambda o: o.created)
        self._work(orders)

    def _technician(self, i: int) -> dict[str, Any]:
        rnd = self.rnd
        phone = f"({rnd.choice(AREA)}) 555-{rnd.randrange(10000):04d}"
        early = rnd.random() < 0.4
        return {
            "id": i, "code": f"T{i:03d}", "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)} ({i})",
            "phone": phone, "phone_digits": phone_digits(phone), "email": f"tech{i}@harbor-mech.example",
            "hourly_rate": Decimal(rnd.randrange(130, 220)) / 2,
            "home_lat": 32.6 + rnd.random() * 0.5, "home_lon": -97.1 + rnd.random() * 0.6,
            "shift_start": time(7) if early else time(8), "shift_end": time(15, 30) if early else time(17),
            "workdays": "Mon;Tue;Wed;Thu;Fri", "active": i % 17 != 0, "version": 1,
        }

    def _customers(self, n: int) -> None:
        rnd = self.rnd
        customers: list[dict[str, Any]] = []
        sites: list[dict[str, Any]] = []
        assets: list[dict[str, Any]] = []
        self.site_customer: dict[int, int] = {}
        self.site_assets: dict[int, list[tuple[int, int]]] = {}  # site -> [(asset, skill)]
        skill_ids = {code: i + 1 for i, (code, _name) in enumerate(SKILLS)}
        self.tax_rate: dict[int, Decimal] = {}
        for c in range(1, n + 1):
            phone = f"({rnd.choice(AREA)}) 555-{rnd.randrange(10000):04d}"
            exempt = rnd.random() < 0.05
            customers.append({
                "id": c, "code": f"C-{c:05d}", "name": f"{rnd.choice(PLACE)} {rnd.choice(TRADE)}{rnd.choice(FORM)}",
                "billing_address": f"{rnd.randrange(100, 9999)} {rnd.choice(STREETS)}\n{rnd.choice(CITIES)}",
                "phone": phone, "phone_digits": phone_digits(phone), "email": f"ap{c}@example.com",
                "tax_rate": Decimal("0") if exempt else None, "version": 1,
            })
            self.tax_rate[c] = money.effective_tax_rate(Decimal("0") if exempt else None, TAX)
            for k in range(rnd.choice((1, 1, 1, 2, 2, 3))):
                sid = len(sites) + 1
                contact = f"({rnd.choice(AREA)}) 555-{rnd.randrange(10000):04d}"
                sites.append({
                    "id": sid, "code": f"S-{c:05d}-{k + 1}", "customer_id": c, "name": BUILDINGS[k % len(BUILDINGS)],
                    "address": f"{rnd.randrange(100, 9999)} {rnd.choice(STREETS)}, {rnd.choice(CITIES)}",
                    "lat": 32.6 + rnd.random() * 0.5, "lon": -97.1 + rnd.random() * 0.6,
                    "contact_name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", "contact_phone": contact,
                    "contact_phone_digits": phone_digits(contact),
                    "access_notes": "Key at the front desk" if rnd.random() < 0.2 else None, "version": 1,
                })
                self.site_customer[sid] = c
                for a in range(rnd.choice((1, 1, 2, 2, 3, 4))):
                    category, name, skill = rnd.choice(EQUIPMENT)
                    aid = len(assets) + 1
                    installed = self.first_day - timedelta(days=rnd.randrange(0, 3000))
                    assets.append({
                        "id": aid, "code": f"A-{aid:06d}", "site_id": sid, "name": f"{name} {a + 1}",
                        "category": category, "make": rnd.choice(MAKES), "model": f"M{rnd.randrange(100, 999)}",
                        "serial": f"SN{rnd.randrange(10**7, 10**8)}", "installed_on": installed,
                        "warranty_until": installed + timedelta(days=365 * rnd.choice((1, 2, 5))), "version": 1,
                    })
                    self.site_assets.setdefault(sid, []).append((aid, skill_ids[skill]))
        _insert(self.s, _table(m.Customer), customers, self.stats)
        _insert(self.s, _table(m.Site), sites, self.stats)
        _insert(self.s, _table(m.Asset), assets, self.stats)
        self.site_ids = list(self.site_customer)

    def _parts(self) -> None:
        rnd = self.rnd
        words = ["Filter 20x25x2", "V-belt", "Capacitor 45/5", "Contactor 2P 40A", "Thermostat", "Igniter",
                 "Flame sensor", "Breaker 20A", "GFCI outlet", "Ballast", "LED lamp", "Ball valve 3/4",
                 "Flapper", "Relief valve", "Gasket", "Condenser fan motor", "TXV", "Refrigerant R-410A lb"]
        parts: list[dict[str, Any]] = []
        for i in range(1, 201):
            parts.append({
                "id": i, "sku": f"P-{i:04d}", "description": f"{words[i % len(words)]} (type {i // len(words) + 1})",
                "unit_price": Decimal(rnd.randrange(250, 45000)) / 100, "unit": "ea", "version": 1,
            })
        self.part_price: dict[int, Decimal] = {p["id"]: p["unit_price"] for p in parts}
        self.part_name = {p["id"]: f"{p['sku']} {p['description']}" for p in parts}
        _insert(self.s, _table(m.Part), parts, self.stats)

    # -- what the work is -----------------------------------------------------------------------
    def _plans(self, n_orders: int) -> list[_Order]:
        """Recurring plans (monthly, quarterly, twice a year) making about a quarter of the work."""
        rnd = self.rnd
        months = max(1, (self.today.year - self.first_day.year) * 12 + self.today.month - self.first_day.month)
        intervals = (1, 3, 3, 6)
        per_plan = sum(months / i for i in intervals) / len(intervals)
        n_plans = max(1, round(n_orders * 0.25 / per_plan))
        plans: list[dict[str, Any]] = []
        plan_skills: list[dict[str, Any]] = []
        orders: list[_Order] = []
        for p in range(1, n_plans + 1):
            site = rnd.choice(self.site_ids)
            asset, skill = rnd.choice(self.site_assets[site])
            interval = rnd.choice(intervals)
            day = rnd.randrange(1, 29)
            first = date(self.first_day.year, self.first_day.month, day)
            if first < self.first_day:
                first = _add_months(first, 1)
            inspection = rnd.random() < 0.2
            type_ = WorkOrderType.INSPECTION if inspection else WorkOrderType.PREVENTIVE
            code = SKILLS[skill - 1][0]
            summary = f"{'Annual inspection' if inspection else 'Preventive maintenance'} ({code})"
            hours = rnd.choice(HOURS[:4])
            tech = rnd.choice(self.schedule.by_skill.get(skill) or [1])
            occurrences = []
            k = 0
            while True:
                visit = _add_months(first, k * interval)
                if visit > self.today + timedelta(days=7):
                    break
                occurrences.append(visit)
                k += 1
            rule = f"FREQ=MONTHLY;INTERVAL={interval};BYMONTHDAY={day}" if interval > 1 else \
                f"FREQ=MONTHLY;BYMONTHDAY={day}"
            last = self.clock.at(occurrences[-1], 8) if occurrences else None
            plans.append({
                "id": p, "code": f"PM-{p:04d}", "site_id": site, "asset_id": asset, "type": type_.value,
                "summary": summary, "checklist": PM_CHECKLIST[code], "estimated_hours": hours, "rrule": rule,
                "start_wall": datetime.combine(first, time(8)), "lead_days": 7, "preferred_technician_id": tech,
                "active": True, "mode": PlanMode.FIXED.value, "closeout_needs": [], "generated_through": last,
                "version": 1,
            })
            plan_skills.append({"pm_plan_id": p, "skill_id": skill})
            for visit in occurrences:
                occurrence = self.clock.at(visit, 8)
                orders.append(_Order(
                    created=occurrence - timedelta(days=7), visit=_next_weekday(visit), type=type_, priority=Priority.NORMAL,
                    skill=skill, site=site, asset=asset, hours=hours, summary=summary, plan=p, occurrence=occurrence,
                ))
        _insert(self.s, _table(m.PmPlan), plans, self.stats)
        _insert(self.s, m.pm_plan_skill, plan_skills, self.stats)
        self.plan_checklist: dict[int, list[str]] = {p["id"]: p["checklist"] for p in plans}
        return orders

    def _calls(self, n: int) -> list[_Order]:
        """The rest: calls and jobs over the years (a growing company: more work lately)."""
        rnd = self.rnd
        span = (self.today - self.first_day).days
        types = [WorkOrderType.CORRECTIVE] * 60 + [WorkOrderType.EMERGENCY] * 8 + [WorkOrderType.INSTALLATION] * 10 \
            + [WorkOrderType.GENERAL] * 14 + [WorkOrderType.INSPECTION] * 4 + [WorkOrderType.PREVENTIVE] * 4
        priorities = [Priority.HIGH] * 25 + [Priority.NORMAL] * 60 + [Priority.LOW] * 15
        orders = []
        for _ in range(n):
            # Density grows linearly from 2/3 to 4/3 of the mean over the span.
            u = rnd.random()
            x = (-(2 / 3) + (4 / 9 + 4 / 3 * u) ** 0.5) / (2 / 3)
            created_day = self.first_day + timedelta(days=min(span, int(x * (span + 1))))
            type_ = rnd.choice(types)
            priority = Priority.EMERGENCY if type_ is WorkOrderType.EMERGENCY else rnd.choice(priorities)
            delay = {Priority.EMERGENCY: 0, Priority.HIGH: rnd.randrange(0, 3), Priority.NORMAL: rnd.randrange(1, 11),
                     Priority.LOW: rnd.randrange(3, 22)}[priority]
            site = rnd.choice(self.site_ids)
            asset, skill = rnd.choice(self.site_assets[site])
            if rnd.random() < 0.3:
                asset_id: int | None = None
            else:
                asset_id = asset
            code = SKILLS[skill - 1][0]
            if type_ is WorkOrderType.INSTALLATION:
                summary, hours = rnd.choice(INSTALLS), rnd.choice(INSTALL_HOURS)
            elif type_ is WorkOrderType.GENERAL:
                summary, hours = rnd.choice(GENERAL), rnd.choice(HOURS[:3])
            elif type_ in (WorkOrderType.PREVENTIVE, WorkOrderType.INSPECTION):
                summary, hours = f"{type_.value.title()} visit ({code})", rnd.choice(HOURS)
            else:
                summary, hours = rnd.choice(PROBLEMS[code]), rnd.choice(HOURS)
            created = self.clock.at(created_day, rnd.uniform(7, 17))
            orders.append(_Order(
                created=created, visit=_next_weekday(created_day + timedelta(days=delay)), type=type_, priority=priority,
                skill=skill, site=site, asset=asset_id, hours=hours, summary=summary,
            ))
        return orders

    def _status(self, o: _Order) -> Status:
        rnd = self.rnd
        age = (self.today - o.visit).days
        r = rnd.random()
        if age < 0:  # ahead
            if o.plan is None and r < 0.02:
                return Status.CANCELLED
            return Status.SCHEDULED if -age <= 14 and r < 0.7 else Status.OPEN
        if age == 0:
            return (Status.DISPATCHED if r < 0.45 else Status.IN_PROGRESS if r < 0.75 else
                    Status.SCHEDULED if r < 0.9 else Status.OPEN)
        if r < 0.03:
            return Status.CANCELLED
        if age <= 14:
            return (Status.COMPLETED if r < 0.35 else Status.VERIFIED if r < 0.6 else Status.INVOICED if r < 0.85
                    else Status.ON_HOLD if r < 0.92 else Status.IN_PROGRESS)
        if age <= 60:
            return Status.INVOICED if r < 0.4 else Status.CLOSED if r < 0.97 else Status.VERIFIED
        return Status.CLOSED if r < 0.997 else Status.COMPLETED

    # -- the work orders and what hangs on them ---------------------------------------------------
    def _work(self, orders: list[_Order]) -> None:
        rnd = self.rnd
        for i, o in enumerate(orders):
            o.id = i + 1
            o.status = self._status(o)
        booked = {Status.SCHEDULED, Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED,
                  Status.VERIFIED, Status.INVOICED, Status.CLOSED}
        done = {Status.COMPLETED, Status.VERIFIED, Status.INVOICED, Status.CLOSED}
        tech_name = {t["id"]: t["name"] for t in self.techs}
        tech_rate = {t["id"]: t["hourly_rate"] for t in self.techs}
        rows: list[dict[str, Any]] = []
        skills: list[dict[str, Any]] = []
        bookings: list[dict[str, Any]] = []
        labor: list[dict[str, Any]] = []
        parts_used: list[dict[str, Any]] = []
        checklist: list[dict[str, Any]] = []
        requests: list[dict[str, Any]] = []
        billed: dict[tuple[int, date], list[dict[str, Any]]] = {}  # (customer, issued) -> lines
        billed_orders: list[tuple[_Order, dict[str, Any]]] = []
        # Bookings are placed in the order of the days visited, so every day fills from its start.
        for o in sorted((o for o in orders if o.status in booked), key=lambda o: (o.visit, o.priority != "emergency")):
            o.visits = self._book(o)
        for o in orders:
            number = f"WO-{FIRST_WO + o.id - 1}"
            row: dict[str, Any] = {
                "id": o.id, "number": number, "request_id": None, "type": o.type.value, "priority": o.priority.value,
                "priority_rank": PRIORITY_RANK[o.priority], "status": o.status.value, "site_id": o.site,
                "asset_id": o.asset, "summary": o.summary, "description": None, "estimated_hours": o.hours,
                "due_by": o.occurrence or self.clock.at(o.visit + timedelta(days=2 if o.priority != "low" else 7), 17),
                "created_at": o.created, "task_codes": [], "pm_plan_id": o.plan, "pm_occurrence": o.occurrence,
                "closeout_needs": [], "hold_reason": None, "cancel_reason": None, "started_at": None,
                "completed_at": None, "verified_at": None, "verified_by": None, "billable": True, "closed_at": None,
                "version": 1, "updated_at": None, "updated_by": None,
            }
            rows.append(row)
            skills.append({"work_order_id": o.id, "skill_id": o.skill})
            if o.plan is None and o.type in (WorkOrderType.CORRECTIVE, WorkOrderType.EMERGENCY) and rnd.random() < 0.4:
                row["request_id"] = len(requests) + 1
                requests.append(self._request(len(requests) + 1, o, RequestStatus.APPROVED))
            items = self.plan_checklist.get(o.plan or 0) or (
                PM_CHECKLIST[SKILLS[o.skill - 1][0]][:3] if o.type in (WorkOrderType.PREVENTIVE,
                                                                      WorkOrderType.INSPECTION) else [])
            visits = o.visits
            if o.status is Status.CANCELLED:
                row["cancel_reason"] = rnd.choice(CANCEL_REASONS)
                row["updated_at"] = o.created + timedelta(hours=rnd.randrange(1, 48))
                row["updated_by"] = rnd.choice(OFFICE)
            for tech, start, end in visits:
                bookings.append({"id": len(bookings) + 1, "work_order_id": o.id, "technician_id": tech, "start": start,
                                 "end": end, "confirmed_conflicts": None, "confirmed_by": None, "version": 1})
            working = o.status in done or o.status in (Status.ON_HOLD, Status.IN_PROGRESS)
            ended: datetime | None = None
            lines: list[dict[str, Any]] = []
            if working and visits:
                row["started_at"] = min(visits[0][1], self.now)
                for tech, start, end in visits:
                    if start.date() >= self.today and o.status not in done:
                        break  # today's visit is under way: its timer runs, nothing logged yet
                    begin = start + timedelta(minutes=rnd.choice((0, 5, 10, 15)))
                    length = (end - start) * rnd.choice((0.75, 0.9, 1.0, 1.0, 1.1))
                    finish = begin + timedelta(minutes=max(15, round(length.total_seconds() / 60 / 5) * 5))
                    labor.append({"id": len(labor) + 1, "work_order_id": o.id, "technician_id": tech, "start": begin,
                                  "end": finish, "billable": True, "note": None})
                    ended = finish if ended is None else max(ended, finish)
                    rate = tech_rate[tech]
                    lines.append({
                        "work_order_id": o.id, "kind": InvoiceLineKind.LABOR.value,
                        "description": f"{number} labor, {tech_name[tech]}, {begin.astimezone(self.clock.tz):%Y-%m-%d}",
                        "quantity": money.hours_between(begin, finish).quantize(Decimal("0.0001")),
                        "unit_price": rate, "amount": money.labor_amount(begin, finish, rate),
                    })
                if o.status is Status.ON_HOLD:
                    row["hold_reason"] = rnd.choice(HOLD_REASONS)
            if o.status in done:
                for _ in range(rnd.choice((0, 0, 0, 1, 1, 2, 3)) if o.type is not WorkOrderType.GENERAL else 0):
                    part = rnd.randrange(1, 201)
                    quantity = Decimal(rnd.choice((1, 1, 1, 2, 2, 4)))
                    price = self.part_price[part] if rnd.random() < 0.9 else self.part_price[part] * Decimal("0.9")
                    parts_used.append({"id": len(parts_used) + 1, "work_order_id": o.id, "part_id": part,
                                       "quantity": quantity,
                                       "unit_price": None if price is self.part_price[part] else price})
                    lines.append({
                        "work_order_id": o.id, "kind": InvoiceLineKind.PART.value,
                        "description": f"{number} {self.part_name[part]}", "quantity": quantity,
                        "unit_price": price, "amount": money.parts_amount(quantity, price),
                    })
                completed = ended or visits[-1][2]
                row["completed_at"] = completed
                verified = o.status in (Status.VERIFIED, Status.INVOICED, Status.CLOSED)
                if verified:
                    day = _next_weekday(completed.astimezone(self.clock.tz).date() + timedelta(days=1))
                    day = min(day, self.today)
                    row["verified_at"] = self.clock.at(day, rnd.uniform(8, 11) if day < self.today else 8.5)
                    row["verified_by"] = rnd.choice(OFFICE)
                billable = o.type is not WorkOrderType.GENERAL and not (o.plan and rnd.random() < 0.3)
                if o.status is Status.CLOSED and not billable:
                    row["billable"] = False
                    row["closed_at"] = row["verified_at"] + timedelta(hours=1)
                elif o.status in (Status.INVOICED, Status.CLOSED):
                    issued = _next_weekday(row["verified_at"].astimezone(self.clock.tz).date() + timedelta(days=1))
                    issued = min(issued, self.today)
                    billed.setdefault((self.site_customer[o.site], issued), []).extend(lines)
                    billed_orders.append((o, row))
            for position, item in enumerate(items):
                ticked = o.status in done
                checklist.append({
                    "id": len(checklist) + 1, "work_order_id": o.id, "position": position, "text": item,
                    "done": ticked, "done_by": tech_name[visits[0][0]] if ticked and visits else None,
                    "done_at": row["completed_at"] if ticked else None,
                })
        self._invoices(billed, billed_orders)
        # Requests that never became work: turned down, and today's waiting for review.
        for _ in range(max(1, len(orders) // 100)):
            o = rnd.choice(orders)
            requests.append(self._request(len(requests) + 1, o, RequestStatus.REJECTED))
        for _ in range(min(25, max(1, len(orders) // 1000))):
            o = rnd.choice(orders)
            requests.append(self._request(len(requests) + 1, o, RequestStatus.NEW))
        requests.sort(key=lambda r: r["received_at"])
        renumber = {r["id"]: i + 1 for i, r in enumerate(requests)}
        for i, r in enumerate(requests):
            r["id"], r["number"] = i + 1, f"REQ-{FIRST_REQUEST + i}"
        for row in rows:
            if row["request_id"] is not None:
                row["request_id"] = renumber[row["request_id"]]
        _insert(self.s, _table(m.WorkRequest), requests, self.stats)
        _insert(self.s, _table(m.WorkOrder), rows, self.stats)
        _insert(self.s, _table(m.Booking), bookings, self.stats)
        _insert(self.s, m.work_order_skill, skills, self.stats)
        _insert(self.s, _table(m.ChecklistItem), checklist, self.stats)
        _insert(self.s, _table(m.LaborEntry), labor, self.stats)
        _insert(self.s, _table(m.PartUsed), parts_used, self.stats)
        _insert(self.s, _table(m.Invoice), self.invoices, self.stats)
        _insert(self.s, _table(m.InvoiceLine), self.invoice_lines, self.stats)
        counters = [
            {"name": "work_order", "next_value": FIRST_WO + len(rows)},
            {"name": "work_request", "next_value": FIRST_REQUEST + len(requests)},
            {"name": "invoice", "next_value": FIRST_INVOICE + len(self.invoices)},
        ]
        _set_counters(self.s, counters)
        self.stats.first_number = rows[0]["number"] if rows else ""
        self.stats.last_number = rows[-1]["number"] if rows else ""
        self.stats.rows["counter"] = len(counters)
        _advance_sequences(self.s, self.stats.rows)
        _audit(self.s, self.stats.rows)

    def _book(self, o: _Order) -> list[tuple[int, datetime, datetime]]:
        """One visit, or two days for long installations; a plan's visit at 08:00 when it can."""
        hours = float(o.hours)
        parts = [hours / 2, hours / 2] if hours > 4 else [hours]
        result = []
        day = o.visit
        for part in parts:
            tech, day, at = self.schedule.place(o.skill, day, part)
            result.append((tech, self.clock.at(day, at), self.clock.at(day, at + part)))
            day = day + timedelta(days=1)
        return result

    def _request(self, rid: int, o: _Order, status: RequestStatus) -> dict[str, Any]:
        rnd = self.rnd
        received = o.created - timedelta(minutes=rnd.randrange(5, 90))
        if status is RequestStatus.NEW:
            received = self.clock.at(self.today, rnd.uniform(6, 9))
        reviewed = status is not RequestStatus.NEW
        return {
            "id": rid, "number": "", "status": status.value,
            "source": rnd.choice((RequestSource.PHONE, RequestSource.PHONE, RequestSource.EMAIL,
                                  RequestSource.PORTAL)).value,
            "customer_id": self.site_customer[o.site], "site_id": o.site, "asset_id": o.asset,
            "contact_name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
            "contact_phone": f"({rnd.choice(AREA)}) 555-{rnd.randrange(10000):04d}", "problem": o.summary,
            "priority": o.priority.value, "requested_type": o.type.value if rnd.random() < 0.5 else None,
            "received_at": received, "reviewed_by": rnd.choice(OFFICE) if reviewed else None,
            "reviewed_at": received + timedelta(minutes=rnd.randrange(2, 60)) if reviewed else None,
            "rejection_reason": "covered by the landlord's contractor" if status is RequestStatus.REJECTED else None,
            "version": 1,
        }

    def _invoices(self, billed: dict[tuple[int, date], list[dict[str, Any]]],
                  orders: list[tuple[_Order, dict[str, Any]]]) -> None:
        """One invoice per customer and day of issue; totals exactly as ``domain.money`` makes them."""
        rnd = self.rnd
        self.invoices: list[dict[str, Any]] = []
        self.invoice_lines: list[dict[str, Any]] = []
        issued_of: dict[int, tuple[date | None, date | None]] = {}
        for (customer, issued), lines in sorted(billed.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            iid = len(self.invoices) + 1
            rate = self.tax_rate[customer]
            totals = money.invoice_totals([line["amount"] for line in lines], rate)
            paid = issued + timedelta(days=rnd.randrange(7, 45))
            is_paid = paid < self.today - timedelta(days=2)
            self.invoices.append({
                "id": iid, "number": f"INV-{FIRST_INVOICE + iid - 1}", "customer_id": customer, "issued_on": issued,
                "due_on": issued + timedelta(days=30), "currency": "USD", "tax_rate": rate,
                "subtotal": totals.subtotal, "tax": totals.tax, "total": totals.total,
                "created_at": self.clock.at(issued, 16 if issued < self.today else 9), "created_by": "Billing Office",
                "status": (InvoiceStatus.PAID if is_paid else InvoiceStatus.ISSUED).value,
                "paid_on": paid if is_paid else None, "voided_at": None, "voided_by": None, "void_reason": None,
                "version": 1,
            })
            for position, line in enumerate(lines, start=1):
                self.invoice_lines.append({**line, "id": len(self.invoice_lines) + 1, "invoice_id": iid,
                                           "position": position})
                issued_of[line["work_order_id"]] = (issued, paid if is_paid else None)
        for o, row in orders:
            on, paid_on = issued_of.get(o.id, (None, None))
            if row["status"] == Status.CLOSED.value:
                closed_day = paid_on or (on + timedelta(days=1) if on else row["verified_at"].date())
                row["closed_at"] = self.clock.at(closed_day, 17)


def _set_counters(session: Session, counters: list[dict[str, Any]]) -> None:
    """Each series past the highest number written (the migration made the rows; a series only
    moves forward, as the app's own counters do)."""
    for wanted in counters:
        row = session.get(m.Counter, wanted["name"])
        if row is None:
            session.execute(insert(_table(m.Counter)), [wanted])
        else:
            row.next_value = max(row.next_value, wanted["next_value"])
    session.flush()


def _advance_sequences(session: Session, tables: Iterable[str]) -> None:
    """PostgreSQL: each table's id sequence past the ids written here, so the console's next row
    gets a free id (SQLite takes the highest id plus one by itself)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        table = m.Base.metadata.tables[name]
        if "id" in table.c:
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM \"{name}\"), false)"
            ))


def _audit(session: Session, counts: dict[str, int]) -> None:
    """One audit entry per table, with its count (not one per row: this is history)."""
    now = session.info[audit.CLOCK]()
    audit.write_rows(session, [
        {"at": now, "actor": ACTOR, "origin": "", "action": "Benchmark history", "entity": table,
         "entity_id": None, "change": "insert", "details": {"rows": count}}
        for table, count in counts.items()
    ])


def add_fortnight(
    url: str, *, first_day: date, technicians: int = 200, bookings: int = 10_000, seed: int = 12
) -> int:
    """A busy fortnight from ``first_day`` (a Monday) on top of a history: technicians up to
    ``technicians`` and ``bookings`` scheduled work orders spread over their ten workdays,
    never overlapping. Returns how many bookings it made."""
    rnd = random.Random(seed)
    db = Database(url)
    try:
        clock_ = _Clock(zone(TZ))
        now = clock_.at(first_day - timedelta(days=3), 9)
        ctx = ServiceContext(db=db, actor=ACTOR, clock=lambda: now)
        stats = HistoryStats()
        with ctx.write("Benchmark fortnight") as uow:
            s = uow.session
            have = s.scalar(select(func.count()).select_from(m.Technician).where(m.Technician.active.is_(True))) or 0
            top = s.scalar(select(func.max(m.Technician.id))) or 0
            new_techs: list[dict[str, Any]] = []
            for i in range(top + 1, top + 1 + max(0, technicians - have)):
                new_techs.append({
                    "id": i, "code": f"T{i:03d}", "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)} ({i})",
                    "hourly_rate": Decimal("85"), "shift_start": time(8), "shift_end": time(17),
                    "workdays": "Mon;Tue;Wed;Thu;Fri", "active": True, "version": 1,
                    "home_lat": 32.7, "home_lon": -96.8,
                })
            _insert(s, _table(m.Technician), new_techs, stats)
            _insert(s, _table(m.TechnicianSkill), [
                {"technician_id": t["id"], "skill_id": t["id"] % len(SKILLS) + 1} for t in new_techs
            ], stats)
            techs = list(s.scalars(select(m.Technician.id).where(m.Technician.active.is_(True))
                                   .order_by(m.Technician.id)))
            sites = list(s.scalars(select(m.Site.id)))
            counter = s.get(m.Counter, "work_order")
            number = counter.next_value if counter is not None else FIRST_WO
            wo_id = (s.scalar(select(func.max(m.WorkOrder.id))) or 0) + 1
            bk_id = (s.scalar(select(func.max(m.Booking.id))) or 0) + 1
            days = [d for d in (first_day + timedelta(days=k) for k in range(14)) if d.weekday() < 5]
            slots = len(techs) * len(days)
            orders, rows = [], []
            for index in range(slots):
                tech, day = techs[index // len(days)], days[index % len(days)]
                count = bookings * (index + 1) // slots - bookings * index // slots
                slot = 8 / max(count, 1)
                for k in range(count):
                    start = clock_.at(day, 8 + k * slot)
                    end = clock_.at(day, 8 + k * slot + slot * 0.85)
                    type_ = rnd.choice([WorkOrderType.CORRECTIVE, WorkOrderType.PREVENTIVE, WorkOrderType.INSPECTION])
                    priority = rnd.choice([Priority.HIGH, Priority.NORMAL, Priority.NORMAL, Priority.LOW])
                    orders.append({
                        "id": wo_id, "number": f"WO-{number}", "type": type_.value, "priority": priority.value,
                        "priority_rank": PRIORITY_RANK[priority], "status": Status.SCHEDULED.value,
                        "site_id": rnd.choice(sites), "summary": f"{type_.value.title()} visit", "task_codes": [],
                        "estimated_hours": Decimal("2"), "created_at": now, "billable": True, "version": 1,
                        "due_by": end + timedelta(days=3), "closeout_needs": [],
                    })
                    rows.append({"id": bk_id, "work_order_id": wo_id, "technician_id": tech, "start": start,
                                 "end": end, "version": 1})
                    wo_id, bk_id, number = wo_id + 1, bk_id + 1, number + 1
            _insert(s, _table(m.WorkOrder), orders, stats)
            _insert(s, _table(m.Booking), rows, stats)
            work_order_keys.refresh_list_keys(s, [o["id"] for o in orders])
            if counter is not None:
                counter.next_value = number
            _advance_sequences(s, stats.rows)
            _audit(s, stats.rows)
        return len(rows)
    finally:
        db.dispose()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a company with years of history into an SQLite file.")
    parser.add_argument("out", type=Path, help="the SQLite file to write (must not exist)")
    parser.add_argument("--work-orders", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--technicians", type=int, default=40)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.out.exists():
        parser.error(f"{args.out} exists; give a new file")
    stats = build_history(f"sqlite:///{args.out.resolve().as_posix()}", work_orders=args.work_orders,
                          years=args.years, technicians=args.technicians, customers=args.customers, seed=args.seed)
    for line in stats.lines():
        print(line)
    print(f"{stats.work_orders:,} work orders ({stats.first_number} .. {stats.last_number}) up to {stats.today}, "
          f"written in {stats.seconds:.1f} s ({stats.cpu_seconds:.1f} s of CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
