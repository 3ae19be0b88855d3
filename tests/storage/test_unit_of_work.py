"""The unit of work: SQLAlchemy's own stale-data error reaches the dispatcher as a plain refusal.

Services compare versions first (``check_version``); this is the net under them, for a row another
PC saved between our read and our write inside one unit of work (on PostgreSQL: two PCs read the
same version, the second one's UPDATE waits for the first one's commit and matches no row). It
names who saved and when, as ``check_version`` does; only a change it cannot find committed (as
the tests below fake one, inside our own transaction) gets the plain sentence.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict, NotFound
from dispatch_console.services import work_orders
from dispatch_console.services.bundle_import import import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage import models as m
from tests.conftest import PG_SERVER
from tests.seed import small_company

REFUSAL = "somebody else saved this record while you were editing; reload and try again"


@pytest.fixture
def company(ctx: ServiceContext) -> ServiceContext:
    small_company(ctx)
    return ctx


def _saved_meanwhile(uow, tech: m.Technician) -> None:  # type: ignore[no-untyped-def]
    """Another PC's save of the same row, as its UPDATE leaves it: a new version."""
    uow.session.execute(
        text("UPDATE technician SET version = version + 1, name = 'Ana R. (other PC)' WHERE id = :id"),
        {"id": tech.id},
    )


def _name(ctx: ServiceContext) -> str:
    with ctx.read() as uow:
        return uow.require(m.Technician, "T1").name


def test_a_stale_row_on_flush_is_a_concurrency_conflict(company: ServiceContext) -> None:
    with pytest.raises(ConcurrencyConflict, match="^" + REFUSAL + "$"):
        with company.write("Rename") as uow:
            tech = uow.require(m.Technician, "T1")
            _saved_meanwhile(uow, tech)
            tech.name = "Ana Reyes-Cruz"
            uow.flush()
    assert _name(company) == "Ana Reyes"  # rolled back, the other save included: nothing half-done


def test_a_stale_row_on_commit_is_a_concurrency_conflict(company: ServiceContext) -> None:
    with pytest.raises(ConcurrencyConflict, match="^" + REFUSAL + "$"):
        with company.write("Rename") as uow:
            tech = uow.require(m.Technician, "T1")
            _saved_meanwhile(uow, tech)
            tech.name = "Ana Reyes-Cruz"
    assert _name(company) == "Ana Reyes"


def test_a_current_row_saves(company: ServiceContext) -> None:
    with company.write("Rename") as uow:
        tech = uow.require(m.Technician, "T1")
        tech.name = "Ana Reyes-Cruz"
        uow.flush()
    assert _name(company) == "Ana Reyes-Cruz"


# -- a save that lost a race on PostgreSQL names who won it and when -------------------------------
ON_POSTGRESQL = pytest.mark.skipif(
    not PG_SERVER,
    reason="on SQLite a write holds the database's one write lock: no other PC can save in between",
)


def _other_pc(ctx: ServiceContext) -> ServiceContext:
    """Another PC on the same database, an hour later (10:00 in Chicago)."""
    return ServiceContext(db=ctx.db, actor="Ben at PC 2", clock=lambda: datetime(2026, 11, 26, 16, 0, tzinfo=UTC))


@ON_POSTGRESQL
def test_a_row_another_pc_saved_between_our_read_and_our_write_names_that_pc_and_the_time(
    company: ServiceContext,
) -> None:
    with pytest.raises(ConcurrencyConflict) as refused:
        with company.write("Rename") as uow:
            tech = uow.require(m.Technician, "T1")
            with _other_pc(company).write("Rename") as other:
                other.require(m.Technician, "T1").name = "Ana R."
            tech.name = "Ana Reyes-Cruz"
            uow.flush()
    assert str(refused.value) == (
        "The technician T1 was changed by Ben at PC 2 at 2026-11-26 10:00 after you opened it; "
        "your change was not saved. Reload it and make your change again."
    )
    assert _name(company) == "Ana R."


@ON_POSTGRESQL
def test_a_work_order_saved_meanwhile_on_commit_is_named_by_its_number(company: ServiceContext) -> None:
    spec = WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="No cooling")
    number = work_orders.create_work_order(company, spec)
    with pytest.raises(ConcurrencyConflict, match=f"^{number} was changed by Ben at PC 2 at 2026-11-26 10:00 after"):
        with company.write("Edit") as uow:
            wo = uow.work_order(number)
            with _other_pc(company).write("Edit") as other:
                other.work_order(number).summary = "No cooling at all"
            wo.summary = "Warm air"


@ON_POSTGRESQL
def test_a_row_another_pc_deleted_meanwhile_names_that_pc_the_time_and_the_action(company: ServiceContext) -> None:
    with pytest.raises(ConcurrencyConflict) as refused:
        with company.write("Reprice") as uow:
            part = uow.require(m.Part, "R410A")
            with _other_pc(company).write("Remove part R410A") as other:
                other.delete(other.require(m.Part, "R410A"))
            part.unit_price = Decimal("30.00")
            uow.flush()
    assert str(refused.value) == (
        "the part R410A was deleted by Ben at PC 2 at 2026-11-26 10:00 (Remove part R410A) after you "
        "opened it; your change was not saved"
    )


# -- one at a time: serialize ----------------------------------------------------------------------
@ON_POSTGRESQL
def test_a_serialized_operation_waits_for_the_same_operation_on_another_pc(company: ServiceContext) -> None:
    entered: list[str] = []

    def second_pc() -> None:
        with _other_pc(company).write("Import") as other:
            other.serialize(other.COMPANY_DATA)
            entered.append("second")

    with company.write("Import") as uow:
        uow.serialize(uow.COMPANY_DATA)
        waiting = threading.Thread(target=second_pc)
        waiting.start()
        waiting.join(timeout=1.5)
        assert entered == []  # still waiting for the first
        with _other_pc(company).write("Something else") as other:
            other.serialize("another operation")  # other operations do not wait
        entered.append("first")
    waiting.join(timeout=10)
    assert entered == ["first", "second"]


def test_an_operation_serialized_twice_by_one_pc_does_not_wait_for_itself(company: ServiceContext) -> None:
    with company.write("Import") as uow:
        uow.serialize(uow.COMPANY_DATA)
        uow.serialize(uow.COMPANY_DATA)  # taken twice by one PC: no wait either way
        uow.require(m.Part, "R410A").unit_price = Decimal("30.00")
    with company.read() as uow:
        assert uow.require(m.Part, "R410A").unit_price == Decimal("30.00")


# -- numbering ---------------------------------------------------------------------------------------
def test_the_first_number_of_a_series_without_its_row_is_the_start_and_the_row_is_written(
    company: ServiceContext,
) -> None:
    with company.write("Forget the series") as uow:
        uow.session.execute(text("DELETE FROM counter WHERE name = 'work_order'"))
    with company.write("Number") as uow:
        assert uow.next_number("work_order", "WO-", m.WorkOrder) == "WO-1001"
        assert uow.next_number("work_order", "WO-", m.WorkOrder) == "WO-1002"
    with company.write("Number") as uow:
        assert uow.next_number("work_order", "WO-", m.WorkOrder) == "WO-1003"
        assert uow.next_number("a_new_series", "X-", m.WorkOrder, start=7) == "X-7"
    with company.read() as uow:
        assert {c.name: c.next_value for c in uow.all(m.Counter, order_by=m.Counter.name)}["work_order"] == 1004


def test_a_code_typed_in_another_case_is_named_in_the_refusal(ctx: ServiceContext, sample_bundle: Path) -> None:
    """Codes and numbers are matched exactly; a refusal of wo-1013 names WO-1013."""
    import_folder(ctx, sample_bundle)
    with ctx.read() as uow:
        with pytest.raises(NotFound, match=r"^no work order 'wo-1013'; did you mean 'WO-1013'\? "):
            uow.work_order("wo-1013")
        with pytest.raises(NotFound, match=r"^no technician 't001'; did you mean 'T001'\? "):
            uow.require(m.Technician, "t001")
        with pytest.raises(NotFound, match=r"^no work order 'WO-99999'$"):
            uow.work_order("WO-99999")
        assert uow.work_order("WO-1013").number == "WO-1013"
