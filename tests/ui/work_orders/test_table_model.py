"""The work order table model and its filter proxy, over plain rows (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.ui.work_orders import (
    Column,
    WorkOrderTableModel,
)
from dispatch_console.ui.work_orders.table_model import NUMBER_ROLE, ROW_ROLE
from tests.ui.seed import plain_rows

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
CHICAGO = ZoneInfo("America/Chicago")


def make_model(rows: list | None = None) -> WorkOrderTableModel:
    return WorkOrderTableModel(
        plain_rows(40, now=NOW) if rows is None else rows, tz=CHICAGO, now=NOW
    )


def make_proxy(model: WorkOrderTableModel) -> QSortFilterProxyModel:
    """A plain proxy over the model (the list's filters and sorting are SQL now: they are tested
    in tests/storage/test_work_order_pages.py)."""
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    return proxy


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(make_model())
    qtmodeltester.check(make_model([]))


def test_model_tester_follows_incremental_updates(qtmodeltester: ModelTester) -> None:
    rows = plain_rows(30, now=NOW)
    model = make_model(rows)
    proxy = make_proxy(model)
    qtmodeltester.check(proxy, force_py=True)
    changed = [replace(r, summary="Changed") if r.id % 5 == 0 else r for r in rows if r.id % 7]
    extra = plain_rows(35, now=NOW)[30:]
    assert model.set_rows(changed + extra)
    assert model.rowCount() == len(changed) + len(extra)


def test_display_formats_dates_in_the_company_zone_and_hours_without_zeros() -> None:
    row = replace(
        plain_rows(1, now=NOW)[0],
        scheduled_start=datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
        due_by=datetime(2027, 1, 4, 23, 0, tzinfo=UTC),
        estimated_hours=Decimal("2.50"),
        status=Status.IN_PROGRESS,
        priority=Priority.EMERGENCY,
        type=WorkOrderType.INSTALLATION,
        technicians=("Ana Reyes", "Ben Okafor"),
    )
    model = make_model([row])

    def shown(column: Column) -> str:
        return model.index(0, column).data()

    assert shown(Column.SCHEDULED) == "Thu 26 Nov 08:00"  # 14:00 UTC is 08:00 in Chicago
    assert shown(Column.DUE_BY) == "Mon 04 Jan 2027 17:00"  # another year: the year is shown
    assert shown(Column.ESTIMATED_HOURS) == "2.5"
    assert shown(Column.STATUS) == "In progress"
    assert shown(Column.PRIORITY) == "Emergency"
    assert shown(Column.TYPE) == "Installation"
    assert shown(Column.TECHNICIANS) == "Ana Reyes, Ben Okafor"
    texts = {Column.NUMBER: row.number, Column.CUSTOMER: row.customer, Column.SITE: row.site,
             Column.SUMMARY: row.summary}
    assert len(set(texts.values())) == len(texts)  # each column's own text, none another's
    assert {column: shown(column) for column in texts} == texts
    assert model.index(0, Column.SUMMARY).data(ROW_ROLE) is row
    assert model.index(0, Column.SITE).data(NUMBER_ROLE) == row.number


def test_overdue_due_by_is_red_with_an_icon_until_the_work_is_done() -> None:
    base = plain_rows(1, now=NOW)[0]
    late = replace(
        base, id=1, number="WO-1", due_by=NOW - timedelta(hours=1), status=Status.SCHEDULED
    )
    done = replace(
        base, id=2, number="WO-2", due_by=NOW - timedelta(hours=1), status=Status.COMPLETED
    )
    ahead = replace(base, id=3, number="WO-3", due_by=NOW + timedelta(hours=1), status=Status.OPEN)
    model = make_model([late, done, ahead])

    def foreground(row: int) -> object:
        return model.index(row, Column.DUE_BY).data(Qt.ItemDataRole.ForegroundRole)

    assert isinstance(foreground(0), QBrush)
    assert model.index(0, Column.DUE_BY).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Overdue" in model.index(0, Column.DUE_BY).data(Qt.ItemDataRole.ToolTipRole)
    assert foreground(1) is None
    assert foreground(2) is None

    model.set_now(NOW + timedelta(hours=2))
    assert isinstance(foreground(2), QBrush)


def test_set_rows_updates_in_place_and_keeps_persistent_indexes() -> None:
    rows = plain_rows(10, now=NOW)
    model = make_model(rows)
    proxy = make_proxy(model)
    kept = QPersistentModelIndex(proxy.index(7, Column.SUMMARY))
    number = kept.data(NUMBER_ROLE)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changed_rows: list[int] = []
    model.dataChanged.connect(
        lambda first, last: changed_rows.extend(range(first.row(), last.row() + 1))
    )

    assert not model.set_rows(list(rows))  # nothing new: nothing happens
    changed = [replace(r, summary="Moved to Monday") if r.id == 3 else r for r in rows]
    new = replace(plain_rows(11, now=NOW)[10], id=99, number="WO-9999")
    assert model.set_rows([r for r in changed if r.id != 5] + [new])

    assert not resets
    assert changed_rows == [2]
    assert model.rowCount() == 10
    assert kept.isValid() and kept.data(NUMBER_ROLE) == number
    assert model.index_of_number("WO-9999").isValid()
    assert not model.index_of_number(rows[4].number).isValid()
    assert (
        model.index_of_number(rows[2].number).siblingAtColumn(Column.SUMMARY).data()
        == "Moved to Monday"
    )


def test_first_load_and_reordering_reset_the_model(qtbot: QtBot) -> None:
    rows = plain_rows(5, now=NOW)
    model = make_model([])
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.set_rows(rows)
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.set_rows(list(reversed(rows)))
    assert [r.id for r in model.rows] == [5, 4, 3, 2, 1]


def test_zone_change_repaints_the_date_columns(qtbot: QtBot) -> None:
    row = replace(
        plain_rows(1, now=NOW)[0], scheduled_start=datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    )
    model = make_model([row])
    with qtbot.waitSignal(model.dataChanged, timeout=100):
        model.set_zone(ZoneInfo("Europe/Berlin"))
    assert model.index(0, Column.SCHEDULED).data() == "Thu 26 Nov 15:00"


