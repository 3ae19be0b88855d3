"""Every lifecycle step through the services: what each allows and what it refuses (and writes nothing)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dispatch_console.domain.conflicts import ConflictKind
from dispatch_console.domain.enums import PhotoKind, Priority, RequestStatus, Status, WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict, RuleViolation, ValidationError
from dispatch_console.services import billing, closeout, dispatch, execution, intake, work_orders
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation
from dispatch_console.services.intake import Approval, RequestSpec
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.seed import at


def new_order(ctx: ServiceContext, type_: WorkOrderType = WorkOrderType.CORRECTIVE, **kw: object) -> str:
    spec = WorkOrderSpec(type=type_, site_code="S1", asset_code="A1", summary="No cooling", **kw)  # type: ignore[arg-type]
    return work_orders.create_work_order(ctx, spec)


def status(ctx: ServiceContext, number: str) -> Status:
    return Status(work_orders.details(ctx, number).status)


def audit_count(ctx: ServiceContext) -> int:
    with ctx.read() as uow:
        return uow.count(m.AuditEntry)


def in_progress(ctx: ServiceContext, clock, type_: WorkOrderType = WorkOrderType.CORRECTIVE, **kw: object) -> str:
    number = new_order(ctx, type_, **kw)
    dispatch.book(ctx, number, "T1", at(0), at(2))
    dispatch.dispatch(ctx, number)
    execution.start(ctx, number)
    clock.now = at(3)
    return number


# -- request and review -------------------------------------------------------------------------

def test_request_is_new_then_approved_into_an_open_work_order(company: ServiceContext) -> None:
    req = intake.create_request(company, RequestSpec(site_code="S1", asset_code="A1", problem="RTU blowing warm air"))
    brief = intake.review_brief(company, req)
    assert brief.status == RequestStatus.NEW
    assert brief.under_warranty and brief.warranty_until is not None
    number = intake.approve(
        company, req, Approval(type=WorkOrderType.CORRECTIVE, summary="RTU no cooling", required_skills=("HVAC",))
    )
    wo = work_orders.details(company, number)
    assert wo.status == Status.OPEN and wo.request is not None and wo.request.number == req
    assert [s.code for s in wo.required_skills] == ["HVAC"]
    assert intake.review_brief(company, req).status == RequestStatus.APPROVED


def test_request_refuses_unknown_site_and_asset_of_another_site(company: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="no site 'S9'"):
        intake.create_request(company, RequestSpec(site_code="S9", problem="x"))
    with pytest.raises(ValidationError, match="asset 'A2' is not at site 'S1'"):
        intake.create_request(company, RequestSpec(site_code="S1", asset_code="A2", problem="x"))
    with pytest.raises(ValidationError, match="problem statement is empty"):
        intake.create_request(company, RequestSpec(site_code="S1", problem="  "))


def test_reject_needs_a_reason_and_a_new_request(company: ServiceContext) -> None:
    req = intake.create_request(company, RequestSpec(site_code="S1", problem="Noise"))
    with pytest.raises(RuleViolation, match="a reason is required"):
        intake.reject(company, req, " ")
    intake.reject(company, req, "Covered by the manufacturer")
    assert intake.review_brief(company, req).status == RequestStatus.REJECTED
    with pytest.raises(RuleViolation, match="already rejected"):
        intake.approve(company, req, Approval(type=WorkOrderType.CORRECTIVE, summary="x"))


def test_emergency_is_approved_in_one_step_due_in_four_hours(company: ServiceContext, clock) -> None:
    number = intake.emergency(company, RequestSpec(site_code="S1", problem="Water on floor"), "Leak in plant room")
    wo = work_orders.details(company, number)
    assert wo.priority == Priority.EMERGENCY and wo.type == WorkOrderType.EMERGENCY
    assert wo.status == Status.OPEN and wo.due_by == clock.now + timedelta(hours=4)


def test_approval_with_unknown_skill_writes_nothing(company: ServiceContext) -> None:
    req = intake.create_request(company, RequestSpec(site_code="S1", problem="x"))
    before = audit_count(company)
    with pytest.raises(ValidationError, match="no skill 'WELD'"):
        intake.approve(company, req, Approval(type=WorkOrderType.CORRECTIVE, summary="x", required_skills=("WELD",)))
    assert audit_count(company) == before
    assert intake.review_brief(company, req).status == RequestStatus.NEW


# -- booking and dispatch -----------------------------------------------------------------------

def test_booking_schedules_and_last_unbook_reopens(company: ServiceContext) -> None:
    number = new_order(company)
    result = dispatch.book(company, number, "T1", at(0), at(2))
    assert result.conflicts == () and status(company, number) == Status.SCHEDULED
    second = dispatch.book(company, number, "T2", at(0), at(2))  # a second tech on the same job
    dispatch.unbook(company, result.booking_id, expected_version=result.version)
    assert status(company, number) == Status.SCHEDULED
    dispatch.unbook(company, second.booking_id, expected_version=second.version)
    assert status(company, number) == Status.OPEN


def test_each_conflict_kind_is_reported_in_words(company: ServiceContext) -> None:
    first = new_order(company)
    dispatch.book(company, first, "T1", at(0), at(2))
    other = new_order(company, required_skills=("ELEC",), due_by=at(1))
    with company.write("time off") as uow:
        tech = uow.require(m.Technician, "T1")
        uow.add(m.TimeOff(technician=tech, start=at(1), end=at(4), reason="Dentist"))
    conflicts = dispatch.preview_booking(company, other, "T1", at(1), at(9))
    kinds = {c.kind for c in conflicts}
    assert kinds == {
        ConflictKind.OVERLAP,
        ConflictKind.OUTSIDE_SHIFT,
        ConflictKind.TIME_OFF,
        ConflictKind.MISSING_SKILL,
        ConflictKind.AFTER_DUE,
    }
    text = " | ".join(c.message for c in conflicts)
    assert first in text and "Dentist" in text and "lacks the skill ELEC" in text
    # Ben has ELEC, but its certification expired in October.
    expired = dispatch.preview_booking(company, other, "T2", at(-1), at(0))
    assert [c.kind for c in expired] == [ConflictKind.EXPIRED_CERTIFICATION]
    # Saturday is not a workday.
    weekend = dispatch.preview_booking(company, first, "T1", at(-48), at(-47))
    assert ConflictKind.DAY_OFF in {c.kind for c in weekend}


def test_conflicting_booking_needs_confirmation_and_is_recorded(company: ServiceContext) -> None:
    number = new_order(company)
    before = audit_count(company)
    with pytest.raises(ConflictsNeedConfirmation) as refused:
        dispatch.book(company, number, "T1", at(7), at(10))  # ends 19:00, after the 17:00 shift
    assert refused.value.conflicts[0].kind == ConflictKind.OUTSIDE_SHIFT
    assert audit_count(company) == before and status(company, number) == Status.OPEN
    result = dispatch.book(company, number, "T1", at(7), at(10), confirm=True)
    with company.read() as uow:
        booking = uow.get(m.Booking, result.booking_id)
        assert "outside Ana Reyes's shift" in (booking.confirmed_conflicts or "")
        assert booking.confirmed_by == "Dana Dispatcher"


def test_move_and_resize_check_conflicts_and_versions(company: ServiceContext, db) -> None:
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    moved = dispatch.move_booking(company, booked.booking_id, "T2", at(-1), at(1), expected_version=booked.version)
    resized = dispatch.move_booking(company, booked.booking_id, "T2", at(-1), at(3), expected_version=moved.version)
    assert resized.version == moved.version + 1
    with pytest.raises(ConcurrencyConflict, match="changed by Dana Dispatcher"):
        dispatch.move_booking(company, booked.booking_id, "T1", at(0), at(1), expected_version=booked.version)
    with pytest.raises(ValidationError, match="end after it starts"):
        dispatch.move_booking(company, booked.booking_id, "T1", at(1), at(1), expected_version=resized.version)


def test_stale_unbook_from_another_pc_is_refused(company: ServiceContext, db) -> None:
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    olga = ServiceContext(db=db, actor="Olga Office", clock=company.clock)
    dispatch.move_booking(olga, booked.booking_id, "T1", at(1), at(3), expected_version=booked.version)
    with pytest.raises(ConcurrencyConflict) as err:
        dispatch.unbook(company, booked.booking_id, expected_version=booked.version)
    assert "Olga Office" in str(err.value) and "not saved" in str(err.value)
    assert status(company, number) == Status.SCHEDULED


def test_dispatch_needs_a_booking(company: ServiceContext) -> None:
    number = new_order(company)
    with pytest.raises(RuleViolation, match="has no booking"):
        dispatch.dispatch(company, number)
    dispatch.book(company, number, "T1", at(0), at(2))
    dispatch.dispatch(company, number)
    assert status(company, number) == Status.DISPATCHED
    with pytest.raises(RuleViolation, match="it is dispatched"):
        dispatch.dispatch(company, number)


# -- execution ----------------------------------------------------------------------------------

def test_start_only_when_scheduled_or_dispatched(company: ServiceContext) -> None:
    number = new_order(company)
    with pytest.raises(RuleViolation, match="cannot start .*it is open"):
        execution.start(company, number)
    dispatch.book(company, number, "T1", at(0), at(2))
    execution.start(company, number)
    assert status(company, number) == Status.IN_PROGRESS


def test_execution_records_are_refused_before_dispatch(company: ServiceContext, clock) -> None:
    number = new_order(company)
    clock.now = at(5)
    with pytest.raises(RuleViolation, match="cannot record labor on"):
        execution.log_labor(company, number, "T1", at(0), at(1))
    with pytest.raises(RuleViolation):
        execution.use_part(company, number, "F-2020", Decimal("1"))


def test_labor_parts_notes_photos_signature(company: ServiceContext, clock) -> None:
    number = in_progress(company, clock)
    execution.log_labor(company, number, "T1", at(0), at(1.5), note="Replaced contactor")
    with pytest.raises(ValidationError, match="end after it starts"):
        execution.log_labor(company, number, "T1", at(1), at(0))
    with pytest.raises(ValidationError, match="future"):
        execution.log_labor(company, number, "T1", at(2), at(9))
    execution.use_part(company, number, "R410A", Decimal("2.5"))
    with pytest.raises(ValidationError, match="more than 0"):
        execution.use_part(company, number, "R410A", Decimal("0"))
    execution.add_note(company, number, "Unit running, 14 F split")
    execution.add_photo(company, number, "before.jpg", "image/jpeg", b"\xff\xd8data", kind=PhotoKind.BEFORE)
    with pytest.raises(ValidationError, match="not a photo"):
        execution.add_photo(company, number, "notes.txt", "text/plain", b"hello")
    execution.sign(company, number, "Pat Lee")
    wo = work_orders.details(company, number)
    assert len(wo.labor) == 1 and wo.parts_used[0].quantity == Decimal("2.5")
    assert wo.notes[0].author == "Dana Dispatcher" and wo.attachments[0].kind == "before"
    assert wo.signature is not None and wo.signature.signer_name == "Pat Lee"


def test_scope_change_holds_work_until_decided(company: ServiceContext, clock) -> None:
    number = in_progress(company, clock)
    execution.log_labor(company, number, "T1", at(0), at(1))
    seq = execution.request_scope_change(company, number, "Compressor also failed", Decimal("3"))
    assert seq == 1 and status(company, number) == Status.ON_HOLD
    with pytest.raises(RuleViolation) as refused:
        execution.complete(company, number)
    assert f"cannot complete {number}" in str(refused.value)
    assert "scope change #1 awaits approval" in str(refused.value)
    with pytest.raises(RuleViolation, match="scope change #1 awaits approval"):
        execution.resume(company, number)
    with pytest.raises(RuleViolation, match="a reason is required"):
        execution.decide_scope_change(company, number, 1, approve=False)
    execution.decide_scope_change(company, number, 1, approve=True, note="PO 4471")
    wo = work_orders.details(company, number)
    assert wo.status == Status.IN_PROGRESS and wo.estimated_hours == Decimal("4")
    with pytest.raises(RuleViolation, match="already approved"):
        execution.decide_scope_change(company, number, 1, approve=True)


def test_hold_and_resume(company: ServiceContext, clock) -> None:
    number = in_progress(company, clock)
    with pytest.raises(ValidationError):
        execution.hold(company, number, "")
    execution.hold(company, number, "Waiting for compressor")
    assert status(company, number) == Status.ON_HOLD
    with pytest.raises(RuleViolation, match="cannot put on hold"):
        execution.hold(company, number, "again")
    execution.resume(company, number)
    assert status(company, number) == Status.IN_PROGRESS


def test_complete_needs_labor_and_gives_every_reason(company: ServiceContext, clock) -> None:
    number = in_progress(company, clock)
    execution.request_scope_change(company, number, "Extra duct work")
    with pytest.raises(RuleViolation) as refused:
        execution.complete(company, number)
    assert str(refused.value) == (
        f"cannot complete {number}: it is on hold, and this needs it in progress; "
        "no labor logged; scope change #1 awaits approval"
    )
    execution.decide_scope_change(company, number, 1, approve=False, note="Quote separately")
    execution.log_labor(company, number, "T1", at(0), at(2))
    execution.complete(company, number)
    assert status(company, number) == Status.COMPLETED


# -- closeout, billing, archive ------------------------------------------------------------------

def finished(ctx: ServiceContext, clock, type_: WorkOrderType, **kw: object) -> str:
    number = in_progress(ctx, clock, type_, **kw)
    execution.log_labor(ctx, number, "T1", at(0), at(2))
    execution.complete(ctx, number)
    return number


def test_verify_checks_the_type_requirements(company: ServiceContext, clock) -> None:
    number = finished(company, clock, WorkOrderType.INSTALLATION, checklist=("Mount unit", "Commission"))
    with pytest.raises(RuleViolation) as refused:
        closeout.verify(company, number)
    message = str(refused.value)
    assert "2 checklist items not done" in message and "no customer signature" in message
    assert "no before photo" in message and "no after photo" in message
    execution.tick_checklist(company, number, 0)
    execution.tick_checklist(company, number, 1)
    execution.sign(company, number, "Pat Lee")
    execution.add_photo(company, number, "b.jpg", "image/jpeg", b"1", kind=PhotoKind.BEFORE)
    execution.add_photo(company, number, "a.jpg", "image/jpeg", b"2", kind=PhotoKind.AFTER)
    assert closeout.closeout_gaps(company, number) == []
    closeout.verify(company, number)
    assert status(company, number) == Status.VERIFIED


@pytest.mark.parametrize(
    ("type_", "gaps"),
    [
        (WorkOrderType.GENERAL, []),
        (WorkOrderType.CORRECTIVE, ["no notes", "no customer signature"]),
        (WorkOrderType.EMERGENCY, ["no notes", "no customer signature"]),
        (WorkOrderType.PREVENTIVE, ["1 checklist item not done", "no notes"]),
        (WorkOrderType.INSPECTION, ["1 checklist item not done", "no notes", "no customer signature"]),
    ],
)
def test_closeout_requirements_differ_by_type(company: ServiceContext, clock, type_, gaps) -> None:
    number = finished(company, clock, type_, checklist=("Check belts",))
    assert closeout.closeout_gaps(company, number) == gaps


def test_verify_refused_before_completion(company: ServiceContext, clock) -> None:
    number = in_progress(company, clock, WorkOrderType.GENERAL)
    with pytest.raises(RuleViolation, match="it is in progress, and this needs it completed"):
        closeout.verify(company, number)


def test_invoice_rounds_lines_and_tax_half_up_and_bills_once(company: ServiceContext, clock) -> None:
    number = in_progress(company, clock, WorkOrderType.GENERAL)
    # 1 h 20 min at 85.00 = 113.333.. -> 113.33; 2.5 lb at 28.40 = 71.00; 3 filters at 12.345 -> 37.035 -> 37.04
    execution.log_labor(company, number, "T1", at(0), at(4 / 3))
    execution.log_labor(company, number, "T1", at(1.5), at(2), billable=False)
    execution.use_part(company, number, "R410A", Decimal("2.5"))
    execution.use_part(company, number, "F-2020", Decimal("3"), unit_price=Decimal("12.345"))
    execution.complete(company, number)
    summary = billing.create_invoice(company, [number])
    assert summary.subtotal == Decimal("221.37")
    assert summary.tax == Decimal("18.26")  # 221.37 * 8.25 % = 18.263...
    assert summary.total == Decimal("239.63")
    assert status(company, number) == Status.INVOICED
    with pytest.raises(RuleViolation, match="already on an invoice"):
        billing.create_invoice(company, [number])
    closeout.close(company, number)
    assert status(company, number) == Status.CLOSED


def test_invoice_refuses_mixed_customers_and_open_work(company: ServiceContext, clock) -> None:
    done = finished(company, clock, WorkOrderType.GENERAL)
    other = work_orders.create_work_order(
        company, WorkOrderSpec(type=WorkOrderType.GENERAL, site_code="S2", summary="Outlet")
    )
    with pytest.raises(RuleViolation) as refused:
        billing.create_invoice(company, [done, other])
    assert "different customers" in str(refused.value) and f"{other}: it is open" in str(refused.value)
    assert status(company, done) == Status.COMPLETED


def test_close_verified_only_as_non_billable(company: ServiceContext, clock) -> None:
    number = finished(company, clock, WorkOrderType.GENERAL)
    closeout.verify(company, number)
    with pytest.raises(RuleViolation, match="invoice it or close it as non-billable"):
        closeout.close(company, number)
    closeout.close(company, number, non_billable=True)
    wo = work_orders.details(company, number)
    assert wo.status == Status.CLOSED and wo.billable is False


def test_cancel_needs_a_reason_releases_bookings_and_not_after_completion(company: ServiceContext, clock) -> None:
    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(2))
    with pytest.raises(RuleViolation, match="a reason is required"):
        closeout.cancel(company, number, "")
    closeout.cancel(company, number, "Customer fixed it")
    wo = work_orders.details(company, number)
    assert wo.status == Status.CANCELLED and wo.bookings == []
    with pytest.raises(RuleViolation, match="cannot book"):
        dispatch.book(company, number, "T1", at(0), at(2))
    done = finished(company, clock, WorkOrderType.GENERAL)
    with pytest.raises(RuleViolation, match="it is completed"):
        closeout.cancel(company, done, "Too late")


def test_operations_notify_what_changed(company: ServiceContext) -> None:
    seen: list[Changes] = []
    company.subscribe(seen.append)
    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(2))
    assert seen[0].work_orders == {number} and seen[1].touches("booking")


def test_queue_orders_by_priority_then_due_by(company: ServiceContext) -> None:
    low = new_order(company, priority=Priority.LOW, due_by=at(1))
    late = new_order(company, priority=Priority.HIGH, due_by=at(48))
    soon = new_order(company, priority=Priority.HIGH, due_by=at(24))
    undated = new_order(company, priority=Priority.HIGH)
    urgent = new_order(company, priority=Priority.EMERGENCY, due_by=at(72))
    booked = new_order(company, priority=Priority.EMERGENCY)
    dispatch.book(company, booked, "T1", at(0), at(1))
    queue = [wo.number for wo in work_orders.unscheduled_queue(company)]
    assert queue == [urgent, soon, late, undated, low]


def test_history_of_site_and_asset(company: ServiceContext) -> None:
    a = new_order(company)
    b = work_orders.create_work_order(
        company, WorkOrderSpec(type=WorkOrderType.GENERAL, site_code="S1", summary="Lights")
    )
    assert [wo.number for wo in work_orders.history(company, site_code="S1")] == [b, a]
    assert [wo.number for wo in work_orders.history(company, asset_code="A1")] == [a]


def test_resize_keeps_the_technician(company: ServiceContext) -> None:
    number = new_order(company)
    booked = dispatch.book(company, number, "T2", at(0), at(1))
    resized = dispatch.resize_booking(company, booked.booking_id, at(0), at(3), expected_version=booked.version)
    wo = work_orders.details(company, number)
    assert wo.bookings[0].technician.code == "T2" and wo.bookings[0].end == at(3)
    assert resized.version == booked.version + 1


def test_two_pcs_creating_work_orders_at_once_get_distinct_numbers(company: ServiceContext, db) -> None:
    import threading

    from dispatch_console.storage.database import Database

    numbers: list[str] = []
    failures: list[BaseException] = []

    def office_pc(name: str) -> None:
        other_db = Database(db.url)
        pc = ServiceContext(db=other_db, actor=name, clock=company.clock)
        try:
            for _ in range(15):
                numbers.append(new_order(pc))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            other_db.dispose()

    threads = [threading.Thread(target=office_pc, args=(f"PC {i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(numbers) == 45 and len(set(numbers)) == 45
