"""Ranking technicians for a job: each criterion on its own."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from dispatch_console.domain.conflicts import Interval, TechCalendar
from dispatch_console.domain.suggestions import Candidate, Job, Stop, rank
from dispatch_console.domain.timekeeping import zone
from dispatch_console.domain.travel import distance_km, drive_time

CHICAGO = zone("America/Chicago")
SPEED = Decimal("40")
# Monday 30 Nov 2026, 08:00 in Chicago.
MON_8 = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
SITE = (32.78, -96.80)


def local(day_offset: int, hour: float) -> datetime:
    return MON_8 + timedelta(days=day_offset, hours=hour - 8)


def tech(code: str, *, skills=None, stops=(), time_off=(), home=SITE, shift=(8, 17)) -> Candidate:
    cal = TechCalendar(
        name=f"Tech {code}", shift_start=time(shift[0]), shift_end=time(shift[1]),
        workdays=frozenset({"Mon", "Tue", "Wed", "Thu", "Fri"}),
        skills={"HVAC": None} if skills is None else skills, time_off=tuple(time_off),
    )
    return Candidate(code=code, calendar=cal, home=home, stops=tuple(stops))


def job(hours: float = 2, skills=("HVAC",), due_by=None, where=SITE) -> Job:
    return Job("WO-1", tuple(skills), timedelta(hours=hours), due_by, where[0], where[1])


def codes(ranking) -> list[str]:
    return [s.tech_code for s in ranking.suggestions]


def test_required_skill_is_a_must() -> None:
    result = rank(job(), [tech("A", skills={"ELEC": None}), tech("B")], MON_8, CHICAGO, SPEED)
    assert codes(result) == ["B"]
    assert result.excluded == {"A": "lacks HVAC"}


def test_expired_certification_is_a_must_too() -> None:
    lapsed = tech("A", skills={"HVAC": date(2026, 11, 1)})
    result = rank(job(), [lapsed, tech("B")], MON_8, CHICAGO, SPEED)
    assert codes(result) == ["B"] and "expired 2026-11-01" in result.excluded["A"]


def test_earliest_free_slot_wins() -> None:
    busy_morning = tech("A", stops=[Stop(local(0, 8), local(0, 12), "WO-9", *SITE)])
    result = rank(job(), [busy_morning, tech("B")], MON_8, CHICAGO, SPEED)
    assert codes(result) == ["B", "A"]
    assert result.suggestions[0].start == local(0, 8)
    assert result.suggestions[1].start == local(0, 12)
    assert "free Mon 30 Nov 08:00–10:00" in result.suggestions[0].reasons


def test_slot_respects_time_off_and_the_shift_end() -> None:
    off = tech("A", time_off=[Interval(local(0, 8), local(0, 16), "Training")])
    result = rank(job(hours=2), [off], MON_8, CHICAGO, SPEED)
    # 16:00 + 2 h would end after 17:00: the next morning.
    assert result.suggestions[0].start == local(1, 8)


def test_closer_technician_wins_at_the_same_time() -> None:
    near = tech("N", home=(32.79, -96.80))
    far = tech("F", home=(33.20, -96.80))
    result = rank(job(), [far, near], MON_8, CHICAGO, SPEED)
    assert codes(result) == ["N", "F"]
    assert any("km from home" in r for r in result.suggestions[1].reasons)


def test_distance_counts_from_the_previous_job_and_travel_is_left_free() -> None:
    far_site = (33.10, -96.80)  # about 36 km north
    prev = Stop(local(0, 8), local(0, 10), "WO-7 (North plant)", *far_site)
    result = rank(job(), [tech("A", stops=[prev])], MON_8, CHICAGO, SPEED)
    s = result.suggestions[0]
    km = distance_km(*far_site, *SITE)
    assert s.start >= local(0, 10) + drive_time(km, SPEED)
    assert s.start.minute % 15 == 0
    assert any("from WO-7 (North plant)" in r for r in s.reasons)


def test_less_loaded_day_wins_when_otherwise_equal() -> None:
    loaded = tech("L", stops=[Stop(local(0, 12), local(0, 17), "WO-5", *SITE)])
    free = tech("F")
    result = rank(job(), [loaded, free], MON_8, CHICAGO, SPEED)
    assert codes(result) == ["F", "L"]
    assert "5.0 h booked that day" in result.suggestions[1].reasons


def test_slot_after_due_by_is_flagged_and_ranked_last() -> None:
    busy = tech("A", stops=[Stop(local(0, 8), local(0, 17), "WO-5", *SITE)])
    free_later_due = rank(job(due_by=local(0, 12)), [busy, tech("B")], MON_8, CHICAGO, SPEED)
    assert codes(free_later_due) == ["B", "A"]
    assert free_later_due.suggestions[1].late
    assert any("after the due-by" in r for r in free_later_due.suggestions[1].reasons)


def test_top_five_only() -> None:
    result = rank(job(), [tech(str(i)) for i in range(9)], MON_8, CHICAGO, SPEED)
    assert len(result.suggestions) == 5


def test_search_starts_on_the_quarter_hour() -> None:
    result = rank(job(), [tech("A")], MON_8 + timedelta(minutes=7), CHICAGO, SPEED)
    assert result.suggestions[0].start == local(0, 8.25)


def test_no_slot_in_the_horizon_is_explained() -> None:
    always_off = tech("A", time_off=[Interval(local(-1, 0), local(30, 0), "Leave")])
    result = rank(job(), [always_off], MON_8, CHICAGO, SPEED, horizon_days=5)
    assert result.suggestions == () and result.excluded == {"A": "no free slot in the next 5 days"}


def test_a_certification_running_out_is_a_caution_not_a_bar() -> None:
    """Expiring within 30 days of the slot: still suggested, with the date in an amber line."""
    soon = tech("A", skills={"HVAC": date(2026, 12, 10)})
    later = tech("B", skills={"HVAC": date(2027, 6, 30)})
    result = rank(job(), [soon, later], MON_8, CHICAGO, SPEED)
    by_code = {s.tech_code: s for s in result.suggestions}
    assert set(by_code) == {"A", "B"}
    assert by_code["A"].cautions == ("HVAC certification expires 2026-12-10 (10 days left)",)
    assert "HVAC certification expires 2026-12-10 (10 days left)" in by_code["A"].reasons
    assert by_code["B"].cautions == ()
