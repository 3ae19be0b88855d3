"""What the record services (customers, sites, assets, parts) share: refusing field by field,
unique codes, stale copies and deletions blocked by what refers to a record, and the one way
each of them creates, edits, reads and deletes a record (``RecordKind``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from dispatch_console.domain import record_rules
from dispatch_console.domain.errors import InvalidFields
from dispatch_console.domain.record_rules import Referrers
from dispatch_console.domain.timekeeping import company_zone
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.storage.unit_of_work import UnitOfWork

T = TypeVar("T", bound=m.Base)
S = TypeVar("S")


class _Stored(Protocol):
    """What every record has once saved: its row id and the version an edit must name."""

    id: int
    version: int


def _stored(obj: m.Base) -> _Stored:
    return cast(_Stored, obj)

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


def optional(text: str) -> str | None:
    """What a form's optional text field stores: None when left empty."""
    return text.strip() or None


#: What checking a form gives: the problems found, and how to write the form onto a record
#: (called only when there are none).
Checked = tuple[Problems, Callable[[T], None]]


@dataclass(frozen=True)
class Saved(Generic[S]):
    """A saved record as its form shows it, and the version an edit of it must name."""

    spec: S
    version: int


@dataclass(frozen=True)
class RecordKind(Generic[T, S]):
    """One kind of record, as creating, editing, reading and deleting it need it.

    ``key`` names the field that identifies a record, in the form (``S``) and the table alike:
    ``code``, or a part's ``sku``.
    """

    what: str
    model: type[T]
    check: Callable[[UnitOfWork, S, T | None], Checked[T]]
    spec_of: Callable[[T], S]
    referrers: Callable[[UnitOfWork, int], Sequence[Referrers]]
    key: str = "code"


def create_record(ctx: ServiceContext, kind: RecordKind[T, S], spec: S) -> str:
    """A new record from its form, every problem refused at once; returns its key."""
    with ctx.write(f"Create {kind.what} {str(getattr(spec, kind.key)).strip()}") as uow:
        uow.serialize(RECORD_CODES)
        problems, apply = kind.check(uow, spec, None)
        problems.refuse(f"cannot create the {kind.what}")
        obj = kind.model()
        apply(obj)
        uow.add(obj)
        uow.flush()
        return str(getattr(obj, kind.key))


def edit_record(ctx: ServiceContext, kind: RecordKind[T, S], key: str, spec: S, expected_version: int) -> int:
    """Save a record's form over it; a stale copy is refused. Returns the new version."""
    with ctx.write(f"Edit {kind.what} {key}") as uow:
        uow.serialize(RECORD_CODES)
        obj = uow.require(kind.model, key)
        check_version(uow, obj, expected_version, f"The {kind.what} {key}")
        problems, apply = kind.check(uow, spec, obj)
        problems.refuse(f"cannot save {kind.what} {key}")
        apply(obj)
        uow.flush()
        return _stored(obj).version


def get_record(ctx: ServiceContext, kind: RecordKind[T, S], key: str) -> Saved[S]:
    with ctx.read() as uow:
        obj = uow.require(kind.model, key)
        return Saved(kind.spec_of(obj), _stored(obj).version)


def delete_record(ctx: ServiceContext, kind: RecordKind[T, S], key: str, expected_version: int | None) -> None:
    """Delete a record unless a newer copy or anything referring to it says no."""
    with ctx.write(f"Delete {kind.what} {key}") as uow:
        obj = uow.require(kind.model, key)
        check_version(uow, obj, expected_version, f"The {kind.what} {key}")
        record_rules.check_delete(kind.what, key, kind.referrers(uow, _stored(obj).id))
        uow.delete(obj)


def why_not_delete(ctx: ServiceContext, kind: RecordKind[T, S], key: str) -> str | None:
    """Why the Delete button is off for this record (None: it may be deleted)."""
    with ctx.read() as uow:
        obj = uow.require(kind.model, key)
        return record_rules.why_not_delete(kind.what, key, kind.referrers(uow, _stored(obj).id))
