"""What the crews and the office recorded: labor, and when work was completed, verified, billed.

Every moment is before now: labor ends before it, and the steps after the work (completion,
verification, the Friday billing run, closing) happen in office hours when there is time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dispatch_console.services.demo.base import WT, S, _Job, _Visit
from dispatch_console.services.demo.this_week import ThisWeek


class Progress(ThisWeek):
    def execute(self) -> None:
        for job in self.jobs:
            if job.status in (S.OPEN, S.SCHEDULED, S.DISPATCHED, S.CANCELLED):
                continue
            self._execute(job)

    def _labor(
        self, job: _Job, visit: _Visit, end: datetime | None = None, note: str | None = None
    ) -> None:
        rng = self.rng
        start = visit.start + timedelta(minutes=rng.choice((0, 5, 10, 15)))
        if end is None:
            end = visit.end + timedelta(
                minutes=rng.choice((-30, -20, -15, -10, -5, 0, 0, 5, 10, 15))
            )
            end = max(end, start + timedelta(minutes=30))
        end = min(end, self.anchor - timedelta(minutes=5))
        if end <= start + timedelta(minutes=10):
            return
        billable = True
        if note is None:
            note = rng.choice(self.cat.labor_notes[job.type])
            if job.type == WT.INSTALLATION:
                day = sorted({v.start.date() for v in job.visits}).index(visit.start.date()) + 1
                note = f"Install day {day}"
                if visit.crew is not job.lead and rng.random() < 0.25:
                    billable, note = False, "Helper, training time (no charge)"
        job.labor.append((visit.crew, start, end, billable, note))

    def _office_hours(self, moment: datetime, limit: datetime) -> datetime:
        """Office work happens on weekdays 7:00-18:00; moved to the next office morning if time allows."""
        if 7 <= moment.hour < 18 and moment.weekday() < 5:
            return moment
        day = moment.date() + timedelta(days=1 if moment.hour >= 7 else 0)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        morning = datetime.combine(day, time(7, 30)) + self._minutes_between(0, 120)
        return morning if morning <= limit else moment

    def _execute(self, job: _Job) -> None:
        rng = self.rng
        anchor = self.anchor
        status = job.status
        visits = sorted(job.visits, key=lambda v: v.start)
        started = visits[0].start + timedelta(minutes=rng.choice((0, 5, 10)))
        # Begun before now, and not before its visit (one starting on the anchor minute began then).
        job.started = min(started, max(visits[0].start, anchor - timedelta(minutes=1)))
        if status == S.IN_PROGRESS:
            for visit in visits:
                if visit.end <= anchor and not (visit is visits[-1] and job.last_end <= anchor):
                    self._labor(job, visit)
            return
        if status == S.ON_HOLD:
            for visit in visits:
                if visit.end <= anchor:
                    self._labor(job, visit)
                elif visit.start < anchor:
                    job.held = anchor - timedelta(minutes=rng.randrange(10, 35, 5))
                    self._labor(job, visit, end=job.held - timedelta(minutes=5), note="Diagnosis")
            if job.held is None:
                last = max((e for _, _, e, _, _ in job.labor), default=job.started)
                job.held = min(last + timedelta(minutes=10), anchor - timedelta(minutes=1))
            return
        for visit in visits:
            self._labor(job, visit)
        assert job.labor, job.summary
        labor_end = max(e for _, _, e, _, _ in job.labor)
        if job.era == "history":
            self._history_timeline(job, labor_end)
            return
        steps: list[tuple[str, int, int]] = [("completed", 5, 30)]
        if status in (S.VERIFIED, S.INVOICED, S.CLOSED):
            steps.append(("verified", 30, 1440))
        if status == S.INVOICED or (status == S.CLOSED and job.billable):
            steps.append(("invoiced", 60, 1440))
        if status == S.CLOSED:
            steps.append(("closed", 30, 360 if job.billable else 1440))
        moment = labor_end
        limit = anchor - timedelta(minutes=5)
        for index, (name, lo, hi) in enumerate(steps):
            left = len(steps) - index - 1
            earliest = moment + timedelta(minutes=1)
            latest = min(moment + timedelta(minutes=hi), limit - timedelta(minutes=2 * left))
            earliest = (
                min(earliest + timedelta(minutes=lo - 1), latest) if latest > earliest else earliest
            )
            latest = max(latest, earliest)
            moment = earliest + (latest - earliest) * rng.random()
            if name != "completed" and not 7 <= moment.hour < 18:
                morning = datetime.combine(
                    moment.date() + timedelta(days=moment.hour >= 18), time(7, 40)
                )
                evening = datetime.combine(
                    moment.date() - timedelta(days=moment.hour < 7), time(17, 20)
                )
                if earliest <= morning <= latest:
                    moment = (
                        morning
                        + (min(latest, morning + timedelta(hours=2)) - morning) * rng.random()
                    )
                elif earliest <= evening <= latest:
                    moment = evening
            moment = moment.replace(second=0, microsecond=0)
            if moment <= (labor_end if index == 0 else getattr(job, steps[index - 1][0])):
                moment += timedelta(minutes=1)
            setattr(job, name, moment)
        if job.invoiced is not None:
            job.invoice_key = ("wo", str(job.seq))

    def _history_timeline(self, job: _Job, labor_end: datetime) -> None:
        rng = self.rng
        anchor = self.anchor
        job.completed = labor_end + self._minutes_between(5, 30)
        job.verified = self._office_hours(
            job.completed + self._minutes_between(120, 2 * 1440), anchor
        )
        job.verified = min(job.verified, anchor - timedelta(minutes=2))
        job.status = S.VERIFIED
        if not job.billable:
            closed = job.verified + timedelta(days=rng.randint(1, 3))
            if closed <= anchor:
                job.closed, job.status = closed, S.CLOSED
            return
        ahead = (4 - job.verified.weekday()) % 7 or 7  # the Friday billing run after verification
        run = datetime.combine(job.verified.date() + timedelta(days=ahead), time(16))
        if run > anchor:
            return
        job.invoiced, job.status = run, S.INVOICED
        job.invoice_key = ("run", job.site.customer.code, run.date().isoformat())
        closed = run + timedelta(days=rng.randint(14, 45), minutes=rng.randrange(-300, 60, 5))
        if closed <= anchor:
            job.closed, job.status = closed, S.CLOSED

