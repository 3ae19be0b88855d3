"""The COPY text both bulk writers hand PostgreSQL for dates and instants."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from dispatch_console.storage.types import UTCDateTime, copy_text


def test_an_instant_in_any_zone_is_written_as_its_naive_utc_text() -> None:
    column = UTCDateTime()
    auckland_summer = timezone(timedelta(hours=13))
    instant = datetime(2031, 3, 9, 2, 30, 15, 250, tzinfo=auckland_summer)
    assert copy_text(column.process_bind_param(instant, None)) == "2031-03-08 13:30:15.000250"  # type: ignore[arg-type]
    assert copy_text(column.process_bind_param(datetime(2026, 12, 1, tzinfo=UTC), None)) == "2026-12-01 00:00:00"  # type: ignore[arg-type]


def test_a_date_is_written_as_its_iso_text() -> None:
    assert copy_text(date(1, 1, 1)) == "0001-01-01"
    assert copy_text(date(2028, 2, 29)) == "2028-02-29"


@pytest.mark.parametrize("value", [None, 7, "text", Decimal("12.50"), True])
def test_other_values_are_left_for_the_driver(value: object) -> None:
    assert copy_text(value) is value


def test_an_aware_datetime_is_not_taken_for_a_stored_one() -> None:
    aware = datetime(2026, 12, 1, tzinfo=UTC)
    assert copy_text(aware) is aware  # the type's bind makes it naive UTC first
