"""Sites, assets and parts on the records page: typed in, refused at the field (bad coordinates,
a warranty before installation, a price that is not one), edited, deleted, and refreshed when
another PC changes them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dispatch_console.services import assets, parts, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.parts import PartSpec
from dispatch_console.ui.records.page import RecordsPage
from tests.services.bundles import state
from tests.services.records import job
from tests.ui.board.driving import answer_dialog
from tests.ui.records.conftest import click, edit_editor, new_editor, save, type_into


def choose(qtbot: QtBot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a searchable choice as a user does, and close its suggestions."""
    type_into(qtbot, combo.lineEdit(), text)
    combo.close_list()


def test_a_site_is_created_for_a_customer_chosen_by_typing(qtbot: QtBot, page: RecordsPage, company: ServiceContext) -> None:
    page.tabs.setCurrentIndex(1)
    editor = new_editor(qtbot, page, page.sites)
    choose(qtbot, editor.customer_combo, "Elm Street Bakery (C2)")  # type: ignore[attr-defined]
    type_into(qtbot, editor.code_edit, "S3")  # type: ignore[attr-defined]
    type_into(qtbot, editor.name_edit, "Back kitchen")  # type: ignore[attr-defined]
    type_into(qtbot, editor.address_edit, "9 Elm St")  # type: ignore[attr-defined]
    type_into(qtbot, editor.lat_edit, "32.91")  # type: ignore[attr-defined]
    type_into(qtbot, editor.lon_edit, "-96.71")  # type: ignore[attr-defined]
    type_into(qtbot, editor.access_edit, "Gate code 4411")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    spec = sites.get_site(company, "S3").spec
    assert (spec.customer_code, spec.name, spec.lat, spec.lon, spec.access_notes) == (
        "C2", "Back kitchen", "32.91", "-96.71", "Gate code 4411")
    assert page.sites.current_key() == "S3"


def test_bad_coordinates_and_an_unknown_customer_are_refused_at_their_fields(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    before = state(company)
    page.tabs.setCurrentIndex(1)
    editor = new_editor(qtbot, page, page.sites)
    choose(qtbot, editor.customer_combo, "Nobody we know")  # type: ignore[attr-defined]
    type_into(qtbot, editor.code_edit, "S3")  # type: ignore[attr-defined]
    type_into(qtbot, editor.name_edit, "Back kitchen")  # type: ignore[attr-defined]
    type_into(qtbot, editor.address_edit, "9 Elm St")  # type: ignore[attr-defined]
    type_into(qtbot, editor.lat_edit, "95")  # type: ignore[attr-defined]
    type_into(qtbot, editor.lon_edit, "-96.71")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert editor.isVisible()
    assert editor.form.problem("customer_code") == (
        "There is no customer 'Nobody we know'; pick the customer from the list.")
    assert "latitude" in editor.form.problem("lat").lower()
    assert editor.form.problem("lon") == ""
    assert state(company) == before


def test_a_sites_assets_are_set_up_from_the_site_and_an_asset_is_edited(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    assert page.show_site("S1")
    assert page.site_assets.keys() == ["A1"]
    editor = new_editor(qtbot, page, page.site_assets)
    assert editor.site_combo.code() == "S1"  # type: ignore[attr-defined]
    type_into(qtbot, editor.code_edit, "A3")  # type: ignore[attr-defined]
    type_into(qtbot, editor.name_edit, "Boiler 1")  # type: ignore[attr-defined]
    type_into(qtbot, editor.installed_edit, "2024-03-01")  # type: ignore[attr-defined]
    type_into(qtbot, editor.warranty_edit, "2029-03-01")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    assert sorted(page.site_assets.keys()) == ["A1", "A3"]
    page.tabs.setCurrentIndex(2)
    editor = edit_editor(qtbot, page, page.assets, "A3")
    assert editor.installed_edit.text() == "2024-03-01"  # type: ignore[attr-defined]
    type_into(qtbot, editor.serial_edit, "SN-77")  # type: ignore[attr-defined]
    save(qtbot, editor)
    spec = assets.get_asset(company, "A3").spec
    assert (spec.site_code, spec.serial, str(spec.warranty_until)) == ("S1", "SN-77", "2029-03-01")


def test_a_warranty_before_installation_and_a_date_that_is_not_one_are_refused(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    before = state(company)
    page.tabs.setCurrentIndex(2)
    editor = edit_editor(qtbot, page, page.assets, "A1")
    type_into(qtbot, editor.installed_edit, "first of May")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert editor.form.problem("installed_on") == "'first of May' is not a date; write YYYY-MM-DD."
    type_into(qtbot, editor.installed_edit, "2027-06-01")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert editor.form.problem("warranty_until") == (
        "The warranty ends 2027-05-01, before the asset was installed (2027-06-01); correct one of the two dates.")
    assert editor.isVisible() and state(company) == before


def test_an_asset_with_work_cannot_be_deleted_and_a_free_one_is(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    job(company, "S1", "A1")
    page.tabs.setCurrentIndex(2)
    assert page.assets.table.select_key("A1")
    assert not page.assets.delete_button.isEnabled()
    assert "Asset A1 has 1 work order (WO-1001)" in page.assets.delete_button.toolTip()
    assert page.assets.table.select_key("A2") and page.assets.delete_button.isEnabled()
    answer_dialog("Delete asset A2")
    click(qtbot, page.assets.delete_button)
    assert [a.code for a in assets.list_assets(company)] == ["A1"]
    assert page.assets.keys() == ["A1"]


def test_a_part_is_created_refused_at_its_price_edited_and_deleted(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    page.tabs.setCurrentIndex(3)
    before = state(company)
    editor = new_editor(qtbot, page, page.parts)
    type_into(qtbot, editor.sku_edit, "BELT-A38")  # type: ignore[attr-defined]
    type_into(qtbot, editor.description_edit, "V-belt A38")  # type: ignore[attr-defined]
    type_into(qtbot, editor.price_edit, "twelve")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert editor.form.problem("unit_price") != "" and state(company) == before
    type_into(qtbot, editor.price_edit, "14.20")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    assert parts.get_part(company, "BELT-A38").spec.unit_price == "14.20"
    editor = edit_editor(qtbot, page, page.parts, "BELT-A38")
    type_into(qtbot, editor.price_edit, "15")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert parts.get_part(company, "BELT-A38").spec.unit_price == "15.00"
    assert page.parts.table.select_key("BELT-A38")
    answer_dialog("Delete part BELT-A38")
    click(qtbot, page.parts.delete_button)
    assert "BELT-A38" not in page.parts.keys()
    assert [p.sku for p in parts.list_parts(company)] == ["F-2020", "R410A"]


def test_parts_and_sites_changed_on_another_pc_show_when_the_bus_says_so(
    qtbot: QtBot, page: RecordsPage, other_pc: ServiceContext,
) -> None:
    page.tabs.setCurrentIndex(3)
    parts.create_part(other_pc, PartSpec(sku="CAP-4505", description="Run capacitor", unit_price="32.50"))
    site = sites.get_site(other_pc, "S2")
    from dataclasses import replace

    sites.edit_site(other_pc, "S2", replace(site.spec, name="Front shop"), site.version)
    page._bus.poll_other_pcs()
    assert "CAP-4505" in page.parts.keys()
    page.tabs.setCurrentIndex(1)  # the hidden tab was marked out of date, and reloads when shown
    row = next(r for r in page.sites.model.rows if r.code == "S2")
    assert row.name == "Front shop"


def test_show_selects_the_tab_and_the_row_even_when_the_filter_hides_it(qtbot: QtBot, page: RecordsPage) -> None:
    qtbot.keyClicks(page.customers.search_edit, "bakery")
    assert page.show_customer("C1")
    assert page.tabs.currentIndex() == 0 and page.customers.current_key() == "C1"
    assert page.show_part("R410A") and page.tabs.currentIndex() == 3
    assert page.show_asset("A2") and page.assets.current_key() == "A2"
    assert page.show_site("S2") and page.sites.current_key() == "S2"
    assert not page.show_site("NOPE")
    assert page.editor is None  # nothing opened
