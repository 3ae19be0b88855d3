"""Fixed-calendar plans that share a rule and start are expanded once for all of them, and each
gets exactly what it would get alone: its own lead days, its own mark, daylight saving kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dispatch_console.domain.plan_schedule import PlanTiming, due_occurrences, due_together
from dispatch_console.domain.recurrence import load_rule
from dispatch_console.domain.timekeeping import zone

CHICAGO = zone("America/Chicago")

RULES = [
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=DAILY;COUNT=40",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    # 02:30 does not exist on 8 March 2026 in Chicago: that visit moves to 03:30.
    "FREQ=WEEKLY;BYDAY=SU",
]
MARKS = [
    None,
    datetime(2026, 11, 30, 14, 0, tzinfo=UTC),
    datetime(2027, 3, 14, 7, 30, tzinfo=UTC),  # 02:30 Chicago on the day clocks spring forward
    datetime(2027, 11, 7, 7, 30, tzinfo=UTC),  # 01:30 CDT, the first of the hour that repeats
    datetime(2031, 1, 1, tzinfo=UTC),  # beyond every horizon: nothing is due
]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("start", [datetime(2026, 3, 1, 2, 30), datetime(2026, 11, 1, 1, 30), datetime(2026, 12, 1, 8, 0)])
def test_each_plan_of_a_shared_rule_gets_what_it_would_get_alone(rule: str, start: datetime) -> None:
    timings = [
        PlanTiming(rule, start, lead_days=lead, generated_through=mark)
        for lead in (0, 7, 45, 365)
        for mark in MARKS
    ]
    as_of = date(2027, 6, 30)
    together = due_together(timings, load_rule(rule, start, CHICAGO), CHICAGO, as_of)
    alone = [due_occurrences(t, CHICAGO, as_of, None, 0) for t in timings]
    assert together == alone
    assert any(together) and not all(together)  # the cases differ: some plans have visits, some none


def test_plans_with_marks_far_apart_share_one_expansion() -> None:
    rule, start = "FREQ=MONTHLY;BYMONTHDAY=15", datetime(2020, 1, 15, 9, 0)
    early = PlanTiming(rule, start, lead_days=0, generated_through=datetime(2020, 6, 1, tzinfo=UTC))
    late = PlanTiming(rule, start, lead_days=0, generated_through=datetime(2026, 11, 1, tzinfo=UTC))
    first, second = due_together([early, late], load_rule(rule, start, CHICAGO), CHICAGO, date(2026, 12, 31))
    assert len(first) == 79 and first[0] == datetime(2020, 6, 15, 14, 0, tzinfo=UTC)  # Jun 2020 .. Dec 2026
    assert second == [datetime(2026, 11, 15, 15, 0, tzinfo=UTC), datetime(2026, 12, 15, 15, 0, tzinfo=UTC)]


def test_no_plans_expand_nothing() -> None:
    assert due_together([], load_rule("FREQ=DAILY", datetime(2026, 1, 1, 8, 0), CHICAGO), CHICAGO, date(2026, 1, 5)) == []
