"""Plain-Python rules of the business: lifecycle, money, time, recurrence, conflicts."""
