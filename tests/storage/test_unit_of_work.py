"""The unit of work: SQLAlchemy's own stale-data error reaches the dispatcher as a plain refusal.

Services compare versions first (``check_version``); this is the net under them, for a row another
PC saved between our read and our write inside one unit of work.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dispatch_console.domain.errors import ConcurrencyConflict
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
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
