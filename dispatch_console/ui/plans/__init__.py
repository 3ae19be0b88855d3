"""Recurring preventive-maintenance plans: their page, their editor and the forecast."""
