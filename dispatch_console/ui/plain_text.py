"""User text on screen: shown exactly as typed, never as markup, and never wider than the screen.

Qt guesses rich text in labels, tooltips and message boxes (``Qt.mightBeRichText``): a customer
called ``<b>Bold</b>`` would come out bold, an ``<a href>`` as a link and an ``<img src>`` as a
picture. Every screen puts names, summaries, skills, reasons and notes on screen through these
helpers:

- ``set_plain`` / ``plain_label`` for a label that holds nothing but such text;
- ``escape`` for user text placed inside rich text the screen builds itself;
- ``tooltip`` for a tooltip (or an item's ``ToolTipRole``) made of plain text;
- ``menu_text`` for a menu entry (``&`` would otherwise underline the next letter).

In rich text and tooltips, and in plain labels asked to ``wrap_anywhere``, a word longer than
``LONG_WORD`` characters (a pasted URL, a 5,000-character access note without a space) gets a
zero-width space every ``LONG_WORD`` characters, so it wraps instead of making its window as
wide as the word.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

#: Unbroken runs longer than this may wrap (at a zero-width space) every this many characters.
LONG_WORD = 40
ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(rf"[^\s{ZERO_WIDTH_SPACE}]{{{LONG_WORD}}}(?=[^\s{ZERO_WIDTH_SPACE}])")


def breakable(text: str) -> str:
    """``text`` with a place to wrap every ``LONG_WORD`` characters of a word (nothing visible)."""
    return _LONG_RUN.sub(lambda match: match.group(0) + ZERO_WIDTH_SPACE, text)


def escape(text: object) -> str:
    """``text`` for rich text we build: shown literally, its line breaks kept, long words wrappable."""
    return html.escape(breakable(str(text)), quote=False).replace("\n", "<br>")


def rich(markup: str) -> str:
    """Rich text that Qt takes as rich text whatever it starts with (a tooltip or an AutoText label)."""
    return f"<qt>{markup}</qt>" if markup else ""


def tooltip(text: object) -> str:
    """A plain ``text`` as a tooltip: escaped and marked as rich text, so Qt never guesses."""
    return rich(escape(text)) if text else ""


def set_plain(widget: QLabel, text: str, *, wrap_anywhere: bool = False) -> QLabel:
    """Show ``text`` in ``widget`` as plain text.

    ``wrap_anywhere`` (for a word-wrapped label of user text: a summary, skills) lets a long
    word wrap too. Not for paths and messages the user may copy: the zero-width spaces would
    be copied with them.
    """
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(breakable(text) if wrap_anywhere else text)
    return widget


def plain_label(
    text: str = "", parent: QWidget | None = None, *, wrap: bool = False, wrap_anywhere: bool = False
) -> QLabel:
    """A label that shows ``text`` literally; ``wrap`` lets it take several lines."""
    widget = QLabel(parent)
    widget.setWordWrap(wrap or wrap_anywhere)
    return set_plain(widget, text, wrap_anywhere=wrap_anywhere)


def menu_text(text: str) -> str:
    """``text`` for a menu entry or button: an ``&`` shows as itself, not as a shortcut mark."""
    return text.replace("&", "&&")

