"""The main window: menus, the places on the left, the status bar; remembers itself between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QRect, QSettings, QSize, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QWidget,
)

import dispatch_console
from dispatch_console.paths import AppPaths
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui import bundle_actions
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.fitting import ElidedLabel, available_geometry, room_for
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.plain_text import set_plain, tooltip
from dispatch_console.ui.printing.actions import PrintingActions
from dispatch_console.ui.quick_find import QuickFindDialog
from dispatch_console.ui.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from dispatch_console.ui.billing import BillingPage
    from dispatch_console.ui.board.page import BoardPage
    from dispatch_console.ui.intake import IntakeDialog
    from dispatch_console.ui.plans.page import PlansPage
    from dispatch_console.ui.records.page import RecordsPage
    from dispatch_console.ui.review import ReviewPage
    from dispatch_console.ui.roster.page import RosterPage
    from dispatch_console.ui.work_orders import WorkOrderListView

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PLACE_KEY = "main_window/place"
#: The first time, the window opens maximised (the list and the board want every pixel of a
#: laptop or an office monitor), except on a screen with room for more than this: there it
#: opens at ``DEFAULT_SIZE``, centred. Afterwards it opens as the user left it.
MAXIMISED_UP_TO = QSize(2200, 1300)
DEFAULT_SIZE = QSize(1600, 1000)
#: Narrower than this, the places on the left show their icons only (their names as tooltips).
COMPACT_NAV_BELOW = 760
NAV_WIDTH = 140

#: (key, title) of each place, in navigation order.
PLACES = (
    ("work_orders", "Work orders"),
    ("requests", "Requests"),
    ("board", "Board"),
    ("roster", "Roster"),
    ("customers", "Customers"),
    ("plans", "Plans"),
    ("billing", "Billing"),
)
PLACE_ICONS = {
    "work_orders": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "requests": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "board": QStyle.StandardPixmap.SP_FileDialogListView,
    "roster": QStyle.StandardPixmap.SP_DirHomeIcon,
    "customers": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "plans": QStyle.StandardPixmap.SP_BrowserReload,
    "billing": QStyle.StandardPixmap.SP_FileIcon,
}


#: Quick find's kinds of hit shown in the Customers place, and the page's method that selects one.
RECORD_FINDERS = {"customer": "show_customer", "site": "show_site", "asset": "show_asset"}


def open_settings(paths: AppPaths) -> QSettings:
    """This PC's settings: an INI file in the config folder, never the registry."""
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """Where the dispatcher spends the day: the places, menus for the rest, who/where below.

    Attributes tests use: ``bus``, ``undo_stack``, ``settings``, ``nav``, ``places``,
    ``work_orders`` (the list view), ``board``/``roster``/``plans``/... (their pages, each
    built on first use: ``built_pages()``), ``place_actions`` (View menu, by key), the ``action_*`` QActions and the
    ``status_database`` / ``status_actor`` / ``status_zone`` labels.
    """

    def __init__(self, ctx: ServiceContext, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._paths = paths
        self.settings = open_settings(paths)
        self.setWindowTitle("Dispatch Console")
        self.bus = ChangeBus(ctx, self)
        self.bus.follow_other_pcs()
        self.undo_stack = QUndoStack(self)
        # The one way every screen runs a use case; it reports on the status bar.
        self.operations = Operations(ctx, self.bus, self)
        self.operations.status_message.connect(self._on_board_status_message)

        self.printing = PrintingActions(ctx, self.operations, self, paths=paths)
        # Each place is built when it is first shown (or first asked for): the console opens
        # as fast as the one page on screen, whatever the years of history behind the others.
        self._pages: dict[str, QWidget] = {}
        self.places = QStackedWidget()
        for _key, _title in PLACES:
            self.places.addWidget(QWidget())

        self.nav = QListWidget()
        self.nav.setObjectName("Navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.nav.setFixedWidth(NAV_WIDTH)
        self._compact_nav = False
        self._maximise_on_show = False
        # The style's focus frame goes round an item's name, which with icons only (a narrow
        # window, a 200 % screen) is a thin empty box beside the icon: instead the whole chosen
        # box is framed while the places have the keyboard (in the darker highlight Fusion uses),
        # and every item has the frame's room, so nothing moves when it shows.
        focus = self.nav.palette().color(QPalette.ColorRole.Highlight).darker(140).name()
        self.nav.setStyleSheet(
            "#Navigation { border: none; background: palette(window); font-size: 11pt; outline: 0; }"
            " #Navigation::item { padding: 7px 5px; border: 1px solid transparent; border-radius: 4px; }"
            " #Navigation::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
            f" #Navigation::item:selected:focus {{ border-color: {focus}; }}"
        )
        for key, title in PLACES:
            item = QListWidgetItem(self.style().standardIcon(PLACE_ICONS[key]), title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(title)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(6, 6, 6, 0)
        row.setSpacing(8)
        row.addWidget(self.nav)
        row.addWidget(self.places, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.bus.changed.connect(self._on_bus_changed)

        self._restore()

    # -- building -------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.action_import = QAction("&Import CSV bundle…", self)
        self.action_import.setStatusTip("Add or update records from a folder of CSV files")
        self.action_import.triggered.connect(self._on_action_import_triggered)
        self.action_export = QAction("&Export CSV bundle…", self)
        self.action_export.setStatusTip("Write every record to a folder of CSV files")
        self.action_export.triggered.connect(self._on_action_export_triggered)
        self.action_settings = QAction("&Settings…", self)
        self.action_settings.setShortcut(QKeySequence.StandardKey.Preferences)
        self.action_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action_settings.triggered.connect(self._on_action_settings_triggered)
        self.action_new_request = QAction("&New request…", self)
        self.action_new_request.setShortcut(QKeySequence.StandardKey.New)
        self.action_new_request.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action_new_request.setStatusTip("Take a call: record what the customer asks for")
        self.action_new_request.triggered.connect(self._on_action_new_request_triggered)
        self.action_quick_find = QAction("&Find…", self)
        self.action_quick_find.setShortcut(QKeySequence("Ctrl+K"))
        self.action_quick_find.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action_quick_find.setStatusTip(
            "Find a work order, customer, phone, site, address, asset serial or technician"
        )
        self.action_quick_find.triggered.connect(self._on_action_quick_find_triggered)
        self.action_quit = QAction("&Quit", self)
        self.action_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_quit.triggered.connect(self.close)

        self.action_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.action_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.action_redo = self.undo_stack.createRedoAction(self, "&Redo")
        # The platform's own (Ctrl+Y on Windows, Cmd+Shift+Z on macOS) and Ctrl+Shift+Z everywhere.
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.action_redo.setShortcuts(redo_keys)

        self.place_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for i, (key, title) in enumerate(PLACES):
            action = QAction(title, self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.setData(key)
            action.triggered.connect(self._on_place_action_triggered)
            group.addAction(action)
            self.place_actions[key] = action

        self.action_about = QAction("&About Dispatch Console", self)
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.action_about.triggered.connect(self._on_action_about_triggered)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.action_new_request)
        file_menu.addSeparator()
        file_menu.addAction(self.printing.print_crew_sheets_tomorrow)
        file_menu.addAction(self.printing.crew_sheets_dialog)
        file_menu.addSeparator()
        file_menu.addAction(self.action_import)
        file_menu.addAction(self.action_export)
        file_menu.addSeparator()
        file_menu.addAction(self.action_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_quick_find)
        view_menu = bar.addMenu("&View")
        for key, _title in PLACES:
            view_menu.addAction(self.place_actions[key])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.action_about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # The database gives up width ("…" in the middle of a long path) on a narrow window
        # rather than pushing it off the screen; the name and the zone are short and stay whole.
        self.status_database = ElidedLabel()
        self.status_actor = QLabel()
        self.status_zone = QLabel()
        for label in (self.status_database, self.status_actor, self.status_zone):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self.update_status()

    # -- places ---------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page of place ``key``, built now if it has not been shown yet."""
        page = self._pages.get(key)
        if page is None:
            builders = {
                "work_orders": self._build_work_orders, "requests": self._build_requests,
                "board": self._build_board, "roster": self._build_roster,
                "customers": self._build_customers, "plans": self._build_plans,
                "billing": self._build_billing,
            }
            page = builders[key]()
            index = [k for k, _t in PLACES].index(key)
            placeholder = self.places.widget(index)
            current = self.places.currentIndex()
            self.places.insertWidget(index, page)
            if placeholder is not None:
                self.places.removeWidget(placeholder)
                placeholder.deleteLater()
            self.places.setCurrentIndex(current)
            shown = current == index
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
            self._pages[key] = page
        return page

    def built_pages(self) -> list[str]:
        """The places built so far (tests check that opening builds only the one on screen)."""
        return [key for key, _title in PLACES if key in self._pages]

    def _build_work_orders(self) -> WorkOrderListView:
        from dispatch_console.ui.work_orders import WorkOrderListView

        view = WorkOrderListView(self._ctx, self.bus, operations=self.operations)
        view.settings = self.settings
        view.restore_state(self.settings)
        return view

    def _build_requests(self) -> ReviewPage:
        from dispatch_console.ui.review import ReviewPage

        page = ReviewPage(self._ctx, self.bus, self.operations)
        page.open_work_order.connect(self._on_board_open_work_order)
        return page

    def _build_board(self) -> BoardPage:
        from dispatch_console.ui.board.page import BoardPage

        page = BoardPage(
            self._ctx, self.undo_stack, self.settings, bus=self.bus, operations=self.operations
        )
        page.open_work_order.connect(self._on_board_open_work_order)
        page.status_message.connect(self._on_board_status_message)
        return page

    def _build_roster(self) -> RosterPage:
        from dispatch_console.ui.roster.page import RosterPage

        return RosterPage(self._ctx, self.bus, self.operations)

    def _build_customers(self) -> RecordsPage:
        from dispatch_console.ui.records.page import RecordsPage

        page = RecordsPage(self._ctx, self.bus, self.operations)
        page.open_work_order.connect(self._on_board_open_work_order)
        return page

    def _build_plans(self) -> PlansPage:
        from dispatch_console.ui.plans.page import PlansPage

        page = PlansPage(self._ctx, self.bus, self.operations)
        page.open_work_order.connect(self._on_board_open_work_order)
        return page

    def _build_billing(self) -> BillingPage:
        from dispatch_console.ui.billing import BillingPage

        page = BillingPage(self._ctx, self.bus, self.operations)
        page.open_work_order.connect(self._on_board_open_work_order)
        # The billing page's Print… offers print, preview, save as PDF and the PDF viewer.
        page.print_button.setMenu(self.printing.invoice_menu(page.selected_invoice, page))
        return page

    @property
    def work_orders(self) -> WorkOrderListView:
        return cast("WorkOrderListView", self.page("work_orders"))

    @property
    def requests(self) -> ReviewPage:
        return cast("ReviewPage", self.page("requests"))

    @property
    def board(self) -> BoardPage:
        return cast("BoardPage", self.page("board"))

    @property
    def roster(self) -> RosterPage:
        return cast("RosterPage", self.page("roster"))

    @property
    def customers(self) -> RecordsPage:
        return cast("RecordsPage", self.page("customers"))

    @property
    def plans(self) -> PlansPage:
        return cast("PlansPage", self.page("plans"))

    @property
    def billing(self) -> BillingPage:
        return cast("BillingPage", self.page("billing"))

    def current_place(self) -> str:
        return PLACES[self.places.currentIndex()][0]

    def show_place(self, key: str) -> None:
        index = [k for k, _t in PLACES].index(key)
        self.nav.setCurrentRow(index)

    @Slot(int)
    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = PLACES[row][0]
        self.page(key)
        self.places.setCurrentIndex(row)
        self.place_actions[key].setChecked(True)
        # Only the place on screen sets how small the window can be: a hidden board must not
        # keep the work order list from fitting a small screen.
        for shown_key, page in self._pages.items():
            policy = QSizePolicy.Policy.Preferred if shown_key == key else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)

    @Slot()
    def _on_place_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.show_place(str(action.data()))

    @Slot(str)
    def _on_board_open_work_order(self, number: str) -> None:
        self.work_orders.open_details(number)

    # -- taking a call, finding anything ----------------------------------------------------------
    def open_intake(self) -> IntakeDialog:
        from dispatch_console.ui.intake import IntakeDialog  # loads with its first use

        dialog = IntakeDialog(self._ctx, self.operations, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def _on_action_new_request_triggered(self) -> None:
        self.open_intake()

    def open_quick_find(self) -> QuickFindDialog:
        dialog = QuickFindDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_hit.connect(self.open_found)
        dialog.open()
        return dialog

    @Slot()
    def _on_action_quick_find_triggered(self) -> None:
        self.open_quick_find()

    @Slot(str, str)
    def open_found(self, kind: str, key: str) -> None:
        """Open what quick find found: a work order's window, or the record in its place."""
        if kind == "work_order":
            self.work_orders.open_details(key)
        elif kind == "technician":
            self.show_place("roster")
            self.roster.show_technician(key)
        elif kind in RECORD_FINDERS:
            self.show_place("customers")
            getattr(self.customers, RECORD_FINDERS[kind])(key)

    @Slot(str)
    def _on_board_status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # -- status bar -----------------------------------------------------------------------------
    @Slot()
    def update_status(self) -> None:
        name = self._ctx.db.display_name
        set_plain(self.status_database, f"Database: {name}")
        self.status_database.setToolTip(tooltip(name))
        set_plain(self.status_actor, f"At this PC: {self._ctx.actor}")
        self.status_actor.setToolTip(
            "The name the audit log records for changes made here (File ▸ Settings ▸ This PC)"
        )
        zone = self._ctx.zone().key
        set_plain(self.status_zone, f"Time zone: {zone}")
        self.status_zone.setToolTip(
            "The company's time zone: every time on screen is its wall clock"
        )

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches("company"):
            self.update_status()

    # -- menu actions ---------------------------------------------------------------------------
    def open_settings_dialog(self, tab: int = SettingsDialog.COMPANY_TAB) -> SettingsDialog:
        dialog = SettingsDialog(self._ctx, self.settings, self, tab=tab, operations=self.operations)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.update_status)
        dialog.open()
        return dialog

    @Slot()
    def _on_action_settings_triggered(self) -> None:
        self.open_settings_dialog()

    @Slot()
    def _on_action_import_triggered(self) -> None:
        outcome = bundle_actions.import_bundle(self, self.operations)
        if outcome is not None:
            folder, result = outcome
            self._tell(
                "Import finished",
                f"Imported the CSV bundle from {folder}.",
                bundle_actions.summary_text(result),
            )

    @Slot()
    def _on_action_export_triggered(self) -> None:
        outcome = bundle_actions.export_bundle(self, self.operations)
        if outcome is not None:
            folder, result = outcome
            self._tell(
                "Export finished",
                f"Exported a CSV bundle to {folder}.",
                bundle_actions.summary_text(result),
            )

    @Slot()
    def _on_action_about_triggered(self) -> None:
        self._tell(
            "About Dispatch Console",
            f"Dispatch Console {dispatch_console.__version__}",
            "The dispatch desktop for field-service contractors: work orders, the schedule board, "
            "the roster and recurring maintenance plans.\n\n"
            f"Database: {self._ctx.db.display_name}\nSettings: {self.settings.fileName()}\n"
            f"Log file: {self._paths.log_file}",
        )

    def _tell(self, title: str, text: str, informative: str = "") -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # folder names, shown as they are
        box.setInformativeText(informative)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # -- remembering ----------------------------------------------------------------------------
    def _default_size(self) -> QSize:
        """``DEFAULT_SIZE``, or as much of it as the screen has room for."""
        return DEFAULT_SIZE.boundedTo(room_for(self))

    def _restore(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self._first_geometry()
        elif not self.isMaximized() and not self.isFullScreen():
            # Saved on a bigger screen (or at a smaller scaling): shrink it onto this one.
            if self.size() != self.size().boundedTo(room_for(self)):
                self.resize(self.size().boundedTo(room_for(self)))
                self._centre()
        state = self.settings.value(STATE_KEY)
        if state is not None:
            self.restoreState(state)
        keys = [k for k, _t in PLACES]
        place = str(self.settings.value(PLACE_KEY, "work_orders"))
        self.show_place(place if place in keys else "work_orders")

    def _first_geometry(self) -> None:
        """No saved layout yet: maximised, or the default size centred on a very large screen."""
        self.resize(self._default_size())
        self._centre()
        room = room_for(self)
        self._maximise_on_show = (
            room.width() <= MAXIMISED_UP_TO.width() or room.height() <= MAXIMISED_UP_TO.height()
        )

    def setVisible(self, visible: bool) -> None:
        # Maximised as it first appears (no flash at the smaller size), unless it was given
        # another size before being shown.
        if visible and self._maximise_on_show:
            self._maximise_on_show = False
            if self.size() == self._default_size():
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        super().setVisible(visible)

    def _centre(self) -> None:
        area = available_geometry(self)
        frame = QRect(self.pos(), self.size())
        frame.moveCenter(area.center())
        self.move(max(frame.left(), area.left()), max(frame.top(), area.top()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._set_compact_nav(event.size().width() < COMPACT_NAV_BELOW)

    def _set_compact_nav(self, compact: bool) -> None:
        """Icons only on a narrow window, so the list and the board keep their width."""
        if compact == self._compact_nav:
            return
        self._compact_nav = compact
        for row, (_key, title) in enumerate(PLACES):
            # No text at all (not an empty one, which still gets a highlighted box).
            self.nav.item(row).setData(Qt.ItemDataRole.DisplayRole, None if compact else title)
        icon = self.nav.iconSize().width()
        self.nav.setFixedWidth(icon + 28 if compact else NAV_WIDTH)

    def save_state(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        self.settings.setValue(PLACE_KEY, self.current_place())
        if "work_orders" in self._pages:
            self.work_orders.save_state(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.bus.detach()
        super().closeEvent(event)
