"""How the screens write dates, numbers and messages."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dispatch_console.ui.formatting import (
    format_decimal,
    format_hours,
    format_hours_between,
    format_moment,
    format_money,
    label,
    sentence,
)

CHICAGO = ZoneInfo("America/Chicago")


def test_moments_are_company_wall_clock_with_the_year_only_when_needed() -> None:
    now = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert (
        format_moment(datetime(2026, 11, 26, 14, 0, tzinfo=UTC), CHICAGO, year_of=now)
        == "Thu 26 Nov 08:00"
    )
    assert (
        format_moment(datetime(2027, 1, 5, 14, 0, tzinfo=UTC), CHICAGO, year_of=now)
        == "Tue 05 Jan 2027 08:00"
    )
    assert (
        format_moment(datetime(2026, 3, 9, 13, 0, tzinfo=UTC), CHICAGO) == "Mon 09 Mar 2026 08:00"
    )  # CDT
    assert format_moment(None, CHICAGO) == ""


def test_numbers_and_money() -> None:
    assert format_decimal(Decimal("2.50")) == "2.5"
    assert format_decimal(Decimal(20)) == "20"  # not 2E+1
    assert format_decimal(Decimal("0.25")) == "0.25"
    assert format_money(Decimal("1234.565")) == "1,234.57"  # half up
    start = datetime(2026, 11, 20, 9, 5, tzinfo=UTC)
    assert format_hours_between(start, datetime(2026, 11, 20, 11, 50, tzinfo=UTC)) == "2:45"
    # A total of such spans, written as they are: 6:00 + 6:35 is 12:35, 200 min is 3:20.
    assert format_hours(Decimal(755) / 60) == "12:35"
    assert format_hours(Decimal(200) / 60) == "3:20"
    assert format_hours(Decimal(0)) == "0:00"


def test_messages_become_sentences() -> None:
    assert sentence("the company name is empty") == "The company name is empty."
    assert sentence("'X' is not a time zone.") == "'X' is not a time zone."
    assert label("in_progress") == "In progress"
