"""The time-off calendar driven as a user: a day, a range and an afternoon added with a reason,
shaded on the calendar and at once on the board; time off over a booking is asked first."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDateEdit, QToolButton
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import time_off as service
from dispatch_console.ui.board.page import BoardPage
from dispatch_console.ui.roster.page import RosterPage
from dispatch_console.ui.roster.time_off import AFTERNOON, SEVERAL_DAYS, WHOLE_DAY, TimeOffPanel
from tests.seed import at
from tests.services.roster_helpers import booked, state
from tests.ui.board.driving import answer_dialog
from tests.ui.roster.driving import click, click_row, retype

CHICAGO = ZoneInfo("America/Chicago")
FAR = (datetime(2026, 1, 1, tzinfo=CHICAGO), datetime(2028, 1, 1, tzinfo=CHICAGO))


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CHICAGO)


def saved(ctx: ServiceContext, code: str = "T1") -> list[tuple[datetime, datetime, str]]:
    return [(e.start, e.end, e.reason) for e in service.time_off_of(ctx, code, *FAR)]


def type_date(qtbot: QtBot, edit: QDateEdit, text: str) -> None:
    """Type ``2026-12-02`` over the date the field shows, as a user does."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    assert edit.date().toString("yyyy-MM-dd") == text


def add(qtbot: QtBot, panel: TimeOffPanel, kind: str, day: str, reason: str, last: str | None = None) -> None:
    panel.kind_combo.setCurrentText(kind)
    type_date(qtbot, panel.day_edit, day)
    if last is not None:
        type_date(qtbot, panel.last_edit, last)
    retype(qtbot, panel.reason_edit, reason)
    click(qtbot, panel.add_button)


def test_a_day_off_is_saved_shaded_on_the_calendar_and_on_the_board_at_once(
    qtbot: QtBot, page: RosterPage, company: ServiceContext, settings: QSettings
) -> None:
    # The board of the same window, on screen beside the roster.
    board = BoardPage(company, QUndoStack(), settings, bus=page.bus)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    ana_id = next(t.id for t in board.state.rows if t.code == "T1")
    assert not board.state.time_off.get(ana_id)

    click_row(qtbot, page, "T1")
    panel = page.time_off
    assert panel.code == "T1"
    add(qtbot, panel, WHOLE_DAY, "2026-12-02", "Dentist")

    wed = date(2026, 12, 2)
    assert saved(company) == [(local(wed), local(date(2026, 12, 3)), "Dentist")]
    assert panel.calendar.off[wed][0] is True  # the whole day shaded
    assert [panel.list.item(i).text() for i in range(panel.list.count())] == ["Wed 02 Dec — Dentist"]
    assert panel.reason_edit.text() == ""
    blocks = board.state.time_off[ana_id]
    assert [(b.start, b.end, b.reason) for b in blocks] == [(local(wed), local(date(2026, 12, 3)), "Dentist")]
    # This week's capacity in the list lost the day's shift (9 hours of Ana's 45).
    row = page.row("T1")
    assert row is not None and str(row.week.time_off_hours) == "9.00"


def test_a_range_and_an_afternoon(qtbot: QtBot, page: RosterPage, company: ServiceContext) -> None:
    click_row(qtbot, page, "T1")
    panel = page.time_off
    add(qtbot, panel, SEVERAL_DAYS, "2026-12-07", "Training", last="2026-12-09")
    add(qtbot, panel, AFTERNOON, "2026-12-01", "School play")

    tue = date(2026, 12, 1)
    assert saved(company) == [
        (local(tue, 12, 30), local(tue, 17), "School play"),  # Ana's 08:00-17:00 shift, halved
        (local(date(2026, 12, 7)), local(date(2026, 12, 10)), "Training"),
    ]
    assert panel.calendar.off[tue][0] is False  # half shaded
    assert all(panel.calendar.off[date(2026, 12, d)][0] for d in (7, 8, 9))
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert texts == ["Tue 01 Dec 12:30–17:00 — School play", "Mon 07 Dec – Wed 09 Dec — Training"]


def test_a_refused_time_off_says_why_at_the_field_and_writes_nothing(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    click_row(qtbot, page, "T1")
    panel = page.time_off
    before = state(company)
    add(qtbot, panel, SEVERAL_DAYS, "2026-12-09", "", last="2026-12-07")
    assert "before the first" in panel.form.problem("last")
    assert "reason is empty" in panel.form.problem("reason")
    assert state(company) == before


def test_time_off_over_a_booking_is_asked_and_saved_only_on_save_anyway(
    qtbot: QtBot, page: RosterPage, company: ServiceContext
) -> None:
    number, _booking = booked(company, "T1", at(24 + 1), at(24 + 3))  # Tue 1 Dec 10:00-12:00
    click_row(qtbot, page, "T1")
    panel = page.time_off
    before = state(company)

    answer_dialog("Cancel")
    add(qtbot, panel, WHOLE_DAY, "2026-12-01", "Sick")
    assert state(company) == before
    assert panel.reason_edit.text() == "Sick"  # still there, to save anyway

    seen: list[str] = []
    real = page.operations.confirm_conflicts

    def confirm(parent, title, conflicts):  # type: ignore[no-untyped-def]
        seen.extend(conflicts)
        return real(parent, title, conflicts)

    page.operations.confirm_conflicts = confirm
    answer_dialog("Save anyway")
    click(qtbot, panel.add_button)
    assert seen and number in seen[0] and "Tue 01 Dec 10:00" in seen[0]
    assert [reason for *_when, reason in saved(company)] == ["Sick"]


def test_removing_time_off(qtbot: QtBot, page: RosterPage, company: ServiceContext) -> None:
    service.add_day_off(company, "T1", date(2026, 12, 3), "Vacation")
    click_row(qtbot, page, "T1")
    panel = page.time_off
    # The calendar opens on the company's month (November); on to December.
    click(qtbot, panel.calendar.findChild(QToolButton, "qt_calendar_nextmonth"))
    qtbot.waitUntil(lambda: panel.list.count() == 1)  # the bus brings it, as from another PC
    assert not panel.remove_button.isEnabled()
    panel.list.setCurrentRow(0)
    click(qtbot, panel.remove_button)
    assert saved(company) == []
    assert panel.list.count() == 0
    assert date(2026, 12, 3) not in panel.calendar.off
