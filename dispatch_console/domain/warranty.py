"""Whether an asset is under its maker's warranty on a given day."""

from __future__ import annotations

from datetime import date


def under_warranty(warranty_until: date | None, day: date) -> bool:
    """Covered through the last day of the warranty, inclusive; no date means no warranty."""
    return warranty_until is not None and day <= warranty_until
