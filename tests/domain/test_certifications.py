"""A certification's state on a day: the one rule behind every mark of expired or expiring."""

from __future__ import annotations

from datetime import date

from dispatch_console.domain.certifications import (
    EXPIRY_WARNING_DAYS,
    CertificationState,
    certification_state,
    is_expired,
    skill_state,
    skill_states,
)

DAY = date(2026, 11, 26)


def test_valid_through_the_last_day_expired_the_day_after() -> None:
    assert not is_expired(date(2026, 11, 26), DAY)
    assert is_expired(date(2026, 11, 25), DAY)
    assert not is_expired(None, DAY)
    assert certification_state(date(2026, 11, 25), DAY) is CertificationState.EXPIRED


def test_expiring_within_thirty_days_then_valid() -> None:
    assert EXPIRY_WARNING_DAYS == 30
    assert certification_state(date(2026, 11, 26), DAY) is CertificationState.EXPIRING  # last day today
    assert certification_state(date(2026, 12, 26), DAY) is CertificationState.EXPIRING  # 30 days left
    assert certification_state(date(2026, 12, 27), DAY) is CertificationState.VALID  # 31 days left


def test_no_date_never_runs_out() -> None:
    assert certification_state(None, DAY) is CertificationState.NO_EXPIRY
    assert certification_state(None, date(2100, 1, 1)).label == "no expiry"


def test_states_in_words_by_code() -> None:
    states = skill_states(
        {"HVAC": date(2027, 6, 30), "ELEC": date(2026, 10, 31), "GAS": date(2026, 12, 10), "PLMB": None}, DAY
    )
    assert [s.code for s in states] == ["ELEC", "GAS", "HVAC", "PLMB"]
    assert [s.text for s in states] == [
        "ELEC: expired 2026-10-31",
        "GAS: expires 2026-12-10 (14 days left)",
        "HVAC: certified until 2027-06-30",
        "PLMB: no expiry",
    ]
    assert skill_state("GAS", DAY, DAY).text == "GAS: expires 2026-11-26 (today is the last day)"
    assert skill_state("GAS", date(2026, 11, 27), DAY).days_left == 1
