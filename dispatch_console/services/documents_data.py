"""What the printed documents show, read in one go as plain data (no database behind it).

``documents/`` builds PDFs from these records and never sees the database; everything a page
needs (the company's zone and currency, the warranty on the printing day) is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.timekeeping import company_zone, to_local
from dispatch_console.domain.warranty import under_warranty
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Letterhead:
    """The company as every document's header and footer print it."""

    name: str
    address: str | None
    phone: str | None
    email: str | None
    timezone: str
    currency: str
    printed_at: datetime  # the context's clock, UTC


@dataclass(frozen=True)
class AssetSheet:
    code: str
    name: str
    category: str | None
    make: str | None
    model: str | None
    serial: str | None
    warranty_until: date | None
    under_warranty: bool  # on the printing day, in the company's zone


@dataclass(frozen=True)
class VisitSheet:
    """One booking: who goes, from when to when (instants, UTC)."""

    technician: str
    technician_code: str
    technician_phone: str | None
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ChecklistSheet:
    text: str
    done: bool
    done_by: str | None
    done_at: datetime | None


@dataclass(frozen=True)
class PartSheet:
    sku: str
    description: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class LaborSheet:
    technician: str
    start: datetime
    end: datetime
    billable: bool
    note: str | None


@dataclass(frozen=True)
class NoteSheet:
    author: str
    at: datetime
    text: str


@dataclass(frozen=True)
class ScopeChangeSheet:
    seq: int
    description: str
    status: str
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True)
class SignatureSheet:
    signer_name: str
    signed_at: datetime
    image_png: bytes | None


@dataclass(frozen=True)
class PhotoSheet:
    kind: str
    filename: str
    content_type: str
    caption: str | None
    added_by: str
    added_at: datetime
    data: bytes


@dataclass(frozen=True)
class WorkOrderSheet:
    """A work order in full, as its printed copy shows it."""

    company: Letterhead
    number: str
    type: str
    priority: str
    status: str
    summary: str
    description: str | None
    created_at: datetime
    due_by: datetime | None
    estimated_hours: Decimal
    customer: str
    customer_code: str
    customer_phone: str | None
    site: str
    site_code: str
    site_address: str
    contact_name: str | None
    contact_phone: str | None
    access_notes: str | None
    asset: AssetSheet | None
    visits: tuple[VisitSheet, ...]
    checklist: tuple[ChecklistSheet, ...]
    planned_parts: tuple[PartSheet, ...]
    labor: tuple[LaborSheet, ...]
    parts_used: tuple[PartSheet, ...]
    notes: tuple[NoteSheet, ...]
    scope_changes: tuple[ScopeChangeSheet, ...]
    signature: SignatureSheet | None
    photos: tuple[PhotoSheet, ...]


@dataclass(frozen=True)
class InvoiceLineSheet:
    work_order: str
    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class BilledWorkSheet:
    """A work order an invoice bills, for the heading of its lines."""

    number: str
    summary: str
    site: str
    site_address: str


@dataclass(frozen=True)
class InvoiceSheet:
    """An invoice as stored (amounts exactly as billed), with its bill-to."""

    company: Letterhead
    number: str
    status: str
    issued_on: date
    due_on: date
    currency: str
    tax_rate: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    customer: str
    customer_code: str
    billing_address: str | None
    lines: tuple[InvoiceLineSheet, ...]
    work: tuple[BilledWorkSheet, ...]
    paid_on: date | None
    voided_at: datetime | None
    void_reason: str | None

    @property
    def terms_days(self) -> int:
        """The invoice's own terms (its due date less its issue date), so a later change of the
        company's terms never contradicts the due date printed beside it."""
        return (self.due_on - self.issued_on).days


def _letterhead(ctx: ServiceContext, uow: UnitOfWork) -> Letterhead:
    company = uow.company()
    return Letterhead(
        name=company.name if company is not None else "",
        address=company.address if company is not None else None,
        phone=company.phone if company is not None else None,
        email=company.email if company is not None else None,
        timezone=company_zone(company).key,
        currency=company.currency if company is not None else "",
        printed_at=ctx.now(),
    )


def _part(part: m.Part, quantity: Decimal) -> PartSheet:
    return PartSheet(part.sku, part.description, quantity, part.unit)


def work_order_sheet(ctx: ServiceContext, number: str) -> WorkOrderSheet:
    """Everything the printed work order shows; ``NotFound`` names a missing number."""
    with ctx.read() as uow:
        wo = uow.work_order(number.strip(), full=True)
        head = _letterhead(ctx, uow)
        today = to_local(head.printed_at, company_zone(uow.company())).date()
        site = wo.site
        customer = site.customer
        request = wo.request
        asset = None
        if wo.asset is not None:
            a = wo.asset
            asset = AssetSheet(
                a.code, a.name, a.category, a.make, a.model, a.serial, a.warranty_until,
                under_warranty(a.warranty_until, today),
            )
        return WorkOrderSheet(
            company=head,
            number=wo.number,
            type=str(wo.type),
            priority=str(wo.priority),
            status=str(wo.status),
            summary=wo.summary,
            description=wo.description,
            created_at=wo.created_at,
            due_by=wo.due_by,
            estimated_hours=wo.estimated_hours,
            customer=customer.name,
            customer_code=customer.code,
            customer_phone=customer.phone,
            site=site.name,
            site_code=site.code,
            site_address=site.address,
            # The site's standing contact; the caller's when the site names none.
            contact_name=site.contact_name or (request.contact_name if request else None),
            contact_phone=site.contact_phone or (request.contact_phone if request else None),
            access_notes=site.access_notes,
            asset=asset,
            visits=tuple(
                VisitSheet(b.technician.name, b.technician.code, b.technician.phone, b.start, b.end)
                for b in sorted(wo.bookings, key=lambda b: (b.start, b.technician.name))
            ),
            checklist=tuple(
                ChecklistSheet(item.text, item.done, item.done_by, item.done_at)
                for item in sorted(wo.checklist, key=lambda i: i.position)
            ),
            planned_parts=tuple(_part(p.part, p.quantity) for p in wo.planned_parts),
            labor=tuple(
                LaborSheet(e.technician.name, e.start, e.end, e.billable, e.note)
                for e in sorted(wo.labor, key=lambda e: (e.start, e.id))
            ),
            parts_used=tuple(_part(p.part, p.quantity) for p in wo.parts_used),
            notes=tuple(NoteSheet(n.author, n.at, n.text) for n in sorted(wo.notes, key=lambda n: (n.at, n.id))),
            scope_changes=tuple(
                ScopeChangeSheet(c.seq, c.description, str(c.status), c.requested_by, c.requested_at)
                for c in sorted(wo.scope_changes, key=lambda c: c.seq)
            ),
            signature=(
                SignatureSheet(wo.signature.signer_name, wo.signature.signed_at, wo.signature.image_png)
                if wo.signature is not None
                else None
            ),
            photos=tuple(
                PhotoSheet(
                    p.kind, p.filename, p.content_type, p.caption, p.added_by, p.added_at, p.data
                )
                for p in sorted(wo.attachments, key=lambda p: (p.added_at, p.id))
            ),
        )


def invoice_sheet(ctx: ServiceContext, number: str) -> InvoiceSheet:
    """The invoice as stored, with its customer's billing address; ``NotFound`` when missing."""
    with ctx.read() as uow:
        invoice = uow.find(m.Invoice, number.strip())
        if invoice is None:
            raise NotFound(f"no invoice '{number.strip()}'")
        head = _letterhead(ctx, uow)
        lines = sorted(invoice.lines, key=lambda line: line.position)
        work: dict[str, BilledWorkSheet] = {}
        for line in lines:
            wo = line.work_order
            if wo.number not in work:
                work[wo.number] = BilledWorkSheet(wo.number, wo.summary, wo.site.name, wo.site.address)
        return InvoiceSheet(
            company=head,
            number=invoice.number,
            # Invoices gain statuses (draft, issued, paid, void); one without is issued.
            status=str(getattr(invoice, "status", None) or "issued"),
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            currency=invoice.currency,
            tax_rate=invoice.tax_rate,
            subtotal=invoice.subtotal,
            tax=invoice.tax,
            total=invoice.total,
            customer=invoice.customer.name,
            customer_code=invoice.customer.code,
            billing_address=invoice.customer.billing_address,
            lines=tuple(
                InvoiceLineSheet(
                    line.work_order.number, line.kind, line.description, line.quantity,
                    line.unit_price, line.amount,
                )
                for line in lines
            ),
            work=tuple(work.values()),
            paid_on=getattr(invoice, "paid_on", None),
            voided_at=getattr(invoice, "voided_at", None),
            void_reason=getattr(invoice, "void_reason", None),
        )
