"""The database layer: migrations, SQLite tuning, audit log, optimistic concurrency."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from dispatch_console.domain.errors import ConcurrencyConflict, DatabaseUnavailable, ValidationError
from dispatch_console.services import company
from dispatch_console.services.company import CompanySettings
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
from dispatch_console.storage.models import AuditEntry, Technician


def test_migrated_database_is_at_head(db: Database) -> None:
    assert schema.is_current(db)


def test_upgrade_of_current_database_keeps_data(ctx: ServiceContext, db: Database) -> None:
    company.save_settings(ctx, CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    before, after = schema.upgrade(db)
    assert before == after == schema.head_revision()
    assert company.get_settings(ctx).name == "Acme HVAC"


#: The oldest schema a customer's database can have: the first release's.
FIRST_SCHEMA = "0001"


def _migrate(db: Database, how: str, revision: str) -> None:
    """Alembic by hand, as an older release left the database (the program only goes to head)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, how)(config, revision)


def test_a_database_of_the_first_release_is_upgraded_with_its_data(ctx: ServiceContext, db: Database) -> None:
    _migrate(db, "downgrade", "base")
    _migrate(db, "upgrade", FIRST_SCHEMA)
    # Rows written as that release wrote them: plain SQL against its tables, not today's models.
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO company (id, name, timezone, currency, payment_terms_days, travel_speed_kmh, version) "
            "VALUES (1, 'Acme Mechanical', 'America/Chicago', 'USD', 30, 55, 3)"
        )
        conn.exec_driver_sql(
            "INSERT INTO technician (id, code, name, shift_start, shift_end, workdays, active, version) "
            "VALUES (1, 'T1', 'Ana Reyes', '08:00:00', '17:00:00', 'Mon;Tue;Wed;Thu;Fri', TRUE, 1)"
        )
        conn.exec_driver_sql("UPDATE counter SET next_value = 1042 WHERE name = 'work_order'")
    assert schema.current_revision(db) == FIRST_SCHEMA

    assert schema.upgrade(db) == (FIRST_SCHEMA, schema.head_revision())

    assert schema.is_current(db)
    settings = company.get_settings(ctx)
    assert (settings.name, settings.timezone, settings.travel_speed_kmh, settings.version) == (
        "Acme Mechanical", "America/Chicago", Decimal("55"), 3
    )
    with ctx.read() as uow:
        ana = uow.require(Technician, "T1")
        assert (ana.name, ana.shift_start, ana.shift_end, ana.active) == ("Ana Reyes", time(8), time(17), True)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT next_value FROM counter WHERE name = 'work_order'").scalar() == 1042


def test_a_database_upgraded_by_a_newer_release_is_refused_untouched(ctx: ServiceContext, db: Database) -> None:
    company.save_settings(ctx, CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_from_a_newer_release'")
    with pytest.raises(schema.NewerSchema) as err:
        schema.upgrade(db)
    assert str(err.value) == (
        f"the database {db.display_name} was upgraded by a newer Dispatch Console "
        "(schema 0999_from_a_newer_release); this one cannot use it: install the newer version on this PC"
    )
    assert isinstance(err.value, DatabaseUnavailable)
    assert schema.current_revision(db) == "0999_from_a_newer_release"
    assert company.get_settings(ctx).name == "Acme HVAC"


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "mysql://u@h/db",
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "postgresql+psycopg://u@localhost:notaport/db",
    ],
)
def test_bad_database_url_is_explained(url: str) -> None:
    with pytest.raises(DatabaseUnavailable) as err:
        Database(url).check_reachable()
    assert "database" in str(err.value).lower() or "supported" in str(err.value)
    assert "sqlalche.me" not in str(err.value) and "Traceback" not in str(err.value)


def test_every_change_is_audited(ctx: ServiceContext, db: Database) -> None:
    company.save_settings(ctx, CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    settings = company.get_settings(ctx)
    company.save_settings(ctx, CompanySettings(**{**settings.__dict__, "name": "Acme Mechanical"}))
    with db.read() as uow:
        entries = uow.audit_of("company", 1)
        assert [e.change for e in entries] == ["insert", "update"]
        assert entries[1].actor == "Dana Dispatcher"
        assert entries[1].action == "Change company settings"
        assert entries[1].details["name"] == ["Acme HVAC", "Acme Mechanical"]


def test_stale_save_is_refused_naming_who_and_when(ctx: ServiceContext, db: Database) -> None:
    company.save_settings(ctx, CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    mine = company.get_settings(ctx)
    other = ServiceContext(db=db, actor="Olga Office", clock=ctx.clock)
    company.save_settings(other, CompanySettings(**{**mine.__dict__, "phone": "555-0100"}))
    with pytest.raises(ConcurrencyConflict) as err:
        company.save_settings(ctx, CompanySettings(**{**mine.__dict__, "name": "Mine"}))
    assert "Olga Office" in str(err.value)
    assert "2026-11-26" in str(err.value)
    assert company.get_settings(ctx).name == "Acme HVAC"  # nothing overwritten


def test_invalid_company_settings_write_nothing(ctx: ServiceContext, db: Database) -> None:
    with pytest.raises(ValidationError) as err:
        company.save_settings(
            ctx,
            CompanySettings(name=" ", timezone="Mars/Olympus", currency="dollars", tax_rate=Decimal("-1")),
        )
    text = str(err.value)
    assert "name" in text and "Mars/Olympus" in text and "currency" in text and "tax rate" in text
    assert not company.is_set_up(ctx)
    with db.read() as uow:
        assert uow.count(AuditEntry) == 0


def test_migrations_match_the_models(db: Database) -> None:
    """A model change without its Alembic revision fails here, not on a customer's PC."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from dispatch_console.storage.models import Base, tracked_by_models

    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": tracked_by_models}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_changes_of_other_consoles_are_seen_through_the_audit_log(ctx: ServiceContext, db: Database) -> None:
    from dispatch_console.services import changes

    cursor = changes.start_cursor(ctx)
    company.save_settings(ctx, CompanySettings(name="Acme HVAC", timezone="America/Chicago"))
    cursor, seen = changes.changes_since(ctx, cursor)
    assert seen.entities == frozenset()  # our own change was notified already
    other = ServiceContext(db=db, actor=ctx.actor, clock=ctx.clock)  # same login, another PC
    settings = company.get_settings(other)
    company.save_settings(other, CompanySettings(**{**settings.__dict__, "phone": "555"}))
    cursor, seen = changes.changes_since(ctx, cursor)
    assert seen.entities == {"company"}
    assert changes.changes_since(ctx, cursor)[1].entities == frozenset()


def test_the_head_revision_the_start_up_checks_is_alembics_head() -> None:
    # Start-up compares with HEAD_REVISION without importing Alembic; a new migration must
    # move it, or every database would look outdated (or newer) to the program.
    assert schema.head_revision() == schema.alembic_head()


def test_start_up_on_an_up_to_date_database_does_not_import_alembic(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from dispatch_console.storage.database import Database\n"
        "from dispatch_console.services.context import ServiceContext\n"
        "from dispatch_console.services import setup\n"
        f"ctx = ServiceContext(db=Database({db_url!r}))\n"
        "setup.prepare_schema(ctx, upgrade_outdated=True)\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
