"""Loading the program's modules without Python's cyclic garbage collector looking on.

Importing the console makes a few hundred thousand objects (SQLAlchemy's, the models', Qt's
wrappers, the driver's) and no garbage, yet the collector walks them all again and again while
they are made: a tenth of a second or more of every start. What the imports made lives until the
process ends, so afterwards it is moved out of the collector's sight (``gc.freeze``); the
collector then runs as usual over everything made after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the imports inside; freeze what they made."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
