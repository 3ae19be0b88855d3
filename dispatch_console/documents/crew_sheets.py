"""Crew sheets: each technician's day on paper, one section per technician from a new page.

The section opens with his name, the day and the parts to load (the day's pick list, with tick
boxes); then each job in time order: the arrival window on the company's clock, the work order,
where and whom to see, how to get in, the scope, the checklist with boxes, the job's parts, and
lines to write the arrival and departure times and notes. A job is kept on one page when it fits
on one; a longer one flows on under "(continued)". A technician with no jobs gets no page.

Drawn on the canvas through ``canvas_flow`` (a day of 200 technicians is hundreds of pages):
user text is printed literally in DejaVu Sans, wrapped, never cut.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from dispatch_console.documents import canvas_flow
from dispatch_console.documents.canvas_flow import (
    Block,
    Box,
    Flow,
    Frame,
    Group,
    Page,
    Row,
    Stroke,
    Style,
    Text,
    gap,
    shorten,
    side_by_side,
    text_rows,
    width_of,
    wrap,
)
from dispatch_console.documents.fonts import register_fonts
from dispatch_console.documents.text import clean
from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.timekeeping import to_local, zone
from dispatch_console.domain.workdays import WEEKDAYS
from dispatch_console.loading import collection_paused
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.crew_sheet_data import (
    CrewDay,
    CrewJob,
    PartLine,
    TechnicianDay,
    crew_day,
)

INK = HexColor("#1F2933")
MUTED = HexColor("#5F6B7A")
RULE = HexColor("#C9D1DA")
SHADE = HexColor("#EEF2F6")
ACCENT = HexColor("#1F4E79")
ALERT = HexColor("#B42318")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MARGIN_X = 40.0
MARGIN_TOP = 38.0
MARGIN_BOTTOM = 44.0
GUTTER = 14.0  # between columns
BOX = 8.0  # a tick box's side


def crew_sheets_pdf(ctx: ServiceContext, day: date, tech_codes: Sequence[str] | None = None) -> bytes:
    """The crew sheets of ``day`` (the company's calendar day) as PDF bytes: every technician
    with work that day, or those ``tech_codes`` names. ``NotFound`` names an unknown code, and
    refuses a day on which none of them has work (there is nothing to print)."""
    return render(printable(crew_day(ctx, day, tech_codes), tech_codes))


def printable(data: CrewDay, tech_codes: Sequence[str] | None = None) -> CrewDay:
    """The day's data when someone has work; ``NotFound`` in words otherwise."""
    if data.technicians:
        return data
    named = [code.strip() for code in tech_codes or () if code.strip()]
    if not named:
        whom = "no technician has work"
    elif len(named) == 1:
        whom = f"{named[0]} has no work"
    else:
        whom = f"{', '.join(named[:-1])} and {named[-1]} have no work"
    raise NotFound(f"{whom} on {_day(data.day)}; there are no crew sheets to print")


def render(data: CrewDay) -> bytes:
    """The PDF of a day's crew sheets already read (an empty day is one page saying so)."""
    with collection_paused():
        sheet = _Sheet(data)
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(sheet.frame.width, sheet.frame.height), pageCompression=1)
        canvas.setTitle(f"Crew sheets {_day(data.day)}")
        canvas.setAuthor(clean(data.company))
        canvas.setCreator("Dispatch Console")
        canvas.setSubject("Crew sheets")
        canvas_flow.draw(canvas, sheet.frame, sheet.pages(), sheet.footer)
        canvas_flow.save(canvas)
        return out.getvalue()


# -- words for dates and quantities ----------------------------------------------------------------
def _day(value: date) -> str:
    """``Mon 30 Nov 2026`` (the weekday from the date, not the computer's locale)."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def _short(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]}"


def _window(start: datetime, end: datetime, day: date, tz: ZoneInfo) -> str:
    """``08:00–10:00`` on the company's clock; a side on another day names its date."""
    first, last = to_local(start, tz), to_local(end, tz)
    a = f"{first:%H:%M}" if first.date() == day else f"{_short(first.date())} {first:%H:%M}"
    b = f"{last:%H:%M}" if last.date() == day else f"{_short(last.date())} {last:%H:%M}"
    return f"{a}–{b}"


def _quantity(value: Decimal) -> str:
    """``3``, ``1.5``: no trailing zeros, never scientific notation."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _label(value: str) -> str:
    """An enum value as printed: ``in_progress`` -> ``In progress``."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def _page_size(timezone: str) -> tuple[float, float]:
    """US Letter in the Americas (the office paper there), A4 elsewhere."""
    return LETTER if timezone.startswith("America/") else A4


# -- the sheet -------------------------------------------------------------------------------------
class _Sheet:
    def __init__(self, data: CrewDay) -> None:
        regular, bold = register_fonts()
        self.data = data
        self.tz = zone(data.timezone)
        width, height = _page_size(data.timezone)
        self.frame = Frame(width, height, MARGIN_X, MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM)
        self.w = self.frame.body_width
        self.col = (self.w - 2 * GUTTER) / 3  # the jobs' three columns
        self.company = Style(bold, 9, 12, MUTED)
        self.kind = Style(bold, 9, 12, ACCENT)
        self.name = Style(bold, 17, 21, INK)
        self.date = Style(bold, 12, 21, INK)
        self.meta = Style(regular, 8.5, 12, MUTED)
        self.name_again = Style(bold, 11, 15, INK)
        self.date_again = Style(regular, 9, 15, MUTED)
        self.heading = Style(bold, 8, 13, ACCENT)
        self.label = Style(bold, 6.5, 10, MUTED)
        self.value = Style(regular, 9, 11.5, INK)
        self.strong = Style(bold, 9.5, 12.5, INK)
        self.small = Style(regular, 8, 10.5, MUTED)
        self.time = Style(bold, 12, 16, ACCENT)
        self.number = Style(bold, 12, 16, INK)
        self.tag = Style(regular, 8.5, 16, INK)
        self.tag_alert = Style(bold, 8.5, 16, ALERT)
        self.count = Style(regular, 8, 16, MUTED)
        self.cell_head = Style(bold, 6.5, 11, MUTED)
        self.foot = Style(regular, 7.5, 10, MUTED)
        self.tick = Style(bold, 9, 10, ACCENT)
        self.printed = _day(to_local(data.printed_at, self.tz).date()) + f" {to_local(data.printed_at, self.tz):%H:%M}"

    # -- the document --------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        flow = Flow(self.frame)
        if not self.data.technicians:
            flow.section(self._nobody(), [])
            return flow.pages
        for tech in self.data.technicians:
            flow.section(self._header(tech), self._header_again(tech))
            flow.add(self._pick_list(tech))
            for i, job in enumerate(tech.jobs, 1):
                flow.add(self._job(job, i, len(tech.jobs)))
        return flow.pages

    def footer(self, page: Page, n: int, of: int) -> list[Row]:
        right = f"page {n} of {of}"
        if self.data.technicians:
            right = f"{self.data.technicians[page.section].code} · {right}"
        left = f"{clean(self.data.company)} · crew sheet for {_day(self.data.day)} · printed {self.printed}"
        room = self.w - width_of(right, self.foot) - 24
        return [
            gap(10),
            Row(12, (Stroke(0, 0, self.w, RULE, 0.5), Text(0, 11, shorten(left, self.foot, room), self.foot),
                     Text(self.w, 11, right, self.foot, right=True))),
        ]

    def _nobody(self) -> list[Row]:
        rows = text_rows(wrap(self.data.company, self.company, self.w), self.company)
        rows += text_rows([f"Crew sheets for {_day(self.data.day)}"], self.name)
        rows += text_rows(["No technician has work on this day."], self.value)
        return rows

    # -- headers -------------------------------------------------------------------------------------
    def _header(self, tech: TechnicianDay) -> list[Row]:
        left_w = self.w * 0.62
        office = clean(self.data.company) + (f" · office {clean(self.data.company_phone)}"
                                              if self.data.company_phone else "")
        left = text_rows(wrap(office, self.company, left_w), self.company)
        left += text_rows(wrap(tech.name, self.name, left_w), self.name)
        who = " · ".join(p for p in (clean(tech.code), clean(tech.phone)) if p)
        left += text_rows(wrap(who, self.meta, left_w), self.meta)
        right = [Row(self.company.leading, (Text(self.w, 9, "CREW SHEET", self.kind, right=True),))]
        right += [Row(self.name.leading, (Text(self.w, 15.5, _day(self.data.day), self.date, right=True),))]
        first, last = tech.jobs[0], max(tech.jobs, key=lambda j: j.end)
        jobs = f"{len(tech.jobs)} job{'s' if len(tech.jobs) != 1 else ''}"
        span = _window(first.start, last.end, self.data.day, self.tz)
        right += [Row(self.meta.leading, (Text(self.w, 9, f"{jobs} · {span}", self.meta, right=True),))]
        rows = side_by_side(left, right)
        return [*rows, gap(5), Row(10, (Stroke(0, 0, self.w, ACCENT, 1.6),))]

    def _header_again(self, tech: TechnicianDay) -> list[Row]:
        left = text_rows(wrap(f"{clean(tech.name)} (continued)", self.name_again, self.w * 0.7), self.name_again)
        right = [Row(self.name_again.leading, (Text(self.w, 11, _day(self.data.day), self.date_again, right=True),))]
        return [*side_by_side(left, right), gap(3), Row(10, (Stroke(0, 0, self.w, ACCENT, 0.8),))]

    def _heading(self, title: str, right: str = "") -> Row:
        ops: list[Text | Stroke] = [Text(0, 9.5, title, self.heading), Stroke(0, 12.5, self.w, RULE, 0.6)]
        if right:
            ops.append(Text(self.w, 9.5, right, self.small, right=True))
        return Row(self.heading.leading + 2, tuple(ops))

    # -- the pick list -------------------------------------------------------------------------------
    def _pick_list(self, tech: TechnicianDay) -> Block:
        title = self._heading("PARTS TO BRING", "pick list for the day: tick each as it goes in the van")
        if not tech.pick_list:
            return Block([[title, *text_rows(["No parts are planned for these jobs."], self.small), gap(8)]])
        qty_w, unit_w, sku_w = 46.0, 34.0, 92.0
        for_w = 120.0
        desc_w = self.w - (BOX + 8) - qty_w - unit_w - sku_w - for_w - 24
        x_qty = BOX + 8 + qty_w  # right edge
        x_unit = x_qty + 8
        x_sku = x_unit + unit_w
        x_desc = x_sku + sku_w
        x_for = x_desc + desc_w + 16
        head = Row(13, (
            Text(x_qty, 9, "QTY", self.cell_head, right=True), Text(x_unit, 9, "UNIT", self.cell_head),
            Text(x_sku, 9, "SKU", self.cell_head), Text(x_desc, 9, "DESCRIPTION", self.cell_head),
            Text(x_for, 9, "FOR", self.cell_head), Stroke(0, 12, self.w, RULE, 0.5),
        ))
        groups: list[Group] = []
        for i, part in enumerate(tech.pick_list):
            groups.append(self._pick_line(part, x_qty, x_unit, x_sku, x_desc, x_for, (unit_w, sku_w, desc_w, for_w)))
            if i == 0:
                groups[0] = [title, head, *groups[0]]
        groups[-1] = [*groups[-1], gap(10)]
        return Block(groups, together=True, continued=[title, head])

    def _pick_line(self, part: PartLine, x_qty: float, x_unit: float, x_sku: float, x_desc: float,
                   x_for: float, widths: tuple[float, float, float, float]) -> Group:
        unit_w, sku_w, desc_w, for_w = widths
        v = self.value
        cols = [
            (x_unit, wrap(part.unit, v, unit_w - 4)),
            (x_sku, wrap(part.sku, v, sku_w - 6)),
            (x_desc, wrap(part.description, v, desc_w)),
            (x_for, wrap(", ".join(part.work_orders), self.small, for_w)),
        ]
        n = max(1, *(len(lines) for _, lines in cols))
        rows: Group = []
        top = 3.0
        for i in range(n):
            ops: list[Text | Box | Stroke] = []
            if i == 0:
                ops += [Box(0, top + 1.5, BOX, BOX, stroke=INK, line_width=0.8),
                        Text(x_qty, top + 9, _quantity(part.quantity), self.strong, right=True)]
            for x, lines in cols:
                if i < len(lines):
                    ops.append(Text(x, top + 9, lines[i], self.small if x == x_for else v))
            last = i == n - 1
            height = v.leading + (top if i == 0 else 0) + (3 if last else 0)
            if last:
                ops.append(Stroke(BOX + 8, height, self.w, SHADE, 0.5))
            rows.append(Row(height, tuple(ops)))
            top = 0.0
        return rows

    # -- a job ---------------------------------------------------------------------------------------
    def _job(self, job: CrewJob, index: int, count: int) -> Block:
        customer: list[Row] = []
        site: list[Row] = []
        contact: list[Row] = []
        self._field(customer, 0, "CUSTOMER", [f"{clean(job.customer)} ({clean(job.customer_code)})",
                                           *([f"Phone {clean(job.customer_phone)}"] if job.customer_phone else [])])
        if job.asset:
            self._field(customer, 0, "ASSET", [job.asset])
        self._field(site, 1, "SITE", [f"{clean(job.site)} ({clean(job.site_code)})", clean(job.site_address)])
        who = [clean(job.contact_name) if job.contact_name else "—"]
        if job.contact_phone:
            who.append(f"Phone {clean(job.contact_phone)}")
        self._field(contact, 2, "CONTACT ON SITE", who)
        self._field(contact, 2, "ACCESS", [clean(job.access_notes) if job.access_notes else "No access notes."])
        if job.crew_mates:
            self._field(site, 1, "ALSO ON THIS JOB", [", ".join(clean(n) for n in job.crew_mates)])
        groups: list[Group] = [[self._band(job, index, count), gap(4)]]
        groups += self._keep_labels(side_by_side(customer, site, contact))
        groups.append([*text_rows(["SCOPE"], self.label),
                       *text_rows(wrap(job.summary, self.strong, self.w), self.strong)])
        groups += [[row] for row in text_rows(wrap(job.description, self.value, self.w), self.value)]
        groups += self._checklist_and_parts(job)
        groups.append(self._write_in())
        continued = [self._band(job, index, count, continued=True), gap(4)]
        return Block(groups, together=True, continued=continued)

    def _x(self, column: int) -> float:
        """Where the jobs' grid column (0, 1, 2) starts."""
        return column * (self.col + GUTTER)

    def _band(self, job: CrewJob, index: int, count: int, *, continued: bool = False) -> Row:
        """The job's title band: arrival window, number, type and priority, its place in the day.
        A number too long for one line (an imported one) takes the band's second line, broken
        where it must be; the kind of work then goes under it."""
        window = _window(job.start, job.end, self.data.day, self.tz)
        urgent = job.priority in ("emergency", "high")
        tags = f"{_label(job.type)} · {_label(job.priority)} priority"
        if job.status not in ("scheduled", "dispatched"):
            tags += f" · {_label(job.status)}"
        right = "(continued)" if continued else f"job {index} of {count} · {_hours(job.estimated_hours)}"
        tag_style = self.tag_alert if urgent else self.tag
        x_number = width_of(window, self.time) + 16
        number = clean(job.number)
        x_tags = x_number + width_of(number, self.number) + 12
        room = self.w - 8 - width_of(right, self.count) - 12
        ops: list[Text | Box | Stroke] = [Text(10, 16, window, self.time)]
        if x_tags + width_of(tags, tag_style) <= room:
            ops += [Text(x_number, 16, number, self.number), Text(self.w - 8, 15.5, right, self.count, right=True),
                    Text(x_tags, 15.5, tags, tag_style)]
            height = 22.0
        else:
            lines = wrap(number, self.number, self.w - 20)
            ops.append(Text(self.w - 8, 15.5, right, self.count, right=True))
            ops += [Text(10, 32 + 16 * i, line, self.number) for i, line in enumerate(lines)]
            ops.append(Text(10, 32 + 16 * len(lines), tags, tag_style))
            height = 38.0 + 16 * len(lines)
        return Row(height + 4, (Box(0, 0, self.w, height, fill=SHADE), Box(0, 0, 3, height, fill=ACCENT), *ops))

    def _field(self, rows: list[Row], column: int, label: str, values: list[str]) -> None:
        x = self._x(column)
        rows.extend(text_rows([label], self.label, x))
        for value in values:
            rows.extend(text_rows(wrap(value, self.value, self.col), self.value, x))
        rows.append(gap(3))

    def _checklist_and_parts(self, job: CrewJob) -> list[Group]:
        """The checklist in the first two columns (down the first, then the second), the job's
        parts in the third."""
        items: list[tuple[Text | Box | Stroke, list[str]]] = []
        text_w = self.col - BOX - 5
        for item in job.checklist:
            items.append((Text(1.1, 8.6, "✓", self.tick) if item.done else Stroke(0, 0, 0, INK, 0),
                          wrap(item.text, self.value, text_w) or [""]))
        half = (len(items) + 1) // 2
        first_col: list[Row] = [*text_rows(["CHECKLIST"], self.label)]
        second_col: list[Row] = [gap(self.label.leading)]
        if not items:
            first_col += text_rows(["No checklist."], self.small)
        for i, (tick, lines) in enumerate(items):
            x = self._x(0 if i < half else 1)
            rows = text_rows(lines, self.value, x + BOX + 5)
            marks: list[Text | Box | Stroke] = [Box(x, 1.5, BOX, BOX, stroke=INK, line_width=0.8)]
            if isinstance(tick, Text):
                marks.append(canvas_flow.moved(tick, x))
            rows[0] = Row(rows[0].height, (*marks, *rows[0].ops))
            (first_col if i < half else second_col).extend(rows)
        parts: list[Row] = [*text_rows(["PARTS FOR THIS JOB"], self.label, self._x(2))]
        if not job.parts:
            parts += text_rows(["None planned."], self.small, self._x(2))
        for part in job.parts:
            line = f"{_quantity(part.quantity)} {clean(part.unit)} × {clean(part.sku)} — {clean(part.description)}"
            parts += text_rows(wrap(line, self.value, self.col), self.value, self._x(2))
        rows = [gap(3), *side_by_side(first_col, second_col, parts)]
        return [rows[:3], *([row] for row in rows[3:])]

    def _keep_labels(self, rows: list[Row]) -> list[Group]:
        """Rows in groups that keep a field's label row with the row after it."""
        groups: list[Group] = []
        held: list[Row] = []
        for row in rows:
            held.append(row)
            if len(held) == 1 and any(isinstance(op, Text) and op.style is self.label for op in row.ops):
                continue
            groups.append(held)
            held = []
        if held:
            groups.append(held)
        return groups

    def _write_in(self) -> Group:
        """Lines to write on: arrival and departure times, then notes."""
        lab = self.label
        arrived_x = width_of("ARRIVED", lab) + 6
        left_x = arrived_x + 70
        left_line_x = left_x + width_of("LEFT", lab) + 6
        notes_x = left_line_x + 90
        notes_line_x = notes_x + width_of("NOTES", lab) + 6
        times = Row(22, (
            Text(0, 18, "ARRIVED", lab), Stroke(arrived_x, 19, arrived_x + 56, INK, 0.6),
            Text(left_x, 18, "LEFT", lab), Stroke(left_line_x, 19, left_line_x + 56, INK, 0.6),
            Text(notes_x, 18, "NOTES", lab), Stroke(notes_line_x, 19, self.w, INK, 0.6),
        ))
        more = Row(20, (Stroke(0, 19, self.w, INK, 0.6),))
        return [gap(2), times, more, gap(14)]


def _hours(value: Decimal) -> str:
    return f"{_quantity(value)} h planned"

