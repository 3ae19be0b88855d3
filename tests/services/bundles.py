"""What the bundle tests share: files as bytes, the state an import must leave alone, and a
runner that imports a broken bundle and returns its errors once sure nothing was written."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.services.bundle_export import export_bundle
from dispatch_console.services.bundle_import import BundleErrors, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m

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
