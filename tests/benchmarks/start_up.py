"""Start-up to a usable window, measured on the console as a user starts it (``main.py``).

The console writes "Main window ready" to its log once the window has drawn its first frame
and the event loop runs (``ui/ready.py``). The figure is the wall time from launching the
process to that line: interpreter start, imports, opening the database, building and painting
the first page, all included; the process's exit is not start-up and is not counted (it is
killed once the line is seen). Its peak resident memory is read at that moment.

The bare counterpart is a process that shows a plain QTableView over the same rows read by raw
SQL and prints the wall clock after its first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READY = "Main window ready"


@dataclass(frozen=True)
class StartUp:
    seconds: float
    peak_mb: float
    #: The process's CPU time (user and system) when it was ready: steadier than the wall time on
    #: a busy machine (None for the bare program).
    cpu_seconds: float | None = None


def _env(home: Path) -> dict[str, str]:
    """The console's environment with a home folder of its own (settings, log), offscreen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed program runs: bytecode cached
    env.pop("DISPATCH_CONSOLE_DB", None)
    return env


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _log_file(env: dict[str, str]) -> Path:
    """Where the console started with ``env`` writes its log (asked of the console's own paths)."""
    code = "from dispatch_console.paths import AppPaths; print(AppPaths.for_user().log_file)"
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return Path(done.stdout.strip())


def console_start_up(url: str, home: Path, limit: float = 120.0) -> StartUp | None:
    """One start of ``main.py --db URL``; None when the window was not ready within ``limit``."""
    home.mkdir(parents=True, exist_ok=True)
    env = _env(home)
    log = _log_file(env)
    seen = log.stat().st_size if log.exists() else 0
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", url], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < limit:
            if log.exists():
                with log.open("rb") as f:
                    f.seek(seen)
                    if READY.encode() in f.read():
                        return StartUp(time.perf_counter() - start, _peak_mb(child.pid), _cpu_seconds(child.pid))
            if child.poll() is not None:
                return None
            time.sleep(0.005)
        return None
    finally:
        child.kill()
        child.wait()


BARE = """
import sys, time
import sqlite3
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
rows = sqlite3.connect({path!r}).execute({sql!r}).fetchall()
class Model(QAbstractTableModel):
    def rowCount(self, parent=None): return len(rows)
    def columnCount(self, parent=None): return len(rows[0]) if rows else 0
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(rows[index.row()][index.column()])
        return None
model = Model()
view = QTableView()
view.setModel(model)
view.resize(1400, 850)
view.show()
app.processEvents()
view.grab()
print(time.time(), [int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])
sys.stdout.flush()
"""


def bare_start_up(sqlite_path: str, sql: str, home: Path, limit: float = 120.0) -> StartUp | None:
    """A process showing a plain QTableView over ``sql``'s rows, to its first paint."""
    home.mkdir(parents=True, exist_ok=True)
    start = time.time()
    try:
        done = subprocess.run([sys.executable, "-c", BARE.format(path=sqlite_path, sql=sql)], env=_env(home),
                              capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    words = done.stdout.split()
    if done.returncode != 0 or len(words) < 2:
        print(done.stderr[-2000:])
        return None
    return StartUp(float(words[0]) - start, float(words[1]))
