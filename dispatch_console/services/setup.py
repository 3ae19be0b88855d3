"""Opening a database for use: the schema is created on first use and kept current."""

from __future__ import annotations

from dispatch_console.domain.errors import DatabaseUnavailable, ValidationError
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import schema


def upgrade_schema(ctx: ServiceContext) -> tuple[str | None, str]:
    """Create or upgrade the schema (``init``); returns (from revision, to revision)."""
    return schema.upgrade(ctx.db)


def prepare_schema(ctx: ServiceContext, *, upgrade_outdated: bool, create_missing: bool = True) -> None:
    """An empty database gets the schema; an outdated one is upgraded or refused with the fix.

    Without ``create_missing`` (a command that only reads) an empty database is refused instead,
    untouched: creating the schema there would be a write, and reading it would find nothing,
    which hides a wrong file or database name.
    """
    current = schema.current_revision(ctx.db)
    if current == schema.head_revision():
        return
    schema.refuse_newer(ctx.db, current)
    if current is None and not create_missing:
        raise ValidationError(
            f"the database {ctx.db.display_name} is empty: it holds no Dispatch Console data, and "
            "nothing was created. Check the database given with --db (or $DISPATCH_CONSOLE_DB), or "
            "create the database first with 'dispatch-console init'"
        )
    if current is None or upgrade_outdated:
        schema.upgrade(ctx.db)
        return
    raise DatabaseUnavailable(
        f"the database {ctx.db.display_name} has an older schema ({current}); "
        "run `dispatch-console init` to upgrade it (its data is kept)"
    )
