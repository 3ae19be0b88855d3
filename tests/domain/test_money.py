"""Money rules: Decimal only, each line rounded half up to the cent, tax rounded once on the sum."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.money import (
    effective_tax_rate,
    hours_between,
    invoice_totals,
    labor_amount,
    parse_decimal,
    parts_amount,
    to_cents,
)

T0 = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "cents"),
    [("2.675", "2.68"), ("2.665", "2.67"), ("-2.675", "-2.68"), ("0.005", "0.01"), ("0.004", "0.00")],
)
def test_to_cents_rounds_half_up_not_to_even(value: str, cents: str) -> None:
    assert to_cents(Decimal(value)) == Decimal(cents)


def test_labor_is_exact_hours_times_rate() -> None:
    assert hours_between(T0, T0 + timedelta(minutes=20)) == Decimal(1200) / Decimal(3600)
    # 20 min at 85.00 = 28.3333.. -> 28.33; 10 min at 0.03/h = 0.005 -> 0.01 (half up)
    assert labor_amount(T0, T0 + timedelta(minutes=20), Decimal("85.00")) == Decimal("28.33")
    assert labor_amount(T0, T0 + timedelta(minutes=10), Decimal("0.03")) == Decimal("0.01")


def test_parts_amount() -> None:
    assert parts_amount(Decimal("2.5"), Decimal("28.40")) == Decimal("71.00")
    assert parts_amount(Decimal("3"), Decimal("12.345")) == Decimal("37.04")


def test_tax_is_applied_once_to_the_sum_of_rounded_lines() -> None:
    # Three lines of 0.10 at 5 %: per-line tax would be 3 x 0.01 = 0.03; once on 0.30 it is 0.02 (0.015 half up).
    totals = invoice_totals([Decimal("0.10")] * 3, Decimal("5"))
    assert (totals.subtotal, totals.tax, totals.total) == (Decimal("0.30"), Decimal("0.02"), Decimal("0.32"))


def test_customer_rate_wins_even_when_zero() -> None:
    assert effective_tax_rate(Decimal("0"), Decimal("8.25")) == Decimal("0")
    assert effective_tax_rate(None, Decimal("8.25")) == Decimal("8.25")
    assert effective_tax_rate(None, None) == Decimal("0")


@pytest.mark.parametrize("text", ["12,50", "abc", "", "NaN", "Infinity", "1e"])
def test_parse_decimal_refuses_what_is_not_a_plain_decimal(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_decimal(text)


def test_parse_decimal_keeps_the_digits() -> None:
    assert parse_decimal(" 12.50 ") == Decimal("12.50")
    assert str(parse_decimal("0.1")) == "0.1"
