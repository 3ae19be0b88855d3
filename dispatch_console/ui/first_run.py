"""The first start on a database without a company: demo, empty company, or a CSV bundle."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.services import company
from dispatch_console.services.context import EVERYTHING, ServiceContext
from dispatch_console.ui import bundle_actions
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.fitting import keep_on_screen, natural_size, scrolling
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label
from dispatch_console.ui.settings_dialog import SettingsDialog
from dispatch_console.ui.waiting import OTHERS_WAIT
from dispatch_console.ui.widgets import heading, hint


class FirstRunChoice(Enum):
    DEMO = "demo"
    EMPTY = "empty"
    IMPORT = "import"


class FirstRunDialog(QDialog):
    """Three ways to start, as big buttons; ``choice`` says which one was clicked."""

    def __init__(self, database_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: FirstRunChoice | None = None
        self.setWindowTitle("Welcome to Dispatch Console")
        self.setMinimumWidth(560)

        self.demo_button = QCommandLinkButton(
            "Explore the demo company",
            "A ready-made HVAC contractor with technicians, customers and a few weeks of work "
            "orders, to try everything without fear of breaking anything.",
        )
        self.empty_button = QCommandLinkButton(
            "Start with an empty company",
            "Enter your company's name and time zone now; add technicians, customers and sites afterwards.",
        )
        self.import_button = QCommandLinkButton(
            "Import a CSV bundle…",
            "Load your company, technicians, customers, sites, assets and work orders "
            "from a folder of CSV files.",
        )
        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        self.empty_button.clicked.connect(self._on_empty_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        for button in (self.empty_button, self.import_button):
            button.setAutoDefault(False)
        self.demo_button.setDefault(True)

        self.buttons = QDialogButtonBox()
        self.quit_button = self.buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        where = plain_label(f"Database: {database_name}")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        where.setWordWrap(True)

        # The choices scroll on a screen too short for them (a laptop at 200 %); Quit stays.
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        for button in (self.demo_button, self.empty_button, self.import_button):
            column.addWidget(button)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Welcome to Dispatch Console"))
        layout.addWidget(hint("This database has no company yet. How would you like to start?"))
        layout.addSpacing(6)
        layout.addWidget(scrolling(choices), 1)
        layout.addSpacing(6)
        layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.demo_button.setFocus()
        keep_on_screen(self, natural_size(self))

    def _choose(self, choice: FirstRunChoice) -> None:
        self.choice = choice
        self.accept()

    @Slot()
    def _on_demo_button_clicked(self) -> None:
        self._choose(FirstRunChoice.DEMO)

    @Slot()
    def _on_empty_button_clicked(self) -> None:
        self._choose(FirstRunChoice.EMPTY)

    @Slot()
    def _on_import_button_clicked(self) -> None:
        self._choose(FirstRunChoice.IMPORT)


def carry_out(
    choice: FirstRunChoice,
    ctx: ServiceContext,
    settings: QSettings,
    parent: QWidget | None = None,
    operations: Operations | None = None,
) -> bool:
    """Do what the user chose; True once the company is set up, False to show the choices again.

    Runs the demo and the import as operations like every other action; before the main
    window exists there is no window's bus, so a short-lived one serves.
    """
    own_bus = None
    if operations is None:
        own_bus = ChangeBus(ctx)
        operations = Operations(ctx, own_bus)
    try:
        return _carry_out(choice, ctx, settings, parent, operations)
    finally:
        if own_bus is not None:
            own_bus.detach()
            own_bus.deleteLater()


def _carry_out(
    choice: FirstRunChoice,
    ctx: ServiceContext,
    settings: QSettings,
    parent: QWidget | None,
    operations: Operations,
) -> bool:
    if choice == FirstRunChoice.DEMO:
        create_demo_company = bundle_actions.load_service(
            bundle_actions.DEMO_MODULE, "create_demo_company"
        )
        if create_demo_company is None:
            bundle_actions.not_available(parent, "The demo company")
            return False
        made = operations.run_in_background(
            Op("Create the demo company", lambda _confirm: None, parent),
            create_demo_company,
            progress_text=f"Creating the demo company…\n\n{OTHERS_WAIT}",
            also_changed=EVERYTHING,
        )
        if made is None:
            return False
    elif (
        choice == FirstRunChoice.IMPORT
        and bundle_actions.import_bundle(parent, operations, back_text="Back to the choices") is None
    ):
        return False
    if not company.is_set_up(ctx):
        # An empty company, or a bundle without company.csv: name and time zone are needed.
        dialog = SettingsDialog(ctx, settings, parent, tab=SettingsDialog.COMPANY_TAB, operations=operations)
        dialog.setWindowTitle("Your company")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return False
    return company.is_set_up(ctx)


def run_first_run(ctx: ServiceContext, settings: QSettings, parent: QWidget | None = None) -> bool:
    """Offer the choices until the company is set up (True) or the user quits (False)."""
    while not company.is_set_up(ctx):
        dialog = FirstRunDialog(ctx.db.display_name, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        choice = dialog.choice
        dialog.deleteLater()
        if not accepted or choice is None:
            return False
        if carry_out(choice, ctx, settings, parent):
            return True
    return True
