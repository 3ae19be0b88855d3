"""Cells a spreadsheet would run as a formula: the default export writes them exactly; the
spreadsheet-safe export protects them with an apostrophe that the import takes off again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services.bundle_export import export_bundle, export_folder
from dispatch_console.services.bundle_import import (
    FORMULA_STARTS,
    TEXT_COLUMNS,
    import_bundle,
    import_folder,
)
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.services.bundles import Refuse, database_contents, encoded, refusing, second_database

RISKY = ("=1+1", "=HYPERLINK(\"http://x\")", "+1 555 0100", "-12.50", "@SUM(A1)", "\tTab first", "\rCR first",
         "'apostrophe first", "''=two apostrophes", "plain text", " =space first", "")


@pytest.fixture
def other_ctx(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    yield from second_database(_template, tmp_path, clock)


@pytest.fixture
def refuse(tmp_path: Path) -> Refuse:
    return refusing(tmp_path)


@pytest.fixture
def risky(company: ServiceContext) -> ServiceContext:
    """A work order per risky text (summary and note), a code starting with '-', a west longitude."""
    with company.write("seed risky") as uow:
        site = uow.require(m.Site, "S1")
        for n, text in enumerate(RISKY, start=1):
            wo = m.WorkOrder(number=f"W{n:02d}", type=WorkOrderType.GENERAL, site=site, summary=text or "empty",
                             description=text or None, created_at=datetime(2026, 11, 26, 15, tzinfo=UTC))
            wo.notes = [m.Note(author="=cmd|' /C calc'!A0", at=datetime(2026, 11, 26, 15, tzinfo=UTC), text=text or "x")]
            uow.add(wo)
        uow.add(m.Part(sku="-MINUS", description="@part", unit_price=Decimal("12.50"), unit="ea"))
    return company


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_default_export_writes_formula_cells_exactly(risky: ServiceContext) -> None:
    bundle = export_bundle(risky)
    assert bundle["bundle.csv"] == b"version\n2\n"
    summaries = {row["number"]: row["summary"] for row in _rows(bundle["work_orders.csv"])}
    assert [summaries[f"W{n:02d}"] for n in range(1, len(RISKY) + 1)] == [text or "empty" for text in RISKY]
    assert _rows(bundle["parts.csv"])[0]["sku"] == "-MINUS"


def test_the_safe_export_protects_text_cells_and_nothing_else(risky: ServiceContext) -> None:
    bundle = export_bundle(risky, spreadsheet_safe=True)
    assert bundle["bundle.csv"] == b"version,spreadsheet_safe\n2,true\n"
    summaries = {row["number"]: row["summary"] for row in _rows(bundle["work_orders.csv"])}
    assert [summaries[f"W{n:02d}"] for n in range(1, len(RISKY) + 1)] == [
        "'=1+1", "'=HYPERLINK(\"http://x\")", "'+1 555 0100", "'-12.50", "'@SUM(A1)", "'\tTab first",
        "'\rCR first", "''apostrophe first", "'''=two apostrophes", "plain text", " =space first", "empty",
    ]
    assert _rows(bundle["notes.csv"])[0]["author"] == "'=cmd|' /C calc'!A0"
    part = _rows(bundle["parts.csv"])[0]
    assert (part["sku"], part["description"], part["unit_price"]) == ("'-MINUS", "'@part", "12.50")
    technician = _rows(bundle["technicians.csv"])[0]
    assert technician["home_lon"] == "-96.8"  # a number: a spreadsheet shows it, never runs it
    # No text cell of any file starts as a formula; only numbers and dates may start with '-'.
    for name, data in bundle.items():
        if name == "bundle.csv":
            continue
        for row in _rows(data):
            for column, cell in row.items():
                if column in TEXT_COLUMNS[2][name]:
                    assert not cell.startswith(FORMULA_STARTS), (name, column, cell)
                else:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r", "'")), (name, column, cell)


def test_the_safe_export_imports_back_exactly(
    risky: ServiceContext, other_ctx: ServiceContext, tmp_path: Path
) -> None:
    export_folder(risky, tmp_path / "safe", spreadsheet_safe=True)
    import_folder(other_ctx, tmp_path / "safe")
    assert database_contents(other_ctx) == database_contents(risky)
    assert export_bundle(other_ctx) == export_bundle(risky)
    assert not import_folder(other_ctx, tmp_path / "safe").changed
    # The same folder again, written plainly: the apostrophes go, the data stays the same.
    export_folder(risky, tmp_path / "safe")
    assert (tmp_path / "safe" / "bundle.csv").read_bytes() == b"version\n2\n"
    assert not import_folder(other_ctx, tmp_path / "safe").changed


def test_an_apostrophe_is_kept_when_the_bundle_is_not_marked_safe(company: ServiceContext) -> None:
    import_bundle(company, encoded({
        "bundle.csv": "version\n2\n",
        "skills.csv": "code,name\nPLC,'=not a formula\n",
    }))
    with company.read() as uow:
        assert uow.require(m.Skill, "PLC").name == "'=not a formula"


def test_a_safe_mark_that_is_not_yes_or_no_is_refused(ctx: ServiceContext, refuse: Refuse) -> None:
    assert refuse(ctx, {"bundle.csv": "version,spreadsheet_safe\n2,perhaps\n", "skills.csv": "code,name\nA,B\n"}) == [
        "bundle.csv:2: spreadsheet_safe: 'perhaps' is not a yes/no value; write true/false, yes/no or 1/0"
    ]
