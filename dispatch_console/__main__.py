"""The program as a process of its own: ``python -m dispatch_console`` and ``python main.py`` start
here (``app.main`` is the composition root both hand over to).

The modules are imported with the collector paused (``loading.collector_paused``): the imports
make about a hundred thousand objects and no garbage, and the collector walking them is a tenth of
a second or more of a command such as ``pdf crew-sheets``.
"""

from __future__ import annotations

from typing import NoReturn

from dispatch_console.loading import collector_paused


def run() -> NoReturn:
    """Start the command line or the desktop and exit with its status."""
    with collector_paused():
        from dispatch_console.app import main
    raise SystemExit(main())


if __name__ == "__main__":
    run()
