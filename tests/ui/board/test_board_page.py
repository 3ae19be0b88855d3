"""The board page around the drag and drop: views, filters, what is remembered, other dispatchers,
printing, and what the board shows (shading, over-booking, late, legend)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.services import dispatch
from dispatch_console.storage import models as m
from dispatch_console.ui.board.printing import rows_per_page, write_pdf
from tests.ui.board.driving import at, drag_on_board, new_order, point_at


def test_day_and_week_views_and_navigation(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    assert page.axis().days == 1 and page.axis().first_day == date(2026, 11, 30)
    assert page.date_edit.date().toPython() == date(2026, 11, 30)
    page.step(1)
    assert page.axis().first_day == date(2026, 12, 1)
    assert page.date_edit.date().toPython() == date(2026, 12, 1)
    page.date_edit.setDate(page.date_edit.date().addDays(2))  # the dispatcher picks a date
    assert page.axis().first_day == date(2026, 12, 3)
    page.go_to(date(2026, 12, 1))
    page.set_view("week")
    axis = page.axis()
    assert axis.days == 7 and axis.first_day == date(2026, 11, 30)  # weeks start on Monday
    page.step(1)
    assert page.axis().first_day == date(2026, 12, 7)
    page.go_today()
    assert page.axis().first_day == date(2026, 11, 30)
    page.set_view("two_weeks")
    assert page.axis().days == 14


def test_zoom_changes_the_hour_width(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    fitted = page.board.axis.px_per_hour
    assert page.board.axis.width == pytest.approx(page.board.viewport().width(), abs=1)  # fills it
    page.zoom_in.click()
    page.zoom_in.click()
    assert page.board.axis.px_per_hour > fitted
    page.zoom_out.click()
    assert fitted < page.board.axis.px_per_hour
    page.zoom_out.click()
    page.zoom_out.click()  # never narrower than the board
    assert page.board.axis.px_per_hour == fitted


def test_every_view_fills_the_board_to_its_right_edge_and_keeps_its_own_zoom(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    page.zoom_in.click()
    zoomed_day = page.board.axis.px_per_hour
    for kind in ("week", "two_weeks"):
        page.set_view(kind)
        assert page.board.axis.width == pytest.approx(page.board.viewport().width(), abs=1)
    page.set_view("day")  # back to the day as it was left, not squeezed to the week's zoom
    assert page.board.axis.px_per_hour == zoomed_day
    page.resize(1200, 800)
    page.zoom_out.click()
    assert page.board.axis.width == pytest.approx(page.board.viewport().width(), abs=1)


def test_rows_filter_by_name_and_skill_and_sort_by_workload(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    dispatch.book(company, new_order(company), "T2", at(0), at(4))
    page = make_page()
    assert [t.code for t in page.state.rows] == ["T1", "T2"]
    qtbot.keyClicks(page.name_filter, "ben")
    assert [t.code for t in page.state.rows] == ["T2"]
    page.name_filter.clear()
    page.skill_filter.setCurrentIndex(page.skill_filter.findData("ELEC"))
    assert [t.code for t in page.state.rows] == ["T2"]
    page.skill_filter.setCurrentIndex(0)
    page.sort_combo.setCurrentIndex(page.sort_combo.findData("workload"))
    assert [t.code for t in page.state.rows] == ["T2", "T1"]


def test_view_and_filters_are_remembered(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    page.set_view("week")
    page.sort_combo.setCurrentIndex(page.sort_combo.findData("workload"))
    page.name_filter.setText("an")
    page.close()
    again = make_page()
    assert again.view_kind == "week"
    assert again.sort_combo.currentData() == "workload"
    assert again.name_filter.text() == "an"


def test_queue_is_ordered_by_priority_then_due_and_can_be_searched(company, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    low = new_order(company, "Paint", priority=Priority.LOW)
    late = new_order(company, "Leak", priority=Priority.HIGH, due_by=at(30))
    soon = new_order(company, "Breaker", priority=Priority.HIGH, due_by=at(-2))  # overdue
    page = make_page()
    shown = [page.queue_filter.data(page.queue_filter.index(r, 1)).split(" ")[0] for r in range(page.queue_filter.rowCount())]
    assert shown == [soon, late, low]
    assert page.queue_filter.data(page.queue_filter.index(0, 2)).startswith("overdue")
    assert "1 overdue" in page.queue_title.text()
    qtbot.keyClicks(page.queue_search, "leak")
    assert page.queue_filter.rowCount() == 1


def test_another_dispatchers_change_arrives_keeping_scroll_and_selection(company, make_page, other_pc) -> None:  # type: ignore[no-untyped-def]
    a, b = new_order(company, "A"), new_order(company, "B")
    ra = dispatch.book(company, a, "T1", at(0), at(1))
    rb = dispatch.book(company, b, "T2", at(0), at(1))
    page = make_page()
    page._on_zoom_requested(3)  # wider than the window, so it scrolls
    page.board.select({ra.booking_id})
    page.board.horizontalScrollBar().setValue(40)
    assert page.board.horizontalScrollBar().value() == 40
    dispatch.move_booking(other_pc, rb.booking_id, "T2", at(3), at(4), expected_version=rb.version)
    page.bus.poll_other_pcs()  # what the bus's 3-second timer does
    assert page.state.bookings[rb.booking_id].start == at(3)
    assert page.state.selected == {ra.booking_id}
    assert page.board.horizontalScrollBar().value() == 40


def test_acting_on_a_booking_someone_changed_is_refused_and_refreshes(company, make_page, other_pc, qtbot) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company)
    booked = dispatch.book(company, number, "T1", at(0), at(2))
    page = make_page()
    dispatch.move_booking(other_pc, booked.booking_id, "T1", at(4), at(6), expected_version=booked.version)
    drag_on_board(page, point_at(page, at(0.5), "T1"), point_at(page, at(1.5), "T1"))
    with company.read() as uow:
        assert uow.get(m.Booking, booked.booking_id).start == at(4)  # Olga's change stands
    # The refusal names who and when, and the board already shows Olga's change.
    box = page.operations.last_refusal
    assert box is not None and "Olga Office" in box.informativeText()
    assert page.state.bookings[booked.booking_id].start == at(4)
    assert page.undo_stack.count() == 0
    reloads = []
    page.reload = lambda: reloads.append(1)  # type: ignore[method-assign]
    next(b for b in box.buttons() if b.text() == "Reload").click()
    assert reloads == [1]


def test_print_the_board_a_page_per_group_of_technicians(company, make_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dispatch.book(company, new_order(company), "T1", at(0), at(2))
    page = make_page()
    pdf = tmp_path / "board.pdf"
    pages = write_pdf(str(pdf), page.state, page.axis(), company.now())
    reader = PdfReader(str(pdf))
    assert pages == len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Schedule board" in text and "Ana Reyes" in text and "Ben Okafor" in text
    assert "printed Mon 30 Nov 2026 08:00" in text  # company wall clock, not UTC
    assert rows_per_page(700) > 10


def test_over_booking_and_lateness_are_shown(company, make_page) -> None:  # type: ignore[no-untyped-def]
    late = new_order(company, "Late", due_by=at(1))
    dispatch.book(company, late, "T1", at(0), at(2), confirm=True)
    dispatch.book(company, new_order(company, "Long"), "T1", at(2), at(9), confirm=True)
    dispatch.book(company, new_order(company, "More"), "T1", at(-1), at(0), confirm=True)
    page = make_page()
    block = next(b for b in page.state.bookings.values() if b.number == late)
    assert block.late
    ana = next(t for t in page.state.rows if t.code == "T1")
    assert page.state.overbooked_days(ana.id, [date(2026, 11, 30)]) == {date(2026, 11, 30)}
    assert "Late" in page.board.tooltip_for(block) or "late" in page.board.tooltip_for(block)


def test_legend_names_every_type_and_mark(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    labels = " ".join(label for _kind, label in page.legend.entries())
    for word in ("Preventive", "Corrective", "Emergency", "Inspection", "General", "Installation",
                 "Late", "Time off", "Over-booked", "On hold"):
        assert word in labels
    page.legend_button.click()
    assert not page.legend.isVisible()


def test_time_off_and_days_off_are_part_of_the_rows(company, make_page) -> None:  # type: ignore[no-untyped-def]
    with company.write("time off") as uow:
        uow.add(m.TimeOff(technician=uow.require(m.Technician, "T2"), start=at(1), end=at(3), reason="Dentist"))
    page = make_page()
    ben = next(t for t in page.state.rows if t.code == "T2")
    assert [o.reason for o in page.state.time_off[ben.id]] == ["Dentist"]
    page.set_view("week")
    page.board.viewport().grab()  # paints Saturday and Sunday shaded without error


def test_screenshot_renders_without_errors(company, make_page) -> None:  # type: ignore[no-untyped-def]
    for i in range(6):
        dispatch.book(company, new_order(company, f"Job {i}"), "T1" if i % 2 else "T2", at(i), at(i + 1), confirm=True)
    page = make_page()
    image = page.grab()
    assert not image.isNull() and image.width() >= 1000
    page.set_view("week")
    assert not page.grab().isNull()


def test_drop_is_patched_in_without_reloading(company, make_page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dispatch_console.services import board as board_service
    from tests.ui.board.driving import drop_mime, queue_mime

    number = new_order(company)
    page = make_page()
    calls = []
    monkeypatch.setattr(board_service, "load_board", lambda *a, **k: calls.append(a))
    drop_mime(page.board.viewport(), queue_mime(page, number), point_at(page, at(0), "T1"))
    assert calls == []  # a drop never reloads ten thousand bookings
    assert any(b.number == number for b in page.state.bookings.values())


def test_time_axis_keeps_wall_clock_across_dst(company, make_page) -> None:  # type: ignore[no-untyped-def]
    from dispatch_console.domain.timekeeping import zone
    from dispatch_console.ui.board.geometry import TimeAxis

    tz = zone("America/Chicago")
    axis = TimeAxis(date(2026, 10, 31), 3, 6, 20, 10, tz)  # DST ends on 1 Nov
    eight = [axis.time_at(axis.x_of_wall(i, 8)) for i in range(3)]
    assert [e.astimezone(tz).hour for e in eight] == [8, 8, 8]
    assert eight[2] - eight[1] == timedelta(hours=24) and eight[1] - eight[0] == timedelta(hours=25)
    assert QPointF(axis.x_of(eight[1]), 0).x() == axis.x_of_wall(1, 8)


def test_changes_are_patched_in_and_only_names_or_rosters_reload(company, make_page, other_pc, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dispatch_console.domain.changes import Changes
    from dispatch_console.services import work_orders as wo_service

    number = new_order(company)
    page = make_page()
    reloads = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(1))
    booked = dispatch.book(company, number, "T1", at(0), at(1))  # this PC: announced by its commit
    page.bus.deliver_now()  # (the event loop would deliver it a moment later)
    assert reloads == [] and booked.booking_id in page.state.bookings
    assert number not in [i.number for i in page.queue_model.items()]
    dispatch.unbook(other_pc, booked.booking_id, expected_version=booked.version)
    page.bus.poll_other_pcs()  # another PC: the same record, from the audit log
    assert reloads == [] and booked.booking_id not in page.state.bookings
    assert number in [i.number for i in page.queue_model.items()]
    wo_service.create_work_order(company, wo_service.WorkOrderSpec(
        type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Another"))
    page.bus.deliver_now()
    assert reloads == [] and len(page.queue_model.items()) == 2
    page.bus.changed.emit(Changes(frozenset({"part"})))
    assert reloads == []  # nothing the board shows
    page.bus.changed.emit(Changes(frozenset({"technician"})))
    assert reloads == [1]  # a roster change: rows, shifts and names are read again


def test_a_hidden_board_loads_when_shown_and_catches_up_then(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    page.hide()
    number = new_order(company)
    dispatch.book(company, number, "T1", at(0), at(1))
    page.bus.deliver_now()
    assert not any(b.number == number for b in page.state.bookings.values())  # not while hidden
    page.show()
    assert any(b.number == number for b in page.state.bookings.values())


def test_an_empty_company_shows_an_empty_board_without_errors(qtbot: QtBot, ctx, settings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QUndoStack

    from dispatch_console.ui.board.page import BoardPage
    from dispatch_console.ui.bus import ChangeBus

    page = BoardPage(ctx, QUndoStack(), settings, bus=ChangeBus(ctx))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert page.state.rows == [] and page.queue_model.items() == []
    page.set_view("week")
    assert not page.grab().isNull()
    page.side.show_ranking(None, None)


def test_paging_far_back_loads_only_that_period_and_suggestions_still_see_today(company, make_page) -> None:  # type: ignore[no-untyped-def]
    number = new_order(company, required_skills=("HVAC",))
    dispatch.book(company, new_order(company, "Busy"), "T2", at(-2), at(6), confirm=True)  # Ben booked all day
    page = make_page()
    page.go_to(date(2026, 9, 1))
    start, end = page._loaded
    assert end - start <= timedelta(days=3)  # just the day shown, not the three months between
    row = next(r for r in range(page.queue_filter.rowCount()) if number in page.queue_filter.data(page.queue_filter.index(r, 1)))
    page.queue_view.selectRow(row)
    page.flush_suggestions()
    ranked = [c.suggestion for c in page.side.cards]
    assert ranked[0].tech_code == "T1"  # Ana is free today; Ben's day is full
    ben = next(s for s in ranked if s.tech_code == "T2")
    assert ben.start.date() > at(0).date()


def test_a_narrow_board_gives_the_timeline_the_room_and_names_the_days_briefly(company, make_page) -> None:  # type: ignore[no-untyped-def]
    page = make_page()
    assert page.board.name_width == 210
    page.resize(680, 380)  # a 1366x768 laptop at 200 %
    page.set_view("week")
    assert page.board.name_width < 210
    assert page.board.viewport().width() > page.board.name_width  # the timeline has most of it
    assert page.board.axis.width == pytest.approx(page.board.viewport().width(), abs=1)
    assert not page.board.viewport().grab().isNull()
