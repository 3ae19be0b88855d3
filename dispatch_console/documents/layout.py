"""The look every printed document shares: the page with its letterhead, running header and
"Page N of M" footer, the styles and tables, and how money, dates and times are written.

Every piece of user text goes through ``para`` (or ``text.plain``), so it prints exactly as
typed; numbers and dates are written here once, in the company's zone and currency.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dispatch_console.documents.fonts import register_fonts
from dispatch_console.documents.text import clean, plain
from dispatch_console.domain.money import CENT
from dispatch_console.domain.timekeeping import to_local, zone
from dispatch_console.domain.workdays import WEEKDAYS
from dispatch_console.services.documents_data import Letterhead

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C9D1DA")
SHADE = colors.HexColor("#EEF2F6")
SHADE_LIGHT = colors.HexColor("#F6F8FA")
ACCENT = colors.HexColor("#1F4E79")
ALERT = colors.HexColor("#B42318")

MARGIN_X = 0.65 * inch
MARGIN_TOP = 0.6 * inch
MARGIN_BOTTOM = 0.75 * inch
#: Height of the one-line header on the pages after the first.
RUNNING_HEADER = 0.4 * inch


def page_size(timezone: str) -> tuple[float, float]:
    """US Letter in the Americas (where Letter is the office paper), A4 elsewhere."""
    return LETTER if timezone.startswith("America/") else A4


# -- words for numbers, dates and times ------------------------------------------------------------
def money(value: Decimal) -> str:
    """An amount exactly as stored: at least two decimals, more only when it has them
    (a unit price of 0.335 stays 0.335), thousands separated; never rounded here."""
    shown = value.quantize(CENT) if value == value.quantize(CENT) else value.normalize()
    return f"{shown:,f}"


def money_with(value: Decimal, currency: str) -> str:
    return f"{currency} {money(value)}".strip()


def quantity(value: Decimal) -> str:
    """``3``, ``1.5``, ``0.25``: no trailing zeros, never scientific notation."""
    return f"{value.normalize():f}"


def day(value: date) -> str:
    """``Mon 30 Nov 2026``: the weekday from ``date.weekday()``, not the computer's locale."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def short_day(value: date) -> str:
    """``30 Nov 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime, tz: ZoneInfo) -> str:
    """``Mon 30 Nov 2026 09:00`` on the company's wall clock."""
    local = to_local(value, tz)
    return f"{day(local.date())} {local:%H:%M}"


def clock_time(value: datetime, tz: ZoneInfo) -> str:
    return f"{to_local(value, tz):%H:%M}"


def span(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``Mon 30 Nov 2026 09:00–11:00``; both days when it runs past midnight."""
    first, last = to_local(start, tz), to_local(end, tz)
    if first.date() == last.date():
        return f"{day(first.date())} {first:%H:%M}–{last:%H:%M}"
    return f"{moment(start, tz)} – {moment(end, tz)}"


def hours(start: datetime, end: datetime) -> str:
    """``1:30`` (hours and minutes worked)."""
    minutes = round((end - start).total_seconds() / 60)
    whole, rest = divmod(minutes, 60)
    return f"{whole}:{rest:02d}"


def label(value: str) -> str:
    """An enum value as printed: ``in_progress`` -> ``In progress``."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


# -- styles --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    caption: ParagraphStyle
    field_label: ParagraphStyle
    field_value: ParagraphStyle
    heading: ParagraphStyle
    company: ParagraphStyle
    title: ParagraphStyle
    number: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_head_work: ParagraphStyle
    total_label: ParagraphStyle
    total: ParagraphStyle
    lead: ParagraphStyle
    banner: ParagraphStyle


@cache
def styles() -> Styles:
    regular, bold = register_fonts()

    def style(name: str, size: float, *, font: str = regular, color: Any = INK, lead: float = 1.3,
              **more: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * lead, textColor=color, **more)

    return Styles(
        body=style("body", 9.5, spaceAfter=4),
        small=style("small", 8.5),
        muted=style("muted", 8.5, color=MUTED),
        caption=style("caption", 8, color=MUTED, spaceBefore=3, spaceAfter=10),
        field_label=style("field_label", 7.5, font=bold, color=MUTED, lead=1.25),
        field_value=style("field_value", 9.5, lead=1.3),
        heading=style("heading", 10.5, font=bold, color=ACCENT, spaceBefore=12, spaceAfter=5),
        company=style("company", 15, font=bold, color=INK, lead=1.2, spaceAfter=2),
        title=style("title", 9, font=bold, color=MUTED, alignment=TA_RIGHT, lead=1.3),
        number=style("number", 19, font=bold, color=ACCENT, alignment=TA_RIGHT, lead=1.2),
        cell=style("cell", 9, lead=1.3),
        cell_right=style("cell_right", 9, lead=1.3, alignment=TA_RIGHT),
        cell_head=style("cell_head", 7.5, font=bold, color=MUTED, lead=1.3),
        cell_head_right=style("cell_head_right", 7.5, font=bold, color=MUTED, lead=1.3, alignment=TA_RIGHT),
        cell_head_work=style("cell_head_work", 8.5, font=bold, lead=1.3),
        total_label=style("total_label", 10.5, font=bold, lead=1.3, alignment=TA_RIGHT),
        total=style("total", 11.5, font=bold, color=ACCENT, lead=1.3, alignment=TA_RIGHT),
        lead=style("lead", 11.5, font=bold, lead=1.3, spaceAfter=4),
        banner=style("banner", 10, font=bold, color=colors.white, lead=1.35),
    )


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """User text as typed (markup characters literal, line breaks kept)."""
    return Paragraph(plain(text), style)


def own(markup: str, style: ParagraphStyle) -> Paragraph:
    """The program's own words, which may use markup (never user text: that goes through para)."""
    return Paragraph(markup, style)


def long_text(text: str | None, style: ParagraphStyle) -> list[Flowable]:
    """A long text (a scope, a note) as one paragraph per blank-line block, so it flows from page
    to page and each block breaks where it must."""
    blocks = [block.strip("\n") for block in clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n\n")]
    return [para(block, style) for block in blocks if block.strip()]


# -- building blocks -------------------------------------------------------------------------------
def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table's style in the documents' font: a cell holding a plain string (an empty one
    included) would otherwise be drawn in reportlab's Latin-1 Helvetica."""
    regular, _ = register_fonts()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), *commands])


#: Room a section needs below its heading, or it starts on the next page.
SECTION_ROOM = 80.0


def section(title: str) -> list[Flowable]:
    """A section heading with a rule under it. It starts a new page when too little room is
    left for a few lines under it, and otherwise stays where it is: a long scope begins right
    under its heading instead of leaving the rest of the page empty."""
    heading = Table([[own(title, styles().heading)]], colWidths=["100%"])
    heading.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [CondPageBreak(SECTION_ROOM), heading, Spacer(1, 3)]


def fields(pairs: Sequence[tuple[str, Flowable | str | None]], width: float, columns: int = 2) -> Table:
    """Label-over-value cells in ``columns`` columns; a missing value prints as a dash."""
    st = styles()
    cells: list[list[Any]] = []
    row: list[Any] = []
    for name, value in pairs:
        shown = value if isinstance(value, Flowable) else para(value if value else "—", st.field_value)
        row.append([own(name.upper(), st.field_label), shown])
        if len(row) == columns:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (columns - len(row)))
    table = Table(cells, colWidths=[width / columns] * columns, splitInRow=1)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A data table: a shaded header row repeated on each page, a rule under every row, the
    columns in ``right`` aligned right (numbers). Rows may break inside a long cell."""
    st = styles()
    head = [own(name.upper(), st.cell_head_right if i in right else st.cell_head) for i, name in enumerate(header)]
    body = [
        [cell if isinstance(cell, Flowable) else para(cell, st.cell_right if i in right else st.cell) for i, cell in enumerate(row)]
        for row in rows
    ]
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, splitInRow=1)
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *extra,
            ]
        )
    )
    return table


class TickBox(Flowable):
    """A tick box drawn as lines (a pen can tick it on paper), ticked when ``done``."""

    def __init__(self, done: bool, size: float = 9) -> None:
        super().__init__()
        self.done = done
        self.size = size

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.size, self.size + 2

    def draw(self) -> None:
        c = self.canv
        s = self.size
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.rect(0, 0, s, s, stroke=1, fill=0)
        if self.done:
            c.setStrokeColor(ACCENT)
            c.setLineWidth(1.4)
            path = c.beginPath()
            path.moveTo(s * 0.2, s * 0.5)
            path.lineTo(s * 0.42, s * 0.22)
            path.lineTo(s * 0.85, s * 0.85)
            c.drawPath(path, stroke=1, fill=0)


def write_in_lines(labels: Sequence[str], width: float, height: float = 26) -> Table:
    """Blank lines to write on by hand (a signature, a date), each labelled under its line."""
    st = styles()
    gap = 18.0
    n = len(labels)
    cols: list[float] = []
    for i in range(n):
        cols.append((width - gap * (n - 1)) / n)
        if i < n - 1:
            cols.append(gap)
    top: list[Any] = [""] * len(cols)
    under: list[Any] = []
    for i, name in enumerate(labels):
        under.append(own(name, st.muted))
        if i < n - 1:
            under.append("")
    table = Table([top, under], colWidths=cols, rowHeights=[height, None])
    commands: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 2),
    ]
    commands += [("LINEBELOW", (i * 2, 0), (i * 2, 0), 0.8, INK) for i in range(n)]
    table.setStyle(table_style(commands))
    return table


def banner(markup: str, color: Any, width: float) -> Table:
    """A coloured band across the page with the program's own words (void, paid, draft)."""
    table = Table([[own(markup, styles().banner)]], colWidths=[width])
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), color),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def letterhead(head: Letterhead, title: str, number: str, width: float, status: str | None = None) -> list[Flowable]:
    """The first page's top: the company (name, address, phone, email) on the left, the
    document's title and number on the right, a rule under both."""
    st = styles()
    left: list[Flowable] = [para(head.name or "Your company", st.company)]
    if head.address:
        left.append(para(head.address, st.muted))
    reach = " · ".join(part for part in (head.phone, head.email) if part)
    if reach:
        left.append(para(reach, st.muted))
    right: list[Flowable] = [own(title.upper(), st.title), para(number, st.number)]
    if status:
        right.append(own(status, st.title))
    table = Table([[left, right]], colWidths=[width * 0.6, width * 0.4])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, -1), 1.6, ACCENT),
            ]
        )
    )
    return [table, Spacer(1, 10)]


# -- pages -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageFrame:
    """What every page shows around the flowing content."""

    company: str
    document: str  # "Work order WO-1042"
    printed: str  # "Printed Thu 26 Nov 2026 09:00"
    watermark: str | None = None


def _shorten(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` (a header line never runs over the page)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class _NumberedCanvas(Canvas):
    """Holds each page until the end so its footer can say "Page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._width = float(kwargs.get("pagesize", LETTER)[0])

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        cast(Any, self)._startPage()  # a new page without writing this one (stubs omit it)

    def save(self) -> None:
        total = len(self._held)
        regular, _ = register_fonts()
        for state in self._held:
            self.__dict__.update(state)
            self.setFont(regular, 8)
            self.setFillColor(MUTED)
            self.drawRightString(
                self._width - MARGIN_X, MARGIN_BOTTOM / 2 - 3, f"Page {self.getPageNumber()} of {total}"
            )
            super().showPage()
        super().save()


def build_pdf(story: list[Flowable], frame: PageFrame, timezone: str) -> bytes:
    """The PDF of ``story``: the letterhead is the story's own start; every page gets the footer
    (company, document, when printed, "Page N of M"), later pages a one-line header."""
    regular, bold = register_fonts()
    size = page_size(timezone)
    width, height = size
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=clean(frame.document),
        author=clean(frame.company),
        creator="Dispatch Console",
        subject=clean(frame.document),
        # Each page starts by naming a font; reportlab's default would put Helvetica in every page.
        initialFontName=regular,
        initialFontSize=9,
    )
    body_width = width - 2 * MARGIN_X
    first = Frame(MARGIN_X, MARGIN_BOTTOM, body_width, height - MARGIN_TOP - MARGIN_BOTTOM, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(MARGIN_X, MARGIN_BOTTOM, body_width, height - MARGIN_TOP - MARGIN_BOTTOM - RUNNING_HEADER,
                  id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    company = clean(frame.company)

    def decorate(canvas: Canvas, running: bool) -> None:
        canvas.saveState()
        if frame.watermark:
            canvas.setFillColor(ALERT)
            canvas.setFillAlpha(0.12)
            canvas.setFont(bold, 130)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, -45, frame.watermark)
            canvas.rotate(-35)
            canvas.translate(-width / 2, -height / 2)
            canvas.setFillAlpha(1)
        canvas.setFont(regular, 8)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        y = MARGIN_BOTTOM / 2 - 3
        canvas.line(MARGIN_X, y + 12, width - MARGIN_X, y + 12)
        left = f"{frame.document} · {frame.printed}"
        canvas.drawString(MARGIN_X, y, _shorten(left, regular, 8, body_width - 80))
        if running:
            top = height - MARGIN_TOP - 12
            canvas.setFont(bold, 9)
            canvas.setFillColor(INK)
            canvas.drawString(MARGIN_X, top, _shorten(company, bold, 9, body_width * 0.6))
            canvas.setFont(regular, 9)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(width - MARGIN_X, top, f"{frame.document} (continued)")
            canvas.line(MARGIN_X, top - 7, width - MARGIN_X, top - 7)
        canvas.restoreState()

    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[first], onPage=lambda c, d: decorate(c, False), autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[later], onPage=lambda c, d: decorate(c, True)),
        ]
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return out.getvalue()


def frame_width(timezone: str) -> float:
    """The width the story flows in."""
    return page_size(timezone)[0] - 2 * MARGIN_X


def printed(head: Letterhead) -> str:
    return f"printed {moment(head.printed_at, zone(head.timezone))}"
