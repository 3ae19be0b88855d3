"""pm_plans.csv round-trips every field of a recurring plan: its mode, the closeout its work
orders inherit, and how far it has generated, so an imported plan never makes its history again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.enums import CloseoutNeed, PlanMode, Status
from dispatch_console.services import pm_generation
from dispatch_console.services.bundle_export import export_bundle
from dispatch_console.services.bundle_import import BUNDLE_FILES, BUNDLE_FILES_V1, import_bundle
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec, create_plan
from dispatch_console.storage import models as m
from tests.services.bundles import (
    Refuse,
    database_contents,
    encoded,
    refusing,
    second_database,
    state,
)


@pytest.fixture
def other_ctx(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    yield from second_database(_template, tmp_path, clock)


@pytest.fixture
def refuse(tmp_path: Path) -> Refuse:
    return refusing(tmp_path)


def plan(code: str, **kw: Any) -> PlanSpec:
    fields: dict[str, Any] = dict(
        code=code, site_code="S1", summary="RTU service", rule="FREQ=WEEKLY;BYDAY=TU",
        start_wall=datetime(2026, 12, 1, 8, 0), lead_days="0", required_skills=("HVAC",),
        checklist=("Replace filters",), estimated_hours="2",
    )
    fields.update(kw)
    return PlanSpec(**fields)


def finish(ctx: ServiceContext, number: str, on: datetime) -> None:
    with ctx.write("finish") as uow:
        wo = uow.work_order(number)
        wo.status = Status.COMPLETED
        wo.completed_at = on


def plans(ctx: ServiceContext) -> dict[str, m.PmPlan]:
    with ctx.read() as uow:
        return {p.code: p for p in uow.all(m.PmPlan, order_by=m.PmPlan.code)}


def occurrences(ctx: ServiceContext, code: str) -> list[datetime]:
    with ctx.read() as uow:
        plan_id = uow.require(m.PmPlan, code).id
        orders = uow.all(m.WorkOrder, order_by=m.WorkOrder.pm_occurrence)
        return [wo.pm_occurrence for wo in orders if wo.pm_plan_id == plan_id and wo.pm_occurrence]


def rows(data: bytes) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def chicago(*args: int) -> datetime:
    """A Chicago wall-clock moment of December to March (CST, UTC-6) as a UTC instant."""
    from datetime import timedelta

    return datetime(*args, tzinfo=UTC) + timedelta(hours=6)  # type: ignore[misc]


# -- the round trip --------------------------------------------------------------------------------
def test_plans_of_both_modes_and_their_work_orders_round_trip(
    company: ServiceContext, other_ctx: ServiceContext
) -> None:
    create_plan(company, plan("PM-FIX", closeout_needs=(CloseoutNeed.SIGNATURE, CloseoutNeed.CHECKLIST)))
    create_plan(company, plan(
        "PM-AC", rule="FREQ=MONTHLY;INTERVAL=3", mode=PlanMode.AFTER_COMPLETION,
        closeout_needs=(CloseoutNeed.AFTER_PHOTO,), lead_days="3",
    ))
    first = pm_generation.generate(company, as_of=date(2026, 12, 15))
    assert len(first.created) == 4  # PM-FIX: 1, 8 and 15 Dec; PM-AC: 1 Dec
    ac_first = occurrences(company, "PM-AC")
    with company.read() as uow:
        number = next(wo.number for wo in uow.all(m.WorkOrder) if wo.pm_occurrence == ac_first[0]
                      and wo.pm_plan_id == uow.require(m.PmPlan, "PM-AC").id)
    finish(company, number, chicago(2026, 12, 2, 15, 0))
    pm_generation.generate(company, as_of=date(2027, 3, 1))  # PM-AC's next: 3 months after 2 Dec
    assert occurrences(company, "PM-AC") == [chicago(2026, 12, 1, 8, 0), chicago(2027, 3, 2, 8, 0)]

    bundle = export_bundle(company)
    written = {r["code"]: r for r in rows(bundle["pm_plans.csv"])}
    assert {c: (r["mode"], r["closeout_requires"], r["generated_through"]) for c, r in written.items()} == {
        "PM-AC": ("after_completion", "after_photo", "2027-03-02T08:00"),
        "PM-FIX": ("fixed", "signature;checklist", "2027-02-23T08:00"),
    }
    needs = {r["pm_plan_code"] for r in rows(bundle["work_orders.csv"]) if r["closeout_requires"] == "signature;checklist"}
    assert needs == {"PM-FIX"}

    import_bundle(other_ctx, bundle)
    assert export_bundle(other_ctx) == bundle
    assert database_contents(other_ctx) == database_contents(company)
    imported = plans(other_ctx)
    assert imported["PM-AC"].mode == PlanMode.AFTER_COMPLETION
    assert imported["PM-FIX"].closeout_needs == ["signature", "checklist"]
    assert imported["PM-FIX"].generated_through == chicago(2027, 2, 23, 8, 0)
    # The copy goes on where the original stopped: neither makes anything already made.
    again = pm_generation.generate(other_ctx, as_of=date(2027, 3, 1))
    assert again.created == ()
    assert pm_generation.generate(other_ctx, as_of=date(2027, 3, 9)).created == \
        pm_generation.generate(company, as_of=date(2027, 3, 9)).created


def test_the_new_columns_are_in_the_files_of_both_versions() -> None:
    for files in (BUNDLE_FILES, BUNDLE_FILES_V1):
        assert files["pm_plans.csv"][-3:] == ("mode", "closeout_requires", "generated_through")
        assert files["work_orders.csv"][-1] == "closeout_requires"


# -- what it generated -----------------------------------------------------------------------------
PLAN_HEAD = "code,site_code,summary,rrule,start,lead_days"
WEEKLY = "PM-W,S1,Check,FREQ=WEEKLY;BYDAY=TU,2026-12-01T08:00,0"


def test_generation_skips_what_an_imported_plan_generated_through(company: ServiceContext) -> None:
    import_bundle(company, encoded({
        "pm_plans.csv": f"{PLAN_HEAD},generated_through\n{WEEKLY},2026-12-22T08:00\n"
                        "PM-NEW,S1,Check,FREQ=WEEKLY;BYDAY=TU,2026-12-01T08:00,0,\n",
    }))
    assert plans(company)["PM-W"].generated_through == chicago(2026, 12, 22, 8, 0)
    assert plans(company)["PM-NEW"].generated_through is None  # empty: from the start
    pm_generation.generate(company, as_of=date(2027, 1, 5))
    assert occurrences(company, "PM-W") == [chicago(2026, 12, 29, 8, 0), chicago(2027, 1, 5, 8, 0)]
    assert len(occurrences(company, "PM-NEW")) == 6  # 1 Dec to 5 Jan


def work_order_rows(*lines: str) -> str:
    return "number,type,site_code,summary,pm_plan_code,due_by\n" + "".join(f"{line}\n" for line in lines)


def test_a_plan_without_a_mark_starts_after_the_work_orders_it_made(company: ServiceContext) -> None:
    import_bundle(company, encoded({
        "pm_plans.csv": f"{PLAN_HEAD}\n{WEEKLY}\n",
        "work_orders.csv": work_order_rows(
            "WO-1,preventive,S1,Check,PM-W,2026-12-08T08:00", "WO-2,preventive,S1,Check,PM-W,2026-12-15T08:00"
        ),
    }))
    assert plans(company)["PM-W"].generated_through == chicago(2026, 12, 15, 8, 0)
    pm_generation.generate(company, as_of=date(2026, 12, 22))
    # 1 Dec, before the history the bundle brought, is not made again; 22 Dec is new.
    assert occurrences(company, "PM-W") == [
        chicago(2026, 12, 8, 8, 0), chicago(2026, 12, 15, 8, 0), chicago(2026, 12, 22, 8, 0)
    ]


@pytest.mark.parametrize(("given", "kept"), [
    ("2026-12-01T08:00", chicago(2026, 12, 15, 8, 0)),  # before the work orders it made: raised
    ("", chicago(2026, 12, 15, 8, 0)),  # from the start, but it made these
    ("2027-01-05T08:00", chicago(2027, 1, 5, 8, 0)),  # beyond them: kept
])
def test_a_given_mark_is_never_before_what_the_plan_made(company: ServiceContext, given: str, kept: datetime) -> None:
    files = encoded({
        "pm_plans.csv": f"{PLAN_HEAD},generated_through\n{WEEKLY},{given}\n",
        "work_orders.csv": work_order_rows("WO-2,preventive,S1,Check,PM-W,2026-12-15T08:00"),
    })
    import_bundle(company, files)
    assert plans(company)["PM-W"].generated_through == kept
    before = state(company)
    assert not import_bundle(company, files).changed  # the same bundle again changes nothing
    assert state(company) == before


def test_work_orders_given_to_a_plan_of_the_database_move_its_mark(company: ServiceContext) -> None:
    create_plan(company, plan("PM-W"))
    report = import_bundle(company, encoded({
        "work_orders.csv": work_order_rows("WO-9,preventive,S1,Check,PM-W,2027-01-12T08:00"),
    }))
    assert report.files["work_orders.csv"].created == 1
    assert plans(company)["PM-W"].generated_through == chicago(2027, 1, 12, 8, 0)
    pm_generation.generate(company, as_of=date(2027, 1, 19))
    assert occurrences(company, "PM-W") == [chicago(2027, 1, 12, 8, 0), chicago(2027, 1, 19, 8, 0)]


# -- older bundles ---------------------------------------------------------------------------------
def test_a_bundle_without_the_new_columns_imports_with_the_defaults(company: ServiceContext) -> None:
    import_bundle(company, encoded({
        "pm_plans.csv": f"{PLAN_HEAD}\n{WEEKLY}\n",
        "work_orders.csv": "number,type,site_code,summary\nWO-1,corrective,S1,Leak\n",
    }))
    saved = plans(company)["PM-W"]
    assert (saved.mode, saved.closeout_needs, saved.generated_through) == (PlanMode.FIXED, [], None)
    with company.read() as uow:
        assert uow.work_order("WO-1").closeout_needs == []


def test_columns_left_out_keep_what_the_database_has(company: ServiceContext) -> None:
    create_plan(company, plan("PM-W", mode=PlanMode.AFTER_COMPLETION, closeout_needs=(CloseoutNeed.NOTES,)))
    pm_generation.generate(company, as_of=date(2026, 12, 1))
    mark = plans(company)["PM-W"].generated_through
    assert mark == chicago(2026, 12, 1, 8, 0)
    import_bundle(company, encoded({"pm_plans.csv": f"{PLAN_HEAD}\nPM-W,S1,Renamed,FREQ=WEEKLY;BYDAY=TU,2026-12-01T08:00,0\n"}))
    saved = plans(company)["PM-W"]
    assert (saved.summary, saved.mode, saved.closeout_needs, saved.generated_through) == (
        "Renamed", PlanMode.AFTER_COMPLETION, ["notes"], mark
    )


def test_needs_are_read_in_any_case_once_each_in_the_order_written(company: ServiceContext) -> None:
    import_bundle(company, encoded({
        "pm_plans.csv": f"{PLAN_HEAD},mode,closeout_requires\n{WEEKLY},After_Completion, Signature;;before_photo;signature\n",
        "work_orders.csv": "number,type,site_code,summary,closeout_requires\nWO-1,corrective,S1,Leak,after_photo;notes\n",
    }))
    saved = plans(company)["PM-W"]
    assert (saved.mode, saved.closeout_needs) == (PlanMode.AFTER_COMPLETION, ["signature", "before_photo"])
    with company.read() as uow:
        assert uow.work_order("WO-1").closeout_needs == ["after_photo", "notes"]


# -- refusals --------------------------------------------------------------------------------------
NEEDS = "checklist, notes, signature, before_photo, after_photo"


@pytest.mark.parametrize(("files", "errors"), [
    ({"pm_plans.csv": f"{PLAN_HEAD},mode\n{WEEKLY},monthly\n"},
     ["pm_plans.csv:2: mode: 'monthly' is not a plan mode; use one of: fixed, after_completion"]),
    ({"pm_plans.csv": f"{PLAN_HEAD},closeout_requires\n{WEEKLY},notes;photo\n"},
     [f"pm_plans.csv:2: closeout_requires: 'photo' is not a closeout need; use one of: {NEEDS}"]),
    ({"pm_plans.csv": f"{PLAN_HEAD},generated_through\n{WEEKLY},last week\n"},
     ["pm_plans.csv:2: generated_through: 'last week' is not a date-time; write YYYY-MM-DDTHH:MM, "
      "optionally with an offset"]),
    ({"work_orders.csv": "number,type,site_code,summary,closeout_requires\nWO-1,corrective,S1,Leak,signed\n"},
     [f"work_orders.csv:2: closeout_requires: 'signed' is not a closeout need; use one of: {NEEDS}"]),
    ({"pm_plans.csv": f"{PLAN_HEAD}\nPM-W,S1,Check,FREQ=DAILY;INTERVAL=0,2026-12-01T08:00,0\n"},
     ["pm_plans.csv:2: rrule: 'FREQ=DAILY;INTERVAL=0' cannot be a plan's rule: INTERVAL=0: the interval "
      "must be 1 to 1000"]),
    # UNTIL in UTC is read in the company's zone: 13:00Z is 07:00 in Chicago, before the 08:00 start.
    ({"pm_plans.csv": f"{PLAN_HEAD}\nPM-W,S1,Check,FREQ=DAILY;UNTIL=20261201T130000Z,2026-12-01T08:00,0\n"},
     ["pm_plans.csv:2: rrule: UNTIL=20261201T070000 is before the first occurrence 2026-12-01 08:00"]),
], ids=["mode", "plan need", "mark", "work order need", "rule", "until in the company zone"])
def test_bad_values_are_refused_where_they_are(
    company: ServiceContext, refuse: Refuse, files: dict[str, str], errors: list[str]
) -> None:
    assert refuse(company, files) == errors


def test_until_in_utc_after_the_start_in_the_company_zone_is_taken(company: ServiceContext) -> None:
    import_bundle(company, encoded({
        "pm_plans.csv": f"{PLAN_HEAD}\nPM-W,S1,Check,FREQ=DAILY;UNTIL=20261202T150000Z,2026-12-01T08:00,0\n",
    }))
    pm_generation.generate(company, as_of=date(2026, 12, 10))
    assert occurrences(company, "PM-W") == [chicago(2026, 12, 1, 8, 0), chicago(2026, 12, 2, 8, 0)]
