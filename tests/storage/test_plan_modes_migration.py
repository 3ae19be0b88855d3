"""Migration 0003: a plan that made work orders before it existed has generated up to its latest
occurrence; going down and up again loses no work order, checklist or plan."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, inspect, select, text

from dispatch_console.services import pm_generation
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.pm_plans import PlanSpec, create_plan
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.storage.test_database import _migrate


def counts(db: Database) -> tuple[int, int, int]:
    with db.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.scalar(select(func.count()).select_from(table))
            for table in (m.PmPlan.__table__, m.WorkOrder.__table__, m.ChecklistItem.__table__)
        )


def test_going_down_and_up_keeps_every_row_and_marks_what_was_made(company: ServiceContext, db: Database) -> None:
    create_plan(company, PlanSpec(
        code="PM-1", site_code="S1", summary="Monthly check", rule="FREQ=MONTHLY;BYMONTHDAY=1",
        start_wall=datetime(2026, 12, 1, 8, 0), lead_days="0", checklist=("Look", "Listen"),
    ))
    pm_generation.generate(company, as_of=date(2027, 2, 1))
    before = counts(db)
    _migrate(db, "downgrade", "0002")
    assert "generated_through" not in {c["name"] for c in inspect(db.engine).get_columns("pm_plan")}
    assert counts(db) == before  # no cascade took rows along
    _migrate(db, "upgrade", "head")
    assert counts(db) == before == (1, 3, 6)
    with db.engine.connect() as conn:
        mark = conn.execute(text("SELECT generated_through FROM pm_plan")).scalar_one()
    assert str(mark).startswith("2027-02-01 14:00")  # 08:00 Chicago on 1 Feb, its latest occurrence
    assert pm_generation.generate(company, as_of=date(2027, 2, 1)).created == ()
