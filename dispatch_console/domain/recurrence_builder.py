"""The recurrences a dispatcher builds by choosing, not typing: every N days, weeks on chosen
weekdays, months on a day / the last day / an nth weekday, years on a date or an nth weekday
of a month; ending never, on a date, or after N times.

``Recurrence.to_rule`` writes the RFC 5545 rule the plan keeps; ``from_rule`` reads one back
when it says nothing more than the builder can show (otherwise the editor shows the rule as
text only). What a rule may be at all is ``domain/recurrence.py``'s to say, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from dispatch_console.domain.recurrence import clean_rule

#: RFC 5545's weekday names, Monday first (index = ``date.weekday()``).
RULE_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The nth weekdays the builder offers: first to fifth, and -1 for the last.
NTH_CHOICES = (1, 2, 3, 4, 5, -1)
#: The last day of the month (BYMONTHDAY=-1).
LAST_DAY = -1
_NTH_WEEKDAY = re.compile(r"^([+-]?\d{1,2})(MO|TU|WE|TH|FR|SA|SU)$")
#: The one UNTIL the builder writes: the end of the chosen day on the wall clock, so the
#: occurrence on that day is still made whatever its time.
_UNTIL_END_OF_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})T235959$")


class Frequency(StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


class DayPattern(StrEnum):
    """Which day of the month (or of the year's month) a monthly or yearly plan falls on."""

    #: The first occurrence's day (no BYMONTHDAY or BYDAY in the rule).
    SAME_DAY = "same_day"
    #: Day D of the month.
    DAY = "day"
    #: The month's last day.
    LAST_DAY = "last_day"
    #: The nth (or last) weekday of the month, e.g. the second Tuesday.
    NTH_WEEKDAY = "nth_weekday"


class Ending(StrEnum):
    NEVER = "never"
    UNTIL = "until"
    COUNT = "count"


@dataclass(frozen=True)
class Recurrence:
    """What the builder shows. Weekdays are ``date.weekday()`` numbers (0 = Monday).

    ``weekdays`` empty on a weekly plan, ``pattern`` SAME_DAY, or ``month`` None on a yearly plan
    mean "as the first occurrence": the rule then leaves that part out, as RFC 5545 does.
    """

    frequency: Frequency = Frequency.MONTHLY
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    pattern: DayPattern = DayPattern.SAME_DAY
    day: int = 1
    nth: int = 1
    weekday: int = 0
    month: int | None = None
    ending: Ending = Ending.NEVER
    until: date | None = None
    count: int | None = None

    def to_rule(self) -> str:
        """The RFC 5545 rule, parts in a fixed order, INTERVAL left out when it is 1."""
        parts = [f"FREQ={self.frequency.value}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.frequency is Frequency.WEEKLY and self.weekdays:
            parts.append("BYDAY=" + ",".join(RULE_WEEKDAYS[d] for d in sorted(set(self.weekdays))))
        if self.frequency is Frequency.YEARLY and self.month is not None:
            parts.append(f"BYMONTH={self.month}")
        monthly = self.frequency is Frequency.MONTHLY
        if monthly or (self.frequency is Frequency.YEARLY and self.month is not None):
            # A yearly day needs its month; without one, the first occurrence's date is kept.
            if self.pattern is DayPattern.DAY:
                parts.append(f"BYMONTHDAY={self.day}")
            elif self.pattern is DayPattern.LAST_DAY:
                parts.append(f"BYMONTHDAY={LAST_DAY}")
            elif self.pattern is DayPattern.NTH_WEEKDAY:
                parts.append(f"BYDAY={self.nth}{RULE_WEEKDAYS[self.weekday]}")
        if self.ending is Ending.UNTIL and self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        elif self.ending is Ending.COUNT and self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)


def _split(text: str) -> dict[str, str] | None:
    parts: dict[str, str] = {}
    for piece in clean_rule(text).split(";"):
        if not piece.strip():
            continue
        name, equals, value = piece.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not value or name in parts:
            return None
        parts[name] = value
    return parts


def _number(text: str, low: int, high: int) -> int | None:
    cleaned = text.strip()
    body = cleaned[1:] if cleaned[:1] in "+-" else cleaned
    if not body.isdigit() or len(body) > 4:
        return None
    value = int(cleaned)
    return value if low <= value <= high else None


def _day_of_month(value: str) -> tuple[DayPattern, int] | None:
    day = _number(value, -1, 31)
    if day is None or day == 0:
        return None
    return (DayPattern.LAST_DAY, 1) if day == LAST_DAY else (DayPattern.DAY, day)


def _nth_weekday(value: str) -> tuple[int, int] | None:
    match = _NTH_WEEKDAY.match(value.strip())
    if match is None:
        return None
    nth = int(match.group(1))
    if nth not in NTH_CHOICES:
        return None
    return nth, RULE_WEEKDAYS.index(match.group(2))


def from_rule(text: str) -> Recurrence | None:
    """The builder's view of a rule; None when the rule says more than the builder can show
    (several month days, BYSETPOS, WKST, an UNTIL that is not the end of a day, ...) or is not
    a rule at all. It does not check the rule: ``recurrence.parse_rule`` does."""
    parts = _split(text)
    if parts is None:
        return None
    try:
        frequency = Frequency(parts.pop("FREQ", ""))
    except ValueError:
        return None
    found = Recurrence(frequency=frequency, pattern=DayPattern.SAME_DAY)
    if "INTERVAL" in parts:
        interval = _number(parts.pop("INTERVAL"), 1, 1000)
        if interval is None:
            return None
        found = replace(found, interval=interval)
    if "COUNT" in parts and "UNTIL" in parts:
        return None
    if "COUNT" in parts:
        count = _number(parts.pop("COUNT"), 1, 10000)
        if count is None:
            return None
        found = replace(found, ending=Ending.COUNT, count=count)
    if "UNTIL" in parts:
        match = _UNTIL_END_OF_DAY.match(parts.pop("UNTIL"))
        if match is None:
            return None
        try:
            until = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
        found = replace(found, ending=Ending.UNTIL, until=until)
    if frequency is Frequency.WEEKLY and "BYDAY" in parts:
        days = [v.strip() for v in parts.pop("BYDAY").split(",")]
        if any(d not in RULE_WEEKDAYS for d in days) or len(set(days)) != len(days):
            return None
        found = replace(found, weekdays=tuple(sorted(RULE_WEEKDAYS.index(d) for d in days)))
    if frequency is Frequency.YEARLY and "BYMONTH" in parts:
        month = _number(parts.pop("BYMONTH"), 1, 12)
        if month is None:
            return None
        found = replace(found, month=month)
    if frequency in (Frequency.MONTHLY, Frequency.YEARLY):
        if frequency is Frequency.YEARLY and found.month is None and ("BYMONTHDAY" in parts or "BYDAY" in parts):
            return None  # a day of every month, said yearly: beyond the builder
        if "BYMONTHDAY" in parts and "BYDAY" in parts:
            return None
        if "BYMONTHDAY" in parts:
            day = _day_of_month(parts.pop("BYMONTHDAY"))
            if day is None:
                return None
            found = replace(found, pattern=day[0], day=day[1])
        elif "BYDAY" in parts:
            nth = _nth_weekday(parts.pop("BYDAY"))
            if nth is None:
                return None
            found = replace(found, pattern=DayPattern.NTH_WEEKDAY, nth=nth[0], weekday=nth[1])
    if parts:
        return None  # parts the builder cannot show (or that do not belong to this frequency)
    return found
