"""The fixed vocabularies of the trade: types, priorities, statuses."""

from __future__ import annotations

from enum import StrEnum


class WorkOrderType(StrEnum):
    PREVENTIVE = "preventive"
    CORRECTIVE = "corrective"
    EMERGENCY = "emergency"
    INSPECTION = "inspection"
    GENERAL = "general"
    INSTALLATION = "installation"


class Priority(StrEnum):
    EMERGENCY = "emergency"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 is most urgent; the queue sorts on it."""
        return PRIORITY_RANK[self]


PRIORITY_RANK = {Priority.EMERGENCY: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class Status(StrEnum):
    OPEN = "open"
    SCHEDULED = "scheduled"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    VERIFIED = "verified"
    INVOICED = "invoiced"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class RequestStatus(StrEnum):
    NEW = "new"
    APPROVED = "approved"
    REJECTED = "rejected"


class RequestSource(StrEnum):
    """How a request reached the office. ``customer`` is the older "from the customer" with the
    channel not recorded (bundles and databases from before the channel was asked)."""

    PHONE = "phone"
    EMAIL = "email"
    PORTAL = "portal"
    CUSTOMER = "customer"
    TECHNICIAN = "technician"
    RECURRING_PLAN = "recurring_plan"


class ScopeChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class PhotoKind(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    OTHER = "other"


class PlanMode(StrEnum):
    """How a recurring plan counts its next visit."""

    #: On the calendar, whatever happened to the last visit.
    FIXED = "fixed"
    #: From the day the previous work order was completed (early or late).
    AFTER_COMPLETION = "after_completion"

    @property
    def label(self) -> str:
        return "fixed calendar" if self is PlanMode.FIXED else "after completion"


class CloseoutNeed(StrEnum):
    """What a plan may add to the closeout its work orders' type already requires."""

    CHECKLIST = "checklist"
    NOTES = "notes"
    SIGNATURE = "signature"
    BEFORE_PHOTO = "before_photo"
    AFTER_PHOTO = "after_photo"

    @property
    def label(self) -> str:
        return {
            "checklist": "every checklist item done",
            "notes": "a note",
            "signature": "the customer's signature",
            "before_photo": "a before photo",
            "after_photo": "an after photo",
        }[self.value]


class InvoiceLineKind(StrEnum):
    LABOR = "labor"
    PART = "part"


# Defined with the workday rules; still importable from here.
from dispatch_console.domain.workdays import DEFAULT_WORKDAYS as DEFAULT_WORKDAYS  # noqa: E402
from dispatch_console.domain.workdays import WEEKDAYS as WEEKDAYS  # noqa: E402


def parse_enum(enum_cls: type[StrEnum], text: str, what: str) -> StrEnum:
    """The member named by ``text`` (any case), or a ValidationError listing the choices."""
    from dispatch_console.domain.errors import ValidationError

    key = text.strip().lower()
    for member in enum_cls:
        if member.value == key:
            return member
    choices = ", ".join(m.value for m in enum_cls)
    raise ValidationError(f"'{text}' is not a {what}; use one of: {choices}")


class InvoiceStatus(StrEnum):
    """Where an invoice stands (the transitions are in ``domain/invoicing.py``)."""

    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    VOID = "void"

    @property
    def label(self) -> str:
        return self.value
