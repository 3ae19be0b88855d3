"""Work orders and invoices to print, made through the services as the office and the crew would
(over the small company of tests/seed.py), and the PDFs read back as text."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from PIL import Image, ImageDraw
from pypdf import PdfReader

from dispatch_console.domain.enums import PhotoKind, Priority, WorkOrderType
from dispatch_console.services import billing, dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.seed import at

#: Names as dispatchers type them, in several scripts (each must print exactly).
NAMES = ("Nguyễn Thị Hương", "Łukasz Żółć", "Παπαδόπουλος", "Ковальчук", "François Ångström-Müller")
#: Text that platypus would take as markup if it were not escaped.
MARKUP = ("<b>bold</b>", "&amp;", '<img src="file:///etc/passwd"/>', "<para>", "A & B < C > D")
CHECKLIST = ("Isolate power and lock out", "Replace the blower motor", "Check amperage against the plate")


def dress_company(ctx: ServiceContext, *, customer: str | None = None, contact: str = "Maria Gomez",
                  access: str = "Roof hatch key at the front desk; sign in with security.") -> None:
    """What the small company lacks for a full document: the company's address and phone, the
    site's contact and access notes, the asset's make, model and serial."""
    with ctx.write("test: dress") as uow:
        company = uow.company()
        assert company is not None
        company.address = "2100 Commerce Street\nDallas, TX 75201"
        company.phone = "(214) 555-0100"
        company.email = "office@acme-mech.example"
        site = uow.require(m.Site, "S1")
        site.contact_name = contact
        site.contact_phone = "(214) 555-0199"
        site.access_notes = access
        asset = uow.require(m.Asset, "A1")
        asset.make = "Carrier"
        asset.model = "48FC-06"
        asset.serial = "4820G11234"
        customer_row = uow.require(m.Customer, "C1")
        customer_row.billing_address = "Accounts Payable\n100 Main St, Suite 400\nDallas, TX 75202"
        if customer is not None:
            customer_row.name = customer


def picture(width: int, height: int, color: str, *, text: str = "") -> bytes:
    """A small PNG (a photo, a signature) made here, so no file is read."""
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((4, 4, width - 5, height - 5), outline="black", width=3)
    if text:
        draw.text((12, 12), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signature_png() -> bytes:
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 80), (60, 30), (90, 90), (130, 35), (170, 85), (220, 40), (300, 70)], fill=(20, 30, 90, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def planned_job(
    ctx: ServiceContext,
    *,
    summary: str = "Replace the RTU 1 blower motor",
    description: str = "The blower motor hums but does not turn.\nBring the replacement motor and a capacitor.",
    checklist: Sequence[str] = CHECKLIST,
) -> str:
    """A corrective work order on asset A1 with a checklist and planned parts, not booked."""
    return work_orders.create_work_order(
        ctx,
        WorkOrderSpec(
            type=WorkOrderType.CORRECTIVE, site_code="S1", asset_code="A1", summary=summary,
            description=description, priority=Priority.HIGH, estimated_hours=Decimal("2.5"),
            due_by=at(8), checklist=tuple(checklist),
            planned_parts=(("F-2020", Decimal("4")), ("R410A", Decimal("2.5"))),
        ),
    )


def worked_job(ctx: ServiceContext, clock, *, sign: bool = True, photos: int = 2, note: str = "Motor replaced; amperage 4.1 A.", **plan) -> str:
    """``planned_job`` booked to both technicians, worked (labor, a part, a note, a tick, photos)
    and signed by the customer."""
    number = planned_job(ctx, **plan)
    clock.now = at(-1)
    dispatch.book(ctx, number, "T1", at(0), at(2), confirm=True)
    dispatch.book(ctx, number, "T2", at(0.5), at(2), confirm=True)
    dispatch.dispatch(ctx, number)
    execution.start(ctx, number)
    clock.now = at(3)
    execution.log_labor(ctx, number, "T1", at(0), at(1.5))
    execution.log_labor(ctx, number, "T2", at(0.5), at(2), billable=False, note="Training")
    execution.use_part(ctx, number, "F-2020", Decimal("2"))
    if note:
        execution.add_note(ctx, number, note)
    execution.tick_checklist(ctx, number, 0)
    execution.tick_checklist(ctx, number, 1)
    for i in range(photos):
        kind = PhotoKind.BEFORE if i % 2 == 0 else PhotoKind.AFTER
        execution.add_photo(ctx, number, f"rtu-{i + 1}.png", "image/png",
                            picture(640, 480, "#9fc5e8" if i % 2 == 0 else "#b6d7a8", text=f"photo {i + 1}"),
                            kind=kind, caption=f"{kind.value} the repair")
    if sign:
        execution.sign(ctx, number, "Maria Gomez", signature_png())
    return number


def billed(ctx: ServiceContext, clock, labor: Sequence[tuple[str, float]], parts: Sequence[tuple[str, str, str | None]] = (),
           *, site: str = "S1", billable: bool = True) -> tuple[str, str]:
    """A general work order at ``site`` with ``labor`` ((technician, hours), billable or not)
    and ``parts`` ((sku, quantity, unit price or None)) logged, completed and put on a new
    invoice: (work order number, invoice number)."""
    number = work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.GENERAL, site_code=site, summary="Service call")
    )
    clock.now = at(-1)
    dispatch.book(ctx, number, "T1", at(0), at(2), confirm=True)
    dispatch.dispatch(ctx, number)
    execution.start(ctx, number)
    clock.now = at(10)
    start = at(0)
    for tech, hours in labor:
        end = start + timedelta(hours=hours)
        execution.log_labor(ctx, number, tech, start, end, billable=billable)
        start = end
    for sku, qty, price in parts:
        execution.use_part(ctx, number, sku, Decimal(qty), Decimal(price) if price else None)
    execution.complete(ctx, number)
    invoice = billing.create_invoice(ctx, [number])
    return number, invoice.number


def set_rate(ctx: ServiceContext, tech: str, rate: str) -> None:
    with ctx.write("test: rate") as uow:
        uow.require(m.Technician, tech).hourly_rate = Decimal(rate)


def text_of(pdf: bytes) -> str:
    """All pages' text, pages joined by a form feed."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with every run of white space as one space (a line may wrap anywhere)."""
    return re.sub(r"\s+", " ", text).strip()


def font_names(pdf: bytes) -> set[str]:
    """The base font of every font the pages use (a subset's prefix ``ABCDEF+`` taken off)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1])
    return names
