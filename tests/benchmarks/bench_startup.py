"""Start-up budget: from a new process to a usable main window (the demo company), under 2 s.

``main.py`` as the user starts it, timed until its log says "Main window ready" (the window's
first frame drawn, the event loop running: tests/benchmarks/start_up.py), beside a bare PySide6
program that shows a plain QTableView over the work orders read by raw SQL, both whole processes
(interpreter start and imports included), offscreen. For ten years of history see
bench_history.py, which measures the same way over 100,000 work orders.

Run:  python tests/benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.start_up import StartUp, bare_start_up, console_start_up  # noqa: E402

LIST_SQL = "SELECT number, status, priority, type, summary, due_by, estimated_hours FROM work_order ORDER BY id DESC"


def line(label: str, runs: list[StartUp]) -> str:
    seconds = [r.seconds for r in runs]
    cpu = [r.cpu_seconds for r in runs if r.cpu_seconds is not None]
    text = f"  {label:34}{statistics.median(seconds):.2f} s (best {min(seconds):.2f} s)"
    if cpu:
        text += f", CPU {statistics.median(cpu):.2f} s"
    return text + f", {max(r.peak_mb for r in runs):.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    path = folder / "demo.db"
    url = f"sqlite:///{path.as_posix()}"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, "demo"], check=True, capture_output=True)
    console_start_up(url, folder / "home")  # warm-up: bytecode and the file cache, as on a PC in use
    console = [r for r in (console_start_up(url, folder / "home") for _ in range(args.runs)) if r]
    bare = [r for r in (bare_start_up(str(path), LIST_SQL, folder / "bare") for _ in range(args.runs)) if r]
    print(f"start-up to a usable window, whole process (median of {args.runs}; load {os.getloadavg()[0]:.1f})")
    print(line("Dispatch Console, demo company:", console))
    print(line("bare PySide6 QTableView:", bare))
    ok = len(console) == args.runs and statistics.median(r.seconds for r in console) < 2.0
    print("budget < 2 s:", "held" if ok else "NOT held")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
