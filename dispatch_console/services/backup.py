"""Backups of the embedded database: on demand (`dispatch-console backup --out FILE`) and nightly.

A backup is taken while the console is in use, so it is a snapshot (SQLite's online backup
API), written under a temporary name beside the target and renamed over it only once complete:
a half-written backup never has the final name. A PostgreSQL database is the server's to back
up (pg_dump), so it is refused in words.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.whole_files import FolderNotWritable, write_whole
from dispatch_console.storage import backup_copy

#: The folder of the nightly backups, in the user's data folder.
BACKUPS_FOLDER = "backups"
#: How many nightly backups are kept (the last two weeks).
KEEP = 14
#: A nightly backup's name: the company's date it was taken (sorts oldest first).
NIGHTLY_NAME = "dispatch-console-{day:%Y-%m-%d}.db"
NIGHTLY_PATTERN = re.compile(r"^dispatch-console-\d{4}-\d{2}-\d{2}\.db$")

SERVER_WORDS = (
    "the database {name} is on a PostgreSQL server, and its backups are the server's job: "
    "use pg_dump there (for example `pg_dump --format=custom --file=dispatch.dump DBNAME`); "
    "nothing was written"
)


@dataclass(frozen=True)
class BackupReport:
    """What a backup wrote, and which older nightly backups it removed."""

    database: str
    file: Path
    size: int
    removed: tuple[Path, ...] = ()

    def __str__(self) -> str:
        text = f"wrote a copy of the database {self.database} to {self.file} ({_size(self.size)})"
        if self.removed:
            older = "backup" if len(self.removed) == 1 else "backups"
            text += f"; removed {len(self.removed)} older {older}"
        return text


def backups_folder(paths: AppPaths) -> Path:
    """Where the nightly backups go: ``backups`` in the user's data folder."""
    return paths.data_dir / BACKUPS_FOLDER


def can_back_up(ctx: ServiceContext) -> bool:
    """The database is a file this PC can copy (SQLite), not a server's."""
    return backup_copy.is_file_database(ctx.db)


def backup(ctx: ServiceContext, out: Path) -> BackupReport:
    """Write a consistent copy of the database, in use or not, to the file ``out``.

    Refused in words, with nothing written: a server database, a folder as ``out``, a folder
    that does not exist, the database's own file.
    """
    _refuse_server(ctx)
    out = Path(out)
    if out.is_dir():
        raise ValidationError(
            f"'{out}' is a folder; give the name of the backup file to write in it "
            f"(for example {out / 'dispatch-backup.db'}); nothing was written"
        )
    folder = out.parent
    if not folder.is_dir():
        raise ValidationError(
            f"the folder '{folder}' does not exist; create it first, or give a file in a folder "
            "that exists; nothing was written"
        )
    if is_the_database(ctx, out):
        raise ValidationError(
            f"'{out}' is the database itself; give another file for the backup; nothing was written"
        )
    try:
        size = write_whole(out, lambda partial: backup_copy.copy_sqlite(ctx.db, partial))
    except FolderNotWritable as exc:
        raise ValidationError(
            f"cannot write in the folder '{folder}' ({exc.strerror or exc}); give a folder of "
            "yours; nothing was written"
        ) from None
    return BackupReport(ctx.db.display_name, out, size)


def nightly_backup(ctx: ServiceContext, folder: Path, keep: int = KEEP) -> BackupReport:
    """Write today's backup (today in the company's zone, by the context's clock) into
    ``folder`` and remove the oldest nightly backups beyond the last ``keep``.

    Only files named like nightly backups are ever removed, and never the one just written.
    """
    if keep < 1:
        raise ValidationError(f"keep at least one backup (asked to keep {keep})")
    _refuse_server(ctx)
    day = to_local(ctx.now(), ctx.zone()).date()
    folder.mkdir(parents=True, exist_ok=True)
    report = backup(ctx, folder / NIGHTLY_NAME.format(day=day))
    nightly = sorted(p for p in folder.iterdir() if NIGHTLY_PATTERN.match(p.name) and p.is_file())
    removed: list[Path] = []
    for old in nightly[:-keep]:
        if old.name != report.file.name:
            old.unlink(missing_ok=True)
            removed.append(old)
    return replace(report, removed=tuple(removed))


def _refuse_server(ctx: ServiceContext) -> None:
    if not can_back_up(ctx):
        raise ValidationError(SERVER_WORDS.format(name=ctx.db.display_name))


def is_the_database(ctx: ServiceContext, out: Path) -> bool:
    """``out`` is the database's own file, or one SQLite keeps beside it (its journal or WAL):
    writing there would destroy the database. Never true for a server's database."""
    files = backup_copy.database_files(ctx.db)
    target = out.resolve()
    if target in files:
        return True
    return out.exists() and bool(files) and files[0].exists() and os.path.samefile(out, files[0])


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
