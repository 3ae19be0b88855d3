"""The forecast: what the active plans will make over the next months, and the weeks when the
technicians who hold a skill have fewer hours than the visits need (a crunch)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dispatch_console.domain.enums import PlanMode, Status
from dispatch_console.domain.errors import ValidationError
from dispatch_console.services import pm_forecast, pm_generation
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_forecast import NO_SKILL, Forecast, SkillWeek
from dispatch_console.services.pm_plans import PlanSpec, create_plan, get_plan, set_active
from dispatch_console.storage import models as m

# The small company (tests/seed.py), Chicago: Ana holds HVAC (08:00-17:00, 45 h a week); Ben
# holds HVAC (07:00-15:30, 42.5 h) and an ELEC certification that ran out on 31 Oct 2026.
HVAC_WEEK = Decimal("87.50")
TODAY = date(2026, 11, 26)  # the clock's day


def plan(code: str = "PM-1", **kw: object) -> PlanSpec:
    fields: dict[str, object] = dict(
        code=code, site_code="S1", summary="Monthly RTU service", rule="FREQ=MONTHLY;BYMONTHDAY=1",
        start_wall=datetime(2026, 12, 1, 8, 0), lead_days="7", required_skills=("HVAC",),
        estimated_hours="2",
    )
    fields.update(kw)
    return PlanSpec(**fields)  # type: ignore[arg-type]


def week(result: Forecast, skill: str, monday: date) -> SkillWeek:
    return next(w for w in result.weeks if w.skill == skill and w.week_start == monday)


def test_a_fixed_plan_visits_every_occurrence_in_the_months_asked(company: ServiceContext) -> None:
    create_plan(company, plan())
    result = pm_forecast.forecast(company, 3)
    assert (result.start, result.end) == (TODAY, date(2027, 2, 26))
    # 08:00 in Chicago on the 1st of December, January and February (CST: 14:00 UTC).
    assert [v.occurrence for v in result.visits] == [
        datetime(2026, 12, 1, 14, 0, tzinfo=UTC),
        datetime(2027, 1, 1, 14, 0, tzinfo=UTC),
        datetime(2027, 2, 1, 14, 0, tzinfo=UTC),
    ]
    first = result.visits[0]
    assert (first.plan_code, first.summary, first.site, first.skills, first.hours) == (
        "PM-1", "Monthly RTU service", "Building A", ("HVAC",), Decimal("2"),
    )
    # Each visit's hours land in its own ISO week, against both HVAC technicians' shifts.
    december = week(result, "HVAC", date(2026, 11, 30))
    assert (december.planned_hours, december.capacity_hours, december.visits) == (Decimal("2"), HVAC_WEEK, 1)
    assert december.iso_week == (2026, 49)
    assert week(result, "HVAC", date(2026, 12, 7)).planned_hours == 0
    assert not result.crunches
    # Every week of the three months is listed, from the week of today to that of 25 Feb.
    mondays = sorted({w.week_start for w in result.weeks})
    assert mondays[0] == date(2026, 11, 23) and mondays[-1] == date(2027, 2, 22) and len(mondays) == 14


def test_visits_already_made_are_not_forecast_again(company: ServiceContext) -> None:
    create_plan(company, plan())
    pm_generation.generate(company)  # 1 Dec is within the 7 days' lead: made now
    result = pm_forecast.forecast(company, 3)
    assert [v.occurrence.date() for v in result.visits] == [date(2027, 1, 1), date(2027, 2, 1)]


def test_a_visit_whose_work_order_exists_is_not_forecast_whatever_the_plan_s_mark(
    company: ServiceContext,
) -> None:
    create_plan(company, plan())
    pm_generation.generate(company)
    # An imported plan (or the demo company's) may have made work orders without its mark.
    with company.write("forget the mark") as uow:
        uow.require(m.PmPlan, "PM-1").generated_through = None
    result = pm_forecast.forecast(company, 3)
    assert [v.occurrence.date() for v in result.visits] == [date(2027, 1, 1), date(2027, 2, 1)]


def test_an_after_completion_plan_chains_its_visits_from_the_last_completion(company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION, lead_days="7"))
    before = pm_forecast.forecast(company, 12)
    assert [v.occurrence.date() for v in before.visits] == [
        date(2026, 12, 1), date(2027, 3, 1), date(2027, 6, 1), date(2027, 9, 1),
    ]
    (number,) = pm_generation.generate(company).created
    # Done on 20 Nov, early: every later visit counts three months from that day.
    with company.write("finish") as uow:
        wo = uow.work_order(number)
        wo.status = Status.COMPLETED
        wo.completed_at = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    after = pm_forecast.forecast(company, 12)
    assert [v.occurrence.date() for v in after.visits] == [
        date(2027, 2, 20), date(2027, 5, 20), date(2027, 8, 20), date(2027, 11, 20),
    ]


def test_a_week_needing_more_hours_than_the_skill_has_is_a_crunch(company: ServiceContext) -> None:
    create_plan(company, plan("PM-1", estimated_hours="50"))
    create_plan(company, plan("PM-2", estimated_hours="40", rule="FREQ=MONTHLY;BYMONTHDAY=2"))
    result = pm_forecast.forecast(company, 2)
    crunch = week(result, "HVAC", date(2026, 11, 30))
    assert crunch.planned_hours == Decimal("90") and crunch.visits == 2
    assert crunch.crunch and crunch.over_hours == Decimal("2.50")
    assert crunch.text == "crunch: 2.5 h more than the 87.5 h of capacity"
    # January's 1st is a Friday and the 2nd a Saturday: the same week again; no other week is short.
    assert [w.week_start for w in result.crunches] == [date(2026, 11, 30), date(2026, 12, 28)]
    quiet = week(result, "HVAC", date(2026, 12, 7))
    assert not quiet.crunch and quiet.over_hours == 0 and quiet.text == "87.5 h free"
    assert "2 weeks short of technicians" in str(result)


def test_a_week_with_time_off_has_less_capacity(company: ServiceContext) -> None:
    create_plan(company, plan(estimated_hours="80"))
    assert not pm_forecast.forecast(company, 1).crunches
    # Ana is off on Wednesday 2 Dec (a 9-hour shift): 78.5 h of HVAC that week, short by 1.5 h.
    with company.write("time off") as uow:
        ana = uow.require(m.Technician, "T1")
        uow.add(m.TimeOff(technician=ana, start=datetime(2026, 12, 2, 6, 0, tzinfo=UTC),
                          end=datetime(2026, 12, 3, 6, 0, tzinfo=UTC), reason="dentist"))
    result = pm_forecast.forecast(company, 1)
    short = week(result, "HVAC", date(2026, 11, 30))
    assert short.capacity_hours == Decimal("78.50") and short.over_hours == Decimal("1.50")
    assert week(result, "HVAC", date(2026, 12, 7)).capacity_hours == HVAC_WEEK


def test_hours_count_against_each_skill_and_without_skills_against_everyone(company: ServiceContext) -> None:
    create_plan(company, plan("PM-1", required_skills=("ELEC", "HVAC")))
    create_plan(company, plan("PM-2", required_skills=(), rule="FREQ=MONTHLY;BYMONTHDAY=3"))
    result = pm_forecast.forecast(company, 1)
    monday = date(2026, 11, 30)
    assert week(result, "HVAC", monday).planned_hours == Decimal("2")
    # Ben's electrical certification ran out in October: nobody can do ELEC work.
    elec = week(result, "ELEC", monday)
    assert (elec.planned_hours, elec.capacity_hours, elec.technicians) == (Decimal("2"), Decimal("0"), 0)
    assert elec.text == "crunch: 2 h and nobody with ELEC on shift"
    anyone = week(result, NO_SKILL, monday)
    assert (anyone.planned_hours, anyone.capacity_hours, anyone.technicians) == (Decimal("2"), HVAC_WEEK, 2)
    assert result.skills == ("ELEC", "HVAC", NO_SKILL)


def test_a_paused_plan_is_not_counted(company: ServiceContext) -> None:
    create_plan(company, plan("PM-1"))
    create_plan(company, plan("PM-2", summary="Paused work"))
    set_active(company, "PM-2", False, get_plan(company, "PM-2").version)
    result = pm_forecast.forecast(company, 3)
    assert {v.plan_code for v in result.visits} == {"PM-1"}
    assert week(result, "HVAC", date(2026, 11, 30)).planned_hours == Decimal("2")


def test_an_inactive_technician_gives_no_capacity(company: ServiceContext) -> None:
    create_plan(company, plan())
    with company.write("deactivate") as uow:
        uow.require(m.Technician, "T2").active = False
    assert week(pm_forecast.forecast(company, 1), "HVAC", date(2026, 11, 30)).capacity_hours == Decimal("45.00")


def test_a_start_day_can_be_given(company: ServiceContext) -> None:
    create_plan(company, plan())
    result = pm_forecast.forecast(company, 1, start=date(2027, 1, 2))
    assert (result.start, result.end) == (date(2027, 1, 2), date(2027, 2, 2))
    assert [v.occurrence.date() for v in result.visits] == [date(2027, 2, 1)]


@pytest.mark.parametrize(
    ("months", "words"),
    [(0, "at least 1 month"), (-2, "at least 1 month"), (37, "at most 36 months")],
)
def test_the_months_are_1_to_36(company: ServiceContext, months: int, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        pm_forecast.forecast(company, months)


def test_36_months_is_allowed(company: ServiceContext) -> None:
    create_plan(company, plan())
    assert len(pm_forecast.forecast(company, 36).visits) == 36
