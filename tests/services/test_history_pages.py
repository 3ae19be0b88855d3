"""Histories are read from the newest back, a bounded number at a time (issue #11): all the open
work, the newest finished work orders and invoices, how many older ones there are, and a work
order's audit log its newest rows first; a larger limit reads further back, never the whole
history at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dispatch_console.domain.enums import Status
from dispatch_console.services import record_history, work_orders
from dispatch_console.services.context import ServiceContext
from tests.services.records import invoice, job

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _finished(ctx: ServiceContext, count: int) -> list[str]:
    """``count`` closed jobs at S1, one a day back from yesterday: newest first."""
    return [
        job(ctx, "S1", "A1", status=Status.CLOSED, completed=NOW - timedelta(days=d),
            created=NOW - timedelta(days=d, hours=3))
        for d in range(1, count + 1)
    ]


def test_a_history_reads_all_open_work_and_the_newest_finished_jobs_and_counts_the_older(
    company: ServiceContext,
) -> None:
    done = _finished(company, 7)
    waiting = job(company, "S1", "A1", status=Status.OPEN, created=NOW - timedelta(days=30))
    history = record_history.site_history(company, "S1", limit=3)
    assert [j.number for j in history.work_orders] == [*done[:3], waiting]  # newest first, by when done
    assert [j.number for j in history.open_work] == [waiting]  # old open work is never cut off
    assert history.older_work_orders == 4 and history.has_older
    assert (history.last_completed_number, history.last_completed) == (done[0], NOW - timedelta(days=1))

    whole = record_history.site_history(company, "S1", limit=100)
    assert [j.number for j in whole.work_orders] == [*done, waiting]
    assert whole.older_work_orders == 0 and not whole.has_older
    assert [j.number for j in record_history.asset_history(company, "A1", limit=2).work_orders] == [
        *done[:2], waiting]


def test_a_customers_invoices_are_the_newest_and_a_count_of_the_rest(company: ServiceContext) -> None:
    for n in range(5):
        invoice(company, "C1", f"INV-95{n:02d}", issued=date(2026, 11, 1) - timedelta(days=10 * n))
    history = record_history.customer_history(company, "C1", limit=2)
    assert [i.number for i in history.invoices] == ["INV-9500", "INV-9501"]
    assert history.older_invoices == 3 and history.has_older
    assert len(record_history.customer_history(company, "C1", limit=50).invoices) == 5


def test_a_work_orders_changes_are_its_newest_audit_rows_and_say_when_older_remain(
    company: ServiceContext,
) -> None:
    number = job(company, "S1", "A1")
    for n in range(6):
        with company.write(f"Edit {number} ({n})") as uow:  # one audited change each, as the office's
            uow.work_order(number).summary = f"Edit {n}"
    every, more = record_history.work_order_changes(company, number, limit=1000)
    assert not more and len(every) == 7
    assert [(e.at, e.actor, e.action, e.changed) for e in every] == [
        (e.at, e.actor, e.action, e.changed) for e in work_orders.history_of(company, number)
    ]
    newest, more = record_history.work_order_changes(company, number, limit=3)
    assert more
    assert [e.action for e in newest] == [f"Edit {number} ({n})" for n in (5, 4, 3)]
    assert newest == every[:3]
    assert record_history.work_order_changes(company, "WO-NONE") == ([], False)
