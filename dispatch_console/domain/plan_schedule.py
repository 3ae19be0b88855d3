"""When a recurring plan's visits fall, and which of them are due to become work orders.

Two modes (``PlanMode``): on a fixed calendar every occurrence of the rule is a visit; after
completion the next visit counts from the day the previous work order was completed, so an
early or late visit moves every later one. Everything here is plain: the service gives the
plan, the last visit and the date, and creates what this returns.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule

from dispatch_console.domain.enums import PlanMode
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.recurrence import expand, parse_rule, rule_count
from dispatch_console.domain.timekeeping import day_bounds, to_local, wall_to_utc

#: A plan's lead time: its work order is made this many days before the visit.
MAX_LEAD_DAYS = 365


@dataclass(frozen=True)
class PlanTiming:
    """What decides when a plan's visits fall."""

    rule: str
    start_wall: datetime  # naive, company wall clock: the first occurrence
    mode: PlanMode = PlanMode.FIXED
    lead_days: int = 7
    #: Occurrences at or before this instant are never made (again).
    generated_through: datetime | None = None


@dataclass(frozen=True)
class LastVisit:
    """The plan's latest work order: its occurrence, and the company day it was finished
    (completed; or, when cancelled, its occurrence day), None while still open."""

    occurrence: datetime
    finished_on: date | None


def horizon(as_of: date, lead_days: int, tz: ZoneInfo) -> datetime:
    """The last instant whose occurrence is due by ``as_of``: the end of the company day
    ``as_of + lead_days`` (the command line's "on or before DATE + the plan's lead days")."""
    try:
        last_day = as_of + timedelta(days=lead_days)
    except OverflowError:
        raise ValidationError(
            f"{as_of.isoformat()} plus a plan's {lead_days} lead days is past the year 9999; "
            "give an earlier date"
        ) from None
    return day_bounds(last_day, tz)[1] - timedelta(microseconds=1)


def due_occurrences(
    timing: PlanTiming,
    tz: ZoneInfo,
    as_of: date,
    last: LastVisit | None,
    made: int,
    rule: rrule | None = None,
) -> list[datetime]:
    """The occurrences (UTC) whose work orders are due by ``as_of`` and not yet made.

    ``made`` is how many work orders the plan has made (COUNT counts them in after-completion
    mode); ``rule`` is the parsed rule when the caller has it already.
    """
    until = horizon(as_of, timing.lead_days, tz)
    parsed = rule if rule is not None else parse_rule(timing.rule, timing.start_wall, tz)
    if timing.mode is PlanMode.FIXED:
        return expand(parsed, tz, timing.generated_through, until)
    following = next_after(parsed, timing, tz, last, made)
    return [following] if following is not None and following <= until else []


def due_together(
    timings: Sequence[PlanTiming], rule: rrule, tz: ZoneInfo, as_of: date
) -> list[list[datetime]]:
    """``due_occurrences`` of fixed-calendar plans that share one rule and start (``rule``,
    parsed), the rule expanded once for all of them: a contractor's plans mostly repeat a few
    schedules (every quarter on the 1st at 08:00), each with its own lead days and mark.

    The occurrences of one rule come in order on the wall clock and, a day or more apart at one
    time of day, in order as instants too; each plan's share is a slice of the whole.
    """
    if not timings:
        return []
    ends = {lead: horizon(as_of, lead, tz) for lead in {timing.lead_days for timing in timings}}
    untils = [ends[timing.lead_days] for timing in timings]
    marks = [timing.generated_through for timing in timings]
    earliest = None if any(mark is None for mark in marks) else min(m for m in marks if m is not None)
    instants = expand(rule, tz, earliest, max(untils))
    due: list[list[datetime]] = []
    for mark, until in zip(marks, untils, strict=True):
        first = 0 if mark is None else bisect_right(instants, mark)
        due.append(instants[first : bisect_right(instants, until, lo=first)])
    return due


def next_after(
    rule: rrule, timing: PlanTiming, tz: ZoneInfo, last: LastVisit | None, made: int
) -> datetime | None:
    """The next visit of an after-completion plan (UTC), or None while the last one is open
    or when the rule has ended."""
    if last is not None and last.finished_on is None:
        return None
    count = rule_count(rule)
    if count is not None and made >= count:
        return None
    if last is not None:
        anchor: date | None = last.finished_on
    elif timing.generated_through is not None:
        anchor = to_local(timing.generated_through, tz).date()
    else:
        anchor = None
    if anchor is None:
        candidates = iter(rule)
    else:
        moved = rule.replace(dtstart=datetime.combine(anchor, timing.start_wall.time()), count=None)
        day_after = datetime.combine(anchor + timedelta(days=1), time(0, 0))
        candidates = moved.xafter(day_after, inc=True)
    for wall in candidates:
        instant = wall_to_utc(wall, tz)
        if timing.generated_through is None or instant > timing.generated_through:
            return instant
    return None


def forecast(
    timing: PlanTiming,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
    last: LastVisit | None,
    made: int,
) -> list[datetime]:
    """The visits (UTC) in [start, end] the plan will make, as if each is done on its day.

    Fixed plans: every occurrence. After-completion plans: the chain of visits, each counted
    from the previous one's day; an open visit counts as done on its occurrence day.
    """
    rule = parse_rule(timing.rule, timing.start_wall, tz)
    if timing.mode is PlanMode.FIXED:
        after = start - timedelta(microseconds=1)
        if timing.generated_through is not None:
            after = max(after, timing.generated_through)
        return expand(rule, tz, after, end)
    visits: list[datetime] = []
    if last is not None and last.finished_on is None:
        last = LastVisit(last.occurrence, to_local(last.occurrence, tz).date())
    while True:
        following = next_after(rule, timing, tz, last, made)
        if following is None or following > end:
            return visits
        if following >= start:
            visits.append(following)
        last = LastVisit(following, to_local(following, tz).date())
        made += 1


def completed_on_time(occurrence: datetime, completed_at: datetime, tz: ZoneInfo) -> bool:
    """A visit is on time when it was completed by the end of its occurrence's company day."""
    return to_local(completed_at, tz).date() <= to_local(occurrence, tz).date()
