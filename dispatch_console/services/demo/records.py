"""The planned jobs as mapped records: work orders with their requests, bookings and execution.

Then every booking goes through the conflict rules, invoices are made, numbers given in the order
things happened, and every work order is walked through the lifecycle's guards (``rules``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from dispatch_console.domain.enums import PRIORITY_RANK, PhotoKind, RequestStatus, ScopeChangeStatus
from dispatch_console.domain.lifecycle import CLOSEOUT
from dispatch_console.services.demo import rules
from dispatch_console.services.demo.base import (
    FIRST_INVOICE,
    FIRST_REQUEST,
    FIRST_WORK_ORDER,
    WT,
    DemoSummary,
    S,
    _Job,
)
from dispatch_console.services.demo.invoices import Invoices
from dispatch_console.services.demo.photos import PHOTO_COLOURS, png_square
from dispatch_console.services.intake import REQUEST_PREFIX
from dispatch_console.services.work_orders import WO_PREFIX
from dispatch_console.storage import models as m


class Records(Invoices):
    def materialize(self) -> None:
        jobs = sorted(self.jobs, key=lambda j: (j.created, j.seq))
        for index, job in enumerate(jobs):
            job.number = f"{WO_PREFIX}{FIRST_WORK_ORDER + index}"
        self.work_orders = [self._work_order(job) for job in jobs]
        self._record_conflicts()
        self._make_invoices(jobs)
        billed = {job.number for job in jobs if job.invoice_key is not None}
        rules.check(self.work_orders, billed, self.now)
        requests = sorted(
            self.requests + self.extra_requests, key=lambda r: (r.received_at, r.problem)
        )
        for index, request in enumerate(requests):
            request.number = f"{REQUEST_PREFIX}{FIRST_REQUEST + index}"
        self.requests = requests
        self.counters = {
            "work_order": FIRST_WORK_ORDER + len(jobs),
            "work_request": FIRST_REQUEST + len(requests),
            "invoice": FIRST_INVOICE + len(self.invoices),
        }

    def _spread(self, count: int, lo: datetime, hi: datetime) -> list[datetime]:
        """``count`` increasing moments between lo and hi (whole minutes)."""
        if count <= 0:
            return []
        hi = max(hi, lo)
        step = (hi - lo) / (count + 1)
        return [(lo + step * (i + 1)).replace(second=0, microsecond=0) for i in range(count)]

    def _work_order(self, job: _Job) -> m.WorkOrder:
        rng = self.rng
        utc = self.utc
        anchor = self.anchor
        status = job.status
        assert job.created is not None  # every job is dated before it becomes mapped objects
        finished = status in (S.COMPLETED, S.VERIFIED, S.INVOICED, S.CLOSED)
        hours = (Decimal(job.minutes) / Decimal(60)).quantize(Decimal("0.01"))
        if job.plan is not None:
            hours = job.plan.estimated_hours
        wo = m.WorkOrder(
            number=job.number,
            type=job.type,
            priority=job.priority,
            priority_rank=PRIORITY_RANK[job.priority],
            status=status,
            site=job.site,
            asset=job.asset,
            summary=job.summary,
            description=job.problem,
            estimated_hours=hours,
            due_by=utc(job.due) if job.due else None,
            created_at=utc(job.created),
            task_codes=list(job.task_codes),
            pm_plan=job.plan,
            pm_occurrence=job.occurrence,
            closeout_needs=list(job.plan.closeout_needs) if job.plan is not None else [],
            hold_reason=job.hold_reason,
            cancel_reason=job.cancel_reason,
            started_at=utc(job.started) if job.started else None,
            completed_at=utc(job.completed) if job.completed else None,
            verified_at=utc(job.verified) if job.verified else None,
            verified_by=self._office() if job.verified else None,
            billable=not (status == S.CLOSED and job.invoiced is None),
            closed_at=utc(job.closed)
            if job.closed
            else (utc(job.cancelled_at) if job.cancelled_at else None),
            required_skills=[self.skills[code] for code in sorted(job.skills)],
        )
        job.wo = wo
        if job.source is not None and job.plan is None:
            delay = (
                self._minutes_between(5, 15)
                if job.type == WT.EMERGENCY
                else self._minutes_between(10, 90)
            )
            request = m.WorkRequest(
                status=RequestStatus.APPROVED,
                source=job.source,
                customer=job.site.customer,
                site=job.site,
                asset=job.asset,
                contact_name=job.site.contact_name,
                contact_phone=job.site.contact_phone,
                problem=job.problem,
                priority=job.priority,
                received_at=utc(job.created - delay),
                reviewed_by=self._office(),
                reviewed_at=utc(job.created),
            )
            wo.request = request
            self.requests.append(request)
        for visit in job.visits:
            visit.booking = m.Booking(
                work_order=wo, technician=visit.crew.obj, start=utc(visit.start), end=utc(visit.end)
            )
        if job.type in (WT.PREVENTIVE, WT.INSTALLATION, WT.INSPECTION):
            for sku, quantity in job.parts:
                wo.planned_parts.append(m.PlannedPart(part=self.parts[sku], quantity=quantity))
        lead_name = job.lead.name if job.visits else ""
        contact = job.site.contact_name or "the site contact"
        # What the office wrote when the call came in.
        if rng.random() < 0.3 and job.created + timedelta(minutes=20) < anchor:
            at = min(job.created + self._minutes_between(15, 60), anchor - timedelta(minutes=1))
            text = rng.choice(self.cat.office_notes).format(
                contact=contact, phone=job.site.contact_phone or ""
            )
            wo.notes.append(m.Note(author=self._office(), at=utc(at), text=text))
        labor_start: datetime | None = min((s for _, s, _, _, _ in job.labor), default=job.started)
        labor_end = max((e for _, _, e, _, _ in job.labor), default=None)
        for crew, start, end, billable, note in job.labor:
            wo.labor.append(
                m.LaborEntry(
                    technician=crew.obj,
                    start=utc(start),
                    end=utc(end),
                    billable=billable,
                    note=note or None,
                )
            )
        # Checklist, ticked as the work went.
        gap = None
        if job.gap:
            need = CLOSEOUT[job.type]
            if need.photos:
                gap = "after_photo"
            elif need.signature:
                gap = "signature"
            elif need.checklist and job.checklist:
                gap = "checklist"
        done = 0
        if finished:
            done = len(job.checklist) - (1 if gap == "checklist" else 0)
        elif status in (S.IN_PROGRESS, S.ON_HOLD) and job.checklist and job.started is not None:
            done = rng.randint(0, len(job.checklist) - 1)
        ticks = self._ticks(job, done)
        for position, text in enumerate(job.checklist):
            ticked = position < done
            wo.checklist.append(
                m.ChecklistItem(
                    position=position,
                    text=text,
                    done=ticked,
                    done_by=lead_name if ticked else None,
                    done_at=utc(ticks[position]) if ticked else None,
                )
            )
        if job.started is not None and status in (S.IN_PROGRESS, S.ON_HOLD):
            at = min(job.started + timedelta(minutes=15), max(job.started, anchor - timedelta(minutes=1)))
            text = rng.choice(self.cat.progress_notes).format(contact=contact)
            wo.notes.append(m.Note(author=lead_name, at=utc(at), text=text))
        if status == S.ON_HOLD and job.held is not None:
            if job.scope is not None:
                description, extra_hours, extra_cost = job.scope
                wo.notes.append(
                    m.Note(author=lead_name, at=utc(job.held), text=f"Stopped work: {description}.")
                )
                wo.scope_changes.append(
                    m.ScopeChange(
                        seq=1,
                        description=description,
                        extra_hours=Decimal(extra_hours),
                        extra_cost=Decimal(extra_cost),
                        status=ScopeChangeStatus.PENDING,
                        requested_by=lead_name,
                        requested_at=utc(job.held),
                    )
                )
            else:
                wo.notes.append(
                    m.Note(author=lead_name, at=utc(job.held), text=f"On hold: {job.hold_reason}.")
                )
        if finished:
            assert labor_end is not None and job.completed is not None
            assert labor_start is not None  # there is labor, since labor_end is not None
            if job.type in (WT.CORRECTIVE, WT.EMERGENCY) and rng.random() < 0.08 and job.labor:
                description, extra_hours, extra_cost = rng.choice(self.cat.scope_changes[job.skills[0]])
                asked = min(labor_start + timedelta(minutes=30), labor_end - timedelta(minutes=20))
                decided = min(
                    asked + self._minutes_between(10, 45), labor_end - timedelta(minutes=5)
                )
                wo.scope_changes.append(
                    m.ScopeChange(
                        seq=1,
                        description=description,
                        extra_hours=Decimal(extra_hours),
                        extra_cost=Decimal(extra_cost),
                        status=ScopeChangeStatus.APPROVED,
                        requested_by=lead_name,
                        requested_at=utc(asked),
                        decided_by=self._office(),
                        decided_at=utc(max(decided, asked)),
                        decision_note=f"Approved by {contact} by phone, PO {rng.randint(40000, 49999)}",
                    )
                )
                wo.estimated_hours = hours + Decimal(extra_hours)
            wo.notes.append(
                m.Note(
                    author=lead_name, at=utc(labor_end - timedelta(minutes=5)), text=job.resolution
                )
            )
            for sku, quantity in job.parts:
                part = self.parts[sku]
                price = None
                if rng.random() < 0.08:
                    price = (part.unit_price * Decimal("0.9")).quantize(
                        Decimal("0.01")
                    )  # contract price
                wo.parts_used.append(m.PartUsed(part=part, quantity=quantity, unit_price=price))
            need = CLOSEOUT[job.type]
            # A plan may ask for a signature its type does not (drawn as before, so the rest stays).
            if (need.signature or rng.random() < 0.4 or "signature" in wo.closeout_needs) and gap != "signature":
                wo.signature = m.Signature(
                    signer_name=contact,
                    signed_at=utc(labor_end - timedelta(minutes=3)),
                    image_png=None,
                )
            if job.type == WT.CORRECTIVE and rng.random() < 0.15:
                self._photo(
                    wo,
                    PhotoKind.OTHER,
                    labor_end - timedelta(minutes=20),
                    lead_name,
                    "Failed part removed",
                )
        if job.type == WT.INSTALLATION and job.started is not None and status != S.CANCELLED:
            at = min(job.started + timedelta(minutes=10), max(job.started, anchor - timedelta(minutes=1)))
            self._photo(wo, PhotoKind.BEFORE, at, lead_name, "Before: existing equipment")
            if finished and gap != "after_photo":
                assert labor_end is not None
                self._photo(
                    wo,
                    PhotoKind.AFTER,
                    labor_end - timedelta(minutes=10),
                    lead_name,
                    "After: new equipment installed",
                )
        return wo

    def _ticks(self, job: _Job, count: int) -> list[datetime]:
        """When each checklist item was ticked: spread over the labor entries, in order."""
        if count <= 0:
            return []
        spans = sorted((start, end) for _, start, end, _, _ in job.labor)
        if not spans:
            assert job.started is not None
            until = min(job.held or self.anchor, self.anchor) - timedelta(minutes=1)
            return self._spread(count, job.started, max(job.started, until))
        total = sum((end - start for start, end in spans), timedelta())
        moments = []
        for index in range(count):
            offset = total * (index + 1) / (count + 1)
            for start, end in spans:
                if offset <= end - start:
                    moments.append((start + offset).replace(second=0, microsecond=0))
                    break
                offset -= end - start
        return sorted(moments)

    def _photo(
        self, wo: m.WorkOrder, kind: PhotoKind, at: datetime, author: str, caption: str
    ) -> None:
        wo.attachments.append(
            m.Attachment(
                kind=kind.value,
                filename=f"{wo.number}-{kind.value}.png",
                content_type="image/png",
                data=png_square(PHOTO_COLOURS[kind]),
                caption=caption,
                added_by=author,
                added_at=self.utc(at),
            )
        )

    def summary(self) -> DemoSummary:
        return DemoSummary(
            company=self.cat.company["name"],
            today=self.today,
            skills=len(self.skills),
            technicians=len(self.crews),
            customers=len(self.customers),
            sites=len(self.sites),
            assets=len(self.assets),
            parts=len(self.parts),
            agreements=len(self.agreements),
            plans=len(self.plans),
            requests=len(self.requests),
            work_orders=len(self.jobs),
            this_week=sum(1 for j in self.jobs if j.era == "week"),
            open_queue=sum(1 for j in self.jobs if j.status == S.OPEN),
            history=sum(1 for j in self.jobs if j.era == "history"),
            bookings=sum(len(j.visits) for j in self.jobs),
            invoices=len(self.invoices),
        )

