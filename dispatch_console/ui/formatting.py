"""How the screens write dates, hours, counts and messages (plain Python, English, no locale)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain.enums import WEEKDAYS
from dispatch_console.domain.money import to_cents
from dispatch_console.domain.timekeeping import to_local

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_moment(moment: datetime | None, tz: ZoneInfo, *, year_of: datetime | None = None) -> str:
    """``Thu 26 Nov 08:00`` in the company's wall clock.

    The year is added when it differs from the year of ``year_of`` (usually now), or always
    when ``year_of`` is None, so a date is never ambiguous.
    """
    if moment is None:
        return ""
    local = to_local(moment, tz)
    text = f"{WEEKDAYS[local.weekday()]} {local.day:02d} {MONTHS[local.month - 1]}"
    if year_of is None or to_local(year_of, tz).year != local.year:
        text += f" {local.year}"
    return f"{text} {local:%H:%M}"


def format_day(day: date | None, year_of: date | None = None) -> str:
    """``30 Nov 2026`` (the year left out when it is ``year_of``'s): a calendar day, such as an
    invoice's issue and due dates."""
    if day is None:
        return ""
    text = f"{day.day:02d} {MONTHS[day.month - 1]}"
    return text if year_of is not None and year_of.year == day.year else f"{text} {day.year}"


def format_decimal(value: Decimal | None) -> str:
    """``2``, ``2.5``, ``0.25``: no trailing zeros, never scientific notation."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def format_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{to_cents(value):,}"


def format_hours_between(start: datetime, end: datetime) -> str:
    minutes = round((end - start).total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


def format_hours(hours: Decimal) -> str:
    """``12:35``: a number of hours as hours:minutes, as ``format_hours_between`` writes a span
    (a total beside rows of ``6:00`` and ``6:35`` reads ``12:35``, not ``12.58``)."""
    whole, rest = divmod(round(hours * 60), 60)
    return f"{whole}:{rest:02d}"


def format_count(count: int) -> str:
    return f"{count:,}"


def sentence(message: str) -> str:
    """A service's message as a sentence: capital first letter, full stop at the end."""
    text = message.strip()
    if not text:
        return text
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


def label(value: str) -> str:
    """An enum value as the screens show it: ``in_progress`` -> ``In progress``."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]
