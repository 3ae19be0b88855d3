"""The printed work order: what the crew carries to the site and the customer signs.

Company header, the job's facts, customer and site with the on-site contact and access notes,
the equipment and its warranty, the visits booked, the scope, the checklist with tick boxes,
the parts to bring, what was done (labor, parts, notes), the customer's signature or an empty
line to sign on, and the photos in an appendix.
"""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from dispatch_console.documents import layout as lay
from dispatch_console.documents.layout import para
from dispatch_console.documents.text import plain
from dispatch_console.domain.timekeeping import zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.documents_data import (
    AssetSheet,
    PartSheet,
    PhotoSheet,
    SignatureSheet,
    WorkOrderSheet,
    work_order_sheet,
)

#: The most a photo may take of the page's height, so two fit on a page of the appendix.
PHOTO_HEIGHT_SHARE = 0.38
SIGNATURE_BOX = (230.0, 80.0)


def work_order_pdf(ctx: ServiceContext, number: str) -> bytes:
    """The work order ``number`` as a PDF; ``NotFound`` when there is none."""
    return render_work_order(work_order_sheet(ctx, number))


def render_work_order(sheet: WorkOrderSheet) -> bytes:
    head = sheet.company
    tz = zone(head.timezone)
    width = lay.frame_width(head.timezone)
    st = lay.styles()
    story: list[Flowable] = [*lay.letterhead(head, "Work order", sheet.number, width, lay.label(sheet.status))]
    story.append(para(sheet.summary, st.lead))
    story.append(
        lay.fields(
            [
                ("Type", lay.label(sheet.type)),
                ("Priority", lay.label(sheet.priority)),
                ("Status", lay.label(sheet.status)),
                ("Due by", lay.moment(sheet.due_by, tz) if sheet.due_by else "No deadline"),
                ("Opened", lay.moment(sheet.created_at, tz)),
                ("Estimated", f"{lay.quantity(sheet.estimated_hours)} h"),
            ],
            width,
            columns=4,
        )
    )
    story += _customer_and_site(sheet, width)
    story += _equipment(sheet.asset, width)
    story += _schedule(sheet, tz, width)
    story += _scope(sheet)
    story += _checklist(sheet, tz, width)
    story += _parts(sheet, width)
    story += _work_done(sheet, tz, width)
    story += _notes(sheet, tz, width)
    story.append(_sign_off(sheet.signature, tz, width))
    story += _photos(sheet.photos, tz, width, lay.page_size(head.timezone)[1])
    frame = lay.PageFrame(head.name, f"Work order {sheet.number}", lay.printed(head))
    return lay.build_pdf(story, frame, head.timezone)


def _customer_and_site(sheet: WorkOrderSheet, width: float) -> list[Flowable]:
    st = lay.styles()
    customer = sheet.customer + (f"\nPhone {sheet.customer_phone}" if sheet.customer_phone else "")
    contact = "\n".join(part for part in (sheet.contact_name, sheet.contact_phone) if part) or None
    site = f"{sheet.site} ({sheet.site_code})"
    flow: list[Flowable] = [
        *lay.section("Customer and site"),
        lay.fields(
            [
                ("Customer", customer),
                ("Site", site),
                ("Site address", sheet.site_address),
                ("On-site contact", contact),
            ],
            width,
        ),
    ]
    access = Table(
        [[[lay.own("ACCESS NOTES", st.field_label), para(sheet.access_notes or "None on record", st.field_value)]]],
        colWidths=[width],
        splitInRow=1,
    )
    access.setStyle(
        lay.table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), lay.SHADE),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, lay.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    flow.append(access)
    return flow


def warranty_words(asset: AssetSheet) -> str:
    if asset.warranty_until is None:
        return "No warranty on record"
    if asset.under_warranty:
        return f"Under warranty until {lay.short_day(asset.warranty_until)}"
    return f"Out of warranty (ended {lay.short_day(asset.warranty_until)})"


def _equipment(asset: AssetSheet | None, width: float) -> list[Flowable]:
    st = lay.styles()
    if asset is None:
        return [*lay.section("Equipment"), lay.own("No equipment is named on this work order.", st.muted)]
    name = f"{asset.name} ({asset.code})" + (f"\n{asset.category}" if asset.category else "")
    return [
        *lay.section("Equipment"),
        lay.fields(
            [
                ("Asset", name),
                ("Make", asset.make),
                ("Model", asset.model),
                ("Serial number", asset.serial),
            ],
            width,
            columns=4,
        ),
        lay.fields([("Warranty", warranty_words(asset))], width, columns=1),
    ]


def _schedule(sheet: WorkOrderSheet, tz: ZoneInfo, width: float) -> list[Flowable]:
    st = lay.styles()
    flow: list[Flowable] = [*lay.section("Schedule and technicians")]
    if not sheet.visits:
        flow.append(lay.own("Not scheduled yet.", st.muted))
        return flow
    rows: list[list[Flowable | str]] = [
        [
            f"{v.technician} ({v.technician_code})",
            lay.day(v.start.astimezone(tz).date()),
            f"{lay.clock_time(v.start, tz)}–{lay.clock_time(v.end, tz)}"
            if v.start.astimezone(tz).date() == v.end.astimezone(tz).date()
            else f"until {lay.moment(v.end, tz)}",
            v.technician_phone or "",
        ]
        for v in sheet.visits
    ]
    header = ["Technician", "Day", "Time", "Phone"]
    widths = _widths(width, 0.38, 0.24, 0.2, 0.18)
    if not any(v.technician_phone for v in sheet.visits):
        rows, header, widths = [row[:3] for row in rows], header[:3], _widths(width, 0.45, 0.3, 0.25)
    flow.append(lay.grid(header, rows, widths))
    return flow


def _scope(sheet: WorkOrderSheet) -> list[Flowable]:
    st = lay.styles()
    flow: list[Flowable] = [*lay.section("Scope of work")]
    # The summary heads the first page; the scope is its description (else the summary again).
    flow += lay.long_text(sheet.description, st.body) or [para(sheet.summary, st.body)]
    if sheet.scope_changes:
        for change in sheet.scope_changes:
            flow.append(
                para(
                    f"Scope change #{change.seq} ({lay.label(change.status)}, requested by "
                    f"{change.requested_by}): {change.description}",
                    st.small,
                )
            )
    return flow


def _checklist(sheet: WorkOrderSheet, tz: ZoneInfo, width: float) -> list[Flowable]:
    st = lay.styles()
    if not sheet.checklist:
        return []
    rows: list[list[Flowable | str]] = [
        [
            lay.TickBox(item.done),
            item.text,
            "\n".join(part for part in (item.done_by, lay.moment(item.done_at, tz) if item.done_at else None) if part),
        ]
        for item in sheet.checklist
    ]
    done = sum(1 for item in sheet.checklist if item.done)
    return [
        *lay.section(f"Checklist ({done} of {len(sheet.checklist)} done)"),
        lay.grid(["", "Task", "Done by"], rows, _widths(width, 0.05, 0.63, 0.32),
               extra=[("TOPPADDING", (0, 1), (0, -1), 5)]),
        para("", st.small),
    ]


def _part_rows(parts: tuple[PartSheet, ...]) -> list[list[Flowable | str]]:
    return [[p.sku, p.description, lay.quantity(p.quantity), p.unit] for p in parts]


def _parts(sheet: WorkOrderSheet, width: float) -> list[Flowable]:
    st = lay.styles()
    flow: list[Flowable] = [*lay.section("Planned parts")]
    if not sheet.planned_parts:
        flow.append(lay.own("No parts planned.", st.muted))
        return flow
    flow.append(
        lay.grid(["SKU", "Description", "Qty", "Unit"], _part_rows(sheet.planned_parts),
               _widths(width, 0.2, 0.58, 0.1, 0.12), right=(2,))
    )
    return flow


def _work_done(sheet: WorkOrderSheet, tz: ZoneInfo, width: float) -> list[Flowable]:
    flow: list[Flowable] = []
    if sheet.labor:
        rows: list[list[Flowable | str]] = [
            [
                e.technician + (f"\n{e.note}" if e.note else ""),
                lay.span(e.start, e.end, tz),
                lay.hours(e.start, e.end),
                "yes" if e.billable else "no",
            ]
            for e in sheet.labor
        ]
        flow += [
            *lay.section("Labor"),
            lay.grid(["Technician", "When", "Hours", "Billable"], rows, _widths(width, 0.38, 0.4, 0.1, 0.12), right=(2,)),
        ]
    if sheet.parts_used:
        flow += [
            *lay.section("Parts used"),
            lay.grid(["SKU", "Description", "Qty", "Unit"], _part_rows(sheet.parts_used),
                   _widths(width, 0.2, 0.58, 0.1, 0.12), right=(2,)),
        ]
    return flow


def _notes(sheet: WorkOrderSheet, tz: ZoneInfo, width: float) -> list[Flowable]:
    st = lay.styles()
    flow: list[Flowable] = [*lay.section("Notes")]
    for note in sheet.notes:
        flow.append(para(f"{note.author} · {lay.moment(note.at, tz)}", st.muted))
        flow += lay.long_text(note.text, st.body)
        flow.append(Spacer(1, 3))
    if not sheet.notes:
        flow.append(lay.write_in_lines([""], width, height=22))
        flow.append(lay.write_in_lines([""], width, height=22))
        flow.append(lay.write_in_lines([""], width, height=22))
    return flow


def _sign_off(signature: SignatureSheet | None, tz: ZoneInfo, width: float) -> Flowable:
    st = lay.styles()
    flow: list[Flowable] = [*lay.section("Customer sign-off")]
    if signature is not None:
        image = _picture(signature.image_png, *SIGNATURE_BOX)
        if image is not None:
            flow.append(image)
        line = Table([[""]], colWidths=[SIGNATURE_BOX[0]], rowHeights=[4], hAlign="LEFT")
        line.setStyle(lay.table_style([("LINEABOVE", (0, 0), (-1, -1), 0.8, lay.INK)]))
        flow.append(line)
        flow.append(para(f"Signed by {signature.signer_name} on {lay.moment(signature.signed_at, tz)}", st.body))
    else:
        flow.append(lay.own("I confirm that the work described above was carried out.", st.muted))
        flow.append(lay.write_in_lines(["Customer signature", "Date"], width, height=34))
        flow.append(Spacer(1, 6))
        flow.append(lay.write_in_lines(["Name (print)", "Technician"], width, height=26))
    return KeepTogether(flow)


def _picture(data: bytes | None, max_width: float, max_height: float) -> Image | None:
    """An image from stored bytes scaled to fit the box (never a path or an address: nothing
    is fetched); None when the bytes are not a picture reportlab can print."""
    if not data:
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        w, h = reader.getSize()
    except Exception:  # noqa: BLE001 - any undecodable picture prints as a line saying so
        return None
    if w <= 0 or h <= 0:
        return None
    scale = min(max_width / w, max_height / h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale, hAlign="LEFT")


def _photos(photos: tuple[PhotoSheet, ...], tz: ZoneInfo, width: float, page_height: float) -> list[Flowable]:
    if not photos:
        return []
    st = lay.styles()
    flow: list[Flowable] = [PageBreak(), *lay.section(f"Appendix: photos ({len(photos)})")]
    max_height = (page_height - lay.MARGIN_TOP - lay.MARGIN_BOTTOM) * PHOTO_HEIGHT_SHARE
    for number, photo in enumerate(photos, start=1):
        title = f"<b>Photo {number} · {lay.label(photo.kind)}</b>" + (f" — {plain(photo.caption)}" if photo.caption else "")
        words = f"{photo.filename} · added by {photo.added_by} {lay.moment(photo.added_at, tz)}"
        caption = [lay.own(title, st.small), para(words, st.caption)]
        image = _picture(photo.data, width, max_height)
        if image is None:
            flow.append(CondPageBreak(40))
            flow.append(para(f"Photo {number} ({photo.filename}, {photo.content_type}) cannot be printed; "
                             "open it in the console.", st.muted))
            flow += caption
            continue
        flow.append(KeepTogether([Spacer(1, 6), image, Spacer(1, 3), *caption]))
    return flow


def _widths(width: float, *shares: float) -> list[float]:
    return [width * share for share in shares]
