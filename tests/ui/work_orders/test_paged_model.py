"""The paged work order model, driven through a table view as a dispatcher would: scrolling
fetches more rows, a click on a header sorts in the database, a search narrows, and a refresh
keeps the selection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from dispatch_console.domain.sorting import number_key
from dispatch_console.services import work_order_list
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.work_order_list import ListQuery
from dispatch_console.storage import models as m
from dispatch_console.ui.work_orders.paged_model import PagedWorkOrderModel
from dispatch_console.ui.work_orders.table_model import NUMBER_ROLE, Column

COUNT = 130


@pytest.fixture
def listed(company: ServiceContext) -> ServiceContext:
    with company.write("seed") as uow:
        site = uow.session.query(m.Site).filter_by(code="S1").one()
        for i in range(COUNT):
            uow.add(m.WorkOrder(
                number=f"WO-{1001 + i}", type="corrective", priority="normal", priority_rank=2,
                status="open", site=site, summary=f"{'Ólafur' if i % 2 else 'Zeta'} leak {i % 7}",
                estimated_hours=Decimal(1 + i % 5), created_at=company.now() - timedelta(days=i),
            ))
    return company


def make_view(qtbot: QtBot, ctx: ServiceContext, page_size: int = 40) -> tuple[QTableView, PagedWorkOrderModel]:
    model = PagedWorkOrderModel(ctx, tz=ctx.zone(), now=ctx.now(), page_size=page_size)
    model.set_query(ListQuery())
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSortIndicator(Column.NUMBER, Qt.SortOrder.AscendingOrder)
    view.resize(900, 400)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def numbers(model: PagedWorkOrderModel) -> list[str]:
    return [model.index(r, 0).data(NUMBER_ROLE) for r in range(model.rowCount())]


def test_passes_the_model_tester(listed: ServiceContext, qtmodeltester: ModelTester) -> None:
    model = PagedWorkOrderModel(listed, tz=listed.zone(), now=listed.now(), page_size=50)
    model.set_query(ListQuery())
    qtmodeltester.check(model)


def test_a_screenful_first_and_more_as_the_list_scrolls(qtbot: QtBot, listed: ServiceContext) -> None:
    view, model = make_view(qtbot, listed)
    assert model.rowCount() < COUNT and model.total == COUNT
    for _ in range(10):
        view.scrollToBottom()
        qtbot.wait(20)
    assert model.rowCount() == COUNT
    assert numbers(model) == sorted(numbers(model), key=number_key)
    assert not model.canFetchMore()


def test_a_click_on_a_header_sorts_in_the_database(qtbot: QtBot, listed: ServiceContext) -> None:
    view, model = make_view(qtbot, listed)
    header = view.horizontalHeader()
    reads = model.reads
    x = header.sectionViewportPosition(Column.SUMMARY) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert model.reads == reads + 1
    assert model.query.sort == "summary"
    summaries = [model.index(r, Column.SUMMARY).data() for r in range(model.rowCount())]
    assert summaries[0].startswith("Ólafur")  # Ó with the O's, before Z
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert model.query.descending
    assert model.index(0, Column.SUMMARY).data().startswith("Zeta")


def test_a_new_order_is_not_counted_again_a_new_filter_is(
    qtbot: QtBot, listed: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click on a header finds the same work orders: their count stands, and only their first
    screenful is read; a search finds others, and is counted."""
    view, model = make_view(qtbot, listed)
    counted: list[bool] = []
    read_page = work_order_list.read_page

    def read(*args: Any, **kwargs: Any) -> work_order_list.Page:
        counted.append(kwargs.get("counted", False))
        return read_page(*args, **kwargs)

    monkeypatch.setattr(work_order_list, "read_page", read)
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(Column.SUMMARY) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert counted == [False] and model.query.sort == "summary" and model.total == COUNT
    model.set_query(replace(model.query, text="zeta"))
    assert counted == [False, True] and model.total == COUNT // 2
    model.set_query(replace(model.query, descending=True))
    assert counted == [False, True, False] and model.total == COUNT // 2


def test_a_search_narrows_and_counts(qtbot: QtBot, listed: ServiceContext) -> None:
    _view, model = make_view(qtbot, listed)
    model.set_query(ListQuery(text="ÓLAFUR leak"))
    expected = [f"WO-{1001 + i}" for i in range(COUNT) if i % 2]
    assert numbers(model) == expected[:40] and model.total == len(expected)
    model.set_query(ListQuery(text="zeta 6"))
    expected = [f"WO-{1001 + i}" for i in range(COUNT) if not i % 2 and (i % 7 == 6 or "6" in str(1001 + i))]
    assert numbers(model) == expected and model.total == len(expected)


def test_a_refresh_keeps_the_selection_and_shows_the_change(qtbot: QtBot, listed: ServiceContext) -> None:
    view, model = make_view(qtbot, listed)
    view.scrollToBottom()
    qtbot.wait(20)
    loaded = model.rowCount()
    index = model.index(loaded - 1, 0)
    chosen = index.data(NUMBER_ROLE)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    with listed.write("edit") as uow:
        uow.session.query(m.WorkOrder).filter_by(number=chosen).one().summary = "Changed elsewhere"
    model.refresh()
    assert model.rowCount() >= loaded
    current = view.currentIndex()
    assert current.data(NUMBER_ROLE) == chosen
    assert model.index(current.row(), Column.SUMMARY).data() == "Changed elsewhere"
    assert [i.data(NUMBER_ROLE) for i in view.selectionModel().selectedRows()] == [chosen]


@contextmanager
def statements_run(ctx: ServiceContext) -> Iterator[list[str]]:
    """The SQL statements run meanwhile, in lower case."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement.lower())

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)


@pytest.mark.parametrize(("limit", "counts_read"), [(65, 0), (200, 0), (64, 1), (1, 1)])
def test_a_first_page_holding_every_row_found_is_its_own_count(
    listed: ServiceContext, limit: int, counts_read: int
) -> None:
    """65 work orders say "Zeta": a first page with room for them all counts them without a
    COUNT; one row short of room, the database counts. Either way the count is right."""
    with statements_run(listed) as statements:
        page = work_order_list.read_page(listed, ListQuery(text="zeta"), None, limit, counted=True)
    assert page.total == COUNT // 2
    assert len(page.rows) == min(limit, COUNT // 2)
    assert sum("count(" in s for s in statements) == counts_read


def test_the_view_count_is_the_query_count_when_nothing_narrows_it(listed: ServiceContext) -> None:
    with statements_run(listed) as statements:
        whole = work_order_list.read_page(listed, ListQuery(), None, 40, counted=True, view_counted=True)
        narrowed = work_order_list.read_page(
            listed, ListQuery(text="zeta"), None, 40, counted=True, view_counted=True
        )
    assert (whole.total, whole.in_view) == (COUNT, COUNT)
    assert (narrowed.total, narrowed.in_view) == (COUNT // 2, COUNT)
    assert sum("count(" in s for s in statements) == 1 + 2  # the whole list once; the search and its view
