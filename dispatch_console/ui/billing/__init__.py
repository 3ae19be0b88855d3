"""Billing: the work ready to bill made into invoices, and the invoices issued, paid or voided."""

from dispatch_console.ui.billing.page import BillingPage

__all__ = ["BillingPage"]
