"""The history panes: open work first, then the rest; a customer's invoices; the last completion;
a possible callback; and a work order opened from the history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Status
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.records.page import RecordsPage
from tests.services.records import invoice, job
from tests.ui.records.conftest import double_click

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_a_customers_history_lists_open_work_first_its_invoices_and_a_possible_callback(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    old = job(company, "S1", "A1", status=Status.CLOSED, completed=NOW - timedelta(days=60),
              created=NOW - timedelta(days=62))
    recent = job(company, "S1", None, status=Status.VERIFIED, completed=NOW - timedelta(days=10),
                 created=NOW - timedelta(days=12))
    waiting = job(company, "S1", "A1", status=Status.OPEN, created=NOW - timedelta(days=20))
    job(company, "S2", "A2", status=Status.OPEN)  # another customer's
    invoice(company, "C1", "INV-9001")
    assert page.show_customer("C1")
    page.customer_details.setCurrentIndex(1)  # the History tab
    pane = page.customer_history
    assert pane.job_numbers() == [waiting, recent, old]  # open work first, then newest first
    assert pane.invoices_table.isVisibleTo(page) and pane.invoices_table.keys() == ["INV-9001"]
    dates = [pane.invoices_model.index(0, column).data() for column in (1, 2)]
    assert dates == ["02 Nov 2026", "02 Dec 2026"]  # as the billing page writes an invoice's days
    summary = pane.summary_label.text()
    assert f"1 open work order: {waiting}." in summary
    assert f"Last completed: {recent} on Mon 16 Nov 2026 09:00." in summary
    assert pane.callback_label.text() == (
        f"A new visit at Building A (S1) would be a possible callback: {recent} was completed 10 days ago.")
    # The other customer's history has only its own work, and no callback.
    assert page.show_customer("C2")
    assert len(pane.job_numbers()) == 1 and pane.callback_label.isHidden()


def test_a_sites_and_an_assets_history_and_opening_a_work_order_from_it(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    done = job(company, "S1", "A1", status=Status.COMPLETED, completed=NOW - timedelta(days=40),
               created=NOW - timedelta(days=41))
    at_site = job(company, "S1", None, status=Status.OPEN)
    assert page.show_site("S1")
    page.site_details.setCurrentIndex(1)
    assert page.site_history.job_numbers() == [at_site, done]
    assert page.site_history.callback_label.isHidden()  # 40 days ago: not a callback
    assert not page.site_history.invoices_table.isVisibleTo(page)  # a customer's only
    assert page.show_asset("A1")
    pane = page.asset_history
    assert pane.job_numbers() == [done]
    opened: list[str] = []
    page.open_work_order.connect(opened.append)
    table = pane.jobs_table
    double_click(qtbot, table.viewport(), table.visualRect(table.model().index(0, 0)).center())
    assert opened == [done]


def test_the_history_follows_new_work_when_the_bus_says_so(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    assert page.show_site("S2")
    assert page.site_history.job_numbers() == []
    number = job(company, "S2", "A2", status=Status.COMPLETED, completed=NOW - timedelta(days=2))
    qtbot.waitUntil(lambda: page.site_history.job_numbers() == [number])
    assert page.site_history.callback_label.text() == (
        f"A new visit now would be a possible callback: {number} was completed 2 days ago.")
