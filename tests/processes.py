"""PCs as real processes started at the same moment, for the races that only processes show
(two consoles billing, or generating plans' work, at once).

Each PC is a Python script run with ``go``, ``ready`` and its own arguments; it connects, then
calls ``wait_for_start(go, ready)``; once every PC is ready, all are let go together.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wait_for_start(go: str, ready: str) -> None:
    """In a PC: say it is ready, then wait for the start (spinning, not sleeping: libfaketime
    breaks sleeps in CI's run on another day)."""
    Path(ready).touch()
    spins = 0
    while not os.path.exists(go):
        spins += 1
        if spins > 50_000_000:
            sys.exit("no start signal")


def run_at_once(script: str, tmp_path: Path, *argvs: list[str], timeout: float = 240) -> list[str]:
    """Runs ``script`` once per argument list, all started at the same moment; what each printed,
    in order. Each must end well (its error output is the failure's message)."""
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{i}" for i in range(len(argvs))]
    pcs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(go), str(flag), *argv],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for flag, argv in zip(ready, argvs, strict=True)
    ]
    try:
        while not all(flag.exists() for flag in ready):
            if any(pc.poll() is not None for pc in pcs):
                break
        go.touch()
        outputs = [pc.communicate(timeout=timeout) for pc in pcs]
    finally:
        for pc in pcs:
            pc.kill()
    for pc, (_out, err) in zip(pcs, outputs, strict=True):
        assert pc.returncode == 0, err
    return [out for out, _err in outputs]


#: wait_for_start runs in the PCs' scripts, which name it only in their text.
__all__ = ["run_at_once", "wait_for_start"]
