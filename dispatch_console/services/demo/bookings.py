"""The demo's bookings checked with the conflict rules dispatch applies to every booking change.

The calendar is the one ``dispatch.tech_calendar`` builds (the technician's shift, workdays,
skills, time off and other bookings a day around), and ``domain.conflicts`` judges it. A booking
with conflicts is kept only if the demo meant it (overtime, an expired certificate, after the
due-by, a Saturday): then, as when a dispatcher confirms a drop, the conflicts and who confirmed
them are recorded on the booking.
"""

from __future__ import annotations

from datetime import timedelta

from dispatch_console.domain.conflicts import Interval, TechCalendar, booking_conflicts
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.services.demo.progress import Progress
from dispatch_console.services.demo.rules import SUBJECT


class Bookings(Progress):
    def _record_conflicts(self) -> None:
        """Every booking checked with dispatch's conflict rules; only deliberate ones may conflict."""
        margin = timedelta(days=1)
        for crew in self.crews:
            visits = sorted(crew.visits, key=lambda v: v.start)
            workdays = frozenset(d for d in crew.obj.workdays.split(";") if d)
            for visit in visits:
                job = visit.job
                assert job is not None
                lo, hi = visit.start - margin, visit.end + margin
                others = tuple(
                    Interval(self.utc(o.start), self.utc(o.end), o.job.number if o.job else "")
                    for o in visits
                    if o is not visit and o.start < hi and o.end > lo
                )
                offs = tuple(
                    Interval(self.utc(a), self.utc(b), why)
                    for a, b, why in crew.off
                    if a < hi and b > lo
                )
                calendar = TechCalendar(
                    name=crew.name,
                    shift_start=crew.obj.shift_start,
                    shift_end=crew.obj.shift_end,
                    workdays=workdays,
                    skills=dict(crew.skills),
                    time_off=offs,
                    bookings=others,
                )
                conflicts = booking_conflicts(
                    calendar,
                    self.utc(visit.start),
                    self.utc(visit.end),
                    self.tz,
                    sorted(job.skills),
                    self.utc(job.due) if job.due else None,
                )
                if conflicts and not visit.deliberate:
                    raise RuleViolation(
                        SUBJECT,
                        [f"{job.number} on {crew.name}: " + "; ".join(c.message for c in conflicts)],
                    )
                if conflicts:  # confirmed by the dispatcher, recorded as dispatch records it
                    booking = visit.booking
                    assert booking is not None
                    booking.confirmed_conflicts = "; ".join(c.message for c in conflicts)
                    booking.confirmed_by = self._office()
                    self.confirmed += 1

