"""Customers, sites, assets and parts: their lists, editors and service history (issue #8, 5)."""

from dispatch_console.ui.records.page import RecordsPage

__all__ = ["RecordsPage"]
