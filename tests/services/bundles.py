"""What the bundle tests share: files as bytes, the state an import must leave alone, and a
runner that imports a broken bundle and returns its errors once sure nothing was written."""

from __future__ import annotations

import itertools
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dispatch_console.services import bundle_import
from dispatch_console.services.bundle_export import export_bundle
from dispatch_console.services.bundle_import import BundleErrors, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.database import Database
from tests.conftest import PG_SERVER, _pg_admin_url

VERSIONED = (m.Company, m.Skill, m.Technician, m.Customer, m.Site, m.Asset, m.Part, m.WorkOrder,
             m.Booking, m.PmPlan, m.WorkRequest, m.ServiceAgreement, m.ScopeChange, m.Invoice)
UNVERSIONED = (m.TechnicianSkill, m.TimeOff, m.LaborEntry, m.PartUsed, m.ChecklistItem, m.PlannedPart, m.Note,
               m.Attachment, m.Signature, m.InvoiceLine, m.Counter)

Refuse = Callable[[ServiceContext, Mapping[str, str | bytes]], list[str]]


def encoded(files: Mapping[str, str | bytes]) -> dict[str, bytes]:
    return {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}


def state(ctx: ServiceContext) -> tuple[Any, ...]:
    """All a refused or repeated import must leave alone: the data, the audit log, every version."""
    with ctx.read() as uow:
        versions = {
            model.__name__: [(row.id, row.version) for row in uow.all(model, order_by=model.id)]
            for model in VERSIONED
        }
        counts = {model.__name__: uow.count(model) for model in UNVERSIONED}
        audit = uow.count(m.AuditEntry)
    return export_bundle(ctx), versions, counts, audit


def refusing(tmp_path: Path) -> Refuse:
    """Write a bundle (files in subfolders too) into a new folder, import it, expect refusal."""
    folders = itertools.count(1)

    def run(ctx: ServiceContext, files: Mapping[str, str | bytes]) -> list[str]:
        folder = tmp_path / f"bundle-{next(folders)}"
        folder.mkdir()
        for name, data in encoded(files).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        before = state(ctx)
        with pytest.raises(BundleErrors) as err:
            import_folder(ctx, folder)
        assert state(ctx) == before
        assert str(err.value) == "\n".join(str(e) for e in err.value.errors)
        return [str(e) for e in err.value.errors]

    return run


def second_database(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    """A second empty, migrated database: where an export is imported for the round trip.

    The body of each module's ``other_ctx`` fixture (a fixture imported from here would shadow
    the parameters that use it)."""
    if PG_SERVER:
        from sqlalchemy import create_engine, text

        name = f"dc_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(_pg_admin_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
        url = _pg_admin_url(name).replace("postgresql://", "postgresql+psycopg://")
    else:
        path = tmp_path / "other.db"
        shutil.copyfile(_template, path)
        url = f"sqlite:///{path}"
    db = Database(url)
    yield ServiceContext(db=db, actor="Olga Office", clock=clock)
    db.dispose()
    if PG_SERVER:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


#: Columns that say when and by whom a row was last saved, not what it holds: an import sets them.
_STAMPS = {"id", "version", "updated_at", "updated_by"}
#: How rows are named across databases: ids differ, codes do not.
_NATURAL_KEYS = {
    "skill": "code", "technician": "code", "customer": "code", "site": "code", "asset": "code",
    "part": "sku", "pm_plan": "code", "work_request": "number", "work_order": "number", "invoice": "number",
}


def database_contents(ctx: ServiceContext) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (bar the audit log), references by code instead of id, sorted."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.read() as uow:
        names = {
            table: dict(uow.session.execute(select(m.Base.metadata.tables[table].c.id,
                                                   m.Base.metadata.tables[table].c[column])).all())
            for table, column in _NATURAL_KEYS.items()
        }
        for table in m.Base.metadata.sorted_tables:
            if table.name == "audit_log":
                continue
            found = []
            for row in uow.session.execute(select(table)).mappings():
                values = []
                for column in table.columns:
                    if column.name in _STAMPS and not column.foreign_keys:
                        continue
                    value = row[column.name]
                    for key in column.foreign_keys:
                        value = names[key.column.table.name].get(value) if value is not None else None
                    values.append((column.name, value))
                found.append(tuple(values))
            contents[table.name] = sorted(found, key=repr)
    return contents


def read_in_two_layouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every other record of each file hold its values in another order (a layout of its
    own), as a reader that takes a file in parts may: the checks and the writing must read each
    record by its own layout, not the first record's."""
    load = bundle_import._Import._load_file  # noqa: SLF001

    def load_in_two(job: bundle_import._Import, spec: bundle_import.FileSpec, data: bytes) -> None:  # noqa: SLF001
        load(job, spec, data)
        records = job.records.get(spec.name, [])
        if len(records) < 2:
            return
        first = records[0].layout
        other = bundle_import._Layout(tuple(reversed(first.names)))  # noqa: SLF001
        places = [first.index[name] for name in other.names]
        for at in range(1, len(records), 2):
            record = records[at]
            assert record.layout is first
            mask = sum(1 << bit for bit, place in enumerate(places) if record.mask >> place & 1)
            records[at] = bundle_import.Record(
                record.line, other, (*(record.vals[place] for place in places), None), mask, record.unread,
                record.quoted,
            )

    monkeypatch.setattr(bundle_import._Import, "_load_file", load_in_two)  # noqa: SLF001
