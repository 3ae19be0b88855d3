"""RFC 5545 recurrence of preventive-maintenance plans, kept on the company's wall clock.

dateutil expands the rules; this module decides which rules a plan may have. dateutil accepts
much that would make a plan wrong or endless (INTERVAL=0, BYMONTH=13, BYEASTER, a rule that
never occurs), so every part is checked first and refused in words.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import to_local, wall_to_utc

#: How far ahead a rule must occur at least once to be a plan (a rule of 29 February every
#: year occurs within 8; BYMONTHDAY=30 in February never does).
MUST_OCCUR_WITHIN_YEARS = 10
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(T(\d{6})(Z?))?$")
#: Numeric parts: (lowest, highest, zero allowed, may be negative, what it is).
_RANGES: dict[str, tuple[int, int, str]] = {
    "INTERVAL": (1, 1000, "the interval"),
    "COUNT": (1, 10000, "the number of times"),
    "BYMONTH": (1, 12, "a month"),
    "BYMONTHDAY": (1, 31, "a day of the month"),
    "BYYEARDAY": (1, 366, "a day of the year"),
    "BYWEEKNO": (1, 53, "a week number"),
    "BYSETPOS": (1, 366, "a position in the set"),
}
_SIGNED = {"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"}
_LISTS = {"BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS", "BYDAY"}
_TIME_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}


def clean_rule(text: str) -> str:
    """The rule without its optional ``RRULE:`` prefix, upper-cased, spaces trimmed."""
    cleaned = text.strip()
    if cleaned.upper().startswith("RRULE:"):
        cleaned = cleaned[6:].strip()
    return cleaned.upper()


def _problems(parts: dict[str, str]) -> list[str]:
    problems: list[str] = []
    freq = parts.get("FREQ")
    if freq is None:
        problems.append("FREQ is missing; say how often, e.g. FREQ=MONTHLY")
    elif freq in ("HOURLY", "MINUTELY", "SECONDLY"):
        problems.append(f"FREQ={freq} is more often than a plan can repeat; the least is FREQ=DAILY")
    elif freq not in FREQUENCIES:
        problems.append(f"FREQ={freq} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY")
    if "COUNT" in parts and "UNTIL" in parts:
        problems.append("give either COUNT (a number of times) or UNTIL (a last date), not both")
    for name, value in parts.items():
        if name in _RANGES:
            low, high, what = _RANGES[name]
            for item in value.split(",") if name in _LISTS else [value]:
                number = item.strip()
                signed = name in _SIGNED and number[:1] in "+-"
                digits = number[1:] if signed else number
                if not digits.isdigit() or len(digits) > 4:
                    problems.append(f"{name}={value}: '{item}' is not a whole number")
                    continue
                if not low <= int(digits) <= high:
                    span = f"-{high} to -{low} or {low} to {high}" if name in _SIGNED else f"{low} to {high}"
                    problems.append(f"{name}={value}: {what} must be {span}")
        elif name == "BYDAY":
            for item in value.split(","):
                match = _BYDAY.match(item.strip())
                if match is None:
                    problems.append(f"BYDAY={value}: '{item}' is not a weekday; use MO, TU, WE, TH, FR, SA, SU, e.g. 2TU or -1FR")
                elif match.group(2) is not None:
                    limit = 5 if freq == "MONTHLY" else 53
                    if freq not in ("MONTHLY", "YEARLY"):
                        problems.append(f"BYDAY={value}: a numbered weekday such as {item} needs FREQ=MONTHLY or YEARLY")
                    elif not 1 <= int(match.group(2)) <= limit:
                        problems.append(f"BYDAY={value}: '{item}' must count 1 to {limit} weekdays from either end")
        elif name == "WKST":
            if value not in _WEEKDAYS:
                problems.append(f"WKST={value} is not a weekday; use MO, TU, WE, TH, FR, SA or SU")
        elif name == "UNTIL":
            match = _UNTIL.match(value)
            if match is None:
                problems.append(f"UNTIL={value} is not a date; write YYYYMMDD or YYYYMMDDTHHMMSS")
        elif name in _TIME_PARTS:
            problems.append(f"{name} is not used: the time of day is the plan's start time")
        elif name == "BYEASTER":
            problems.append("BYEASTER is not part of RFC 5545; give the dates another way")
        elif name != "FREQ":
            problems.append(f"'{name}' is not an RFC 5545 rule part")
    if freq == "WEEKLY" and "BYMONTHDAY" in parts:
        problems.append("BYMONTHDAY does not go with FREQ=WEEKLY; use FREQ=MONTHLY")
    if freq != "YEARLY" and "BYWEEKNO" in parts:
        problems.append("BYWEEKNO goes only with FREQ=YEARLY")
    if freq in ("WEEKLY", "MONTHLY") and "BYYEARDAY" in parts:
        problems.append(f"BYYEARDAY does not go with FREQ={freq}; use FREQ=YEARLY")
    if not problems and _no_such_day(parts):
        problems.append(
            f"no month has day {parts['BYMONTHDAY']} among months {parts['BYMONTH']}, so it never occurs"
        )
    return problems


#: The most days each month ever has (February in a leap year).
_MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _no_such_day(parts: dict[str, str]) -> bool:
    """BYMONTH and BYMONTHDAY that never meet (30 February), told without expanding."""
    if "BYMONTH" not in parts or "BYMONTHDAY" not in parts:
        return False
    months = [int(v) for v in parts["BYMONTH"].split(",")]
    days = [int(v) for v in parts["BYMONTHDAY"].split(",")]
    return not any(abs(day) <= _MONTH_DAYS[month] for month in months for day in days)


def _split(cleaned: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in cleaned.split(";"):
        if not piece.strip():
            continue
        name, equals, value = piece.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not value:
            raise ValidationError(f"'{piece}' is not NAME=VALUE; rule parts are separated by ';'")
        if name == "DTSTART":
            raise ValidationError("give the first occurrence in 'start', not DTSTART inside the rule")
        if name in parts:
            raise ValidationError(f"{name} appears twice in the rule; give it once")
        parts[name] = value
    return parts


def parse_rule(text: str, start_wall: datetime, tz: ZoneInfo | None = None, *, look_ahead: bool = True) -> rrule:
    """The rule with ``start_wall`` (naive, company wall clock) as DTSTART.

    Expanding on naive wall clock and converting each occurrence afterwards is what keeps a
    plan at 08:00 on 08:00 across daylight-saving changes. An UNTIL in UTC (``...Z``) is
    turned into the company's wall clock (``tz``) first.
    """
    if len(text) > 500:
        raise ValidationError("the recurrence rule is longer than 500 characters; no plan needs that")
    cleaned = clean_rule(text)
    if not cleaned:
        raise ValidationError("the recurrence rule is empty; write e.g. FREQ=MONTHLY;BYMONTHDAY=1")
    if "\n" in cleaned or "RRULE:" in cleaned or "EXDATE" in cleaned or "RDATE" in cleaned:
        raise ValidationError("give one RRULE only (no EXDATE, RDATE or second rule)")
    parts = _split(cleaned)
    problems = _problems(parts)
    if problems:
        raise ValidationError(f"'{text.strip()}' cannot be a plan's rule: " + "; ".join(problems))
    start = start_wall.replace(tzinfo=None)
    if "UNTIL" in parts:
        parts["UNTIL"] = _wall_until(parts["UNTIL"], tz)
    rebuilt = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        rule = rrulestr(rebuilt, dtstart=start)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(f"'{text.strip()}' is not an RFC 5545 rule: {exc}") from None
    if not isinstance(rule, rrule):
        raise ValidationError(f"'{text.strip()}' is not a single RFC 5545 RRULE")
    if "UNTIL" in parts and rule_until(rule) is not None and rule_until(rule) < start:  # type: ignore[operator]
        raise ValidationError(f"UNTIL={parts['UNTIL']} is before the first occurrence {start:%Y-%m-%d %H:%M}")
    if look_ahead and first_occurrence(rule, parts) is None:
        raise ValidationError(
            f"'{text.strip()}' never occurs within {MUST_OCCUR_WITHIN_YEARS} years of "
            f"{start:%Y-%m-%d}; check the months, days and weekdays it combines"
        )
    return rule


def load_rule(text: str, start_wall: datetime, tz: ZoneInfo | None = None) -> rrule:
    """A stored rule read again for expansion: every part checked as ``parse_rule`` does, but
    not the search for a first occurrence (checked when the plan was saved, and the costly
    part when generation reads thousands of plans)."""
    return parse_rule(text, start_wall, tz, look_ahead=False)


def _wall_until(value: str, tz: ZoneInfo | None) -> str:
    match = _UNTIL.match(value)
    assert match is not None
    if not match.group(4):
        return value
    moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    if tz is None:
        return moment.strftime("%Y%m%dT%H%M%S")
    from datetime import UTC

    return to_local(moment.replace(tzinfo=UTC), tz).strftime("%Y%m%dT%H%M%S")


# dateutil keeps a rule's parts in private attributes and offers no accessor for them.
def rule_start(rule: rrule) -> datetime:
    start: datetime = getattr(rule, "_dtstart")  # noqa: B009
    return start


def rule_until(rule: rrule) -> datetime | None:
    until: datetime | None = getattr(rule, "_until")  # noqa: B009
    return until


def rule_count(rule: rrule) -> int | None:
    count: int | None = getattr(rule, "_count")  # noqa: B009
    return count


def first_occurrence(rule: rrule, parts: dict[str, str] | None = None) -> datetime | None:
    """The rule's first occurrence, looked for no further than ``MUST_OCCUR_WITHIN_YEARS``.

    The bound matters: dateutil would search day by day to the year 9999 for a rule that
    never occurs. A daily or monthly rule of interval 1 without BYSETPOS picks the same days
    as the yearly rule with its filters, which dateutil searches a year at a time.
    """
    start = rule_start(rule)
    if start.year + MUST_OCCUR_WITHIN_YEARS > 9999:
        limit = datetime.max  # dateutil stops at the year 9999 by itself
    else:
        limit = start.replace(year=start.year + MUST_OCCUR_WITHIN_YEARS, month=1, day=1)
    until = rule_until(rule)
    bounded = rule.replace(until=min(until, limit) if until else limit, count=None)
    filters = set(parts or ()) & {"BYMONTH", "BYMONTHDAY", "BYDAY", "BYYEARDAY"}
    if (
        parts is not None
        and filters
        and parts.get("FREQ") in ("DAILY", "MONTHLY")
        and parts.get("INTERVAL", "1") == "1"
        and "BYSETPOS" not in parts
    ):
        from dateutil.rrule import YEARLY

        bounded = bounded.replace(freq=YEARLY)
    return next(iter(bounded), None)


def occurrences_between(
    rule_text: str, start_wall: datetime, tz: ZoneInfo, after: datetime | None, until: datetime
) -> list[datetime]:
    """Occurrences (UTC) strictly after ``after`` (or from the start) and at or before ``until``."""
    return expand(parse_rule(rule_text, start_wall, tz), tz, after, until)


def expand(rule: rrule, tz: ZoneInfo, after: datetime | None, until: datetime) -> list[datetime]:
    """A parsed rule's occurrences (UTC) strictly after ``after`` and at or before ``until``."""
    # Compare in wall clock with a day's margin, then filter exactly on instants.
    wall_until = to_local(until, tz).replace(tzinfo=None) + timedelta(days=1)
    wall_after = (
        to_local(after, tz).replace(tzinfo=None) - timedelta(days=1) if after is not None else None
    )
    result: list[datetime] = []
    walls = rule.xafter(wall_after, inc=True) if wall_after else iter(rule)
    for wall in walls:
        if wall > wall_until:
            break
        instant = wall_to_utc(wall, tz)
        if instant > until:
            break
        if after is not None and instant <= after:
            continue
        result.append(instant)
    return result
