"""How a certification is marked wherever a technician is chosen: expired in red, expiring soon in
amber with its date. The state itself is always ``domain/certifications.py``'s."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from dispatch_console.domain.certifications import CertificationState, SkillState
from dispatch_console.ui.formatting import MONTHS

EXPIRED_COLOR = QColor("#c62828")
#: Amber dark enough to read as text on white.
EXPIRING_COLOR = QColor("#a35a00")


def short_date(day: date, today: date) -> str:
    """``10 Dec``, with the year when it is not this year's."""
    text = f"{day.day:02d} {MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def mark_text(state: SkillState, today: date) -> str:
    """A skill as a list shows it: ``HVAC``, ``ELEC expired 31 Oct``, ``HVAC until 10 Dec``."""
    until = state.certified_until
    if until is not None and state.state is CertificationState.EXPIRED:
        return f"{state.code} expired {short_date(until, today)}"
    if until is not None and state.state is CertificationState.EXPIRING:
        return f"{state.code} until {short_date(until, today)}"
    return state.code


def mark_color(state: SkillState) -> QColor | None:
    """Red for expired, amber for expiring soon, None (the normal text colour) otherwise."""
    if state.state is CertificationState.EXPIRED:
        return EXPIRED_COLOR
    if state.state is CertificationState.EXPIRING:
        return EXPIRING_COLOR
    return None
