"""Customers on the records page: created, edited and deleted by typing and clicking; refusals at
the field with nothing written; a stale edit; other PCs' changes; a customer's own sites."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from dispatch_console.services import customers, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.services.sites import SiteSpec
from dispatch_console.ui.records.page import RecordsPage
from tests.services.bundles import state
from tests.ui.board.driving import answer_dialog
from tests.ui.records.conftest import click, double_click, edit_editor, new_editor, save, type_into


def test_a_new_customer_is_typed_in_saved_and_selected(qtbot: QtBot, page: RecordsPage, company: ServiceContext) -> None:
    editor = new_editor(qtbot, page, page.customers)
    type_into(qtbot, editor.code_edit, "C-1001")  # type: ignore[attr-defined]
    type_into(qtbot, editor.name_edit, "Northgate Dental")  # type: ignore[attr-defined]
    type_into(qtbot, editor.phone_edit, "(214) 555-0188")  # type: ignore[attr-defined]
    type_into(qtbot, editor.email_edit, "office@northgate.example")  # type: ignore[attr-defined]
    type_into(qtbot, editor.tax_edit, "0")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    saved = customers.get_customer(company, "C-1001").spec
    assert (saved.name, saved.phone, saved.email, saved.tax_rate) == (
        "Northgate Dental", "(214) 555-0188", "office@northgate.example", "0")
    assert page.customers.current_key() == "C-1001"
    assert "C-1001" in page.customers.keys()


def test_a_missing_name_and_a_bad_email_are_refused_at_their_fields_and_nothing_is_written(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    before = state(company)
    editor = new_editor(qtbot, page, page.customers)
    type_into(qtbot, editor.code_edit, "C-1001")  # type: ignore[attr-defined]
    type_into(qtbot, editor.email_edit, "office at northgate")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert editor.isVisible()
    assert editor.form.problem("name").startswith("The customer name is")
    assert editor.form.problem("email") == "'office at northgate' is not an e-mail address; write it as name@example.com."
    assert editor.form.problem("code") == ""
    assert state(company) == before
    # Typing in the field clears its message; the other stays.
    type_into(qtbot, editor.name_edit, "Northgate Dental")  # type: ignore[attr-defined]
    assert editor.form.problem("name") == "" and editor.form.problem("email") != ""


def test_a_code_already_used_is_refused_naming_who_has_it(qtbot: QtBot, page: RecordsPage, company: ServiceContext) -> None:
    before = state(company)
    editor = new_editor(qtbot, page, page.customers)
    type_into(qtbot, editor.code_edit, "C2")  # type: ignore[attr-defined]
    type_into(qtbot, editor.name_edit, "Another bakery")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert editor.form.problem("code") == (
        "Customer code 'C2' is already used by customer Elm Street Bakery; choose another code.")
    assert state(company) == before


def test_a_customer_is_edited_from_the_list(qtbot: QtBot, page: RecordsPage, company: ServiceContext) -> None:
    editor = edit_editor(qtbot, page, page.customers, "C1")
    assert editor.name_edit.text() == "Lakeside Medical"  # type: ignore[attr-defined]
    type_into(qtbot, editor.phone_edit, "(214) 555-0101")  # type: ignore[attr-defined]
    type_into(qtbot, editor.billing_edit, "PO Box 12\nDallas TX")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    spec = customers.get_customer(company, "C1").spec
    assert (spec.phone, spec.billing_address) == ("(214) 555-0101", "PO Box 12\nDallas TX")
    row = next(r for r in page.customers.model.rows if r.code == "C1")
    assert row.phone == "(214) 555-0101"


def test_enter_and_a_double_click_open_the_customer(qtbot: QtBot, page: RecordsPage) -> None:
    from PySide6.QtCore import Qt

    assert page.customers.table.select_key("C2")
    page.customers.table.setFocus()
    qtbot.keyClick(page.customers.table, Qt.Key.Key_Return)
    assert page.editor is not None and page.editor.windowTitle() == "Customer C2"
    page.editor.close()
    table = page.customers.table
    index = table.currentIndex()
    rect = table.visualRect(table.model().index(index.row(), 1))
    double_click(qtbot, table.viewport(), rect.center())
    assert page.editor.windowTitle() == "Customer C2" and page.editor.isVisible()
    page.editor.close()


def test_delete_is_off_with_the_reason_while_anything_refers_to_the_customer(page: RecordsPage) -> None:
    assert page.customers.table.select_key("C1")
    assert not page.customers.delete_button.isEnabled()
    assert "Customer C1 has 1 site (S1)" in page.customers.delete_button.toolTip()


def test_a_customer_nothing_refers_to_is_deleted_after_asking(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext,
) -> None:
    customers.create_customer(company, CustomerSpec(code="C9", name="Short-lived"))
    qtbot.waitUntil(lambda: page.customers.table.select_key("C9"))  # the bus told the list
    assert page.customers.delete_button.isEnabled()
    answer_dialog("Cancel")
    click(qtbot, page.customers.delete_button)
    assert customers.list_customers(company, "C9")  # not deleted: the dispatcher said no
    answer_dialog("Delete customer C9")
    click(qtbot, page.customers.delete_button)
    assert not customers.list_customers(company, "Short-lived")
    assert "C9" not in page.customers.keys()


def test_a_delete_refused_because_another_pc_added_a_site_says_why(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext, other_pc: ServiceContext,
) -> None:
    customers.create_customer(company, CustomerSpec(code="C9", name="Short-lived"))
    qtbot.waitUntil(lambda: page.customers.table.select_key("C9"))
    assert page.customers.delete_button.isEnabled()
    sites.create_site(other_pc, SiteSpec(customer_code="C9", code="S9", name="Depot", address="9 Elm"))
    answer_dialog("Delete customer C9")
    click(qtbot, page.customers.delete_button)
    refusal = page.operations.last_refusal
    assert refusal is not None
    assert refusal.informativeText() == (
        "Cannot delete customer C9: customer C9 has 1 site (S9); a record is deleted only when "
        "nothing refers to it.")
    refusal.close()
    assert customers.get_customer(company, "C9").spec.name == "Short-lived"


def test_a_stale_edit_names_who_and_reload_keeps_what_was_typed(
    qtbot: QtBot, page: RecordsPage, company: ServiceContext, other_pc: ServiceContext, clock,  # type: ignore[no-untyped-def]
) -> None:
    editor = edit_editor(qtbot, page, page.customers, "C1")
    clock.advance(minutes=20)
    theirs = customers.get_customer(other_pc, "C1")
    customers.edit_customer(other_pc, "C1", replace(theirs.spec, phone="(214) 555-0199"), theirs.version)
    type_into(qtbot, editor.name_edit, "Lakeside Medical Center")  # type: ignore[attr-defined]
    save(qtbot, editor)
    banner = editor.form.banner
    assert editor.isVisible()
    assert "changed by Olga Office at 2026-11-26 09:20" in banner.text.text()
    assert customers.get_customer(company, "C1").spec.name == "Lakeside Medical"  # nothing of ours written
    click(qtbot, banner.reload_button)
    assert editor.phone_edit.text() == "(214) 555-0199"  # type: ignore[attr-defined]
    assert editor.name_edit.text() == "Lakeside Medical"  # type: ignore[attr-defined]
    assert "• Name: Lakeside Medical Center" in banner.text.text()
    # Typed again over their copy, it saves.
    type_into(qtbot, editor.name_edit, "Lakeside Medical Center")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    spec = customers.get_customer(company, "C1").spec
    assert (spec.name, spec.phone) == ("Lakeside Medical Center", "(214) 555-0199")


def test_the_list_shows_another_pcs_new_customer_when_the_bus_says_so(
    page: RecordsPage, other_pc: ServiceContext,
) -> None:
    customers.create_customer(other_pc, CustomerSpec(code="C7", name="Oak Cliff Dental"))
    assert "C7" not in page.customers.keys()
    page._bus.poll_other_pcs()
    assert "C7" in page.customers.keys()


def test_the_filter_is_applied_by_the_service(qtbot: QtBot, page: RecordsPage) -> None:
    assert page.customers.keys() == ["C2", "C1"]  # by name
    qtbot.keyClicks(page.customers.search_edit, "lake")
    assert page.customers.keys() == ["C1"]
    assert page.customers.count_label.text() == "1 customer found"


def test_a_customers_sites_are_set_up_from_the_customer(qtbot: QtBot, page: RecordsPage, company: ServiceContext) -> None:
    assert page.show_customer("C1")
    assert page.customer_sites.keys() == ["S1"]
    editor = new_editor(qtbot, page, page.customer_sites)
    assert editor.customer_combo.code() == "C1"  # type: ignore[attr-defined]
    type_into(qtbot, editor.code_edit, "S3")  # type: ignore[attr-defined]
    type_into(qtbot, editor.name_edit, "Building B")  # type: ignore[attr-defined]
    type_into(qtbot, editor.address_edit, "102 Main St")  # type: ignore[attr-defined]
    save(qtbot, editor)
    assert not editor.isVisible()
    assert sites.get_site(company, "S3").spec.customer_code == "C1"
    assert page.customer_sites.keys() == ["S1", "S3"]
    assert page.customer_details.tabText(0) == "Sites (2)"
