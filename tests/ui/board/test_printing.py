"""The printed board reads like the screen: sane type sizes on paper at a printer's resolution,
and every booking named on it (day and week)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from dispatch_console.services import dispatch
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.board.printing import day_groups, write_pdf
from tests.ui.board.bare_board import BareBoard
from tests.ui.board.driving import at, new_order


def printed(path: Path) -> tuple[str, list[float]]:
    """The text of every page, and the size in points of every piece of text on paper."""
    sizes: list[float] = []

    def visit(text, cm, tm, _font, size) -> None:  # type: ignore[no-untyped-def]
        if not text.strip():
            return
        # The text matrix, then the page's: the vertical scale of the glyphs.
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        sizes.append(abs(size) * (c * c + d * d) ** 0.5)

    reader = PdfReader(str(path))
    text = " ".join(page.extract_text(visitor_text=visit) for page in reader.pages)
    return " ".join(text.split()), sizes


def bookings(company: ServiceContext) -> list[str]:
    numbers = []
    for day in range(5):
        for i, (tech, hours) in enumerate((("T1", 2), ("T2", 1), ("T1", 1))):
            number = new_order(company, f"Job {day}-{i}")
            start = at(day * 24 + i * 2.5)
            dispatch.book(company, number, tech, start, start + timedelta(hours=hours), confirm=True)
            numbers.append(number)
    return numbers


@pytest.mark.parametrize("days", [1, 7])
def test_print_has_readable_type_and_every_booking(qtbot: QtBot, company: ServiceContext, tmp_path: Path,
                                                   days: int) -> None:
    numbers = bookings(company)
    board = BareBoard(qtbot, company, days=days, px_per_hour=10)
    pdf = tmp_path / "board.pdf"
    pages = write_pdf(str(pdf), board.state, board.view.axis, company.now())
    text, sizes = printed(pdf)
    assert pages == len(PdfReader(str(pdf)).pages)
    assert "Schedule board" in text and "Ana Reyes" in text and "Ben Okafor" in text
    assert "printed Mon 30 Nov 2026 08:00" in text  # company wall clock
    shown = [n for n in numbers if board.view.is_shown(board.booking_id(n))]
    assert len(shown) == (3 if days == 1 else 15)
    missing = [n for n in shown if n not in text]
    assert not missing, f"not on paper: {missing}"
    # On paper, between 5 pt (the smallest readable print) and 12 pt (the title).
    assert sizes and min(sizes) >= 5 and max(sizes) <= 12, (min(sizes), max(sizes))


def test_a_week_goes_on_more_pages_rather_than_unreadably_narrow_hours(qtbot: QtBot, company: ServiceContext) -> None:
    board = BareBoard(qtbot, company, days=7, px_per_hour=10)
    groups = day_groups(board.view.axis, 860)  # 14 hours a day: 3 days would fit at 16 px an hour
    assert [g.days for g in groups] == [3, 2, 2]
    assert all(g.px_per_hour >= 16 and g.width == pytest.approx(860) for g in groups)
    assert [g.first_day.day for g in groups] == [30, 3, 5]
    assert [g.days for g in day_groups(replace(board.view.axis, days=1), 860)] == [1]
    assert [g.days for g in day_groups(board.view.axis, 4000)] == [7]
