"""Making many objects without Python's cyclic garbage collector looking on.

The collector runs each time enough new objects are made, and a full collection walks every
object alive. Work that makes hundreds of thousands of objects and no cycles (importing the
program's modules, reading a bundle, a day's crew sheets, a year of recurring work orders) has
it walk the same objects again and again: a quarter of such work, or more.

Importing the console makes a few hundred thousand objects (SQLAlchemy's, the models', Qt's
wrappers, the driver's) that live until the process ends, so afterwards they are moved out of
the collector's sight (``gc.freeze``); the collector then runs as usual over everything made after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """The collector paused for the work inside. Left off when it was off: the console
    collects on its GUI thread, at quiet moments."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the imports inside; freeze what they made."""
    with collection_paused():
        yield
    gc.freeze()
