"""The office's plan of a work order, saved whole: fields, checklist and planned parts, each problem
at its field, a stale copy refused naming who, and nothing written on any refusal."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from dispatch_console.domain import checklists
from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict, InvalidFields, RuleViolation
from dispatch_console.services import closeout, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_order_plan import ChecklistLine, PlannedLine, plan_of, save_plan
from dispatch_console.services.work_orders import WorkOrderSpec
from tests.services.bundles import state


@pytest.fixture
def number(company: ServiceContext) -> str:
    return work_orders.create_work_order(company, WorkOrderSpec(
        type=WorkOrderType.PREVENTIVE, site_code="S1", asset_code="A1", summary="Quarterly PM",
        checklist=checklists.template(WorkOrderType.PREVENTIVE)[:3],
        planned_parts=(("F-2020", Decimal("4")),),
    ))


def test_the_plan_reads_back_as_the_editor_shows_it(company: ServiceContext, number: str) -> None:
    record = plan_of(company, number)
    assert record.plan.summary == "Quarterly PM" and record.plan.estimated_hours == "1"
    assert [line.text for line in record.plan.checklist] == list(checklists.template(WorkOrderType.PREVENTIVE)[:3])
    assert record.plan.planned_parts == (PlannedLine("F-2020", "4", "Pleated filter 20x20x2"),)
    assert record.locked_because is None


def test_a_saved_plan_keeps_ticks_through_moves_and_drops_removed_and_reworded_lines(
    company: ServiceContext, number: str
) -> None:
    first, second, third = plan_of(company, number).plan.checklist
    execution_tick(company, number, 0)  # "Check in with the site contact" is done
    record = plan_of(company, number)
    ticked = record.plan.checklist[0]
    assert ticked.done
    plan = replace(
        record.plan,
        summary="Quarterly PM, roof units",
        priority=Priority.HIGH,
        estimated_hours="2.5",
        required_skills=("HVAC",),
        checklist=(
            ChecklistLine("Check belts and bearings (roof)", second.item_id),  # reworded
            ticked,  # moved down, still ticked
            ChecklistLine("Photograph the data plate"),  # new
        ),  # the third line is removed
        planned_parts=(PlannedLine("R410A", "1.5"), PlannedLine("F-2020", "6")),
    )
    version = save_plan(company, number, plan, record.version)
    assert version > record.version
    after = plan_of(company, number).plan
    assert after.summary == "Quarterly PM, roof units" and after.priority == Priority.HIGH
    assert after.estimated_hours == "2.5" and after.required_skills == ("HVAC",)
    assert [(line.text, line.done) for line in after.checklist] == [
        ("Check belts and bearings (roof)", False),
        (first.text, True),
        ("Photograph the data plate", False),
    ]
    assert [(p.sku, p.quantity) for p in after.planned_parts] == [("R410A", "1.5"), ("F-2020", "6")]
    assert third.text not in [line.text for line in after.checklist]


def execution_tick(ctx: ServiceContext, number: str, position: int) -> None:
    from dispatch_console.services import dispatch
    from tests.seed import at

    if work_orders.details(ctx, number).status == "open":
        dispatch.book(ctx, number, "T1", at(0), at(2))
        dispatch.dispatch(ctx, number)
        execution.start(ctx, number)
    execution.tick_checklist(ctx, number, position)


def test_a_checklist_change_alone_moves_the_version_so_other_copies_are_stale(
    company: ServiceContext, number: str
) -> None:
    record = plan_of(company, number)
    shorter = replace(record.plan, checklist=record.plan.checklist[:1])
    save_plan(company, number, shorter, record.version)
    with pytest.raises(ConcurrencyConflict, match=r"was changed by Dana Dispatcher at .* after you opened it"):
        save_plan(company, number, record.plan, record.version)


def test_an_unchanged_plan_saves_without_a_new_version(company: ServiceContext, number: str) -> None:
    record = plan_of(company, number)
    assert save_plan(company, number, record.plan, record.version) == record.version


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (dict(summary="  "), "summary", "the summary is empty"),
        (dict(summary="x" * 301), "summary", "keep it under 300"),
        (dict(estimated_hours="two"), "estimated_hours", "'two' is not a decimal number of hours"),
        (dict(estimated_hours="0"), "estimated_hours", "more than 0 and at most 1000"),
        (dict(estimated_hours="1001"), "estimated_hours", "more than 0 and at most 1000"),
        (dict(required_skills=("WELD",)), "required_skills", "there is no skill WELD"),
        (dict(checklist=(ChecklistLine(" "),)), "checklist", "a checklist line is empty"),
        (dict(checklist=(ChecklistLine("x" * 501),)), "checklist", "keep each line under 500"),
        (dict(checklist=tuple(ChecklistLine(f"step {i}") for i in range(201))), "checklist", "keep it to 200"),
        (dict(planned_parts=(PlannedLine("NOPE", "1"),)), "planned_parts", "there is no part 'NOPE'"),
        (dict(planned_parts=(PlannedLine("F-2020", "0"),)), "planned_parts", "must be more than 0"),
        (dict(planned_parts=(PlannedLine("F-2020", "lots"),)), "planned_parts", "'lots' is not a decimal"),
        (dict(planned_parts=(PlannedLine("F-2020", "1"), PlannedLine("F-2020", "2"))), "planned_parts", "listed twice"),
    ],
)
def test_each_problem_is_named_at_its_field_and_nothing_is_written(
    company: ServiceContext, number: str, change: dict[str, object], field: str, words: str
) -> None:
    record = plan_of(company, number)
    before = state(company)
    with pytest.raises(InvalidFields) as refused:
        save_plan(company, number, replace(record.plan, **change), record.version)  # type: ignore[arg-type]
    assert list(refused.value.problems) == [field] and words in refused.value.problems[field]
    assert state(company) == before


def test_every_problem_is_named_at_once(company: ServiceContext, number: str) -> None:
    record = plan_of(company, number)
    bad = replace(record.plan, summary="", estimated_hours="-1", planned_parts=(PlannedLine("NOPE", "1"),))
    with pytest.raises(InvalidFields) as refused:
        save_plan(company, number, bad, record.version)
    assert set(refused.value.problems) == {"summary", "estimated_hours", "planned_parts"}


def test_an_archived_work_order_is_not_changed(company: ServiceContext, number: str) -> None:
    closeout.cancel(company, number, "customer called it off")
    record = plan_of(company, number)
    assert record.locked_because == "it is cancelled, and archived records are not changed"
    before = state(company)
    with pytest.raises(RuleViolation, match=f"cannot edit {number}: it is cancelled"):
        save_plan(company, number, replace(record.plan, summary="Changed"), record.version)
    assert state(company) == before


def test_the_history_names_who_did_what_newest_first(company: ServiceContext, number: str, clock) -> None:  # type: ignore[no-untyped-def]
    record = plan_of(company, number)
    clock.advance(minutes=5)
    save_plan(company, number, replace(record.plan, summary="Quarterly PM, roof"), record.version)
    clock.advance(minutes=5)
    execution_tick(company, number, 0)
    entries = work_orders.history_of(company, number)
    actions = [e.action for e in entries]
    assert actions[0] == f"Tick the checklist of {number}"
    assert f"Edit {number}" in actions and actions[-1] == "Create work order"
    edit = next(e for e in entries if e.action == f"Edit {number}")
    assert edit.actor == "Dana Dispatcher" and "work order: summary" in edit.changed
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    # Another work order's actions are not in it.
    other = work_orders.create_work_order(company, WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Other"))
    assert all(other not in e.action for e in work_orders.history_of(company, number))
