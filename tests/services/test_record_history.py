"""History of a customer, site and asset: work orders, invoices, open work, last completion and
possible callbacks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch_console.domain.enums import Status
from dispatch_console.services import record_history
from dispatch_console.services.context import ServiceContext
from tests.services.records import invoice, job

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_a_customers_history_lists_work_invoices_open_work_and_the_last_completion(
    company: ServiceContext,
) -> None:
    old = job(company, "S1", "A1", status=Status.CLOSED, completed=NOW - timedelta(days=60),
              created=NOW - timedelta(days=62))
    recent = job(company, "S1", None, status=Status.VERIFIED, completed=NOW - timedelta(days=10),
                 created=NOW - timedelta(days=12))
    cancelled = job(company, "S1", "A1", status=Status.CANCELLED, created=NOW - timedelta(days=5))
    waiting = job(company, "S1", "A1", status=Status.OPEN, created=NOW)
    job(company, "S2", "A2", status=Status.OPEN)  # another customer's
    invoice(company, "C1", "INV-9001")
    invoice(company, "C2", "INV-9002")
    history = record_history.customer_history(company, "C1")
    assert [j.number for j in history.work_orders] == [waiting, cancelled, recent, old]  # newest first
    assert [j.number for j in history.open_work] == [waiting]
    assert [(i.number, str(i.total)) for i in history.invoices] == [("INV-9001", "108.25")]
    assert (history.last_completed, history.last_completed_number) == (NOW - timedelta(days=10), recent)
    row = history.work_orders[2]
    assert (row.status, row.site_code, row.asset_code, row.summary) == (Status.VERIFIED, "S1", None, "No cooling")


def test_a_sites_and_an_assets_history_hold_only_their_own_work(company: ServiceContext) -> None:
    on_asset = job(company, "S1", "A1", status=Status.COMPLETED, completed=NOW - timedelta(days=3))
    at_site = job(company, "S1", None, status=Status.OPEN)
    job(company, "S2", "A2")
    assert [j.number for j in record_history.site_history(company, "S1").work_orders] == [at_site, on_asset]
    asset = record_history.asset_history(company, "A1")
    assert [j.number for j in asset.work_orders] == [on_asset]
    assert asset.open_work == () and asset.invoices == ()


def test_a_job_created_within_30_days_of_the_last_completion_is_a_possible_callback(
    company: ServiceContext,
) -> None:
    first = job(company, "S1", "A1", status=Status.CLOSED, completed=NOW - timedelta(days=40),
                created=NOW - timedelta(days=41))
    again = job(company, "S1", "A1", status=Status.COMPLETED, completed=NOW - timedelta(days=20),
                created=NOW - timedelta(days=25))  # 15 days after the first: a callback
    late = job(company, "S1", "A1", created=NOW)  # 20 days after the second: a callback too
    flags = {j.number: j.possible_callback for j in record_history.asset_history(company, "A1").work_orders}
    assert flags == {first: False, again: True, late: True}


def test_a_job_more_than_30_days_after_the_last_completion_is_not_a_callback(company: ServiceContext) -> None:
    job(company, "S1", "A1", status=Status.CLOSED, completed=NOW - timedelta(days=31))
    late = job(company, "S1", "A1", created=NOW)
    flags = {j.number: j.possible_callback for j in record_history.site_history(company, "S1").work_orders}
    assert flags[late] is False
    assert record_history.possible_callback(company, site_code="S1", asset_code="A1") is None


def test_a_new_visit_is_flagged_from_the_assets_last_completion_then_the_sites(company: ServiceContext) -> None:
    site_job = job(company, "S1", None, status=Status.COMPLETED, completed=NOW - timedelta(days=2))
    flag = record_history.possible_callback(company, site_code="S1", asset_code="A1")
    assert flag is not None
    assert (flag.number, flag.words) == (site_job, f"possible callback: {site_job} was completed 2 days ago")
    asset_job = job(company, "S1", "A1", status=Status.VERIFIED, completed=NOW - timedelta(days=29))
    flag = record_history.possible_callback(company, site_code="S1", asset_code="A1")
    assert flag is not None and flag.number == asset_job
    # Cancelled work was not done: it makes no callback.
    job(company, "S2", "A2", status=Status.CANCELLED, completed=None)
    assert record_history.possible_callback(company, site_code="S2") is None
    later = record_history.possible_callback(company, site_code="S1", at=NOW + timedelta(days=40))
    assert later is None
