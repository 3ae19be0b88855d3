"""Start-up budget: from a new process to a usable main window (the demo company), under 2 s.

Prints it beside a bare PySide6 program that only opens an empty QMainWindow, both measured as
whole processes (interpreter start and imports included), offscreen.

Run:  python tests/benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CONSOLE = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtWidgets import QApplication
from dispatch_console.app import open_context
from dispatch_console.paths import AppPaths
from dispatch_console.ui.application import build_main_window
app = QApplication([])
paths = AppPaths.under(Path({home!r}))
ctx = open_context(paths, {url!r}, True)
window = build_main_window(ctx, paths)
window.show()
app.processEvents()
window.grab()
print(time.perf_counter() - t0)
"""

BARE = """
import time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1400, 850)
window.show()
app.processEvents()
window.grab()
print(time.perf_counter() - t0)
"""


def run(code: str, runs: int = 5) -> list[float]:
    """Wall time of whole processes, and the in-process figure they print."""
    # As an installed program runs: with its modules' bytecode cached (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would recompile every module on every start).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)  # warm-up
    totals = []
    for _ in range(runs):
        import time

        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
        totals.append(time.perf_counter() - start)
    return totals


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    url = f"sqlite:///{(folder / 'demo.db').as_posix()}"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, "demo"], check=True, capture_output=True)
    console = run(CONSOLE.format(root=str(ROOT), home=str(folder / "home"), url=url))
    bare = run(BARE)
    print("start-up to a usable window, whole process (median of 5)")
    print(f"  Dispatch Console, demo company: {statistics.median(console):.2f} s (best {min(console):.2f} s)")
    print(f"  bare PySide6 QMainWindow:       {statistics.median(bare):.2f} s (best {min(bare):.2f} s)")
    ok = statistics.median(console) < 2.0
    print("budget < 2 s:", "held" if ok else "NOT held")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
