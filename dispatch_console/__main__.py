"""The program as a process of its own: ``python -m dispatch_console`` and ``python main.py`` start
here (``app.main`` is the composition root both hand over to).

Start-up pauses Python's cyclic garbage collector while the modules are imported: the imports make
about a hundred thousand objects (SQLAlchemy's, the models', the driver's) and no garbage, yet the
collector walks them all again and again, a tenth of a second or more of a command such as
``pdf crew-sheets``. What the imports made lives until the process ends, so it is then moved out of
the collector's sight (``gc.freeze``); the collector runs as usual over everything made after.
"""

from __future__ import annotations

import gc
from typing import NoReturn


def run() -> NoReturn:
    """Start the command line or the desktop and exit with its status."""
    gc.disable()
    try:
        from dispatch_console.app import main
    finally:
        gc.enable()
    gc.freeze()
    raise SystemExit(main())


if __name__ == "__main__":
    run()
