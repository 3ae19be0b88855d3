"""A technician's fields: what the editor may save and what it is told beside each field."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from decimal import Decimal

from dispatch_console.domain.technicians import TechnicianSpec, field_problems, workdays_text

ANA = TechnicianSpec(code="T1", name="Ana Reyes", hourly_rate=Decimal("85.00"))


def test_a_complete_technician_has_no_problem() -> None:
    assert field_problems(ANA) == {}
    assert field_problems(replace(ANA, hourly_rate=Decimal("0"), phone="(214) 555-0100 ", email="ana@acme.example")) == {}
    assert field_problems(replace(ANA, shift_start=time(0), shift_end=time(23, 59), workdays=("sun",))) == {}


def test_what_is_refused_and_why() -> None:
    assert field_problems(replace(ANA, code="T;1"))["code"].startswith("a code cannot contain ';'")
    assert field_problems(replace(ANA, name="x" * 201))["name"] == "the name is 201 characters long; shorten it to 200"
    assert "is not a phone number" in field_problems(replace(ANA, phone="12"))["phone"]
    assert "is not an e-mail address" in field_problems(replace(ANA, email="ana@acme"))["email"]
    assert field_problems(replace(ANA, hourly_rate=Decimal("NaN")))["hourly_rate"].startswith("the hourly rate is not a number")
    assert field_problems(replace(ANA, shift_end=time(8)))["shift_end"].startswith("the shift ends at 08:00, which is not after")
    assert field_problems(replace(ANA, home_lat=float("nan"), home_lon=0.0)) == {
        "home_lat": "nan is not a latitude; it must be between -90 and 90"
    }
    assert field_problems(replace(ANA, home_lat=None, home_lon=-96.8)) == {
        "home_lat": "give both the latitude and the longitude of home, or neither"
    }


def test_workdays_are_stored_in_week_order() -> None:
    assert workdays_text(("Sat", "mon", "Wed")) == "Mon;Wed;Sat"
