"""The Requests page: the review queue and its Approve and Reject dialogs."""

from dispatch_console.ui.review.page import ApproveDialog, RejectDialog, ReviewPage

__all__ = ["ApproveDialog", "RejectDialog", "ReviewPage"]
