"""What work there is: a job of a type on a piece of equipment, from the catalogue, with its dates.

Summaries, problems, resolutions, parts and hours come from ``resources/demo/equipment.json``;
priorities and due-bys follow the usual terms of each type of work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dispatch_console.domain.enums import Priority, RequestSource, WorkOrderType
from dispatch_console.services.demo.base import WT, P, _category, _Crew, _in_season, _Job
from dispatch_console.services.demo.catalogue import Qty
from dispatch_console.services.demo.customers import Customers
from dispatch_console.storage import models as m


class Work(Customers):
    def _new_job(
        self,
        type_: WorkOrderType,
        site: m.Site,
        asset: m.Asset | None,
        summary: str,
        problem: str,
        resolution: str,
        skills: tuple[str, ...],
        hours: tuple[str, ...],
        parts: tuple[Qty, ...],
        checklist: tuple[str, ...],
        task_codes: tuple[str, ...],
    ) -> _Job:
        rng = self.rng
        priorities: dict[WorkOrderType, Callable[[], Priority]] = {
            WT.CORRECTIVE: lambda: self._weighted(((P.NORMAL, 50), (P.HIGH, 35), (P.LOW, 15))),
            WT.EMERGENCY: lambda: P.EMERGENCY,
            WT.PREVENTIVE: lambda: self._weighted(((P.NORMAL, 70), (P.LOW, 30))),
            WT.INSPECTION: lambda: P.NORMAL,
            WT.GENERAL: lambda: self._weighted(((P.LOW, 50), (P.NORMAL, 50))),
            WT.INSTALLATION: lambda: self._weighted(((P.NORMAL, 70), (P.HIGH, 30))),
        }
        priority = priorities[type_]()
        readings = {
            "p1": rng.randint(110, 130),
            "p2": rng.randint(300, 360),
            "sh": rng.randint(8, 14),
            "dp": f"0.{rng.randint(6, 9)}",
            "co": rng.randint(12, 45),
            "wt": rng.randint(136, 142),
            "load": rng.choice((50, 60, 75)),
            "box": rng.randint(35, 38),
            "devices": rng.randint(90, 240),
        }
        self.seq += 1
        return _Job(
            seq=self.seq,
            type=type_,
            priority=priority,
            site=site,
            asset=asset,
            summary=summary,
            problem=problem,
            resolution=resolution.format(**readings),
            skills=skills,
            minutes=int(Decimal(rng.choice(hours)) * 60),
            parts=tuple((sku, Decimal(rng.choice(options))) for sku, options in parts),
            checklist=checklist,
            task_codes=task_codes,
            call=problem,
        )

    def _job(self, type_: WorkOrderType, when: date, crew: _Crew | None = None) -> _Job | None:
        """A job of the type, on equipment the crew (if given) may work on that day."""
        rng = self.rng
        if type_ == WT.GENERAL:
            skills = [s for s in sorted(self.cat.general) if crew is None or crew.qualified((s,), when)]
            if not skills:
                return None
            skill = rng.choice(skills)
            fix = rng.choice(self.cat.general[skill])
            site = rng.choice(
                [s for s in self.sites if not fix.places or self.site_kind[s.code] in fix.places]
            )
            job = self._new_job(
                type_,
                site,
                None,
                fix.summary,
                fix.problem,
                fix.resolution,
                (skill,),
                fix.hours,
                fix.parts,
                (),
                ("GEN",),
            )
            job.source = RequestSource.CUSTOMER if rng.random() < 0.7 else None
            return job
        candidates = self.assets_by_type[type_]
        if crew is not None:
            candidates = [a for a in candidates if crew.qualified(self.cat.kinds[_category(a)].skills, when)]
        if not candidates:
            return None
        if rng.random() < 0.5:  # half by kind of equipment, so rare equipment gets work too
            category = rng.choice(sorted({_category(a) for a in candidates}))
            candidates = [a for a in candidates if a.category == category]
        asset = rng.choice(candidates)
        kind = self.cat.kinds[_category(asset)]
        if type_ in (WT.CORRECTIVE, WT.EMERGENCY):
            fixes = kind.corrective if type_ == WT.CORRECTIVE else kind.emergency
            fix = rng.choice([f for f in fixes if _in_season(f.season, when)] or list(fixes))
            checklist: tuple[str, ...] = ()
            if type_ == WT.CORRECTIVE and rng.random() < 0.25:
                checklist = (
                    "Lock out and tag out before work",
                    "Record readings before and after the repair",
                )
            job = self._new_job(
                type_,
                asset.site,
                asset,
                fix.summary.format(a=asset.name),
                fix.problem,
                fix.resolution,
                kind.skills,
                fix.hours,
                fix.parts,
                checklist,
                ("EMERG", "REPAIR") if type_ == WT.EMERGENCY else ("DIAG", "REPAIR"),
            )
            if rng.random() < 0.15 and type_ == WT.CORRECTIVE:
                job.source = RequestSource.TECHNICIAN
                job.problem = f"Found during a PM visit: {fix.problem[0].lower()}{fix.problem[1:]}"
            else:
                job.source = RequestSource.CUSTOMER
            if (
                asset.warranty_until is not None
                and asset.warranty_until >= when
                and rng.random() < 0.7
            ):
                job.billable = False  # warranty work: verified, then closed as non-billable
            return job
        routine = {
            WT.PREVENTIVE: kind.pm,
            WT.INSPECTION: kind.inspection,
            WT.INSTALLATION: kind.installation,
        }[type_]
        assert routine is not None
        code = {WT.PREVENTIVE: "PM", WT.INSPECTION: "INSP", WT.INSTALLATION: "INSTALL"}[type_]
        job = self._new_job(
            type_,
            asset.site,
            asset,
            routine.summary.format(a=asset.name),
            f"{routine.summary.format(a=asset.name)} requested by the customer.",
            routine.resolution,
            kind.skills,
            routine.hours,
            routine.parts,
            routine.checklist,
            (code, kind.tag),
        )
        if type_ == WT.INSTALLATION:
            job.source = RequestSource.CUSTOMER
            job.problem = f"Quote accepted: {job.summary[0].lower()}{job.summary[1:]}."
        elif type_ == WT.INSPECTION and rng.random() < 0.5:
            job.source = RequestSource.CUSTOMER
        return job

    def _random_type(self) -> WorkOrderType:
        return self._weighted(
            (
                (WT.CORRECTIVE, 36),
                (WT.PREVENTIVE, 18),
                (WT.INSPECTION, 10),
                (WT.EMERGENCY, 10),
                (WT.GENERAL, 14),
            )
        )

    def _created_before(self, start: datetime, lo: int, hi: int) -> datetime:
        """When the call came in: between hi and lo minutes before ``start``, in office hours."""
        latest = start - timedelta(minutes=lo)
        moment = start - self._minutes_between(lo, hi)
        if not 7 <= moment.hour < 18:
            moment = moment.replace(
                hour=self.rng.randint(7, 16), minute=self.rng.randrange(0, 60, 5)
            )
        return min(moment, latest)

    def _date_reactive(self, job: _Job) -> None:
        """Created before the first visit and due after the last, as the type's terms say."""
        rng = self.rng
        first, last = job.first_start, job.last_end
        lo, hi = {
            WT.EMERGENCY: (30, 75),
            WT.CORRECTIVE: (120, 3 * 1440),
            WT.GENERAL: (1440, 10 * 1440),
            WT.INSPECTION: (3 * 1440, 20 * 1440),
            WT.PREVENTIVE: (3 * 1440, 14 * 1440),
            WT.INSTALLATION: (10 * 1440, 30 * 1440),
        }[job.type]
        if job.created is None:
            job.created = self._created_before(first, lo, hi)
        if job.created > self.anchor - timedelta(minutes=15):
            job.created = self.anchor - timedelta(minutes=rng.randrange(15, 240, 5))
        if job.due_fixed:
            return
        if job.type == WT.EMERGENCY:
            job.due = job.created + timedelta(hours=4)
            if job.due >= last:
                return
            # Called in earlier but booked later: an urgent repair, not a 4-hour emergency.
            job.type, job.priority, job.task_codes = WT.CORRECTIVE, P.HIGH, ("DIAG", "REPAIR")
            if job.asset is not None:
                kind = self.cat.kinds[_category(job.asset)]
                fix = rng.choice(
                    [f for f in kind.corrective if _in_season(f.season, first.date())]
                    or list(kind.corrective)
                )
                job.summary, job.problem = fix.summary.format(a=job.asset.name), fix.problem
                job.resolution = fix.resolution
                job.parts = tuple((sku, Decimal(rng.choice(options))) for sku, options in fix.parts)
        if job.type == WT.GENERAL and rng.random() < 0.4:
            job.due = None
            return
        sla = {
            WT.CORRECTIVE: {P.HIGH: 24, P.NORMAL: 72, P.LOW: 168},
        }.get(job.type, {}).get(
            job.priority, {WT.GENERAL: 240, WT.INSTALLATION: 720}.get(job.type, 504)
        )
        due = job.created + timedelta(hours=sla)
        if due < last + timedelta(hours=1):
            due = datetime.combine(last.date() + timedelta(days=rng.randint(0, 2)), time(17))
            if due < last + timedelta(hours=1):
                due += timedelta(days=1)
            job.due = due
            return
        job.due = due.replace(minute=0, second=0) + timedelta(hours=1)

    def _office_time(self, moment: datetime) -> datetime:
        """The same day in office hours (7:00-18:00), keeping the minutes, unless that is after now."""
        if 7 <= moment.hour < 18:
            return moment
        moved = moment.replace(hour=self.rng.randint(7, 17))
        return moved if moved <= self.anchor else moment  # never later than now

