"""Another PC in the middle of a long write (an import), for tests of what this PC does meanwhile."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text


@contextmanager
def other_pc_writing(db_url: str) -> Iterator[None]:
    """Another PC in the middle of a long write: holds the lock technician T1's booking needs."""
    if db_url.startswith("sqlite"):
        raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            raw.execute("ROLLBACK")
            raw.close()
        return
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT id FROM technician WHERE code = 'T1' FOR UPDATE")).all()
            yield
            conn.rollback()
    finally:
        engine.dispose()
