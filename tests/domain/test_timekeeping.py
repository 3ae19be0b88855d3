"""Instants in UTC, wall clock in the company zone; parsing as the CSV format says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain import timekeeping
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import (
    company_zone,
    day_bounds,
    format_wall,
    parse_date,
    parse_datetime,
    parse_time,
    zone,
)

CHICAGO = zone("America/Chicago")


def test_wall_clock_without_offset_is_company_time() -> None:
    assert parse_datetime("2026-11-20T09:05", CHICAGO) == datetime(2026, 11, 20, 15, 5, tzinfo=UTC)
    assert parse_datetime("2026-11-20 09:05:30", CHICAGO) == datetime(2026, 11, 20, 15, 5, 30, tzinfo=UTC)


def test_offset_or_z_is_that_instant() -> None:
    assert parse_datetime("2026-11-20T09:05+02:00", CHICAGO) == datetime(2026, 11, 20, 7, 5, tzinfo=UTC)
    assert parse_datetime("2026-11-20T09:05Z", CHICAGO) == datetime(2026, 11, 20, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-11-20", "20/11/2026 09:05", "2026-11-20T25:00", "tomorrow", "2026-13-01T08:00"])
def test_bad_date_times_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="not a date-time"):
        parse_datetime(text, CHICAGO)


def test_dates_and_times() -> None:
    assert parse_date("2026-02-28") == date(2026, 2, 28)
    assert parse_time("07:30") == time(7, 30)
    for bad in ("2026-02-30", "28.02.2026"):
        with pytest.raises(ValidationError):
            parse_date(bad)
    for bad in ("7.30", "24:00", "12:60", "noon"):
        with pytest.raises(ValidationError):
            parse_time(bad)


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="IANA"):
        zone("Mars/Olympus")


def test_dst_days_have_23_and_25_hours() -> None:
    start, end = day_bounds(date(2026, 3, 8), CHICAGO)
    assert (end - start).total_seconds() == 23 * 3600
    start, end = day_bounds(date(2026, 11, 1), CHICAGO)
    assert (end - start).total_seconds() == 25 * 3600



@pytest.mark.parametrize(("day", "where"), [(date(9999, 12, 31), CHICAGO), (date(1, 1, 1), zone("Asia/Tokyo"))])
def test_a_day_at_the_calendars_ends_is_refused_in_words(day: date, where: ZoneInfo) -> None:
    with pytest.raises(ValidationError, match=f"{day.isoformat()} is at the very end of the calendar.*9999-12-30"):
        day_bounds(day, where)
    assert day_bounds(date(9999, 12, 30), CHICAGO)[1] == datetime(9999, 12, 31, 6, 0, tzinfo=UTC)

def test_format_wall_round_trips() -> None:
    moment = datetime(2026, 7, 1, 13, 0, tzinfo=UTC)
    assert format_wall(moment, CHICAGO) == "2026-07-01T08:00"
    assert parse_datetime(format_wall(moment, CHICAGO), CHICAGO) == moment


class _Company:
    def __init__(self, timezone: str) -> None:
        self.timezone = timezone


def test_company_zone_is_the_companys_once_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timekeeping, "local_zone_name", lambda: "Asia/Tokyo")
    assert company_zone(_Company("America/Chicago")) == CHICAGO


def test_before_set_up_the_company_zone_is_the_computers(monkeypatch: pytest.MonkeyPatch) -> None:
    # The zone the set-up proposes, so nothing shifts when the dispatcher accepts it.
    monkeypatch.setattr(timekeeping, "local_zone_name", lambda: "Asia/Tokyo")
    assert company_zone(None) == zone("Asia/Tokyo")
    monkeypatch.setattr(timekeeping, "local_zone_name", lambda: "UTC")
    assert company_zone(None) == zone("UTC")


def test_a_zone_name_too_long_for_a_file_is_refused_in_words() -> None:
    import pytest

    from dispatch_console.domain.errors import ValidationError
    from dispatch_console.domain.timekeeping import zone

    with pytest.raises(ValidationError, match=r"^'A{61}\.\.\.' is not a time zone; use an IANA name"):
        zone("A" * 300)
