"""The printed invoice: company and bill-to, dates and terms, each line, subtotal, tax, total.

Amounts print exactly as the invoice stores them (billing rounded them once, in
``domain/money.py``); nothing is computed again here. A void invoice keeps its number and says
VOID across every page; a draft says it is not issued yet.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from dispatch_console.documents import layout as lay
from dispatch_console.documents.layout import own, para
from dispatch_console.documents.text import plain
from dispatch_console.domain.timekeeping import zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.documents_data import InvoiceSheet, invoice_sheet

PAID_GREEN = colors.HexColor("#1E7B46")
DRAFT_GREY = colors.HexColor("#5F6B7A")


def invoice_pdf(ctx: ServiceContext, number: str) -> bytes:
    """The invoice ``number`` as a PDF; ``NotFound`` when there is none."""
    return render_invoice(invoice_sheet(ctx, number))


def _status_banner(sheet: InvoiceSheet, width: float) -> list[Flowable]:
    tz = zone(sheet.company.timezone)
    if sheet.status == "void":
        when = f" on {lay.moment(sheet.voided_at, tz)}" if sheet.voided_at else ""
        why = f": {plain(sheet.void_reason)}" if sheet.void_reason else ""
        return [
            lay.banner(f"VOID — this invoice was voided{when}{why}. Its number is kept for the record; "
                     "nothing is owed on it.", lay.ALERT, width),
            Spacer(1, 10),
        ]
    if sheet.status == "draft":
        return [lay.banner("DRAFT — not issued yet; the number, dates and amounts may still change.",
                         DRAFT_GREY, width), Spacer(1, 10)]
    if sheet.status == "paid":
        when = f" on {lay.short_day(sheet.paid_on)}" if sheet.paid_on else ""
        return [lay.banner(f"PAID{when} — thank you.", PAID_GREEN, width), Spacer(1, 10)]
    return []


def _parties(sheet: InvoiceSheet, width: float) -> Table:
    st = lay.styles()
    bill_to: list[Flowable] = [
        own("BILL TO", st.field_label),
        para(sheet.customer, st.lead),
        para(sheet.billing_address or "", st.field_value),
        para(f"Customer no. {sheet.customer_code}", st.muted),
    ]
    terms = f"Net {sheet.terms_days} days" if sheet.terms_days else "Due on receipt"
    facts = [
        ("Invoice number", sheet.number),
        ("Issue date", lay.short_day(sheet.issued_on)),
        ("Due date", lay.short_day(sheet.due_on)),
        ("Terms", terms),
        ("Currency", sheet.currency),
    ]
    details = Table(
        [[own(name.upper(), st.field_label), para(value, st.cell_right)] for name, value in facts],
        colWidths=[width * 0.17, width * 0.21],
    )
    details.setStyle(
        lay.table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, lay.RULE),
            ]
        )
    )
    table = Table([[bill_to, details]], colWidths=[width * 0.62, width * 0.38])
    table.setStyle(
        lay.table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _lines(sheet: InvoiceSheet, width: float) -> Table:
    st = lay.styles()
    rows: list[list[Flowable | str]] = []
    extra: list[tuple[Any, ...]] = []
    work = {w.number: w for w in sheet.work}
    current = None
    for line in sheet.lines:
        if line.work_order != current:
            current = line.work_order
            w = work.get(current)
            heading = current if w is None else f"{w.number} · {w.summary} · {w.site}, {w.site_address}"
            row = len(rows) + 1  # the header row is 0
            rows.append([para(heading, st.cell_head_work), "", "", ""])
            extra += [
                ("SPAN", (0, row), (-1, row)),
                ("BACKGROUND", (0, row), (-1, row), lay.SHADE_LIGHT),
                ("TOPPADDING", (0, row), (-1, row), 6),
            ]
        qty = lay.quantity(line.quantity) + (" h" if line.kind == "labor" else "")
        rows.append([line.description, qty, lay.money(line.unit_price), lay.money(line.amount)])
    return lay.grid(
        ["Description", "Qty", "Unit price", f"Amount ({sheet.currency})"],
        rows,
        [width * 0.58, width * 0.1, width * 0.14, width * 0.18],
        right=(1, 2, 3),
        extra=extra,
    )


def _totals(sheet: InvoiceSheet, width: float) -> Table:
    st = lay.styles()
    rows = [
        [own("Subtotal", st.cell_right), para(lay.money(sheet.subtotal), st.cell_right)],
        [own(f"Tax ({lay.quantity(sheet.tax_rate)} %)", st.cell_right), para(lay.money(sheet.tax), st.cell_right)],
        [own("Total", st.total_label), para(lay.money_with(sheet.total, sheet.currency), st.total)],
    ]
    table = Table(rows, colWidths=[width * 0.24, width * 0.18], hAlign="RIGHT")
    table.setStyle(
        lay.table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("LINEABOVE", (0, 2), (-1, 2), 1.2, lay.ACCENT),
                ("TOPPADDING", (0, 2), (-1, 2), 6),
                ("BACKGROUND", (0, 2), (-1, 2), lay.SHADE),
                ("BOTTOMPADDING", (0, 2), (-1, 2), 7),
            ]
        )
    )
    return table


def render_invoice(sheet: InvoiceSheet) -> bytes:
    head = sheet.company
    width = lay.frame_width(head.timezone)
    st = lay.styles()
    status = {"void": "Void", "draft": "Draft", "paid": "Paid"}.get(sheet.status)
    story: list[Flowable] = [*lay.letterhead(head, "Invoice", sheet.number, width, status)]
    story += _status_banner(sheet, width)
    story += [_parties(sheet, width), Spacer(1, 16)]
    if sheet.lines:
        story.append(_lines(sheet, width))
    else:
        story.append(own("This invoice has no lines.", st.muted))
    story.append(Spacer(1, 8))
    closing: list[Flowable] = [_totals(sheet, width), Spacer(1, 16)]
    if sheet.status not in ("void", "paid"):
        closing.append(
            para(
                f"Please pay {lay.money_with(sheet.total, sheet.currency)} by {lay.short_day(sheet.due_on)}, "
                f"quoting invoice {sheet.number}.",
                st.body,
            )
        )
    reach = " · ".join(part for part in (head.phone, head.email) if part)
    if reach:
        closing.append(para(f"Questions about this invoice: {reach}", st.muted))
    closing.append(own("Thank you for your business.", st.muted))
    story.append(KeepTogether(closing))
    watermark = {"void": "VOID", "draft": "DRAFT"}.get(sheet.status)
    frame = lay.PageFrame(head.name, f"Invoice {sheet.number}", lay.printed(head), watermark)
    return lay.build_pdf(story, frame, head.timezone)
