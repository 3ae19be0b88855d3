"""What every part of the demo builder shares: the clock, the random draws, the in-memory records.

The demo is planned in memory on the company's wall clock (naive datetimes in its zone) around
``anchor``, the service context's "now"; nothing is dated after it unless it is still to come
(bookings, due-bys, plan occurrences).
"""

from __future__ import annotations

import random
import unicodedata
from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from dispatch_console.domain.enums import Priority, RequestSource, Status, WorkOrderType
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.services.demo.catalogue import Catalogue
from dispatch_console.storage import models as m

_T = TypeVar("_T")

WT = WorkOrderType
P = Priority
S = Status

GAP = 30  # minutes between two visits of a technician: travel
TARGET_WEEK_BOOKED = 122  # booked work orders this week (the queue and cancellations come on top)
QUEUE_SIZE = 24
HISTORY_WEEKS = 26
HEAT_MONTHS = (11, 12, 1, 2, 3)
COOL_MONTHS = (5, 6, 7, 8, 9)
FIRST_WORK_ORDER = 10001
FIRST_REQUEST = 1001
FIRST_INVOICE = 1001


@dataclass(frozen=True)
class DemoSummary:
    """What the demo company holds (counts), for the first-run message and the command line."""

    company: str
    today: date
    skills: int
    technicians: int
    customers: int
    sites: int
    assets: int
    parts: int
    agreements: int
    plans: int
    requests: int
    work_orders: int
    this_week: int  # on this week's board, in the queue, or cancelled this week
    open_queue: int  # open and unbooked
    history: int  # finished before this week
    bookings: int
    invoices: int

    def __str__(self) -> str:
        return (
            f"{self.company}: {self.technicians} technicians, {self.customers} customers, "
            f"{self.sites} sites, {self.assets} assets, {self.plans} recurring plans, "
            f"{self.work_orders} work orders ({self.this_week} this week, {self.open_queue} "
            f"waiting in the queue, {self.history} in the history), {self.invoices} invoices"
        )


def _wall(day: date, minute: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=minute)


def _minute(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _category(asset: m.Asset) -> str:
    """The asset's kind of equipment: the column is nullable, but every demo asset has one."""
    assert asset.category is not None
    return asset.category


def _in_season(season: str, day: date) -> bool:
    if season == "heat":
        return day.month in HEAT_MONTHS
    if season == "cool":
        return day.month in COOL_MONTHS
    return True


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


@dataclass(eq=False)
class _Crew:
    """A technician as the demo's planner sees him: shift, days, skills, time off, visits.

    It only proposes free slots; every booking is then checked by the conflict rules dispatch
    uses (``domain.conflicts``), and one with conflicts must be a deliberate, confirmed one.
    """

    obj: m.Technician
    code: str
    name: str
    start: int
    end: int
    workdays: frozenset[int]
    skills: dict[str, date | None]
    off: list[tuple[datetime, datetime, str]] = field(default_factory=list)
    busy: dict[date, list[tuple[int, int]]] = field(default_factory=dict)
    visits: list[_Visit] = field(default_factory=list)

    def works(self, day: date) -> bool:
        return day.weekday() in self.workdays

    def qualified(self, skills: Iterable[str], day: date) -> bool:
        for code in skills:
            if code not in self.skills:
                return False
            until = self.skills[code]
            if until is not None and until < day:
                return False
        return True

    def load(self, day: date) -> int:
        return sum(b - a for a, b in self.busy.get(day, ()))

    def off_on(self, day: date) -> list[tuple[int, int]]:
        lo = datetime.combine(day, time())
        hi = lo + timedelta(days=1)
        found = []
        for a, b, _ in self.off:
            if a < hi and lo < b:
                found.append(
                    (
                        max(0, int((a - lo).total_seconds()) // 60),
                        min(1440, int((b - lo).total_seconds()) // 60),
                    )
                )
        return found

    def free_start(
        self, day: date, minutes: int, earliest: int | None = None, latest_end: int | None = None
    ) -> int | None:
        """The first start (a quarter hour) that fits the shift, the other visits and time off."""
        busy = self.busy.get(day, [])
        offs = self.off_on(day)
        lo = self.start if earliest is None else max(self.start, earliest)
        candidates = sorted({lo, *(b + GAP for _, b in busy), *(b for _, b in offs)})
        for cand in candidates:
            s = max(cand, lo)
            s = -(-s // 15) * 15
            e = s + minutes
            if e > self.end or (latest_end is not None and e > latest_end):
                continue
            if any(s < b + GAP and a < e + GAP for a, b in busy):
                continue
            if any(s < b and a < e for a, b in offs):
                continue
            return s
        return None

    def take(self, day: date, s: int, e: int) -> None:
        insort(self.busy.setdefault(day, []), (s, e))


@dataclass(eq=False)
class _Visit:
    crew: _Crew
    start: datetime
    end: datetime
    job: _Job | None = None
    deliberate: bool = False
    booking: m.Booking | None = None


@dataclass(eq=False)
class _Job:
    """A work order before it becomes mapped objects: what, where, when, who, how far along."""

    seq: int
    type: WorkOrderType
    priority: Priority
    site: m.Site
    asset: m.Asset | None
    summary: str
    problem: str
    resolution: str
    skills: tuple[str, ...]
    minutes: int
    parts: tuple[tuple[str, Decimal], ...]
    checklist: tuple[str, ...]
    task_codes: tuple[str, ...]
    era: str = "week"  # "history", "week" or "next"
    visits: list[_Visit] = field(default_factory=list)
    created: datetime | None = None
    due: datetime | None = None
    due_fixed: bool = False
    plan: m.PmPlan | None = None
    occurrence: datetime | None = None  # UTC instant of the plan occurrence
    source: RequestSource | None = None
    billable: bool = True
    status: Status = Status.OPEN
    cancel_reason: str | None = None
    cancelled_at: datetime | None = None
    hold_reason: str | None = None
    scope: tuple[str, str, str] | None = None
    gap: str | None = None
    # execution timeline (wall clock)
    started: datetime | None = None
    held: datetime | None = None
    labor: list[tuple[_Crew, datetime, datetime, bool, str]] = field(default_factory=list)
    completed: datetime | None = None
    verified: datetime | None = None
    invoiced: datetime | None = None
    closed: datetime | None = None
    invoice_key: tuple[str, ...] | None = None
    number: str = ""
    wo: m.WorkOrder | None = None
    lead_crew: _Crew | None = None
    call: str = ""  # what the caller said

    @property
    def first_start(self) -> datetime:
        return min(v.start for v in self.visits)

    @property
    def last_end(self) -> datetime:
        return max(v.end for v in self.visits)

    @property
    def lead(self) -> _Crew:
        return self.lead_crew or min(self.visits, key=lambda v: v.start).crew


@dataclass
class _Invoice:
    key: tuple[str, ...]
    customer: m.Customer
    at: datetime
    jobs: list[_Job] = field(default_factory=list)


class DemoState:
    """The builder's state: the catalogue, the random draws, the clock, and what is built so far."""

    def __init__(self, cat: Catalogue, now: datetime, seed: int, tz: ZoneInfo) -> None:
        self.cat = cat
        self.rng = random.Random(seed)
        self.tz = tz
        # "now" on the company's wall clock, to the minute: everything done is done before it.
        local = now.astimezone(tz)
        self.anchor = local.replace(tzinfo=None, second=0, microsecond=0)
        self.now = now
        self.today = self.anchor.date()
        self.monday = self.today - timedelta(days=self.today.weekday())
        self.next_monday = self.monday + timedelta(days=7)
        self.history_start = self.monday - timedelta(weeks=HISTORY_WEEKS)
        self.seq = 0
        self.jobs: list[_Job] = []
        self.extra_requests: list[m.WorkRequest] = []
        self.skills: dict[str, m.Skill] = {}
        self.crews: list[_Crew] = []
        self.customers: dict[str, m.Customer] = {}
        self.customer_sites: dict[str, list[m.Site]] = {}
        self.site_kind: dict[str, str] = {}
        self.sites: list[m.Site] = []
        self.assets: list[m.Asset] = []
        self.assets_by_type: dict[WorkOrderType, list[m.Asset]] = {}
        self.parts: dict[str, m.Part] = {}
        self.plans: list[m.PmPlan] = []
        self.agreements: list[tuple[m.Customer, m.Site | None, dict[str, object]]] = []
        self.invoices: list[m.Invoice] = []
        self.requests: list[m.WorkRequest] = []
        self.work_orders: list[m.WorkOrder] = []
        self.counters: dict[str, int] = {}
        self.confirmed = 0

    def utc(self, wall: datetime) -> datetime:
        """The instant of a wall-clock moment, keeping the order of the demo's moments.

        A time the spring change skips (02:30) would move an hour forward, after the times that
        follow it (03:10): it is taken as the first moment after the change instead.
        """
        exists = wall
        while to_local(wall_to_utc(exists, self.tz), self.tz).replace(tzinfo=None) != exists:
            exists = exists.replace(second=0, microsecond=0) + timedelta(minutes=1)
        return wall_to_utc(exists, self.tz)

    def _phone(self) -> str:
        return f"({self.rng.choice(self.cat.area_codes)}) 555-01{self.rng.randint(0, 99):02d}"

    def _person(self) -> str:
        return f"{self.rng.choice(self.cat.first_names)} {self.rng.choice(self.cat.last_names)}"

    def _minutes_between(self, lo: int, hi: int, step: int = 5) -> timedelta:
        return timedelta(minutes=self.rng.randrange(lo, hi + 1, step) if hi > lo else lo)

    def _weighted(self, pairs: Iterable[tuple[_T, int]]) -> _T:
        items = list(pairs)
        return self.rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]

    def _office(self) -> str:
        """Somebody in the office (who reviewed, verified, invoiced or confirmed)."""
        return self.rng.choice(self.cat.office)
