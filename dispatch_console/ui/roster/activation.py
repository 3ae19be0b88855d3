"""Deactivating a technician: which bookings ahead it moves to the queue, asked before anything is saved.

The page's *Deactivate…* and the editor's *Active* box ask the same question the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from dispatch_console.services.roster.technicians import FutureBooking


def deactivation_question(name: str, bookings: Sequence[FutureBooking]) -> str | None:
    """What to ask before deactivating ``name``; None when a booking must stay (the service then
    refuses, naming it, and nothing is moved)."""
    if any(b.why_not_move for b in bookings):
        return None
    if not bookings:
        return f"Deactivate {name}? The board no longer offers {name} for new work."
    count = len(bookings)
    noun = "booking" if count == 1 else "bookings"
    these = "this" if count == 1 else "these"
    listed = "\n".join(f"• {b.text}" for b in bookings)
    return f"{name} has {count} {noun} ahead:\n{listed}\n\nMove {these} {count} {noun} to the queue and deactivate?"
