"""Cell values of the CSV bundle (docs/csv-bundle-format.md): how they are read and written.

Parsers raise ValidationError with a message that names the bad value; formatters write what the
parsers read back unchanged, so an export imports to the same data.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from dispatch_console.domain.enums import WEEKDAYS
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.money import parse_decimal
from dispatch_console.domain.timekeeping import parse_datetime, to_local, zone

#: Codes (code, number, sku) are at most this long.
MAX_CODE = 40
#: What the database keeps of a decimal: NUMERIC(14, 4).
DECIMAL_PLACES = 4
DECIMAL_LIMIT = Decimal(10) ** (14 - DECIMAL_PLACES)
LIST_SEPARATOR = ";"
#: The bundle's sub-folder for photos and signatures (version 2).
FILES_FOLDER = "files"
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)
_UTC = ZoneInfo("UTC")

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
# Plain decimals only: Decimal() itself also takes "1e3", "1_000", "Infinity" and other scripts' digits.
_PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
#: More digits than any amount, number or coordinate the bundle holds: refused before converting.
_MAX_DIGITS = 40
#: An IANA zone name: "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC". The longest is 32
#: characters; a name is never a path (no "..", no leading "/"), so zoneinfo never opens one.
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*")
MAX_ZONE_NAME = 64
_CURRENCY = re.compile(r"[A-Z]{3}")


def parse_bool(text: str) -> bool:
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValidationError(f"'{text}' is not a yes/no value; write true/false, yes/no or 1/0")


def split_list(text: str) -> list[str]:
    """Items of a ``;`` list, trimmed; empty items (``A;;B``, a trailing ``;``) are dropped."""
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def join_list(items: list[str]) -> str:
    return LIST_SEPARATOR.join(items)


def parse_code(text: str) -> str:
    code = text.strip()
    if not code:
        raise ValidationError("a code is required")
    if len(code) > MAX_CODE:
        raise ValidationError(
            f"'{code}' is {len(code)} characters long; codes are at most {MAX_CODE}"
        )
    return code


def parse_codes(text: str) -> list[str]:
    """A ``;`` list of codes, each checked, without repeats, in the order given."""
    codes: list[str] = []
    for item in split_list(text):
        code = parse_code(item)
        if code not in codes:
            codes.append(code)
    return codes


def parse_exact_decimal(text: str, what: str = "amount") -> Decimal:
    """A plain decimal the database keeps exactly: at most 4 places and 10 integer digits."""
    cleaned = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(cleaned):
        raise ValidationError(f"'{text}' is not a decimal {what} (use digits and '.')")
    value = parse_decimal(cleaned, what)
    if abs(value) >= DECIMAL_LIMIT:
        raise ValidationError(f"'{text}' is too large")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    # Below the limit, quantizing to 4 places fits the context's 28 digits: it cannot fail.
    if exponent < -DECIMAL_PLACES and value != value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
        raise ValidationError(
            f"'{text}' has more than {DECIMAL_PLACES} decimal places; the database keeps {DECIMAL_PLACES}"
        )
    # "-0" and "0" are the same amount; keep one spelling so exports do not differ.
    return value + Decimal(0) if value == 0 else value


def parse_money(text: str) -> Decimal:
    value = parse_exact_decimal(text, "amount")
    if value < 0:
        raise ValidationError(f"'{text}' is negative; amounts are 0 or more")
    return value


def parse_positive(text: str) -> Decimal:
    """Quantities and hours: more than nothing."""
    value = parse_exact_decimal(text, "number")
    if value <= 0:
        raise ValidationError(f"'{text}' must be greater than 0")
    return value


def parse_not_negative(text: str) -> Decimal:
    """Quantities that may be nothing (an invoice line of no hours): 0 or more."""
    value = parse_exact_decimal(text, "number")
    if value < 0:
        raise ValidationError(f"'{text}' is negative; it must be 0 or more")
    return value


def parse_percent(text: str) -> Decimal:
    value = parse_exact_decimal(text, "percentage")
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(f"'{text}' is not a percentage between 0 and 100")
    return value


def _parse_degrees(text: str, what: str, limit: int) -> float:
    cleaned = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(cleaned):
        raise ValidationError(f"'{text}' is not a {what} in decimal degrees (use digits and '.')")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern lets only plain decimals through
        raise ValidationError(f"'{text}' is not a {what} in decimal degrees") from None
    if not -limit <= value <= limit:
        raise ValidationError(f"'{text}' is not a {what}; it must be between -{limit} and {limit}")
    return float(value) + 0.0


def parse_latitude(text: str) -> float:
    return _parse_degrees(text, "latitude", 90)


def parse_longitude(text: str) -> float:
    return _parse_degrees(text, "longitude", 180)


def parse_whole_number(text: str, low: int, high: int) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]+", cleaned):
        raise ValidationError(f"'{text}' is not a whole number")
    if len(cleaned.lstrip("+-").lstrip("0")) > _MAX_DIGITS:  # int() refuses 4,300 digits and more
        raise ValidationError(f"'{_shown(text)}' is not between {low} and {high}")
    value = int(cleaned)
    if not low <= value <= high:
        raise ValidationError(f"'{text}' is not between {low} and {high}")
    return value


def parse_workdays(text: str) -> str:
    """``Mon;Tue;...`` in any case, kept in the order written (``Sun;Mon;...`` stays so); repeats dropped."""
    by_lower = {day.lower(): day for day in WEEKDAYS}
    items = split_list(text)
    unknown = [item for item in items if item.lower() not in by_lower]
    if unknown or not items:
        raise ValidationError(
            f"'{text}' is not a list of weekdays; use {', '.join(WEEKDAYS)} separated by ';'"
        )
    return join_list(list(dict.fromkeys(by_lower[item.lower()] for item in items)))


def parse_bundle_path(text: str) -> str:
    """A file of the bundle's ``files/`` folder, written relative to the bundle: ``files/WO-1/a.jpg``.

    Backslashes (Windows) read as ``/``; a path that leaves the folder is refused.
    """
    path = text.strip().replace("\\", "/")
    parts = path.split("/")
    if (
        parts[0] != FILES_FOLDER
        or len(parts) < 2
        or any(part in ("", ".", "..") for part in parts[1:])
    ):
        raise ValidationError(
            f"'{text}' is not a file of the bundle's {FILES_FOLDER} folder; write e.g. "
            f"{FILES_FOLDER}/WO-1001/photo-1.jpg"
        )
    return path


def safe_file_name(name: str) -> str:
    """A name every file system takes: letters, digits, ``.``, ``_`` and ``-``; nothing else."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "_"
    if cleaned.split(".")[0].upper() in _RESERVED_NAMES:
        cleaned = "_" + cleaned  # Windows will not make a file called CON or NUL.txt
    return cleaned[:100]


def parse_currency(text: str) -> str:
    code = text.strip()
    if not _CURRENCY.fullmatch(code):
        raise ValidationError(f"'{text}' is not an ISO 4217 currency code such as USD or EUR")
    return code


def parse_zone_name(text: str) -> str:
    """An IANA time zone name this computer knows, e.g. ``America/Chicago``.

    Checked by its spelling before zoneinfo looks it up, as zoneinfo takes the name for a file's
    path: a very long name, or one with ``..`` or a leading ``/``, must never reach it.
    """
    name = text.strip()
    refusal = ValidationError(
        f"'{_shown(name)}' is not a time zone; use an IANA name such as America/Chicago"
    )
    if len(name) > MAX_ZONE_NAME or not _ZONE_NAME.fullmatch(name):
        raise refusal
    try:
        zone(name)
    except (ValidationError, OSError):  # OSError: a name the file system will not take
        raise refusal from None
    return name


def _shown(text: str, limit: int = 60) -> str:
    """A cell quoted in a message, cut short: a message must not repeat a megabyte of cell."""
    return text if len(text) <= limit else text[:limit] + "…"


def check_representable(instant: datetime, tz: ZoneInfo, text: str) -> datetime:
    """``instant`` if its company wall clock is a date-time of years 1 to 9999, else a refusal.

    Near 0001-01-01 or 9999-12-31 the zone's offset can move the wall clock out of the years a
    date-time holds; such an instant could be stored but never shown or exported, so it is
    refused where it enters.
    """
    try:
        to_local(instant, tz)
    except OverflowError:
        raise _out_of_range(text, tz) from None
    return instant


def _out_of_range(text: str, tz: ZoneInfo) -> ValidationError:
    return ValidationError(
        f"'{_shown(text)}' is outside the years 1 to 9999 in UTC or in the company's time zone "
        f"({tz.key}); use a date-time between 0001-01-02 and 9999-12-30"
    )


def parse_instant(text: str, tz: ZoneInfo) -> datetime:
    """A date-time (wall clock in ``tz``, or with an offset) as a UTC instant that ``tz`` can show."""
    try:
        instant = parse_datetime(text, tz)
    except OverflowError:  # the offset or the zone moves it past year 1 or 9999
        raise _out_of_range(text, tz) from None
    return check_representable(instant, tz, text)


def _has_offset(text: str) -> bool:
    # After "YYYY-MM-DDTHH:MM" only seconds, a fraction or an offset can follow.
    return any(sign in text.strip()[16:] for sign in "+-Zz")


def parse_wall_datetime(text: str, tz: ZoneInfo) -> datetime:
    """Naive company wall clock; a value with an offset is that instant seen in ``tz``.

    Refused when the wall clock names no instant of years 1 to 9999 in ``tz``.
    """
    try:
        instant = parse_datetime(text, _UTC)  # UTC has no DST: the wall clock comes back unchanged
        if _has_offset(text):
            return to_local(instant, tz).replace(tzinfo=None)
        wall = instant.replace(tzinfo=None)
        wall.replace(tzinfo=tz).astimezone(UTC)
    except OverflowError:
        raise _out_of_range(text, tz) from None
    return wall


def _is_ambiguous(wall: datetime, tz: ZoneInfo) -> bool:
    """A wall time that happens twice, in the hour a daylight-saving fall-back repeats."""
    first = wall.replace(tzinfo=tz, fold=0).utcoffset()
    second = wall.replace(tzinfo=tz, fold=1).utcoffset()
    return first != second


def _offset_text(offset: timedelta) -> str:
    """``+HH:MM``, and ``:SS`` for the local mean time of old dates (Chicago before 1883: -05:50:36)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def format_instant(moment: datetime, tz: ZoneInfo) -> str:
    """Company wall clock; with the offset where the wall time alone would name two instants.

    Seconds only when there are some, and their fraction when there is one, so nothing is lost.
    """
    local = to_local(moment, tz)
    text = format_wall_clock(local.replace(tzinfo=None))
    if _is_ambiguous(local.replace(tzinfo=None), tz):
        offset = local.utcoffset()
        assert offset is not None
        text += _offset_text(offset)
    return text


def format_wall_clock(wall: datetime) -> str:
    """``YYYY-MM-DDTHH:MM``, seconds and their fraction only when there are some.

    ISO with four-digit years (``0001-01-01T00:00``): strftime writes year 1 as ``1`` on some
    systems, which no parser reads back.
    """
    naive = wall.replace(tzinfo=None)
    if naive.microsecond:
        return naive.isoformat(timespec="microseconds")
    if naive.second:
        return naive.isoformat(timespec="seconds")
    return naive.isoformat(timespec="minutes")


def format_decimal(value: Decimal) -> str:
    """Plain, without trailing zeros or exponent: ``2.5``, ``100``."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def format_money(value: Decimal) -> str:
    """At least cents (``12.50``), more places only when the amount has them (``0.1250`` stays ``0.125``)."""
    normal = Decimal(0) if value == 0 else value.normalize()
    exponent = normal.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > -2:
        normal = normal.quantize(Decimal("0.01"))
    return format(normal, "f")


def format_degrees(value: float) -> str:
    """The shortest text that reads back as the same float."""
    return format_decimal(Decimal(repr(value)))


def format_bool(value: bool) -> str:
    return "true" if value else "false"


#: A decimal written plainly, as the databases keep them ('12.5000', '-3', '0.125'): sign, whole
#: digits without a leading zero (or a single 0), at most 8 places; 28 digits in all at most.
_PLAIN_STORED = re.compile(r"(-?)(0|[1-9][0-9]{0,19})(?:\.([0-9]{1,8}))?")


def format_decimal_text(text: str, *, money: bool = False) -> str | None:
    """``format_decimal`` (``format_money`` when ``money``) of the decimal written ``text``,
    worked out on the text alone; None when it is not written plainly (then convert it).

    An export formats hundreds of thousands of amounts: the text's trailing zeros dropped (cents
    kept for money) is the same cell at a tenth of the cost.
    """
    found = _PLAIN_STORED.fullmatch(text)
    if found is None:
        return None
    sign, whole, places = found.groups()
    places = places.rstrip("0") if places else ""
    if whole == "0" and not places:
        sign = ""  # -0 is 0
    if money:
        return f"{sign}{whole}.{places:0<2}"
    return f"{sign}{whole}.{places}" if places else f"{sign}{whole}"
