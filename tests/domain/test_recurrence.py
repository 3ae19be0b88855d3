"""Plans recur on the company's wall clock (RFC 5545), across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.recurrence import occurrences_between, parse_rule
from dispatch_console.domain.timekeeping import to_local, zone

CHICAGO = zone("America/Chicago")


def test_monthly_plan_stays_at_eight_across_dst() -> None:
    found = occurrences_between(
        "FREQ=MONTHLY;BYMONTHDAY=1", datetime(2026, 1, 1, 8, 0), CHICAGO, None,
        datetime(2026, 12, 31, tzinfo=UTC),
    )
    assert len(found) == 12
    assert {to_local(o, CHICAGO).hour for o in found} == {8}
    # 08:00 CST is 14:00 UTC in January; 08:00 CDT is 13:00 UTC in July.
    assert found[0].hour == 14 and found[6].hour == 13


def test_occurrences_after_a_moment_are_strictly_after_it() -> None:
    first = occurrences_between("FREQ=WEEKLY", datetime(2026, 3, 2, 7, 30), CHICAGO, None, datetime(2026, 3, 20, tzinfo=UTC))
    rest = occurrences_between("FREQ=WEEKLY", datetime(2026, 3, 2, 7, 30), CHICAGO, first[0], datetime(2026, 3, 20, tzinfo=UTC))
    assert rest == first[1:]


def test_nonexistent_wall_time_moves_forward_like_a_clock() -> None:
    # 02:30 on 8 March 2026 does not exist in Chicago (spring forward).
    found = occurrences_between("FREQ=DAILY;COUNT=1", datetime(2026, 3, 8, 2, 30), CHICAGO, None, datetime(2026, 3, 9, tzinfo=UTC))
    assert to_local(found[0], CHICAGO).hour == 3


@pytest.mark.parametrize("rule", ["", "FREQ=SOMETIMES", "BYDAY=MO;FREQ", "DTSTART:20260101T000000\nFREQ=DAILY"])
def test_bad_rules_are_refused_in_words(rule: str) -> None:
    with pytest.raises(ValidationError):
        parse_rule(rule, datetime(2026, 1, 1, 8))


def test_rrule_prefix_is_tolerated() -> None:
    assert parse_rule("RRULE:FREQ=DAILY", datetime(2026, 1, 1, 8)) is not None


def test_an_occurrence_exactly_at_the_rules_until_is_the_last() -> None:
    # UNTIL in company wall clock, like the start: Monday 30 March 2026 08:00 is an occurrence.
    found = occurrences_between(
        "FREQ=WEEKLY;UNTIL=20260330T080000", datetime(2026, 3, 2, 8, 0), CHICAGO, None,
        datetime(2026, 12, 31, tzinfo=UTC),
    )
    assert [to_local(o, CHICAGO).date().day for o in found] == [2, 9, 16, 23, 30]
    earlier = occurrences_between(
        "FREQ=WEEKLY;UNTIL=20260330T075959", datetime(2026, 3, 2, 8, 0), CHICAGO, None,
        datetime(2026, 12, 31, tzinfo=UTC),
    )
    assert len(earlier) == 4


def test_an_occurrence_exactly_at_the_end_of_the_window_is_in_it() -> None:
    # 30 March 08:00 CDT is 13:00 UTC: the window's end is inclusive, its start exclusive.
    last = datetime(2026, 3, 30, 13, 0, tzinfo=UTC)
    found = occurrences_between("FREQ=WEEKLY", datetime(2026, 3, 2, 8, 0), CHICAGO, None, last)
    assert found[-1] == last and len(found) == 5
    before = occurrences_between("FREQ=WEEKLY", datetime(2026, 3, 2, 8, 0), CHICAGO, None, last - timedelta(seconds=1))
    assert before == found[:-1]
    assert occurrences_between("FREQ=WEEKLY", datetime(2026, 3, 2, 8, 0), CHICAGO, last, last) == []


def test_a_rule_starting_in_the_last_years_of_the_calendar_still_occurs() -> None:
    assert parse_rule("FREQ=YEARLY", datetime(9999, 1, 2, 8, 0)) is not None
    assert parse_rule("FREQ=DAILY", datetime(9995, 6, 1, 8, 0)) is not None
