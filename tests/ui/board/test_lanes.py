"""Overlapping bookings are laid out in lanes (a pure function), drawn and hit where laid out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dispatch_console.ui.board.geometry import lane_layout

T0 = datetime(2026, 11, 30, 14, tzinfo=UTC)


def span(start_h: float, end_h: float) -> tuple[datetime, datetime]:
    return T0 + timedelta(hours=start_h), T0 + timedelta(hours=end_h)


def test_no_overlap_one_lane_each() -> None:
    assert lane_layout([span(0, 1), span(1, 2), span(3, 4)]) == [(0, 1), (0, 1), (0, 1)]


def test_two_overlapping_share_two_lanes() -> None:
    assert lane_layout([span(0, 2), span(1, 3)]) == [(0, 2), (1, 2)]


def test_a_freed_lane_is_reused_and_the_group_keeps_its_width() -> None:
    # A long job with two short ones inside it one after the other: two lanes, not three.
    assert lane_layout([span(0, 4), span(1, 2), span(2, 3)]) == [(0, 2), (1, 2), (1, 2)]


def test_three_at_once_then_a_separate_group() -> None:
    spans = [span(0, 3), span(1, 3), span(2, 3), span(5, 6), span(5.5, 6)]
    assert lane_layout(spans) == [(0, 3), (1, 3), (2, 3), (0, 2), (1, 2)]


def test_a_chain_of_overlaps_is_one_group() -> None:
    # a overlaps b, b overlaps c, a and c do not: c goes back to lane 0, the group has 2 lanes.
    assert lane_layout([span(0, 2), span(1, 3), span(2.5, 4)]) == [(0, 2), (1, 2), (0, 2)]


def test_identical_bookings_get_their_own_lanes() -> None:
    assert lane_layout([span(0, 1), span(0, 1)]) == [(0, 2), (1, 2)]


def test_empty() -> None:
    assert lane_layout([]) == []
