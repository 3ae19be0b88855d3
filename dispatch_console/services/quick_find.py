"""Quick find (Ctrl+K): one box for work order numbers, customers, phones, sites, addresses,
asset serials and technicians; what each hit is, and what to open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dispatch_console.domain.enums import Status
from dispatch_console.domain.search_rank import DEFAULT_LIMIT, search_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import record_queries as q


class HitKind(StrEnum):
    """What a hit opens; equal ranks list in this order."""

    WORK_ORDER = "work_order"
    CUSTOMER = "customer"
    SITE = "site"
    ASSET = "asset"
    TECHNICIAN = "technician"


_ORDER = {kind: i for i, kind in enumerate(HitKind)}


@dataclass(frozen=True)
class Hit:
    """One result: open ``kind`` by ``key`` (a work order number, or a record's code); the
    ``subtitle`` gives its details (the screen names the kind itself)."""

    kind: HitKind
    key: str
    title: str
    subtitle: str
    rank: int


def _joined(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _first_up(text: str) -> str:
    """A status opening the line as the lists write it ("In progress")."""
    return text[:1].upper() + text[1:]


def search(ctx: ServiceContext, text: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """The best ``limit`` hits for the text, best rank first, then by kind and title."""
    wanted = search_text(text)
    if wanted.empty or limit <= 0:
        return []
    hits: list[Hit] = []
    with ctx.read() as uow:
        for r in q.find_work_orders(uow, wanted, limit):
            hits.append(Hit(
                HitKind.WORK_ORDER, r.number, f"{r.number} {r.summary}",
                _joined(_first_up(Status(r.status).label), r.customer_name, r.site_name), int(r.rank),
            ))
        for r in q.find_customers(uow, wanted, limit):
            hits.append(Hit(HitKind.CUSTOMER, r.code, r.name, _joined(r.code, r.phone), int(r.rank)))
        for r in q.find_sites(uow, wanted, limit):
            hits.append(Hit(
                HitKind.SITE, r.code, f"{r.name}, {r.customer_name}", _joined(r.code, r.address),
                int(r.rank),
            ))
        for r in q.find_assets(uow, wanted, limit):
            serial = f"serial {r.serial}" if r.serial else None
            hits.append(Hit(
                HitKind.ASSET, r.code, r.name, _joined(r.code, serial, r.site_name), int(r.rank)
            ))
        for r in q.find_technicians(uow, wanted, limit):
            hits.append(Hit(
                HitKind.TECHNICIAN, r.code, r.name,
                _joined(r.code, r.phone, None if r.active else "inactive"), int(r.rank),
            ))
    hits.sort(key=lambda h: (h.rank, _ORDER[h.kind], h.title.casefold()))
    return hits[:limit]
