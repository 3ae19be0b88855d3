"""How typed search text matches a record, and which matches come first.

Ranks, best first: the whole code or phone number typed exactly, then a value that starts with
the text (or has a word that does), then a value that merely contains it. Phone numbers match
on their digits only, so "214 555" finds "(214) 555-0100": each phone is stored beside its digits
(``phone_digits``), so a search never takes punctuation out row by row. Storage translates each
rank into an SQL condition and looks for the ranks in turn (``RANKS``, ``storage/record_queries.py``);
``rank_of`` is the same rule in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from dispatch_console.domain.record_rules import PHONE_PUNCTUATION, digits_of

EXACT = 0
PREFIX = 1
CONTAINS = 2
#: The ranks best first. A search lists the matches of each rank in turn, in the list's order
#: (by name), so it may look for them rank by rank and stop when the page is full: one or two
#: letters are in nearly every name, but their first page is all prefixes.
RANKS = (EXACT, PREFIX, CONTAINS)
#: Phone numbers are searched from this many digits on (an area code); fewer match nearly all.
PHONE_MIN_DIGITS = 3
#: Results of an as-you-type search; more are never useful while on the phone.
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class SearchText:
    """What the dispatcher typed, ready to match: folded text, and the digits if it reads as a phone."""

    text: str  # case-folded, trimmed
    digits: str  # "" unless the text is only digits and phone punctuation

    @property
    def empty(self) -> bool:
        return not self.text


def search_text(typed: str) -> SearchText:
    text = " ".join(typed.split()).casefold()
    phone_like = bool(text) and all(ch in PHONE_PUNCTUATION or (ch.isascii() and ch.isdigit()) for ch in text)
    return SearchText(text, digits_of(text) if phone_like else "")


def rank_of(value: str | None, wanted: SearchText, *, exact_counts: bool = False) -> int | None:
    """How ``value`` matches the text (None: not at all); exact only counts for codes."""
    if not value or wanted.empty:
        return None
    folded = value.casefold()
    if exact_counts and folded == wanted.text:
        return EXACT
    if folded.startswith(wanted.text) or f" {wanted.text}" in folded:
        return PREFIX
    if wanted.text in folded:
        return CONTAINS
    return None


def phone_digits(phone: str | None) -> str | None:
    """What a phone number is searched by, kept beside it: its digits ("(214) 555-0100 x12" is
    "214555010012"); None when it has none."""
    return digits_of(phone or "") or None


def phone_rank(phone: str | None, wanted: SearchText) -> int | None:
    """How a phone number matches typed digits (None: not at all)."""
    if not phone or len(wanted.digits) < PHONE_MIN_DIGITS:
        return None
    digits = phone_digits(phone) or ""
    if digits == wanted.digits:
        return EXACT
    if digits.startswith(wanted.digits):
        return PREFIX
    if wanted.digits in digits:
        return CONTAINS
    return None
