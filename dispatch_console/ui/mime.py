"""What drags carry between the queue and the board: ids in vendor MIME types, never pixels."""

from __future__ import annotations

import json

WORK_ORDER_MIME = "application/x-dispatch-console-work-order"
BOOKING_MIME = "application/x-dispatch-console-booking"


def encode_work_orders(numbers: list[str]) -> bytes:
    return json.dumps({"work_orders": numbers}).encode("utf-8")


def decode_work_orders(data: bytes) -> list[str]:
    try:
        payload = json.loads(data.decode("utf-8"))
        numbers = payload.get("work_orders", [])
    except (ValueError, AttributeError):
        return []
    return [n for n in numbers if isinstance(n, str)]


def encode_bookings(bookings: list[tuple[int, int]]) -> bytes:
    """(booking id, version) pairs: the version lets a stale drop be refused."""
    return json.dumps({"bookings": [[i, v] for i, v in bookings]}).encode("utf-8")


def decode_bookings(data: bytes) -> list[tuple[int, int]]:
    try:
        payload = json.loads(data.decode("utf-8"))
        pairs = payload.get("bookings", [])
        return [(int(i), int(v)) for i, v in pairs]
    except (ValueError, AttributeError, TypeError):
        return []
