"""The recurrence examples of RFC 5545 (section 3.8.5.3), in the RFC's own zone (New York).

Each case is the rule, its DTSTART and the dates the RFC lists; every occurrence must fall at
09:00 wall clock, before and after the change to standard time on 26 October 1997.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.recurrence import occurrences_between, parse_rule

NEW_YORK = ZoneInfo("America/New_York")
FAR = datetime(2002, 1, 1, tzinfo=UTC)


def dates(rule: str, start: datetime, limit: int | None = None) -> list[date]:
    found = occurrences_between(rule, start, NEW_YORK, None, FAR)
    local = [moment.astimezone(NEW_YORK) for moment in found[:limit]]
    assert {(m.hour, m.minute) for m in local} == {(9, 0)}, "09:00 wall clock, summer and winter"
    return [m.date() for m in local]


def days(year: int, month: int, *numbers: int) -> list[date]:
    return [date(year, month, n) for n in numbers]


SEP_2 = datetime(1997, 9, 2, 9, 0)


@pytest.mark.parametrize(
    ("rule", "start", "limit", "expected"),
    [
        pytest.param("FREQ=DAILY;COUNT=10", SEP_2, None, days(1997, 9, *range(2, 12)), id="daily, 10 times"),
        pytest.param(
            "FREQ=DAILY;UNTIL=19971224T000000Z", SEP_2, None,
            days(1997, 9, *range(2, 31)) + days(1997, 10, *range(1, 32)) + days(1997, 11, *range(1, 31))
            + days(1997, 12, *range(1, 24)),
            id="daily until 24 Dec (UTC), across the change to standard time",
        ),
        pytest.param(
            "FREQ=DAILY;INTERVAL=10;COUNT=5", SEP_2, None,
            days(1997, 9, 2, 12, 22) + days(1997, 10, 2, 12), id="every 10 days, 5 times",
        ),
        pytest.param(
            "FREQ=WEEKLY;COUNT=10", SEP_2, None,
            days(1997, 9, 2, 9, 16, 23, 30) + days(1997, 10, 7, 14, 21, 28) + days(1997, 11, 4),
            id="weekly, 10 times",
        ),
        pytest.param(
            "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", SEP_2, None,
            days(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30) + days(1997, 10, 2),
            id="weekly on Tuesday and Thursday for five weeks",
        ),
        pytest.param(
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
            datetime(1997, 9, 1, 9, 0), None,
            days(1997, 9, 1, 3, 5, 15, 17, 19, 29) + days(1997, 10, 1, 3, 13, 15, 17, 27, 29, 31)
            + days(1997, 11, 10, 12, 14, 24, 26, 28) + days(1997, 12, 8, 10, 12, 22),
            id="every other week on Monday, Wednesday and Friday",
        ),
        pytest.param(
            "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", datetime(1997, 9, 5, 9, 0), None,
            days(1997, 9, 5) + days(1997, 10, 3) + days(1997, 11, 7) + days(1997, 12, 5)
            + days(1998, 1, 2) + days(1998, 2, 6) + days(1998, 3, 6) + days(1998, 4, 3)
            + days(1998, 5, 1) + days(1998, 6, 5),
            id="monthly on the first Friday",
        ),
        pytest.param(
            "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", datetime(1997, 9, 22, 9, 0), None,
            days(1997, 9, 22) + days(1997, 10, 20) + days(1997, 11, 17) + days(1997, 12, 22)
            + days(1998, 1, 19) + days(1998, 2, 16),
            id="monthly on the second-to-last Monday",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYMONTHDAY=-3", datetime(1997, 9, 28, 9, 0), 6,
            days(1997, 9, 28) + days(1997, 10, 29) + days(1997, 11, 28) + days(1997, 12, 29)
            + days(1998, 1, 29) + days(1998, 2, 26),
            id="monthly on the third-to-last day",
        ),
        pytest.param(
            "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", SEP_2, None,
            days(1997, 9, 2, 15) + days(1997, 10, 2, 15) + days(1997, 11, 2, 15)
            + days(1997, 12, 2, 15) + days(1998, 1, 2, 15),
            id="monthly on the 2nd and 15th",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYMONTHDAY=-1", datetime(1997, 9, 30, 9, 0), 6,
            days(1997, 9, 30) + days(1997, 10, 31) + days(1997, 11, 30) + days(1997, 12, 31)
            + days(1998, 1, 31) + days(1998, 2, 28),
            id="monthly on the last day",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", datetime(1997, 9, 29, 9, 0), 7,
            days(1997, 9, 30) + days(1997, 10, 31) + days(1997, 11, 28) + days(1997, 12, 31)
            + days(1998, 1, 30) + days(1998, 2, 27) + days(1998, 3, 31),
            id="the last workday of the month",
        ),
        pytest.param(
            "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", datetime(1997, 6, 10, 9, 0), None,
            [date(year, month, 10) for year in range(1997, 2002) for month in (6, 7)],
            id="yearly in June and July",
        ),
        pytest.param(
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", datetime(1997, 1, 1, 9, 0), None,
            [date(2000, 2, 29)], id="the leap day",
        ),
    ],
)
def test_rfc_5545_examples(rule: str, start: datetime, limit: int | None, expected: list[date]) -> None:
    assert dates(rule, start, limit) == expected


def test_count_and_until_together_are_refused_as_the_rfc_says() -> None:
    with pytest.raises(ValidationError, match="COUNT .* or UNTIL"):
        parse_rule("FREQ=DAILY;COUNT=10;UNTIL=19971224T000000Z", SEP_2, NEW_YORK)
