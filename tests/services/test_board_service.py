"""The board's services: loading a window, patch data, multi-moves and multi-unbooks (all or nothing)."""

from __future__ import annotations

import pytest

from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.domain.errors import ConcurrencyConflict, ValidationError
from dispatch_console.services import board, dispatch, work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.dispatch import ConflictsNeedConfirmation, Placement
from dispatch_console.services.work_orders import WorkOrderSpec
from tests.seed import at


def order(ctx: ServiceContext, **kw: object) -> str:
    return work_orders.create_work_order(
        ctx, WorkOrderSpec(type=WorkOrderType.CORRECTIVE, site_code="S1", summary="Leak", **kw)  # type: ignore[arg-type]
    )


def test_load_board_has_rows_blocks_time_off_and_skills(company: ServiceContext) -> None:
    number = order(company, required_skills=("HVAC",))
    dispatch.book(company, number, "T1", at(0), at(2))
    order(company)  # stays in the queue
    data = board.load_board(company, at(-24), at(24))
    assert [t.code for t in data.technicians] == ["T1", "T2"]  # by name: Ana, Ben
    (block,) = data.bookings
    assert block.number == number and block.required_skills == ("HVAC",) and block.customer == "Lakeside Medical"
    assert str(data.zone) == "America/Chicago"
    queue = board.load_queue(company)
    assert len(queue) == 1 and queue[0].number != number
    assert board.load_board(company, at(24), at(48)).bookings == ()


def test_queue_item_and_booking_blocks_for_patching(company: ServiceContext) -> None:
    number = order(company)
    assert board.queue_item(company, number) is not None
    result = dispatch.book(company, number, "T1", at(0), at(2))
    assert board.queue_item(company, number) is None
    (block,) = board.booking_blocks(company, [result.booking_id])
    assert block.status == Status.SCHEDULED and block.version == result.version
    assert [b.id for b in board.bookings_of_work_orders(company, [number])] == [result.booking_id]


def test_move_several_checks_them_against_each_other(company: ServiceContext) -> None:
    a, b = order(company), order(company)
    ra = dispatch.book(company, a, "T1", at(0), at(1))
    rb = dispatch.book(company, b, "T1", at(1), at(2))
    # Shifting both by an hour: each lands where the other was; no conflict with itself.
    results = dispatch.move_bookings(
        company,
        [Placement(ra.work_order, "T1", at(1), at(2), ra.booking_id, ra.version), Placement(rb.work_order, "T1", at(2), at(3), rb.booking_id, rb.version)],
    )
    assert [r.conflicts for r in results] == [(), ()]
    # Both onto the same hour: each overlaps the other; refused unless confirmed, nothing written.
    overlap = [Placement(ra.work_order, "T1", at(4), at(5), ra.booking_id, results[0].version),
               Placement(rb.work_order, "T1", at(4), at(5), rb.booking_id, results[1].version)]
    with pytest.raises(ConflictsNeedConfirmation) as refused:
        dispatch.move_bookings(company, overlap)
    assert all(c.kind.value == "overlap" for c in refused.value.conflicts)
    data = board.load_board(company, at(-24), at(24))
    assert sorted(bk.start for bk in data.bookings) == [at(1), at(2)]


def test_move_several_is_all_or_nothing_on_a_stale_copy(company: ServiceContext) -> None:
    a, b = order(company), order(company)
    ra = dispatch.book(company, a, "T1", at(0), at(1))
    rb = dispatch.book(company, b, "T2", at(0), at(1))
    dispatch.move_booking(company, rb.booking_id, "T2", at(1), at(2), expected_version=rb.version)
    with pytest.raises(ConcurrencyConflict):
        dispatch.move_bookings(
            company,
            [Placement(ra.work_order, "T1", at(3), at(4), ra.booking_id, ra.version), Placement(rb.work_order, "T2", at(3), at(4), rb.booking_id, rb.version)],
        )
    starts = {bk.number: bk.start for bk in board.load_board(company, at(-24), at(24)).bookings}
    assert starts == {a: at(0), b: at(1)}


def test_unbook_many_puts_orders_back_in_the_queue(company: ServiceContext) -> None:
    a, b = order(company), order(company)
    ra = dispatch.book(company, a, "T1", at(0), at(1))
    rb = dispatch.book(company, b, "T2", at(0), at(1))
    assert dispatch.unbook_many(company, [(ra.booking_id, ra.version), (rb.booking_id, rb.version)]) == [a, b]
    assert {q.number for q in board.load_queue(company)} == {a, b}


def test_suggest_from_loaded_data_needs_the_skill(company: ServiceContext) -> None:
    number = order(company, required_skills=("ELEC",))
    data = board.load_board(company, at(-24), at(24 * 15))
    ranking = board.suggest(data, board.job_facts(company, number), at(-1))
    # Ben has ELEC but its certification lapsed in October; Ana lacks it.
    assert ranking.suggestions == ()
    assert ranking.excluded == {"T1": "lacks ELEC", "T2": "ELEC certification expired 2026-10-31"}
    hvac = order(company, required_skills=("HVAC",))
    ranking = board.suggest(data, board.job_facts(company, hvac), at(-1))
    assert {s.tech_code for s in ranking.suggestions} == {"T1", "T2"}


def test_the_longest_booking_is_found_by_every_window_it_overlaps_and_no_other(
    company: ServiceContext,
) -> None:
    """Reads bound the start by the longest booking: one of exactly that length is still seen
    from its last minute, and not from the minute after it ends."""
    number = order(company)
    dispatch.book(company, number, "T1", at(0), at(14 * 24), confirm=True)  # 14 days: the longest
    last_minute = (at(14 * 24 - 1 / 60), at(14 * 24 + 1))
    assert [b.number for b in board.load_board(company, *last_minute).bookings] == [number]
    assert [r["number"] for r in dispatch.bookings_in_window(company, *last_minute)] == [number]
    assert board.load_board(company, at(14 * 24), at(14 * 24 + 1)).bookings == ()
    # A second booking of T1 across its last day conflicts with it (the check reads it too).
    other = order(company)
    with pytest.raises(ConflictsNeedConfirmation, match=f"overlaps {number}"):
        dispatch.book(company, other, "T1", at(14 * 24 - 1), at(14 * 24 + 1))


def test_a_booking_longer_than_the_longest_is_refused_and_nothing_is_written(
    company: ServiceContext,
) -> None:
    number = order(company)
    with pytest.raises(ValidationError, match="at most 14 days; book several visits instead"):
        dispatch.book(company, number, "T1", at(0), at(14 * 24 + 0.25))
    assert board.load_board(company, at(-24), at(15 * 24)).bookings == ()
