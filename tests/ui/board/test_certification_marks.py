"""The board's rows mark certifications as the roster does: expired in red, expiring within 30
days in amber, judged on the first day shown by the one rule of domain/certifications.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QImage, QPainter

from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.ui.board.painter import skill_marks
from dispatch_console.ui.roster.marks import EXPIRED_COLOR, EXPIRING_COLOR


class Recording(QPainter):
    """A painter that notes each text it draws and the pen it draws it with."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.drawn: list[tuple[str, str]] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        text = next(a for a in args if isinstance(a, str))
        self.drawn.append((text, self.pen().color().name()))
        super().drawText(*args)  # type: ignore[call-overload]


def test_marks_follow_the_one_rule() -> None:
    day = date(2026, 11, 30)
    skills = {"ELEC": date(2026, 10, 31), "HVAC": date(2026, 12, 10), "FIRE": None, "BOIL": date(2027, 6, 30)}
    assert skill_marks(skills, day) == [
        ("BOIL", None),
        ("ELEC expired 31 Oct", EXPIRED_COLOR),
        ("FIRE", None),
        ("HVAC until 10 Dec", EXPIRING_COLOR),
    ]
    assert skill_marks(skills, date(2026, 10, 31))[1] == ("ELEC until 31 Oct", EXPIRING_COLOR)  # its last day


def test_a_row_shows_an_expired_certification_in_red_and_an_expiring_one_in_amber(
    company: ServiceContext, make_page  # type: ignore[no-untyped-def]
) -> None:
    with company.write("certify") as uow:
        ana = uow.require(m.Technician, "T1")
        ana.skills[0].certified_until = date(2026, 12, 10)  # HVAC, ten days after the shown Monday
    page = make_page()
    page.set_view("day")
    painter_of_board = page.board.painter
    image = QImage(400, painter_of_board.row_height * len(page.state.rows), QImage.Format.Format_ARGB32)
    recording = Recording(image)
    painter_of_board.paint_names(recording, range(len(page.state.rows)), 400, [date(2026, 11, 30)])
    recording.end()
    drawn = dict(recording.drawn)
    assert drawn["HVAC until 10 Dec"] == EXPIRING_COLOR.name()  # Ana's
    assert drawn["ELEC expired 31 Oct, "] == EXPIRED_COLOR.name()  # Ben's
    assert QColor(drawn["HVAC"]) != EXPIRED_COLOR  # Ben's HVAC has no expiry


def test_a_one_line_row_says_it_with_a_badge(company: ServiceContext, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    board_painter = page.board.painter
    board_painter.row_height = 24  # the compact rows of a long roster
    image = QImage(400, 24 * len(page.state.rows), QImage.Format.Format_ARGB32)
    recording = Recording(image)
    board_painter.paint_names(recording, range(len(page.state.rows)), 400, [date(2026, 11, 30)])
    recording.end()
    badges = [(text, color) for text, color in recording.drawn if text.startswith("cert ")]
    assert badges == [("cert expired", EXPIRED_COLOR.name())]  # Ben's ELEC; Ana's HVAC runs to June 2027
    assert not any("expired 31 Oct" in text for text, _ in recording.drawn)  # no room for the line
