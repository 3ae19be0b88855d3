"""The recurrence builder writes RFC 5545 rules a plan may have, and reads back exactly the
rules it can show (anything more is left to the raw rule field)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dispatch_console.domain.recurrence import parse_rule
from dispatch_console.domain.recurrence_builder import (
    DayPattern,
    Ending,
    Frequency,
    Recurrence,
    from_rule,
)
from dispatch_console.domain.timekeeping import zone

START = datetime(2026, 1, 1, 8, 0)
CHICAGO = zone("America/Chicago")

#: Every pattern the builder shows, with the rule it writes.
PATTERNS: list[tuple[Recurrence, str]] = [
    (Recurrence(Frequency.DAILY), "FREQ=DAILY"),
    (Recurrence(Frequency.DAILY, interval=2, ending=Ending.COUNT, count=10), "FREQ=DAILY;INTERVAL=2;COUNT=10"),
    (Recurrence(Frequency.WEEKLY), "FREQ=WEEKLY"),
    (Recurrence(Frequency.WEEKLY, weekdays=(0, 3)), "FREQ=WEEKLY;BYDAY=MO,TH"),
    (Recurrence(Frequency.WEEKLY, interval=2, weekdays=(0, 1, 2, 3, 4, 5, 6)), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR,SA,SU"),
    (Recurrence(Frequency.MONTHLY), "FREQ=MONTHLY"),
    (Recurrence(Frequency.MONTHLY, interval=3, pattern=DayPattern.DAY, day=1), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"),
    (Recurrence(Frequency.MONTHLY, pattern=DayPattern.DAY, day=31), "FREQ=MONTHLY;BYMONTHDAY=31"),
    (Recurrence(Frequency.MONTHLY, pattern=DayPattern.LAST_DAY), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    (Recurrence(Frequency.MONTHLY, pattern=DayPattern.NTH_WEEKDAY, nth=2, weekday=1), "FREQ=MONTHLY;BYDAY=2TU"),
    (Recurrence(Frequency.MONTHLY, pattern=DayPattern.NTH_WEEKDAY, nth=-1, weekday=4), "FREQ=MONTHLY;BYDAY=-1FR"),
    (Recurrence(Frequency.YEARLY), "FREQ=YEARLY"),
    (Recurrence(Frequency.YEARLY, month=3), "FREQ=YEARLY;BYMONTH=3"),
    (Recurrence(Frequency.YEARLY, month=2, pattern=DayPattern.DAY, day=29), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
    (Recurrence(Frequency.YEARLY, month=2, pattern=DayPattern.LAST_DAY), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"),
    (Recurrence(Frequency.YEARLY, interval=2, month=11, pattern=DayPattern.NTH_WEEKDAY, nth=4, weekday=3),
     "FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYDAY=4TH"),
    (Recurrence(Frequency.MONTHLY, pattern=DayPattern.DAY, day=15, ending=Ending.UNTIL, until=date(2027, 12, 31)),
     "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20271231T235959"),
]


@pytest.mark.parametrize(("recurrence", "rule"), PATTERNS, ids=[r for _, r in PATTERNS])
def test_every_pattern_writes_its_rule_and_reads_it_back(recurrence: Recurrence, rule: str) -> None:
    assert recurrence.to_rule() == rule
    assert from_rule(rule) == recurrence
    parse_rule(rule, START, CHICAGO)  # a rule a plan may have


def test_until_is_the_end_of_the_chosen_day_so_that_days_visit_is_made() -> None:
    rule = Recurrence(Frequency.DAILY, ending=Ending.UNTIL, until=date(2026, 1, 3)).to_rule()
    assert list(parse_rule(rule, START, CHICAGO))[-1] == datetime(2026, 1, 3, 8, 0)


def test_interval_one_and_rrule_prefix_and_lower_case_are_read() -> None:
    assert from_rule("rrule:freq=monthly;interval=1;bymonthday=1") == Recurrence(
        Frequency.MONTHLY, pattern=DayPattern.DAY, day=1)


def test_weekdays_are_read_in_any_order_and_written_monday_first() -> None:
    found = from_rule("FREQ=WEEKLY;BYDAY=TH,MO")
    assert found is not None and found.weekdays == (0, 3)
    assert found.to_rule() == "FREQ=WEEKLY;BYDAY=MO,TH"


@pytest.mark.parametrize("rule", [
    "FREQ=MONTHLY;BYMONTHDAY=1,15",  # two days of the month
    "FREQ=MONTHLY;BYMONTHDAY=-2",  # second-to-last day
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=MONTHLY;BYDAY=-2FR",
    "FREQ=MONTHLY;BYDAY=TU",  # every Tuesday of the month
    "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR",
    "FREQ=WEEKLY;BYDAY=1MO",
    "FREQ=WEEKLY;WKST=SU;BYDAY=MO",
    "FREQ=YEARLY;BYMONTH=1,7",
    "FREQ=YEARLY;BYMONTHDAY=1",  # every month's first, said yearly
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    "FREQ=YEARLY;BYYEARDAY=100",
    "FREQ=DAILY;BYMONTH=6",
    "FREQ=DAILY;BYDAY=MO",
    "FREQ=MONTHLY;UNTIL=20271231",  # midnight, not the end of the day
    "FREQ=MONTHLY;UNTIL=20271231T120000Z",
    "FREQ=MONTHLY;UNTIL=20271331T235959",  # no 13th month
    "FREQ=HOURLY",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=DAILY;COUNT=2;UNTIL=20271231T235959",
    "FREQ=DAILY;FREQ=WEEKLY",
    "INTERVAL=2",
    "not a rule",
    "",
])
def test_rules_beyond_the_builder_are_not_read(rule: str) -> None:
    assert from_rule(rule) is None


def test_a_yearly_day_without_its_month_keeps_the_first_occurrences_date() -> None:
    # Half-built in the editor (no month chosen yet), it must not say "every month's 29th".
    assert Recurrence(Frequency.YEARLY, pattern=DayPattern.DAY, day=29).to_rule() == "FREQ=YEARLY"
