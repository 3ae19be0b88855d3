"""PostgreSQL: the trigram indexes of the searches (migration 0004), and the searches without them.

Quick find and intake compare lower(column) LIKE '%text%' there; pg_trgm GIN indexes on exactly
those expressions make it a look-up. A server where the extension cannot be created still gets
working searches, and the log says why they may be slow.
"""

from __future__ import annotations

import importlib.util
import logging
from types import ModuleType

import pytest
from sqlalchemy import text

from dispatch_console.services import customer_search, customers, quick_find
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
from tests.conftest import PG_SERVER

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="PostgreSQL only (set DISPATCH_CONSOLE_TEST_PG)")


def migration(revision: str) -> ModuleType:
    path = next((schema.MIGRATIONS / "versions").glob(f"{revision}_*.py"))
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.scalars(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm'")))


def test_a_new_database_has_the_trigram_indexes_and_a_search_uses_them(db: Database, company: ServiceContext) -> None:
    # 0004's on customers, sites and assets; 0007's on the work order list's search text.
    assert indexes(db) == set(migration("0004").SEARCH_INDEXES) | {migration("0007").TRGM_INDEX}
    customers.create_customer(company, CustomerSpec(code="C10", name="Northgate Dental", phone="(214) 555-0100"))
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # a handful of rows: judge the index, not cost
        plan = "\n".join(conn.scalars(text(
            "EXPLAIN SELECT id FROM customer WHERE lower(name) LIKE '%dental%' OR phone_digits LIKE '%5550100%'"
        )))
    assert "ix_customer_name_trgm" in plan and "ix_customer_phone_digits_trgm" in plan, plan


def test_the_work_order_lists_search_uses_its_trigram_index(db: Database, company: ServiceContext) -> None:
    """Migration 0007's index on the stored search text answers the list's LIKE '%word%'."""
    from sqlalchemy import select

    from dispatch_console.storage import models as m
    from dispatch_console.storage import work_order_pages

    assert migration("0007").TRGM_INDEX in indexes(db)
    with company.read() as uow:
        where = work_order_pages._search(uow.session, ("leak",))  # the list's own condition
    compiled = select(m.WorkOrder.id).where(*where).compile(dialect=db.engine.dialect)
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params))
    assert migration("0007").TRGM_INDEX in plan, plan


def test_without_pg_trgm_the_searches_work_and_the_log_says_why_they_may_be_slow(
    db: Database, company: ServiceContext, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP EXTENSION pg_trgm CASCADE"))  # its indexes go with it
    assert indexes(db) == set()
    module = migration("0004")
    # As on a server where this role may not create the extension: the statement fails.
    monkeypatch.setattr(module, "CREATE_TRGM", "CREATE EXTENSION dispatch_console_no_such_extension")
    with caplog.at_level(logging.WARNING), db.engine.begin() as conn:
        assert module.create_search_indexes(conn) is False
        conn.execute(text("SELECT 1"))  # the transaction goes on: only the savepoint was undone
    assert indexes(db) == set()
    assert "no trigram indexes" in caplog.text and "could not be created" in caplog.text
    assert "CREATE INDEX IF NOT EXISTS ix_customer_name_trgm ON customer" in caplog.text

    customers.create_customer(company, CustomerSpec(code="C10", name="Northgate Dental", phone="(214) 555-0100"))
    assert [c.code for c in customer_search.find_customers(company, "214.555.0100")] == ["C10"]
    assert [h.key for h in quick_find.search(company, "northgate")] == ["C10"]
    assert customer_search.find_customers(company, "southgate") == []

    # With the extension back, the same function makes the indexes.
    with db.engine.begin() as conn:
        assert migration("0004").create_search_indexes(conn) is True
    assert indexes(db) == set(module.SEARCH_INDEXES)
