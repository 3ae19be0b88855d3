"""Which days a technician works: one reading of the roster's ``Mon;Tue;...`` and one test of a day.

Weekday names come from ``date.weekday()``, never from ``strftime("%a")``, which follows the
computer's locale (``"Mo"`` on a German desktop) and would call every day a day off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from dispatch_console.domain.errors import ValidationError

#: Indexed by ``date.weekday()``: Monday is 0.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_WORKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")

_BY_LOWER = {name.lower(): name for name in WEEKDAYS}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_workdays(value: str | Iterable[str]) -> frozenset[str]:
    """The weekday names in ``"Mon;Tue"`` (as the roster stores it) or an iterable of names.

    Case does not matter and blanks are skipped; an unknown name is refused rather than read
    as a day off.
    """
    items = value.split(";") if isinstance(value, str) else value
    found: set[str] = set()
    unknown: list[str] = []
    for item in items:
        key = item.strip().lower()
        if not key:
            continue
        name = _BY_LOWER.get(key)
        if name is None:
            unknown.append(item.strip())
        else:
            found.add(name)
    if unknown:
        raise ValidationError(
            f"'{', '.join(unknown)}' is not a weekday; use {', '.join(WEEKDAYS)} separated by ';'"
        )
    return frozenset(found)


def weekday_name(day: date) -> str:
    """``Mon`` … ``Sun`` whatever the computer's language."""
    return WEEKDAYS[day.weekday()]


def day_text(day: date) -> str:
    """``Mon 30 Nov``, in English whatever the computer's language (messages and reasons)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day:02d} {_MONTHS[day.month - 1]}"


def is_workday(workdays: frozenset[str] | set[str] | tuple[str, ...], day: date) -> bool:
    return WEEKDAYS[day.weekday()] in workdays


def next_workday(workdays: frozenset[str] | set[str] | tuple[str, ...], after: date) -> date | None:
    """The first workday after ``after`` within a week; None when the technician has none."""
    for offset in range(1, 8):
        day = after + timedelta(days=offset)
        if is_workday(workdays, day):
            return day
    return None
