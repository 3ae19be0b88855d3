"""Cell values of the CSV bundle (docs/csv-bundle-format.md): how they are read and written.

Parsers raise ValidationError with a message that names the bad value; formatters write what the
parsers read back unchanged, so an export imports to the same data.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain.enums import WEEKDAYS
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.money import parse_decimal
from dispatch_console.domain.timekeeping import format_wall, parse_datetime, to_local

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
# Plain decimals only: Decimal() itself also takes "1e3", "1_000" and "Infinity".
_PLAIN_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
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
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if exponent < -DECIMAL_PLACES and value != value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
        raise ValidationError(
            f"'{text}' has more than {DECIMAL_PLACES} decimal places; the database keeps {DECIMAL_PLACES}"
        )
    if abs(value) >= DECIMAL_LIMIT:
        raise ValidationError(f"'{text}' is too large")
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
    value = Decimal(cleaned)
    if not -limit <= value <= limit:
        raise ValidationError(f"'{text}' is not a {what}; it must be between -{limit} and {limit}")
    return float(value) + 0.0


def parse_latitude(text: str) -> float:
    return _parse_degrees(text, "latitude", 90)


def parse_longitude(text: str) -> float:
    return _parse_degrees(text, "longitude", 180)


def parse_whole_number(text: str, low: int, high: int) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise ValidationError(f"'{text}' is not a whole number")
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


def _has_offset(text: str) -> bool:
    # After "YYYY-MM-DDTHH:MM" only seconds, a fraction or an offset can follow.
    return any(sign in text.strip()[16:] for sign in "+-Zz")


def parse_wall_datetime(text: str, tz: ZoneInfo) -> datetime:
    """Naive company wall clock; a value with an offset is that instant seen in ``tz``."""
    instant = parse_datetime(text, _UTC)  # UTC has no DST: the wall clock comes back unchanged
    if _has_offset(text):
        return to_local(instant, tz).replace(tzinfo=None)
    return instant.replace(tzinfo=None)


def _is_ambiguous(wall: datetime, tz: ZoneInfo) -> bool:
    """A wall time that happens twice, in the hour a daylight-saving fall-back repeats."""
    first = wall.replace(tzinfo=tz, fold=0).utcoffset()
    second = wall.replace(tzinfo=tz, fold=1).utcoffset()
    return first != second


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def format_instant(moment: datetime, tz: ZoneInfo) -> str:
    """Company wall clock; with the offset where the wall time alone would name two instants.

    Seconds only when there are some, and their fraction when there is one, so nothing is lost.
    """
    local = to_local(moment, tz)
    text = local.strftime("%Y-%m-%dT%H:%M:%S.%f") if local.microsecond else format_wall(moment, tz)
    if _is_ambiguous(local.replace(tzinfo=None), tz):
        offset = local.utcoffset()
        assert offset is not None
        text += _offset_text(offset)
    return text


def format_wall_clock(wall: datetime) -> str:
    """A naive wall-clock value the way ``format_wall`` writes an instant."""
    if wall.second:
        return wall.strftime("%Y-%m-%dT%H:%M:%S")
    return wall.strftime("%Y-%m-%dT%H:%M")


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
