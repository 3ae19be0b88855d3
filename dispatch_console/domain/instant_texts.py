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
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dispatch_console.domain.csv_values import format_instant

#: The hour of a UTC wall clock as SQLite stores it and PostgreSQL writes it: '2016-11-25 14' of
#: '2016-11-25 14:00:00.000000'; the rest is checked piece by piece (``_MINUTES``, ``_SECONDS``).
_UTC_HOUR = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}")
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))
_MINUTES = {f":{n:02d}": n for n in range(60)}
_SECONDS = frozenset(f":{n:02d}." for n in range(60))
_NO_SECONDS = ":00.000000"
#: Cells remembered, and hours; beyond, each starts afresh.
CELLS_LIMIT = 100_000
_HOURS_LIMIT = 100_000
_HOUR = timedelta(hours=1)
_MINUTE = timedelta(minutes=1)
_LAST = _HOUR - timedelta(microseconds=1)
#: An hour not looked at yet, and the start of a text that is no UTC wall clock (None: an hour
#: left to ``format_instant``).
_UNSEEN = ("", "", -1)
_NOT_UTC = ("", "", -2)

#: Of one UTC hour: the local wall clock's hour at its start ('2016-11-25T08'), the next local
#: hour, and the minutes the offset adds past the local hour.
_Hour = tuple[str, str, int]


class InstantCells(dict[Any, str]):
    """Cells of instants in one zone's wall clock, as ``format_instant`` writes them, by the text
    of their UTC wall clock ('YYYY-MM-DD HH:MM:SS.ffffff'): ``cells[text]``.

    Each text is written once and remembered (at most ``CELLS_LIMIT``, then it starts afresh):
    a text seen before is the dict's own look-up. None is an empty cell; a value that is not
    such a text is written by ``otherwise``.
    """

    def __init__(self, tz: ZoneInfo, otherwise: Callable[[Any], str]) -> None:
        super().__init__({None: ""})
        self.tz = tz
        self.otherwise = otherwise
        self._hours: dict[str, _Hour | None] = {}

    def __missing__(self, text: Any) -> str:
        if len(self) >= CELLS_LIMIT:
            self.clear()
            self[None] = ""
        cell = self[text] = self._cell(text) if isinstance(text, str) else self.otherwise(text)
        return cell

    def _cell(self, text: str) -> str:
        key = text[:13]
        hour = self._hours.get(key, _UNSEEN)
        if hour is _UNSEEN:
            if len(self._hours) >= _HOURS_LIMIT:
                self._hours.clear()
            hour = self._hours[key] = self._hour(key)
        minute = _MINUTES.get(text[13:16])
        tail = text[16:]
        if tail == _NO_SECONDS:
            seconds = ""
        elif len(tail) == 10 and tail[:4] in _SECONDS and tail[4:].isdigit() and tail[4:].isascii():
            seconds = tail[:3] if tail.endswith("000000") else tail
        else:
            minute = None
        if minute is None or hour is _NOT_UTC:
            return self.otherwise(text)
        if hour is None:
            return format_instant(datetime.fromisoformat(text).replace(tzinfo=UTC), self.tz)
        this_hour, next_hour, shift = hour
        minute += shift
        if minute < 60:
            return f"{this_hour}:{_TWO_DIGITS[minute]}{seconds}"
        return f"{next_hour}:{_TWO_DIGITS[minute - 60]}{seconds}"

    def _hour(self, key: str) -> _Hour | None:
        """The UTC hour ``key`` ('YYYY-MM-DD HH') shifted by arithmetic, None when it must not be
        (``format_instant`` writes its instants), ``_NOT_UTC`` when it is no such text."""
        if _UTC_HOUR.fullmatch(key) is None:
            return _NOT_UTC
        try:
            start = datetime.fromisoformat(key + ":00+00:00")
        except ValueError:
            return _NOT_UTC  # no such day or hour
        try:
            first = start.astimezone(self.tz)
            last = (start + _LAST).astimezone(self.tz)
            offset = first.utcoffset()
            if offset is None or offset != last.utcoffset() or offset % _MINUTE:
                return None  # a transition within the hour, or an offset with seconds
            if _repeats(first) or _repeats(last):
                return None  # some wall time of the hour happens twice (see below)
            # isoformat: '2016-11-25T08:00:00-06:00', four-digit years; plus an hour of wall clock.
            return first.isoformat()[:13], (first + _HOUR).isoformat()[:13], first.minute
        except OverflowError:
            return None  # the first or last hours of the calendar: format_instant says what it says


def _repeats(local: datetime) -> bool:
    """The wall time of ``local`` happens twice (``csv_values._is_ambiguous``).

    The wall times that happen twice are those of the instants just before and after a
    fall-back, up to its length either side; so when an hour without a transition holds one,
    the hour's first or last instant is one too (the run reaches the transition past its end).
    """
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
