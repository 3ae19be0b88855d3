"""Choosing a site's customer and an asset's site by typing: the matches a moment after the last
key, Down/Up/Enter/Escape and a click, the choice saved, the choice of a record being edited kept
without listing anything, text that matches nothing refused in words, and thousands of
customers never loaded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services import assets, record_choices, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import record_queries
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.records.asset_dialog import AssetDialog
from dispatch_console.ui.records.chooser import RecordChooser
from dispatch_console.ui.records.editor import RecordEditor
from dispatch_console.ui.records.page import RecordsPage
from dispatch_console.ui.records.site_dialog import SiteDialog
from tests.services.bundles import state
from tests.services.test_record_choices import many_customers


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace what a field shows by typing ``text`` (select all, type over)."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def typed(qtbot: QtBot, chooser: RecordChooser, text: str) -> None:
    """Type into the chooser as a user does and wait for its list of matches."""
    chooser.setFocus()
    qtbot.keyClicks(chooser, text)
    qtbot.waitUntil(lambda: chooser.list_shown() and not chooser.search_pending(), timeout=2000)


def key(qtbot: QtBot, chooser: RecordChooser, *keys: Qt.Key) -> None:
    for k in keys:
        qtbot.keyClick(chooser, k)


def listed(chooser: RecordChooser) -> list[str]:
    return [code for code, _label, _detail in chooser.choices()]


@pytest.fixture
def editors(qtbot: QtBot, company: ServiceContext) -> Iterator[Any]:
    """Opens a site or asset editor on its own, as the records page does; closed clean after."""
    bus = ChangeBus(company)
    operations = Operations(company, bus)
    opened: list[RecordEditor] = []

    def open_editor(kind: type[RecordEditor], code: str | None = None) -> RecordEditor:
        editor = kind(company, operations, code)  # type: ignore[call-arg]
        qtbot.addWidget(editor, before_close_func=lambda e: e.form.mark_clean())
        editor.show()
        qtbot.waitExposed(editor)
        opened.append(editor)
        return editor

    yield open_editor
    bus.deleteLater()
    operations.deleteLater()


def test_a_site_is_saved_for_the_customer_picked_with_down_and_enter(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    page.tabs.setCurrentIndex(1)
    click(qtbot, page.sites.new_button)
    editor = page.editor
    assert isinstance(editor, SiteDialog)
    qtbot.waitExposed(editor)
    chooser = editor.customer_combo
    assert chooser.choices() == [] and not chooser.list_shown()  # nothing listed before typing
    typed(qtbot, chooser, "elm")
    assert listed(chooser) == ["C2"]
    assert chooser.searches == 1  # asked once, after the last key, not once per key
    key(qtbot, chooser, Qt.Key.Key_Down, Qt.Key.Key_Return)
    assert chooser.text() == "Elm Street Bakery (C2)" and chooser.chosen_code() == "C2"
    assert not chooser.list_shown() and editor.isVisible()  # Enter took the match, it did not save
    type_into(qtbot, editor.code_edit, "S3")
    type_into(qtbot, editor.name_edit, "Back kitchen")
    type_into(qtbot, editor.address_edit, "9 Elm St")
    click(qtbot, editor.save_button)
    assert not editor.isVisible()
    assert sites.get_site(company, "S3").spec.customer_code == "C2"
    assert page.sites.current_key() == "S3"


def test_an_asset_is_saved_at_the_second_site_walked_to_with_the_keys(
    qtbot: QtBot, editors: Any, company: ServiceContext,
) -> None:
    editor = editors(AssetDialog)
    chooser: RecordChooser = editor.site_combo
    typed(qtbot, chooser, "st")  # "100 Main St" and "7 Elm St"; by name: Building A, Shop
    assert listed(chooser) == ["S1", "S2"]
    key(qtbot, chooser, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down)  # stops at the last
    key(qtbot, chooser, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Enter)
    assert chooser.text() == "Shop — Elm Street Bakery (S2)"
    type_into(qtbot, editor.code_edit, "A3")
    type_into(qtbot, editor.name_edit, "Proofer")
    click(qtbot, editor.save_button)
    assert not editor.isVisible()
    assert assets.get_asset(company, "A3").spec.site_code == "S2"


def test_a_click_takes_a_match_and_escape_only_closes_the_list(qtbot: QtBot, editors: Any) -> None:
    editor = editors(SiteDialog)
    chooser: RecordChooser = editor.customer_combo
    key(qtbot, chooser, Qt.Key.Key_Down)  # Down on an empty field: the first customers by name
    qtbot.waitUntil(chooser.list_shown)
    assert listed(chooser) == ["C2", "C1"]
    key(qtbot, chooser, Qt.Key.Key_Escape)
    assert not chooser.list_shown() and editor.isVisible()
    typed(qtbot, chooser, "lake")
    view = chooser.list.view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chooser.chosen_code() == "C1" and chooser.text() == "Lakeside Medical (C1)"
    assert chooser.hasFocus()  # the click left the keys in the field
    key(qtbot, chooser, Qt.Key.Key_Down)  # Down on a chosen customer: the others, first one lit
    assert chooser.list_shown() and chooser.list.row() == 0
    key(qtbot, chooser, Qt.Key.Key_Return)
    assert chooser.chosen_code() == "C2" and editor.isVisible()
    key(qtbot, chooser, Qt.Key.Key_Return)  # nothing listed, a customer chosen: Enter saves
    assert editor.form.problem("code") != "" and editor.isVisible()  # (refused: no code yet)


def test_an_edited_site_shows_its_customer_without_listing_any(
    qtbot: QtBot, editors: Any, company: ServiceContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(record_queries, "customer_choices", _refused("listed customers"))
    editor = editors(SiteDialog, "S1")
    chooser: RecordChooser = editor.customer_combo
    assert chooser.text() == "Lakeside Medical (C1)" and chooser.chosen_code() == "C1"
    assert chooser.searches == 0 and chooser.choices() == []
    type_into(qtbot, editor.name_edit, "Building A (north)")
    click(qtbot, editor.save_button)
    assert not editor.isVisible()
    spec = sites.get_site(company, "S1").spec
    assert (spec.customer_code, spec.name) == ("C1", "Building A (north)")


def test_picking_the_same_customer_again_leaves_nothing_unsaved(qtbot: QtBot, editors: Any) -> None:
    editor = editors(SiteDialog, "S1")
    chooser: RecordChooser = editor.customer_combo
    chooser.selectAll()
    typed(qtbot, chooser, "lakeside")
    assert editor.form.is_dirty()
    key(qtbot, chooser, Qt.Key.Key_Return)  # Enter takes the best match
    assert chooser.chosen_code() == "C1"
    assert not editor.form.is_dirty()


def test_a_name_that_matches_nothing_is_no_choice_and_the_form_says_what_to_do(
    qtbot: QtBot, editors: Any, company: ServiceContext,
) -> None:
    before = state(company)
    editor = editors(SiteDialog)
    chooser: RecordChooser = editor.customer_combo
    chooser.setFocus()
    qtbot.keyClicks(chooser, "Nobody we know")
    key(qtbot, chooser, Qt.Key.Key_Return)  # before the list came: it is asked for at once
    assert chooser.chosen_code() is None and editor.isVisible()  # Enter neither chose nor saved
    assert chooser.status_text() == (
        "No customer matches “Nobody we know”. Check the spelling, or type part of the customer's "
        "name, code, phone or address.")
    type_into(qtbot, editor.code_edit, "S3")
    type_into(qtbot, editor.name_edit, "Back kitchen")
    type_into(qtbot, editor.address_edit, "9 Elm St")
    click(qtbot, editor.save_button)
    assert editor.isVisible()
    assert editor.form.problem("customer_code") == (
        "There is no customer 'Nobody we know'; pick the customer from the list.")
    assert state(company) == before
    typed(qtbot, chooser, "")  # nothing typed: no list, and the problem stays until the field changes
    chooser.selectAll()
    typed(qtbot, chooser, "bak")
    assert editor.form.problem("customer_code") == ""  # typing in the field took its message away
    key(qtbot, chooser, Qt.Key.Key_Enter)
    click(qtbot, editor.save_button)
    assert not editor.isVisible()
    assert sites.get_site(company, "S3").spec.customer_code == "C2"


def test_an_empty_choice_is_refused_at_the_field(qtbot: QtBot, editors: Any, company: ServiceContext) -> None:
    before = state(company)
    editor = editors(AssetDialog)
    type_into(qtbot, editor.code_edit, "A3")
    type_into(qtbot, editor.name_edit, "Proofer")
    click(qtbot, editor.save_button)
    assert editor.form.problem("site_code") == "No site is chosen; pick the site from the list."
    assert state(company) == before


def test_thousands_of_customers_are_never_loaded(
    qtbot: QtBot, editors: Any, company: ServiceContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    many_customers(company, 3000)
    fetched: list[int] = []
    search = record_queries.customer_choices

    def counted(*args: Any) -> Any:
        rows = search(*args)
        fetched.append(len(rows))
        return rows

    monkeypatch.setattr(record_queries, "customer_choices", counted)
    for every in ("customer_list", "site_list"):  # what the old chooser listed
        monkeypatch.setattr(record_queries, every, _refused(every))
    editor = editors(SiteDialog)
    chooser: RecordChooser = editor.customer_combo
    assert fetched == [] and chooser.choices() == []
    typed(qtbot, chooser, "harbor")  # every one of the 3000 matches
    assert fetched == [record_choices.CHOICE_LIMIT]
    assert len(chooser.choices()) == record_choices.CHOICE_LIMIT
    assert chooser.status_text() == "The first 50 matches; type more to narrow them."
    shown = chooser.list.geometry()  # under the field, within the editor, a few rows at a time
    assert editor.rect().contains(shown) and shown.top() >= chooser.mapTo(editor, chooser.rect().bottomLeft()).y()
    assert chooser.list.view.viewport().height() < 10 * chooser.list.view.sizeHintForRow(0)
    typed(qtbot, chooser, " dental 0123")
    assert listed(chooser) == [f"H0123{i}" for i in range(10)]
    assert chooser.status_text() == ""
    key(qtbot, chooser, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return)
    assert chooser.code() == "H01231"
    assert max(fetched) <= record_choices.CHOICE_LIMIT


def test_a_label_typed_in_full_names_its_record(qtbot: QtBot, editors: Any) -> None:
    editor = editors(SiteDialog)
    chooser: RecordChooser = editor.customer_combo
    type_into(qtbot, chooser, "Elm Street Bakery (C2)")
    key(qtbot, chooser, Qt.Key.Key_Tab)
    assert chooser.chosen_code() is None and chooser.code() == "C2"
    type_into(qtbot, chooser, "c1")
    assert chooser.code() == "C1"  # a code typed exactly
    type_into(qtbot, chooser, "Elm Street Bakery (C1)")
    assert chooser.code() == "Elm Street Bakery (C1)"  # C1 is not called that: passed on as typed


def _refused(what: str) -> Any:
    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError(f"the editor {what}")

    return refused


def test_an_editor_opening_on_a_long_label_shows_its_beginning(
    qtbot: QtBot, editors: Any, company: ServiceContext,
) -> None:
    """The asset editor opens with the keyboard on its site, the whole label selected so typing
    replaces it; the site's name, at the label's start, is what stays in view."""
    site = sites.create_site(company, sites.SiteSpec(
        customer_code="C1", code="S-LONG", name="Law Offices, Suite 1200, north tower loading dock",
        address="1717 Main St, Dallas, TX 75201",
    ))
    asset = assets.create_asset(company, assets.AssetSpec(site_code=site, code="S-LONG-CH-1", name="CH-1"))
    editor = editors(AssetDialog, asset)
    chooser: RecordChooser = editor.site_combo
    qtbot.waitUntil(chooser.hasFocus)
    label = chooser.text()
    assert label.startswith("Law Offices, Suite 1200")
    assert chooser.fontMetrics().horizontalAdvance(label) > chooser.width()  # longer than the field
    assert chooser.selectedText() == label  # typing replaces it
    assert chooser.cursorPosition() == 0  # the start in view, not "…(S-LONG)"
    qtbot.keyClicks(chooser, "Build")
    assert chooser.text() == "Build"
