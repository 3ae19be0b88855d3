"""Opening a database from the command line: every wrong file, URL or server is a sentence.

Each case runs the program in-process (``app.main``) and checks the exit status, that standard
error says what is wrong and how to fix it without a traceback, SQL or a driver's link, and that
a file which is not ours is left byte for byte as it was (not even switched to WAL).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from dispatch_console import app
from dispatch_console.domain.errors import BadDatabaseUrl, DatabaseUnavailable
from dispatch_console.paths import AppPaths
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
from dispatch_console.storage.opening import (
    InMemoryDatabase,
    NotOurDatabase,
    ReadOnlyDatabase,
    explain_open_error,
    first_line,
    read_only_uri,
    uri_of,
)

NORTHWIND = Path(__file__).resolve().parent / "data" / "northwind"
#: What no message may show: a traceback, SQL, its parameters, SQLAlchemy's link.
PG_SERVER = os.environ.get("DISPATCH_CONSOLE_TEST_PG")
RAW = ("Traceback", "[SQL", "[parameters", "sqlalche.me", "Background on this error", "unexpected")


def run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = app.main(args, paths=AppPaths.under(tmp_path / "home"))
    out, err = capsys.readouterr()
    return code, out, err


def assert_a_sentence(err: str, *words: str) -> None:
    assert err.startswith("dispatch-console: ") and len(err.strip().splitlines()) == 1, err
    for raw in RAW:
        assert raw not in err, err
    for word in words:
        assert word in err, err


def commands(tmp_path: Path) -> list[list[str]]:
    """Every command that opens the database (the console start is tested in tests/ui)."""
    return [["init"], ["demo"], ["import", str(NORTHWIND)], ["export", str(tmp_path / "out")]]


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes and what lies beside it (a -wal or -shm would show it was opened in WAL)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, sorted(p.name for p in path.parent.iterdir())


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def sqlite_file_with(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


FOREIGN_FILES = {
    # Another program's audit log: `init` used to fail on "table audit_log already exists".
    "audit_log of another shape": (
        ("CREATE TABLE audit_log (stamp TEXT, who TEXT)", "INSERT INTO audit_log VALUES ('x', 'y')"),
        "it has tables of another program: audit_log",
    ),
    "tables but no schema version": (
        ("CREATE TABLE company (id INTEGER)", "CREATE TABLE invoices (n INTEGER)"),
        "it has tables of another program: company, invoices",
    ),
    "another program's Alembic": (
        (
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
            "CREATE TABLE recipes (id INTEGER)",
        ),
        "it has tables of another program: recipes",
    ),
}


@pytest.mark.parametrize("kind", sorted(FOREIGN_FILES))
def test_a_file_of_another_program_is_refused_for_every_command_and_left_untouched(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statements, words = FOREIGN_FILES[kind]
    folder = tmp_path / "files"
    folder.mkdir()
    foreign = sqlite_file_with(folder / "their.db", *statements)
    before = fingerprint(foreign)
    assert journal_mode(foreign) == "delete"
    for command in commands(tmp_path):
        code, out, err = run([*command, "--db", f"sqlite:///{foreign.as_posix()}"], tmp_path, capsys)
        assert code == 2 and out == "", (command, err)
        assert_a_sentence(err, f"'{foreign}' is not a Dispatch Console database", words, "give another file")
        assert fingerprint(foreign) == before, command
        assert journal_mode(foreign) == "delete", command  # never switched to WAL
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"name,phone\nAna,555\n", "it is not an SQLite database file at all"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "is damaged or not a database"),
    ],
    ids=["text file", "damaged SQLite"],
)
def test_a_file_that_is_no_database_is_refused_untouched(
    content: bytes, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    not_db = folder / "notes.db"
    not_db.write_bytes(content)
    before = fingerprint(not_db)
    for command in commands(tmp_path):
        code, out, err = run([*command, "--db", f"sqlite:///{not_db.as_posix()}"], tmp_path, capsys)
        assert code == 2 and out == "", (command, err)
        assert_a_sentence(err, f"'{not_db}'", words)
        assert fingerprint(not_db) == before


def test_a_file_name_with_uri_characters_is_judged_right(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (A '?' would start the URL's query: SQLAlchemy's syntax, not ours.)
    odd = tmp_path / "50% off #1.db"
    url = f"sqlite:///{odd.as_posix()}"
    assert run(["init", "--db", url], tmp_path, capsys)[0] == 0
    code, out, err = run(["init", "--db", url], tmp_path, capsys)  # now judged ours, not new
    assert code == 0 and "up to date" in out, err
    theirs = sqlite_file_with(tmp_path / "their 100% #2.db", "CREATE TABLE audit_log (stamp TEXT)")
    code, _out, err = run(["init", "--db", f"sqlite:///{theirs.as_posix()}"], tmp_path, capsys)
    assert code == 2
    assert_a_sentence(err, "it has tables of another program: audit_log")


def test_the_read_only_look_names_the_file_exactly() -> None:
    assert read_only_uri(Path("/srv/office data/50% #1.db")) == "file:///srv/office%20data/50%25%20%231.db?mode=ro"
    # Windows: a drive, and a share's path keeps its four slashes (two would make "server" a
    # URI authority, which SQLite refuses).
    assert uri_of("C:/Users/Ana/dispatch.db") == "file:///C:/Users/Ana/dispatch.db"
    assert uri_of("//server/share/dispatch.db") == "file:////server/share/dispatch.db"


def test_an_empty_file_gets_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    code, out, err = run(["init", "--db", f"sqlite:///{empty.as_posix()}"], tmp_path, capsys)
    assert code == 0 and err == "" and "created the database" in out
    db = Database(f"sqlite:///{empty.as_posix()}")
    try:
        assert schema.current_revision(db) == schema.head_revision()
    finally:
        db.dispose()
    assert journal_mode(empty) == "wal"


def test_a_folder_a_device_and_a_missing_folder_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    cases = {
        f"sqlite:///{folder.as_posix()}": (2, f"'{folder}' is a folder, not a database file; give the path of a file"),
        "sqlite:////dev/null": (2, "'/dev/null' is not a regular file"),
        f"sqlite:///{(tmp_path / 'nowhere' / 'x.db').as_posix()}": (
            2,
            f"the folder '{tmp_path / 'nowhere'}' for the database file",
        ),
    }
    for url, (status, words) in cases.items():
        for command in commands(tmp_path):
            if command[0] == "export" and "nowhere" in url:
                continue  # export refuses a missing file before opening (tests/test_cli_export.py)
            code, out, err = run([*command, "--db", url], tmp_path, capsys)
            assert code == status and out == "", (url, command, err)
            assert_a_sentence(err, words)
    assert list(folder.iterdir()) == [] and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in commands(tmp_path):
        code, out, err = run([*command, "--db", url], tmp_path, capsys)
        assert code == 2 and out == "", (command, err)
        assert_a_sentence(err, "is an in-memory database: it keeps nothing once the program ends; give a file path")


def test_in_memory_databases_still_serve_the_tests_directly() -> None:
    # Only the composition root refuses them; Database itself opens one.
    db = Database("sqlite://")
    try:
        db.check_reachable(for_writing=True)
        schema.upgrade(db)
        assert schema.is_current(db)
    finally:
        db.dispose()


def test_the_composition_root_refuses_in_memory_databases(tmp_path: Path) -> None:
    with pytest.raises(InMemoryDatabase):
        app.open_context(AppPaths.under(tmp_path), "sqlite:///:memory:", True)


def test_a_database_of_a_newer_release_is_refused_by_init_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_from_a_newer_release'")
    db.dispose()
    before = fingerprint(Path(db_url.removeprefix("sqlite:///")))[0] if not PG_SERVER else None
    code, out, err = run(["init", "--db", db_url], tmp_path, capsys)
    assert code == 1 and out == ""
    assert_a_sentence(err, "was upgraded by a newer Dispatch Console", "install the newer version on this PC")
    if before is not None:
        assert fingerprint(Path(db_url.removeprefix("sqlite:///")))[0] == before
    db = Database(db_url)
    try:
        assert schema.current_revision(db) == "0999_from_a_newer_release"
    finally:
        db.dispose()


# --- read-only files ---------------------------------------------------------------------------


@contextmanager
def without_write_access() -> Iterator[None]:
    """As a login that may not write the file: root may write anything, so drop to nobody."""
    if os.geteuid() != 0:
        yield
        return
    # Python's own library may be root's alone here: what the commands import, import now.
    import dispatch_console.services.bundle_export
    import dispatch_console.services.bundle_import
    import dispatch_console.services.demo  # noqa: F401

    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder every login may write (pytest's own are root's alone), removed after."""
    with tempfile.TemporaryDirectory(prefix="dc-readonly-") as name:
        folder = Path(name)
        folder.chmod(0o777)
        yield folder


@pytest.fixture
def read_only_database(shared_folder: Path, _template: str) -> Path:
    if PG_SERVER:
        pytest.skip("a read-only SQLite file; PostgreSQL's permissions are the server's")
    path = shared_folder / "office.db"
    path.write_bytes(Path(_template).read_bytes())
    path.chmod(0o444)
    return path


def test_a_read_only_file_can_be_exported_but_not_written(
    read_only_database: Path, shared_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{read_only_database.as_posix()}"
    before = fingerprint(read_only_database)[0]
    home = shared_folder / "home"
    with without_write_access():
        for command in (["init"], ["demo"], ["import", str(NORTHWIND)]):
            code = app.main([*command, "--db", url], paths=AppPaths.under(home))
            out, err = capsys.readouterr()
            assert code == 1 and out == "", (command, err)
            assert_a_sentence(
                err, f"the database file '{read_only_database}' is read-only for you", "write access"
            )
        code = app.main(["export", str(shared_folder / "out"), "--db", url], paths=AppPaths.under(home))
        out, err = capsys.readouterr()
    assert code == 0 and err == "" and out.startswith("wrote ") and "bundle.csv" in out
    assert fingerprint(read_only_database)[0] == before


def test_a_file_in_a_folder_that_cannot_be_written_is_read_only_too(
    read_only_database: Path, shared_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    read_only_database.chmod(0o666)
    shared_folder.chmod(0o555)
    try:
        with without_write_access():
            code = app.main(["demo", "--db", f"sqlite:///{read_only_database.as_posix()}"], paths=AppPaths.under(shared_folder / "home"))
            _out, err = capsys.readouterr()
    finally:
        shared_folder.chmod(0o777)
    assert code == 1
    assert_a_sentence(err, "is read-only for you")


def test_a_new_file_in_a_folder_that_cannot_be_written_is_refused_in_words(
    shared_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.environ.get("DISPATCH_CONSOLE_TEST_PG"):
        pytest.skip("an SQLite file")
    locked = shared_folder / "locked"
    locked.mkdir(mode=0o555)
    with without_write_access():
        code = app.main(["init", "--db", f"sqlite:///{(locked / 'new.db').as_posix()}"], paths=AppPaths.under(shared_folder / "home"))
        _out, err = capsys.readouterr()
    assert code == 1
    assert_a_sentence(err, f"cannot be created: the folder '{locked}' is read-only for you")
    assert list(locked.iterdir()) == []


def test_creating_the_schema_in_a_read_only_database_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    db = Database(f"sqlite:///file:{empty.as_posix()}?mode=ro&uri=true")
    try:
        with pytest.raises(ReadOnlyDatabase) as refused:
            schema.upgrade(db)
    finally:
        db.dispose()
    assert "is read-only for you" in str(refused.value)
    assert not any(raw in str(refused.value) for raw in RAW)


# --- URLs and servers --------------------------------------------------------------------------


def test_a_port_that_is_no_number_is_a_bad_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["init", "--db", "postgresql+psycopg://u:secret@localhost:notaport/db"], tmp_path, capsys)
    assert code == 2 and out == ""
    assert_a_sentence(err, "the port 'notaport' is not a number", "postgresql+psycopg://user@host:5432/dbname")
    assert "secret" not in err
    with pytest.raises(BadDatabaseUrl):
        Database("postgresql+psycopg://u@localhost:notaport/db")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+pg8000://u@host/db", "cannot use 'postgresql+pg8000://u@host/db' (No module named 'pg8000')"),
        ("postgresql+nosuch://u@host/db", "cannot use 'postgresql+nosuch://u@host/db'"),
        ("mysql://u@host/db", "'mysql' databases are not supported; use SQLite or PostgreSQL"),
        (
            "postgres://u:secret@host:5433/db",
            "'postgres://u:***@host:5433/db' starts with postgres://, which is not understood here; "
            "write it as postgresql+psycopg://u:***@host:5433/db",
        ),
        ("dispatch.db", "'dispatch.db' is not a database URL"),
    ],
)
def test_a_url_the_program_cannot_use_exits_2(url: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["init", "--db", url], tmp_path, capsys)
    assert code == 2 and out == ""
    assert_a_sentence(err, words)
    if "cannot use" in words:
        assert "write e.g. sqlite:///" in err


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+psycopg://nobody@127.0.0.1:9/none", "nothing answers at 127.0.0.1:9 (connection refused)"),
        ("postgresql+psycopg://u@no-such-host.invalid/db", "the host name is not known on this network"),
    ],
    ids=["refused", "unknown host"],
)
def test_a_server_that_cannot_be_reached_is_a_sentence(
    url: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in commands(tmp_path):
        code, out, err = run([*command, "--db", url], tmp_path, capsys)
        assert code == 1 and out == "", (command, err)
        assert_a_sentence(err, "cannot open the database", words, "in the URL")


@pytest.mark.parametrize(
    ("driver_says", "words"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password '
            'authentication failed for user "dispatch"',
            "the server refused the password of the login 'dispatch'; check the user name and password",
        ),
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  database '
            '"dispatch" does not exist',
            "the server has no database 'dispatch'; create it on the server (createdb)",
        ),
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  role "ana" '
            "does not exist",
            "the server has no login 'ana'",
        ),
        ("connection timeout expired", "10.0.0.5 did not answer in time"),
    ],
    ids=["password", "no database", "no login", "timeout"],
)
def test_what_the_server_says_is_told_with_the_fix(driver_says: str, words: str) -> None:
    import psycopg
    from sqlalchemy.exc import OperationalError

    error = OperationalError("SELECT 1", {}, psycopg.OperationalError(driver_says))
    told = str(explain_open_error(error, "postgresql+psycopg://dispatch@10.0.0.5/dispatch"))
    assert told.startswith("cannot open the database postgresql+psycopg://dispatch@10.0.0.5/dispatch: ")
    assert words in told and not any(raw in told for raw in RAW), told


def test_the_driver_first_line_carries_no_sql_and_no_link() -> None:
    from sqlalchemy.exc import OperationalError

    error = OperationalError(
        "INSERT INTO technician (name) VALUES (?)", ("Ana",), sqlite3.OperationalError("disk I/O error")
    )
    assert "sqlalche.me" in str(error) and "[SQL" in str(error)  # what SQLAlchemy would print
    assert first_line(error) == "disk I/O error"


def test_an_unexpected_database_error_is_one_line_without_sql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from dispatch_console.services import setup

    def fail(_ctx: object) -> None:
        raise OperationalError(
            "UPDATE company SET name=? WHERE id=?", ("Secret Co", 1), sqlite3.OperationalError("disk I/O error")
        )

    monkeypatch.setattr(setup, "upgrade_schema", fail)
    code, out, err = run(["init", "--db", f"sqlite:///{(tmp_path / 'x.db').as_posix()}"], tmp_path, capsys)
    assert code == 1 and out == ""
    assert err == "dispatch-console: unexpected error: OperationalError: disk I/O error\n"


# --- PostgreSQL --------------------------------------------------------------------------------


@contextmanager
def pg_database() -> Iterator[str]:
    """An empty database on the test server, dropped after."""
    from sqlalchemy import create_engine, text

    assert PG_SERVER
    name = f"dc_open_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{PG_SERVER.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER.rstrip('/')}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


needs_pg = pytest.mark.skipif(not PG_SERVER, reason="needs DISPATCH_CONSOLE_TEST_PG")


def table_contents(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return {
            name: [tuple(row) for row in conn.exec_driver_sql(f'SELECT * FROM "{name}"')]
            for name in sorted(inspect(conn).get_table_names())
        }


@needs_pg
@pytest.mark.parametrize("kind", sorted(FOREIGN_FILES))
def test_a_postgresql_database_of_another_program_is_refused_untouched(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import create_engine

    statements, words = FOREIGN_FILES[kind]
    with pg_database() as url:
        engine = create_engine(url)
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
        before = table_contents(engine)
        for command in commands(tmp_path):
            code, out, err = run([*command, "--db", url], tmp_path, capsys)
            assert code == 2 and out == "", (command, err)
            assert_a_sentence(err, "is not a Dispatch Console database", words, "give another database")
        assert table_contents(engine) == before
        engine.dispose()
    assert not (tmp_path / "out").exists()


@needs_pg
def test_a_missing_postgresql_database_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert PG_SERVER
    url = f"{PG_SERVER.rstrip('/')}/dc_never_created_{uuid.uuid4().hex[:6]}"
    code, out, err = run(["init", "--db", url], tmp_path, capsys)
    assert code == 1 and out == ""
    assert_a_sentence(err, "the server has no database 'dc_never_created_", "createdb")


def test_database_refuses_a_foreign_file_before_connecting(tmp_path: Path) -> None:
    foreign = sqlite_file_with(tmp_path / "their.db", "CREATE TABLE audit_log (stamp TEXT)")
    before = fingerprint(foreign)
    with pytest.raises(NotOurDatabase) as refused:
        Database(f"sqlite:///{foreign.as_posix()}")
    assert isinstance(refused.value, DatabaseUnavailable)
    assert fingerprint(foreign) == before and journal_mode(foreign) == "delete"
