"""The board's plain-Python picture of its data: rows, bookings per row, workload, selection.

Kept apart from the widget so painting, hit-testing and the tests share one source of truth,
and so a change patches it in place instead of reloading ten thousand bookings.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime

from dispatch_console.domain.booking_length import earliest_overlapping_start
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.domain.workdays import is_workday
from dispatch_console.services.board import BoardData, BookingBlock, TechRow, TimeOffBlock
from dispatch_console.ui.board.geometry import lane_layout

SORT_NAME = "name"
SORT_WORKLOAD = "workload"


@dataclass(frozen=True)
class RowFilter:
    text: str = ""
    skill: str = ""  # "" = all skills
    sort: str = SORT_NAME


class BoardState:
    """Technicians' rows with their bookings sorted by start, derived figures, and the selection."""

    def __init__(self) -> None:
        self.data: BoardData | None = None
        self.rows: list[TechRow] = []
        self.row_of_tech: dict[int, int] = {}
        self.tech_by_id: dict[int, TechRow] = {}
        self.bookings: dict[int, BookingBlock] = {}
        self.by_tech: dict[int, list[BookingBlock]] = defaultdict(list)
        self._starts: dict[int, list[datetime]] = {}
        self._lanes: dict[int, dict[int, tuple[int, int]]] = {}  # tech -> booking -> (lane, lanes)
        self.time_off: dict[int, list[TimeOffBlock]] = defaultdict(list)
        self.selected: set[int] = set()
        self.filter = RowFilter()
        # What changed since the view last looked: some technicians' rows, or everything.
        self._dirty_all = True
        self._dirty: set[int] = set()

    # -- loading and patching ---------------------------------------------------------------------
    def load(self, data: BoardData) -> None:
        self.data = data
        self.tech_by_id = {t.id: t for t in data.technicians}
        self.bookings = {b.id: b for b in data.bookings}
        self.by_tech = defaultdict(list)
        for b in data.bookings:
            self.by_tech[b.technician_id].append(b)
        for blocks in self.by_tech.values():
            blocks.sort(key=lambda b: (b.start, b.id))
        self._starts = {t: [b.start for b in blocks] for t, blocks in self.by_tech.items()}
        self._lanes = {}
        self.time_off = defaultdict(list)
        for o in data.time_off:
            self.time_off[o.technician_id].append(o)
        self.selected &= set(self.bookings)
        self.apply_filter(self.filter)
        self._dirty_all = True

    def _reindex(self, tech_id: int) -> None:
        blocks = self.by_tech[tech_id]
        blocks.sort(key=lambda b: (b.start, b.id))
        self._starts[tech_id] = [b.start for b in blocks]
        self._lanes.pop(tech_id, None)

    def put(self, block: BookingBlock) -> None:
        """Add or replace one booking (after a drop), without reloading the board."""
        old = self.bookings.get(block.id)
        if old is not None:
            self.by_tech[old.technician_id] = [b for b in self.by_tech[old.technician_id] if b.id != block.id]
            self._reindex(old.technician_id)
        self.bookings[block.id] = block
        self.by_tech[block.technician_id].append(block)
        self._reindex(block.technician_id)
        self._dirty.add(block.technician_id)
        if old is not None:
            self._dirty.add(old.technician_id)

    def remove(self, booking_id: int) -> BookingBlock | None:
        old = self.bookings.pop(booking_id, None)
        if old is not None:
            self.by_tech[old.technician_id] = [b for b in self.by_tech[old.technician_id] if b.id != booking_id]
            self._reindex(old.technician_id)
            self.selected.discard(booking_id)
            self._dirty.add(old.technician_id)
        return old


    def snapshot(self) -> BoardData | None:
        """The loaded data with local patches applied (for suggestions and conflict checks)."""
        if self.data is None:
            return None
        return replace(self.data, bookings=tuple(self.bookings.values()))

    # -- rows -------------------------------------------------------------------------------------
    def apply_filter(self, row_filter: RowFilter) -> None:
        self.filter = row_filter
        if self.data is None:
            self.rows = []
        else:
            needle = row_filter.text.strip().casefold()
            rows = [
                t
                for t in self.data.technicians
                if (not needle or needle in t.name.casefold() or needle in t.code.casefold())
                and (not row_filter.skill or row_filter.skill in t.skills)
            ]
            if row_filter.sort == SORT_WORKLOAD:
                rows.sort(key=lambda t: (-self.workload_hours(t.id), t.name))
            else:
                rows.sort(key=lambda t: (t.name.casefold(), t.code))
            self.rows = rows
        self.row_of_tech = {t.id: i for i, t in enumerate(self.rows)}
        self._dirty_all = True

    def take_changes(self) -> tuple[bool, set[int]]:
        """(everything changed?, technicians whose rows changed) since the last call."""
        result = (self._dirty_all, set(self._dirty))
        self._dirty_all = False
        self._dirty.clear()
        return result

    # -- queries the view needs -------------------------------------------------------------------
    def blocks_between(self, tech_id: int, start: datetime, end: datetime) -> list[BookingBlock]:
        """Bookings of a technician overlapping [start, end), by binary search on starts."""
        blocks = self.by_tech.get(tech_id)
        if not blocks:
            return []
        starts = self._starts[tech_id]
        lo = bisect.bisect_left(starts, earliest_overlapping_start(start))
        hi = bisect.bisect_left(starts, end)
        return [b for b in blocks[lo:hi] if b.end > start]

    def lane(self, block: BookingBlock) -> tuple[int, int]:
        """(lane, lanes) of a booking among the overlapping bookings of its technician."""
        lanes = self._lanes.get(block.technician_id)
        if lanes is None:
            blocks = self.by_tech.get(block.technician_id, [])
            laid = lane_layout([(b.start, b.end) for b in blocks])
            lanes = {b.id: place for b, place in zip(blocks, laid, strict=True)}
            self._lanes[block.technician_id] = lanes
        return lanes.get(block.id, (0, 1))

    def workload_hours(self, tech_id: int) -> float:
        return sum((b.end - b.start).total_seconds() for b in self.by_tech.get(tech_id, ())) / 3600

    def shift_hours(self, tech: TechRow, day: date) -> float:
        if not is_workday(tech.workdays, day):
            return 0.0
        start = tech.shift_start.hour + tech.shift_start.minute / 60
        end = tech.shift_end.hour + tech.shift_end.minute / 60
        return max(0.0, end - start)

    def overbooked_days(self, tech_id: int, days: list[date]) -> set[date]:
        """Days on which a technician has more booked than the shift holds, or double bookings."""
        tech = self.tech_by_id.get(tech_id)
        if tech is None or self.data is None:
            return set()
        tz = self.data.zone
        wanted = set(days)
        booked: dict[date, float] = defaultdict(float)
        result: set[date] = set()
        previous: BookingBlock | None = None
        for b in self.by_tech.get(tech_id, ()):
            day = to_local(b.start, tz).date()
            if day in wanted:
                booked[day] += (b.end - b.start).total_seconds() / 3600
                if previous is not None and previous.end > b.start:
                    result.add(day)
            if previous is None or b.end > previous.end:
                previous = b
        for day, hours in booked.items():
            if hours > self.shift_hours(tech, day) + 1e-9:
                result.add(day)
        return result
