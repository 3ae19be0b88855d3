"""Amounts and numbers written from their text (csv_values.format_decimal_text) are exactly the
cells format_decimal and format_money write of the decimal the column reads."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from dispatch_console.domain.csv_values import format_decimal, format_decimal_text, format_money
from dispatch_console.storage.types import plain_decimal

PLAIN = [
    "0", "0.0000", "-0", "-0.0000", "2", "2.0000", "2.5000", "97.5", "104", "0.1250", "0.125", "860.12", "-5.0000",
    "-0.5", "100", "1000000.0000", "9999999999.9999", "0.0001", "-0.0001", "12.50", "0.00000001",
]


def stored(rng: random.Random) -> list[str]:
    """Decimals of NUMERIC(14, 4) as SQLite keeps them (str of the Decimal) and PostgreSQL writes them."""
    texts = []
    for _ in range(5_000):
        value = Decimal(rng.randint(-(10**14), 10**14)).scaleb(-rng.randint(0, 4))
        texts += [str(value), f"{value:.4f}"]
    return texts


@pytest.mark.parametrize("money", [False, True])
def test_plain_decimals_are_written_as_their_value_is(money: bool) -> None:
    for text in PLAIN + stored(random.Random(11)):
        value = plain_decimal(Decimal(text))
        assert format_decimal_text(text, money=money) == (format_money(value) if money else format_decimal(value)), text


def test_the_cells_of_a_few_amounts() -> None:
    assert [format_decimal_text(t) for t in ("2.0000", "2.5000", "-0.0000", "0.1250")] == ["2", "2.5", "0", "0.125"]
    assert [format_decimal_text(t, money=True) for t in ("104", "97.5", "-0", "0.1250")] == [
        "104.00", "97.50", "0.00", "0.125"
    ]


@pytest.mark.parametrize("text", ["007", "1E+2", ".5", "5.", "+5", "", " 5", "5 ", "1_000", "١", "123456789012345678901.5", "NaN"])
def test_other_spellings_are_left_to_the_decimal_conversion(text: str) -> None:
    assert format_decimal_text(text) is None
    assert format_decimal_text(text, money=True) is None
