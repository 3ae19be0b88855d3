"""The roster's technicians and skills: what is saved, what is refused field by field (and then
nothing is written), stale copies, and deactivating a technician who still has bookings ahead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from dispatch_console.domain.certifications import CertificationState
from dispatch_console.domain.enums import Status
from dispatch_console.domain.errors import ConcurrencyConflict, InvalidFields, RuleViolation
from dispatch_console.domain.technicians import Certification, TechnicianSpec
from dispatch_console.services import board, dispatch, execution, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.services.roster.technicians import BookingsToMove
from dispatch_console.storage.database import Database
from tests.conftest import Clock
from tests.seed import at
from tests.services.roster_helpers import booked, state

CARLA = TechnicianSpec(
    code="T3", name="Carla Diaz", hourly_rate=Decimal("72.50"), phone="+1 (214) 555-0199",
    email="carla@example.com", shift_start=time(6, 30), shift_end=time(15), workdays=("Tue", "Mon", "Sat"),
    home_lat=32.9, home_lon=-96.7, skills=(Certification("ELEC", date(2026, 12, 20)), Certification("HVAC")),
)


def actions(ctx: ServiceContext) -> list[str]:
    with ctx.read() as uow:
        return [e.action for e in uow.audit_since(0)]


# -- creating and editing ------------------------------------------------------------------------
def test_a_new_technician_is_saved_with_every_field(company: ServiceContext) -> None:
    record = roster.create_technician(company, replace(CARLA, code=" T3 ", name=" Carla Diaz "))
    assert record.version == 1 and record.updated_by == "Dana Dispatcher"
    assert record.spec == replace(CARLA, workdays=("Mon", "Tue", "Sat"))  # trimmed; week order
    assert roster.technician(company, "T3") == record
    assert actions(company)[-1] == "Add technician T3"


def test_every_problem_is_refused_at_once_beside_its_field_and_nothing_is_written(company: ServiceContext) -> None:
    before = state(company)
    bad = TechnicianSpec(
        code="", name=" ", hourly_rate=Decimal("-1"), phone="call me", email="carla at example",
        shift_start=time(17), shift_end=time(8), workdays=(), home_lat=95.0, home_lon=None,
        skills=(Certification("HVAC"), Certification("HVAC")),
    )
    with pytest.raises(InvalidFields) as refused:
        roster.create_technician(company, bad)
    assert refused.value.subject == "cannot add the technician"
    assert refused.value.problems == {
        "code": "the code is empty; give the technician a short unique code such as T7",
        "name": "the name is empty; type the technician's full name",
        "phone": "'call me' is not a phone number; use digits, spaces and + - ( ) . only",
        "email": "'carla at example' is not an e-mail address; write it as name@example.com",
        "hourly_rate": "the hourly rate is negative; enter 0 or more",
        "shift_end": "the shift ends at 08:00, which is not after its start at 17:00; a shift starts and ends on the same day",
        "workdays": "no workday is chosen; tick the days the technician works (Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
        "home_lon": "give both the latitude and the longitude of home, or neither",
        "skills": "HVAC is listed twice; keep one line with its certification date",
    }
    assert state(company) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"code": "T1"}, "code", "T1 is already the code of Ana Reyes; choose another code"),
        ({"code": "T" * 41}, "code", "the code is 41 characters long; use at most 40"),
        ({"hourly_rate": None}, "hourly_rate", "the hourly rate is empty; labor is billed at it"),
        ({"hourly_rate": Decimal("1.23456")}, "hourly_rate", "more than 4 decimal places"),
        ({"workdays": ("Mon", "Fri", "Funday")}, "workdays", "'Funday' is not a weekday"),
        ({"home_lat": 10.0, "home_lon": 200.0}, "home_lon", "200.0 is not a longitude"),
        ({"skills": (Certification("GAS"),)}, "skills", "there is no skill GAS; pick one of the list or add it"),
        ({"shift_end": time(6, 30)}, "shift_end", "not after its start at 06:30"),
    ],
)
def test_each_field_rule_refuses_alone(company: ServiceContext, change: dict[str, object], field: str, words: str) -> None:
    before = state(company)
    with pytest.raises(InvalidFields) as refused:
        roster.create_technician(company, replace(CARLA, **change))  # type: ignore[arg-type]
    assert list(refused.value.problems) == [field] and words in refused.value.problems[field]
    assert state(company) == before


def test_an_edit_saves_the_fields_and_the_skills(company: ServiceContext) -> None:
    ana = roster.technician(company, "T1")
    spec = replace(
        ana.spec, name="Ana Reyes-Ortiz", code="T01", shift_end=time(16),
        skills=(Certification("ELEC", date(2027, 1, 31)),),  # HVAC dropped, ELEC added
    )
    saved = roster.edit_technician(company, "T1", spec, ana.version)
    assert saved.version == ana.version + 1
    assert roster.technician(company, "T01").spec == spec
    assert actions(company)[-1] == "Edit Ana Reyes"
    changed = replace(spec, skills=(Certification("ELEC", date(2027, 12, 31)),))
    assert roster.edit_technician(company, "T01", changed, saved.version).spec.skills == changed.skills


def test_an_edit_from_a_stale_copy_is_refused_naming_who_and_when(company: ServiceContext, db: Database, clock: Clock) -> None:
    mine = roster.technician(company, "T1")
    clock.advance(minutes=20)
    olga = ServiceContext(db=db, actor="Olga Office", clock=clock)
    roster.edit_technician(olga, "T1", replace(mine.spec, phone="214 555 0100"), mine.version)
    before = state(company)
    with pytest.raises(ConcurrencyConflict) as refused:
        roster.edit_technician(company, "T1", replace(mine.spec, hourly_rate=Decimal("90")), mine.version)
    assert str(refused.value) == (
        "The technician T1 was changed by Olga Office at 2026-11-26 09:20 after you opened it; "
        "your change was not saved. Reload it and make your change again."
    )
    assert state(company) == before
    with pytest.raises(ConcurrencyConflict, match="Olga Office at 2026-11-26 09:20"):
        roster.set_active(company, "T1", False, mine.version)


def test_renaming_a_code_to_one_in_use_is_refused(company: ServiceContext) -> None:
    ben = roster.technician(company, "T2")
    before = state(company)
    with pytest.raises(InvalidFields) as refused:
        roster.edit_technician(company, "T2", replace(ben.spec, code="T1"), ben.version)
    assert refused.value.subject == "cannot save Ben Okafor"
    assert refused.value.problems == {"code": "T1 is already the code of Ana Reyes; choose another code"}
    assert state(company) == before


# -- skills ----------------------------------------------------------------------------------------
def test_the_skills_catalogue_lists_and_adds(company: ServiceContext) -> None:
    assert [s.code for s in roster.list_skills(company)] == ["ELEC", "HVAC"]
    roster.create_skill(company, " GAS ", "Gas fitting")
    assert [(s.code, s.name) for s in roster.list_skills(company)] == [
        ("ELEC", "Electrical"), ("GAS", "Gas fitting"), ("HVAC", "HVAC service"),
    ]
    before = state(company)
    with pytest.raises(InvalidFields) as refused:
        roster.create_skill(company, "HVAC", "")
    assert refused.value.problems == {
        "code": "there is already a skill HVAC; choose another code",
        "name": "the name is empty; say what the skill is, e.g. 'HVAC service'",
    }
    with pytest.raises(InvalidFields, match="the code is empty"):
        roster.create_skill(company, " ", "Roofing")
    assert state(company) == before


# -- the roster list and certification states ----------------------------------------------------
def test_roster_rows_judge_certifications_with_the_one_rule(company: ServiceContext) -> None:
    roster.create_technician(company, CARLA)
    rows = {r.code: r for r in roster.technician_rows(company, date(2026, 11, 26))}
    assert [r.name for r in roster.technician_rows(company, date(2026, 11, 26))] == [
        "Ana Reyes", "Ben Okafor", "Carla Diaz",
    ]
    assert [(s.code, s.state) for s in rows["T2"].skills] == [
        ("ELEC", CertificationState.EXPIRED), ("HVAC", CertificationState.NO_EXPIRY),
    ]
    assert [s.text for s in rows["T2"].certification_warnings] == ["ELEC: expired 2026-10-31"]
    assert [s.state for s in rows["T3"].skills] == [CertificationState.EXPIRING, CertificationState.NO_EXPIRY]
    assert rows["T1"].certification_warnings == () and rows["T1"].active
    later = {r.code: r for r in roster.technician_rows(company, date(2027, 6, 1))}
    assert later["T1"].skills[0].state is CertificationState.EXPIRING


def test_roster_rows_show_this_weeks_booked_hours_against_capacity(company: ServiceContext) -> None:
    booked(company, "T1", at(0), at(2.5))  # Monday 09:00-11:30
    rows = {r.code: r for r in roster.technician_rows(company, date(2026, 12, 2))}
    assert (rows["T1"].week.capacity_hours, rows["T1"].week.booked_hours) == (Decimal("45.00"), Decimal("2.50"))
    assert rows["T1"].week.free_hours == Decimal("42.50")
    assert (rows["T2"].week.capacity_hours, rows["T2"].week.booked_hours) == (Decimal("42.50"), 0)
    # The week before (Thursday 26 Nov's) has nothing booked.
    assert roster.technician_rows(company, date(2026, 11, 26))[0].week.booked_hours == 0


# -- activating and deactivating -----------------------------------------------------------------
def test_deactivating_without_bookings_ahead_takes_the_technician_off_the_board(company: ServiceContext) -> None:
    ben = roster.technician(company, "T2")
    assert roster.future_bookings(company, "T2") == []
    saved = roster.set_active(company, "T2", False, ben.version)
    assert not saved.spec.active and saved.version == ben.version + 1
    assert actions(company)[-1] == "Deactivate Ben Okafor"
    data = board.load_board(company, at(-24), at(24 * 7))
    assert [t.code for t in data.technicians] == ["T1"]
    again = roster.set_active(company, "T2", True, saved.version)
    assert again.spec.active and actions(company)[-1] == "Activate Ben Okafor"


def test_deactivating_with_bookings_ahead_lists_them_and_writes_nothing(company: ServiceContext, clock: Clock) -> None:
    first, _ = booked(company, "T1", at(0), at(2))  # Mon 30 Nov 09:00
    second, _ = booked(company, "T1", at(24 + 1), at(24 + 3))  # Tue 01 Dec 10:00
    clock.advance(days=-2)  # Tuesday 24 Nov: a past booking is not in the way
    past, _ = booked(company, "T1", at(-5 * 24 - 1), at(-5 * 24))  # Wed 25 Nov 08:00
    clock.advance(days=2)
    ana = roster.technician(company, "T1")
    ahead = roster.future_bookings(company, "T1")
    assert [(b.number, b.start_text, b.why_not_move) for b in ahead] == [
        (first, "Mon 30 Nov 09:00", None), (second, "Tue 01 Dec 10:00", None),
    ]
    before = state(company)
    with pytest.raises(BookingsToMove) as refused:
        roster.set_active(company, "T1", False, ana.version)
    assert refused.value.bookings == tuple(ahead)
    assert str(refused.value) == (
        f"Ana Reyes has 2 bookings ahead ({first} Mon 30 Nov 09:00, {second} Tue 01 Dec 10:00); "
        "move them to the queue to deactivate the technician"
    )
    with pytest.raises(BookingsToMove):
        roster.edit_technician(company, "T1", replace(ana.spec, active=False), ana.version)
    assert state(company) == before
    assert past not in [b.number for b in roster.future_bookings(company, "T1")]


def test_deactivating_and_moving_the_bookings_to_the_queue_in_one_save(company: ServiceContext) -> None:
    first, _ = booked(company, "T1", at(0), at(2))
    second, _ = booked(company, "T1", at(24 + 1), at(24 + 3))
    shared, _ = booked(company, "T1", at(48), at(49))
    dispatch.book(company, shared, "T2", at(48), at(49))  # Ben stays on it
    ana = roster.technician(company, "T1")
    seen = roster.future_bookings(company, "T1")
    saved = roster.set_active(company, "T1", False, ana.version, move_bookings=True, seen=seen)
    assert not saved.spec.active
    assert roster.future_bookings(company, "T1") == []
    queue = [q.number for q in board.load_queue(company)]
    assert first in queue and second in queue and shared not in queue
    assert work_orders.details(company, shared).status == Status.SCHEDULED
    assert actions(company)[-1] == f"Deactivate Ana Reyes; unbook {first}, {second}, {shared}"


def test_bookings_changed_since_the_list_was_shown_are_not_moved_unseen(company: ServiceContext) -> None:
    booked(company, "T1", at(0), at(2))
    ana = roster.technician(company, "T1")
    seen = roster.future_bookings(company, "T1")
    booked(company, "T1", at(3), at(4))  # another PC books Ana meanwhile
    before = state(company)
    with pytest.raises(ConcurrencyConflict, match="the bookings of Ana Reyes changed after you looked"):
        roster.set_active(company, "T1", False, ana.version, move_bookings=True, seen=seen)
    assert state(company) == before


def test_work_in_progress_blocks_the_deactivation_named(company: ServiceContext) -> None:
    started, _ = booked(company, "T1", at(-72), at(72))  # Fri 27 Nov 09:00 to Thu 03 Dec, started
    dispatch.dispatch(company, started)
    execution.start(company, started)
    movable, _ = booked(company, "T1", at(96), at(97))
    ana = roster.technician(company, "T1")
    ahead = roster.future_bookings(company, "T1")
    assert [b.why_not_move for b in ahead] == [
        "work has started; its last booking stays as the record of who is on it", None,
    ]
    before = state(company)
    for move in (False, True):
        with pytest.raises(RuleViolation) as refused:
            roster.set_active(company, "T1", False, ana.version, move_bookings=move)
        assert str(refused.value) == (
            f"cannot deactivate Ana Reyes: {started} Fri 27 Nov 09:00: "
            "work has started; its last booking stays as the record of who is on it"
        )
    assert state(company) == before
    assert movable in [b.number for b in ahead]


def test_finished_work_ahead_does_not_hold_up_a_deactivation(company: ServiceContext, clock: Clock) -> None:
    done, _ = booked(company, "T1", at(0), at(2))
    dispatch.dispatch(company, done)
    execution.start(company, done)
    execution.log_labor(company, done, "T1", clock.now - timedelta(hours=2), clock.now)
    execution.complete(company, done)  # finished early: its booking ahead is the record
    ana = roster.technician(company, "T1")
    assert roster.future_bookings(company, "T1") == []
    assert not roster.set_active(company, "T1", False, ana.version).spec.active
    assert len(work_orders.details(company, done).bookings) == 1


def test_today_is_the_company_date_not_utcs(company: ServiceContext, clock: Clock) -> None:
    assert roster.today(company) == date(2026, 11, 26)
    clock.advance(hours=13)  # Friday 04:00 UTC is still Thursday 22:00 in Chicago
    assert roster.today(company) == date(2026, 11, 26)
    clock.advance(hours=2)
    assert roster.today(company) == date(2026, 11, 27)
