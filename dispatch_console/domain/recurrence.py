"""RFC 5545 recurrence of preventive-maintenance plans, kept on the company's wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import to_local, wall_to_utc


def parse_rule(text: str, start_wall: datetime) -> rrule:
    """The rule with ``start_wall`` (naive, company wall clock) as DTSTART.

    Expanding on naive wall clock and converting each occurrence afterwards is what keeps a
    plan at 08:00 on 08:00 across daylight-saving changes.
    """
    cleaned = text.strip()
    if cleaned.upper().startswith("RRULE:"):
        cleaned = cleaned[6:]
    if not cleaned:
        raise ValidationError("the recurrence rule is empty; write e.g. FREQ=MONTHLY;BYMONTHDAY=1")
    if "DTSTART" in cleaned.upper():
        raise ValidationError("give the first occurrence in 'start', not DTSTART inside the rule")
    try:
        rule = rrulestr(cleaned, dtstart=start_wall.replace(tzinfo=None))
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"'{text}' is not an RFC 5545 rule: {exc}") from None
    if not isinstance(rule, rrule):
        raise ValidationError(f"'{text}' is not a single RFC 5545 RRULE")
    return rule


def occurrences_between(
    rule_text: str, start_wall: datetime, tz: ZoneInfo, after: datetime | None, until: datetime
) -> list[datetime]:
    """Occurrences (UTC) strictly after ``after`` (or from the start) and at or before ``until``."""
    rule = parse_rule(rule_text, start_wall)
    # Compare in wall clock with a day's margin, then filter exactly on instants.
    wall_until = to_local(until, tz).replace(tzinfo=None) + timedelta(days=1)
    wall_after = (
        to_local(after, tz).replace(tzinfo=None) - timedelta(days=1) if after is not None else None
    )
    result: list[datetime] = []
    for wall in rule.xafter(wall_after, inc=True) if wall_after else rule:
        if wall > wall_until:
            break
        instant = wall_to_utc(wall, tz)
        if instant > until:
            break
        if after is not None and instant <= after:
            continue
        result.append(instant)
    return result


