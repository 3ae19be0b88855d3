"""A big schedule for the board's benchmark (and smaller ones for tests): bulk-inserted rows."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert

from dispatch_console.domain.enums import PRIORITY_RANK, Priority, Status, WorkOrderType
from dispatch_console.domain.timekeeping import wall_to_utc, zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m

SKILLS = ["HVAC", "ELEC", "PLMB", "REFR", "BOIL"]
TZ = "America/Chicago"


def build_schedule(
    ctx: ServiceContext,
    *,
    technicians: int = 200,
    days: int = 14,
    bookings: int = 10_000,
    queued: int = 1_000,
    first_day: date = date(2026, 11, 30),
    seed: int = 1,
) -> None:
    """Technicians with 8-hour shifts and bookings packed into them, plus open work orders."""
    rnd = random.Random(seed)
    tz = zone(TZ)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with ctx.write("benchmark data") as uow:
        s = uow.session
        s.add(m.Company(id=1, name="Bench Mechanical", timezone=TZ, currency="USD", tax_rate=Decimal("8.25")))
        s.execute(insert(m.Skill), [{"id": i + 1, "code": c, "name": c, "version": 1} for i, c in enumerate(SKILLS)])
        s.execute(insert(m.Customer), [{"id": 1, "code": "C1", "name": "Bench Customer", "version": 1}])
        s.execute(
            insert(m.Site),
            [
                {"id": i + 1, "code": f"S{i + 1}", "customer_id": 1, "name": f"Site {i + 1}",
                 "address": f"{i + 1} Main St", "lat": 32.6 + rnd.random() * 0.5,
                 "lon": -97.1 + rnd.random() * 0.6, "version": 1}
                for i in range(100)
            ],
        )
        s.execute(
            insert(m.Technician),
            [
                {"id": i + 1, "code": f"T{i + 1:03d}", "name": f"Technician {i + 1:03d}",
                 "hourly_rate": Decimal("80"), "shift_start": time(8), "shift_end": time(16),
                 "workdays": "Mon;Tue;Wed;Thu;Fri;Sat;Sun", "active": True, "version": 1,
                 "home_lat": 32.7, "home_lon": -96.8}
                for i in range(technicians)
            ],
        )
        s.execute(
            insert(m.TechnicianSkill),
            [{"technician_id": i + 1, "skill_id": (i % len(SKILLS)) + 1} for i in range(technicians)],
        )
        slots = technicians * days
        orders = []
        booking_rows = []
        number = 100000
        for t in range(technicians):
            for d in range(days):
                day = first_day + timedelta(days=d)
                index = t * days + d
                # Spread the bookings evenly: some tech-days get one more than others.
                per_tech_day = bookings * (index + 1) // slots - bookings * index // slots
                slot_hours = 8 / max(per_tech_day, 1)
                for k in range(per_tech_day):
                    number += 1
                    start_wall = datetime.combine(day, time(8)) + timedelta(hours=k * slot_hours)
                    start = wall_to_utc(start_wall, tz)
                    end = start + timedelta(hours=slot_hours * 0.85)
                    type_ = rnd.choice(list(WorkOrderType))
                    priority = rnd.choice(list(Priority))
                    orders.append(
                        {"id": number, "number": f"WO-{number}", "type": type_.value, "priority": priority.value,
                         "priority_rank": PRIORITY_RANK[priority], "status": Status.SCHEDULED.value,
                         "site_id": rnd.randint(1, 100), "summary": f"{type_.value.title()} visit {number}",
                         "estimated_hours": Decimal("2"), "created_at": now, "task_codes": [],
                         "billable": True, "version": 1, "due_by": end + timedelta(days=3)}
                    )
                    booking_rows.append(
                        {"work_order_id": number, "technician_id": t + 1, "start": start, "end": end, "version": 1}
                    )
        for q in range(queued):
            number += 1
            priority = rnd.choice(list(Priority))
            orders.append(
                {"id": number, "number": f"WO-{number}", "type": WorkOrderType.CORRECTIVE.value,
                 "priority": priority.value, "priority_rank": PRIORITY_RANK[priority],
                 "status": Status.OPEN.value, "site_id": rnd.randint(1, 100),
                 "summary": f"Queued job {q + 1}", "estimated_hours": Decimal("2"), "created_at": now,
                 "task_codes": [], "billable": True, "version": 1,
                 "due_by": wall_to_utc(datetime.combine(first_day, time(17)), tz) + timedelta(days=rnd.randint(0, 13))}
            )
        s.execute(insert(m.WorkOrder), orders)
        s.execute(insert(m.Booking), booking_rows)
