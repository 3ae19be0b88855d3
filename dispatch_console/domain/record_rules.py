"""What makes a customer, site, asset or part record valid, and what keeps one from being deleted.

Each check returns the problem in words (what is wrong and how to fix it), or None; a service
collects them field by field so a form can show every message beside its field at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dispatch_console.domain.csv_values import (
    MAX_CODE,
    parse_latitude,
    parse_longitude,
    parse_money,
)
from dispatch_console.domain.errors import RuleViolation, ValidationError

#: How long each kind of text may be (the database keeps no more).
NAME_LENGTH = 200
PHONE_LENGTH = 60
EMAIL_LENGTH = 200
CATEGORY_LENGTH = 60
MAKE_LENGTH = 100
UNIT_LENGTH = 20

#: What may stand between the digits of a phone number: "(214) 555-0100", "+1 214.555.0100".
PHONE_PUNCTUATION = " ()-.+/"
#: A phone number has this many digits, its extension (written "x123" or "ext 123") apart.
PHONE_DIGITS = (7, 15)
_EXTENSION = re.compile(r"\s*(x|ext\.?)\s*\d{1,6}\s*$", re.IGNORECASE)
# One "@", something before it, a domain with a dot after it, no spaces: what a mail program takes.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
# Codes go into file names, CSV cells and messages: letters, digits and a few marks, no spaces.
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def digits_of(text: str) -> str:
    """The digits of a phone number as typed, so "214 555" finds "(214) 555-0100"."""
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def code_problem(code: str, what: str) -> str | None:
    """A record's code: required, short, letters and digits (with . _ / -), no spaces."""
    cleaned = code.strip()
    if not cleaned:
        return f"the {what} code is empty; give the {what} a short code such as C-1001"
    if len(cleaned) > MAX_CODE:
        return f"the {what} code is {len(cleaned)} characters long; shorten it to at most {MAX_CODE}"
    if not _CODE.fullmatch(cleaned):
        return (
            f"the {what} code '{cleaned}' has spaces or other marks; use letters and digits "
            "(and . _ / -), starting with a letter or digit"
        )
    return None


def required_text_problem(text: str, what: str, limit: int) -> str | None:
    """A name, an address, a description: something must be written, and not too much."""
    cleaned = text.strip()
    if not cleaned:
        return f"the {what} is empty; write the {what}"
    return text_length_problem(cleaned, what, limit)


def text_length_problem(text: str, what: str, limit: int) -> str | None:
    if len(text.strip()) > limit:
        return f"the {what} is {len(text.strip())} characters long; shorten it to at most {limit}"
    return None


def phone_problem(phone: str, what: str = "phone number") -> str | None:
    """An optional phone number: digits with the usual punctuation, 7 to 15 digits, an extension."""
    cleaned = phone.strip()
    if not cleaned:
        return None
    if len(cleaned) > PHONE_LENGTH:
        return f"the {what} is too long; write at most {PHONE_LENGTH} characters"
    number = _EXTENSION.sub("", cleaned)
    odd = sorted({ch for ch in number if not (ch.isascii() and ch.isdigit()) and ch not in PHONE_PUNCTUATION})
    if odd:
        return (
            f"the {what} '{cleaned}' has {' '.join(repr(ch) for ch in odd)} in it; write digits, "
            "spaces, ( ) - . + only, e.g. (214) 555-0100 (an extension as x123)"
        )
    low, high = PHONE_DIGITS
    count = len(digits_of(number))
    if not low <= count <= high:
        return (
            f"the {what} '{cleaned}' has {count} digits; a phone number has {low} to {high} "
            "(area code included), e.g. (214) 555-0100"
        )
    return None


def email_problem(email: str) -> str | None:
    """An optional e-mail address: name@domain.tld, no spaces."""
    cleaned = email.strip()
    if not cleaned:
        return None
    if len(cleaned) > EMAIL_LENGTH:
        return f"the e-mail address is too long; write at most {EMAIL_LENGTH} characters"
    if not _EMAIL.fullmatch(cleaned):
        return f"'{cleaned}' is not an e-mail address; write it as name@example.com"
    return None


@dataclass(frozen=True)
class Coordinates:
    """A site's position as typed, checked: both or neither."""

    lat: float | None
    lon: float | None
    problems: dict[str, str]


def check_coordinates(lat_text: str, lon_text: str) -> Coordinates:
    """Latitude and longitude in decimal degrees; both given or both left empty.

    Problems are keyed ``lat`` and ``lon``.
    """
    problems: dict[str, str] = {}
    lat = lon = None
    if lat_text.strip():
        try:
            lat = parse_latitude(lat_text)
        except ValidationError as exc:
            problems["lat"] = f"{exc}, e.g. 32.7767"
    if lon_text.strip():
        try:
            lon = parse_longitude(lon_text)
        except ValidationError as exc:
            problems["lon"] = f"{exc}, e.g. -96.7970"
    if lat_text.strip() and not lon_text.strip():
        problems["lon"] = "the longitude is empty while the latitude is given; give both or neither"
    if lon_text.strip() and not lat_text.strip():
        problems["lat"] = "the latitude is empty while the longitude is given; give both or neither"
    return Coordinates(lat, lon, problems)


def warranty_problem(installed_on: date | None, warranty_until: date | None) -> str | None:
    """A warranty cannot end before the asset was installed."""
    if installed_on is not None and warranty_until is not None and warranty_until < installed_on:
        return (
            f"the warranty ends {warranty_until.isoformat()}, before the asset was installed "
            f"({installed_on.isoformat()}); correct one of the two dates"
        )
    return None


def parse_unit_price(text: str) -> tuple[Decimal | None, str | None]:
    """A part's unit price from text (never through a float): the amount, or the problem."""
    if not text.strip():
        return None, "the unit price is empty; write the price of one unit, e.g. 12.50"
    try:
        return parse_money(text), None
    except ValidationError as exc:
        return None, f"the unit price {exc}; write e.g. 12.50"


def decimal_text(value: Decimal, places: int = 0) -> str:
    """A stored amount as a form shows it: no trailing zeros past ``places`` decimals, whatever
    the database kept (PostgreSQL keeps 7.1000, SQLite 7.1): 29.9 -> "29.90" with 2 places."""
    text = format(value.normalize(), "f")
    shown = -value.normalize().as_tuple().exponent  # type: ignore[operator]
    if places and shown < places:
        text = format(value.quantize(Decimal(1).scaleb(-places)), "f")
    return text


@dataclass(frozen=True)
class Referrers:
    """Records of one kind that refer to the record to be deleted: how many, and a few codes."""

    noun: str  # plural: "sites", "work orders"
    count: int
    examples: tuple[str, ...] = ()

    def words(self) -> str:
        noun = self.noun if self.count != 1 else _SINGULAR.get(self.noun, self.noun.rstrip("s"))
        shown = [e for e in self.examples if e][:EXAMPLES_SHOWN]
        if not shown:
            return f"{self.count} {noun}"
        more = self.count - len(shown)
        listed = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
        return f"{self.count} {noun} ({listed})"


#: How many codes a refusal names before saying "and N more".
EXAMPLES_SHOWN = 3
_SINGULAR = {
    "service agreements": "service agreement",
    "recurring plans": "recurring plan",
    "work orders planning it": "work order planning it",
    "work orders using it": "work order using it",
}


def why_not_delete(what: str, code: str, referrers: Sequence[Referrers]) -> str | None:
    """Why a record may not be deleted (None: it may): something still refers to it.

    Deleting is refused while anything refers to the record, so no work order, invoice or
    plan ever loses the customer, site, asset or part it was for.
    """
    found = [r for r in referrers if r.count > 0]
    if not found:
        return None
    parts = [r.words() for r in found]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{what} {code} has {listed}; a record is deleted only when nothing refers to it"


def check_delete(what: str, code: str, referrers: Sequence[Referrers]) -> None:
    """Refuse the deletion with what refers to the record."""
    reason = why_not_delete(what, code, referrers)
    if reason:
        raise RuleViolation(f"cannot delete {what} {code}", [reason])


def why_not_move(what: str, code: str, to: str, history: Referrers) -> str | None:
    """Why a site may not change customer, or an asset site (None: it may).

    Its work orders and requests were done for the old owner: moving it would rewrite their
    history. Without history it may move.
    """
    if history.count == 0:
        return None
    return (
        f"{what} {code} has {history.words()}, so it stays with its {to}; "
        f"create a new {what} for the new {to} instead"
    )
