"""How lists sort text and numbers, one rule for Python and both databases.

A name sorts by its *sort key*: letters without their accents and in lower case, so "Ólafur"
is among the O's, "Øster" among the O's and "ábaco" before "Bravo". The rule is a plain table of
characters (``FOLDS``) rather than a locale, so SQLite and PostgreSQL apply exactly the same one
(PostgreSQL as ``translate``/``replace``, SQLite by calling ``sort_key``) and a test can compare
the database's order with ``sorted(..., key=sort_key)``. Characters outside the table (Greek,
Cyrillic, CJK…) keep their place by code point.

Work order numbers sort naturally, as the list always did: digits compare as numbers, so
"WO-999" comes before "WO-1001" (``number_key``, a string a database compares by code point).

The work order list stores these keys on each work order (``storage/work_order_keys.py``) so
that the database sorts by an index instead of computing a key for every row; ``list_keys``
computes all of them from what a writer already has at hand, one rule for the session, bulk
writers and the migration that fills them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final, NamedTuple

from dispatch_console.domain.enums import Status


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


#: How much of a text decides its place: keys are stored and indexed, and PostgreSQL refuses an
#: index entry over about 2,700 bytes (a pasted page of notes as a summary would not save).
#: Texts alike in their first 200 characters sort by the list's next key (the number).
SORT_KEY_LENGTH: Final = 200


def sort_key(text: str | None) -> str:
    """What ``text`` sorts as: compare these by code point (``None`` sorts as "")."""
    if not text:
        return ""
    text = text[:SORT_KEY_LENGTH]
    if text.isascii():  # the table's only ASCII folds are A-Z; lower() is ten times faster
        return text.lower()
    return text.translate(_TRANSLATION)[:SORT_KEY_LENGTH]


_DIGITS: Final = re.compile(r"(\d+)")
#: Digits of a number part, padded so that text comparison is numeric comparison.
_WIDTH: Final = 12


def number_key(number: str) -> str:
    """What a work order number sorts as: its parts in order, text (case-blind) before digits,
    digits by their value ("WO-999" before "WO-1001"). Each text part ends with \\x01 so a
    shorter one comes first ("ab" before "abc"), as a tuple of parts would."""
    parts: list[str] = []
    for part in _DIGITS.split(number):
        if not part:
            continue
        if part.isdigit():
            parts.append("\x03" + part.lstrip("0").rjust(_WIDTH, "0"))
        else:
            parts.append("\x02" + part.casefold() + "\x01")
    return "".join(parts)


#: Lifecycle order, for sorting by status.
STATUS_RANK: Final[dict[str, int]] = {status: i for i, status in enumerate(Status)}


def technicians_key(names: Iterable[str]) -> str | None:
    """What the technicians column sorts as (None: nobody booked, shown last)."""
    joined = ", ".join(names)
    return sort_key(joined) if joined else None


def search_text(number: str, summary: str, customer: str, site: str, site_code: str,
                technicians: Iterable[str]) -> str:
    """What the list's free text looks in, case folded: every word typed must be in it."""
    return " ".join([number, summary, customer, site, site_code, *technicians]).casefold()


class ListKeys(NamedTuple):
    """What the work order list sorts and searches one work order by (named as the columns
    that store them)."""

    number_sort: str
    status_sort: int
    customer_sort: str
    site_sort: str
    summary_sort: str
    technicians_sort: str | None
    scheduled_sort: datetime | None
    hours_sort: float
    search_text: str


def list_keys(
    *,
    number: str,
    status: Status | str,
    summary: str,
    customer: str,
    site: str,
    site_code: str,
    technicians: Iterable[str],
    first_start: datetime | None,
    hours: Decimal | float | str,
) -> ListKeys:
    """A work order's list keys from its own values, its site's and customer's names and the
    names booked on it (in booking order, each once) with the earliest booking's start."""
    names = technicians if isinstance(technicians, list | tuple) else list(technicians)
    return ListKeys(  # in the fields' order: a migration fills 100,000 of these
        number_key(number),
        STATUS_RANK[status],  # a Status is its value: either finds the rank
        sort_key(customer),
        sort_key(site),
        sort_key(summary),
        technicians_key(names),
        first_start,
        float(hours),
        search_text(number, summary, customer, site, site_code, names),
    )


def search_words(text: str) -> tuple[str, ...]:
    """The words typed in the search box, folded the way ``search_text`` is."""
    return tuple(text.casefold().split())


#: The list's default view shows open work and anything created or changed this recently.
RECENT_WORK: Final = timedelta(days=90)
