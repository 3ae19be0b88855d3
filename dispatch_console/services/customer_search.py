"""Finding the caller's customer as the dispatcher types: name, phone, site address or code.

Ranked as ``domain/search_rank.py`` says (an exact code or phone number first, then prefixes,
then anything containing the text) and limited, in the database, so every keystroke is quick
over tens of thousands of customers.
"""

from __future__ import annotations

from dataclasses import dataclass

from dispatch_console.domain.search_rank import DEFAULT_LIMIT, phone_rank, rank_of, search_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import record_queries as q


@dataclass(frozen=True)
class SiteChoice:
    """A site of a found customer, with what intake fills in from it; ``matched``: the typed text
    matched this site (it comes first)."""

    code: str
    name: str
    address: str
    contact_name: str
    contact_phone: str
    access_notes: str
    matched: bool


@dataclass(frozen=True)
class CustomerChoice:
    code: str
    name: str
    phone: str
    email: str
    rank: int  # search_rank.EXACT, PREFIX or CONTAINS
    sites: tuple[SiteChoice, ...]


def find_customers(ctx: ServiceContext, text: str, limit: int = DEFAULT_LIMIT) -> list[CustomerChoice]:
    """The customers the text may mean, best first, each with its sites (matching ones first)."""
    wanted = search_text(text)
    if wanted.empty or limit <= 0:
        return []
    with ctx.read() as uow:
        customers = q.search_customers(uow, wanted, limit)
        sites: dict[int, list[SiteChoice]] = {}
        for s in q.sites_of_customers(uow, [c.id for c in customers]):
            ranks = [
                rank_of(s.code, wanted, exact_counts=True), rank_of(s.name, wanted),
                rank_of(s.address, wanted), phone_rank(s.contact_phone, wanted),
            ]
            sites.setdefault(s.customer_id, []).append(
                SiteChoice(
                    code=s.code, name=s.name, address=s.address, contact_name=s.contact_name or "",
                    contact_phone=s.contact_phone or "", access_notes=s.access_notes or "",
                    matched=any(r is not None for r in ranks),
                )
            )
    return [
        CustomerChoice(
            code=c.code, name=c.name, phone=c.phone or "", email=c.email or "", rank=int(c.rank),
            sites=tuple(sorted(sites.get(c.id, []), key=lambda s: not s.matched)),
        )
        for c in customers
    ]
