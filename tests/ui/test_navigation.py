"""The places on the left as the dispatcher sees them: the one chosen is a plain highlighted
box around its icon (and name), whether the bar shows names or, on a narrow or 200 % screen,
icons only."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from dispatch_console.ui.main_window import PLACES, MainWindow


def inked_runs(window: MainWindow, key: str) -> list[range]:
    """The runs of columns, inside the chosen place's highlighted box, that show something
    other than the highlight (its icon, its name, a frame)."""
    nav = window.nav
    row = [k for k, _t in PLACES].index(key)
    rect = nav.visualItemRect(nav.item(row))
    image = nav.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    scale = image.devicePixelRatio()
    highlight = nav.palette().color(QPalette.ColorRole.Highlight)

    def differs(color: QColor) -> bool:
        return max(abs(color.red() - highlight.red()), abs(color.green() - highlight.green()),
                   abs(color.blue() - highlight.blue())) > 12

    # Inside the box: clear of its rounded corners and its edge.
    edge = 4
    left, right = int((rect.left() + edge) * scale), int((rect.right() - edge) * scale)
    top, bottom = int((rect.top() + edge) * scale), int((rect.bottom() - edge) * scale)
    assert not differs(image.pixelColor(left, top)), "the chosen place is not highlighted"
    runs: list[range] = []
    start = None
    for x in range(left, right + 1):
        inked = any(differs(image.pixelColor(x, y)) for y in range(top, bottom + 1))
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append(range(start, x))
            start = None
    if start is not None:
        runs.append(range(start, right + 1))
    return runs


def test_with_icons_only_the_chosen_place_is_its_icon_on_the_highlight(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.showNormal()
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.nav.width() < 80)
    window.show_place("roster")
    window.nav.setFocus()  # as when the dispatcher moves through the places with the keys
    qtbot.waitUntil(window.nav.hasFocus)
    # Nothing but the icon: no empty box for the name that is not shown.
    runs = inked_runs(window, "roster")
    assert len(runs) == 1, runs
    assert len(runs[0]) <= window.nav.iconSize().width() * window.devicePixelRatio() + 2


def test_the_dispatcher_still_sees_which_place_has_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Without the style's frame around the name, the chosen place's box is framed instead
    while the places have the keyboard."""
    window.show()
    qtbot.waitExposed(window)
    window.show_place("roster")
    roster = window.places.currentWidget()
    assert roster is not None
    roster.setFocus()
    qtbot.waitUntil(lambda: not window.nav.hasFocus())
    nav = window.nav
    rect = nav.visualItemRect(nav.item([k for k, _t in PLACES].index("roster")))
    before = nav.viewport().grab().toImage().copy(rect)
    nav.setFocus()
    qtbot.waitUntil(nav.hasFocus)
    after = nav.viewport().grab().toImage().copy(rect)
    assert before != after
