"""Exact money: Decimal only, each invoice line rounded to the cent half up, tax rounded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def to_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (commercial rounding, not banker's)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(text: str, what: str = "amount") -> Decimal:
    """A Decimal from user text; refuses floats' spellings that are not plain decimals."""
    from dispatch_console.domain.errors import ValidationError

    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(f"'{text}' is not a decimal {what} (use digits and '.')") from None
    if not value.is_finite():
        raise ValidationError(f"'{text}' is not a decimal {what} (use digits and '.')")
    return value


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Hours worked as an exact Decimal (seconds / 3600, not a float)."""
    seconds = int((end - start).total_seconds())
    return Decimal(seconds) / Decimal(3600)


def labor_amount(start: datetime, end: datetime, hourly_rate: Decimal) -> Decimal:
    return to_cents(hours_between(start, end) * hourly_rate)


def parts_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return to_cents(quantity * unit_price)


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    tax: Decimal
    total: Decimal


def invoice_totals(line_amounts: list[Decimal], tax_rate_percent: Decimal) -> Totals:
    """Tax applies to the sum of already-rounded lines and is rounded once."""
    subtotal = sum(line_amounts, Decimal("0.00"))
    tax = to_cents(subtotal * tax_rate_percent / HUNDRED)
    return Totals(subtotal=to_cents(subtotal), tax=tax, total=to_cents(subtotal) + tax)


def effective_tax_rate(customer_rate: Decimal | None, company_rate: Decimal | None) -> Decimal:
    """The customer's rate wins, even 0 (tax-exempt); else the company's; else none."""
    if customer_rate is not None:
        return customer_rate
    return company_rate if company_rate is not None else Decimal("0")
