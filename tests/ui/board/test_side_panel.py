"""The side panel's suggestions: one press books once; the panel shown anew offers them again."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.domain.suggestions import Ranking, Suggestion
from dispatch_console.domain.timekeeping import zone
from dispatch_console.ui.board.side_panel import SidePanel
from tests.ui.board.driving import at
from tests.ui.board.test_queue_model import NOW, item

CHICAGO = zone("America/Chicago")


def suggestion(code: str, name: str, hours: float) -> Suggestion:
    return Suggestion(code, name, at(hours), at(hours) + timedelta(hours=2), 5.0, False, hours, ("has HVAC", "free"))


def ranking() -> Ranking:
    return Ranking((suggestion("T1", "Ana Reyes", 0), suggestion("T2", "Ben Okafor", 1)), {})


def test_a_suggestion_books_once_until_the_panel_is_shown_again(qtbot: QtBot) -> None:
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.resize(320, 800)
    panel.show()
    qtbot.waitExposed(panel)
    booked: list[tuple[str, Suggestion]] = []
    panel.book_suggestion.connect(lambda number, s: booked.append((number, s)))
    panel.show_queue_item(item(1), CHICAGO, NOW)
    panel.show_ranking(ranking(), CHICAGO)
    first, second = panel.cards
    qtbot.waitUntil(lambda: second.button.height() > 10)
    qtbot.mouseClick(first.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(first.button, Qt.MouseButton.LeftButton)  # a second press: nothing more
    qtbot.mouseClick(second.button, Qt.MouseButton.LeftButton)  # nor another suggestion
    assert [(n, s.tech_code) for n, s in booked] == [("WO-1001", "T1")]
    assert not first.button.isEnabled() and not second.button.isEnabled()
    panel.show_ranking(ranking(), CHICAGO)  # the page shows the selection again after booking
    qtbot.mouseClick(panel.cards[1].button, Qt.MouseButton.LeftButton)
    assert [(n, s.tech_code) for n, s in booked] == [("WO-1001", "T1"), ("WO-1001", "T2")]


def test_a_certification_running_out_reads_in_amber_on_the_card(qtbot: QtBot) -> None:
    from zoneinfo import ZoneInfo

    from dispatch_console.ui.board.side_panel import SuggestionCard
    from dispatch_console.ui.roster.marks import EXPIRING_COLOR

    caution = "HVAC certification expires 2026-12-10 (10 days left)"
    suggestion = Suggestion("T1", "Ana Reyes", at(0), at(2), 5.0, False, 0.0,
                            ("has HVAC (certified until 2026-12-10)", caution, "free"), (caution,))
    card = SuggestionCard(1, suggestion, ZoneInfo("America/Chicago"))
    qtbot.addWidget(card)
    styles = [line.styleSheet() for line in card.reasons]
    assert EXPIRING_COLOR.name() in styles[1]
    assert EXPIRING_COLOR.name() not in styles[0] + styles[2]  # the other lines as usual
