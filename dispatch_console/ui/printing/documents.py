"""The documents the console prints, and the one way a screen gets one made.

A ``Document`` names what to print in the dispatcher's words and how to make it; ``produce``
makes it through the window's ``Operations``, so it is made off the GUI thread like every use
case (the window stays painted; a missing number is refused in words). A day's crew sheets may
be hundreds of pages: they show a progress note at once. A day with no work is refused in
words ("no technician has work on Fri 4 Dec") rather than printed as an empty sheet.

The ``dispatch_console.documents`` functions are imported when a document is made, not when
the console starts (reportlab and the fonts load then).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from dispatch_console.domain.enums import WEEKDAYS
from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.crew_sheet_data import crew_day
from dispatch_console.ui.operations import Op, Operations

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Document:
    """A document to print, preview, save or open."""

    #: In the dispatcher's words: "work order WO-1042", "crew sheets for Fri 4 Dec".
    title: str
    #: The name it is offered to be saved under: "WO-1042.pdf".
    file_name: str
    #: Makes the PDF (on a worker thread); raises a ``DispatchError`` saying why it cannot.
    make: Callable[[ServiceContext], bytes]
    #: Shown at once while it is made (long documents); None: a quick one.
    progress_text: str | None = None


@dataclass(frozen=True)
class CrewMember:
    """A technician with work on a day, as the crew sheets dialog lists them."""

    code: str
    name: str
    jobs: int


def file_name(text: str) -> str:
    """``text`` as a file name on every system (no slashes, colons or the like)."""
    cleaned = re.sub(r"[^\w.\-]+", "-", text, flags=re.UNICODE).strip("-.")
    return cleaned or "document"


def day_words(day: date, today: date | None = None) -> str:
    """``Fri 4 Dec``; with the year when it is not ``today``'s."""
    words = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return words if today is not None and today.year == day.year else f"{words} {day.year}"


def company_today(ctx: ServiceContext) -> date:
    """Today on the company's calendar (its time zone, the context's clock)."""
    return to_local(ctx.now(), ctx.zone()).date()


def tomorrow(ctx: ServiceContext) -> date:
    return company_today(ctx) + timedelta(days=1)


def work_order(number: str) -> Document:
    def make(ctx: ServiceContext) -> bytes:
        from dispatch_console.documents.work_order_pdf import work_order_pdf

        return work_order_pdf(ctx, number)

    return Document(f"work order {number}", f"{file_name(number)}.pdf", make)


def invoice(number: str) -> Document:
    def make(ctx: ServiceContext) -> bytes:
        from dispatch_console.documents.invoice_pdf import invoice_pdf

        return invoice_pdf(ctx, number)

    return Document(f"invoice {number}", f"{file_name(number)}.pdf", make)


def crew_members(ctx: ServiceContext, day: date) -> list[CrewMember]:
    """The technicians with work on ``day`` (the company's calendar day), by name, with the
    number of jobs each has that day."""
    return [CrewMember(tech.code, tech.name, len(tech.jobs)) for tech in crew_day(ctx, day).technicians]


def crew_sheets(day: date, tech_codes: Sequence[str] | None = None, *, today: date | None = None) -> Document:
    """The crew sheets of ``day``: of every technician with work that day, or of those
    ``tech_codes`` names (one with no work that day gets no page). Refused in words when none
    of them has work that day."""
    codes = list(tech_codes) if tech_codes is not None else None
    words = day_words(day, today)
    name = f"crew-sheets-{day.isoformat()}"
    if codes is not None and 0 < len(codes) <= 3:
        name += "-" + "-".join(file_name(code) for code in codes)

    def make(ctx: ServiceContext) -> bytes:
        from dispatch_console.documents.crew_sheets import crew_sheets_pdf

        with_work = {member.code for member in crew_members(ctx, day)}
        if codes is not None:
            if not codes:
                raise NotFound("no technician is chosen")
            if not with_work.intersection(codes):
                if len(codes) == 1:
                    raise NotFound(f"the technician chosen has no work on {words}")
                raise NotFound(f"none of the technicians chosen has work on {words}")
        elif not with_work:
            raise NotFound(f"no technician has work on {words}")
        return crew_sheets_pdf(ctx, day, codes)

    return Document(
        f"crew sheets for {words}", f"{name}.pdf", make, progress_text=f"Making the crew sheets for {words}…"
    )


def produce(operations: Operations, document: Document, parent: QWidget | None, verb: str) -> bytes | None:
    """Make ``document`` off the GUI thread through ``operations`` ("Print work order WO-1042":
    ``verb`` names what it is made for); its PDF, or None when it was refused (the refusal is
    shown in words)."""
    title = f"{verb} {document.title}"
    op: Op[bytes] = Op(title, lambda _confirm: document.make(operations.ctx), parent, done=lambda _pdf: f"{title}: made")
    if document.progress_text is not None:
        outcome = operations.run_in_background(op, document.make, progress_text=document.progress_text)
    else:
        outcome = operations.run(op)
    return outcome.value if outcome is not None else None
