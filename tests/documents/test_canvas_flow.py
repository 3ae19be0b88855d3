"""The canvas flow engine: wrapping by measured width, and blocks laid out on pages."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from dispatch_console.documents import canvas_flow
from dispatch_console.documents.canvas_flow import (
    Block,
    Flow,
    Frame,
    Row,
    Style,
    text_rows,
    width_of,
    wrap,
)
from dispatch_console.documents.fonts import register_fonts

REGULAR, BOLD = register_fonts()
BODY = Style(REGULAR, 10, 12, black)


def test_wrap_keeps_every_line_within_the_width_and_every_word() -> None:
    text = "The quick brown fox jumps over the lazy dog. " * 20
    lines = wrap(text, BODY, 150)
    assert len(lines) > 5
    assert all(width_of(line, BODY) <= 150 for line in lines)
    assert " ".join(lines).split() == text.split()


def test_wrap_breaks_a_word_wider_than_the_line_between_characters() -> None:
    word = "x" * 300
    lines = wrap(f"see {word} here", BODY, 100)
    assert "".join(lines).replace(" ", "") == f"see{word}here"
    assert all(width_of(line, BODY) <= 100 for line in lines) and len(lines) >= 4


def test_wrap_keeps_line_breaks_and_blank_lines_and_drops_control_characters() -> None:
    assert wrap("one\r\ntwo\n\nthree\x00\x07\n\n", BODY, 400) == ["one", "two", "", "three"]
    assert wrap("a\tb", BODY, 400) == ["a   b"]
    assert wrap(None, BODY, 400) == [] and wrap("  \n ", BODY, 400) == []


def test_even_a_one_character_line_is_never_empty() -> None:
    assert wrap("WW", BODY, 1) == ["W", "W"]


FRAME = Frame(300, 200, 10, 10, 10, 10)  # a body 180 points high


def lines(n: int, tag: str) -> list[Row]:
    return text_rows([f"{tag}{i}" for i in range(n)], BODY)


def test_a_block_that_fits_stays_and_one_that_does_not_starts_the_next_page() -> None:
    flow = Flow(FRAME)
    flow.section(lines(1, "head"), lines(1, "again"))
    flow.add(Block([lines(5, "a")]))  # 60 points
    flow.add(Block([[row] for row in lines(8, "b")]))  # 96: 108 of 168 left... fits
    flow.add(Block([[row] for row in lines(3, "c")]))  # 36 > 12 left: a new page, whole
    assert len(flow.pages) == 2
    assert not flow.pages[0].continued and flow.pages[1].continued
    second = [op.text for _, row in flow.pages[1].rows for op in row.ops if isinstance(op, canvas_flow.Text)]
    assert second == ["again0", "c0", "c1", "c2"]


def test_a_block_longer_than_a_page_flows_on_under_its_continued_rows() -> None:
    flow = Flow(FRAME)
    flow.section(lines(1, "head"), lines(1, "again"))
    flow.add(Block([[row] for row in lines(40, "x")], continued=lines(1, "more")))
    texts = [[op.text for _, row in page.rows for op in row.ops if isinstance(op, canvas_flow.Text)]
             for page in flow.pages]
    assert len(texts) >= 3
    assert texts[0][0] == "head0" and all(page[:2] == ["again0", "more0"] for page in texts[1:])
    flowed = [t for page in texts for t in page if t.startswith("x")]
    assert flowed == [f"x{i}" for i in range(40)]
    for page in flow.pages:  # nothing below the bottom margin
        assert all(top - row.height >= FRAME.bottom - 0.01 for top, row in page.rows)


def test_a_new_section_starts_a_new_page() -> None:
    flow = Flow(FRAME)
    flow.section(lines(1, "one"), [])
    flow.add(Block([lines(1, "a")]))
    flow.section(lines(1, "two"), [])
    flow.add(Block([lines(1, "b")]))
    assert [page.section for page in flow.pages] == [0, 1]


def test_drawn_text_reads_back_exactly_with_page_footers() -> None:
    flow = Flow(FRAME)
    flow.section(text_rows(['<b>&amp; <img src="x"/>', "Ковальчук Παπαδόπουλος"], BODY), [])
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(FRAME.width, FRAME.height))
    canvas_flow.draw(canvas, FRAME, flow.pages, lambda page, n, of: text_rows([f"page {n} of {of}"], BODY))
    canvas_flow.save(canvas)
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert '<b>&amp; <img src="x"/>' in text and "Ковальчук Παπαδόπουλος" in text and "page 1 of 1" in text
