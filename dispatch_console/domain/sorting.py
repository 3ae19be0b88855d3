"""How lists sort text and numbers, one rule for Python and both databases.

A name sorts by its *sort key*: letters without their accents and in lower case, so "Ólafur"
is among the O's, "Øster" among the O's and "ábaco" before "Bravo". The rule is a plain table of
characters (``FOLDS``) rather than a locale, so SQLite and PostgreSQL apply exactly the same one
(PostgreSQL as ``translate``/``replace``, SQLite by calling ``sort_key``) and a test can compare
the database's order with ``sorted(..., key=sort_key)``. Characters outside the table (Greek,
Cyrillic, CJK…) keep their place by code point.

Work order numbers sort by length, then text: one series ("WO-999", "WO-1001") is in numeric
order, which is what the dispatcher means by "by number".
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Final


def _folds() -> dict[str, str]:
    table = {chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
    # Latin-1 Supplement and Latin Extended-A: a letter and a combining accent become the letter.
    for code in range(0xC0, 0x180):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[char] = base.lower()
    # Letters that are not a base letter plus an accent in Unicode, folded as a reader would.
    table.update({
        "Ø": "o", "ø": "o", "Đ": "d", "đ": "d", "Ł": "l", "ł": "l", "Ħ": "h", "ħ": "h",
        "ı": "i", "Æ": "ae", "æ": "ae", "Œ": "oe", "œ": "oe", "ß": "ss", "Þ": "th", "þ": "th",
        "Ð": "d", "ð": "d",
    })
    return table


#: Character -> what it sorts as (lower case, no accent). Everything else sorts as itself.
FOLDS: Final[dict[str, str]] = _folds()
_TRANSLATION: Final = str.maketrans(FOLDS)


def sort_key(text: str | None) -> str:
    """What ``text`` sorts as: compare these by code point (``None`` sorts as "")."""
    if not text:
        return ""
    return text.translate(_TRANSLATION)


def single_folds() -> tuple[str, str]:
    """The one-character folds as two aligned strings (for SQL ``translate(x, from, to)``)."""
    pairs = [(c, f) for c, f in FOLDS.items() if len(f) == 1]
    return "".join(c for c, _ in pairs), "".join(f for _, f in pairs)


def multi_folds() -> list[tuple[str, str]]:
    """The folds into more than one letter ("æ" -> "ae"), for SQL ``replace``."""
    return [(c, f) for c, f in FOLDS.items() if len(f) > 1]


def number_key(number: str) -> tuple[int, str]:
    """What a work order number sorts as: shorter first, then by text (numeric within a series)."""
    return len(number), number


#: The list's default view shows open work and anything created or changed this recently.
RECENT_WORK: Final = timedelta(days=90)
