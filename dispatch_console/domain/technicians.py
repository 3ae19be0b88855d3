"""What a technician's record must hold, field by field, in words the editor shows beside each field."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from dispatch_console.domain.csv_values import DECIMAL_LIMIT, DECIMAL_PLACES, MAX_CODE
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.workdays import DEFAULT_WORKDAYS, WEEKDAYS, parse_workdays

MAX_NAME = 200
MAX_PHONE = 60
MAX_EMAIL = 200
_PHONE = re.compile(r"[0-9 +\-().]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


@dataclass(frozen=True)
class Certification:
    """A skill the technician holds, certified through ``certified_until`` (None: no expiry)."""

    skill_code: str
    certified_until: date | None = None


@dataclass(frozen=True)
class TechnicianSpec:
    """A technician as the editor fills it in; field names are the keys of ``InvalidFields``."""

    code: str
    name: str
    hourly_rate: Decimal | None
    phone: str = ""
    email: str = ""
    shift_start: time = time(8, 0)
    shift_end: time = time(17, 0)
    workdays: tuple[str, ...] = DEFAULT_WORKDAYS
    home_lat: float | None = None
    home_lon: float | None = None
    active: bool = True
    skills: tuple[Certification, ...] = ()


def field_problems(spec: TechnicianSpec) -> dict[str, str]:
    """Every problem of ``spec`` by field: what is wrong and how to fix it (empty: it can be saved).

    What needs the database (a code already taken, a skill that does not exist) is the service's.
    """
    problems: dict[str, str] = {}
    code = spec.code.strip()
    if not code:
        problems["code"] = "the code is empty; give the technician a short unique code such as T7"
    elif len(code) > MAX_CODE:
        problems["code"] = f"the code is {len(code)} characters long; use at most {MAX_CODE}"
    elif ";" in code:
        problems["code"] = "a code cannot contain ';' (it separates lists in CSV files); leave it out"
    name = spec.name.strip()
    if not name:
        problems["name"] = "the name is empty; type the technician's full name"
    elif len(name) > MAX_NAME:
        problems["name"] = f"the name is {len(name)} characters long; shorten it to {MAX_NAME}"
    phone = spec.phone.strip()
    if phone and (not _PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 3):
        problems["phone"] = f"'{phone[:40]}' is not a phone number; use digits, spaces and + - ( ) . only"
    elif len(phone) > MAX_PHONE:
        problems["phone"] = f"the phone number is longer than {MAX_PHONE} characters; shorten it"
    email = spec.email.strip()
    if email and not _EMAIL.fullmatch(email):
        problems["email"] = f"'{email[:60]}' is not an e-mail address; write it as name@example.com"
    elif len(email) > MAX_EMAIL:
        problems["email"] = f"the e-mail address is longer than {MAX_EMAIL} characters"
    rate = _rate_problem(spec.hourly_rate)
    if rate:
        problems["hourly_rate"] = rate
    if not spec.shift_start < spec.shift_end:
        problems["shift_end"] = (
            f"the shift ends at {spec.shift_end:%H:%M}, which is not after its start at "
            f"{spec.shift_start:%H:%M}; a shift starts and ends on the same day"
        )
    days = _workdays_problem(spec.workdays)
    if days:
        problems["workdays"] = days
    problems.update(_home_problems(spec.home_lat, spec.home_lon))
    seen: set[str] = set()
    for cert in spec.skills:
        if cert.skill_code in seen:
            problems["skills"] = f"{cert.skill_code} is listed twice; keep one line with its certification date"
            break
        seen.add(cert.skill_code)
    return problems


def _rate_problem(rate: Decimal | None) -> str | None:
    if rate is None:
        return "the hourly rate is empty; labor is billed at it, so enter an amount such as 85.00"
    if not rate.is_finite():
        return "the hourly rate is not a number; enter an amount such as 85.00"
    if rate < 0:
        return "the hourly rate is negative; enter 0 or more"
    if abs(rate) >= DECIMAL_LIMIT:
        return "the hourly rate is too large; enter the amount per hour"
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES and rate != round(rate, DECIMAL_PLACES):
        return f"the hourly rate has more than {DECIMAL_PLACES} decimal places; round it"
    return None


def _workdays_problem(workdays: tuple[str, ...]) -> str | None:
    try:
        days = parse_workdays(workdays)
    except ValidationError as refused:
        return str(refused)
    if not days:
        return f"no workday is chosen; tick the days the technician works ({', '.join(WEEKDAYS)})"
    return None


def _home_problems(lat: float | None, lon: float | None) -> dict[str, str]:
    if (lat is None) != (lon is None):
        missing = "home_lon" if lon is None else "home_lat"
        return {missing: "give both the latitude and the longitude of home, or neither"}
    problems = {}
    if lat is not None and (math.isnan(lat) or not -90 <= lat <= 90):
        problems["home_lat"] = f"{lat} is not a latitude; it must be between -90 and 90"
    if lon is not None and (math.isnan(lon) or not -180 <= lon <= 180):
        problems["home_lon"] = f"{lon} is not a longitude; it must be between -180 and 180"
    return problems


def workdays_text(workdays: tuple[str, ...]) -> str:
    """How the roster stores workdays: ``Mon;Tue;...`` in week order (call after ``field_problems``)."""
    days = parse_workdays(workdays)
    return ";".join(day for day in WEEKDAYS if day in days)
