"""The work order table model and its filter proxy, over plain rows (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.ui.work_orders import (
    NO_TECHNICIAN,
    Column,
    WorkOrderFilterModel,
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


def make_proxy(model: WorkOrderTableModel) -> WorkOrderFilterModel:
    proxy = WorkOrderFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(Column.NUMBER, Qt.SortOrder.AscendingOrder)
    return proxy


def column_texts(proxy: WorkOrderFilterModel, column: Column) -> list[str]:
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(make_model())
    qtmodeltester.check(make_model([]))


def test_proxy_passes_the_model_tester_while_filtering_and_sorting(
    qtmodeltester: ModelTester,
) -> None:
    model = make_model()
    proxy = make_proxy(model)
    proxy.set_status_filter(Status.OPEN)
    proxy.sort(Column.DUE_BY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


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


def test_sorting_uses_real_types_not_text() -> None:
    base = plain_rows(1, now=NOW)[0]
    rows = [
        replace(
            base,
            id=1,
            number="WO-1001",
            estimated_hours=Decimal(12),
            priority=Priority.LOW,
            due_by=datetime(2026, 12, 1, tzinfo=UTC),
            scheduled_start=None,
        ),
        replace(
            base,
            id=2,
            number="WO-999",
            estimated_hours=Decimal("2.5"),
            priority=Priority.EMERGENCY,
            due_by=datetime(2026, 11, 30, tzinfo=UTC),
            scheduled_start=datetime(2026, 11, 20, tzinfo=UTC),
        ),
        replace(
            base,
            id=3,
            number="WO-10000",
            estimated_hours=Decimal("0.5"),
            priority=Priority.HIGH,
            due_by=None,
            scheduled_start=datetime(2026, 11, 19, tzinfo=UTC),
        ),
    ]
    proxy = make_proxy(make_model(rows))

    def order_by(column: Column, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> list[str]:
        proxy.sort(column, order)
        return column_texts(proxy, Column.NUMBER)

    assert order_by(Column.NUMBER) == ["WO-999", "WO-1001", "WO-10000"]
    assert order_by(Column.ESTIMATED_HOURS) == ["WO-10000", "WO-999", "WO-1001"]
    assert order_by(Column.PRIORITY) == ["WO-999", "WO-10000", "WO-1001"]  # most urgent first
    # Dates by instant; no due-by sorts last.
    assert order_by(Column.DUE_BY) == ["WO-999", "WO-1001", "WO-10000"]
    assert order_by(Column.SCHEDULED) == ["WO-10000", "WO-999", "WO-1001"]
    assert order_by(Column.ESTIMATED_HOURS, Qt.SortOrder.DescendingOrder) == [
        "WO-1001",
        "WO-999",
        "WO-10000",
    ]


def test_every_column_sorts() -> None:
    proxy = make_proxy(make_model())
    for column in Column:
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
        keys = proxy.sourceModel().sort_keys(column)
        shown = [keys[proxy.mapToSource(proxy.index(r, 0)).row()] for r in range(proxy.rowCount())]
        assert shown == sorted(shown), column.name


def test_filters_combine() -> None:
    model = make_model()
    proxy = make_proxy(model)
    rows = model.rows

    proxy.set_status_filter(Status.OPEN)
    assert proxy.rowCount() == sum(1 for r in rows if r.status == Status.OPEN)
    proxy.set_priority_filter(Priority.HIGH)
    assert proxy.rowCount() == sum(
        1 for r in rows if r.status == Status.OPEN and r.priority == Priority.HIGH
    )
    proxy.clear_filters()
    assert proxy.rowCount() == len(rows)
    assert not proxy.is_filtered

    proxy.set_type_filter(WorkOrderType.EMERGENCY)
    assert set(column_texts(proxy, Column.TYPE)) == {"Emergency"}
    proxy.set_type_filter(None)

    proxy.set_technician_filter("Ana Reyes")
    assert proxy.rowCount() == sum(1 for r in rows if "Ana Reyes" in r.technicians) > 0
    proxy.set_technician_filter(NO_TECHNICIAN)
    assert proxy.rowCount() == sum(1 for r in rows if not r.technicians) > 0
    assert set(column_texts(proxy, Column.TECHNICIANS)) == {""}


def test_text_filter_matches_every_word_in_any_case() -> None:
    proxy = make_proxy(make_model())
    proxy.set_text_filter("  LAKESIDE   ice ")
    shown = [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())]
    assert shown
    assert all(r.customer == "Lakeside Medical" and "ice" in r.summary.lower() for r in shown)
    proxy.set_text_filter("wo-1003")
    assert column_texts(proxy, Column.NUMBER) == ["WO-1003"]
    proxy.set_text_filter("no such thing")
    assert proxy.rowCount() == 0


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


@pytest.mark.parametrize("count", [5_000])
def test_thousands_of_rows_filter_and_sort(count: int, qtmodeltester: ModelTester) -> None:
    rows = plain_rows(count, now=NOW)
    model = make_model(rows)
    proxy = make_proxy(model)
    assert proxy.rowCount() == count
    proxy.set_text_filter("kai schmidt")
    with_kai = sum(1 for r in rows if "Kai Schmidt" in r.technicians)
    assert proxy.rowCount() == with_kai > 0
    proxy.set_status_filter(frozenset(Status) - {Status.CLOSED, Status.CANCELLED})
    assert 0 < proxy.rowCount() < with_kai
    proxy.sort(Column.DUE_BY, Qt.SortOrder.DescendingOrder)
    proxy.clear_filters()
    assert proxy.rowCount() == count
    # An update of one row among thousands is one dataChanged, not a reset.
    changed = list(rows)
    changed[1234] = replace(changed[1234], status=Status.CANCELLED)
    assert model.set_rows(changed)
    assert model.index(1234, Column.STATUS).data() == "Cancelled"
    qtmodeltester.check(proxy)
