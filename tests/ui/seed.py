"""Data for the GUI tests: the Northwind sample, more work orders, execution records, plain rows.

``northwind`` imports the sample bundle (tests/data/northwind) with the CSV importer; the other
helpers write straight through the storage models (tests may), and ``plain_rows`` builds
WorkOrderRow values without any database, for the model tests.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from dispatch_console.domain.enums import PRIORITY_RANK, Priority, Status, WorkOrderType
from dispatch_console.services.bundle_import import import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderRow
from dispatch_console.storage import models as m

NORTHWIND = Path(__file__).resolve().parent.parent / "data" / "northwind"


def northwind(ctx: ServiceContext, folder: Path = NORTHWIND) -> None:
    """The Northwind sample bundle, through the CSV importer: 14 work orders, 6 technicians."""
    import_folder(ctx, folder)


def execution_details(ctx: ServiceContext, number: str) -> None:
    """A note, checklist ticks, a signature with an image, a photo and a scope change on ``number``."""
    now = ctx.now()
    with ctx.write("seed execution") as uow:
        wo = uow.work_order(number, full=True)
        wo.checklist = [
            m.ChecklistItem(
                position=0,
                text="Lock out the unit",
                done=True,
                done_by="Kai Schmidt",
                done_at=now - timedelta(hours=5),
            ),
            m.ChecklistItem(
                position=1,
                text="Check refrigerant pressures",
                done=True,
                done_by="Kai Schmidt",
                done_at=now - timedelta(hours=4),
            ),
            m.ChecklistItem(position=2, text="Clean the condenser coil", done=False),
        ]
        uow.add(
            m.Note(
                work_order=wo,
                author="Kai Schmidt",
                at=now - timedelta(hours=3),
                text="Contactor pitted.\nReplaced; unit cooling again.",
            )
        )
        uow.add(
            m.Signature(
                work_order=wo,
                signer_name="Pat Facilities",
                signed_at=now - timedelta(hours=2),
                image_png=png(40, 20),
            )
        )
        uow.add(
            m.Attachment(
                work_order=wo,
                kind="after",
                filename="coil.png",
                content_type="image/png",
                data=png(32, 24),
                caption="Coil after cleaning",
                added_by="Kai Schmidt",
                added_at=now - timedelta(hours=2),
            )
        )
        uow.add(
            m.ScopeChange(
                work_order=wo,
                seq=1,
                description="Replace the second contactor too",
                extra_hours=Decimal("0.5"),
                extra_cost=Decimal("41.10"),
                status="approved",
                requested_by="Kai Schmidt",
                requested_at=now - timedelta(hours=4),
                decided_by="Dana Dispatcher",
                decided_at=now - timedelta(hours=4),
                decision_note="Covered by the agreement",
            )
        )


def png(width: int, height: int) -> bytes:
    """A small solid PNG, without Qt or Pillow."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x30\x60\x90" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


SUMMARIES = [
    ("No heat on the second floor", WorkOrderType.CORRECTIVE, "HVAC"),
    ("Quarterly RTU service", WorkOrderType.PREVENTIVE, "HVAC"),
    ("Breaker trips when the oven starts", WorkOrderType.CORRECTIVE, "ELEC"),
    ("Water heater leaking in the utility room", WorkOrderType.EMERGENCY, "PLMB"),
    ("Annual boiler inspection", WorkOrderType.INSPECTION, "BOIL"),
    ("Install programmable thermostats (6)", WorkOrderType.INSTALLATION, "CTRL"),
    ("Walk-in cooler not holding temperature", WorkOrderType.EMERGENCY, "REFR"),
    ("Replace pleated filters, all units", WorkOrderType.PREVENTIVE, "HVAC"),
    ("Emergency lighting test", WorkOrderType.INSPECTION, "ELEC"),
    ("Noisy condenser fan motor", WorkOrderType.CORRECTIVE, "HVAC"),
    ("Add circuit for new dishwasher", WorkOrderType.INSTALLATION, "ELEC"),
    ("Backflow preventer annual test", WorkOrderType.INSPECTION, "PLMB"),
    ("BAS trend review and setpoint tune-up", WorkOrderType.GENERAL, "CTRL"),
    ("Ice machine not making ice", WorkOrderType.CORRECTIVE, "REFR"),
    ("Chiller oil and refrigerant analysis", WorkOrderType.PREVENTIVE, "REFR"),
]
STATUS_MIX = [
    Status.OPEN,
    Status.OPEN,
    Status.OPEN,
    Status.SCHEDULED,
    Status.SCHEDULED,
    Status.SCHEDULED,
    Status.DISPATCHED,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.COMPLETED,
    Status.VERIFIED,
    Status.INVOICED,
    Status.CLOSED,
    Status.CLOSED,
    Status.CANCELLED,
]
BOOKED = {
    Status.SCHEDULED,
    Status.DISPATCHED,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.COMPLETED,
    Status.VERIFIED,
    Status.INVOICED,
    Status.CLOSED,
}
PRIORITY_MIX = (
    [Priority.NORMAL] * 6 + [Priority.HIGH] * 3 + [Priority.LOW] * 2 + [Priority.EMERGENCY]
)


def more_work_orders(ctx: ServiceContext, count: int, *, seed: int = 7) -> None:
    """``count`` more work orders over the Northwind sites and technicians (call northwind first)."""
    rng = random.Random(seed)
    now = ctx.now()
    with ctx.write("seed work orders") as uow:
        sites = list(uow.all(m.Site))
        techs = list(uow.all(m.Technician))
        skills = {s.code: s for s in uow.all(m.Skill)}
        for _ in range(count):
            summary, type_, skill = rng.choice(SUMMARIES)
            status = rng.choice(STATUS_MIX)
            priority = (
                Priority.EMERGENCY if type_ == WorkOrderType.EMERGENCY else rng.choice(PRIORITY_MIX)
            )
            created = now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 9))
            due = created + timedelta(days=rng.choice([1, 3, 7, 14, 21, 30]))
            due = due.replace(hour=23, minute=0, second=0, microsecond=0)
            wo = m.WorkOrder(
                number=uow.next_number("work_order", "WO-", m.WorkOrder),
                type=type_,
                priority=priority,
                priority_rank=PRIORITY_RANK[priority],
                status=status,
                site=rng.choice(sites),
                summary=summary,
                description="Reported by the site contact; see the notes for access.",
                estimated_hours=Decimal(rng.choice(["1", "1.5", "2", "3", "4", "8"])),
                due_by=due if rng.random() > 0.1 else None,
                created_at=created,
                required_skills=[skills[skill]] if skill in skills else [],
            )
            if status in BOOKED:
                day = now + timedelta(days=rng.randint(-20, 12))
                start = datetime.combine(day.date(), time(13 + rng.randint(0, 8)), tzinfo=UTC)
                hours = int(wo.estimated_hours) or 1
                crew = rng.sample(techs, 2 if rng.random() < 0.12 else 1)
                wo.bookings = [
                    m.Booking(technician=t, start=start, end=start + timedelta(hours=hours))
                    for t in crew
                ]
            uow.add(wo)
            uow.flush()


def company_only(
    ctx: ServiceContext, *, name: str = "Acme Mechanical", tz: str = "America/Chicago"
) -> None:
    from dispatch_console.services import company

    company.save_settings(
        ctx, company.CompanySettings(name=name, timezone=tz, tax_rate=Decimal("8.25"))
    )


TECH_NAMES = [
    "Ana Reyes",
    "Ben Okafor",
    "Kai Schmidt",
    "Dev Brennan",
    "Carla Brennan",
    "Omar Kowalski",
]
CUSTOMERS = ["Lakeside Medical", "Elm Street Bakery", "Trinity Office Park", "Oak Cliff Schools"]


def plain_rows(count: int, *, now: datetime, seed: int = 11) -> list[WorkOrderRow]:
    """``count`` WorkOrderRow values with every status, type and priority, no database."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        summary, type_, _skill = SUMMARIES[i % len(SUMMARIES)]
        status = list(Status)[i % len(Status)]
        priority = list(Priority)[(i // 3) % len(Priority)]
        techs = tuple(rng.sample(TECH_NAMES, rng.choice([0, 1, 1, 2])))
        customer = CUSTOMERS[i % len(CUSTOMERS)]
        site = f"Building {'ABC'[i % 3]}"
        number = f"WO-{1001 + i}"
        scheduled = now + timedelta(hours=rng.randint(-300, 300)) if techs else None
        due = now + timedelta(hours=rng.randint(-200, 400)) if i % 7 else None
        rows.append(
            WorkOrderRow(
                id=i + 1,
                number=number,
                type=type_,
                priority=priority,
                status=status,
                summary=summary,
                customer=customer,
                site=site,
                technicians=techs,
                scheduled_start=scheduled,
                due_by=due,
                created_at=now - timedelta(days=i % 30),
                estimated_hours=Decimal(rng.choice(["0.5", "1", "2", "2.5", "8", "12"])),
                version=1,
                search_text=" ".join([number, summary, customer, site, *techs]).casefold(),
            )
        )
    return rows
