"""Settings: the company's (shared by every PC, in the database) and this PC's own (in QSettings)."""

from __future__ import annotations

import zoneinfo
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QRegularExpression, QSettings, Qt, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.errors import ConcurrencyConflict, DispatchError, ValidationError
from dispatch_console.domain.money import parse_decimal
from dispatch_console.services import company
from dispatch_console.services.company import CompanySettings
from dispatch_console.services.context import ServiceContext, default_actor
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.fitting import keep_on_screen, natural_size, scrolling
from dispatch_console.ui.formatting import format_decimal, sentence
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.widgets import hint

USER_NAME_KEY = "user/name"
DECIMAL_PATTERN = r"\d{0,4}([.,]\d{0,4})?"


def saved_user_name(settings: QSettings) -> str:
    """The name this PC records in the audit log, or "" when it uses the OS login."""
    value = settings.value(USER_NAME_KEY, "")
    return str(value).strip() if value else ""


def apply_saved_actor(ctx: ServiceContext, settings: QSettings) -> None:
    """Make the services record the name saved on this PC (the OS login when none is)."""
    ctx.actor = saved_user_name(settings) or default_actor()


def _decimal_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(DECIMAL_PATTERN), edit))
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(120)
    return edit


def _with_unit(edit: QWidget, unit: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit)
    text = QLabel(unit)
    text.setWordWrap(True)  # on a narrow screen it goes onto two lines rather than off the edge
    row.addWidget(text, 1)
    return box


class SettingsDialog(QDialog):
    """Two tabs: Company (saved through ``company.save_settings``) and This PC.

    A refused save (bad values, or settings somebody else changed since the dialog opened)
    is explained in red below the tabs; nothing is saved and the dialog stays open.
    """

    COMPANY_TAB = 0
    THIS_PC_TAB = 1

    def __init__(
        self,
        ctx: ServiceContext,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        tab: int = COMPANY_TAB,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._given_operations = operations
        self._settings = settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(600)

        # Each tab scrolls on a screen too short for it (a laptop at 200 %); the error and the
        # buttons below stay in view.
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolling(self._build_company_tab()), "Company")
        self.tabs.addTab(scrolling(self._build_this_pc_tab()), "This PC")

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(
            "QLabel { color: #b71c1c; background: #ffebee; border: 1px solid #ef9a9a;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.error_label.hide()
        self.reload_button = QPushButton("Load their version")
        self.reload_button.setToolTip(
            "Replace what is in the Company tab with the settings as saved now"
        )
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        self.reload_button.hide()
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_label, 1)
        error_row.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(error_row)
        layout.addWidget(self.buttons)

        self.loaded = company.get_settings(ctx)
        self._fill_company(self.loaded)
        self.tabs.setCurrentIndex(tab)
        # At least its size hint: QTabWidget's height for a width comes out a few pixels short of
        # its page's, which left the Company tab scrolling for its last field on any screen.
        keep_on_screen(self, natural_size(self).expandedTo(self.sizeHint()))

    # -- building -------------------------------------------------------------------------------
    def _build_company_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Printed on every document")
        self.address_edit = QPlainTextEdit()
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(self.address_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()

        self.timezone_combo = QComboBox()
        self.timezone_combo.setEditable(True)
        self.timezone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone_combo.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone_combo.setMaxVisibleItems(20)
        completer = QCompleter(self.timezone_combo.model(), self.timezone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone_combo.setCompleter(completer)
        self.timezone_combo.setMinimumContentsLength(20)

        self.currency_edit = QLineEdit()
        self.currency_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), self.currency_edit)
        )
        self.currency_edit.setMaximumWidth(80)
        self.currency_edit.textEdited.connect(self._on_currency_edit_text_edited)
        self.tax_edit = _decimal_edit("none")
        self.terms_spin = QSpinBox()
        self.terms_spin.setRange(0, 365)
        self.terms_spin.setSuffix(" days")
        self.speed_edit = _decimal_edit()

        form.addRow("Company &name:", self.name_edit)
        form.addRow("&Address:", self.address_edit)
        form.addRow("&Phone:", self.phone_edit)
        form.addRow("&E-mail:", self.email_edit)
        form.addRow(
            "&Time zone:", _with_unit(self.timezone_combo, "the wall clock of days and shifts")
        )
        form.addRow("&Currency:", self.currency_edit)
        form.addRow(
            "Ta&x rate:",
            _with_unit(self.tax_edit, "%  (used when a customer has no rate of its own)"),
        )
        form.addRow("Payment ter&ms:", self.terms_spin)
        form.addRow(
            "Average &travel speed:",
            _with_unit(self.speed_edit, "km/h  (for travel time between sites)"),
        )
        return page

    def _build_this_pc_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.user_edit = QLineEdit(saved_user_name(self._settings))
        self.user_edit.setPlaceholderText(default_actor())
        form.addRow("Your &name:", self.user_edit)
        form.addRow(
            "",
            hint(
                "The audit log records this name as who made each change from this PC. "
                f"Leave it empty to use your computer login ({default_actor()})."
            ),
        )
        database = plain_label(self._ctx.db.display_name)
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        database.setWordWrap(True)
        form.addRow("Database:", database)
        settings_file = plain_label(self._settings.fileName())
        settings_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        settings_file.setWordWrap(True)
        form.addRow("Settings file:", settings_file)
        return page

    def _fill_company(self, settings: CompanySettings) -> None:
        self.name_edit.setText(settings.name)
        self.address_edit.setPlainText(settings.address)
        self.phone_edit.setText(settings.phone)
        self.email_edit.setText(settings.email)
        self.timezone_combo.setCurrentText(settings.timezone)
        self.currency_edit.setText(settings.currency)
        self.tax_edit.setText(format_decimal(settings.tax_rate))
        self.terms_spin.setValue(settings.payment_terms_days)
        self.speed_edit.setText(format_decimal(settings.travel_speed_kmh))

    # -- reading the form -----------------------------------------------------------------------
    def company_from_form(self) -> tuple[CompanySettings, list[str]]:
        """The settings as typed (on the version loaded), and what cannot even be read."""
        problems: list[str] = []
        tax: Decimal | None = None
        tax_text = self.tax_edit.text().strip().replace(",", ".")
        if tax_text:
            try:
                tax = parse_decimal(tax_text, "tax rate")
            except ValidationError as exc:
                problems.append(str(exc))
        speed = self.loaded.travel_speed_kmh
        speed_text = self.speed_edit.text().strip().replace(",", ".")
        if not speed_text:
            problems.append("the average travel speed is empty")
        else:
            try:
                speed = parse_decimal(speed_text, "speed")
            except ValidationError as exc:
                problems.append(str(exc))
        settings = replace(
            self.loaded,
            name=self.name_edit.text(),
            address=self.address_edit.toPlainText(),
            phone=self.phone_edit.text().strip(),
            email=self.email_edit.text().strip(),
            timezone=self.timezone_combo.currentText().strip(),
            currency=self.currency_edit.text().strip().upper(),
            tax_rate=tax,
            payment_terms_days=self.terms_spin.value(),
            travel_speed_kmh=speed,
        )
        return settings, problems

    # -- saving ---------------------------------------------------------------------------------
    def show_problems(self, problems: list[str], *, stale: bool = False) -> None:
        if len(problems) == 1:
            text = sentence(problems[0])
        else:
            text = "Not saved:\n" + "\n".join(f"• {sentence(p)}" for p in problems)
        set_plain(self.error_label, text)
        self.error_label.show()
        self.reload_button.setVisible(stale)

    def clear_problems(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self.reload_button.hide()

    def save(self) -> bool:
        """Save both tabs; False (and the reasons shown) when the company could not be saved."""
        self.clear_problems()
        settings, problems = self.company_from_form()
        problems += company.validate(settings)
        if problems:
            self.tabs.setCurrentIndex(self.COMPANY_TAB)
            self.show_problems(problems)
            return False
        if settings != self.loaded or settings.version is None:
            def refused(exc: DispatchError) -> None:
                self.tabs.setCurrentIndex(self.COMPANY_TAB)
                self.show_problems([str(exc)], stale=isinstance(exc, ConcurrencyConflict))

            saved = self._operations().run(Op(
                "Save the company settings",
                lambda _confirm: company.save_settings(self._ctx, settings),
                self, on_refused=refused,
            ))
            if saved is None:
                return False
            self.loaded = saved.value
        name = self.user_edit.text().strip()
        if name:
            self._settings.setValue(USER_NAME_KEY, name)
        else:
            self._settings.remove(USER_NAME_KEY)
        self._settings.sync()
        self._ctx.actor = name or default_actor()
        return True

    def _operations(self) -> Operations:
        """The window's, or (before the main window exists, in the first run) the dialog's own."""
        if self._given_operations is None:
            self._given_operations = Operations(self._ctx, ChangeBus(self._ctx, self), self)
        return self._given_operations

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    @Slot()
    def _on_reload_button_clicked(self) -> None:
        self.loaded = company.get_settings(self._ctx)
        self._fill_company(self.loaded)
        self.clear_problems()

    @Slot(str)
    def _on_currency_edit_text_edited(self, text: str) -> None:
        if text != text.upper():
            position = self.currency_edit.cursorPosition()
            self.currency_edit.setText(text.upper())
            self.currency_edit.setCursorPosition(position)
