"""A plan's rule in words: the builder's shapes as a dispatcher would say them, and any other
rule a plan may have in a plain generic sentence (never the rule text itself)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.recurrence_words import describe, ordinal
from dispatch_console.domain.timekeeping import zone

AT_8 = datetime(2026, 1, 1, 8, 0)  # a Thursday


@pytest.mark.parametrize(("rule", "start", "words"), [
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", AT_8, "every 3 months on the 1st at 08:00"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", datetime(2026, 1, 5, 7, 30), "every week on Monday and Thursday at 07:30"),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", AT_8, "every week on Monday, Wednesday and Friday at 08:00"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", AT_8, "every month on the last day at 08:00"),
    ("FREQ=MONTHLY;BYDAY=2TU", AT_8, "every month on the second Tuesday at 08:00"),
    ("FREQ=MONTHLY;BYDAY=-1FR", AT_8, "every month on the last Friday at 08:00"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", AT_8, "every year on 29 February at 08:00"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", AT_8, "every year on the last day of February at 08:00"),
    ("FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYDAY=4TH", AT_8, "every 2 years on the fourth Thursday of November at 08:00"),
    ("FREQ=DAILY;INTERVAL=2;COUNT=10", datetime(2026, 1, 1, 6, 0), "every 2 days at 06:00, 10 times"),
    ("FREQ=DAILY;COUNT=1", AT_8, "every day at 08:00, once"),
    ("FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20271231T235959", AT_8, "every month on the 1st at 08:00, until 31 Dec 2027"),
    # What the rule leaves out comes from the first occurrence (RFC 5545).
    ("FREQ=WEEKLY;INTERVAL=2", AT_8, "every 2 weeks on Thursday at 08:00"),
    ("FREQ=MONTHLY", datetime(2026, 1, 22, 8, 0), "every month on the 22nd at 08:00"),
    ("FREQ=YEARLY", AT_8, "every year on 1 January at 08:00"),
    ("FREQ=YEARLY;BYMONTH=3", AT_8, "every year on 1 March at 08:00"),
])
def test_the_builders_rules_in_words(rule: str, start: datetime, words: str) -> None:
    assert describe(rule, start) == words


@pytest.mark.parametrize(("rule", "words"), [
    ("FREQ=MONTHLY;BYMONTHDAY=1,15", "every month on the 1st and the 15th at 08:00"),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
     "every month on Monday, Tuesday, Wednesday, Thursday and Friday (only the last of those days in each month) at 08:00"),
    ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "every year in week 20 of the year on Monday at 08:00"),
    ("FREQ=YEARLY;BYYEARDAY=100,-1", "every year on day 100 and the last day of the year at 08:00"),
    ("FREQ=DAILY;BYMONTH=6,7,8", "every day in June, July and August at 08:00"),
    ("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", "every month on the 13th when it is a Friday at 08:00"),
    ("FREQ=YEARLY;BYMONTH=1,7", "every year on the 1st in January and July at 08:00"),
    ("FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,MO", "every 2 weeks on Sunday and Monday (weeks starting on Sunday) at 08:00"),
    ("FREQ=MONTHLY;BYDAY=-2FR", "every month on the second-to-last Friday at 08:00"),
    ("FREQ=MONTHLY;UNTIL=20271231", "every month on the 1st at 08:00, before 31 Dec 2027"),
])
def test_rules_beyond_the_builder_get_a_generic_sentence(rule: str, words: str) -> None:
    assert describe(rule, AT_8) == words


def test_an_until_in_utc_is_said_on_the_company_clock() -> None:
    words = describe("FREQ=DAILY;UNTIL=20260110T140000Z", AT_8, zone("America/Chicago"))
    assert words == "every day at 08:00, until 10 Jan 2026 08:00"
    assert describe("FREQ=DAILY;UNTIL=20260110T140000Z", AT_8).endswith("until 10 Jan 2026 14:00 UTC")


def test_a_date_only_until_includes_a_midnight_visit() -> None:
    assert describe("FREQ=DAILY;UNTIL=20260110", datetime(2026, 1, 1)).endswith("until 10 Jan 2026")


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=0", "FREQ=HOURLY", "", "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30"])
def test_a_rule_no_plan_may_have_is_refused_in_words(rule: str) -> None:
    with pytest.raises(ValidationError):
        describe(rule, AT_8)


@pytest.mark.parametrize(("number", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                               (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (31, "31st")])
def test_ordinals(number: int, text: str) -> None:
    assert ordinal(number) == text
