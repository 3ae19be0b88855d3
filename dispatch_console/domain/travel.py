"""Drive-time estimates between sites: straight-line distance at an average speed."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance; good enough to plan a day, not to navigate."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def drive_time(km: float, speed_kmh: Decimal | float) -> timedelta:
    """Minutes at the average speed, rounded up to whole minutes."""
    speed = float(speed_kmh)
    if speed <= 0:
        raise ValueError("average speed must be positive")
    return timedelta(minutes=math.ceil(km / speed * 60))


