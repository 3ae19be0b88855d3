"""Instants are UTC; wall clock belongs to the company's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dispatch_console.domain.errors import ValidationError


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        shown = name if len(name) <= 64 else name[:61] + "..."
        raise ValidationError(
            f"'{shown}' is not a time zone; use an IANA name such as America/Chicago"
        ) from None


def is_valid_zone(name: str) -> bool:
    try:
        zone(name)
    except ValidationError:
        return False
    return True


def local_zone_name() -> str:
    """The computer's IANA zone when it can be told, else UTC."""
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        if name and is_valid_zone(name):
            return str(name)
    except Exception:  # noqa: BLE001 - tzlocal is optional
        pass
    import os

    tz = os.environ.get("TZ", "")
    if tz and is_valid_zone(tz):
        return tz
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo" in link:
            name = link.split("zoneinfo", 1)[1].strip("/\\")
            if is_valid_zone(name):
                return name
    except OSError:
        pass
    return "UTC"


class HasTimezone(Protocol):
    """Anything that names the company's zone (the stored company, its settings)."""

    @property
    def timezone(self) -> str: ...


def company_zone(company: HasTimezone | None) -> ZoneInfo:
    """The zone of company wall clock; before the company is set up, the computer's.

    The one rule for every screen, service and file: a booking checked, shown, imported or
    exported before set-up reads the same clock, the one the set-up then proposes.
    """
    return zone(company.timezone if company is not None else local_zone_name())


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime where an instant was expected")
    return moment.astimezone(UTC)


def wall_to_utc(wall: datetime, tz: ZoneInfo) -> datetime:
    """Company wall clock to an instant; a time skipped by DST moves forward like a clock."""
    aware = wall.replace(tzinfo=tz)
    # Round-trip through UTC normalises non-existent wall times (spring forward).
    return aware.astimezone(UTC)


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    return as_utc(moment).astimezone(tz)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where a company day starts and ends (23 or 25 h on DST days).

    Refused in words for a day at the calendar's very ends whose start or end is no date-time
    of years 1 to 9999 (in UTC or in the company's zone): a typed date such as 9999-12-31."""
    try:
        start = wall_to_utc(datetime.combine(day, time(0, 0)), tz)
        end = wall_to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)), tz)
    except OverflowError:
        raise ValidationError(
            f"{day.isoformat()} is at the very end of the calendar: its day in the company's time zone "
            f"({tz.key}) does not fit in the years 1 to 9999; give a date between 0001-01-02 and 9999-12-30"
        ) from None
    return start, end


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def parse_time(text: str) -> time:
    cleaned = text.strip()
    parts = cleaned.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValidationError(f"'{text}' is not a time; write HH:MM (24 h)")
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValidationError(f"'{text}' is not a time; write HH:MM (24 h)")
    return time(hour, minute)


def parse_datetime(text: str, tz: ZoneInfo) -> datetime:
    """``YYYY-MM-DDTHH:MM[:SS]`` (or a space): wall clock in ``tz``, or the instant if it has an offset."""
    cleaned = text.strip()
    message = f"'{text}' is not a date-time; write YYYY-MM-DDTHH:MM, optionally with an offset"
    if len(cleaned) < 16 or cleaned[10] not in "T ":
        raise ValidationError(message)
    candidate = cleaned[:10] + "T" + cleaned[11:]
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        raise ValidationError(message) from None
    if parsed.tzinfo is None:
        return wall_to_utc(parsed, tz)
    return parsed.astimezone(UTC)


def format_wall(moment: datetime, tz: ZoneInfo) -> str:
    """``YYYY-MM-DDTHH:MM`` in company wall clock (seconds only when present)."""
    local = to_local(moment, tz)
    if local.second:
        return local.strftime("%Y-%m-%dT%H:%M:%S")
    return local.strftime("%Y-%m-%dT%H:%M")
