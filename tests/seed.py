"""A small company written straight through the storage layer, for tests that need a few records."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m

#: Monday 30 Nov 2026, 09:00 in Chicago (the small company's zone) as an instant.
MON_9 = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    """``hours`` after Monday 09:00 Chicago time, as an instant."""
    return MON_9 + timedelta(hours=hours)


def small_company(ctx: ServiceContext, *, tz: str = "America/Chicago") -> None:
    """Two techs (HVAC / ELEC), one customer with two sites and assets, two parts."""
    with ctx.write("seed") as uow:
        uow.add(
            m.Company(
                id=1, name="Acme Mechanical", timezone=tz, currency="USD",
                tax_rate=Decimal("8.25"), payment_terms_days=30,
            )
        )
        hvac = m.Skill(code="HVAC", name="HVAC service")
        elec = m.Skill(code="ELEC", name="Electrical")
        uow.add_all([hvac, elec])
        ana = m.Technician(
            code="T1", name="Ana Reyes", hourly_rate=Decimal("85.00"), shift_start=time(8),
            shift_end=time(17), workdays="Mon;Tue;Wed;Thu;Fri", active=True,
            home_lat=32.78, home_lon=-96.80,
        )
        ana.skills = [m.TechnicianSkill(skill=hvac, certified_until=date(2027, 6, 30))]
        ben = m.Technician(
            code="T2", name="Ben Okafor", hourly_rate=Decimal("95.50"), shift_start=time(7),
            shift_end=time(15, 30), workdays="Mon;Tue;Wed;Thu;Fri", active=True,
        )
        ben.skills = [
            m.TechnicianSkill(skill=elec, certified_until=date(2026, 10, 31)),
            m.TechnicianSkill(skill=hvac, certified_until=None),
        ]
        uow.add_all([ana, ben])
        lakeside = m.Customer(code="C1", name="Lakeside Medical", tax_rate=None)
        bakery = m.Customer(code="C2", name="Elm Street Bakery", tax_rate=Decimal("0"))
        uow.add_all([lakeside, bakery])
        s1 = m.Site(code="S1", customer=lakeside, name="Building A", address="100 Main St", lat=32.80, lon=-96.80)
        s2 = m.Site(code="S2", customer=bakery, name="Shop", address="7 Elm St", lat=32.90, lon=-96.70)
        uow.add_all([s1, s2])
        uow.add_all(
            [
                m.Asset(code="A1", site=s1, name="RTU 1", category="RTU", warranty_until=date(2027, 5, 1)),
                m.Asset(code="A2", site=s2, name="Oven circuit", category="Panel"),
                m.Part(sku="F-2020", description="Pleated filter 20x20x2", unit_price=Decimal("12.50"), unit="ea"),
                m.Part(sku="R410A", description="Refrigerant R-410A", unit_price=Decimal("28.40"), unit="lb"),
            ]
        )
