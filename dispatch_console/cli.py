"""The command line: the same services as the desktop, for what an office scripts.

Exit status: 0 done; 2 bad input or arguments (nothing was written); 1 anything else.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from dispatch_console import __version__
from dispatch_console.domain.errors import (
    BadDatabaseUrl,
    DatabaseUnavailable,
    DispatchError,
    NotFound,
    RuleViolation,
    ValidationError,
)
from dispatch_console.paths import DB_ENV

if TYPE_CHECKING:
    from dispatch_console.services.context import ServiceContext

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

log = logging.getLogger("dispatch_console.cli")

DESCRIPTION = """\
Dispatch Console: the dispatch desktop for field-service contractors.

Without a command it opens the desktop console. The commands below serve what an
office scripts: setting up the database, moving data in and out, making the work
orders of recurring plans, backing up.
"""

DB_HELP = """\
the database as an SQLAlchemy URL: sqlite:///path/to/file.db or
postgresql+psycopg://user@host/dbname. Default: $DISPATCH_CONSOLE_DB, else an
SQLite file in your data folder (created on first use). A file of another program
is refused untouched, and so is an in-memory database"""

EPILOG = """\
examples:
  dispatch-console                         open the console
  dispatch-console demo                    fill an empty database with a demo company
  dispatch-console import ./northwind      import a CSV bundle (all or nothing)
  dispatch-console export ./backup-csv     write the whole database as a CSV bundle
  dispatch-console pm run                  create the work orders recurring plans have due
  dispatch-console invoice WO-1042 WO-1043 bill two finished jobs of one customer
  dispatch-console pdf work-order WO-1042 --out wo.pdf   the printable work order
  dispatch-console backup --out ./copy.db  a consistent copy of the database, in use or not
  dispatch-console --db postgresql+psycopg://dispatch@office-server/dispatch init

exit status: 0 done; 2 bad input or arguments (a message says what, nothing was
written); 1 anything else.
"""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error exits 2 with one clear line (argparse's own status is 2 too)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="dispatch-console",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="URL", help=DB_HELP)
    # Accepted after the command too; SUPPRESS keeps a --db given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help=DB_HELP, default=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)

    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=summary,
            description=summary + ("\n\n" + details if details else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            # typeshed wants the parents to be of the subparsers' parser_class, but argparse only
            # copies their arguments, so a plain ArgumentParser is right here.
            parents=[common],  # type: ignore[list-item]
        )

    command(
        "init",
        "create the database, or upgrade it to the current schema",
        "Safe to run any number of times; an older database keeps its data.",
    )
    command(
        "demo",
        "fill an empty database with a realistic demo company",
        "Technicians, customers, sites, assets, plans, a week of jobs around today and\n"
        "months of history. Refused when the database already has data.",
    )
    imp = command(
        "import",
        "import a CSV bundle (a folder of CSV files)",
        "All or nothing: every file is checked first; on any error nothing is written and\n"
        "each error is printed as FILE:LINE: COLUMN: message. Rows are upserted by code,\n"
        "so importing the same bundle twice changes nothing. It is saved in one go: other\n"
        "dispatchers' saves wait until it is done (their consoles say so). While it writes,\n"
        "a progress line (rows written of rows to write) goes to stderr on a terminal, and\n"
        "for bundles of 20,000 rows or more wherever stderr goes.",
    )
    imp.add_argument("folder", metavar="DIR", type=given_path, help="the folder holding the CSV files")
    exp = command(
        "export",
        "write the whole database as a CSV bundle",
        "Importing the export into an empty database gives the same data back. While it writes, "
        "a progress line goes to stderr: rewritten in place on a terminal, a line per tenth for "
        "databases of 20,000 rows or more wherever stderr goes. The bundle is put in place only "
        "once it is whole: an export that fails (a full disk) leaves a former export in DIR as it was.",
    )
    exp.add_argument("folder", metavar="DIR", type=given_path, help="the folder to write (created if missing)")
    exp.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="put an apostrophe before text cells that start with = + - @ (a spreadsheet would run "
        "them as formulas); the import takes it off again, so the data still comes back exactly",
    )
    pm = command(
        "pm",
        "recurring maintenance plans",
        "pm run: make the work orders the plans have due (the console does it every hour).",
    )
    pm_actions = pm.add_subparsers(
        dest="pm_action", metavar="ACTION", parser_class=ArgumentParser, required=True
    )
    pm_run = pm_actions.add_parser(
        "run",
        help=PM_RUN_SUMMARY,
        description=PM_RUN_SUMMARY + "\n\n" + PM_RUN_DETAILS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],  # type: ignore[list-item]
    )
    pm_run.add_argument(
        "--as-of",
        metavar="DATE",
        type=calendar_date,
        help="the day to generate up to, as YYYY-MM-DD (default: today in the company's time zone)",
    )
    inv = command(
        "invoice",
        INVOICE_SUMMARY,
        "Prints the new invoice's number. The invoice is issued today and due after the\n"
        "company's payment terms; each line is rounded to the cent (half up) and tax is\n"
        "applied once to the sum. Refused, with every reason and nothing written, when a\n"
        "work order is not completed or verified, is non-billable, is on a live invoice\n"
        "already, or the work orders belong to different customers.",
    )
    inv.add_argument("work_orders", metavar="WO-NUMBER", nargs="+", help="a work order to bill, e.g. WO-1042")
    pdf = command(
        "pdf",
        "printable documents: a work order, an invoice, the crew sheets of a day",
        "Each is written under a temporary name beside FILE and renamed to FILE once complete\n"
        "(an existing FILE is replaced). A number that does not exist or a bad date writes nothing.",
    )
    documents = pdf.add_subparsers(
        dest="pdf_document", metavar="DOCUMENT", parser_class=ArgumentParser, required=True
    )

    def document(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        sub = documents.add_parser(
            name, help=summary, description=details or summary, parents=[common],  # type: ignore[list-item]
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--out", metavar="FILE", type=given_path, required=True, help="the PDF file to write")
        return sub

    document("work-order", "the printable work order").add_argument(
        "number", metavar="NUMBER", help="the work order's number, e.g. WO-1042"
    )
    document("invoice", "the printable invoice").add_argument(
        "number", metavar="NUMBER", help="the invoice's number, e.g. INV-1001"
    )
    crew = document(
        "crew-sheets",
        "one crew sheet per technician for that day",
        "one crew sheet per technician for that day: each technician with work that day (or each\n"
        "--tech) from a new page, their jobs in time order on the company's clock, the parts to\n"
        "bring, checklists and lines to write on. An unknown --tech, or a day on which none of\n"
        "them has work, exits 2 and writes nothing.",
    )
    crew.add_argument("--date", metavar="DATE", type=calendar_date, required=True, help="the day, as YYYY-MM-DD")
    crew.add_argument(
        "--tech", metavar="CODE", action="append", default=[],
        help="only this technician (repeat it for several); default: everyone with jobs that day",
    )
    back = command(
        "backup",
        "a consistent copy of the database while it is in use",
        "Written under a temporary name beside FILE and renamed to FILE once complete, so a\n"
        "half-written backup never has its name; an existing FILE is replaced. For an SQLite\n"
        "database; a PostgreSQL database is backed up on its server with pg_dump. The console\n"
        "also writes one every night into the backups folder of your data folder (the last 14 kept).",
    )
    back.add_argument("--out", metavar="FILE", type=given_path, required=True, help="the backup file to write")
    return parser


INVOICE_SUMMARY = (
    "bills completed or verified work orders of one customer on one new invoice and prints its\n"
    "number; a work order is billed at most once"
)
PM_RUN_SUMMARY = (
    "creates the work order of every occurrence of every active plan that falls on or before\n"
    "DATE + the plan's lead days (DATE defaults to today) and has none yet; prints how many it\n"
    "created; safe to run any number of times, from any number of computers at once"
)
PM_RUN_DETAILS = (
    "Days when no computer ran it are caught up. A work order whose plan names a preferred\n"
    "technician is booked to them when they are free at that time; otherwise it waits in the queue."
)


def given_path(text: str) -> Path:
    """A folder or file as typed; an empty one (an unset shell variable) is refused, as Path('')
    would be the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the name is empty; give a path (a shell variable used here may be unset)"
        )
    return Path(text)


def calendar_date(text: str) -> date:
    """A date as YYYY-MM-DD (argparse says what is wrong otherwise, exit 2)."""
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _no_date(text)
    except ValueError:
        return _no_date(text)


def _no_date(text: str) -> NoReturn:
    raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-31")


OpenContext = Callable[[str | None, bool, bool], "ServiceContext"]


def run(
    argv: Sequence[str],
    open_context: OpenContext,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    resolve_url: Callable[[str | None], str | None] | None = None,
) -> int:
    """Run one command.

    ``open_context(db_url, prepare_schema, writes)`` is the composition root's opener: it
    resolves the URL, connects (refusing a read-only file when the command ``writes``), and
    (when asked) creates a missing schema or refuses an outdated one.
    ``resolve_url(db_url)`` says which database that will be (``--db``, else the environment,
    else the file in the data folder), so a read-only command can refuse a missing file.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        return _dispatch(args, open_context, out, err, resolve_url or _given_url)
    except BadDatabaseUrl as exc:
        print(f"dispatch-console: {exc}", file=err)
        return EXIT_BAD_INPUT
    except DatabaseUnavailable as exc:
        print(f"dispatch-console: {exc}", file=err)
        return EXIT_FAILED
    except (ValidationError, NotFound, RuleViolation) as exc:
        errors = getattr(exc, "errors", None)
        if errors:
            for line in errors:
                print(str(line), file=err)
            print(f"dispatch-console: {len(errors)} error(s); nothing was imported", file=err)
        else:
            print(f"dispatch-console: {exc}", file=err)
        return EXIT_BAD_INPUT
    except DispatchError as exc:
        print(f"dispatch-console: {exc}", file=err)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"dispatch-console: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=err)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a message, never a bare traceback
        if log.hasHandlers():
            log.exception("unexpected error running %s", args.command)
        print(f"dispatch-console: unexpected error: {in_words(exc)}", file=err)
        return EXIT_FAILED


class ProgressLine:
    """An import's or export's progress on stderr while it runs: one line rewritten in place on a
    terminal; elsewhere (a log) a line per tenth, and only for a large bundle (``LARGE`` rows)."""

    LARGE = 20_000

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int, what: str) -> None:
        if total <= 0 or not (self.terminal or total >= self.LARGE):
            return
        percent = min(done * 100 // total, 100)
        step = percent if self.terminal else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        text = f"writing {done:,} of {total:,} rows ({percent} %): {what}"
        if self.terminal:
            print(f"\r{text}\x1b[K", end="\n" if done >= total else "", file=self.stream, flush=True)
        else:
            print(text, file=self.stream, flush=True)


def in_words(exc: BaseException) -> str:
    """An exception nobody explained, in one line: its kind and first line, without the SQL,
    its parameters or a driver's "Background on this error" link."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    first = re.sub(r"\s*\[SQL:.*$", "", first)
    first = re.sub(r"\s*\(Background on this error at:[^)]*\)", "", first)
    first = re.sub(r"^\(([\w.]+)\)\s*", "", first)  # SQLAlchemy's "(sqlite3.OperationalError) "
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _given_url(url: str | None) -> str | None:
    return url or os.environ.get(DB_ENV)


def _dispatch(
    args: argparse.Namespace,
    open_context: OpenContext,
    out: TextIO,
    err: TextIO,
    resolve_url: Callable[[str | None], str | None],
) -> int:
    if args.command == "init":
        from dispatch_console.services import setup

        ctx = open_context(args.db, False, True)
        before, after = setup.upgrade_schema(ctx)
        where = ctx.db.display_name
        if before is None:
            print(f"created the database {where} (schema {after})", file=out)
        elif before == after:
            print(f"the database {where} is up to date (schema {after})", file=out)
        else:
            print(f"upgraded the database {where} from schema {before} to {after}", file=out)
        return EXIT_OK

    if args.command is None:
        return EXIT_OK
    if args.command in READ_ONLY_COMMANDS:
        file = sqlite_database_file(resolve_url(args.db))
        # Opening would create an empty database (or make an empty file one) and export
        # nothing, hiding a typo.
        if file is not None and not file.exists():
            raise ValidationError(
                f"the database file '{file}' does not exist; nothing was created. "
                "Check the path given with --db (or $DISPATCH_CONSOLE_DB), or create the "
                "database first with 'dispatch-console init'"
            )
        if file is not None and file.is_file() and file.stat().st_size == 0:
            raise ValidationError(
                f"the database file '{file}' is empty: it holds no Dispatch Console data, and it was "
                "left as it was. Check the path given with --db (or $DISPATCH_CONSOLE_DB), or create "
                "the database first with 'dispatch-console init'"
            )
    ctx = open_context(args.db, True, args.command not in READ_ONLY_COMMANDS)
    if args.command == "demo":
        from dispatch_console.services.context import OTHERS_WAIT
        from dispatch_console.services.demo import create_demo_company

        print(f"creating the demo company. {OTHERS_WAIT}", file=err)
        summary = create_demo_company(ctx)
        print(f"created the demo company: {summary}", file=out)
    elif args.command == "import":
        if not args.folder.is_dir():
            raise ValidationError(f"'{args.folder}' is not a folder; give the folder that holds the CSV files")
        from dispatch_console.services.bundle_import import import_folder
        from dispatch_console.services.context import OTHERS_WAIT

        print(f"importing {args.folder}. {OTHERS_WAIT}", file=err)
        report = import_folder(ctx, args.folder, ProgressLine(err))
        print(str(report), file=out)
    elif args.command == "export":
        if args.folder.exists() and not args.folder.is_dir():
            raise ValidationError(f"'{args.folder}' is a file; give a folder to write the CSV files into")
        from dispatch_console.services.bundle_export import export_folder

        exported = export_folder(ctx, args.folder, ProgressLine(err), spreadsheet_safe=args.spreadsheet_safe)
        names = [name for name in exported.files if "/" not in name]
        attachments = len(exported.files) - len(names)
        listed = ", ".join(names) + (f" and {attachments} photos and signatures in files/" if attachments else "")
        print(f"wrote {len(exported.files)} files to {args.folder}: {listed}", file=out)
    elif args.command == "pm":
        from dispatch_console.services.pm_generation import generate

        print(str(generate(ctx, args.as_of)), file=out)
    elif args.command == "invoice":
        from dispatch_console.services.billing import create_invoice

        print(create_invoice(ctx, list(args.work_orders)).number, file=out)
    elif args.command == "pdf":
        print(write_pdf(args, ctx), file=out)
    elif args.command == "backup":
        from dispatch_console.services.backup import backup

        print(str(backup(ctx, args.out)), file=out)
    return EXIT_OK


#: Commands that only read the database: they never create one.
READ_ONLY_COMMANDS = frozenset({"export", "backup", "pdf"})


def _work_order_pdf(args: argparse.Namespace, ctx: ServiceContext) -> tuple[bytes, str]:
    from dispatch_console.documents.work_order_pdf import work_order_pdf

    return work_order_pdf(ctx, args.number), f"the work order {args.number.strip()}"


def _invoice_pdf(args: argparse.Namespace, ctx: ServiceContext) -> tuple[bytes, str]:
    from dispatch_console.documents.invoice_pdf import invoice_pdf

    return invoice_pdf(ctx, args.number), f"the invoice {args.number.strip()}"


def _crew_sheets_pdf(args: argparse.Namespace, ctx: ServiceContext) -> tuple[bytes, str]:
    """Every technician with work that day, or those --tech names; an unknown code, or nobody
    with work, exits 2 and writes nothing."""
    from dispatch_console.documents.crew_sheets import printable, render
    from dispatch_console.services.crew_sheet_data import crew_day

    techs = list(dict.fromkeys(code.strip() for code in args.tech if code.strip()))
    data = printable(crew_day(ctx, args.date, techs or None), techs)
    jobs = sum(len(tech.jobs) for tech in data.technicians)
    shown = {tech.code for tech in data.technicians}
    idle = [code for code in techs if code not in shown]
    what = (
        f"the crew sheets of {args.date.isoformat()} ({len(data.technicians)} technician"
        f"{'s' if len(data.technicians) != 1 else ''}, {jobs} job{'s' if jobs != 1 else ''}"
        + (f"; no work for {', '.join(idle)}" if idle else "")
        + ")"
    )
    return render(data), what


#: ``pdf DOCUMENT``: each makes its PDF (refusing in words) and says what it is.
PDF_DOCUMENTS: dict[str, Callable[[argparse.Namespace, ServiceContext], tuple[bytes, str]]] = {
    "work-order": _work_order_pdf,
    "invoice": _invoice_pdf,
    "crew-sheets": _crew_sheets_pdf,
}


def write_pdf(args: argparse.Namespace, ctx: ServiceContext) -> str:
    """Make the document, then write it under a temporary name beside ``--out`` and rename it,
    so a refusal writes nothing and a half-written file never has the name."""
    target: Path = args.out
    if target.is_dir():
        raise ValidationError(f"'{target}' is a folder; give the PDF file to write, e.g. {target / 'out.pdf'}")
    folder = target.parent
    if not folder.is_dir():
        raise ValidationError(f"the folder '{folder}' does not exist; nothing was written")
    from dispatch_console.services.backup import is_the_database

    if is_the_database(ctx, target):
        raise ValidationError(
            f"'{target}' is the database itself; give another file for the PDF, e.g. "
            f"{target.with_suffix('.pdf')}; nothing was written"
        )
    data, what = PDF_DOCUMENTS[args.pdf_document](args, ctx)
    from dispatch_console.services.whole_files import FolderNotWritable, write_bytes_whole

    try:
        write_bytes_whole(target, data)
    except FolderNotWritable as exc:
        # Said of the folder the user gave, not of the temporary name beside the file.
        raise ValidationError(
            f"cannot write in the folder '{folder}' ({exc.strerror or exc}); give a folder of "
            "yours; nothing was written"
        ) from None
    return f"wrote {what} to {target}"


def sqlite_database_file(url: str | None) -> Path | None:
    """The SQLite file that ``--db`` (else $DISPATCH_CONSOLE_DB) names; None when the URL names
    no file (a server, an in-memory database)."""
    given = url or os.environ.get(DB_ENV)
    if not given:
        return None
    scheme, separator, rest = given.partition("://")
    if not separator or not scheme.lower().startswith("sqlite") or not rest.startswith("/"):
        return None
    path = rest[1:].split("?", 1)[0]
    if path in ("", ":memory:") or path.startswith("file:"):
        return None
    return Path(path)
