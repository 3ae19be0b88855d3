"""Time off through the roster service: days, ranges across DST, half shifts, the board's shading,
overlap with bookings (confirmed or refused) and with other time off (refused), and removal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dispatch_console.domain.conflicts import ConflictKind
from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.domain.errors import (
    ConcurrencyConflict,
    InvalidFields,
    NotFound,
    RuleViolation,
)
from dispatch_console.domain.time_off import HalfDay
from dispatch_console.services import board, dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation
from dispatch_console.services.roster import time_off
from dispatch_console.services.roster.capacity import week_capacity
from dispatch_console.services.work_orders import WorkOrderSpec
from dispatch_console.storage.database import Database
from tests.conftest import Clock
from tests.seed import at
from tests.services.roster_helpers import booked, state

TUESDAY = date(2026, 12, 1)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def actions(ctx: ServiceContext) -> list[str]:
    with ctx.read() as uow:
        return [e.action for e in uow.audit_since(0)]


def test_a_day_off_runs_midnight_to_midnight_and_the_board_shades_it(company: ServiceContext) -> None:
    entry = time_off.add_day_off(company, "T1", TUESDAY, " Dentist ")
    assert (entry.start, entry.end, entry.reason) == (utc(2026, 12, 1, 6), utc(2026, 12, 2, 6), "Dentist")
    assert entry.text == "Tue 01 Dec 00:00 to Wed 02 Dec 00:00"
    assert actions(company)[-1] == "Add time off for Ana Reyes (Tue 01 Dec 00:00 to Wed 02 Dec 00:00)"
    assert time_off.time_off_of(company, "T1", at(0), at(24 * 7)) == [entry]
    assert time_off.time_off_of(company, "T2", at(0), at(24 * 7)) == []
    data = board.load_board(company, at(-9), at(24 * 7))
    ana = next(t for t in data.technicians if t.code == "T1")
    assert [(o.technician_id, o.start, o.end, o.reason) for o in data.time_off] == [
        (ana.id, entry.start, entry.end, "Dentist")
    ]
    # A booking dropped there now gets the board's time-off conflict.
    number = work_orders.create_work_order(
        company, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Filter")
    )
    found = board.conflicts_on_board(data, ana, at(25), at(26), (), None)
    assert [c.kind for c in found] == [ConflictKind.TIME_OFF]
    assert [c.kind for c in dispatch.preview_booking(company, number, "T1", at(25), at(26))] == [ConflictKind.TIME_OFF]


def test_a_range_across_spring_forward_is_71_hours(company: ServiceContext) -> None:
    entry = time_off.add_days_off(company, "T1", date(2026, 3, 7), date(2026, 3, 9), "Vacation")
    assert (entry.start, entry.end) == (utc(2026, 3, 7, 6), utc(2026, 3, 10, 5))
    assert entry.end - entry.start == timedelta(hours=71)
    assert entry.text == "Sat 07 Mar 00:00 to Tue 10 Mar 00:00"


def test_a_range_across_fall_back_is_49_hours(company: ServiceContext) -> None:
    entry = time_off.add_days_off(company, "T1", date(2026, 10, 31), date(2026, 11, 1), "Vacation")
    assert (entry.start, entry.end) == (utc(2026, 10, 31, 5), utc(2026, 11, 2, 6))
    assert entry.end - entry.start == timedelta(hours=49)


def test_half_days_split_the_technicians_own_shift(company: ServiceContext) -> None:
    # Ben works 07:00-15:30: the morning is 07:00-11:15, the afternoon 11:15-15:30.
    morning = time_off.add_half_day_off(company, "T2", TUESDAY, HalfDay.MORNING, "Doctor")
    assert (morning.start, morning.end) == (utc(2026, 12, 1, 13), utc(2026, 12, 1, 17, 15))
    afternoon = time_off.add_half_day_off(company, "T2", TUESDAY, HalfDay.AFTERNOON, "Training")
    assert (afternoon.start, afternoon.end) == (utc(2026, 12, 1, 17, 15), utc(2026, 12, 1, 21, 30))
    ana = time_off.add_half_day_off(company, "T1", TUESDAY, HalfDay.AFTERNOON, "Training")
    assert (ana.start, ana.end) == (utc(2026, 12, 1, 18, 30), utc(2026, 12, 1, 23))  # 12:30-17:00
    weeks = {w.code: w.load for w in week_capacity(company, TUESDAY)}
    assert weeks["T2"].capacity_hours == Decimal("34.00")  # 42.5 less Tuesday's 8.5
    assert weeks["T1"].capacity_hours == Decimal("40.50")  # 45 less 4.5


def test_a_half_day_on_a_day_off_and_a_backwards_range_are_refused_by_field(company: ServiceContext) -> None:
    before = state(company)
    with pytest.raises(InvalidFields) as refused:
        time_off.add_half_day_off(company, "T1", date(2026, 12, 5), HalfDay.MORNING, "")
    assert refused.value.subject == "cannot add time off for Ana Reyes"
    assert refused.value.problems == {
        "reason": "the reason is empty; say why (vacation, training, sick), the board shows it",
        "day": "Sat 05 Dec is not a workday of Ana Reyes, so there is no shift to halve; add a whole day off instead",
    }
    with pytest.raises(InvalidFields) as refused:
        time_off.add_days_off(company, "T1", date(2026, 12, 3), TUESDAY, "Vacation")
    assert refused.value.problems == {"last": "the last day 2026-12-01 is before the first 2026-12-03; swap them"}
    with pytest.raises(NotFound, match="no technician 'T9'"):
        time_off.add_day_off(company, "T9", TUESDAY, "Vacation")
    assert state(company) == before


def test_time_off_over_bookings_needs_confirmation_and_records_it(company: ServiceContext, db: Database, clock: Clock) -> None:
    first, first_id = booked(company, "T1", at(24), at(26))  # Tue 09:00-11:00
    second, _ = booked(company, "T1", at(29), at(31))  # Tue 14:00-16:00
    elsewhere, _ = booked(company, "T1", at(48), at(50))  # Wednesday: untouched
    before = state(company)
    with pytest.raises(ConflictsNeedConfirmation) as asked:
        time_off.add_day_off(company, "T1", TUESDAY, "Sick")
    assert str(asked.value) == (
        "time off for Ana Reyes from Tue 01 Dec 00:00 to Wed 02 Dec 00:00 overlaps bookings: "
        f"{first} is booked for Ana Reyes Tue 01 Dec 09:00–11:00; "
        f"{second} is booked for Ana Reyes Tue 01 Dec 14:00–16:00"
    )
    assert [c.kind for c in asked.value.conflicts] == [ConflictKind.TIME_OFF] * 2
    assert state(company) == before
    olga = ServiceContext(db=db, actor="Olga Office", clock=clock)
    time_off.add_day_off(olga, "T1", TUESDAY, "Sick", confirm=True)
    blocks = {b.number: b for b in board.bookings_of_work_orders(company, [first, second, elsewhere])}
    assert blocks[first].confirmed_conflicts == (
        "Ana Reyes has time off (Sick) from Tue 01 Dec 00:00 to Wed 02 Dec 00:00"
    )
    assert blocks[elsewhere].confirmed_conflicts is None
    with db.read() as uow:
        assert uow.booking(first_id).confirmed_by == "Olga Office"
    assert actions(company)[-1] == "Add time off for Ana Reyes (Tue 01 Dec 00:00 to Wed 02 Dec 00:00)"


def test_time_off_over_other_time_off_is_refused_naming_it(company: ServiceContext) -> None:
    time_off.add_half_day_off(company, "T1", TUESDAY, HalfDay.MORNING, "Dentist")
    time_off.add_days_off(company, "T1", date(2026, 12, 3), date(2026, 12, 4), "Vacation")
    before = state(company)
    with pytest.raises(RuleViolation) as refused:
        time_off.add_days_off(company, "T1", TUESDAY, date(2026, 12, 3), "Sick")
    assert refused.value.reasons == [
        "it overlaps time off (Dentist) from Tue 01 Dec 08:00 to Tue 01 Dec 12:30; remove that first or choose other days",
        "it overlaps time off (Vacation) from Thu 03 Dec 00:00 to Sat 05 Dec 00:00; remove that first or choose other days",
    ]
    assert str(refused.value).startswith("cannot add time off for Ana Reyes from Tue 01 Dec 00:00 to Fri 04 Dec 00:00")
    assert state(company) == before
    # Another technician's time off is no obstacle, and neither is a day touching the vacation.
    time_off.add_day_off(company, "T2", TUESDAY, "Sick")
    time_off.add_day_off(company, "T1", date(2026, 12, 2), "Sick")


def test_removing_time_off_unshades_the_board_and_a_second_removal_names_who(
    company: ServiceContext, db: Database, clock: Clock
) -> None:
    entry = time_off.add_day_off(company, "T1", TUESDAY, "Dentist")
    clock.advance(minutes=10)
    olga = ServiceContext(db=db, actor="Olga Office", clock=clock)
    time_off.remove_time_off(olga, entry.id)
    assert board.load_board(company, at(0), at(24 * 7)).time_off == ()
    assert actions(company)[-1] == "Remove time off of Ana Reyes (Tue 01 Dec 00:00 to Wed 02 Dec 00:00)"
    before = state(company)
    with pytest.raises(ConcurrencyConflict) as refused:
        time_off.remove_time_off(company, entry.id)
    assert str(refused.value) == (
        "that time off was already removed by Olga Office at 2026-11-26 09:10 "
        "(Remove time off of Ana Reyes (Tue 01 Dec 00:00 to Wed 02 Dec 00:00)); reload the calendar"
    )
    with pytest.raises(NotFound, match="that time off does not exist"):
        time_off.remove_time_off(company, 999)
    assert state(company) == before


def test_week_capacity_per_technician_with_time_off_and_bookings(company: ServiceContext) -> None:
    booked(company, "T1", at(0), at(3))  # Monday 09:00-12:00
    booked(company, "T1", at(24 * 6 - 9), at(24 * 7 + 2))  # Sunday 00:00 to Monday 11:00: 24 h in the week
    time_off.add_day_off(company, "T1", date(2026, 12, 4), "Training")  # Friday
    (ana,) = week_capacity(company, date(2026, 12, 6), ["T1"])  # a Sunday: the week from Monday 30 Nov
    assert (ana.code, ana.name, ana.active) == ("T1", "Ana Reyes", True)
    assert ana.load.week_start == date(2026, 11, 30)
    assert (ana.load.shift_hours, ana.load.time_off_hours, ana.load.capacity_hours) == (
        Decimal("45.00"), Decimal("9.00"), Decimal("36.00"),
    )
    assert (ana.load.booked_hours, ana.load.free_hours, ana.load.over_hours) == (Decimal("27.00"), Decimal("9.00"), 0)
    assert [w.code for w in week_capacity(company, date(2026, 12, 6))] == ["T1", "T2"]
