"""A plan's recurrence in words ("every 3 months on the 1st at 08:00"), so a dispatcher can
check a rule without reading RFC 5545.

Every rule a plan may have is described, the builder's and the experts' alike: the parts are
read one by one, so a rule beyond the builder gets a plain, generic sentence too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dispatch_console.domain.recurrence import clean_rule, parse_rule
from dispatch_console.domain.recurrence_builder import RULE_WEEKDAYS

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_NTH_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def nth_word(number: int) -> str:
    """first ... fifth, 20th; last, second-to-last for counts from the end."""
    if number < 0:
        return "last" if number == -1 else f"{nth_word(-number)}-to-last"
    return _NTH_WORDS.get(number, ordinal(number))


def joined(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def short_date(day: date) -> str:
    """31 Dec 2027."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def _month_day(value: int) -> str:
    if value > 0:
        return f"the {ordinal(value)}"
    return "the last day" if value == -1 else f"the {nth_word(-value)}-to-last day"


def _weekday(item: str) -> str:
    """MO -> Monday; 2TU -> the second Tuesday; -1FR -> the last Friday."""
    name = DAY_NAMES[RULE_WEEKDAYS.index(item[-2:])]
    number = item[:-2]
    return f"the {nth_word(int(number))} {name}" if number else name


def _ints(value: str) -> list[int]:
    return [int(v) for v in value.split(",")]


def _days(parts: dict[str, str], start: datetime) -> str:
    """Which days: " on ..." (and " in ..." months), or the first occurrence's day when the
    rule names none."""
    freq = parts["FREQ"]
    months = _ints(parts["BYMONTH"]) if "BYMONTH" in parts else []
    month_days = _ints(parts["BYMONTHDAY"]) if "BYMONTHDAY" in parts else []
    weekdays = [v.strip() for v in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    year_days = _ints(parts["BYYEARDAY"]) if "BYYEARDAY" in parts else []
    weeks = _ints(parts["BYWEEKNO"]) if "BYWEEKNO" in parts else []
    # The builder's yearly shapes read as a date: "on 29 February", "on the last day of February",
    # "on the fourth Thursday of November".
    if freq == "YEARLY" and len(months) == 1 and not (year_days or weeks or "BYSETPOS" in parts):
        month = MONTH_NAMES[months[0] - 1]
        if len(month_days) == 1 and not weekdays:
            day = month_days[0]
            return f" on {day} {month}" if day > 0 else f" on {_month_day(day)} of {month}"
        if len(weekdays) == 1 and not month_days and weekdays[0][:-2]:
            return f" on {_weekday(weekdays[0])} of {month}"
        if not month_days and not weekdays:
            return f" on {start.day} {month}"
    pieces: list[str] = []
    if weeks:
        pieces.append(f" in week {joined([str(w) for w in weeks])} of the year")
    if year_days:
        named = [f"day {d}" if d > 0 else _month_day(d) for d in year_days]
        pieces.append(" on " + joined(named) + " of the year")
    if month_days:
        pieces.append(" on " + joined([_month_day(d) for d in month_days]))
        if weekdays:
            pieces.append(" when it is a " + joined([_weekday(w) for w in weekdays]).replace(" and ", " or "))
    elif weekdays:
        pieces.append(" on " + joined([_weekday(w) for w in weekdays]))
    if months:
        pieces.append(" in " + joined([MONTH_NAMES[m - 1] for m in months]))
    if "BYSETPOS" in parts:
        positions = [nth_word(p) for p in _ints(parts["BYSETPOS"])]
        pieces.append(f" (only the {joined(positions)} of those days in each {_UNITS[freq]})")
    if not pieces:
        # RFC 5545 takes what the rule leaves out from the first occurrence.
        if freq == "WEEKLY":
            pieces.append(f" on {DAY_NAMES[start.weekday()]}")
        elif freq == "MONTHLY":
            pieces.append(f" on the {ordinal(start.day)}")
        elif freq == "YEARLY":
            pieces.append(f" on {start.day} {MONTH_NAMES[start.month - 1]}")
    elif freq == "YEARLY" and months and not (month_days or weekdays or year_days or weeks):
        pieces.insert(0, f" on the {ordinal(start.day)}")
    return "".join(pieces)


def _until(value: str, start: datetime, tz: ZoneInfo | None) -> str:
    if len(value) == 8:  # a date alone is its midnight: that day's occurrence is made only at 00:00
        day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        return f", until {short_date(day)}" if start.time() == datetime.min.time() else f", before {short_date(day)}"
    moment = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    zone_note = ""
    if value.endswith("Z"):
        if tz is not None:
            moment = moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
        else:
            zone_note = " UTC"
    if moment.time() == datetime.max.time().replace(microsecond=0):
        return f", until {short_date(moment.date())}"
    return f", until {short_date(moment.date())} {moment:%H:%M}{zone_note}"


def describe(rule_text: str, start_wall: datetime, tz: ZoneInfo | None = None) -> str:
    """The rule in words, with the first occurrence's time of day (``start_wall``, the company's
    wall clock). Raises ``ValidationError`` (in words) for a rule a plan may not have."""
    parse_rule(rule_text, start_wall, tz)  # refuses what is not a plan's rule, in words
    parts = dict(piece.split("=", 1) for piece in clean_rule(rule_text).split(";") if piece.strip())
    parts = {k.strip(): v.strip() for k, v in parts.items()}
    start = start_wall.replace(tzinfo=None)
    freq = parts["FREQ"]
    unit = _UNITS[freq]
    interval = int(parts.get("INTERVAL", "1"))
    words = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    if freq != "DAILY" or any(k.startswith("BY") for k in parts):
        words += _days(parts, start)
    if parts.get("WKST", "MO") != "MO":
        words += f" (weeks starting on {DAY_NAMES[RULE_WEEKDAYS.index(parts['WKST'])]})"
    words += f" at {start:%H:%M}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        words += ", once" if count == 1 else f", {count} times"
    elif "UNTIL" in parts:
        words += _until(parts["UNTIL"], start, tz)
    return words
