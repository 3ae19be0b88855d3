"""Before a database is opened: is the URL usable, and is the SQLite file one this program may touch?

The tuned engine switches an SQLite file to WAL on its first connection, so a file of another
program would be changed even by a command that then fails. The file is therefore looked at first
through a plain read-only ``sqlite3`` connection (a few hundred microseconds at start-up): only a
new, empty or Dispatch Console file goes on to the engine. Errors of the driver become sentences
here, never the SQL, its parameters or SQLAlchemy's "Background on this error" link.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from dispatch_console.domain.errors import BadDatabaseUrl, DatabaseUnavailable

URL_EXAMPLES = "sqlite:///C:/path/dispatch.db or postgresql+psycopg://user@host/dbname"
ANOTHER_FILE = "give another file, or the path of a new file to start a new database"
#: What a Dispatch Console database always has (alembic_version alone is an emptied one).
OUR_TABLES = frozenset({"alembic_version", "company"})
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables named in a refusal; more are counted.
TABLES_NAMED = 5
#: Judge access as the login the program runs as (Windows has no such distinction).
_EFFECTIVE_IDS = os.access in os.supports_effective_ids
ASK_FOR_ACCESS = "ask whoever looks after the office's computers to give you write access to it"


class NotOurDatabase(BadDatabaseUrl):
    """The URL names something that is not a Dispatch Console database: another program's file,
    a file that is no database, a folder, a device. Nothing was touched; the user names another."""


class InMemoryDatabase(BadDatabaseUrl):
    """An in-memory SQLite database given to the program: it would create and keep nothing."""


class ReadOnlyDatabase(DatabaseUnavailable):
    """The database file cannot be written by this login, and the command would write."""


#: What an SQLite file the engine may open is: not there yet, empty, or a Dispatch Console one.
FileState = Literal["new", "empty", "ours"]


def hide_password(url: str) -> str:
    """The URL with its password masked, for messages about URLs SQLAlchemy cannot parse."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def parse_url(url: str) -> URL:
    """The URL parsed, or ``BadDatabaseUrl`` saying what is wrong with it."""
    shown = hide_password(url)
    try:
        return make_url(url)
    except ArgumentError:
        raise BadDatabaseUrl(f"'{shown}' is not a database URL; write e.g. {URL_EXAMPLES}") from None
    except ValueError:
        port = re.search(r"@[^/:]*:([^/?]*)", url)
        what = f"the port '{port.group(1)}' is not a number" if port else "it cannot be read"
        raise BadDatabaseUrl(
            f"'{shown}' is not a database URL: {what}; write e.g. postgresql+psycopg://user@host:5432/dbname"
        ) from None


def is_in_memory(parsed: URL) -> bool:
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def refuse_in_memory(url: str) -> None:
    """The program keeps an office's data: an in-memory database would keep nothing."""
    parsed = parse_url(url)
    if is_in_memory(parsed) or "mode=memory" in str(parsed.database or ""):
        raise InMemoryDatabase(
            f"'{url}' is an in-memory database: it keeps nothing once the program ends; give a "
            "file path, e.g. sqlite:///C:/path/dispatch.db, or leave --db out to use the file "
            "in your data folder"
        )


def sqlite_file(parsed: URL) -> Path | None:
    """The file an SQLite URL names; None for an in-memory database or a ``file:`` URI (the
    user's own SQLite options: opened as given)."""
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    assert database is not None
    if database.startswith("file:") or str(parsed.query.get("uri", "")).lower() in ("true", "1"):
        return None
    return Path(database)


def can_write(path: Path) -> bool:
    """This login may change the file and create the journal beside it (WAL needs both)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=_EFFECTIVE_IDS):
        return False
    return not path.exists() or os.access(path, os.W_OK, effective_ids=_EFFECTIVE_IDS)


def inspect_sqlite_file(path: Path) -> FileState:
    """Look at the file before the engine does; refuse what is not ours, touching nothing.

    One ``stat``, a 16-byte read and, for an SQLite file, one query through a read-only
    connection (which writes nothing to a file in rollback mode; a WAL file gets the usual
    ``-shm`` beside it, as from any reader).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise NotOurDatabase(
                f"the folder '{folder}' for the database file '{path}' does not exist; create "
                "it first, or give a path in an existing folder"
            ) from None
        return "new"
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot open the database file '{path}': {exc.strerror or exc}; check the path"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise NotOurDatabase(
            f"'{path}' is a folder, not a database file; give the path of a file, "
            f"e.g. {path / 'dispatch.db'}"
        )
    if not stat.S_ISREG(info.st_mode):
        raise NotOurDatabase(
            f"'{path}' is not a regular file (it is a device or a pipe); give the path of a "
            "database file"
        )
    if info.st_size == 0:
        return "empty"
    try:
        with path.open("rb") as file:
            magic = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot read the database file '{path}': {exc.strerror or exc}; ask whoever looks "
            "after the office's computers to give you access to it"
        ) from None
    if magic != SQLITE_MAGIC:
        raise NotOurDatabase(
            f"'{path}' is not a Dispatch Console database (it is not an SQLite database file "
            f"at all); {ANOTHER_FILE}"
        )
    tables = _table_names(path)
    if not tables - {"alembic_version"}:
        return "empty"
    if not OUR_TABLES <= tables:
        raise NotOurDatabase(
            f"'{path}' is not a Dispatch Console database (it has tables of another program: "
            f"{name_tables(tables - {'alembic_version'})}); {ANOTHER_FILE}"
        )
    return "ours"


def name_tables(tables: set[str] | frozenset[str]) -> str:
    named = sorted(tables)
    shown = ", ".join(named[:TABLES_NAMED])
    return shown + (f" and {len(named) - TABLES_NAMED} more" if len(named) > TABLES_NAMED else "")


def read_only_uri(path: Path) -> str:
    """SQLite's URI for reading ``path`` only; a Windows share (//server/share) keeps its four
    slashes, which ``Path.as_uri`` would turn into a URI authority SQLite refuses."""
    return uri_of(path.resolve().as_posix()) + "?mode=ro"


def uri_of(absolute: str) -> str:
    """``/home/x.db``, ``C:/x.db`` or ``//server/share/x.db`` as an SQLite ``file:`` URI."""
    prefix = "file://" if absolute.startswith("/") else "file:///"
    return prefix + quote(absolute, safe="/:")


def _table_names(path: Path) -> set[str]:
    uri = read_only_uri(path)
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        reason = first_line(exc)
        if "not a database" in reason or "malformed" in reason:
            raise NotOurDatabase(
                f"'{path}' is damaged or not a database ({reason}); restore it from a backup, "
                f"or {ANOTHER_FILE}"
            ) from None
        if "readonly" in reason:
            # A WAL file needs its -shm beside it, even to be read.
            raise ReadOnlyDatabase(
                f"the database file '{path}' cannot be opened: its folder '{path.parent}' is "
                "read-only for you, and the database keeps its journal beside it; ask whoever "
                "looks after the office's computers to give you write access to that folder"
            ) from None
        raise DatabaseUnavailable(f"cannot open the database file '{path}': {reason}") from None
    return {str(name) for (name,) in rows if not str(name).startswith("sqlite_")}


def refuse_read_only(path: Path) -> None:
    """The command will write: say now, before any work, that the file cannot be written."""
    if can_write(path):
        return
    if not path.exists():
        folder = path.parent if str(path.parent) else Path(".")
        raise ReadOnlyDatabase(
            f"the database file '{path}' cannot be created: the folder '{folder}' is read-only "
            f"for you; give a path in a folder of yours, or {ASK_FOR_ACCESS.removesuffix(' to it')} "
            "to that folder"
        )
    raise ReadOnlyDatabase(read_only_words(str(path)))


def read_only_words(where: str) -> str:
    return (
        f"the database file '{where}' is read-only for you, and this needs to change it; "
        f"{ASK_FOR_ACCESS}, or work on a copy of it in a folder of yours"
    )


def first_line(exc: BaseException) -> str:
    """The driver's own first line: no SQL, no parameters, no "Background on this error" link,
    no ``(sqlite3.OperationalError)`` prefix."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    line = lines[0] if lines else type(orig).__name__
    return re.sub(r"^\([\w.]+\)\s*", "", line)


def explain_open_error(exc: BaseException, display_name: str) -> DatabaseUnavailable:
    """A failure to connect, as a sentence: what is wrong and what to do about it."""
    reason = first_line(exc)
    lowered = reason.lower()
    where = f"cannot open the database {display_name}"
    server = _server(display_name)
    if "password authentication failed" in lowered:
        return DatabaseUnavailable(
            f"{where}: the server refused the password of the login "
            f"{_quoted_after(reason, 'for user')}; check the user name and password in the URL"
        )
    if "role" in lowered and "does not exist" in lowered:
        return DatabaseUnavailable(
            f"{where}: the server has no login {_quoted_after(reason, 'role')}; check the user name "
            "in the URL, or create the login on the server (createuser)"
        )
    if "database" in lowered and "does not exist" in lowered:
        return DatabaseUnavailable(
            f"{where}: the server has no database {_quoted_after(reason, 'database')}; create it "
            "on the server (createdb), or correct its name in the URL"
        )
    if "connection refused" in lowered:
        return DatabaseUnavailable(
            f"{where}: nothing answers at {server} (connection refused); check that the database "
            "server runs there, and the host and port in the URL"
        )
    if "resolve host" in lowered or "name or service not known" in lowered or "nodename nor servname" in lowered:
        return DatabaseUnavailable(
            f"{where}: the host name is not known on this network ({reason}); check the host in the URL"
        )
    if "timeout" in lowered or "timed out" in lowered:
        return DatabaseUnavailable(
            f"{where}: {server} did not answer in time; check the network, and that the database "
            "server runs and is reachable from this PC"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return ReadOnlyDatabase(read_only_words(display_name))
    if "unable to open database file" in lowered:
        return DatabaseUnavailable(
            f"{where}: the file cannot be opened ({reason}); check the path, and that you may "
            "read and write that folder"
        )
    return DatabaseUnavailable(
        f"{where}: {reason}; check the address given with --db or in DISPATCH_CONSOLE_DB, and "
        "that the database server is running and reachable from this PC"
    )


def _server(display_name: str) -> str:
    try:
        parsed = make_url(display_name)
    except (ArgumentError, ValueError):
        return "the server"
    if not parsed.host:
        return "the server"
    return f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host


def _quoted_after(reason: str, word: str) -> str:
    found = re.search(word + r' "([^"]*)"', reason)
    return f"'{found.group(1)}'" if found else "named in the URL"
