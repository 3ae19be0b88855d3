"""What `pdf crew-sheets` loads as a process of its own (a manager waits for the whole command,
start-up included: issue #10's budget). It must not start the desktop's, the schema tools' or the
scheduler's libraries, nor platypus, and must not set up the ORM's mappers: it reads rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dispatch_console.services.context import ServiceContext
from tests.documents.test_crew_sheets import book

ROOT = Path(__file__).resolve().parents[1]

#: Run in a fresh interpreter: the command as main.py and ``python -m dispatch_console`` start it,
#: then (as the process exits) what it loaded and how it left the garbage collector.
SCRIPT = """
import atexit, gc, json, sys

def report():
    from dispatch_console.storage import models
    print(json.dumps({"modules": sorted(sys.modules), "mappers_set_up": models.Company.__mapper__.configured,
                      "collecting": gc.isenabled(), "frozen": gc.get_freeze_count()}))

atexit.register(report)
from dispatch_console.__main__ import run
run()
"""

#: Packages the crew sheets' command has no use for (each costs start-up time).
NOT_LOADED = ("PySide6", "alembic", "apscheduler", "reportlab.platypus", "xml.sax", "urllib.request")


@pytest.fixture
def monday(company: ServiceContext) -> ServiceContext:
    book(company, "WO-1", "T1", 0)
    book(company, "WO-2", "T2", 1, site="S2")
    return company


def test_the_crew_sheets_process_loads_only_what_it_draws_with(
    monday: ServiceContext, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "crew.pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("DISPATCH_CONSOLE_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "pdf", "crew-sheets", "--date", "2026-11-30", "--out", str(out),
         "--db", db_url],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    said, report = done.stdout.rsplit("\n", 2)[:2]
    assert said.startswith("wrote the crew sheets of 2026-11-30 (2 technicians") and out.stat().st_size > 0
    loaded = json.loads(report)
    assert [m for m in loaded["modules"] if m.startswith(NOT_LOADED)] == []
    assert "reportlab.pdfgen.canvas" in loaded["modules"]  # what it does draw with (the test sees imports)
    assert loaded["mappers_set_up"] is False
    # The modules' objects were set aside at start-up; the collector runs over the rest as usual.
    assert loaded["collecting"] is True and loaded["frozen"] > 10_000


def test_python_m_dispatch_console_is_the_program(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "dispatch_console", "--version"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)
    assert (done.returncode, done.stdout.split()[0]) == (0, "dispatch-console")
    refused = subprocess.run([sys.executable, "-m", "dispatch_console", "--db", f"sqlite:///{tmp_path / 'no.db'}",
                              "pdf", "crew-sheets", "--date", "2026-11-30", "--out", str(tmp_path / "x.pdf")],
                             capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert refused.returncode == 2 and "does not exist" in refused.stderr  # the exit status passes through
