"""Guards against the PySide6 6.12.0 bug on Python 3.11 that frees None after many void calls.

Each call of a method returning nothing dropped a reference to None; after a few thousand the
interpreter aborts ("Fatal Python error: deallocating None"). Keep this test when lifting the pin.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem


def test_offscreen_platform_is_loaded(qapp: QApplication) -> None:
    # A missing system library must fail loudly here, not skip the GUI tests.
    assert QApplication.platformName() == "offscreen"


def test_void_methods_keep_the_reference_to_none(qapp: QApplication) -> None:
    item = QGraphicsRectItem()
    before = sys.getrefcount(None)
    for i in range(20_000):
        item.setPos(QPointF(i % 50, 0))
        item.setRect(QRectF(0, 0, 10, 10))
    after = sys.getrefcount(None)
    assert after >= before - 100, f"PySide6 dropped {before - after} references to None"
