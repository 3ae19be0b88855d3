"""The rules of customer, site, asset and part records: what they allow and what they refuse."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dispatch_console.domain import search_rank
from dispatch_console.domain.callbacks import CALLBACK_WINDOW, callback_words, is_possible_callback
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.record_rules import (
    Referrers,
    check_coordinates,
    check_delete,
    code_problem,
    decimal_text,
    digits_of,
    email_problem,
    parse_unit_price,
    phone_problem,
    required_text_problem,
    warranty_problem,
    why_not_delete,
    why_not_move,
)
from dispatch_console.domain.search_rank import phone_rank, rank_of, search_text
from dispatch_console.domain.warranty import under_warranty


@pytest.mark.parametrize("code", ["C1", "C-1001", "LAKE.2", "hq/north", "A_1", "X" * 40])
def test_codes_allowed(code: str) -> None:
    assert code_problem(code, "customer") is None


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("", "the customer code is empty; give the customer a short code"),
        ("C 1", "has spaces or other marks"),
        ("-C1", "starting with a letter or digit"),
        ("C1!", "has spaces or other marks"),
        ("X" * 41, "is 41 characters long; shorten it to at most 40"),
    ],
)
def test_codes_refused(code: str, words: str) -> None:
    problem = code_problem(code, "customer")
    assert problem is not None and words in problem


def test_required_text_is_written_and_not_too_long() -> None:
    assert required_text_problem("Lakeside", "name", 10) is None
    assert required_text_problem("  ", "name", 10) == "the name is empty; write the name"
    assert required_text_problem("x" * 11, "name", 10) == "the name is 11 characters long; shorten it to at most 10"


@pytest.mark.parametrize(
    "phone", ["", "(214) 555-0100", "214.555.0100", "+1 214 555 0100", "5550100", "214-555-0100 x12", "214 555 0100 ext. 7"]
)
def test_phones_allowed(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("call Bob", "has 'B' 'a' 'b' 'c' 'l' 'o' in it; write digits"),
        ("555-01", "has 5 digits; a phone number has 7 to 15"),
        ("1234567890123456", "has 16 digits"),
        ("1" * 61, "is too long"),
    ],
)
def test_phones_refused(phone: str, words: str) -> None:
    problem = phone_problem(phone)
    assert problem is not None and words in problem, problem


def test_digits_of_a_phone_ignore_punctuation_and_other_scripts_digits() -> None:
    assert digits_of("(214) 555-0100") == "2145550100"
    assert digits_of("٢١٤") == ""


@pytest.mark.parametrize("email", ["", "ana@example.com", "a.b+c@mail.example.co.uk"])
def test_emails_allowed(email: str) -> None:
    assert email_problem(email) is None


@pytest.mark.parametrize("email", ["ana", "ana@", "@example.com", "ana@example", "ana @example.com", "a@b@c.com"])
def test_emails_refused(email: str) -> None:
    assert email_problem(email) == f"'{email.strip()}' is not an e-mail address; write it as name@example.com"


def test_coordinates_both_or_neither_in_range() -> None:
    assert check_coordinates("", "").problems == {}
    where = check_coordinates("32.7767", "-96.7970")
    assert (where.lat, where.lon, where.problems) == (32.7767, -96.797, {})
    assert set(check_coordinates("32.7", "").problems) == {"lon"}
    assert set(check_coordinates("", "-96.7").problems) == {"lat"}
    assert set(check_coordinates("-90.1", "180.1").problems) == {"lat", "lon"}
    assert check_coordinates("-90", "180").problems == {}


def test_a_warranty_may_not_end_before_installation() -> None:
    assert warranty_problem(date(2025, 3, 1), date(2025, 3, 1)) is None
    assert warranty_problem(None, date(2020, 1, 1)) is None
    assert warranty_problem(date(2025, 3, 1), None) is None
    assert warranty_problem(date(2025, 3, 1), date(2025, 2, 28)) is not None


def test_under_warranty_through_its_last_day() -> None:
    assert under_warranty(date(2026, 11, 26), date(2026, 11, 26))
    assert not under_warranty(date(2026, 11, 26), date(2026, 11, 27))
    assert not under_warranty(None, date(2000, 1, 1))


def test_unit_prices_are_exact_decimals_from_text() -> None:
    assert parse_unit_price("12.50") == (Decimal("12.50"), None)
    assert parse_unit_price("0") == (Decimal("0"), None)
    for bad in ("", "-1", "1e3", "12,50", "1.23456"):
        price, problem = parse_unit_price(bad)
        assert price is None and problem, bad


def test_decimals_are_shown_without_the_databases_trailing_zeros() -> None:
    assert decimal_text(Decimal("29.9000"), 2) == "29.90"
    assert decimal_text(Decimal("7.1050"), 2) == "7.105"
    assert decimal_text(Decimal("8.2500")) == "8.25"
    assert decimal_text(Decimal("100")) == "100"


def test_a_record_nothing_refers_to_may_be_deleted() -> None:
    assert why_not_delete("customer", "C1", [Referrers("sites", 0), Referrers("invoices", 0)]) is None
    check_delete("customer", "C1", [])


def test_deleting_a_record_something_refers_to_is_refused_naming_what() -> None:
    referrers = [
        Referrers("sites", 2, ("S1", "S2")),
        Referrers("work orders", 14, ("WO-1001", "WO-1002", "WO-1003")),
        Referrers("requests", 0),
        Referrers("invoices", 1, ("INV-1001",)),
        Referrers("recurring plans", 1, ("PM-1",)),
    ]
    with pytest.raises(RuleViolation) as err:
        check_delete("customer", "C1", referrers)
    assert str(err.value) == (
        "cannot delete customer C1: customer C1 has 2 sites (S1, S2), 14 work orders "
        "(WO-1001, WO-1002, WO-1003 and 11 more), 1 invoice (INV-1001) and 1 recurring plan (PM-1); "
        "a record is deleted only when nothing refers to it"
    )


def test_a_record_with_history_stays_with_its_owner() -> None:
    assert why_not_move("site", "S1", "customer", Referrers("work orders", 0)) is None
    assert why_not_move("site", "S1", "customer", Referrers("work orders", 1, ("WO-1",))) == (
        "site S1 has 1 work order (WO-1), so it stays with its customer; "
        "create a new site for the new customer instead"
    )


T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_a_visit_within_30_days_after_a_completion_is_a_possible_callback() -> None:
    assert is_possible_callback(T0, T0)
    assert is_possible_callback(T0, T0 + CALLBACK_WINDOW)
    assert not is_possible_callback(T0, T0 + CALLBACK_WINDOW + timedelta(seconds=1))
    assert not is_possible_callback(T0, T0 - timedelta(days=1))  # before it: not a repeat
    assert not is_possible_callback(None, T0)
    assert callback_words("WO-1", T0, T0 + timedelta(days=1, hours=2)) == "possible callback: WO-1 was completed 1 day ago"
    assert callback_words("WO-1", T0, T0) == "possible callback: WO-1 was completed today"


def test_search_text_reads_phone_digits_only_when_it_looks_like_a_phone() -> None:
    assert search_text("  (214) 555 ") == search_rank.SearchText("(214) 555", "214555")
    assert search_text("Lakes 2").digits == ""
    assert search_text("   ").empty


def test_ranks_exact_code_then_prefix_or_word_start_then_contains() -> None:
    lake = search_text("lake")
    assert rank_of("LAKE", lake, exact_counts=True) == search_rank.EXACT
    assert rank_of("LAKE", lake) == search_rank.PREFIX  # exact counts for codes only
    assert rank_of("Great Lakes Dairy", lake) == search_rank.PREFIX
    assert rank_of("Flakes", lake) == search_rank.CONTAINS
    assert rank_of("Pond", lake) is None
    assert rank_of(None, lake) is None
    digits = search_text("214 555")
    assert phone_rank("(214) 555", digits) == search_rank.EXACT
    assert phone_rank("(214) 555-0100", digits) == search_rank.PREFIX
    assert phone_rank("+1 214 555 0100", digits) == search_rank.CONTAINS
    assert phone_rank("972 555 0100", digits) is None
    assert phone_rank("214 555", lake) is None
