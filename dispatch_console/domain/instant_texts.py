"""``format_instant`` for the many instants of an export, straight from the text of their UTC wall clock.

A ten-year history holds half a million distinct instants; converting each to a datetime,
then to the company zone, then checking whether its wall time repeats took seconds. A zone's
offset changes only at its transitions, so each UTC hour is looked at once: when no
transition falls within it, its offset is whole minutes and none of its wall times happen
twice, every instant of that hour is its UTC text shifted by that offset, written with text
and integer arithmetic. Any other hour (the repeated hour of a fall-back, the hours beside a
transition, local mean time's offsets in seconds, the ends of the calendar) is left to
``format_instant`` itself, so the cells are the same.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain.csv_values import format_instant

#: The UTC wall clock as SQLite stores it and PostgreSQL writes it: '2016-11-25 14:00:00.000000'.
_UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}")
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))
#: Hours remembered; beyond, it starts afresh.
_HOURS_LIMIT = 100_000
_HOUR = timedelta(hours=1)
_MINUTE = timedelta(minutes=1)
#: An hour not looked at yet (None: an hour left to ``format_instant``).
_UNSEEN = ("", "", 0)

#: Of one UTC hour: the local wall clock's hour at its start ('2016-11-25T08'), the next local
#: hour, and the minutes the offset adds past the local hour.
_Hour = tuple[str, str, int]


class InstantTexts:
    """Cells of instants in one zone's wall clock, as ``format_instant`` writes them."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._hours: dict[str, _Hour | None] = {}

    def cell(self, utc_text: str) -> str | None:
        """``format_instant`` of the UTC instant written ``utc_text`` ('YYYY-MM-DD HH:MM:SS.ffffff');
        None when the text is not written so (the caller reads it otherwise)."""
        if _UTC_TEXT.fullmatch(utc_text) is None:
            return None
        key = utc_text[:13]
        hour = self._hours.get(key, _UNSEEN)
        if hour is _UNSEEN:
            if len(self._hours) >= _HOURS_LIMIT:
                self._hours.clear()
            hour = self._hours[key] = self._hour(key)
        if hour is None:
            return format_instant(datetime.fromisoformat(utc_text).replace(tzinfo=UTC), self.tz)
        this_hour, next_hour, shift = hour
        minute = int(utc_text[14:16]) + shift
        head = f"{this_hour}:{_TWO_DIGITS[minute]}" if minute < 60 else f"{next_hour}:{_TWO_DIGITS[minute - 60]}"
        if utc_text.endswith(":00.000000", 16):
            return head  # no seconds (whole-minute offsets leave seconds as they are)
        if utc_text.endswith("000000", 20):
            return head + utc_text[16:19]
        return head + utc_text[16:]

    def _hour(self, key: str) -> _Hour | None:
        """The UTC hour ``key`` ('YYYY-MM-DD HH') shifted by arithmetic, or None when it must not be."""
        try:
            start = datetime.fromisoformat(key + ":00").replace(tzinfo=UTC)
            first = start.astimezone(self.tz)
            last = (start + _HOUR - timedelta(microseconds=1)).astimezone(self.tz)
            offset = first.utcoffset()
            if offset is None or offset != last.utcoffset() or offset % _MINUTE:
                return None  # a transition within the hour, or an offset with seconds
            if _repeats(first) or _repeats(last):
                return None  # some wall time of the hour happens twice (see below)
            wall = first.replace(tzinfo=None)
            local_hour = wall.replace(minute=0)
            return (
                local_hour.isoformat(timespec="hours"),
                (local_hour + _HOUR).isoformat(timespec="hours"),
                wall.minute,
            )
        except (OverflowError, ValueError):
            return None  # the first or last hours of the calendar: format_instant says what it says


def _repeats(local: datetime) -> bool:
    """The wall time of ``local`` happens twice (``csv_values._is_ambiguous``).

    The wall times that happen twice are those of the instants just before and after a
    fall-back, up to its length either side; so when an hour without a transition holds one,
    the hour's first or last instant is one too (the run reaches the transition past its end).
    """
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
