"""The desktop's first steps: the start-up card on screen before the bulk of the console loads.

Loading the console's screens and their libraries takes the better part of a second on an office
PC; the card (``splash.StartupSplash``) needs only Qt's widgets, so it is shown first and the rest
is imported behind it, with the collector paused as the program's own modules are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from dispatch_console.loading import collector_paused
from dispatch_console.paths import AppPaths
from dispatch_console.ui.splash import StartupSplash

if TYPE_CHECKING:
    from dispatch_console.services.context import ServiceContext

#: What the card says while the console's screens load.
LOADING = "Starting…"


def launch(open_context: Callable[[], ServiceContext], paths: AppPaths, argv: list[str]) -> int:
    """Show the card, load the desktop behind it and run it until the user quits; the exit code."""
    if QApplication.instance() is None:
        QApplication(argv or ["Dispatch Console"])
    splash = StartupSplash()
    splash.show()
    splash.say(LOADING)
    with collector_paused():
        from dispatch_console.ui import application
    return application.start_desktop(open_context, paths, argv, splash)
