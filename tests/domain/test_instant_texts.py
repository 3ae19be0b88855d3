"""The export's instants written from their UTC text (domain.instant_texts) are exactly
``format_instant``'s cells: every hour of years with daylight saving, half-hour and 45-minute
offsets, a skipped day and local mean time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain import instant_texts
from dispatch_console.domain.csv_values import format_instant
from dispatch_console.domain.instant_texts import InstantCells

#: Zones and the years whose every hour is compared.
YEARS = [
    ("America/Chicago", 1883), ("America/Chicago", 2026), ("Australia/Lord_Howe", 2025),
    ("Asia/Kathmandu", 1986), ("America/St_Johns", 2025), ("Europe/Dublin", 2025),
    ("Pacific/Apia", 2011), ("UTC", 2026),
]


def cells_of(tz: ZoneInfo) -> InstantCells:
    return InstantCells(tz, lambda value: f"otherwise {value}")


def utc_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def hours_of(year: int) -> list[datetime]:
    start = datetime(year, 1, 1, tzinfo=UTC)
    return [start + timedelta(hours=n) for n in range((datetime(year + 1, 1, 1, tzinfo=UTC) - start) // timedelta(hours=1))]


@pytest.mark.parametrize(("zone_name", "year"), YEARS)
def test_every_hour_of_a_year_is_written_as_format_instant_writes_it(zone_name: str, year: int) -> None:
    tz = ZoneInfo(zone_name)
    texts = cells_of(tz)
    for n, hour in enumerate(hours_of(year)):
        # The hour's first and last minute, one that differs from hour to hour, seconds, a fraction.
        for moment in (
            hour, hour + timedelta(minutes=59, seconds=59, microseconds=999_999), hour + timedelta(minutes=n % 60),
            hour + timedelta(minutes=(7 * n) % 60, seconds=n % 60), hour + timedelta(minutes=15, microseconds=n % 7),
        ):
            assert texts[utc_text(moment)] == format_instant(moment, tz), moment


def test_hours_the_zone_changes_in_are_left_to_format_instant() -> None:
    """The repeated hour keeps its offset; the hour of a change, local mean time, and the
    calendar's last hour are format_instant's, not shifted text."""
    texts = cells_of(ZoneInfo("America/Chicago"))
    assert texts["2026-11-01 06:30:00.000000"] == "2026-11-01T01:30-05:00"
    assert texts["2026-11-01 07:30:00.000000"] == "2026-11-01T01:30-06:00"
    assert texts["1883-11-18 12:00:00.000000"] == "1883-11-18T06:09:24"
    assert texts["9999-12-31 23:59:00.000000"] == "9999-12-31T17:59"
    assert texts._hours["2026-11-01 06"] is None
    assert texts._hours["1883-11-18 12"] is None
    assert texts["2026-11-02 06:30:00.000000"] == "2026-11-02T00:30"
    assert texts._hours["2026-11-02 06"] == ("2026-11-02T00", "2026-11-02T01", 0)


def test_a_shift_of_minutes_carries_into_the_next_hour_and_day() -> None:
    texts = cells_of(ZoneInfo("Asia/Kathmandu"))  # +05:45
    assert texts["2025-12-31 18:14:00.000000"] == "2025-12-31T23:59"
    assert texts["2025-12-31 18:15:00.000000"] == "2026-01-01T00:00"
    assert texts["2025-12-31 18:15:07.000000"] == "2026-01-01T00:00:07"
    assert texts["2025-12-31 18:15:07.000120"] == "2026-01-01T00:00:07.000120"
    assert texts["2025-12-31 18:15:00.500000"] == "2026-01-01T00:00:00.500000"


@pytest.mark.parametrize(
    "text",
    [
        "2016-11-25 14:00:00", "2016-11-25T14:00:00.000000", "2016-11-25 14:00:00.000000+00", "",
        "2016-11-25 14:60:00.000000", "2016-11-25 14:00:61.000000", "2016-11-25 14:00:00.00000x",
        "2016-11-25 14:00:00.٠٠٠٠٠١", "١٢٣٤-11-25 14:00:00.000000", "2016-02-30 14:00:00.000000",
        "2016-11-25 24:00:00.000000",
    ],
)
def test_a_text_not_written_as_stored_is_left_to_the_caller(text: str) -> None:
    cells = cells_of(ZoneInfo("America/Chicago"))
    assert cells[text] == f"otherwise {text}"
    assert cells[None] == ""


def test_the_hours_and_cells_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(instant_texts, "_HOURS_LIMIT", 2)
    monkeypatch.setattr(instant_texts, "CELLS_LIMIT", 3)
    tz = ZoneInfo("Europe/Dublin")
    texts = cells_of(tz)
    for hour in hours_of(2025)[:50]:
        assert texts[utc_text(hour)] == format_instant(hour, tz)
        assert len(texts._hours) <= 2
        assert len(texts) <= 3
