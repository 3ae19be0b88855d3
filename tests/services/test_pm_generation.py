"""Generation of recurring work: exactly once, caught up after a gap, after-completion mode,
booking to the preferred technician, and the closeout a plan passes on."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dispatch_console.domain.enums import CloseoutNeed, PlanMode, Status
from dispatch_console.domain.errors import InvalidFields
from dispatch_console.services import closeout, pm_generation
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import (
    PlanSpec,
    create_plan,
    get_plan,
    plan_rows,
    plan_visits,
)
from dispatch_console.storage import models as m


def plan(code: str = "PM-1", **kw: object) -> PlanSpec:
    fields: dict[str, object] = dict(
        code=code, site_code="S1", summary="Quarterly RTU service", rule="FREQ=MONTHLY;BYMONTHDAY=1",
        start_wall=datetime(2026, 12, 1, 8, 0), lead_days="7", required_skills=("HVAC",),
        checklist=("Replace filters", "Check belts"), estimated_hours="2",
    )
    fields.update(kw)
    return PlanSpec(**fields)  # type: ignore[arg-type]


def work_orders(ctx: ServiceContext) -> list[m.WorkOrder]:
    with ctx.read() as uow:
        rows = uow.session.scalars(select(m.WorkOrder).order_by(m.WorkOrder.pm_occurrence)).all()
        for wo in rows:
            _ = wo.required_skills, wo.checklist
        return list(rows)


def test_the_report_writes_the_date_with_four_digit_years(company: ServiceContext) -> None:
    """strftime writes year 1 as '1' on glibc: the report says 0001-01-01, as the date was typed."""
    report = pm_generation.generate(company, as_of=date(1, 1, 1))
    assert str(report) == "nothing was due by 0001-01-01: no work order created"


def test_a_fixed_plan_makes_each_occurrence_within_its_lead_time_once(company: ServiceContext) -> None:
    create_plan(company, plan())
    first = pm_generation.generate(company, as_of=date(2026, 11, 26))  # 1 Dec is 5 days ahead
    assert len(first.created) == 1 and first.plans == ("PM-1",)
    again = pm_generation.generate(company, as_of=date(2026, 11, 26))
    assert again.created == ()
    (wo,) = work_orders(company)
    # 08:00 Chicago on 1 Dec, as the due-by and the occurrence.
    assert wo.pm_occurrence == wo.due_by == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    assert wo.summary == "Quarterly RTU service" and wo.estimated_hours == Decimal("2")
    assert [s.code for s in wo.required_skills] == ["HVAC"]
    assert [c.text for c in wo.checklist] == ["Replace filters", "Check belts"]
    assert wo.status == Status.OPEN


def test_nothing_beyond_the_lead_time_is_made(company: ServiceContext) -> None:
    create_plan(company, plan(lead_days="3"))
    assert pm_generation.generate(company, as_of=date(2026, 11, 27)).created == ()  # 1 Dec is 4 days off
    assert len(pm_generation.generate(company, as_of=date(2026, 11, 28)).created) == 1


def test_days_no_computer_ran_are_caught_up(company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=WEEKLY;BYDAY=TU", lead_days="0"))
    assert len(pm_generation.generate(company, as_of=date(2026, 12, 1)).created) == 1
    # Nobody ran it for five weeks: every Tuesday in between is made, once.
    report = pm_generation.generate(company, as_of=date(2027, 1, 5))
    assert len(report.created) == 5
    occurrences = [wo.pm_occurrence for wo in work_orders(company)]
    assert len(occurrences) == len(set(occurrences)) == 6
    assert pm_generation.generate(company, as_of=date(2027, 1, 5)).created == ()


def test_occurrences_keep_their_wall_clock_across_daylight_saving(company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=WEEKLY;BYDAY=MO", start_wall=datetime(2027, 3, 1, 8, 0), lead_days="0"))
    pm_generation.generate(company, as_of=date(2027, 3, 15))
    hours = [wo.pm_occurrence.hour for wo in work_orders(company) if wo.pm_occurrence]
    assert hours == [14, 14, 13]  # 08:00 CST, 08:00 CST, 08:00 CDT (clocks went forward 14 Mar)


def test_an_after_completion_plan_waits_for_the_open_visit(company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION, lead_days="0"))
    assert len(pm_generation.generate(company, as_of=date(2026, 12, 1)).created) == 1
    # Months later, but the first visit is still open: nothing new.
    assert pm_generation.generate(company, as_of=date(2027, 6, 1)).created == ()


def finish(ctx: ServiceContext, number: str, on: datetime) -> None:
    """Complete a work order at ``on`` (the context's clock moved there)."""
    with ctx.write("finish") as uow:
        wo = uow.work_order(number)
        wo.status = Status.COMPLETED
        wo.completed_at = on


def test_the_next_visit_counts_from_an_early_completion(company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION, lead_days="0"))
    (number,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    # Done on 20 Nov, ten days before it was due: the next is three months after 20 Nov.
    finish(company, number, datetime(2026, 11, 20, 18, 0, tzinfo=UTC))
    assert pm_generation.generate(company, as_of=date(2027, 2, 19)).created == ()
    (following,) = pm_generation.generate(company, as_of=date(2027, 2, 20)).created
    with company.read() as uow:
        assert uow.work_order(following).pm_occurrence == datetime(2027, 2, 20, 14, 0, tzinfo=UTC)


def test_a_fixed_plan_ignores_when_the_last_visit_was_done(company: ServiceContext) -> None:
    create_plan(company, plan(lead_days="0"))
    (number,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    finish(company, number, datetime(2026, 11, 20, 18, 0, tzinfo=UTC))
    (following,) = pm_generation.generate(company, as_of=date(2027, 1, 1)).created
    with company.read() as uow:
        assert uow.work_order(following).pm_occurrence == datetime(2027, 1, 1, 14, 0, tzinfo=UTC)


def test_count_ends_the_plan(company: ServiceContext) -> None:
    create_plan(company, plan(rule="FREQ=MONTHLY;BYMONTHDAY=1;COUNT=2", lead_days="0"))
    assert len(pm_generation.generate(company, as_of=date(2027, 6, 1)).created) == 2


def test_an_inactive_plan_makes_nothing(company: ServiceContext) -> None:
    create_plan(company, plan(active=False))
    assert pm_generation.generate(company, as_of=date(2027, 6, 1)).created == ()


def test_the_visit_is_booked_to_the_preferred_technician_when_free(company: ServiceContext) -> None:
    # Tuesday 1 Dec 08:00 Chicago, inside Ana's shift; she has nothing booked then.
    create_plan(company, plan(preferred_tech_code="T1"))
    report = pm_generation.generate(company, as_of=date(2026, 11, 26))
    assert report.booked == report.created
    (wo,) = work_orders(company)
    with company.read() as uow:
        booking = uow.session.scalars(select(m.Booking)).one()
        assert booking.technician.code == "T1" and booking.start == wo.pm_occurrence
        assert booking.end - booking.start == timedelta(hours=2)
        assert uow.work_order(wo.number).status == Status.SCHEDULED


def test_the_visit_waits_in_the_queue_when_the_technician_is_away(company: ServiceContext) -> None:
    with company.write("time off") as uow:
        ana = uow.require(m.Technician, "T1")
        uow.add(m.TimeOff(technician=ana, start=datetime(2026, 12, 1, 6, 0, tzinfo=UTC),
                          end=datetime(2026, 12, 2, 6, 0, tzinfo=UTC), reason="Training"))
    create_plan(company, plan(preferred_tech_code="T1"))
    report = pm_generation.generate(company, as_of=date(2026, 11, 26))
    assert len(report.created) == 1 and report.booked == ()
    with company.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(m.Booking)) == 0


def test_a_past_occurrence_made_late_is_not_booked(company: ServiceContext) -> None:
    create_plan(company, plan(preferred_tech_code="T1", rule="FREQ=MONTHLY", start_wall=datetime(2026, 11, 2, 8, 0), lead_days="0"))
    report = pm_generation.generate(company, as_of=date(2026, 11, 26))
    assert len(report.created) == 1 and report.booked == ()  # 2 Nov is past: it waits in the queue


def test_work_orders_inherit_the_plans_closeout(company: ServiceContext) -> None:
    create_plan(company, plan(closeout_needs=(CloseoutNeed.SIGNATURE,), lead_days="0"))
    (number,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    assert "no customer signature" in closeout.closeout_gaps(company, number)
    with company.read() as uow:
        assert uow.work_order(number).closeout_needs == ["signature"]
    # A preventive job without the plan's need asks no signature.
    create_plan(company, plan("PM-2", lead_days="0"))
    (other,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    assert "no customer signature" not in closeout.closeout_gaps(company, other)


def test_generation_is_announced_and_audited(company: ServiceContext) -> None:
    create_plan(company, plan(lead_days="0"))
    outcome = company.run(lambda: pm_generation.generate(company, as_of=date(2026, 12, 1)))
    (number,) = outcome.value.created
    assert number in outcome.changes.work_orders and "work_order" in outcome.changes.entities
    with company.read() as uow:
        entry = uow.session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.entity == "work_order", m.AuditEntry.change == "insert")
        ).one()
        assert entry.details["number"] == number and entry.details["pm_plan"] == "PM-1"
        assert entry.at == company.now()


def test_the_plans_list_says_what_each_plan_made(company: ServiceContext) -> None:
    create_plan(company, plan(lead_days="0"))
    (number,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    finish(company, number, datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
    (row,) = plan_rows(company)
    assert row.made == 1 and row.completed == 1 and row.on_time == 1
    assert row.last_generated == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    assert row.next_due == datetime(2027, 1, 1, 14, 0, tzinfo=UTC)
    (visit,) = plan_visits(company, "PM-1")
    assert visit.number == number and visit.on_time is True


@pytest.mark.parametrize(
    ("field", "change", "words"),
    [
        ("rule", {"rule": "FREQ=DAILY;INTERVAL=0"}, "interval"),
        ("rule", {"rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "never occurs"),
        ("site_code", {"site_code": "NOPE"}, "no site"),
        ("lead_days", {"lead_days": "400"}, "0 to 365"),
        ("estimated_hours", {"estimated_hours": "0"}, "more than 0"),
        ("preferred_tech_code", {"preferred_tech_code": "T9"}, "no technician"),
    ],
)
def test_a_plan_with_a_bad_field_is_refused_and_nothing_is_saved(
    company: ServiceContext, field: str, change: dict[str, object], words: str
) -> None:
    with pytest.raises(InvalidFields) as refused:
        create_plan(company, plan(**change))
    assert words in refused.value.problems[field]
    with company.read() as uow:
        assert uow.count(m.PmPlan) == 0


def test_a_saved_plan_reads_back_as_written(company: ServiceContext) -> None:
    spec = plan(mode=PlanMode.AFTER_COMPLETION, closeout_needs=(CloseoutNeed.AFTER_PHOTO,), preferred_tech_code="T1")
    create_plan(company, spec)
    assert get_plan(company, "PM-1").spec == spec


def test_the_plans_list_says_why_a_plan_has_no_next_visit(company: ServiceContext) -> None:
    create_plan(company, plan("PM-A", rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION, lead_days="0"))
    create_plan(company, plan("PM-C", rule="FREQ=MONTHLY;BYMONTHDAY=1;COUNT=1", lead_days="0"))
    create_plan(company, plan("PM-P", active=False))
    pm_generation.generate(company, as_of=date(2026, 12, 1))
    rows = {row.code: row for row in plan_rows(company)}
    assert rows["PM-A"].next_due is None and rows["PM-A"].no_next_reason == "when the visit of 01 Dec 2026 is completed"
    assert rows["PM-C"].next_due is None and rows["PM-C"].no_next_reason == "the rule has no more visits"
    assert rows["PM-P"].no_next_reason == "paused"
    assert rows["PM-A"].start_wall == datetime(2026, 12, 1, 8, 0)


def test_texts_reach_the_work_order_exactly_whatever_they_hold(company: ServiceContext) -> None:
    """Generation writes in bulk (COPY's text format on PostgreSQL): tabs, newlines, backslashes,
    quotes and accents in a plan's texts arrive as typed."""
    summary = 'Filters "A"\\B\tC\r\nüber \\N'
    checklist = ("Step\t1", "Line one\nline two", "C:\\temp\\", "\\N")
    create_plan(company, plan(summary=summary, checklist=checklist, lead_days="0"))
    (number,) = pm_generation.generate(company, as_of=date(2026, 12, 1)).created
    with company.read() as uow:
        wo = uow.work_order(number)
        assert wo.summary == summary and wo.description == f"Recurring plan PM-1: {summary}"
        assert [c.text for c in wo.checklist] == list(checklist)
        assert [c.done for c in wo.checklist] == [False] * 4 and wo.asset_id is None
        assert wo.task_codes == [] and wo.closeout_needs == [] and wo.billable is True


def test_each_audit_entry_is_what_an_orm_insert_would_write(company: ServiceContext) -> None:
    create_plan(company, plan(lead_days="0"))
    create_plan(company, plan("PM-2", rule="FREQ=WEEKLY;BYDAY=TU", lead_days="0"))
    report = pm_generation.generate(company, as_of=date(2026, 12, 15))
    with company.read() as uow:
        entries = uow.session.scalars(
            select(m.AuditEntry).where(m.AuditEntry.entity == "work_order").order_by(m.AuditEntry.id)
        ).all()
        orders = {wo.id: wo for wo in uow.all(m.WorkOrder)}
        codes = {p.id: p.code for p in uow.all(m.PmPlan)}
        text = uow.session.connection().exec_driver_sql(
            "SELECT CAST(details AS TEXT) FROM audit_log WHERE entity = 'work_order' ORDER BY id"
        ).scalars().all()
    assert [e.details["number"] for e in entries] == list(report.created)
    for entry, stored in zip(entries, text, strict=True):
        wo = orders[entry.entity_id or 0]
        assert wo.pm_plan_id is not None and wo.pm_occurrence is not None
        details = {
            "number": wo.number, "pm_plan": codes[wo.pm_plan_id], "pm_occurrence": wo.pm_occurrence.isoformat(), "status": "open",
        }
        assert entry.details == details and stored == json.dumps(details)
        assert (entry.change, entry.actor, entry.action) == ("insert", company.actor, "Generate recurring work")
        assert entry.at == company.now() and entry.origin == company.origin


def test_generated_work_orders_carry_the_lists_keys_and_are_found_by_its_search(
    company: ServiceContext,
) -> None:
    """The bulk insert writes the keys the session would have: the same as recomputing them,
    nothing left for the list to fill in, and a search for a word of the plan finds them."""
    from dispatch_console.services import work_order_list
    from dispatch_console.storage import work_order_keys

    create_plan(company, plan(summary="Ölkühler service"))
    create_plan(company, plan("PM-2", preferred_tech_code="T1", rule="FREQ=WEEKLY;BYDAY=TU"))
    created = pm_generation.generate(company, as_of=date(2026, 11, 26)).created
    assert len(created) == 2

    def stored() -> list[tuple[object, ...]]:
        with company.read() as uow:
            columns = [getattr(m.WorkOrder, name) for name in work_order_keys.KEY_COLUMNS]
            return [tuple(r) for r in uow.session.execute(select(m.WorkOrder.number, *columns)
                                                          .order_by(m.WorkOrder.number))]

    as_written = stored()
    with company.read() as uow:
        assert work_order_keys.missing_keys(uow.session) == []
    with company.write("recompute") as uow:
        work_order_keys.refresh_list_keys(uow.session)
    assert stored() == as_written
    found = work_order_list.first_page(company, work_order_list.ListQuery(text="ölkühler"))
    assert [r.summary for r in found.rows] == ["Ölkühler service"]
    assert found.rows[0].number in created
