"""What the plan editor shows under the rule: the rule in words, the next occurrences on the
company's clock (daylight-saving changes marked), and how many past occurrences a fixed plan
would make at once as overdue work orders. Plain Python, so it is quick to test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from dispatch_console.domain.enums import PlanMode
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.recurrence import parse_rule
from dispatch_console.domain.recurrence_words import describe
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.ui.formatting import format_count, format_moment, sentence

#: How many coming occurrences the editor lists.
SHOWN = 10
#: Past occurrences are counted up to this many (a daily rule started years ago).
PAST_LIMIT = 10_000


@dataclass(frozen=True)
class Preview:
    """The editor's view of a rule: ``problem`` set (in words) when the rule cannot be a plan's."""

    words: str
    rows: tuple[str, ...]
    note: str
    problem: str = ""


def _mark(moment: datetime, first: datetime, tz: ZoneInfo) -> str:
    local, first_local = to_local(moment, tz), to_local(first, tz)
    if local.utcoffset() == first_local.utcoffset():
        return ""
    return "  (daylight saving)" if local.dst() else "  (standard time)"


def preview(
    rule: str, start_wall: datetime, tz: ZoneInfo, now: datetime, mode: PlanMode,
    made_through: datetime | None = None,
) -> Preview:
    """The next ``SHOWN`` occurrences after ``now`` (UTC) of ``rule`` from ``start_wall``.

    ``made_through`` is the last occurrence the plan already made (an existing plan): earlier
    ones are never made again, so they are not counted as overdue.
    """
    start = start_wall.replace(tzinfo=None, second=0, microsecond=0)
    try:
        parsed = parse_rule(rule, start, tz)
        words = describe(rule, start, tz)
    except ValidationError as exc:
        return Preview("", (), "Nothing to preview until the rule is corrected (see the message under it).",
                       sentence(str(exc)))
    now_wall = to_local(now, tz).replace(tzinfo=None)
    coming = [wall_to_utc(w, tz) for w in parsed.xafter(now_wall, count=SHOWN, inc=False)]
    # A wall time within an hour of now may fall either side of it on a DST day: judge by instant.
    coming = [c for c in coming if c > now]
    rows = tuple(f"{format_moment(c, tz, year_of=now)}{_mark(c, coming[0], tz)}" for c in coming)
    notes: list[str] = []
    past = _past(parsed, tz, now, made_through) if mode is PlanMode.FIXED else 0
    if past:
        more = "+" if past >= PAST_LIMIT else ""
        times = "occurrence" if past == 1 else "occurrences"
        orders = "an overdue work order" if past == 1 else "overdue work orders"
        notes.append(
            f"The first occurrence is in the past: {format_count(past)}{more} past {times} would be "
            f"made at once as {orders}."
        )
    elif mode is PlanMode.AFTER_COMPLETION:
        notes.append(
            "After completion: each visit after the first counts from the day the previous one is "
            "completed; these dates assume every visit is completed on its day."
        )
    if not coming:
        notes.append("The rule has no occurrence after today: the plan would make no more work orders.")
    return Preview(words, rows, " ".join(notes))


def _past(parsed: rrule, tz: ZoneInfo, now: datetime, made_through: datetime | None) -> int:
    """Occurrences at or before now not made yet (those a fixed plan makes at once)."""
    after_wall = to_local(made_through, tz).replace(tzinfo=None) if made_through is not None else None
    now_wall = to_local(now, tz).replace(tzinfo=None) + timedelta(hours=2)
    count = 0
    walls = parsed.xafter(after_wall, inc=False) if after_wall is not None else iter(parsed)
    for wall in walls:
        if wall > now_wall:
            break
        if wall_to_utc(wall, tz) <= now:
            count += 1
            if count >= PAST_LIMIT:
                break
    return count
