"""Workdays: read once from the roster's text, tested by weekday number, never by locale name."""

from __future__ import annotations

import locale
from datetime import date, timedelta

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.workdays import (
    WEEKDAYS,
    is_workday,
    next_workday,
    parse_workdays,
    weekday_name,
)

MON = date(2026, 11, 30)
FRI = date(2026, 12, 4)
SAT = date(2026, 12, 5)
WEEK = frozenset({"Mon", "Tue", "Wed", "Thu", "Fri"})


def test_weekdays_follow_date_weekday() -> None:
    assert [weekday_name(MON + timedelta(days=i)) for i in range(7)] == list(WEEKDAYS)
    assert WEEKDAYS == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    assert WEEKDAYS[MON.weekday()] == "Mon"


def test_parse_reads_the_roster_text_in_any_case_and_skips_blanks() -> None:
    assert parse_workdays("Mon;tue;;WED; ") == frozenset({"Mon", "Tue", "Wed"})
    assert parse_workdays(["sat", "Sun"]) == frozenset({"Sat", "Sun"})
    assert parse_workdays("") == frozenset()


def test_parse_refuses_an_unknown_name_instead_of_reading_a_day_off() -> None:
    with pytest.raises(ValidationError, match="'Mo' is not a weekday"):
        parse_workdays("Mo;Tue")


def test_is_workday() -> None:
    assert is_workday(WEEK, MON) and is_workday(WEEK, FRI)
    assert not is_workday(WEEK, SAT)
    assert is_workday(frozenset({"Sat"}), SAT)


def test_next_workday_skips_the_weekend() -> None:
    assert next_workday(WEEK, MON) == date(2026, 12, 1)
    assert next_workday(WEEK, FRI) == date(2026, 12, 7)
    assert next_workday(frozenset({"Mon"}), MON) == date(2026, 12, 7)  # a week later, same weekday


def test_next_workday_is_none_for_a_technician_without_workdays() -> None:
    assert next_workday(frozenset(), MON) is None


def test_a_german_desktop_does_not_change_the_workdays() -> None:
    """strftime("%a") says "Mo" under de_DE; the rules must not care."""
    try:
        old = locale.setlocale(locale.LC_TIME)
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("no German locale on this machine")
    try:
        assert MON.strftime("%a") != "Mon"
        assert is_workday(WEEK, MON)
        assert next_workday(WEEK, FRI) == date(2026, 12, 7)
    finally:
        locale.setlocale(locale.LC_TIME, old)


def test_day_text_is_english_whatever_the_locale() -> None:
    from dispatch_console.domain.workdays import day_text

    assert day_text(MON) == "Mon 30 Nov"
    assert day_text(date(2027, 3, 7)) == "Sun 07 Mar"
