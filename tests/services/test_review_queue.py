"""The review queue service: what waits, in which order, and what is shown beside it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.services import intake, review_queue
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.intake import Approval, RequestSpec
from tests.conftest import Clock
from tests.services.records import job


def test_waiting_requests_emergency_first_then_oldest(company: ServiceContext, clock: Clock) -> None:
    first = intake.create_request(company, RequestSpec(site_code="S1", problem="Noisy fan"))
    clock.advance(minutes=10)
    second = intake.create_request(company, RequestSpec(site_code="S2", problem="Oven tripping"))
    clock.advance(minutes=10)
    urgent = intake.create_request(company, RequestSpec(site_code="S1", problem="Smoke", priority=Priority.EMERGENCY))
    done = intake.create_request(company, RequestSpec(site_code="S1", problem="Already handled"))
    intake.reject(company, done, "duplicate")
    rows = review_queue.waiting_requests(company)
    assert [r.number for r in rows] == [urgent, first, second]
    assert rows[2].customer == "Elm Street Bakery" and rows[2].site_code == "S2"


def test_a_request_soon_after_a_completion_is_a_possible_callback(company: ServiceContext, clock: Clock) -> None:
    done = job(company, "S1", "A1", status=Status.COMPLETED, completed=clock() - timedelta(days=12))
    number = intake.create_request(company, RequestSpec(site_code="S1", asset_code="A1", problem="Warm again"))
    row = next(r for r in review_queue.waiting_requests(company) if r.number == number)
    seen = review_queue.request_context(company, row)
    assert seen.callback == f"possible callback: {done} was completed 12 days ago"
    assert [j.number for j in seen.asset_jobs] == [done] and seen.open_work == ()


def test_a_request_after_the_window_is_no_callback(company: ServiceContext, clock: Clock) -> None:
    job(company, "S1", "A1", status=Status.COMPLETED, completed=clock() - timedelta(days=31))
    intake.create_request(company, RequestSpec(site_code="S1", asset_code="A1", problem="Warm again"))
    seen = review_queue.request_context(company, review_queue.waiting_requests(company)[0])
    assert seen.callback == ""


def test_context_warranty_and_open_work(company: ServiceContext) -> None:
    first = intake.create_request(company, RequestSpec(site_code="S1", asset_code="A1", problem="RTU warm air"))
    wo = intake.approve(company, first, Approval(type=WorkOrderType.CORRECTIVE, summary="RTU warm air", estimated_hours=Decimal("2")))
    again = intake.create_request(company, RequestSpec(site_code="S1", asset_code="A1", problem="Still warm"))
    row = next(r for r in review_queue.waiting_requests(company) if r.number == again)
    seen = review_queue.request_context(company, row)
    assert seen.under_warranty and seen.warranty_until is not None
    assert [j.number for j in seen.open_work] == [wo]
    assert seen.callback == ""  # nothing completed yet


def test_no_asset_means_no_warranty(company: ServiceContext) -> None:
    number = intake.create_request(company, RequestSpec(site_code="S2", problem="Oven tripping"))
    row = review_queue.waiting_requests(company)[0]
    assert row.number == number
    seen = review_queue.request_context(company, row)
    assert not seen.under_warranty and seen.asset_jobs == () and seen.open_work == ()


def test_received_time_is_kept(company: ServiceContext, clock: Clock) -> None:
    before = clock()
    intake.create_request(company, RequestSpec(site_code="S2", problem="x"))
    assert review_queue.waiting_requests(company)[0].received_at - before < timedelta(seconds=1)
