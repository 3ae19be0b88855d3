"""Where things are on the board: time <-> x (company wall clock, day by day), row <-> y."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dispatch_console.domain.booking_length import snap_to_quarter
from dispatch_console.domain.timekeeping import to_local, wall_to_utc


@dataclass(frozen=True)
class TimeAxis:
    """Days side by side, each showing the wall-clock hours ``first_hour``..``last_hour``.

    Mapping by wall clock (not by instant) keeps 08:00 under 08:00 on every day, DST days too.
    """

    first_day: date
    days: int
    first_hour: int
    last_hour: int
    px_per_hour: float
    zone: ZoneInfo

    @property
    def hours_per_day(self) -> int:
        return self.last_hour - self.first_hour

    @property
    def day_width(self) -> float:
        return self.hours_per_day * self.px_per_hour

    @property
    def width(self) -> float:
        return self.days * self.day_width

    @property
    def start(self) -> datetime:
        return wall_to_utc(datetime.combine(self.first_day, time(0)), self.zone)

    @property
    def end(self) -> datetime:
        return wall_to_utc(datetime.combine(self.first_day + timedelta(days=self.days), time(0)), self.zone)

    def day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)

    def x_of_wall(self, day_index: int, hours: float) -> float:
        clamped = min(max(hours, self.first_hour), self.last_hour)
        return day_index * self.day_width + (clamped - self.first_hour) * self.px_per_hour

    def x_of(self, moment: datetime) -> float:
        """x of an instant, clamped into its day's visible hours (and the axis)."""
        local = to_local(moment, self.zone)
        index = (local.date() - self.first_day).days
        if index < 0:
            return 0.0
        if index >= self.days:
            return self.width
        hours = local.hour + local.minute / 60 + local.second / 3600
        return self.x_of_wall(index, hours)

    def segments(self, start: datetime, end: datetime) -> list[tuple[float, float]]:
        """The visible pieces of [start, end): one per day it touches within the shown hours."""
        ls, le = to_local(start, self.zone), to_local(end, self.zone)
        first = max((ls.date() - self.first_day).days, 0)
        last = min((le.date() - self.first_day).days, self.days - 1)
        pieces: list[tuple[float, float]] = []
        for index in range(first, last + 1):
            day = self.day(index)
            h_start = 0.0 if ls.date() < day else ls.hour + ls.minute / 60 + ls.second / 3600
            h_end = 24.0 if le.date() > day else le.hour + le.minute / 60 + le.second / 3600
            if h_end <= self.first_hour or h_start >= self.last_hour or h_end <= h_start:
                continue
            pieces.append((self.x_of_wall(index, h_start), self.x_of_wall(index, h_end)))
        return pieces

    def wall_at(self, x: float) -> tuple[int, float]:
        """(day index, wall-clock hours) under x, clamped to the axis."""
        x = min(max(x, 0.0), self.width - 1e-6)
        index = int(x // self.day_width)
        hours = self.first_hour + (x - index * self.day_width) / self.px_per_hour
        return index, hours

    def time_at(self, x: float, *, snap: bool = True) -> datetime:
        """The instant under x, snapped to the quarter hour of wall clock."""
        index, hours = self.wall_at(x)
        minutes = hours * 60
        if snap:
            minutes = snap_to_quarter(minutes)
        minutes = min(max(minutes, self.first_hour * 60), self.last_hour * 60)
        wall = datetime.combine(self.day(index), time(0)) + timedelta(minutes=minutes)
        return wall_to_utc(wall, self.zone)

    def shifted(self, moment: datetime, delta_minutes: int) -> datetime:
        """``moment`` moved by a wall-clock offset (keeps 08:00 at 08:00 across DST)."""
        local = to_local(moment, self.zone).replace(tzinfo=None)
        return wall_to_utc(local + timedelta(minutes=delta_minutes), self.zone)

    def minutes_between_x(self, x0: float, x1: float) -> int:
        """Wall-clock minutes a horizontal drag from x0 to x1 means, snapped to the quarter hour."""
        d0, h0 = self.wall_at(x0)
        d1, h1 = self.wall_at(x1)
        minutes = (d1 - d0) * 24 * 60 + (h1 - h0) * 60
        return snap_to_quarter(minutes)

    def visible_days(self, x0: float, x1: float) -> range:
        first = max(0, int(math.floor(x0 / self.day_width)))
        last = min(self.days - 1, int(math.floor(x1 / self.day_width)))
        return range(first, last + 1)


def lane_layout(spans: list[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """Overlapping bookings side by side, as calendars do: for each span (sorted by start),
    its lane and how many lanes its group of overlapping spans needs.

    A group is spans linked by overlaps; each span takes the first lane free at its start
    (touching is not overlapping), and every span of a group shares the group's lane count, so
    the lanes line up. Painting and hit-testing both use this, so a click finds what is drawn.
    """
    result: list[tuple[int, int]] = []
    group: list[int] = []  # indexes into result of the current group
    lane_ends: list[datetime] = []
    group_end: datetime | None = None

    def close_group() -> None:
        for i in group:
            result[i] = (result[i][0], len(lane_ends))

    for start, end in spans:
        if group_end is not None and start >= group_end:
            close_group()
            group, lane_ends, group_end = [], [], None
        lane = next((i for i, lane_end in enumerate(lane_ends) if lane_end <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        group.append(len(result))
        result.append((lane, 0))
        group_end = end if group_end is None else max(group_end, end)
    close_group()
    return result
