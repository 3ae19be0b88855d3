"""This week: work under way now, the rest of the week, deliberate conflicts, the queue, requests.

Everything is placed around ``anchor`` (now): jobs whose visits are over are done (or waiting
for their paperwork), a job whose visit has begun is in progress or on hold, and later visits
are scheduled or dispatched.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dispatch_console.domain.enums import RequestSource, RequestStatus, Status
from dispatch_console.services.demo.base import (
    GAP,
    HISTORY_WEEKS,
    QUEUE_SIZE,
    TARGET_WEEK_BOOKED,
    WT,
    P,
    S,
    _Job,
    _minute,
)
from dispatch_console.services.demo.placing import Placing
from dispatch_console.storage import models as m


class ThisWeek(Placing):
    def build_schedule(self) -> None:
        week = [self.monday + timedelta(days=i) for i in range(7)]
        self._plans()
        self._today_seeds()
        self._later_today()
        for _ in range(3):
            self._installation(week, "week")
        self._deliberate_conflicts(week)
        self._fill(week, TARGET_WEEK_BOOKED, "week")
        self._nobody_idle(week)
        for back in range(1, HISTORY_WEEKS + 1):
            days = [self.monday - timedelta(weeks=back) + timedelta(days=i) for i in range(7)]
            if self.rng.random() < 0.5:
                self._installation(days, "history")
            wanted = sum(
                1 for j in self.jobs if j.era == "history" and j.visits
            ) + self.rng.randint(15, 20)
            self._fill(days, wanted, "history")
            if back >= 3 and self.rng.random() < 0.3:
                self._cancelled(days[0], days[-1], "history")
        next_week = [self.next_monday + timedelta(days=i) for i in range(7)]
        wanted = sum(1 for j in self.jobs if j.era == "next" and j.visits) + 18
        self._fill(next_week[:5], wanted, "next")
        self._queue()
        for _ in range(6):
            self._cancelled(self.monday - timedelta(days=5), self.today, "week")
        self._requests_without_orders()

    def _today_seeds(self) -> None:
        """Work under way now and jobs just finished, so today's board tells a story."""
        anchor = _minute(self.anchor)
        spans = earlies = 0
        for crew in self._shuffled_crews():
            if not crew.works(self.today) or crew.start > anchor - 60:
                continue
            start = crew.free_start(self.today, 60)
            if start is None or start > anchor - 60:
                continue
            if spans <= earlies and spans < 3:
                minutes = max(anchor + 30 - start, 120)
                minutes = -(-minutes // 30) * 30
                minutes = min(minutes, crew.end - start)
                kind = "span"
            elif earlies < 4:
                minutes = (anchor - 20 - start) // 15 * 15
                if minutes < 60:
                    continue
                minutes = min(minutes, 120)
                kind = "early"
            else:
                break
            if crew.free_start(self.today, minutes) != start:
                continue
            job = None
            for type_ in (self._random_type(), WT.CORRECTIVE, WT.PREVENTIVE, WT.GENERAL):
                if type_ == WT.EMERGENCY and minutes > 150:
                    continue
                job = self._job(type_, self.today, crew)
                if job is not None:
                    break
            if job is None:
                continue
            job.minutes = minutes
            self._book(job, crew, self.today, start, start + minutes)
            self._date_reactive(job)
            self.jobs.append(job)
            if kind == "span":
                spans += 1
            else:
                earlies += 1

    def _deliberate_conflicts(self, week: list[date]) -> None:
        """A few bookings the dispatcher confirmed despite a conflict, as happens every week."""
        rng = self.rng
        start: int | None  # minute of the day; free_start() may find no room
        past = [d for d in week if d < self.today]
        # 1. Overtime: an emergency call-out after the shift (or before it, on a Monday morning).
        day = past[-1] if past else self.today
        for crew in self._shuffled_crews():
            if not (crew.works(day) and crew.qualified(("HVAC",), day)) or crew.off_on(day):
                continue
            busy = crew.busy.get(day, [])
            if past:
                start, end = crew.end - 30, crew.end + 90
            else:
                start, end = crew.start - 150, crew.start - 30
            if any(start < b + GAP and a < end + GAP for a, b in busy):
                continue
            job = self._job(WT.EMERGENCY, day, crew)
            if job is None:
                continue
            job.minutes = end - start
            self._book(job, crew, day, start, end, deliberate=True)
            job.created = job.first_start - timedelta(minutes=45)
            self._date_reactive(job)
            self.jobs.append(job)
            break
        # 2. An expired certification: the dispatcher sends him anyway, renewal class booked.
        crew = next(c for c in self.crews if c.code == "T04")
        for day in self._days_around(self.today, [d for d in week if crew.works(d)]):
            job = self._job(WT.INSPECTION, day, None)
            while job is not None and "FIRE" not in job.skills:
                job = self._job(WT.INSPECTION, day, None)
            assert job is not None
            start = crew.free_start(day, job.minutes)
            if start is None:
                continue
            self._book(job, crew, day, start, start + job.minutes, deliberate=True)
            self._date_reactive(job)
            self.jobs.append(job)
            break
        # 3. Booked after the due-by the customer asked for.
        for day in self._days_around(self.today, week):
            job = self._job(WT.CORRECTIVE, day)
            assert job is not None
            if self._place(job, [day]) is None:
                continue
            job.visits[0].deliberate = True
            called = job.first_start - timedelta(days=3, hours=rng.randint(0, 4))
            job.created = min(called, self.anchor - self._minutes_between(60, 240))
            job.due = job.created + timedelta(hours=24)  # before the visit, whenever it is
            job.due_fixed = True
            self.jobs.append(job)
            break
        # 4. Saturday work by a Monday-Friday electrician while the store is closed.
        saturday = week[5]
        for crew in self._shuffled_crews():
            if (
                crew.works(saturday)
                or not crew.qualified(("ELEC",), saturday)
                or crew.off_on(saturday)
            ):
                continue
            fix = rng.choice(self.cat.general["ELEC"])
            sites = [
                s for s in self.sites if not fix.places or self.site_kind[s.code] in fix.places
            ]
            job = self._new_job(
                WT.GENERAL,
                rng.choice(sites),
                None,
                f"{fix.summary} (Saturday, site closed)",
                fix.problem,
                fix.resolution,
                ("ELEC",),
                ("4",),
                fix.parts,
                (),
                ("GEN",),
            )
            job.source = RequestSource.CUSTOMER
            self._book(job, crew, saturday, 8 * 60, 12 * 60, deliberate=True)
            self._date_reactive(job)
            self.jobs.append(job)
            break

    def _nobody_idle(self, week: list[date]) -> None:
        """Every technician at work has at least one job on each of his days this week."""
        for day in week:
            for crew in self.crews:
                if not crew.works(day) or crew.busy.get(day) or crew.off_on(day) == [(0, 1440)]:
                    continue
                for _ in range(5):
                    type_ = self._random_type()
                    if type_ == WT.EMERGENCY:
                        type_ = WT.CORRECTIVE
                    job = self._job(type_, day, crew)
                    if job is None:
                        continue
                    if self._place(job, [day], crews=[crew]) is not None:
                        self._date_reactive(job)
                        self.jobs.append(job)
                        break

    def _later_today(self) -> None:
        """A few visits still to come this week, today first (on a Sunday, the weekend afternoon)."""
        wanted = 4
        rest = [self.today + timedelta(days=i) for i in range(7 - self.today.weekday())]
        coming = sum(
            1
            for j in self.jobs
            for v in j.visits
            if rest[0] <= v.start.date() <= rest[-1] and v.start > self.anchor
        )
        for day in rest:
            for crew in self._shuffled_crews():
                if coming >= wanted:
                    return
                if not crew.works(day):
                    continue
                for _ in range(8):
                    if coming >= wanted:
                        break
                    type_ = self._weighted(
                        ((WT.CORRECTIVE, 3), (WT.PREVENTIVE, 2), (WT.GENERAL, 1))
                    )
                    job = self._job(type_, day, crew)
                    if job is None:
                        continue
                    earliest = max(
                        self.anchor + timedelta(minutes=30), datetime.combine(day, time())
                    )
                    if self._place(job, [day], earliest=earliest, crews=[crew]) is None:
                        continue
                    self._date_reactive(job)
                    self.jobs.append(job)
                    coming += 1

    def _queue(self) -> None:
        """Open work orders waiting for a booking: varied priorities, a few overdue."""
        rng = self.rng
        monday_8 = datetime.combine(self.monday, time(8))
        sunday_17 = datetime.combine(self.monday + timedelta(days=6), time(17))
        for index in range(QUEUE_SIZE):
            type_ = WT.EMERGENCY if index == 0 else self._random_type()
            job = self._job(type_, self.today)
            if job is None:
                continue
            if type_ == WT.EMERGENCY:
                job.created = self.anchor - timedelta(minutes=20)
                job.due = job.created + timedelta(hours=4)
            elif index <= 4:  # overdue: due in the last three days
                latest = self.anchor - timedelta(minutes=30)
                earliest = min(monday_8, latest - timedelta(days=1)) - timedelta(days=2)
                job.due = earliest + (latest - earliest) * rng.random()
                job.due = job.due.replace(second=0, microsecond=0)
                job.created = job.due - timedelta(hours=rng.randint(24, 96))
                job.priority = self._weighted(((P.HIGH, 60), (P.NORMAL, 40)))
            else:
                job.created = self.anchor - timedelta(minutes=rng.randrange(30, 6 * 1440, 15))
                job.created = min(
                    self._office_time(job.created), self.anchor - timedelta(minutes=30)
                )
                if type_ == WT.GENERAL and rng.random() < 0.5:
                    job.due = None
                else:
                    low = max(self.anchor + timedelta(hours=2), job.created + timedelta(hours=4))
                    job.due = low + (max(sunday_17, low) - low) * rng.random()
                    job.due = job.due.replace(minute=0, second=0, microsecond=0) + timedelta(
                        hours=1
                    )
            job.due_fixed = True
            next_week = job.due is not None and job.due >= datetime.combine(self.next_monday, time())
            job.era = "next" if next_week else "week"  # late on a Sunday, most are due next week
            self.jobs.append(job)

    def _cancelled(self, first: date, last: date, era: str) -> None:
        """A work order cancelled with a reason between ``first`` and ``last`` (this week: before now)."""
        rng = self.rng
        if era == "week":
            lo = datetime.combine(self.monday, time())
            hi = self.anchor - timedelta(minutes=5)
        else:
            lo = datetime.combine(first, time(7))
            hi = datetime.combine(last, time(18))
        if hi - lo < timedelta(minutes=30):
            return  # Monday just after midnight: nothing cancelled this week yet
        job = self._job(
            rng.choice((WT.CORRECTIVE, WT.CORRECTIVE, WT.GENERAL, WT.PREVENTIVE)), first
        )
        assert job is not None
        at = (lo + (hi - lo) * rng.random()).replace(second=0, microsecond=0)
        if not 7 <= at.hour < 18:  # the office cancels in office hours when it can
            moved = at.replace(hour=rng.randint(7, 17))
            at = moved if lo <= moved <= hi else at
        job.cancelled_at = at
        job.created = at - self._minutes_between(60, 3 * 1440)
        job.due = job.created + timedelta(days=rng.randint(2, 5))
        job.due_fixed = True
        job.status = Status.CANCELLED
        job.cancel_reason = rng.choice(self.cat.cancel_reasons)
        job.era = era
        self.jobs.append(job)

    def _requests_without_orders(self) -> None:
        """New requests awaiting review and rejected ones with their reasons."""
        rng = self.rng
        used: set[str] = set()
        for index in range(7):
            job = None
            for _ in range(20):
                job = self._job(WT.EMERGENCY if index == 0 else WT.CORRECTIVE, self.today)
                if job is not None and job.summary not in used:
                    break
            assert job is not None and job.asset is not None
            used.add(job.summary)
            source = RequestSource.TECHNICIAN if index in (2, 5) else RequestSource.CUSTOMER
            problem = (
                job.call
                if source == RequestSource.CUSTOMER
                else (f"Noticed on site: {job.summary}. Recommend a repair visit.")
            )
            if job.type == WT.EMERGENCY:  # just called in; emergencies do not wait for review
                received = self.anchor - timedelta(minutes=rng.randrange(10, 25, 5))
            else:
                received = self._office_time(
                    self.anchor - timedelta(minutes=rng.randrange(10, 26 * 60, 5))
                )
            self.extra_requests.append(
                m.WorkRequest(
                    status=RequestStatus.NEW,
                    source=source,
                    customer=job.site.customer,
                    site=job.site,
                    asset=job.asset,
                    contact_name=job.site.contact_name,
                    contact_phone=job.site.contact_phone,
                    problem=problem,
                    priority=job.priority,
                    received_at=self.utc(received),
                )
            )
        for index, (reason, call, kind) in enumerate(self.cat.rejections):
            job = None
            for _ in range(50):
                job = self._job(WT.CORRECTIVE, self.today)
                assert job is not None and job.asset is not None
                in_warranty = (
                    job.asset.warranty_until is not None and job.asset.warranty_until >= self.today
                )
                if (kind is None or self.site_kind[job.site.code] == kind) and (
                    index != 0 or in_warranty
                ):
                    break
            assert job is not None
            received = self.anchor - timedelta(
                days=rng.randint(1, 60), minutes=rng.randrange(0, 600, 5)
            )
            if index == 0:
                received = self.anchor - timedelta(hours=rng.randint(20, 40))
            received = self._office_time(received)
            self.extra_requests.append(
                m.WorkRequest(
                    status=RequestStatus.REJECTED,
                    source=RequestSource.CUSTOMER,
                    customer=job.site.customer,
                    site=job.site,
                    asset=job.asset if call is None else None,
                    contact_name=job.site.contact_name,
                    contact_phone=job.site.contact_phone,
                    problem=call or job.call,
                    priority=job.priority,
                    received_at=self.utc(received),
                    reviewed_by=rng.choice(self.cat.office),
                    reviewed_at=self.utc(
                        min(received + timedelta(minutes=rng.randint(15, 240)), self.anchor)
                    ),
                    rejection_reason=reason,
                )
            )

    # -- where each work order stands -----------------------------------------------------------
    def assign_statuses(self) -> None:
        rng = self.rng
        anchor = self.anchor
        week = [j for j in self.jobs if j.era == "week" and j.visits and j.status != S.CANCELLED]
        # ``anchor`` is now to the minute; now itself may be seconds later, so a visit that starts
        # on the anchor minute has begun (in progress), never "still to come".
        future = [j for j in week if j.first_start > anchor]
        spanning = [j for j in week if j.first_start <= anchor < j.last_end]
        done = [j for j in week if j.last_end <= anchor]
        next_workday = next(
            (
                self.today + timedelta(days=i)
                for i in range(1, 8)
                if any(c.works(self.today + timedelta(days=i)) for c in self.crews)
            ),
            self.today,
        )
        for job in future:
            day = job.first_start.date()
            if day == self.today:
                job.status = S.DISPATCHED if rng.random() < 0.9 else S.SCHEDULED
            elif day == next_workday:
                job.status = S.DISPATCHED if rng.random() < 0.5 else S.SCHEDULED
            else:
                job.status = S.SCHEDULED if rng.random() < 0.8 else S.DISPATCHED
        for job in spanning:
            job.status = (
                S.ON_HOLD if rng.random() < 0.2 and self._can_hold_now(job) else S.IN_PROGRESS
            )
        for job in done:
            choices = [
                (S.COMPLETED, 22),
                (S.VERIFIED, 25),
                (S.INVOICED, 33),
                (S.CLOSED, 8),
                (S.ON_HOLD, 7),
            ]
            if job.last_end.date() == self.today:
                choices = [(S.COMPLETED, 70), (S.VERIFIED, 15), (S.IN_PROGRESS, 15)]
            job.status = self._weighted(choices)
            if job.status == S.INVOICED and not job.billable:
                job.status = S.CLOSED
        # Every status shows up this week, whatever the day of the week.
        self._ensure(week, S.SCHEDULED, future)
        self._ensure(week, S.DISPATCHED, future)
        self._ensure(
            week, S.IN_PROGRESS, spanning + sorted(done, key=lambda j: j.last_end, reverse=True)
        )
        self._ensure(week, S.ON_HOLD, [j for j in spanning if self._can_hold_now(j)] + done)
        self._ensure(week, S.COMPLETED, sorted(done, key=lambda j: j.last_end, reverse=True))
        self._ensure(week, S.VERIFIED, done)
        self._ensure(week, S.INVOICED, [j for j in done if j.billable])
        self._ensure(week, S.CLOSED, sorted(done, key=lambda j: j.last_end))
        for job in self.jobs:
            if job.era == "next" and job.visits:
                job.status = S.SCHEDULED
            elif job.era == "history" and job.visits:
                job.status = S.CLOSED  # settled by the timeline: closed, invoiced or verified
        for job in week:
            if job.status == S.ON_HOLD:
                if job.type in (WT.CORRECTIVE, WT.EMERGENCY) and rng.random() < 0.5:
                    job.scope = rng.choice(self.cat.scope_changes[job.skills[0]])
                    job.hold_reason = "scope change #1 awaits approval"
                elif job.type in (WT.CORRECTIVE, WT.EMERGENCY, WT.INSTALLATION):
                    job.hold_reason = rng.choice(self.cat.hold_reasons)
                else:
                    job.hold_reason = rng.choice(self.cat.hold_reasons[2:])
            elif job.status == S.COMPLETED and rng.random() < 0.3:
                job.gap = "paperwork"  # completed, but the closeout still lacks something

    def _can_hold_now(self, job: _Job) -> bool:
        current = [v for v in job.visits if v.start < self.anchor < v.end]
        return all(self.anchor - v.start >= timedelta(minutes=45) for v in current)

    def _ensure(self, week: list[_Job], status: Status, pool: list[_Job]) -> None:
        if any(j.status == status for j in week):
            return
        counts: dict[Status, int] = {}
        for job in week:
            counts[job.status] = counts.get(job.status, 0) + 1
        for job in pool:
            if counts.get(job.status, 0) > 1:
                job.status = status
                return
        if pool:
            pool[0].status = status

