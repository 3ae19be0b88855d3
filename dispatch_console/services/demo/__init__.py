"""A realistic demo company, so a first start shows a working dispatch office at once.

``create_demo_company`` fills an empty database with a Dallas-area mechanical, electrical and
plumbing contractor: technicians with skills, certifications, shifts and time off; customers,
sites and equipment; parts; service agreements; recurring plans; requests; about 150 work orders
on this week's board and in the queue; and six months of finished history with invoices.

The data (names, places, equipment and the work it gets, what people write) is in
``resources/demo/*.json`` (``catalogue``). Everything is dated around the service context's
clock, ``ctx.now()``: work is done before now, under way across it, and scheduled after it; no
record is dated after now. Draws come from ``random.Random(seed)``, so the same seed and clock
give the same company.

The modules build it in steps, each a layer of one builder: ``roster`` (company, technicians),
``customers`` (sites, equipment, parts, agreements), ``work`` (what a job is), ``placing`` (free
slots, recurring plans), ``this_week`` (today's story, the queue, requests, statuses),
``progress`` (labor, completion, verification, billing runs), ``bookings`` (the conflict rules),
``invoices`` (the money rules) and ``records`` (mapped objects, then ``rules``: every work order
walked through the lifecycle's guards). It is written in one unit of work; calling the services
step by step for months of history would take minutes, so the guards are applied instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.timekeeping import zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.demo.base import DemoSummary
from dispatch_console.services.demo.catalogue import load
from dispatch_console.services.demo.photos import png_square
from dispatch_console.services.demo.records import Records
from dispatch_console.storage import models as m

__all__ = [
    "DemoBuild",
    "DemoSummary",
    "build_demo_company",
    "create_demo_company",
    "png_square",
]

class DemoBuilder(Records):
    """Every step of the demo, in order (see the modules named in this package's docstring)."""

    def build(self) -> None:
        self.build_company()
        self.build_roster()
        self.build_customers()
        self.build_parts_and_agreements()
        self.build_schedule()
        self.assign_statuses()
        self.execute()
        self.materialize()


@dataclass
class DemoBuild:
    """The demo company as mapped objects, not yet in any database (see ``build_demo_company``)."""

    objects: list[m.Base]
    work_orders: list[m.WorkOrder]
    agreements: list[tuple[m.Customer, m.Site | None, dict[str, object]]]
    counters: dict[str, int]
    confirmed_conflicts: int
    summary: DemoSummary


def planned(now: datetime, seed: int = 7) -> DemoBuilder:
    """The demo built in memory around ``now`` (an instant with a time zone)."""
    catalogue = load()
    builder = DemoBuilder(catalogue, now, seed, zone(catalogue.timezone))
    builder.build()
    return builder


def build_demo_company(now: datetime, seed: int = 7) -> DemoBuild:
    """Build the demo company in memory: deterministic for ``now`` and ``seed``, no I/O."""
    builder = planned(now, seed)
    objects: list[m.Base] = [builder.company, *builder.skills.values()]
    objects += [c.obj for c in builder.crews]
    objects += list(builder.customers.values())
    objects += builder.sites
    objects += builder.assets
    objects += list(builder.parts.values())
    objects += builder.plans
    objects += builder.requests
    objects += builder.work_orders
    objects += builder.invoices
    return DemoBuild(
        objects=objects,
        work_orders=builder.work_orders,
        agreements=builder.agreements,
        counters=builder.counters,
        confirmed_conflicts=builder.confirmed,
        summary=builder.summary(),
    )


_WHAT_COUNTS = (
    (m.Skill, "skill", "skills"),
    (m.Technician, "technician", "technicians"),
    (m.Customer, "customer", "customers"),
    (m.Site, "site", "sites"),
    (m.Part, "part", "parts"),
    (m.PmPlan, "recurring plan", "recurring plans"),
    (m.WorkRequest, "request", "requests"),
    (m.WorkOrder, "work order", "work orders"),
)


def create_demo_company(ctx: ServiceContext, *, seed: int = 7) -> DemoSummary:
    """Fill an EMPTY database with the demo company, dated around ``ctx.now()``; what it holds.

    A database with a company or any technician, customer, work order (or other master data)
    is refused and left untouched.
    """
    with ctx.write("Create demo company") as uow:
        uow.serialize(uow.COMPANY_DATA)  # a second PC's demo or import waits, then finds the data
        found = []
        if uow.company() is not None:
            found.append("a company")
        for model, one, many in _WHAT_COUNTS:
            count = uow.count(model)
            if count:
                found.append(f"{count} {one if count == 1 else many}")
        if found:
            raise RuleViolation(
                "cannot create the demo company",
                [
                    (
                        "the database already has data; the demo company goes only into an empty "
                        f"database (this one has {', '.join(found)})"
                    )
                ],
            )
        demo = build_demo_company(ctx.now(), seed)
        uow.add_all(demo.objects)
        uow.flush()
        uow.add_all(
            m.ServiceAgreement(
                customer_id=customer.id,
                site_id=site.id if site is not None else None,
                **fields,
            )
            for customer, site, fields in demo.agreements
        )
        counters = {c.name: c for c in uow.all(m.Counter, order_by=m.Counter.name)}
        for name, next_value in sorted(demo.counters.items()):
            counter = counters.get(name)
            if counter is None:
                uow.add(m.Counter(name=name, next_value=next_value))
            else:
                counter.next_value = max(counter.next_value, next_value)
        uow.flush()
        summary = demo.summary
    return summary
