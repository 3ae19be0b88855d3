"""Starting the GUI: the QApplication, logging, the error handler, fonts, first run, main window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)

import dispatch_console
from dispatch_console.domain.errors import DispatchError
from dispatch_console.paths import AppPaths
from dispatch_console.services import company
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.errors import install_error_handler
from dispatch_console.ui.first_run import run_first_run
from dispatch_console.ui.formatting import sentence
from dispatch_console.ui.garbage import GuiThreadCollector
from dispatch_console.ui.main_window import MainWindow, open_settings
from dispatch_console.ui.ready import when_ready
from dispatch_console.ui.settings_dialog import apply_saved_actor
from dispatch_console.ui.splash import StartupSplash

if TYPE_CHECKING:
    from dispatch_console.scheduler import ConsoleScheduler

APP_NAME = "Dispatch Console"
ORGANIZATION = "DispatchConsole"
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
#: Platforms without a desktop font configuration (tests, screenshots on a server).
HEADLESS_PLATFORMS = ("offscreen", "minimal")
#: Exit status when the program could not do its work (the command line's EXIT_FAILED).
EXIT_FAILED = 1

log = logging.getLogger("dispatch_console.ui")


def resources_dir() -> Path:
    return Path(dispatch_console.__file__).resolve().parent.parent / "resources"


def load_fonts(folder: Path) -> list[str]:
    """Register the bundled DejaVu Sans fonts; the families loaded (none if the folder is missing)."""
    families: list[str] = []
    for path in sorted(folder.glob("DejaVuSans*.ttf")) if folder.is_dir() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Cannot load the font %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    if not families:
        log.info("No bundled fonts in %s; using the system's", folder)
    return families


def use_bundled_font(app: QGuiApplication, families: list[str]) -> None:
    """Headless platforms have no UI font of their own: give them DejaVu Sans. Desktops keep theirs."""
    if "DejaVu Sans" in families and app.platformName() in HEADLESS_PLATFORMS:
        app.setFont(QFont("DejaVu Sans", 9))


def setup_logging(paths: AppPaths) -> logging.Handler:
    """Log to a rotating file in the log folder; returns the handler to remove at the end."""
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return handler


def teardown_logging(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message_handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


class SortArrowStyle(QProxyStyle):
    """The platform's style, with every table header's sort arrow pointing the way the rows
    run: up for A to Z (oldest first), down for Z to A (newest first), as Windows and macOS
    draw it. Qt hands an ascending sort to the style as ``SortDown``, which Fusion (Linux, the
    screenshots) draws as a down arrow; so there the arrow is turned round."""

    TURNED = {
        QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
        QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
    }

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if (
            element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow
            and isinstance(option, QStyleOptionHeader)
            and self.baseStyle().name().lower() == "fusion"
            and option.sortIndicator in self.TURNED
        ):
            turned = QStyleOptionHeader(option)
            turned.sortIndicator = self.TURNED[option.sortIndicator]
            option = turned
        super().drawPrimitive(element, option, painter, widget)


def use_console_style(app: QApplication) -> None:
    """Give every window the application's style with the sort arrows of ``SortArrowStyle``
    (once: the style chosen for the platform, or by ``-style``, stays underneath)."""
    if not isinstance(app.style(), SortArrowStyle):
        app.setStyle(SortArrowStyle(app.style().name()))


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(dispatch_console.__version__)
    use_console_style(app)
    return app


def show_startup_error(message: str, argv: list[str], log_file: Path | None = None) -> int:
    """The console cannot start: say why in a window (there is no terminal to read); exit 1.

    ``log_file``: the failure was unexpected and its details are there, so the window says where.
    """
    create_application(argv)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Dispatch Console cannot start",
        sentence(message),
        QMessageBox.StandardButton.Close,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths and names are shown as they are
    if log_file is not None:
        box.setInformativeText(f"Details are in the log: {log_file}")
    else:
        box.setInformativeText(
            "The database is chosen with --db, or in the environment variable "
            "DISPATCH_CONSOLE_DB; without either, the file in your data folder is used."
        )
    box.exec()
    return EXIT_FAILED


def start_desktop(
    open_context: Callable[[], ServiceContext],
    paths: AppPaths,
    argv: list[str],
    splash: StartupSplash | None = None,
) -> int:
    """Open the database and run the console until the user quits; the exit code.

    ``splash``: the start-up card already on screen (``launch`` shows it before this module is
    loaded); it is made here when there is none, and closed here in every case.

    The log comes first, so that a failure to open the database is written there too. A
    refusal (``DispatchError``: a wrong file, a server that does not answer) is shown in its
    own words; anything else is a bug: a sentence in the window, the traceback in the log
    only, never on a terminal the user does not look at.
    """
    try:
        log_handler: logging.Handler | None = setup_logging(paths)
        no_log = ""
    except OSError as exc:  # a log folder that cannot be made must not stop the console
        log_handler = None
        no_log = f"the log cannot be written in {paths.log_dir} ({exc.strerror or exc})"
    ctx: ServiceContext | None = None
    try:
        create_application(argv)
        if splash is None:
            splash = StartupSplash()
            splash.show()
        splash.say("Opening the database…")
        ctx = open_context()
        return _run(ctx, paths, argv, splash)
    except DispatchError as exc:
        if log_handler is not None:
            log.error("Cannot start: %s", exc)
        if splash is not None:
            splash.close()
        return show_startup_error(str(exc), argv)
    except Exception as exc:  # noqa: BLE001 - the start-up's last resort: a window, not a traceback
        what = f"an unexpected error ({type(exc).__name__}) stopped the start-up"
        if splash is not None:
            splash.close()
        if log_handler is None:
            return show_startup_error(f"{what}, and {no_log}", argv)
        log.exception("Unexpected error while starting")
        return show_startup_error(what, argv, paths.log_file)
    finally:
        if splash is not None:
            splash.close()
            splash.deleteLater()
        if ctx is not None:
            ctx.db.dispose()  # the connections it opened, closed now rather than by the collector
        if log_handler is not None:
            teardown_logging(log_handler)


def start_scheduler(window: MainWindow, ctx: ServiceContext, paths: AppPaths) -> ConsoleScheduler:
    """The scheduler, started, with its label in ``window``'s status bar; its modules (APScheduler,
    the plans' generation) load here, after the window is on screen."""
    from dispatch_console.ui import scheduler_status

    return scheduler_status.start_scheduler(window, ctx, paths)


def build_main_window(ctx: ServiceContext, paths: AppPaths) -> MainWindow:
    """The main window over ``ctx``, remembering itself in ``paths.settings_file``."""
    return MainWindow(ctx, paths)


def run_gui(ctx: ServiceContext, paths: AppPaths, argv: list[str]) -> int:
    """Run the desktop until the user quits; the exit code.

    The name saved on this PC (Settings ▸ This PC) becomes ``ctx.actor``. On a database
    without a company, the first-run choices come before the main window; quitting them
    ends the program (exit code 0) without a window.
    """
    log_handler = setup_logging(paths)
    try:
        return _run(ctx, paths, argv)
    finally:
        teardown_logging(log_handler)


def _run(
    ctx: ServiceContext, paths: AppPaths, argv: list[str], splash: StartupSplash | None = None
) -> int:
    """``run_gui`` once the log is set up; ``splash`` closes when the window is shown."""
    app = create_application(argv)
    paths.ensure()
    previous_qt_handler = qInstallMessageHandler(_qt_message_handler)
    window: MainWindow | None = None
    scheduler: ConsoleScheduler | None = None
    collector = GuiThreadCollector(app)

    def parent_getter() -> QWidget | None:
        return window if window is not None and window.isVisible() else QApplication.activeWindow()

    errors = install_error_handler(paths, parent_getter)
    try:
        log.info(
            "Dispatch Console %s starting on %s", dispatch_console.__version__, ctx.db.display_name
        )
        use_bundled_font(app, load_fonts(resources_dir() / "fonts"))
        settings = open_settings(paths)
        apply_saved_actor(ctx, settings)
        if not company.is_set_up(ctx):
            if splash is not None:
                splash.close()  # the first-run choices take the screen
            if not run_first_run(ctx, settings):
                return 0
        if splash is not None and splash.isVisible():
            splash.say("Opening the first page…")
        window = build_main_window(ctx, paths)

        def ready() -> None:
            nonlocal scheduler
            if window is not None and scheduler is None and window.isVisible():
                scheduler = start_scheduler(window, ctx, paths)  # plans hourly, nightly backups

        when_ready(window, ready)  # the scheduler starts once the window is on screen
        window.show()
        if splash is not None:
            splash.finish_on(window)
        return app.exec()
    finally:
        if scheduler is not None:
            scheduler.shutdown()
        if window is not None:
            window.close()
            window.deleteLater()
        errors.uninstall()
        qInstallMessageHandler(previous_qt_handler)
        collector.stop()
        log.info("Dispatch Console stopped")
