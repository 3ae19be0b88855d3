"""Cell values of the CSV bundle: what each parser accepts, what it refuses, and exact write-back."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain.csv_values import (
    format_bool,
    format_decimal,
    format_degrees,
    format_instant,
    format_money,
    format_wall_clock,
    parse_bool,
    parse_bundle_path,
    parse_code,
    parse_codes,
    parse_currency,
    parse_exact_decimal,
    parse_instant,
    parse_latitude,
    parse_longitude,
    parse_money,
    parse_not_negative,
    parse_percent,
    parse_positive,
    parse_wall_datetime,
    parse_whole_number,
    parse_workdays,
    parse_zone_name,
    safe_file_name,
    split_list,
)
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import parse_datetime, zone

CHICAGO = zone("America/Chicago")


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("TRUE", True), ("Yes", True), ("1", True), (" no ", False), ("False", False), ("0", False)],
)
def test_booleans_in_any_spelling_of_the_spec(text: str, value: bool) -> None:
    assert parse_bool(text) is value


@pytest.mark.parametrize("text", ["maybe", "y", "2", "on", ""])
def test_other_booleans_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_bool(text)
    assert str(err.value) == f"'{text}' is not a yes/no value; write true/false, yes/no or 1/0"


def test_lists_are_trimmed_and_empty_items_dropped() -> None:
    assert split_list(" HVAC ; ELEC;;") == ["HVAC", "ELEC"]
    assert split_list("") == []
    assert parse_codes("HVAC;ELEC;HVAC") == ["HVAC", "ELEC"]


def test_codes_up_to_40_characters() -> None:
    assert parse_code(" " + "x" * 40 + " ") == "x" * 40
    with pytest.raises(ValidationError, match="is 41 characters long; codes are at most 40"):
        parse_code("x" * 41)
    with pytest.raises(ValidationError, match="a code is required"):
        parse_code("  ")


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.50", Decimal("12.50")), ("0.1250", Decimal("0.125")), ("-3", Decimal(-3)), (".5", Decimal("0.5")),
     ("7.", Decimal(7)), ("9999999999.9999", Decimal("9999999999.9999")), ("-0", Decimal(0))],
)
def test_exact_decimals_the_database_keeps(text: str, value: Decimal) -> None:
    parsed = parse_exact_decimal(text)
    assert parsed == value
    assert isinstance(parsed, Decimal)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12,50", "'12,50' is not a decimal amount (use digits and '.')"),
        ("1e3", "'1e3' is not a decimal amount (use digits and '.')"),
        ("$5", "'$5' is not a decimal amount (use digits and '.')"),
        ("1_000", "'1_000' is not a decimal amount (use digits and '.')"),
        ("NaN", "'NaN' is not a decimal amount (use digits and '.')"),
        ("0.12345", "'0.12345' has more than 4 decimal places; the database keeps 4"),
        ("10000000000", "'10000000000' is too large"),
    ],
)
def test_other_decimals_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_exact_decimal(text)
    assert str(err.value) == message


def test_trailing_zeros_beyond_four_places_are_not_more_precision() -> None:
    assert parse_exact_decimal("1.250000") == Decimal("1.25")


def test_money_is_not_negative() -> None:
    assert parse_money("0") == 0
    with pytest.raises(ValidationError, match="'-1.00' is negative; amounts are 0 or more"):
        parse_money("-1.00")


def test_quantities_and_hours_are_more_than_nothing() -> None:
    assert parse_positive("0.0001") == Decimal("0.0001")
    for text in ("0", "-2", "0.0000"):
        with pytest.raises(ValidationError, match="must be greater than 0"):
            parse_positive(text)


def test_percentages_from_0_to_100() -> None:
    assert parse_percent("0") == 0
    assert parse_percent("100") == 100
    assert parse_percent("8.25") == Decimal("8.25")
    for text in ("-0.01", "100.01"):
        with pytest.raises(ValidationError, match="is not a percentage between 0 and 100"):
            parse_percent(text)


def test_coordinates_in_range() -> None:
    assert parse_latitude("-90") == -90.0
    assert parse_latitude("32.83767") == 32.83767
    assert parse_longitude("180") == 180.0
    with pytest.raises(ValidationError) as err:
        parse_latitude("90.5")
    assert str(err.value) == "'90.5' is not a latitude; it must be between -90 and 90"
    with pytest.raises(ValidationError) as err:
        parse_longitude("-181")
    assert str(err.value) == "'-181' is not a longitude; it must be between -180 and 180"
    with pytest.raises(ValidationError, match="not a latitude in decimal degrees"):
        parse_latitude("32°50'")


def test_whole_numbers_in_range() -> None:
    assert parse_whole_number("30", 0, 365) == 30
    with pytest.raises(ValidationError, match="'366' is not between 0 and 365"):
        parse_whole_number("366", 0, 365)
    with pytest.raises(ValidationError, match="'7.5' is not a whole number"):
        parse_whole_number("7.5", 0, 365)


def test_workdays_any_case_kept_in_the_order_written() -> None:
    assert parse_workdays("sun;SAT;Mon") == "Sun;Sat;Mon"
    assert parse_workdays("Sun;Mon;Tue;Wed;Thu") == "Sun;Mon;Tue;Wed;Thu"  # a week that starts on Sunday
    assert parse_workdays("Mon;Mon;tue") == "Mon;Tue"
    with pytest.raises(ValidationError) as err:
        parse_workdays("Mon;Funday")
    assert str(err.value) == (
        "'Mon;Funday' is not a list of weekdays; use Mon, Tue, Wed, Thu, Fri, Sat, Sun separated by ';'"
    )
    with pytest.raises(ValidationError):
        parse_workdays(";")


def test_quantities_that_may_be_nothing() -> None:
    assert parse_not_negative("0") == 0
    assert parse_not_negative("0.3333") == Decimal("0.3333")
    with pytest.raises(ValidationError, match="'-0.5' is negative; it must be 0 or more"):
        parse_not_negative("-0.5")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("files/WO-1/photo-1.jpg", "files/WO-1/photo-1.jpg"),
        (" files/a.png ", "files/a.png"),
        ("files\\WO-1\\signature.png", "files/WO-1/signature.png"),  # written on Windows
    ],
)
def test_bundle_paths_inside_the_files_folder(text: str, path: str) -> None:
    assert parse_bundle_path(text) == path


@pytest.mark.parametrize(
    "text", ["photo.jpg", "/files/a.png", "files/../secret.txt", "files/", "files//a.png", "other/a.png", "files/./a"]
)
def test_paths_outside_the_files_folder_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a file of the bundle's files folder"):
        parse_bundle_path(text)


def test_safe_file_names_for_every_file_system() -> None:
    assert safe_file_name("WO-10001") == "WO-10001"
    assert safe_file_name("WO 1/2:3") == "WO_1_2_3"
    assert safe_file_name("..hidden") == "hidden"
    assert safe_file_name("Ünï") == "_n_"
    assert safe_file_name("") == "_"
    assert safe_file_name("CON") == "_CON"
    assert safe_file_name("nul.txt") == "_nul.txt"
    assert len(safe_file_name("x" * 300)) == 100


def test_currency_is_an_iso_code() -> None:
    assert parse_currency(" EUR ") == "EUR"
    for text in ("usd", "US$", "EURO"):
        with pytest.raises(ValidationError, match="is not an ISO 4217 currency code"):
            parse_currency(text)


def test_wall_datetime_keeps_the_wall_clock_or_converts_an_offset() -> None:
    assert parse_wall_datetime("2026-01-05T08:00", CHICAGO) == datetime(2026, 1, 5, 8, 0)
    assert parse_wall_datetime("2026-07-05 08:00:30", CHICAGO) == datetime(2026, 7, 5, 8, 0, 30)
    assert parse_wall_datetime("2026-01-05T14:00Z", CHICAGO) == datetime(2026, 1, 5, 8, 0)
    assert parse_wall_datetime("2026-01-05T09:00-05:00", CHICAGO) == datetime(2026, 1, 5, 8, 0)
    with pytest.raises(ValidationError, match="is not a date-time"):
        parse_wall_datetime("2026-01-05", CHICAGO)


def test_instants_round_trip_through_the_wall_clock_even_in_the_repeated_hour() -> None:
    # 1 Nov 2026: Chicago's clocks go from 02:00 CDT back to 01:00 CST; 01:30 happens twice.
    first = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT
    second = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST
    assert format_instant(first, CHICAGO) == "2026-11-01T01:30-05:00"
    assert format_instant(second, CHICAGO) == "2026-11-01T01:30-06:00"
    plain = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    assert format_instant(plain, CHICAGO) == "2026-11-01T03:00"
    fraction = datetime(2026, 11, 1, 9, 0, 0, 250, tzinfo=UTC)  # a service's clock: nothing is lost
    assert format_instant(fraction, CHICAGO) == "2026-11-01T03:00:00.000250"
    repeated = datetime(2026, 11, 1, 7, 30, 5, 1, tzinfo=UTC)
    assert format_instant(repeated, CHICAGO) == "2026-11-01T01:30:05.000001-06:00"
    for moment in (first, second, plain, fraction, repeated, datetime(2026, 3, 8, 8, 0, 15, tzinfo=UTC)):
        assert parse_datetime(format_instant(moment, CHICAGO), CHICAGO) == moment


def test_formats_write_what_the_parsers_read() -> None:
    assert format_decimal(Decimal("2.50")) == "2.5"
    assert format_decimal(Decimal(100)) == "100"
    assert format_decimal(Decimal("1E+2")) == "100"
    assert format_decimal(Decimal("0.000")) == "0"
    assert format_money(Decimal("12.5")) == "12.50"
    assert format_money(Decimal(11)) == "11.00"
    assert format_money(Decimal("0.1250")) == "0.125"
    assert format_money(Decimal(0)) == "0.00"
    assert format_degrees(-96.7245) == "-96.7245"
    assert format_degrees(-96.0) == "-96"
    assert format_degrees(0.00001) == "0.00001"
    assert format_bool(True) == "true"
    assert format_wall_clock(datetime(2026, 1, 5, 8, 0)) == "2026-01-05T08:00"
    assert format_wall_clock(datetime(2026, 1, 5, 8, 0, 9)) == "2026-01-05T08:00:09"


# -- hostile cells: refused in words, never an exception of Python's -------------------------------
def test_every_year_from_1_to_9999_is_written_with_four_digits_and_read_back() -> None:
    for year in range(1, 10000):
        wall = datetime(year, 7, 1, 6, 5, 4, 3 if year % 2 else 0)
        text = format_wall_clock(wall)
        assert text.startswith(f"{year:04d}-07-01T06:05:04"), text
        assert parse_wall_datetime(text, ZoneInfo("UTC")) == wall


def test_year_one_is_written_zero_padded() -> None:
    assert format_wall_clock(datetime(1, 1, 1)) == "0001-01-01T00:00"
    assert format_instant(datetime(1, 1, 1, tzinfo=UTC), ZoneInfo("UTC")) == "0001-01-01T00:00"


def test_an_ambiguous_old_wall_time_keeps_its_offset_to_the_second() -> None:
    """Chicago set its clocks back 9 min 24 s at noon on 18 Nov 1883: local mean time was -05:50:36."""
    chicago = ZoneInfo("America/Chicago")
    instant = datetime(1883, 11, 18, 17, 59, tzinfo=UTC)
    text = format_instant(instant, chicago)
    assert text == "1883-11-18T12:08:24-05:50:36"
    assert parse_instant(text, chicago) == instant


@pytest.mark.parametrize(
    ("cell", "zone_name"),
    [
        ("9999-12-31T23:59", "America/Chicago"),
        ("0001-01-01T00:00", "Asia/Tokyo"),
        ("0001-01-01T00:00+05:00", "UTC"),
        ("9999-12-31T23:00-05:00", "UTC"),
        ("9999-12-31T20:00Z", "Pacific/Kiritimati"),
    ],
)
def test_an_instant_outside_the_years_a_zone_can_show_is_refused(cell: str, zone_name: str) -> None:
    with pytest.raises(ValidationError, match=r"outside the years 1 to 9999 in UTC or in the company's time zone"):
        parse_instant(cell, ZoneInfo(zone_name))


def test_a_wall_clock_the_zone_cannot_place_is_refused() -> None:
    with pytest.raises(ValidationError, match="outside the years 1 to 9999"):
        parse_wall_datetime("0001-01-01T00:00", ZoneInfo("Asia/Kolkata"))
    assert parse_wall_datetime("0001-01-02T00:00", ZoneInfo("Asia/Kolkata")) == datetime(1, 1, 2)


@pytest.mark.parametrize(
    "name",
    ["A" * 300, "a" * 256, "../../etc/passwd", "/etc/localtime", "America/../UTC", "Europe/", ".", "", "a b",
     "Amérique/Chicago", "x" * 65],
)
def test_a_zone_name_that_is_a_path_or_absurd_is_refused_before_zoneinfo_opens_it(name: str) -> None:
    with pytest.raises(ValidationError, match="is not a time zone; use an IANA name"):
        parse_zone_name(name)


def test_real_zone_names_are_taken() -> None:
    for name in ("UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Etc/GMT-14", " Europe/Berlin "):
        assert parse_zone_name(name) == name.strip()


def test_a_zone_name_quoted_in_a_refusal_is_cut_short() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_zone_name("A" * 300)
    assert len(str(refused.value)) < 160


@pytest.mark.parametrize("cell", ["9" * 5000, "1" * 41, "-" + "9" * 4400])
def test_a_whole_number_of_thousands_of_digits_is_refused_not_converted(cell: str) -> None:
    with pytest.raises(ValidationError, match="is not between 0 and 365"):
        parse_whole_number(cell, 0, 365)


@pytest.mark.parametrize(
    "cell",
    ["1234567890123456789012345.00001", "9" * 5000 + ".00001", "99999999999999999999999999999.99999"],
)
def test_a_decimal_with_more_digits_than_decimal_computes_with_is_too_large(cell: str) -> None:
    with pytest.raises(ValidationError, match="is too large"):
        parse_exact_decimal(cell)


@pytest.mark.parametrize("cell", ["١٢", "１２", "12.٥"])
def test_digits_of_other_scripts_are_not_numbers_of_the_bundle(cell: str) -> None:
    with pytest.raises(ValidationError, match="is not a decimal amount"):
        parse_exact_decimal(cell)
    with pytest.raises(ValidationError, match="is not a whole number"):
        parse_whole_number(cell, 0, 100)
