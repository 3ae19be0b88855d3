"""Possible callbacks: a visit soon after the last completed job at the same site or asset.

A repeat visit within 30 days of the last completion may mean the first job did not fix the
problem; the reviewer and the dispatcher are told so (it is a flag, never a refusal).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dispatch_console.domain.timekeeping import as_utc

#: A visit this soon after the last completion is a possible callback.
CALLBACK_WINDOW = timedelta(days=30)


def is_possible_callback(last_completed: datetime | None, at: datetime) -> bool:
    """True when ``at`` falls within the window after ``last_completed`` (not before it)."""
    if last_completed is None:
        return False
    since = as_utc(at) - as_utc(last_completed)
    return timedelta(0) <= since <= CALLBACK_WINDOW


def callback_words(number: str, last_completed: datetime, at: datetime) -> str:
    """The flag in words: "possible callback: WO-1042 was completed 12 days ago"."""
    days = (as_utc(at) - as_utc(last_completed)).days
    ago = "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"
    return f"possible callback: {number} was completed {ago}"
