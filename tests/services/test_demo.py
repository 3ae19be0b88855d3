"""The demo company: complete, dated around the clock's now, consistent with every rule, deterministic."""

from __future__ import annotations

import shutil
import struct
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from dispatch_console.domain import lifecycle
from dispatch_console.domain.conflicts import ConflictKind, booking_conflicts
from dispatch_console.domain.enums import (
    PRIORITY_RANK,
    PhotoKind,
    PlanMode,
    RequestSource,
    RequestStatus,
    ScopeChangeStatus,
    Status,
    WorkOrderType,
)
from dispatch_console.domain.errors import DispatchError, RuleViolation
from dispatch_console.domain.money import (
    effective_tax_rate,
    invoice_totals,
    labor_amount,
    parts_amount,
)
from dispatch_console.domain.plan_schedule import LastVisit, PlanTiming, next_after
from dispatch_console.domain.recurrence import occurrences_between, parse_rule
from dispatch_console.domain.timekeeping import to_local, wall_to_utc, zone
from dispatch_console.domain.travel import distance_km
from dispatch_console.services import billing, company, dispatch
from dispatch_console.services.company import CompanySettings
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.demo import (
    DemoSummary,
    build_demo_company,
    create_demo_company,
    planned,
    png_square,
    rules,
)
from dispatch_console.services.demo.catalogue import load
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from dispatch_console.storage.unit_of_work import UnitOfWork
from tests.conftest import PG_SERVER, Clock, _pg_admin_url
from tests.seed import small_company

#: Each test builds the demo company (a few seconds; more on a loaded machine).
pytestmark = pytest.mark.slow

DEMO_TIMEZONE = "America/Chicago"
TZ = zone(DEMO_TIMEZONE)
# The conftest clock: Thursday 26 Nov 2026, 09:00 in Chicago.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 26)
# A Monday just after the spring change to daylight time (11:20 CDT): the week has no past days.
OTHER_NOW = datetime(2027, 3, 15, 16, 20, tzinfo=UTC)
OTHER_DAY = date(2027, 3, 15)
DOWNTOWN = (32.7767, -96.7970)  # Dallas

BOOKED = frozenset(Status) - {Status.OPEN, Status.CANCELLED}
FINISHED_WORK = frozenset({Status.COMPLETED, Status.VERIFIED, Status.INVOICED, Status.CLOSED})
VERIFIED_OR_LATER = frozenset({Status.VERIFIED, Status.INVOICED, Status.CLOSED})


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An instant given on the demo company's wall clock."""
    return wall_to_utc(datetime(year, month, day, hour, minute), TZ)


def week_of(today: date) -> tuple[datetime, datetime]:
    monday = today - timedelta(days=today.weekday())
    start = wall_to_utc(datetime.combine(monday, datetime.min.time()), TZ)
    end = wall_to_utc(datetime.combine(monday + timedelta(days=7), datetime.min.time()), TZ)
    return start, end


def load_orders(uow: UnitOfWork) -> list[m.WorkOrder]:
    """Every work order with its record, in a handful of queries (the checks read them all)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    stmt = (
        select(m.WorkOrder)
        .options(
            selectinload(m.WorkOrder.bookings),
            selectinload(m.WorkOrder.labor),
            selectinload(m.WorkOrder.parts_used),
            selectinload(m.WorkOrder.notes),
            selectinload(m.WorkOrder.scope_changes),
            selectinload(m.WorkOrder.checklist),
            selectinload(m.WorkOrder.signature),
            selectinload(m.WorkOrder.request),
        )
        .order_by(m.WorkOrder.number)
    )
    return list(uow.session.scalars(stmt).all())


def in_week(wo: m.WorkOrder, start: datetime, end: datetime) -> bool:
    """On this week's board (its last visit ends this week), in the queue unless due next week or
    later, or cancelled this week."""
    if wo.bookings:
        return start <= max(b.end for b in wo.bookings) < end
    if wo.status == Status.OPEN:
        return wo.due_by is None or wo.due_by < end
    assert wo.status == Status.CANCELLED and wo.closed_at is not None
    return start <= wo.closed_at < end


# -- databases ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def make_db(
    _template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Database]]:
    """Fresh migrated databases for this module (SQLite here, PostgreSQL in CI)."""
    made: list[tuple[Database, str | None]] = []

    def make() -> Database:
        if PG_SERVER:
            from sqlalchemy import create_engine, text

            name = f"dc_demo_{uuid.uuid4().hex[:10]}"
            admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
            admin.dispose()
            database = Database(
                _pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://")
            )
            made.append((database, name))
        else:
            path = tmp_path_factory.mktemp("demo") / "dispatch.db"
            shutil.copyfile(_template, path)
            database = Database(f"sqlite:///{path}")
            made.append((database, None))
        return database

    yield make
    for database, name in made:
        database.dispose()
        if name:
            from sqlalchemy import create_engine, text

            admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


class Demo:
    def __init__(
        self,
        ctx: ServiceContext,
        summary: DemoSummary,
        now: datetime,
        seconds: float,
        seen: list[Changes],
    ):
        self.ctx = ctx
        self.summary = summary
        self.now = now
        self.today = to_local(now, TZ).date()
        self.seconds = seconds
        self.seen = seen


def _create(make_db: Callable[[], Database], now: datetime, seed: int = 7) -> Demo:
    ctx = ServiceContext(db=make_db(), actor="Dana Dispatcher", clock=Clock(now))
    seen: list[Changes] = []
    ctx.subscribe(seen.append)
    started = time.perf_counter()
    summary = create_demo_company(ctx, seed=seed)
    seconds = time.perf_counter() - started
    print(
        f"\ncreate_demo_company(now={now:%Y-%m-%d %H:%M} UTC) took {seconds:.2f} s on {ctx.db.engine.dialect.name}"
    )
    return Demo(ctx, summary, now, seconds, seen)


@pytest.fixture(scope="module")
def demo(make_db: Callable[[], Database]) -> Demo:
    """The demo company at the conftest clock's now."""
    return _create(make_db, NOW)


@pytest.fixture(scope="module")
def other_demo(make_db: Callable[[], Database]) -> Demo:
    return _create(make_db, OTHER_NOW)


# -- the checks, for any demo -------------------------------------------------------------------


def check_contents(d: Demo) -> None:
    week_start, week_end = week_of(d.today)
    now = d.now
    with d.ctx.read() as uow:
        summary = d.summary
        assert summary.today == d.today
        counts = {
            "technicians": uow.count(m.Technician),
            "customers": uow.count(m.Customer),
            "sites": uow.count(m.Site),
            "assets": uow.count(m.Asset),
            "parts": uow.count(m.Part),
            "plans": uow.count(m.PmPlan),
            "work_orders": uow.count(m.WorkOrder),
            "invoices": uow.count(m.Invoice),
            "requests": uow.count(m.WorkRequest),
            "bookings": uow.count(m.Booking),
            "agreements": uow.count(m.ServiceAgreement),
            "skills": uow.count(m.Skill),
        }
        assert counts == {k: getattr(summary, k) for k in counts}
        assert counts["technicians"] >= 12 and counts["customers"] == 30 and counts["sites"] == 60
        assert counts["assets"] >= 60 and counts["parts"] >= 20 and counts["plans"] >= 8
        assert counts["skills"] == 7 and counts["agreements"] >= 3

        orders = load_orders(uow)
        week = [wo for wo in orders if in_week(wo, week_start, week_end)]
        assert 130 <= len(week) <= 175 and len(week) == summary.this_week
        assert {Status(wo.status) for wo in week} == set(Status)
        assert {WorkOrderType(wo.type) for wo in week} == set(WorkOrderType)
        queue = [wo for wo in orders if wo.status == Status.OPEN]
        assert len(queue) == summary.open_queue >= 20
        assert sum(1 for wo in queue if wo.due_by is not None and wo.due_by < now) >= 2
        assert len({wo.priority for wo in queue}) >= 3

        history = [
            wo for wo in orders if wo.bookings and max(b.end for b in wo.bookings) < week_start
        ]
        assert len(history) >= 400
        assert Counter(Status(wo.status) for wo in history).keys() <= {
            Status.CLOSED,
            Status.INVOICED,
            Status.VERIFIED,
        }
        oldest = min(wo.created_at for wo in orders)
        assert oldest <= now - timedelta(days=90)
        assert (
            len({wo.site_id for wo in history}) >= 50
            and len({wo.asset_id for wo in history}) >= 100
        )

        # Technicians: shifts, days, certifications (two expired lately), time off this week and next.
        techs = uow.all(m.Technician)
        shifts = {(t.shift_start.hour, t.shift_end.hour) for t in techs}
        assert {(7, 15), (8, 17), (10, 19)} <= shifts
        assert "Tue;Wed;Thu;Fri;Sat" in {t.workdays for t in techs}
        assert all(1 <= len(t.skills) <= 3 for t in techs)
        assert all(65 <= t.hourly_rate <= 125 for t in techs)
        expired = [
            s for t in techs for s in t.skills if s.certified_until and s.certified_until < d.today
        ]
        assert 1 <= len(expired) <= 2
        assert all(d.today - s.certified_until <= timedelta(days=60) for s in expired)
        time_off = uow.all(m.TimeOff, order_by=m.TimeOff.start)
        assert any(week_start <= t.start < week_end for t in time_off)
        assert any(week_end <= t.start < week_end + timedelta(days=7) for t in time_off)

        # Requests: new ones awaiting review, rejected ones with reasons, approved ones linked.
        requests = uow.all(m.WorkRequest, order_by=m.WorkRequest.number)
        by_status = Counter(RequestStatus(r.status) for r in requests)
        assert by_status[RequestStatus.NEW] >= 5 and by_status[RequestStatus.REJECTED] >= 3
        assert all(r.rejection_reason for r in requests if r.status == RequestStatus.REJECTED)
        assert all(r.work_order is not None for r in requests if r.status == RequestStatus.APPROVED)
        assert all(r.work_order is None for r in requests if r.status != RequestStatus.APPROVED)
        assert {RequestSource.CUSTOMER, RequestSource.TECHNICIAN} <= {
            RequestSource(r.source) for r in requests if r.status == RequestStatus.NEW
        }
        assert all(r.received_at <= now for r in requests)
        assert [r.number for r in requests] == [f"REQ-{1001 + i}" for i in range(len(requests))]

        assert [wo.number for wo in orders] == [f"WO-{10001 + i}" for i in range(len(orders))]
        assert all(wo.priority_rank == PRIORITY_RANK[wo.priority] for wo in orders)
        # Tax-exempt customers, warranties, agreements.
        assert sum(1 for c in uow.all(m.Customer) if c.tax_rate == 0) >= 2
        assets = uow.all(m.Asset)
        assert any(a.warranty_until and a.warranty_until >= d.today for a in assets)
        assert any(a.warranty_until and a.warranty_until < d.today for a in assets)
        assert all(a.make and a.model and a.serial and a.installed_on for a in assets)
        sites = uow.all(m.Site)
        assert all(
            s.access_notes and s.contact_name and s.contact_phone and s.address for s in sites
        )
        assert all(distance_km(s.lat, s.lon, *DOWNTOWN) <= 40 for s in sites)
        assert all(distance_km(t.home_lat, t.home_lon, *DOWNTOWN) <= 40 for t in techs)
        assert all(1 <= len(s.assets) <= 4 for s in sites)
        plans = uow.all(m.PmPlan)
        assert all(
            p.checklist and p.required_skills and p.lead_days > 0 and p.active for p in plans
        )
        assert sum(1 for p in plans if p.preferred_technician_id) >= 3
        assert {WorkOrderType(p.type) for p in plans} == {
            WorkOrderType.PREVENTIVE,
            WorkOrderType.INSPECTION,
        }


def check_records(d: Demo) -> None:
    """Each order's record fits its status: bookings, execution, closeout, timestamps."""
    now = d.now
    with d.ctx.read() as uow:
        orders = load_orders(uow)
        for wo in orders:
            status = Status(wo.status)
            label = f"{wo.number} ({status})"
            if status in BOOKED:
                assert wo.bookings, label
                assert wo.created_at < min(b.start for b in wo.bookings), label
            else:
                assert not wo.bookings, label
            assert wo.created_at <= now, label
            if status == Status.CANCELLED:
                assert wo.cancel_reason and wo.closed_at and wo.created_at < wo.closed_at <= now, (
                    label
                )
                continue
            if status in (Status.OPEN, Status.SCHEDULED, Status.DISPATCHED):
                assert wo.started_at is None and not wo.labor and not wo.parts_used, label
                continue
            assert wo.started_at is not None and wo.created_at < wo.started_at <= now, label
            for entry in wo.labor:
                assert wo.started_at - timedelta(minutes=10) <= entry.start < entry.end <= now, (
                    label
                )
                assert any(
                    b.technician_id == entry.technician_id
                    and b.start <= entry.start
                    and entry.end <= b.end + timedelta(minutes=30)
                    for b in wo.bookings
                ), label
            if status == Status.ON_HOLD:
                assert wo.hold_reason, label
                pending = [c for c in wo.scope_changes if c.status == ScopeChangeStatus.PENDING]
                if wo.hold_reason.startswith("scope change"):
                    assert [c.seq for c in pending] == [1], label
            if status in FINISHED_WORK:
                facts = uow.facts(wo)
                assert facts.labor_count > 0 and not facts.pending_scope_changes, label
                assert wo.completed_at is not None
                assert max(e.end for e in wo.labor) <= wo.completed_at <= now, label
            if status in VERIFIED_OR_LATER:
                assert lifecycle.closeout_gaps(facts) == [], label
                assert wo.verified_at is not None and wo.verified_by, label
                assert wo.completed_at <= wo.verified_at <= now, label
            if status == Status.CLOSED:
                assert wo.closed_at is not None and wo.verified_at <= wo.closed_at <= now, label
            for note in wo.notes:
                assert note.at <= now and note.author, label
        counts = Counter(WorkOrderType(wo.type) for wo in orders if wo.status in VERIFIED_OR_LATER)
        assert set(counts) == set(WorkOrderType)


def check_bookings(d: Demo) -> None:
    """No booking conflicts unless the dispatcher confirmed them, in the very words of the rules."""
    confirmed: list[set[ConflictKind]] = []
    with d.ctx.read() as uow:
        load_orders(uow)
        for booking in uow.all(m.Booking, order_by=m.Booking.id):
            wo = booking.work_order
            calendar = dispatch.tech_calendar(
                uow, booking.technician, booking.start, booking.end, [booking.id]
            )
            found = booking_conflicts(
                calendar,
                booking.start,
                booking.end,
                TZ,
                [s.code for s in wo.required_skills],
                wo.due_by,
            )
            if booking.confirmed_conflicts:
                assert found, wo.number
                assert booking.confirmed_conflicts == "; ".join(c.message for c in found)
                assert booking.confirmed_by
                confirmed.append({c.kind for c in found})
            else:
                assert found == [], (wo.number, [c.message for c in found])
    assert 2 <= len(confirmed) <= 8
    assert set().union(*confirmed) <= {
        ConflictKind.OUTSIDE_SHIFT,
        ConflictKind.EXPIRED_CERTIFICATION,
        ConflictKind.AFTER_DUE,
        ConflictKind.DAY_OFF,
    }


def check_invoices(d: Demo) -> None:
    """Every line and total follows the money rules; a work order is billed at most once."""
    with d.ctx.read() as uow:
        company_rate = uow.company().tax_rate
        billed: Counter[int] = Counter()
        orders = load_orders(uow)
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        invoices = list(
            uow.session.scalars(
                select(m.Invoice).options(selectinload(m.Invoice.lines)).order_by(m.Invoice.number)
            ).all()
        )
        assert invoices and [i.number for i in invoices] == [
            f"INV-{1001 + n}" for n in range(len(invoices))
        ]
        for invoice in invoices:
            on_invoice: dict[int, m.WorkOrder] = {}
            for line in invoice.lines:
                on_invoice.setdefault(line.work_order_id, line.work_order)
            expected: list[tuple[str, str, object, object]] = []
            for wo in on_invoice.values():
                billed[wo.id] += 1
                assert wo.site.customer_id == invoice.customer_id
                assert Status(wo.status) in (Status.INVOICED, Status.CLOSED) and wo.billable
                assert wo.verified_at <= invoice.created_at
                for entry in wo.labor:
                    if entry.billable:
                        rate = entry.technician.hourly_rate
                        expected.append(
                            ("labor", wo.number, rate, labor_amount(entry.start, entry.end, rate))
                        )
                for used in wo.parts_used:
                    price = used.unit_price if used.unit_price is not None else used.part.unit_price
                    expected.append(("part", wo.number, price, parts_amount(used.quantity, price)))
            actual = [
                (line.kind, line.description.split()[0], line.unit_price, line.amount)
                for line in invoice.lines
            ]
            # Labor entries that start at the same minute may come in either order.
            assert sorted(actual, key=str) == sorted(expected, key=str), invoice.number
            assert [a[:2] for a in actual] == [e[:2] for e in expected], invoice.number
            assert [line.position for line in invoice.lines] == list(
                range(1, len(invoice.lines) + 1)
            )
            rate = effective_tax_rate(invoice.customer.tax_rate, company_rate)
            totals = invoice_totals([line.amount for line in invoice.lines], rate)
            assert (invoice.tax_rate, invoice.subtotal, invoice.tax, invoice.total) == (
                rate,
                totals.subtotal,
                totals.tax,
                totals.total,
            )
            assert invoice.due_on == invoice.issued_on + timedelta(days=30)
            assert invoice.created_at <= d.now
        for wo in orders:
            expected_bills = (
                1
                if wo.status == Status.INVOICED or (wo.status == Status.CLOSED and wo.billable)
                else 0
            )
            assert billed[wo.id] == expected_bills, wo.number


def check_plans(d: Demo) -> None:
    """One work order per plan occurrence: exactly the ones the scheduler would have made by now."""
    now = d.now
    with d.ctx.read() as uow:
        everything = uow.all(m.WorkOrder)
        for plan in uow.all(m.PmPlan):
            orders = [wo for wo in everything if wo.pm_plan_id == plan.id]
            occurrences = [wo.pm_occurrence for wo in orders]
            assert len(occurrences) == len(set(occurrences)) >= 1, plan.code
            assert all(wo.due_by == wo.pm_occurrence and wo.type == plan.type for wo in orders)
            # Made lead days (on the wall clock) before each occurrence: none made after now.
            horizon = to_local(now, TZ).replace(tzinfo=None) + timedelta(days=plan.lead_days)
            expected = occurrences_between(
                plan.rrule, plan.start_wall, TZ, None, wall_to_utc(horizon, TZ)
            )
            assert all(wo.created_at <= now for wo in orders), plan.code
            assert sorted(occurrences) == expected, plan.code
            assert (
                plan.start_wall.tzinfo is None
                and to_local(expected[0], TZ).replace(tzinfo=None) == plan.start_wall
            )
            # The console's first generation goes on from the last occurrence made.
            assert plan.generated_through == max(occurrences), plan.code
            assert all(wo.closeout_needs == plan.closeout_needs for wo in orders), plan.code
            if plan.mode == PlanMode.AFTER_COMPLETION:
                check_chain(plan, sorted(orders, key=lambda wo: wo.pm_occurrence))
        plans = uow.all(m.PmPlan)
        assert sum(1 for p in plans if p.mode == PlanMode.AFTER_COMPLETION) >= 2
        needing = [p for p in plans if "signature" in p.closeout_needs]
        assert needing and all(WorkOrderType(p.type) == WorkOrderType.PREVENTIVE for p in needing)
        signed = [wo for wo in everything if wo.pm_plan_id in {p.id for p in needing} and wo.status in VERIFIED_OR_LATER]
        assert signed and all(wo.signature is not None for wo in signed)


def check_chain(plan: m.PmPlan, orders: list[m.WorkOrder]) -> None:
    """An after-completion plan's visits: each counted from the day the one before was finished,
    which was finished before the next was made (its occurrence less the lead days)."""
    rule = parse_rule(plan.rrule, plan.start_wall, TZ)
    for before, after in zip(orders, orders[1:], strict=False):
        done = before.completed_at or (before.pm_occurrence if before.status == Status.CANCELLED else None)
        assert done is not None and done <= after.created_at, (plan.code, before.number)
        last = LastVisit(before.pm_occurrence, to_local(done, TZ).date())
        timing = PlanTiming(plan.rrule, plan.start_wall, PlanMode.AFTER_COMPLETION, plan.lead_days,
                            before.pm_occurrence)
        assert next_after(rule, timing, TZ, last, 1) == after.pm_occurrence, (plan.code, after.number)


def check_numbers_continue(d: Demo) -> None:
    """The next numbers of each series follow the demo's, without collisions."""

    class Rollback(Exception):
        pass

    with d.ctx.read() as uow:
        wos, reqs, invs = uow.count(m.WorkOrder), uow.count(m.WorkRequest), uow.count(m.Invoice)
    with pytest.raises(Rollback), d.ctx.write("probe") as uow:
        assert uow.next_number("work_order", "WO-", m.WorkOrder) == f"WO-{10001 + wos}"
        assert uow.next_number("work_request", "REQ-", m.WorkRequest) == f"REQ-{1001 + reqs}"
        assert uow.next_number("invoice", "INV-", m.Invoice) == f"INV-{1001 + invs}"
        raise Rollback


# -- the tests ----------------------------------------------------------------------------------


def test_demo_company_contents(demo: Demo) -> None:
    assert demo.today == TODAY  # from the clock, in the company's zone
    check_contents(demo)
    with demo.ctx.read() as uow:
        settings = company.get_settings(demo.ctx)
        assert settings.timezone == DEMO_TIMEZONE and settings.currency == "USD"
        assert settings.tax_rate == 8.25 and settings.payment_terms_days == 30
        assert "\n" in settings.address and settings.phone and settings.email
        assert {"HVAC", "ELEC", "PLMB", "REFR", "BOIL", "CTRL", "FIRE"} == {
            s.code for s in uow.all(m.Skill)
        }
    assert str(demo.summary).startswith("Bluebonnet Building Services")


def test_demo_records_follow_the_lifecycle(demo: Demo) -> None:
    check_records(demo)


def test_demo_bookings_fit_shifts_skills_and_time_off(demo: Demo) -> None:
    check_bookings(demo)


def test_demo_invoices_follow_the_money_rules(demo: Demo) -> None:
    check_invoices(demo)


def test_demo_plans_have_one_order_per_occurrence(demo: Demo) -> None:
    check_plans(demo)


def test_demo_number_series_continue(demo: Demo) -> None:
    check_numbers_continue(demo)


def test_demo_photos_and_execution_details(demo: Demo) -> None:
    with demo.ctx.read() as uow:
        photos = uow.all(m.Attachment, order_by=m.Attachment.id)
        assert {PhotoKind(p.kind) for p in photos} == set(PhotoKind)
        for photo in photos:
            assert photo.content_type == "image/png" and photo.filename.endswith(".png")
            assert_valid_png(photo.data)
        installs = [
            wo
            for wo in uow.all(m.WorkOrder)
            if wo.type == WorkOrderType.INSTALLATION and wo.status in VERIFIED_OR_LATER
        ]
        assert installs and all(len({b.technician_id for b in wo.bookings}) == 2 for wo in installs)
        assert all(len({to_local(b.start, TZ).date() for b in wo.bookings}) == 2 for wo in installs)
        scope = Counter(
            ScopeChangeStatus(c.status) for c in uow.all(m.ScopeChange, order_by=m.ScopeChange.id)
        )
        assert scope[ScopeChangeStatus.PENDING] >= 1 and scope[ScopeChangeStatus.APPROVED] >= 1
        assert (
            uow.count(m.Signature) >= 200
            and uow.count(m.Note) >= 500
            and uow.count(m.PartUsed) >= 300
        )


def test_demo_notifies_every_view(demo: Demo) -> None:
    assert len(demo.seen) == 1
    assert {"company", "technician", "customer", "work_order", "booking", "invoice"} <= demo.seen[
        0
    ].entities


def test_demo_is_quick(demo: Demo) -> None:
    # No hard limit (machines differ); `pytest -s` prints the time. Well under 5 s on SQLite here.
    assert demo.seconds > 0


def test_another_day_shifts_everything(demo: Demo, other_demo: Demo) -> None:
    check_contents(other_demo)
    check_records(other_demo)
    check_bookings(other_demo)
    check_invoices(other_demo)
    check_plans(other_demo)
    start, end = week_of(OTHER_DAY)
    with other_demo.ctx.read() as uow:
        booked = [b for b in uow.all(m.Booking) if start <= b.start < end]
        assert len(booked) >= 100
        newest = max(wo.created_at for wo in uow.all(m.WorkOrder))
        assert OTHER_NOW - timedelta(days=1) <= newest <= OTHER_NOW


def test_same_seed_and_day_give_the_same_company(
    demo: Demo, make_db: Callable[[], Database]
) -> None:
    again = _create(make_db, NOW)
    assert again.summary == demo.summary
    assert fingerprint(again.ctx) == fingerprint(demo.ctx)
    assert schedule(NOW, 7) == schedule(NOW, 7)
    assert schedule(NOW, 8) != schedule(NOW, 7)


def schedule(now: datetime, seed: int) -> list[tuple[object, ...]]:
    return [
        (
            job.summary,
            job.status,
            job.created,
            tuple((v.crew.code, v.start, v.end) for v in job.visits),
        )
        for job in planned(now, seed).jobs
    ]


@pytest.mark.parametrize("offset", range(7))
def test_every_day_of_the_week_shows_every_status(offset: int) -> None:
    """Monday morning (no past days) to Sunday (one technician at work): all statuses and types."""
    now = local(2026, 11, 23 + offset, 10, 0)
    week = [job for job in planned(now, 7).jobs if job.era == "week"]
    assert {job.status for job in week} == set(Status)
    assert {job.type for job in week} == set(WorkOrderType)
    assert 130 <= len(week) <= 175


# -- the demo agrees with its clock -------------------------------------------------------------

CLOCKS = {
    "a weekday morning before the shifts": local(2026, 11, 24, 6, 40),
    "a weekday evening": local(2026, 11, 25, 21, 15),
    "a Saturday afternoon": local(2026, 11, 28, 14, 5),
    "late on a Sunday": local(2026, 11, 29, 23, 50),
    "just after the spring change to daylight time": local(2027, 3, 14, 3, 30),
    "in the repeated hour of the autumn change": datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
    "a leap day in another year": local(2028, 2, 29, 12, 0),
    # A real clock is seldom on the minute: the demo must not fail at 10:15:25 (it did).
    "seconds past the minute, as a real clock reads": local(2026, 12, 1, 10, 15) + timedelta(seconds=25, microseconds=123456),
    "the last second of a quarter hour": local(2026, 12, 1, 10, 0) + timedelta(seconds=59),
}
DONE = frozenset({Status.COMPLETED, Status.VERIFIED, Status.INVOICED, Status.CLOSED})
UNDER_WAY = frozenset({Status.IN_PROGRESS, Status.ON_HOLD})


def recorded_moments(wo: m.WorkOrder) -> list[tuple[str, datetime]]:
    """Everything dated on a work order, its request included (``None`` left out)."""
    found: list[tuple[str, datetime | None]] = [
        ("created", wo.created_at),
        ("started", wo.started_at),
        ("completed", wo.completed_at),
        ("verified", wo.verified_at),
        ("closed", wo.closed_at),
    ]
    found += [("labor start", e.start) for e in wo.labor]
    found += [("labor end", e.end) for e in wo.labor]
    found += [("note", n.at) for n in wo.notes]
    found += [("tick", item.done_at) for item in wo.checklist]
    found += [("photo", a.added_at) for a in wo.attachments]
    found += [("scope change", c.requested_at) for c in wo.scope_changes]
    found += [("scope decision", c.decided_at) for c in wo.scope_changes]
    if wo.signature is not None:
        found.append(("signature", wo.signature.signed_at))
    if wo.request is not None:
        found += [("received", wo.request.received_at), ("reviewed", wo.request.reviewed_at)]
    return [(what, at) for what, at in found if at is not None]


def check_agrees_with(now: datetime, orders: list[m.WorkOrder], billed: set[str]) -> None:
    """Done work is over, work under way has begun, work to come has not; nothing is in the future."""
    today = to_local(now, TZ).date()
    for wo in orders:
        status = Status(wo.status)
        label = f"{wo.number} ({status}) at {to_local(now, TZ):%a %d %b %H:%M}"
        late = [what for what, at in recorded_moments(wo) if at > now]
        assert not late, (label, late)
        starts = [b.start for b in wo.bookings]
        ends = [b.end for b in wo.bookings]
        if status in DONE:
            assert max(ends) <= now, label  # no booking of completed work ends after now
            assert wo.completed_at is not None and max(e.end for e in wo.labor) <= wo.completed_at
        if status in UNDER_WAY:
            assert min(starts) <= now, label  # no in-progress job starts after now
            assert wo.started_at is not None and min(starts) <= wo.started_at <= now, label
        if status in (Status.SCHEDULED, Status.DISPATCHED):
            assert min(starts) >= now and wo.started_at is None and not wo.labor, label
        if starts:
            assert wo.created_at < min(starts), label
        for booking in wo.bookings:
            if to_local(booking.start, TZ).date() != today:
                continue
            if booking.end <= now:  # today's visits before now: done or under way
                assert status in DONE | UNDER_WAY, label
            if booking.start >= now:  # and after now: still to do
                assert status in UNDER_WAY | {Status.SCHEDULED, Status.DISPATCHED}, label
        if status in (Status.VERIFIED, Status.INVOICED, Status.CLOSED):
            facts = rules.facts_of(wo)
            assert lifecycle.closeout_gaps(facts) == [], label
            lifecycle.check_verify(replace(facts, status=Status.COMPLETED))
        if status == Status.COMPLETED or status in UNDER_WAY:
            assert wo.number not in billed, label


@pytest.mark.parametrize("when", CLOCKS, ids=list(CLOCKS))
def test_the_demo_agrees_with_its_clock(when: str) -> None:
    now = CLOCKS[when]
    demo = build_demo_company(now)
    orders = demo.work_orders
    invoices = [o for o in demo.objects if isinstance(o, m.Invoice)]
    billed = {line.work_order.number for i in invoices for line in i.lines}
    assert demo.summary.today == to_local(now, TZ).date()
    check_agrees_with(now, orders, billed)
    rules.check(orders, billed, now)
    requests = [o for o in demo.objects if isinstance(o, m.WorkRequest)]
    assert requests and all(r.received_at <= now for r in requests)
    assert all(r.reviewed_at is None or r.received_at <= r.reviewed_at <= now for r in requests)
    assert invoices and all(i.created_at <= now for i in invoices)
    assert all(i.issued_on <= to_local(now, TZ).date() for i in invoices)
    for invoice in invoices:  # the money rules, line by line and in total
        rate = effective_tax_rate(invoice.customer.tax_rate, Decimal("8.25"))
        amounts = [line.amount for line in invoice.lines]
        for line in invoice.lines:
            assert line.amount == parts_amount(line.quantity, line.unit_price) or (
                line.kind == "labor"
            ), invoice.number
        totals = invoice_totals(amounts, rate)
        assert (invoice.subtotal, invoice.tax, invoice.total) == (
            totals.subtotal,
            totals.tax,
            totals.total,
        )
    statuses = Counter(Status(wo.status) for wo in orders)
    assert statuses[Status.OPEN] >= 20 and statuses[Status.CLOSED] >= 100


def test_late_on_sunday_nothing_is_left_to_come_this_week() -> None:
    """After the last shift of the week, this week's work is done or under way; next week's waits."""
    now = CLOCKS["late on a Sunday"]
    builder = planned(now)
    week = [job for job in builder.jobs if job.era == "week" and job.visits]
    assert week and all(job.last_end <= builder.anchor or job.status in UNDER_WAY for job in week)
    coming = [job for job in builder.jobs if job.era == "next"]
    assert coming and {job.status for job in coming if job.visits} == {Status.SCHEDULED}


def test_the_lifecycle_check_refuses_what_the_rules_forbid() -> None:
    """The demo's own check (run before anything is written) fails on a forbidden record."""
    demo = build_demo_company(NOW)
    orders = {Status(wo.status): wo for wo in demo.work_orders}
    invoices = [o for o in demo.objects if isinstance(o, m.Invoice)]
    billed = {line.work_order.number for i in invoices for line in i.lines}
    rules.check(demo.work_orders, billed, NOW)  # as built: allowed

    verified = orders[Status.VERIFIED]
    verified.notes.clear()  # verified without the notes its type requires
    invoiced = orders[Status.INVOICED]
    completed = orders[Status.COMPLETED]
    completed.completed_at = NOW + timedelta(minutes=1)  # completed in the future
    scheduled = orders[Status.SCHEDULED]
    scheduled.bookings.clear()  # scheduled without a booking
    with pytest.raises(RuleViolation) as refused:
        rules.check(
            [verified, invoiced, completed, scheduled], billed - {invoiced.number}, NOW
        )
    text = str(refused.value)
    assert refused.value.subject == "cannot create the demo company"
    assert f"cannot verify {verified.number}: no notes" in text
    assert f"{invoiced.number} is invoiced but on no invoice" in text
    assert f"{completed.number}: completed after now" in text
    assert f"{scheduled.number} has no booking" in text


def test_demo_invoices_are_what_billing_makes(make_db: Callable[[], Database]) -> None:
    """Bill the work orders of a few demo invoices again through billing: the same lines and totals."""
    d = _create(make_db, NOW)
    with d.ctx.read() as uow:
        invoices = uow.all(m.Invoice, order_by=m.Invoice.number)
        exempt = next(i for i in invoices if i.customer.tax_rate == 0)
        several = next(i for i in invoices if len({line.work_order_id for line in i.lines}) > 1)
        picked = {i.number: i for i in (invoices[0], exempt, several, invoices[-1])}
        saved = {}
        for number, invoice in picked.items():
            orders = list(dict.fromkeys(line.work_order.number for line in invoice.lines))
            lines = [
                (line.kind, line.description, line.quantity, line.unit_price, line.amount)
                for line in invoice.lines
            ]
            totals = (invoice.tax_rate, invoice.subtotal, invoice.tax, invoice.total)
            saved[number] = (orders, lines, totals, invoice.created_at)
    for number, (orders, lines, totals, created_at) in saved.items():
        with d.ctx.write("Take the invoice back (test)") as uow:  # as it was before billing
            invoice = uow.require(m.Invoice, number)
            for wo in uow.work_orders_by_numbers(orders).values():
                wo.status = Status.VERIFIED
                wo.closed_at = None
            uow.delete(invoice)
        d.ctx.clock = Clock(created_at)
        again = billing.create_invoice(d.ctx, orders)
        with d.ctx.read() as uow:
            invoice = uow.require(m.Invoice, again.number)
            assert [
                (line.kind, line.description, line.quantity, line.unit_price, line.amount)
                for line in invoice.lines
            ] == lines, number
            assert (invoice.tax_rate, invoice.subtotal, invoice.tax, invoice.total) == totals


def test_the_data_is_in_resources() -> None:
    """The catalogue is read from resources/demo, beside the fonts, not written into the code."""
    catalogue = load()
    root = Path(__file__).resolve().parents[2]
    assert (root / "resources" / "demo" / "equipment.json").is_file()
    assert catalogue.timezone == DEMO_TIMEZONE and catalogue.company["name"].startswith("Bluebonnet")
    assert len(catalogue.techs) == 14 and len(catalogue.customers) == 30
    assert sum(len(c.sites) for c in catalogue.customers) == 60 and len(catalogue.plans) == 11


def test_missing_data_is_said_in_words(tmp_path: Path) -> None:
    with pytest.raises(DispatchError, match="the demo company's data is missing: cannot read"):
        load(tmp_path)


def test_refuses_a_database_with_data_and_writes_nothing(ctx: ServiceContext) -> None:
    small_company(ctx)
    with ctx.read() as uow:
        before = {
            model: uow.count(model)
            for model in (m.AuditEntry, m.WorkOrder, m.Technician, m.Customer)
        }
        counters = {c.name: c.next_value for c in uow.all(m.Counter, order_by=m.Counter.name)}
    seen: list[Changes] = []
    ctx.subscribe(seen.append)
    with pytest.raises(RuleViolation) as refused:
        create_demo_company(ctx)
    assert refused.value.subject == "cannot create the demo company"
    assert refused.value.reasons[0].startswith("the database already has data; ")
    assert "2 technicians" in str(refused.value)
    with ctx.read() as uow:
        assert {model: uow.count(model) for model in before} == before
        assert {
            c.name: c.next_value for c in uow.all(m.Counter, order_by=m.Counter.name)
        } == counters
    assert seen == []


def test_refuses_when_only_the_company_is_set_up(ctx: ServiceContext) -> None:
    company.save_settings(ctx, CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    with pytest.raises(RuleViolation, match="already has data; .*a company"):
        create_demo_company(ctx)
    with ctx.read() as uow:
        assert uow.count(m.Technician) == 0 and uow.count(m.WorkOrder) == 0


def test_png_square_is_a_valid_png() -> None:
    data = png_square((10, 200, 30), 8)
    width, height, pixels = assert_valid_png(data)
    assert (width, height) == (8, 8) and pixels[1:4] == bytes((10, 200, 30))


# -- helpers ------------------------------------------------------------------------------------


def assert_valid_png(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        tag = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(tag + body) & 0xFFFFFFFF
        chunks.append((tag, body))
        offset += 12 + length
    assert [t for t, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and colour == 2
    pixels = zlib.decompress(chunks[1][1])
    assert len(pixels) == height * (1 + 3 * width)
    return width, height, pixels


def fingerprint(ctx: ServiceContext) -> list[tuple[object, ...]]:
    with ctx.read() as uow:
        rows: list[tuple[object, ...]] = []
        for wo in load_orders(uow):
            rows.append(
                (
                    wo.number,
                    wo.type,
                    wo.status,
                    wo.priority,
                    wo.summary,
                    wo.site.code,
                    wo.asset.code if wo.asset else None,
                    wo.created_at,
                    wo.due_by,
                    wo.closed_at,
                    sorted(
                        (b.technician.code, b.start, b.end, b.confirmed_conflicts or "")
                        for b in wo.bookings
                    ),
                    sorted((e.technician.code, e.start, e.end, e.billable) for e in wo.labor),
                )
            )
        for invoice in uow.all(m.Invoice, order_by=m.Invoice.number):
            rows.append((invoice.number, invoice.customer.code, invoice.issued_on, invoice.total))
        for request in uow.all(m.WorkRequest, order_by=m.WorkRequest.number):
            rows.append((request.number, request.status, request.problem, request.received_at))
        for tech in uow.all(m.Technician):
            rows.append((tech.code, tech.name, tech.home_lat, tech.phone))
        return rows
