"""A certification's state on a day: the one rule the board, the suggestions, the conflict check
and the roster all ask, so "expired" and "expiring soon" mean the same on every screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

#: A certification that runs out within this many days is marked on every screen that picks a
#: technician, so the office renews it before a job is refused for it.
EXPIRY_WARNING_DAYS = 30


class CertificationState(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"  # still valid, but runs out within EXPIRY_WARNING_DAYS
    EXPIRED = "expired"
    NO_EXPIRY = "no_expiry"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CertificationState.VALID: "valid",
    CertificationState.EXPIRING: "expiring soon",
    CertificationState.EXPIRED: "expired",
    CertificationState.NO_EXPIRY: "no expiry",
}


def is_expired(certified_until: date | None, day: date) -> bool:
    """Certified until a date means valid through that whole day (company calendar)."""
    return certified_until is not None and certified_until < day


def certification_state(certified_until: date | None, day: date) -> CertificationState:
    """The state of a certification valid through ``certified_until`` (None: never runs out) on ``day``."""
    if certified_until is None:
        return CertificationState.NO_EXPIRY
    if is_expired(certified_until, day):
        return CertificationState.EXPIRED
    if certified_until <= day + timedelta(days=EXPIRY_WARNING_DAYS):
        return CertificationState.EXPIRING
    return CertificationState.VALID


@dataclass(frozen=True)
class SkillState:
    """One skill of a technician with its certification, as judged on ``day``."""

    code: str
    certified_until: date | None
    state: CertificationState
    days_left: int | None  # days from the day judged to the last valid day; None: no expiry

    @property
    def text(self) -> str:
        """In words, for lists and tooltips: ``HVAC: expires 2026-12-10 (in 14 days)``."""
        until = self.certified_until
        if until is None:
            return f"{self.code}: no expiry"
        if self.state is CertificationState.EXPIRED:
            return f"{self.code}: expired {until.isoformat()}"
        if self.state is CertificationState.EXPIRING:
            when = "today is the last day" if self.days_left == 0 else (
                "1 day left" if self.days_left == 1 else f"{self.days_left} days left"
            )
            return f"{self.code}: expires {until.isoformat()} ({when})"
        return f"{self.code}: certified until {until.isoformat()}"


def skill_state(code: str, certified_until: date | None, day: date) -> SkillState:
    left = None if certified_until is None else (certified_until - day).days
    return SkillState(code, certified_until, certification_state(certified_until, day), left)


def skill_states(skills: dict[str, date | None], day: date) -> tuple[SkillState, ...]:
    """Every skill of a technician with its state on ``day``, by skill code."""
    return tuple(skill_state(code, until, day) for code, until in sorted(skills.items()))
