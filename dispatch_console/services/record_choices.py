"""Choosing a customer, site, asset or part in an editor: the few records the typed text may
mean, and how the record already chosen is named.

An editor never lists every record (there may be 10,000 customers and 20,000 sites): each
keystroke asks for at most ``CHOICE_LIMIT`` matches, ranked in the database as
``domain/search_rank.py`` says, and a record being edited names its choice with one lookup.
Every choice is shown as its ``label`` in the field, so the label of a record is made here once,
for the list and for the field alike.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dispatch_console.domain.search_rank import search_text
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import record_queries as q

#: The most matches an editor's choice lists: enough to scroll through, few enough to read;
#: whoever needs another one types a little more.
CHOICE_LIMIT = 50


class Choice(NamedTuple):
    """One record to choose: its ``code``, the ``label`` the field shows once it is chosen, and a
    ``detail`` the list shows beside the label to tell similar records apart."""

    code: str
    label: str
    detail: str = ""


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _joined(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


# -- customers ----------------------------------------------------------------------------------
def _customer(row: Any) -> Choice:
    return Choice(row.code, f"{row.name} ({row.code})", row.phone or "")


def customer_choices(ctx: ServiceContext, text: str, limit: int = CHOICE_LIMIT) -> list[Choice]:
    """The customers the text may mean (name, code, phone, or a site's code, name, address or
    contact phone), best first; the first by name when nothing is typed."""
    if limit <= 0:
        return []
    with ctx.read() as uow:
        return [_customer(r) for r in q.customer_choices(uow, search_text(text), limit)]


def customer_label(ctx: ServiceContext, code: str) -> str | None:
    """How the customer with this code is shown once chosen (None: there is none)."""
    with ctx.read() as uow:
        row = q.customer_choice(uow, code.strip())
    return None if row is None else _customer(row).label


# -- sites --------------------------------------------------------------------------------------
def _site(row: Any) -> Choice:
    return Choice(row.code, f"{row.name} — {row.customer_name} ({row.code})", _first_line(row.address))


def site_choices(
    ctx: ServiceContext, text: str, limit: int = CHOICE_LIMIT, *, customer_code: str | None = None
) -> list[Choice]:
    """The sites the text may mean (their code, name, address or contact phone, or their
    customer's code or name), best first; only ``customer_code``'s sites if given."""
    if limit <= 0:
        return []
    with ctx.read() as uow:
        return [_site(r) for r in q.site_choices(uow, search_text(text), limit, customer_code)]


def site_label(ctx: ServiceContext, code: str) -> str | None:
    with ctx.read() as uow:
        row = q.site_choice(uow, code.strip())
    return None if row is None else _site(row).label


# -- assets -------------------------------------------------------------------------------------
def _asset(row: Any) -> Choice:
    serial = f"serial {row.serial}" if row.serial else None
    return Choice(row.code, f"{row.name} — {row.site_name} ({row.code})", _joined(row.category, serial))


def asset_choices(
    ctx: ServiceContext, text: str, limit: int = CHOICE_LIMIT, *, site_code: str | None = None
) -> list[Choice]:
    """The assets the text may mean (code, serial, name, category, make, model, or their site's
    code or name), best first; only ``site_code``'s assets if given."""
    if limit <= 0:
        return []
    with ctx.read() as uow:
        return [_asset(r) for r in q.asset_choices(uow, search_text(text), limit, site_code)]


def asset_label(ctx: ServiceContext, code: str) -> str | None:
    with ctx.read() as uow:
        row = q.asset_choice(uow, code.strip())
    return None if row is None else _asset(row).label


# -- parts --------------------------------------------------------------------------------------
def _part(row: Any) -> Choice:
    return Choice(row.sku, f"{row.sku} — {row.description}")


def part_choices(ctx: ServiceContext, text: str, limit: int = CHOICE_LIMIT) -> list[Choice]:
    """The parts the text may mean (SKU or description), best first; by SKU when nothing is typed."""
    if limit <= 0:
        return []
    with ctx.read() as uow:
        return [_part(r) for r in q.part_list(uow, search_text(text), limit)]


def part_label(ctx: ServiceContext, sku: str) -> str | None:
    with ctx.read() as uow:
        row = q.part_choice(uow, sku.strip())
    return None if row is None else _part(row).label
