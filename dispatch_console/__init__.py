"""Dispatch Console: the dispatch desktop for field-service contractors."""

import time as _time

__version__ = "0.1.0"

#: When the program's code began to load: the log's "Main window ready" line counts from here.
IMPORTED_AT = _time.perf_counter()
