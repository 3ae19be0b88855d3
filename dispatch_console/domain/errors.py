"""Errors that carry a plain-language reason for the dispatcher."""

from __future__ import annotations


class DispatchError(Exception):
    """Base of every refusal the program explains to its user."""


class RuleViolation(DispatchError):
    """An operation the lifecycle or another business rule refuses.

    ``reasons`` lists every reason, so the user can fix them all at once.
    """

    def __init__(self, subject: str, reasons: list[str]) -> None:
        self.subject = subject
        self.reasons = list(reasons)
        super().__init__(f"{subject}: {'; '.join(self.reasons)}")


class ValidationError(DispatchError):
    """Input that is malformed or incomplete (a field, a file, an argument)."""


class NotFound(DispatchError):
    """A code or number that names nothing in the database."""


class ConcurrencyConflict(DispatchError):
    """A save based on a copy that somebody else changed in the meantime."""


class DatabaseUnavailable(DispatchError):
    """The database URL is wrong or the server cannot be reached."""


class BadDatabaseUrl(DatabaseUnavailable):
    """The URL itself is wrong (a typo, an unsupported database): the user's to fix."""


class DatabaseBusy(DatabaseUnavailable):
    """Another PC held the database's write lock for longer than this one waits."""


class Cancelled(DispatchError):
    """The dispatcher stopped waiting for another PC; nothing was saved."""


class InvalidFields(ValidationError):
    """Input refused field by field, so a form can show each message beside its field.

    ``problems`` maps a field's name (as the service's spec names it) to what is wrong with it
    and how to fix it.
    """

    def __init__(self, subject: str, problems: dict[str, str]) -> None:
        self.subject = subject
        self.problems = dict(problems)
        super().__init__(f"{subject}: " + "; ".join(self.problems.values()))
