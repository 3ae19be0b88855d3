"""The Requests page, driven as a reviewer: the order, the brief beside a request, and the decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, RequestStatus, Status, WorkOrderType
from dispatch_console.services import board, intake
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.intake import RequestSpec
from dispatch_console.services.record_history import JobRow
from dispatch_console.storage import models as m
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.review import ReviewPage
from dispatch_console.ui.review.page import job_line
from tests.conftest import Clock
from tests.services.records import job
from tests.ui.board.driving import when_modal


def open_page(qtbot: QtBot, ctx: ServiceContext, ops: Operations) -> ReviewPage:
    page = ReviewPage(ctx, ops.bus, ops)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page



def request(ctx: ServiceContext, problem: str, site: str = "S1", asset: str | None = None, **kw: object) -> str:
    return intake.create_request(ctx, RequestSpec(site_code=site, asset_code=asset, problem=problem, **kw))  # type: ignore[arg-type]


def status_of(ctx: ServiceContext, number: str) -> tuple[str, str | None, str | None]:
    """The request's status, rejection reason and work order number."""
    with ctx.read() as uow:
        r = uow.require(m.WorkRequest, number)
        return r.status, r.rejection_reason, r.work_order.number if r.work_order else None


def test_emergencies_first_then_the_oldest(qtbot: QtBot, company: ServiceContext, ops: Operations, clock: Clock) -> None:
    old = request(company, "Noisy fan")
    clock.advance(minutes=5)
    newer = request(company, "Oven tripping", site="S2", priority=Priority.HIGH)
    clock.advance(minutes=5)
    urgent = request(company, "Smoke from the panel", priority=Priority.EMERGENCY)
    page = open_page(qtbot, company, ops)
    assert [r.number for r in page.model.rows] == [urgent, old, newer]
    assert page.current_number() == urgent and page.count.text() == "3 waiting"
    assert page.title.text().startswith(f"{urgent} · Emergency")


def test_approve_with_edited_priority_and_hours(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    number = request(company, "RTU blowing warm air\nsince this morning", asset="A1")
    page = open_page(qtbot, company, ops)
    assert page.warranty.text() == "✔ Under warranty until 01 May 2027."

    def fill(box: QDialog) -> None:
        assert box.summary.text() == "RTU blowing warm air"  # type: ignore[attr-defined]
        assert box.type.currentData() == WorkOrderType.CORRECTIVE  # type: ignore[attr-defined]
        box.priority.setCurrentIndex(box.priority.findData(Priority.HIGH))  # type: ignore[attr-defined]
        box.hours.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(box.hours, "2.5")  # type: ignore[attr-defined]
        qtbot.keyClicks(box.skills, "HVAC")  # type: ignore[attr-defined]
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_modal(fill)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    status, _reason, wo_number = status_of(company, number)
    assert status == RequestStatus.APPROVED and wo_number is not None
    with company.read() as uow:
        wo = uow.work_order(wo_number)
        assert (wo.priority, wo.estimated_hours, wo.type) == (Priority.HIGH, Decimal("2.5"), WorkOrderType.CORRECTIVE)
        assert [s.code for s in wo.required_skills] == ["HVAC"]
    assert page.model.rows == []  # approved: no longer waiting
    assert page.list_stack.currentWidget() is page.empty


def test_a_long_summary_shows_its_beginning(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    problem = "Burning smell coming from the vents on the third floor; staff moved out of the area."
    request(company, problem)
    page = open_page(qtbot, company, ops)
    seen: dict[str, object] = {}

    def look(box: QDialog) -> None:
        summary = box.summary  # type: ignore[attr-defined]
        seen["text"] = summary.text()
        seen["fits"] = summary.fontMetrics().horizontalAdvance(summary.text()) <= summary.width()
        # Where the text starts on screen: the first letter at the field's left edge, not
        # scrolled off to its left so that only "…the area." shows.
        seen["start_x"] = summary.cursorRect().center().x() if summary.cursorPosition() == 0 else None
        seen["left"] = summary.contentsRect().left()
        box.reject()

    when_modal(look)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert seen["text"] == problem and seen["fits"] is False  # longer than the field
    assert seen["start_x"] is not None and seen["start_x"] < seen["left"] + 20  # type: ignore[operator]


def test_the_problem_reads_whole_in_the_list(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    """The problem is what the reviewer scans the list for: a caller's usual sentence shows
    whole, not cut after 28 characters while the site, the last column, takes the rest."""
    problem = "No airflow on the third floor since the power cut"
    request(company, problem)
    page = open_page(qtbot, company, ops)
    table = page.table
    assert table.model().index(0, 3).data() == problem
    assert table.sizeHintForColumn(3) <= table.columnWidth(3), f"{problem!r} elided"


def test_an_approval_the_service_refuses_shows_why_and_writes_nothing(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    number = request(company, "Noisy fan")
    page = open_page(qtbot, company, ops)
    seen: dict[str, object] = {}

    def fill(box: QDialog) -> None:
        qtbot.keyClicks(box.skills, "PLUMB")  # type: ignore[attr-defined]  # no such skill
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        seen["banner"] = box.form.banner.text.text()  # type: ignore[attr-defined]
        seen["open"] = box.isVisible()
        box.form.mark_clean()  # type: ignore[attr-defined]
        box.reject()

    when_modal(fill)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert seen["open"] and "there is no skill 'PLUMB'" in str(seen["banner"])
    assert status_of(company, number)[0] == RequestStatus.NEW
    with company.read() as uow:
        assert uow.count(m.WorkOrder) == 0


def test_reject_with_a_reason_and_without_one(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    number = request(company, "Wants a quote for a new unit")
    page = open_page(qtbot, company, ops)
    seen: dict[str, object] = {}

    def without(box: QDialog) -> None:
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        seen["banner"] = box.form.banner.text.text()  # type: ignore[attr-defined]
        seen["open"] = box.isVisible()
        box.reject()

    when_modal(without)
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    assert seen["open"] and "a reason is required" in str(seen["banner"])
    assert status_of(company, number)[0] == RequestStatus.NEW

    def with_reason(box: QDialog) -> None:
        qtbot.keyClicks(box.reason, "Sales handles quotes; passed to sales")  # type: ignore[attr-defined]
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_modal(with_reason)
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    assert status_of(company, number) == (RequestStatus.REJECTED, "Sales handles quotes; passed to sales", None)
    assert page.model.rows == []


def test_emergency_goes_straight_onto_the_boards_queue(qtbot: QtBot, company: ServiceContext, ops: Operations, clock: Clock) -> None:
    request(company, "Routine filter change")
    number = request(company, "No power to the freezer", site="S2", asset="A2")
    page = open_page(qtbot, company, ops)
    assert page.select(number)
    qtbot.mouseClick(page.emergency_button, Qt.MouseButton.LeftButton)
    status, _reason, wo_number = status_of(company, number)
    assert status == RequestStatus.APPROVED and wo_number is not None
    [queued] = board.load_queue(company)
    assert (queued.number, queued.priority) == (wo_number, Priority.EMERGENCY)
    assert queued.due_by == clock() + timedelta(hours=4)
    assert len(page.model.rows) == 1


def test_a_possible_callback_is_flagged_and_open_work_listed(qtbot: QtBot, company: ServiceContext, ops: Operations, clock: Clock) -> None:
    done = job(company, "S1", "A1", status=Status.COMPLETED, completed=clock() - timedelta(days=6), summary="Replaced belt")
    still_open = job(company, "S1", None, summary="Lobby light out")
    request(company, "Belt squealing again", asset="A1")
    page = open_page(qtbot, company, ops)
    assert page.callback.isVisible()
    assert page.callback.text() == f"⚑ Possible callback: {done} was completed 6 days ago."
    assert page.open_list.item(0).text().startswith(f"{still_open} ·")
    assert page.asset_list.item(0).text().startswith(f"{done} ·")
    opened: list[str] = []
    page.open_work_order.connect(opened.append)
    page.open_list.setCurrentRow(0)
    page.open_list.itemActivated.emit(page.open_list.item(0))
    assert opened == [still_open]


def test_no_callback_flag_without_a_recent_completion(qtbot: QtBot, company: ServiceContext, ops: Operations, clock: Clock) -> None:
    job(company, "S1", "A1", status=Status.COMPLETED, completed=clock() - timedelta(days=45))
    request(company, "Belt squealing", asset="A1")
    page = open_page(qtbot, company, ops)
    assert not page.callback.isVisible() and page.callback.text() == ""


def test_a_request_recorded_elsewhere_shows_at_once(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    page = open_page(qtbot, company, ops)
    assert page.list_stack.currentWidget() is page.empty
    from dispatch_console.ui.operations import Op

    ops.run(Op("Record", lambda _c: request(company, "Leak under sink", site="S2")))
    assert [r.problem for r in page.model.rows] == ["Leak under sink"]


def test_a_past_job_is_dated_on_the_company_clock_as_the_lists_date_it() -> None:
    """Completed at 20:30 in Chicago on Thu 26 Nov is 02:30 UTC on the 27th: the line says the 26th."""
    chicago = ZoneInfo("America/Chicago")
    done = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
    row = JobRow(
        number="WO-1042", status=Status.COMPLETED, type=WorkOrderType.CORRECTIVE, priority=Priority.NORMAL,
        summary="No heat", site_code="S1", asset_code=None, created_at=done - timedelta(days=2),
        scheduled_start=None, completed_at=done, possible_callback=True,
    )
    assert job_line(row, chicago, done) == (
        "WO-1042 · Thu 26 Nov 20:30 · Corrective: No heat (Completed)  ⚑ possible callback"
    )
    assert "Thu 26 Nov 2026 20:30" in job_line(row, chicago, datetime(2027, 1, 5, tzinfo=UTC))


def lines_shown_whole(listing: QListWidget) -> bool:
    """Every line of the list in sight, none cut by its bottom edge."""
    bottom = listing.viewport().height()
    return all(listing.visualItemRect(listing.item(row)).bottom() <= bottom for row in range(listing.count()))


def test_the_job_lists_are_as_tall_as_their_lines(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    """One open job takes one line's room and the site's last five jobs (long, wrapped) show
    whole, at the window's width and at a narrower one (more lines each)."""
    for i in range(5):
        job(company, "S1", "A1", status=Status.CLOSED, summary=f"Compressor short cycling again, visit {i} " * 3)
    job(company, "S1", "A1", summary="No cooling")
    request(company, "Noisy fan", asset="A1")
    page = open_page(qtbot, company, ops)
    for width in (1200, 800):
        page.resize(width, 700)
        qtbot.waitUntil(lambda: all(lines_shown_whole(x) for x in (page.open_list, page.site_list)), timeout=2000)
        one = page.open_list
        assert one.count() == 1 and one.height() < 3 * one.sizeHintForRow(0)
        assert page.site_list.count() == 5 and page.site_list.verticalScrollBar().maximum() == 0
