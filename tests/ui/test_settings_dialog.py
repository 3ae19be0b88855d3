"""Settings: the company's (validated, stale saves refused) and this PC's name."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from dispatch_console.services import company
from dispatch_console.services.context import ServiceContext, default_actor
from dispatch_console.storage.database import Database
from dispatch_console.ui.settings_dialog import USER_NAME_KEY, SettingsDialog, apply_saved_actor
from tests.ui import seed


def open_dialog(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings, **kwargs: int
) -> SettingsDialog:
    dialog = SettingsDialog(ctx, settings, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot: QtBot, edit, text: str) -> None:
    edit.selectAll()
    edit.clear()
    qtbot.keyClicks(edit, text)


def click_save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_shows_the_saved_company(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    dialog = open_dialog(qtbot, northwind, settings)
    assert dialog.name_edit.text() == "Northwind Mechanical"
    assert dialog.address_edit.toPlainText() == "1200 Commerce St\nDallas, TX 75202"
    assert dialog.timezone_combo.currentText() == "America/Chicago"
    assert dialog.tax_edit.text() == "8.25"
    assert dialog.terms_spin.value() == 30
    assert dialog.speed_edit.text() == "40"
    assert dialog.tabs.currentIndex() == SettingsDialog.COMPANY_TAB


def test_a_bad_time_zone_is_explained_and_nothing_is_saved(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    before = company.get_settings(northwind)
    dialog = open_dialog(qtbot, northwind, settings)
    retype(qtbot, dialog.timezone_combo.lineEdit(), "Mars/Olympus")
    retype(qtbot, dialog.phone_edit, "214-555-9999")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert "'Mars/Olympus' is not a time zone" in dialog.error_label.text()
    assert company.get_settings(northwind) == before


def test_every_problem_is_listed_at_once(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    dialog = open_dialog(qtbot, northwind, settings, tab=SettingsDialog.THIS_PC_TAB)
    dialog.name_edit.clear()
    retype(qtbot, dialog.currency_edit, "us")
    retype(qtbot, dialog.tax_edit, "120")
    dialog.speed_edit.clear()
    click_save(qtbot, dialog)
    text = dialog.error_label.text()
    assert "company name is empty" in text
    assert "'US' is not an ISO 4217 currency code" in text
    assert "tax rate must be a percentage between 0 and 100" in text
    assert "average travel speed is empty" in text
    assert dialog.tabs.currentIndex() == SettingsDialog.COMPANY_TAB  # where the problems are
    assert company.get_settings(northwind).name == "Northwind Mechanical"


def test_valid_values_are_saved_as_decimals(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    dialog = open_dialog(qtbot, northwind, settings)
    retype(qtbot, dialog.name_edit, "Northwind Mechanical & Electric")
    retype(qtbot, dialog.timezone_combo.lineEdit(), "America/Denver")
    retype(qtbot, dialog.currency_edit, "cad")  # typed lower case, shown and saved upper case
    retype(qtbot, dialog.tax_edit, "7,125")  # a decimal comma is accepted
    dialog.terms_spin.setValue(45)
    retype(qtbot, dialog.speed_edit, "52.5")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        click_save(qtbot, dialog)

    saved = company.get_settings(northwind)
    assert saved.name == "Northwind Mechanical & Electric"
    assert saved.timezone == "America/Denver"
    assert saved.currency == "CAD"
    assert saved.tax_rate == Decimal("7.125") and isinstance(saved.tax_rate, Decimal)
    assert saved.payment_terms_days == 45
    assert saved.travel_speed_kmh == Decimal("52.5")
    assert not dialog.isVisible()


def test_an_empty_tax_rate_means_none(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    dialog = open_dialog(qtbot, northwind, settings)
    dialog.tax_edit.clear()
    click_save(qtbot, dialog)
    assert company.get_settings(northwind).tax_rate is None


def test_a_stale_save_says_who_changed_the_company_and_saves_nothing(
    qtbot: QtBot, northwind: ServiceContext, db: Database, settings: QSettings
) -> None:
    dialog = open_dialog(qtbot, northwind, settings)
    other_pc = ServiceContext(db=db, actor="Sam Other", clock=northwind.clock)
    company.save_settings(other_pc, replace(company.get_settings(other_pc), phone="214-555-7777"))

    retype(qtbot, dialog.email_edit, "dispatch@northwind.example")
    click_save(qtbot, dialog)

    assert dialog.isVisible()
    text = dialog.error_label.text()
    assert "changed by Sam Other" in text
    assert "not saved" in text
    saved = company.get_settings(northwind)
    assert saved.phone == "214-555-7777"
    assert saved.email == "office@northwind.example"

    # Taking their version, then making the change again, saves.
    assert dialog.reload_button.isVisible()
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.phone_edit.text() == "214-555-7777"
    assert not dialog.error_label.isVisible()
    retype(qtbot, dialog.email_edit, "dispatch@northwind.example")
    click_save(qtbot, dialog)
    assert company.get_settings(northwind).email == "dispatch@northwind.example"


def test_saving_only_this_pc_does_not_touch_the_company(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    version = company.get_settings(northwind).version
    dialog = open_dialog(qtbot, northwind, settings, tab=SettingsDialog.THIS_PC_TAB)
    assert dialog.user_edit.placeholderText() == default_actor()
    qtbot.keyClicks(dialog.user_edit, "Dana at the front desk")
    click_save(qtbot, dialog)

    assert northwind.actor == "Dana at the front desk"
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value(USER_NAME_KEY) == (
        "Dana at the front desk"
    )
    assert company.get_settings(northwind).version == version

    # Empty again: back to the computer login.
    dialog = open_dialog(qtbot, northwind, settings, tab=SettingsDialog.THIS_PC_TAB)
    assert dialog.user_edit.text() == "Dana at the front desk"
    dialog.user_edit.clear()
    click_save(qtbot, dialog)
    assert northwind.actor == default_actor()
    assert settings.value(USER_NAME_KEY) is None


def test_the_saved_name_is_what_the_services_record(
    settings: QSettings, ctx: ServiceContext
) -> None:
    settings.setValue(USER_NAME_KEY, "Lee Night Shift")
    apply_saved_actor(ctx, settings)
    assert ctx.actor == "Lee Night Shift"


def test_first_save_creates_the_company(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings
) -> None:
    assert not company.is_set_up(ctx)
    dialog = open_dialog(qtbot, ctx, settings)
    assert dialog.name_edit.text() == ""
    retype(qtbot, dialog.name_edit, "Fresh Start HVAC")
    retype(qtbot, dialog.timezone_combo.lineEdit(), "Europe/Berlin")
    retype(qtbot, dialog.currency_edit, "EUR")
    click_save(qtbot, dialog)
    assert company.is_set_up(ctx)
    assert company.get_settings(ctx).timezone == "Europe/Berlin"


def test_time_zone_completer_finds_by_any_part(
    qtbot: QtBot, ctx: ServiceContext, settings: QSettings
) -> None:
    seed.company_only(ctx)
    dialog = open_dialog(qtbot, ctx, settings)
    completer = dialog.timezone_combo.completer()
    completer.setCompletionPrefix("chicago")
    assert completer.completionCount() >= 1
    assert completer.currentCompletion() == "America/Chicago"


def test_the_company_tab_opens_with_every_field_in_view(
    qtbot: QtBot, northwind: ServiceContext, settings: QSettings
) -> None:
    """On a screen with room for it the dialog opens tall enough for the whole Company tab: no
    scroll bar for the last few pixels, no "Average travel speed" cut at the bottom edge."""
    dialog = open_dialog(qtbot, northwind, settings)
    page = dialog.tabs.currentWidget()
    assert isinstance(page, QScrollArea)
    qtbot.wait(10)  # the scroll bars are set in a layout pass Qt posts
    assert dialog.height() < dialog.screen().availableGeometry().height() - 100  # room to spare
    assert page.verticalScrollBar().maximum() == 0, "the Company tab scrolls"
    bottom = dialog.speed_edit.mapTo(page.viewport(), dialog.speed_edit.rect().bottomLeft()).y()
    assert bottom < page.viewport().height()
