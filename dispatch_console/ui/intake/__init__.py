"""Request intake: the New request form (Ctrl+N) and its New customer / New site dialogs."""

from dispatch_console.ui.intake.intake_dialog import IntakeDialog, NewCustomerDialog, NewSiteDialog

__all__ = ["IntakeDialog", "NewCustomerDialog", "NewSiteDialog"]
