"""The layer rules of docs/architecture.md hold: core modules import without Qt, and the contracts pass."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import dispatch_console

ROOT = Path(__file__).resolve().parent.parent

BLOCK_QT = """
import importlib, importlib.abc, pkgutil, sys

class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"{name} is blocked: only dispatch_console.ui may use Qt")
        return None

sys.meta_path.insert(0, BlockQt())
import dispatch_console
for info in pkgutil.walk_packages(dispatch_console.__path__, "dispatch_console."):
    if info.name.startswith("dispatch_console.ui") or ".migrations." in info.name:
        continue
    importlib.import_module(info.name)
print("ok")
"""


def test_every_non_ui_module_imports_with_qt_blocked() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_package_has_the_layers_of_the_design() -> None:
    names = {info.name for info in pkgutil.iter_modules(dispatch_console.__path__)}
    assert {"domain", "storage", "services", "documents", "scheduler", "ui", "app", "cli"} <= names


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is part of the test extra"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
