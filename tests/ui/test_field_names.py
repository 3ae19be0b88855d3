"""A field is called the same in every form: the dispatcher who typed a customer's "E-mail" in
one window does not meet an "Email" in the next."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.settings_dialog import SettingsDialog
from tests.ui.test_forms_focus import EDITORS, open_editor


def caption_of(window: QWidget, field: QWidget) -> str:
    """The words beside ``field`` as the window shows them (the Alt-key mark left out)."""
    for form in window.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            shown = item.widget() if item is not None else None
            if shown is not None and (shown is field or shown.isAncestorOf(field)):
                caption = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
                assert isinstance(caption, QLabel)
                return caption.text().replace("&", "")
    raise AssertionError(f"{field} is not in a form of {window}")


def test_every_e_mail_field_is_called_e_mail(
    qtbot: QtBot, company: ServiceContext, ops: Operations, settings: QSettings
) -> None:
    captions: dict[str, str] = {}
    for editor in ("new customer", "new technician", "intake's new customer"):
        make, _first = EDITORS[editor]
        dialog = make(company, ops)
        open_editor(qtbot, dialog)
        captions[editor] = caption_of(dialog, dialog.form.fields["email"].widget)
        dialog.form.mark_clean()
        dialog.close()
    company_settings = SettingsDialog(company, settings)
    qtbot.addWidget(company_settings)
    company_settings.show()
    captions["settings"] = caption_of(company_settings, company_settings.email_edit)
    company_settings.close()
    assert captions == dict.fromkeys(captions, "E-mail:")
