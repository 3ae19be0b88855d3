"""Putting jobs on the technicians' days: free slots in their shifts, recurring plans, installations.

The planner proposes slots; ``records`` then checks every booking with the conflict rules that
dispatch uses, so only the deliberate, confirmed conflicts remain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dispatch_console.domain.enums import Status
from dispatch_console.domain.recurrence import occurrences_between, parse_rule
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.services.demo.base import WT, P, _Crew, _Job, _minute, _Visit, _wall
from dispatch_console.services.demo.work import Work
from dispatch_console.storage import models as m


class Placing(Work):
    def _shuffled_crews(self) -> list[_Crew]:
        crews = list(self.crews)
        self.rng.shuffle(crews)
        return crews

    def _place(
        self,
        job: _Job,
        days: Iterable[date],
        *,
        minutes: int | None = None,
        earliest: datetime | None = None,
        latest: datetime | None = None,
        prefer: _Crew | None = None,
        crews: list[_Crew] | None = None,
    ) -> _Visit | None:
        minutes = minutes or job.minutes
        pool = crews if crews is not None else self._shuffled_crews()
        for day in days:
            if earliest is not None and day < earliest.date():
                continue
            if latest is not None and day > latest.date():
                continue
            options = [c for c in pool if c.works(day) and c.qualified(job.skills, day)]
            options.sort(key=lambda c: (c is not prefer, c.load(day)))
            for crew in options:
                lo = _minute(earliest) if earliest is not None and earliest.date() == day else None
                hi = _minute(latest) if latest is not None and latest.date() == day else None
                start = crew.free_start(day, minutes, lo, hi)
                if start is not None:
                    return self._book(job, crew, day, start, start + minutes)
        return None

    def _book(
        self, job: _Job, crew: _Crew, day: date, start: int, end: int, *, deliberate: bool = False
    ) -> _Visit:
        crew.take(day, start, end)
        visit = _Visit(crew, _wall(day, start), _wall(day, end), job, deliberate)
        crew.visits.append(visit)
        job.visits.append(visit)
        return visit

    def _days_around(self, target: date, days: list[date]) -> list[date]:
        return sorted(days, key=lambda d: (abs((d - target).days), d))

    def _target_day(self, days: list[date]) -> date:
        weights = [sum(1 for c in self.crews if c.works(d)) for d in days]
        return self.rng.choices(days, weights=weights)[0]

    def _era(self, job: _Job) -> str:
        if job.visits:
            last = job.last_end
        else:
            last = job.due or job.created or self.anchor
        if last < datetime.combine(self.monday, time()):
            return "history"
        if last >= datetime.combine(self.next_monday, time()):
            return "next"
        return "week"

    def _plans(self) -> None:
        m1 = (self.today - timedelta(days=120)).month
        m2 = (self.today - timedelta(days=60)).month
        crews = {c.code: c for c in self.crews}
        for spec in self.cat.plans:
            code, type_, lead = spec.code, spec.type, spec.lead_days
            asset = next(
                a
                for s in self.customer_sites[spec.customer]
                for a in s.assets
                if a.category == spec.equipment
            )
            kind = self.cat.kinds[spec.equipment]
            routine = kind.inspection if type_ == WT.INSPECTION else kind.pm
            assert routine is not None
            rule_text = spec.rule.format(m1=m1, m2=m2)
            provisional = datetime.combine(self.history_start.replace(day=1), time(spec.hour))
            first = parse_rule(rule_text, provisional).after(provisional, inc=True)
            assert first is not None  # every demo plan recurs
            crew = crews[spec.preferred_technician] if spec.preferred_technician else None
            plan = m.PmPlan(
                code=code,
                site=asset.site,
                asset=asset,
                type=type_,
                summary=spec.summary.format(a=asset.name),
                checklist=list(routine.checklist),
                estimated_hours=Decimal(routine.hours[-1]),
                rrule=rule_text,
                start_wall=first,
                lead_days=lead,
                preferred_technician=crew.obj if crew else None,
                active=True,
                required_skills=[self.skills[s] for s in sorted(kind.skills)],
                mode=spec.mode,
                closeout_needs=[need.value for need in spec.closeout_needs],
            )
            self.plans.append(plan)
            until = self.utc(self.anchor + timedelta(days=lead))
            made = occurrences_between(rule_text, first, self.tz, None, until)
            # Generation goes on after the last occurrence made, never over the history again.
            plan.generated_through = made[-1] if made else None
            for occurrence in made:
                wall = to_local(occurrence, self.tz).replace(tzinfo=None)
                job = self._new_job(
                    type_,
                    asset.site,
                    asset,
                    plan.summary,
                    f"Recurring plan {code}: {plan.summary}",
                    routine.resolution,
                    kind.skills,
                    (routine.hours[-1],),
                    routine.parts,
                    routine.checklist,
                    ("PM" if type_ == WT.PREVENTIVE else "INSP", kind.tag),
                )
                job.priority = P.NORMAL
                job.plan, job.occurrence, job.due, job.due_fixed = plan, occurrence, wall, True
                job.created = wall - timedelta(days=lead)
                window = [
                    job.created.date() + timedelta(days=i)
                    for i in range(1, (wall.date() - job.created.date()).days + 1)
                ]
                self.rng.shuffle(window)
                future = wall.date() >= self.today
                if not future or self.rng.random() < 0.7:
                    self._place(
                        job,
                        window,
                        earliest=job.created + timedelta(hours=12),
                        latest=wall,
                        prefer=crew,
                    )
                if not job.visits and not future:
                    job.status = Status.CANCELLED
                    job.cancel_reason = (
                        "Skipped this cycle: no qualified technician free before the due date"
                    )
                    job.cancelled_at = wall
                job.era = self._era(job)
                self.jobs.append(job)

    def _installation(self, days: list[date], era: str) -> None:
        rng = self.rng
        job = self._job(WT.INSTALLATION, days[0])
        assert job is not None
        order = list(days)
        rng.shuffle(order)
        for day in order:
            crews = [
                c
                for c in self._shuffled_crews()
                if c.works(day)
                and c.qualified(job.skills, day)
                and not c.busy.get(day)
                and not c.off_on(day)
            ]
            if len(crews) < 2:
                continue
            lead, helper = crews[0], crews[1]
            second = None
            for ahead in range(1, 4):
                d2 = day + timedelta(days=ahead)
                if d2 in days and lead.works(d2) and lead.qualified(job.skills, d2):
                    start = lead.free_start(d2, 300)
                    if start is not None:
                        second = (d2, start)
                        break
            if second is None:
                continue
            self._book(job, lead, day, lead.start, lead.start + 420)
            self._book(job, helper, day, helper.start, helper.start + 360)
            self._book(job, lead, second[0], second[1], second[1] + 300)
            job.minutes = 420 + 360 + 300
            job.lead_crew = lead
            self._date_reactive(job)
            job.era = era
            self.jobs.append(job)
            return

    def _fill(self, days: list[date], wanted: int, era: str) -> None:
        attempts = 0
        count = sum(1 for j in self.jobs if j.era == era and j.visits)
        while count < wanted and attempts < 600:
            attempts += 1
            target = self._target_day(days)
            type_ = self._random_type()
            if type_ == WT.EMERGENCY and target >= self.today:
                type_ = WT.CORRECTIVE
            job = self._job(type_, target)
            if job is None:
                continue
            if job.type == WT.EMERGENCY:
                job.minutes = min(job.minutes, 150)
            if self._place(job, self._days_around(target, days)) is None:
                continue
            self._date_reactive(job)
            job.era = era
            self.jobs.append(job)
            count += 1

