"""Files written whole (backups, PDFs): the old file or the new one, never half of one."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from dispatch_console.services.whole_files import FolderNotWritable, write_bytes_whole, write_whole


def test_the_new_file_replaces_the_old_whole(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    write_bytes_whole(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_failure_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    target.write_bytes(b"yesterday's")

    def fill(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_whole(target, fill)
    assert target.read_bytes() == b"yesterday's"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.db"]


def test_what_fill_returns_is_returned(tmp_path: Path) -> None:
    assert write_whole(tmp_path / "x", lambda path: path.write_bytes(b"1234")) == 4


def test_a_folder_that_takes_no_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FolderNotWritable) as refused:
        write_bytes_whole(tmp_path / "missing" / "x.pdf", b"data")
    assert refused.value.filename == str(tmp_path / "missing")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_file_gets_the_permissions_of_any_file_made_there(tmp_path: Path) -> None:
    """Not the owner's alone (mkstemp's 0600): a backup in a shared folder is readable by the
    office's other accounts as the system's settings (the umask) say."""
    before = os.umask(0o022)
    try:
        write_bytes_whole(tmp_path / "a.pdf", b"data")
        os.umask(0o077)
        write_bytes_whole(tmp_path / "b.pdf", b"data")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.pdf").stat().st_mode) == 0o600
