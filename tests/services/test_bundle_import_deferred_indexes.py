"""An import that fills empty tables builds their indexes (and PostgreSQL's foreign keys) once,
after the rows (storage/bulk_load.py): the schema ends as the migrations made it, a failed import
leaves it so, and tables that already hold rows are written the usual way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from dispatch_console.services.bundle_import import import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import bulk_load, bundle_store
from dispatch_console.storage import models as m
from dispatch_console.storage.bulk_load import DeferredIndexes
from dispatch_console.storage.database import Database
from tests.services.test_bundle_import_bulk import big_bundle, stored_keys


def schema_of(db: Database) -> list[tuple[Any, ...]]:
    """Every index and constraint as the database itself states it."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'table') ORDER BY name"
            )
        else:
            rows = conn.exec_driver_sql(
                "SELECT 'index', c.relname, pg_get_indexdef(c.oid) FROM pg_class c "
                "WHERE c.relkind = 'i' AND c.relnamespace = current_schema()::regnamespace "
                "UNION ALL SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2"
            )
        return [tuple(row) for row in rows]


class Spy:
    """What each DeferredIndexes of the test dropped, by table."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dropped: list[str] = []
        spy = self
        original = DeferredIndexes._defer

        def defer(self: DeferredIndexes, table: str) -> None:
            before = len(self.dropped)
            original(self, table)
            if len(self.dropped) > before:
                spy.dropped.append(table)

        monkeypatch.setattr(DeferredIndexes, "_defer", defer)


def test_an_import_into_an_empty_database_ends_with_the_schema_the_migrations_made(
    ctx: ServiceContext, db: Database, sample_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrated = schema_of(db)
    spy = Spy(monkeypatch)
    import_folder(ctx, sample_bundle)
    assert {"work_order", "booking", "customer", "site"} <= set(spy.dropped)
    assert schema_of(db) == migrated
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM work_order").scalar_one() > 0


def test_tables_that_hold_rows_are_written_with_their_indexes_in_place(
    ctx: ServiceContext, db: Database, sample_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_folder(ctx, sample_bundle)
    spy = Spy(monkeypatch)
    import_folder(ctx, sample_bundle)  # every table it fills holds rows now
    assert spy.dropped == []
    bundle = big_bundle(50)
    import_bundle(ctx, bundle)  # new work orders into a table that has some: still in place
    assert "work_order" not in spy.dropped


def test_an_import_that_fails_after_dropping_them_leaves_indexes_and_rows_as_they_were(
    ctx: ServiceContext, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrated = schema_of(db)
    spy = Spy(monkeypatch)

    def broken(*_args: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(bundle_store, "index_every_work_order", broken)
    with pytest.raises(RuntimeError, match="disk is full"):
        import_bundle(ctx, big_bundle(100))
    assert "work_order" in spy.dropped
    assert schema_of(db) == migrated
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM technician").scalar_one() == 0


def test_the_indexes_answer_queries_again_once_built(ctx: ServiceContext, db: Database) -> None:
    import_bundle(ctx, big_bundle(300))
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = " ".join(
                str(row[-1]) for row in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT id FROM booking WHERE technician_id = 1 AND start > '2026-11-02'"
                )
            )
        else:
            conn.exec_driver_sql("ANALYZE booking")
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(
                row[0] for row in conn.exec_driver_sql(
                    "EXPLAIN SELECT id FROM booking WHERE technician_id = 1 AND start > '2026-11-02'"
                )
            )
    assert "ix_booking_tech_start" in plan


def test_a_table_with_a_row_keeps_its_indexes(db: Database) -> None:
    with db.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql("INSERT INTO skill (code, name, version) VALUES ('HVAC', 'Heating', 1)")
        deferred = DeferredIndexes(conn, [bundle_store.table_of(m.Skill), bundle_store.table_of(m.Booking)])
        dropped = " ".join(deferred.dropped)
        assert "ix_booking_tech_start" in dropped
        assert " skill " not in dropped.replace("(", " ")
        deferred.build()
        assert deferred.dropped == []


def test_postgresql_checks_the_foreign_keys_of_the_rows_when_it_makes_them_again(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps its foreign keys: they are checked row by row as ever")
    with db.engine.connect() as conn:
        transaction = conn.begin()
        deferred = DeferredIndexes(conn, [bundle_store.table_of(m.Booking)])
        assert any("FOREIGN KEY (work_order_id)" in statement for statement in deferred.dropped)
        conn.exec_driver_sql(
            "INSERT INTO booking (work_order_id, technician_id, start, \"end\", version) "
            "VALUES (999999, 999999, '2026-11-02 08:00', '2026-11-02 09:00', 1)"
        )
        with pytest.raises(IntegrityError, match="foreign key"):
            deferred.build()
        transaction.rollback()


def test_postgresql_loads_a_table_another_pc_is_reading_the_usual_way(
    ctx: ServiceContext, db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite a reader never holds a table against a writer")
    monkeypatch.setattr(bulk_load, "LOCK_WAIT_MS", 200)
    spy = Spy(monkeypatch)
    migrated = schema_of(db)
    reader = create_engine(db_url)
    try:
        with reader.connect() as other_pc:
            other_pc.execute(text("SELECT count(*) FROM booking"))  # its transaction stays open
            import_bundle(ctx, big_bundle(100))
            other_pc.rollback()
    finally:
        reader.dispose()
    assert "booking" not in spy.dropped
    assert "work_order" in spy.dropped
    assert schema_of(db) == migrated
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM booking").scalar_one() == 90


def test_the_search_index_holds_every_work_order_written_into_an_empty_table_or_not(
    ctx: ServiceContext, db: Database
) -> None:
    import_bundle(ctx, big_bundle(300))  # an empty table: indexed at once at the end
    stored, computed = stored_keys(db)
    assert stored == computed
    assert len(stored) == 600 if db.engine.dialect.name == "sqlite" else 300
    import_bundle(ctx, big_bundle(450))  # 150 more into a table that has rows: indexed by batch
    stored, computed = stored_keys(db)
    assert stored == computed
    assert len(stored) == 900 if db.engine.dialect.name == "sqlite" else 450
