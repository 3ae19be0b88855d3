"""Which technician should take a work order, and when: ranked, with the reasons in words.

Skills with valid certifications are a must. Among those who have them, the ranking weighs how
soon a free slot inside the shift starts (before the due-by), how far the technician drives to
it (from the previous job that day, else from home), and how loaded that day already is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain.conflicts import TechCalendar
from dispatch_console.domain.enums import WEEKDAYS
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.domain.travel import distance_km, drive_time

SLOT_STEP = timedelta(minutes=15)
#: Weights of the score (lower is better), in "hours of delay" per unit.
KM_WEIGHT = 0.05  # 20 km of driving weigh like starting an hour later
LOAD_WEIGHT = 0.25  # each hour already booked that day weighs a quarter hour
LATE_PENALTY = 10_000.0


@dataclass(frozen=True)
class Stop:
    """A booking on a technician's day, with where it is."""

    start: datetime
    end: datetime
    label: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Candidate:
    code: str
    calendar: TechCalendar
    home: tuple[float, float] | None
    stops: tuple[Stop, ...]  # the technician's bookings in the search window, any order


@dataclass(frozen=True)
class Job:
    number: str
    required_skills: tuple[str, ...]
    duration: timedelta
    due_by: datetime | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Suggestion:
    tech_code: str
    tech_name: str
    start: datetime
    end: datetime
    distance_km: float | None
    travel: timedelta
    load_hours: float
    late: bool
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    suggestions: tuple[Suggestion, ...]
    excluded: dict[str, str]  # tech code -> why not, in words


def _ceil_to_step(moment: datetime, tz: ZoneInfo) -> datetime:
    local = to_local(moment, tz)
    minutes = local.hour * 60 + local.minute
    extra = (-minutes) % 15
    if extra == 0 and local.second == 0 and local.microsecond == 0:
        return moment
    if extra == 0:
        extra = 15
    rounded = local.replace(second=0, microsecond=0) + timedelta(minutes=extra)
    return wall_to_utc(rounded.replace(tzinfo=None), tz)


def _missing_skills(cal: TechCalendar, skills: Iterable[str], day: date) -> list[str]:
    reasons = []
    for code in skills:
        if code not in cal.skills:
            reasons.append(f"lacks {code}")
        else:
            until = cal.skills[code]
            if until is not None and until < day:
                reasons.append(f"{code} certification expired {until.isoformat()}")
    return reasons


def _travel_from(stop: Stop | None, home: tuple[float, float] | None, job: Job) -> tuple[float | None, str]:
    if job.lat is None or job.lon is None:
        return None, ""
    if stop is not None and stop.lat is not None and stop.lon is not None:
        return distance_km(stop.lat, stop.lon, job.lat, job.lon), f"from {stop.label}"
    if home is not None:
        return distance_km(home[0], home[1], job.lat, job.lon), "from home"
    return None, ""


def _first_slot_on(
    cand: Candidate, job: Job, day: date, earliest: datetime, tz: ZoneInfo, speed: Decimal
) -> tuple[datetime, datetime, Stop | None, float | None, str] | None:
    """The first start on ``day`` where the job fits between shift, bookings, time off and travel."""
    cal = cand.calendar
    if WEEKDAYS[day.weekday()] not in cal.workdays:
        return None
    shift_start = wall_to_utc(datetime.combine(day, cal.shift_start), tz)
    shift_end = wall_to_utc(datetime.combine(day, cal.shift_end), tz)
    if cal.shift_end <= cal.shift_start:
        shift_end = wall_to_utc(datetime.combine(day + timedelta(days=1), cal.shift_end), tz)
    cursor = _ceil_to_step(max(shift_start, earliest), tz)
    busy: list[tuple[datetime, datetime, Stop | None]] = [
        (s.start, s.end, s) for s in cand.stops if s.start < shift_end and s.end > shift_start
    ]
    busy += [(o.start, o.end, None) for o in cal.time_off if o.start < shift_end and o.end > shift_start]
    busy.sort(key=lambda b: b[0])
    previous: Stop | None = None
    for b_start, b_end, stop in [*busy, (shift_end, shift_end, None)]:
        km, where = _travel_from(previous, cand.home if previous is None else None, job)
        travel = drive_time(km, speed) if km is not None and previous is not None else timedelta(0)
        start = _ceil_to_step(max(cursor, (previous.end + travel) if previous else cursor), tz)
        end = start + job.duration
        onward = timedelta(0)
        if stop is not None and job.lat is not None and stop.lat is not None and stop.lon is not None:
            onward = drive_time(distance_km(job.lat, job.lon, stop.lat, stop.lon), speed)
        if end + onward <= b_start and end <= shift_end:
            return start, end, previous, km, where
        if b_end > cursor:
            cursor = b_end
        if stop is not None and (previous is None or stop.end >= previous.end):
            previous = stop
    return None


def _load_hours(cand: Candidate, day_start: datetime, day_end: datetime) -> float:
    seconds = 0.0
    for s in cand.stops:
        overlap = (min(s.end, day_end) - max(s.start, day_start)).total_seconds()
        seconds += max(0.0, overlap)
    return seconds / 3600


def _fmt(moment: datetime, tz: ZoneInfo) -> str:
    return to_local(moment, tz).strftime("%a %d %b %H:%M")


def rank(
    job: Job,
    candidates: Sequence[Candidate],
    search_from: datetime,
    tz: ZoneInfo,
    speed_kmh: Decimal,
    *,
    horizon_days: int = 14,
    limit: int = 5,
) -> Ranking:
    """The best ``limit`` technicians for ``job`` with their first slot and the reasons."""
    found: list[Suggestion] = []
    excluded: dict[str, str] = {}
    first_day = to_local(search_from, tz).date()
    last_day = first_day + timedelta(days=horizon_days)
    for cand in candidates:
        cal = cand.calendar
        missing_now = _missing_skills(cal, job.required_skills, first_day)
        if any(r.startswith("lacks") for r in missing_now):
            excluded[cand.code] = ", ".join(missing_now)
            continue
        slot = None
        day = first_day
        while day <= last_day and slot is None:
            if not _missing_skills(cal, job.required_skills, day):
                hit = _first_slot_on(cand, job, day, search_from, tz, speed_kmh)
                if hit is not None:
                    slot = (day, *hit)
            day += timedelta(days=1)
        if slot is None:
            reasons_none = _missing_skills(cal, job.required_skills, last_day)
            excluded[cand.code] = (
                ", ".join(reasons_none) if reasons_none else f"no free slot in the next {horizon_days} days"
            )
            continue
        slot_day, start, end, previous, km, where = slot
        late = job.due_by is not None and end > job.due_by
        day_start = wall_to_utc(datetime.combine(slot_day, time(0)), tz)
        load = _load_hours(cand, day_start, day_start + timedelta(days=1))
        delay_hours = max(0.0, (start - search_from).total_seconds() / 3600)
        score = delay_hours + (km or 0.0) * KM_WEIGHT + load * LOAD_WEIGHT + (LATE_PENALTY if late else 0)
        reasons: list[str] = []
        if job.required_skills:
            certs = []
            for code in job.required_skills:
                until = cal.skills.get(code)
                certs.append(f"{code} (certified until {until.isoformat()})" if until else code)
            reasons.append("has " + ", ".join(certs))
        reasons.append(f"free {_fmt(start, tz)}–{to_local(end, tz):%H:%M}")
        if late:
            reasons.append(f"ends after the due-by {_fmt(job.due_by, tz)}")  # type: ignore[arg-type]
        elif job.due_by is not None:
            reasons.append(f"before the due-by {_fmt(job.due_by, tz)}")
        if km is not None:
            reasons.append(f"{km:.0f} km {where}")
        reasons.append(f"{load:.1f} h booked that day" if load else "nothing booked that day")
        found.append(
            Suggestion(
                tech_code=cand.code,
                tech_name=cal.name,
                start=start,
                end=end,
                distance_km=km,
                travel=drive_time(km, speed_kmh) if km is not None else timedelta(0),
                load_hours=load,
                late=late,
                score=score,
                reasons=tuple(reasons),
            )
        )
    found.sort(key=lambda s: (s.score, s.tech_name))
    return Ranking(tuple(found[:limit]), excluded)
