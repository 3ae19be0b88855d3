"""Composition root: arguments -> paths -> database -> services -> command line or desktop."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from dispatch_console import cli
from dispatch_console.paths import AppPaths, database_url
from dispatch_console.services import setup
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage.database import Database
from dispatch_console.storage.opening import refuse_in_memory


def open_context(
    paths: AppPaths,
    db_url: str | None,
    prepare_schema: bool,
    *,
    upgrade: bool = False,
    writes: bool = True,
) -> ServiceContext:
    """Connect to the database the user chose and hand out the services' context.

    Refused in words before anything is touched: an in-memory database (it would keep nothing),
    a file of another program, a read-only file when the caller ``writes``, a server that does
    not answer.
    """
    url = database_url(db_url, paths)
    refuse_in_memory(url)
    if url == database_url(None, paths, environ={}):
        paths.ensure()  # the embedded default lives in the user's data folder
    db = Database(url)
    try:
        db.check_reachable(for_writing=writes)
        ctx = ServiceContext(db=db)
        if prepare_schema:
            setup.prepare_schema(ctx, upgrade_outdated=upgrade, create_missing=writes)
    except BaseException:
        db.dispose()
        raise
    return ctx


def main(argv: Sequence[str] | None = None, paths: AppPaths | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    paths = paths or AppPaths.for_user()
    parser = cli.build_parser()
    try:
        known, _rest = parser.parse_known_args(args)
    except SystemExit as stop:
        return int(stop.code or 0)
    if known.command is not None or "-h" in args or "--help" in args:
        opened: list[ServiceContext] = []

        def opener(url: str | None, prepare: bool, writes: bool) -> ServiceContext:
            ctx = open_context(paths, url, prepare, writes=writes)
            opened.append(ctx)
            return ctx

        try:
            return cli.run(args, opener, resolve_url=lambda url: database_url(url, paths))
        finally:
            for ctx in opened:
                ctx.db.dispose()
    return _run_desktop(known.db, paths, args)


def _run_desktop(db_url: str | None, paths: AppPaths, argv: list[str]) -> int:
    from dispatch_console.ui.launch import launch

    return launch(lambda: open_context(paths, db_url, True, upgrade=True), paths, argv)
