"""What the record services (customers, sites, assets, parts) share: refusing field by field,
unique codes, stale copies and deletions blocked by what refers to a record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from dispatch_console.domain import record_rules
from dispatch_console.domain.errors import InvalidFields
from dispatch_console.domain.record_rules import Referrers
from dispatch_console.domain.timekeeping import company_zone
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

T = TypeVar("T", bound=m.Base)

#: One PC at a time creates or renames records, so two never take the same code (PostgreSQL).
RECORD_CODES = "record codes"


class Problems(dict[str, str]):
    """Problems found so far, by field; the first problem of a field is the one shown."""

    def note(self, field: str, problem: str | None) -> None:
        if problem and field not in self:
            self[field] = problem

    def refuse(self, subject: str) -> None:
        """Raise every problem at once, if there are any."""
        if self:
            raise InvalidFields(subject, dict(self))


def check_code_free(
    uow: UnitOfWork, model: type[T], code: str, own: T | None, what: str, problems: Problems, field: str = "code"
) -> None:
    """A code names one record: a clash names the record that has it."""
    if field in problems or not code.strip():
        return
    # Two PCs giving the same new code at once take turns (PostgreSQL), so the second is told
    # here in words instead of meeting the unique index.
    uow.serialize(f"code {model.__tablename__} {code.strip()}")
    other = uow.find(model, code.strip())
    if other is not None and other is not own:
        name = getattr(other, "name", None) or getattr(other, "description", "")
        problems.note(
            field,
            f"{what} code '{code.strip()}' is already used by {what} {name}; choose another code",
        )


def lookup(uow: UnitOfWork, model: type[T], code: str, what: str, problems: Problems, field: str) -> T | None:
    """The record a field refers to by its code; a code naming nothing is the field's problem."""
    if not code.strip():
        problems.note(field, f"no {what} is chosen; pick the {what} from the list")
        return None
    found = uow.find(model, code.strip())
    if found is None:
        problems.note(field, f"there is no {what} '{code.strip()}'; pick the {what} from the list")
    return found


def check_version(uow: UnitOfWork, obj: Any, expected: int | None, label: str) -> None:
    uow.check_version(obj, expected, label, company_zone(uow.company()))


def delete_record(
    uow: UnitOfWork,
    obj: Any,
    what: str,
    code: str,
    expected_version: int | None,
    referrers: Callable[[UnitOfWork, int], Sequence[Referrers]],
) -> None:
    """Delete ``obj`` unless a newer copy or anything referring to it says no."""
    check_version(uow, obj, expected_version, f"The {what} {code}")
    record_rules.check_delete(what, code, referrers(uow, obj.id))
    uow.delete(obj)


def optional(text: str) -> str | None:
    """What a form's optional text field stores: None when left empty."""
    return text.strip() or None
