"""Which technician should take a work order, and when: ranked, with the reasons in words.

Skills with valid certifications are a must. Among those who have them, the ranking weighs how
soon a free slot inside the shift starts (before the due-by), how far the technician drives to
it (from the previous job that day, else from home), and how loaded that day already is.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.domain.booking_length import ceil_to_quarter, earliest_overlapping_start
from dispatch_console.domain.certifications import CertificationState, is_expired, skill_state
from dispatch_console.domain.conflicts import TechCalendar
from dispatch_console.domain.timekeeping import to_local, wall_to_utc
from dispatch_console.domain.travel import distance_km, drive_time
from dispatch_console.domain.workdays import day_text, is_workday

#: Weights of the score (lower is better), in "hours of delay" per unit.
KM_WEIGHT = 0.05  # 20 km of driving weigh like starting an hour later
LOAD_WEIGHT = 0.25  # each hour already booked that day weighs a quarter hour
LATE_PENALTY = 10_000.0


@dataclass(frozen=True)
class Stop:
    """A booking on a technician's day, with where it is (the board passes its own booking rows,
    which have the same attributes)."""

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
    late: bool
    score: float
    reasons: tuple[str, ...]
    #: Reasons that need the dispatcher's eye (a certification running out), shown in amber.
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranking:
    suggestions: tuple[Suggestion, ...]
    excluded: dict[str, str]  # tech code -> why not, in words


def _missing_skills(cal: TechCalendar, skills: Iterable[str], day: date) -> list[str]:
    reasons = []
    for code in skills:
        if code not in cal.skills:
            reasons.append(f"lacks {code}")
        else:
            until = cal.skills[code]
            if until is not None and is_expired(until, day):
                reasons.append(f"{code} certification expired {until.isoformat()}")
    return reasons


class _Planner:
    """Finds first slots for one job, with the distances and drive times it has already worked out."""

    def __init__(self, job: Job, tz: ZoneInfo, speed: Decimal) -> None:
        self.job = job
        self.tz = tz
        self.speed = float(speed)
        self._km: dict[tuple[float, float], float] = {}

    def km_to_job(self, lat: float | None, lon: float | None) -> float | None:
        if lat is None or lon is None or self.job.lat is None or self.job.lon is None:
            return None
        key = (lat, lon)
        km = self._km.get(key)
        if km is None:
            km = distance_km(lat, lon, self.job.lat, self.job.lon)
            self._km[key] = km
        return km

    def drive(self, km: float | None) -> timedelta:
        return drive_time(km, self.speed) if km is not None else timedelta(0)

    def first_slot_on(
        self, cand: Candidate, starts: list[datetime], stops: Sequence[Stop], day: date, earliest: datetime
    ) -> tuple[datetime, datetime, Stop | None, float | None, str] | None:
        """The first start on ``day`` where the job fits between shift, bookings, time off and travel."""
        cal = cand.calendar
        job, tz = self.job, self.tz
        if not is_workday(cal.workdays, day):
            return None
        shift_start = wall_to_utc(datetime.combine(day, cal.shift_start), tz)
        shift_end = wall_to_utc(datetime.combine(day, cal.shift_end), tz)
        if cal.shift_end <= cal.shift_start:
            shift_end = wall_to_utc(datetime.combine(day + timedelta(days=1), cal.shift_end), tz)
        if shift_end - max(shift_start, earliest) < job.duration:
            return None
        lo = bisect.bisect_left(starts, earliest_overlapping_start(shift_start))
        hi = bisect.bisect_left(starts, shift_end)
        busy: list[tuple[datetime, datetime, Stop | None]] = [
            (st.start, st.end, st) for st in stops[lo:hi] if st.end > shift_start
        ]
        booked = sum(((min(e, shift_end) - max(b, shift_start)) for b, e, _ in busy), timedelta(0))
        if (shift_end - shift_start) - booked < job.duration:
            return None  # the day is too full for the job, whatever the order
        busy += [(o.start, o.end, None) for o in cal.time_off if o.start < shift_end and o.end > shift_start]
        busy.sort(key=lambda b: b[0])
        cursor = ceil_to_quarter(max(shift_start, earliest))
        previous: Stop | None = None
        for b_start, b_end, stop in [*busy, (shift_end, shift_end, None)]:
            if previous is not None:
                km = self.km_to_job(previous.lat, previous.lon)
                where = f"from {previous.label}"
                ready = previous.end + self.drive(km)
            else:
                km = self.km_to_job(*cand.home) if cand.home else None
                where = "from home"
                ready = cursor
            start = ceil_to_quarter(max(cursor, ready))
            end = start + job.duration
            onward = timedelta(0)
            if stop is not None and stop.lat is not None and stop.lon is not None:
                onward = self.drive(self.km_to_job(stop.lat, stop.lon))
            if end + onward <= b_start and end <= shift_end:
                return start, end, previous, km, where if km is not None else ""
            if b_end > cursor:
                cursor = b_end
            if stop is not None and (previous is None or stop.end >= previous.end):
                previous = stop
        return None


def _fmt(moment: datetime, tz: ZoneInfo) -> str:
    local = to_local(moment, tz)
    return f"{day_text(local.date())} {local:%H:%M}"


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
    """The best ``limit`` technicians for ``job`` with their first slot and the reasons.

    Days are searched in order for all technicians at once, and the search stops as soon as no
    later slot could beat the ones found: fast enough to run on every change of selection.
    """
    planner = _Planner(job, tz, speed_kmh)
    found: list[Suggestion] = []
    excluded: dict[str, str] = {}
    first_day = to_local(search_from, tz).date()
    last_day = first_day + timedelta(days=horizon_days)
    pending: list[tuple[Candidate, list[Stop], list[datetime]]] = []
    for cand in candidates:
        missing_now = _missing_skills(cand.calendar, job.required_skills, first_day)
        if any(r.startswith("lacks") for r in missing_now):
            excluded[cand.code] = ", ".join(missing_now)
            continue
        stops = sorted(cand.stops, key=lambda st: st.start)
        pending.append((cand, stops, [st.start for st in stops]))
    day = first_day
    while day <= last_day and pending:
        still: list[tuple[Candidate, list[Stop], list[datetime]]] = []
        for cand, stops, starts in pending:
            if _missing_skills(cand.calendar, job.required_skills, day):
                still.append((cand, stops, starts))
                continue
            hit = planner.first_slot_on(cand, starts, stops, day, search_from)
            if hit is None:
                still.append((cand, stops, starts))
                continue
            found.append(_suggestion(cand, stops, starts, day, hit, job, search_from, tz, planner))
        pending = still
        day += timedelta(days=1)
        if len(found) >= limit and pending:
            found.sort(key=lambda s: (s.score, s.tech_name))
            next_start = wall_to_utc(datetime.combine(day, time(0)), tz)
            bound = max(0.0, (next_start - search_from).total_seconds() / 3600)
            if found[limit - 1].score <= bound:
                break  # nobody free only from tomorrow on can rank higher
    for cand, _stops, _starts in pending:
        if day > last_day:
            reasons = _missing_skills(cand.calendar, job.required_skills, last_day)
            excluded[cand.code] = (
                ", ".join(reasons) if reasons else f"no free slot in the next {horizon_days} days"
            )
    found.sort(key=lambda s: (s.score, s.tech_name))
    return Ranking(tuple(found[:limit]), excluded)


def _suggestion(
    cand: Candidate,
    stops: list[Stop],
    starts: list[datetime],
    slot_day: date,
    hit: tuple[datetime, datetime, Stop | None, float | None, str],
    job: Job,
    search_from: datetime,
    tz: ZoneInfo,
    planner: _Planner,
) -> Suggestion:
    start, end, _previous, km, where = hit
    cal = cand.calendar
    late = job.due_by is not None and end > job.due_by
    day_start = wall_to_utc(datetime.combine(slot_day, time(0)), tz)
    day_end = wall_to_utc(datetime.combine(slot_day + timedelta(days=1), time(0)), tz)
    lo = bisect.bisect_left(starts, earliest_overlapping_start(day_start))
    hi = bisect.bisect_left(starts, day_end)
    load = sum(
        max(0.0, (min(st.end, day_end) - max(st.start, day_start)).total_seconds()) for st in stops[lo:hi]
    ) / 3600
    delay_hours = max(0.0, (start - search_from).total_seconds() / 3600)
    score = delay_hours + (km or 0.0) * KM_WEIGHT + load * LOAD_WEIGHT + (LATE_PENALTY if late else 0)
    reasons: list[str] = []
    cautions: list[str] = []
    if job.required_skills:
        certs = []
        for code in job.required_skills:
            state = skill_state(code, cal.skills.get(code), slot_day)
            if state.state is CertificationState.EXPIRING:
                cautions.append(f"{code} certification {state.text.split(': ', 1)[1]}")
            until = state.certified_until
            certs.append(f"{code} (certified until {until.isoformat()})" if until else code)
        reasons.append("has " + ", ".join(certs))
        reasons += cautions
    reasons.append(f"free {_fmt(start, tz)}–{to_local(end, tz):%H:%M}")
    if late:
        reasons.append(f"ends after the due-by {_fmt(job.due_by, tz)}")  # type: ignore[arg-type]
    elif job.due_by is not None:
        reasons.append(f"before the due-by {_fmt(job.due_by, tz)}")
    if km is not None:
        reasons.append(f"{km:.0f} km {where}")
    reasons.append(f"{load:.1f} h booked that day" if load else "nothing booked that day")
    return Suggestion(
        tech_code=cand.code,
        tech_name=cal.name,
        start=start,
        end=end,
        distance_km=km,
        late=late,
        score=score,
        cautions=tuple(cautions),
        reasons=tuple(reasons),
    )
