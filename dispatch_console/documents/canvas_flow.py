"""A small flow engine drawing straight on reportlab's canvas, for documents of many pages.

platypus measures and splits every paragraph through its markup parser; for a day's crew sheets
(hundreds of pages of short lines) that is several times slower than drawing the same text. Here
a document is laid out first as rows (one line of text, a band, a rule: each a few points high
and never split), grouped where they must stay together (a heading with its first line), in
blocks that try to keep to one page; then drawn. Text is wrapped by measuring it
(``pdfmetrics.stringWidth``), so nothing is clipped: a word wider than the line is broken
between characters, and a block longer than a page flows on, under the section's own header
"(continued)".

Canvas drawing takes text literally: markup characters print as typed, and nothing is fetched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from dispatch_console.documents.text import clean


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    color: Color


# -- measuring and wrapping ------------------------------------------------------------------------
class _Widths(dict[str, float]):
    """Each character's width in one font and size, measured by ``pdfmetrics.stringWidth`` the
    first time it is asked for; a string's width is then one C-level sum over its characters
    (reportlab measures character by character in pure Python without its accelerator)."""

    def __init__(self, font: str, size: float) -> None:
        super().__init__()
        self.font = font
        self.size = size

    def __missing__(self, char: str) -> float:
        width = self[char] = stringWidth(char, self.font, self.size)
        return width


_widths: dict[tuple[str, float], _Widths] = {}
#: Strings measured so far, per (font, size): a day's sheets repeat the same words thousands of times.
_known: dict[tuple[str, float], dict[str, float]] = {}
_KNOWN_KEPT = 200_000


def measure(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points, as ``pdfmetrics.stringWidth``."""
    known = _known.get((font, size))
    if known is None:
        known = _known[(font, size)] = {}
        _widths[(font, size)] = _Widths(font, size)
    width = known.get(text)
    if width is None:
        if len(known) > _KNOWN_KEPT:
            known.clear()
        width = known[text] = sum(map(_widths[(font, size)].__getitem__, text))
    return width


def width_of(text: str, style: Style) -> float:
    return measure(text, style.font, style.size)


def _broken(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than ``width`` in pieces that each fit (at least one character each)."""
    pieces: list[str] = []
    piece = ""
    used = 0.0
    for char in word:
        w = measure(char, font, size)
        if piece and used + w > width:
            pieces.append(piece)
            piece, used = "", 0.0
        piece += char
        used += w
    if piece:
        pieces.append(piece)
    return pieces


#: Paragraphs up to this many characters are first measured whole (few are longer than a line).
_SHORT = 100


def wrap(text: str | None, style: Style, width: float) -> list[str]:
    """The text as lines no wider than ``width``: broken at spaces, a too-long word between
    characters; its own line breaks kept (a blank line too), tabs as four spaces, control
    characters dropped, trailing blank lines dropped. No text is no lines."""
    font, size = style.font, style.size
    space = measure(" ", font, size)
    lines: list[str] = []
    body = clean(text).replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).rstrip()
    if not body:
        return lines
    for paragraph in body.split("\n"):
        paragraph = paragraph.rstrip()
        if len(paragraph) <= _SHORT and measure(paragraph, font, size) <= width:
            lines.append(paragraph)  # most fields: one line, measured (and remembered) whole
            continue
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            w = measure(word, font, size)
            if w > width:
                if line:
                    lines.append(" ".join(line))
                pieces = _broken(word, font, size, width)
                lines.extend(pieces[:-1])
                line, used = [pieces[-1]], measure(pieces[-1], font, size)
            elif not line:
                line, used = [word], w
            elif used + space + w <= width:
                line.append(word)
                used += space + w
            else:
                lines.append(" ".join(line))
                line, used = [word], w
        lines.append(" ".join(line))
    return lines


def shorten(text: str, style: Style, width: float) -> str:
    """One line cut to ``width`` with an ellipsis (only for a repeated line, such as a footer,
    whose text is printed in full elsewhere)."""
    if width_of(text, style) <= width:
        return text
    while text and width_of(text + "…", style) > width:
        text = text[:-1]
    return text + "…"


# -- what a row draws ------------------------------------------------------------------------------
class Text(NamedTuple):
    """A string with its baseline ``dy`` below the row's top; ``right`` aligns its end at ``dx``."""

    dx: float
    dy: float
    text: str
    style: Style
    right: bool = False


class Box(NamedTuple):
    """A rectangle whose top is ``dy`` below the row's top: filled, stroked, or both."""

    dx: float
    dy: float
    width: float
    height: float
    fill: Color | None = None
    stroke: Color | None = None
    line_width: float = 0.8


class Stroke(NamedTuple):
    """A horizontal line ``dy`` below the row's top, from ``dx`` to ``dx2``."""

    dx: float
    dy: float
    dx2: float
    color: Color
    line_width: float = 0.6


Op = Text | Box | Stroke


class Row(NamedTuple):
    """A strip of the page never split between pages. (Named tuples: a day's sheets make tens
    of thousands of rows and strings, and a tuple is the cheapest record to make.)"""

    height: float
    ops: tuple[Op, ...] = ()


def gap(height: float) -> Row:
    return Row(height)


def text_rows(lines: Sequence[str], style: Style, dx: float = 0.0) -> list[Row]:
    """One row per line, its baseline placed for the style's leading."""
    baseline = style.size + (style.leading - style.size) / 2 - style.size * 0.05
    return [Row(style.leading, (Text(dx, baseline, line, style),)) for line in lines]


def side_by_side(*columns: Sequence[Row]) -> list[Row]:
    """Columns of rows (each already at its own ``dx``) as one: row i holds every column's
    row i, as tall as the tallest."""
    rows: list[Row] = []
    for i in range(max(len(column) for column in columns)):
        ops: list[Op] = []
        height = 0.0
        for column in columns:
            if i < len(column):
                ops.extend(column[i].ops)
                height = max(height, column[i].height)
        rows.append(Row(height, tuple(ops)))
    return rows


def moved(op: Op, dx: float) -> Op:
    if isinstance(op, Text):
        return Text(op.dx + dx, op.dy, op.text, op.style, op.right)
    if isinstance(op, Box):
        return Box(op.dx + dx, op.dy, op.width, op.height, op.fill, op.stroke, op.line_width)
    return Stroke(op.dx + dx, op.dy, op.dx2 + dx, op.color, op.line_width)


# -- laying out ------------------------------------------------------------------------------------
Group = list[Row]


@dataclass
class Block:
    """Groups of rows in reading order; a group is never split (a heading with its first line).
    A block ``together`` starts on a new page when it does not fit on this one but would on the
    next; a longer one flows, with ``continued`` (e.g. its title and "(continued)") repeated
    at the top of each page it flows onto."""

    groups: list[Group]
    together: bool = True
    continued: list[Row] = field(default_factory=list)

    @property
    def height(self) -> float:
        return sum(row.height for group in self.groups for row in group)


@dataclass
class Page:
    section: int
    continued: bool
    rows: list[tuple[float, Row]] = field(default_factory=list)  # (top y, row)


@dataclass
class Frame:
    """The page and the body's box on it (points; y up from the bottom edge)."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def body_width(self) -> float:
        return self.width - self.left - self.right


class Flow:
    """Lays blocks out on pages. Each section starts on a new page under its ``first`` header
    rows; a page it flows onto starts with its ``again`` header rows."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.pages: list[Page] = []
        self._y = 0.0
        self._fresh = True
        self._section = -1
        self._again: list[Row] = []

    @property
    def room(self) -> float:
        return self._y - self.frame.bottom

    def section(self, first: Sequence[Row], again: Sequence[Row]) -> None:
        self._section += 1
        self._again = list(again)
        self._page(list(first), continued=False)

    def _page(self, header: list[Row], *, continued: bool) -> None:
        self.pages.append(Page(self._section, continued))
        self._y = self.frame.height - self.frame.top
        for row in header:
            self._place(row)
        self._fresh = True

    def _place(self, row: Row) -> None:
        self.pages[-1].rows.append((self._y, row))
        self._y -= row.height

    def _next_page(self, block: Block | None) -> None:
        self._page(list(self._again), continued=True)
        if block is not None:
            for row in block.continued:
                self._place(row)

    def _capacity(self) -> float:
        """The room on a section's next page."""
        header = sum(row.height for row in self._again)
        return self.frame.height - self.frame.top - self.frame.bottom - header

    def add(self, block: Block) -> None:
        if not self.pages:
            raise RuntimeError("a block before any section")
        total = block.height
        if total > self.room and not self._fresh and block.together and total <= self._capacity():
            self._page(list(self._again), continued=True)  # the block is whole: no "(continued)"
        started = False
        for group in block.groups:
            height = sum(row.height for row in group)
            if height > self.room and not self._fresh:
                if started:
                    self._next_page(block)
                else:
                    self._page(list(self._again), continued=True)
            if height > self.room:
                # Taller than a whole page (a group is a few lines, so never in practice): row by row.
                for row in group:
                    if row.height > self.room and not self._fresh:
                        self._next_page(block)
                    self._place(row)
                    self._fresh = False
            else:
                for row in group:
                    self._place(row)
            self._fresh = False
            started = True


# -- drawing ---------------------------------------------------------------------------------------
class _Painter:
    """Writes rows as PDF operators: the shapes of a page first, then all its text in one text
    object over them; a font or colour set only when it changes. TrueType text is split into
    the document's font subsets as reportlab's ``ttfonts`` describes (``splitString``,
    ``getSubsetInternalName``, escaped), each distinct string once per document: the
    canvas's own text object does the same per call, in pure Python, several times slower."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.doc = canvas._doc  # type: ignore[attr-defined]  # the document its fonts are subset for
        self._shapes: list[str] = []
        self._text: list[str] = []
        self._font: tuple[str, float, int] | None = None
        self._fill: Color | None = None
        self._stroke: tuple[Color, float] | None = None
        self._shape_fill: Color | None = None
        self._encoded: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._subset_names: dict[tuple[str, int], str] = {}
        self._fonts: dict[str, TTFont] = {}

    def _chunks(self, text: str, font_name: str) -> list[tuple[int, str]]:
        key = (font_name, text)
        chunks = self._encoded.get(key)
        if chunks is None:
            font = self._fonts.get(font_name)
            if font is None:
                found = getFont(font_name)
                if not isinstance(found, TTFont):
                    raise TypeError(f"{font_name} is not a TrueType font; register it with fonts.py")
                font = self._fonts[font_name] = found
            chunks = self._encoded[key] = [
                (subset, piece.decode("latin-1").translate(_ESCAPES))
                for subset, piece in font.splitString(text, self.doc)
            ]
        return chunks

    def row(self, x: float, top: float, row: Row) -> None:
        for op in row.ops:
            if isinstance(op, Text):
                self._write(x, top, op)
            elif isinstance(op, Box):
                self._box(x, top, op)
            else:
                self._line(x, top, op)

    def _write(self, x: float, top: float, op: Text) -> None:
        style = op.style
        out = self._text
        if self._fill is not style.color:
            out.append(f"{_rgb(style.color)} rg")
            self._fill = style.color
        at = x + op.dx - (measure(op.text, style.font, style.size) if op.right else 0.0)
        out.append(f"1 0 0 1 {at:.2f} {top - op.dy:.2f} Tm")
        for subset, escaped in self._chunks(op.text, style.font):
            if self._font != (style.font, style.size, subset):
                name = self._subset_names.get((style.font, subset))
                if name is None:
                    name = self._fonts[style.font].getSubsetInternalName(subset, self.doc)
                    self._subset_names[(style.font, subset)] = name
                out.append(f"{name} {style.size:g} Tf")
                self._font = (style.font, style.size, subset)
            out.append(f"({escaped}) Tj")

    def _box(self, x: float, top: float, op: Box) -> None:
        out = self._shapes
        if op.fill is not None and self._shape_fill is not op.fill:
            out.append(f"{_rgb(op.fill)} rg")
            self._shape_fill = op.fill
        if op.stroke is not None:
            self._stroke_as(op.stroke, op.line_width)
        paint = "B" if op.fill is not None and op.stroke is not None else ("f" if op.fill is not None else "S")
        out.append(f"{x + op.dx:.2f} {top - op.dy - op.height:.2f} {op.width:.2f} {op.height:.2f} re {paint}")

    def _line(self, x: float, top: float, op: Stroke) -> None:
        self._stroke_as(op.color, op.line_width)
        y = top - op.dy
        self._shapes.append(f"{x + op.dx:.2f} {y:.2f} m {x + op.dx2:.2f} {y:.2f} l S")

    def _stroke_as(self, color: Color, width: float) -> None:
        if self._stroke != (color, width):
            self._shapes.append(f"{_rgb(color)} RG {width:g} w")
            self._stroke = (color, width)

    def finish_page(self) -> None:
        if self._shapes:
            self.canvas.addLiteral("q\n" + "\n".join(self._shapes) + "\nQ")
        if self._text:
            self.canvas.addLiteral("q\nBT\n" + "\n".join(self._text) + "\nET\nQ")
        self.canvas.showPage()
        self._shapes, self._text = [], []
        self._font = self._fill = self._stroke = self._shape_fill = None


#: A subset's character codes written into a PDF string: ``\\``, ``(`` and ``)`` escaped, and
#: codes outside printable ASCII as octal (what reportlab's ``escapePDF`` does, one C call here).
_ESCAPES = {c: f"\\{c:03o}" for c in [*range(32), *range(127, 256)]} | {
    ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)",
}


_rgbs: dict[tuple[float, float, float], str] = {}


def _rgb(color: Color) -> str:
    key = (color.red, color.green, color.blue)
    written = _rgbs.get(key)
    if written is None:
        written = _rgbs[key] = f"{color.red:.3f} {color.green:.3f} {color.blue:.3f}"
    return written


def draw(canvas: Canvas, frame: Frame, pages: Sequence[Page],
         footer: Callable[[Page, int, int], Sequence[Row]]) -> None:
    """Draw the laid-out pages; ``footer(page, n, of)`` gives the rows under the body of a
    section's page ``n`` of ``of``, drawn from the bottom margin's top down."""
    counts: dict[int, int] = {}
    for page in pages:
        counts[page.section] = counts.get(page.section, 0) + 1
    painter = _Painter(canvas)
    n = 0
    section = -1
    for page in pages:
        n = n + 1 if page.section == section else 1
        section = page.section
        for top, row in page.rows:
            painter.row(frame.left, top, row)
        y = frame.bottom
        for row in footer(page, n, counts[page.section]):
            painter.row(frame.left, y, row)
            y -= row.height
        painter.finish_page()


_saving = threading.Lock()


def save(canvas: Canvas) -> None:
    """``canvas.save()`` with the compressed page streams written as binary, not ASCII85:
    reportlab encodes ASCII85 in pure Python without its optional accelerator, which for a few
    hundred pages costs more than drawing them. reportlab reads the switch from its global
    settings while it writes, so it is set for this save only (under a lock)."""
    with _saving:
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas.save()
        finally:
            rl_config.useA85 = before
