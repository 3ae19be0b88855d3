"""New request, driven as a dispatcher on the phone: keyboard first, refusals at the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority, RequestSource
from dispatch_console.services import review_queue
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.ui.intake import IntakeDialog
from dispatch_console.ui.operations import Operations
from tests.services.records import job
from tests.ui.board.driving import when_modal


def open_intake(qtbot: QtBot, company: ServiceContext, ops: Operations) -> IntakeDialog:
    dialog = IntakeDialog(company, ops)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.form.mark_clean())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.finder.search.setFocus()
    return dialog


def requests(ctx: ServiceContext) -> list[m.WorkRequest]:
    with ctx.read() as uow:
        return list(uow.all(m.WorkRequest, order_by=m.WorkRequest.id))



def test_keyboard_only_from_the_first_key_to_a_saved_request(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    search = dialog.finder.search
    qtbot.keyClicks(search, "lakes")
    assert dialog.finder.results.isVisible()
    assert dialog.finder.results_model.stringList()[0].startswith("Lakeside Medical (C1)")
    qtbot.keyClick(search, Qt.Key.Key_Down)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert dialog.finder.chosen is not None and dialog.finder.chosen.code == "C1"
    assert dialog.focusWidget() is dialog.site  # picked: on to the site
    assert dialog.current_site() is not None and dialog.current_site().code == "S1"  # type: ignore[union-attr]
    qtbot.keyClick(dialog.site, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.asset
    qtbot.keyClick(dialog.asset, Qt.Key.Key_Down)  # RTU 1
    assert dialog.current_asset() is not None and dialog.current_asset().code == "A1"  # type: ignore[union-attr]
    for _ in range(3):  # contact name, contact phone, problem
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.problem
    qtbot.keyClicks(dialog.problem, "RTU blowing warm air")
    qtbot.keyClick(dialog.problem, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.source, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.priority
    qtbot.keyClick(dialog.priority, Qt.Key.Key_Up)  # normal -> high
    qtbot.keyClick(dialog.priority, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    saved = requests(company)
    assert len(saved) == 1 and saved[0].number == dialog.saved
    assert (saved[0].site.code, saved[0].asset.code if saved[0].asset else None) == ("S1", "A1")
    assert saved[0].problem == "RTU blowing warm air" and saved[0].priority == Priority.HIGH
    assert saved[0].source == RequestSource.PHONE and saved[0].requested_type is None
    assert [r.number for r in review_queue.waiting_requests(company)] == [dialog.saved]


def test_enter_on_save_saves(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "elm")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.problem, "Oven breaker trips")
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    assert [r.problem for r in requests(company)] == ["Oven breaker trips"]
    assert requests(company)[0].site.code == "S2"


def test_no_customer_chosen_is_refused_at_the_field(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "lakes")  # typed, never picked
    qtbot.keyClicks(dialog.problem, "Noisy fan")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.problem("customer").startswith("Choose the caller's customer")
    assert dialog.form.problem("problem") == ""
    assert requests(company) == []


def test_an_empty_problem_is_refused_at_the_field(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "lakes")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.problem, "   ")
    qtbot.keyClick(dialog.problem, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.form.problem("problem") == "The problem statement is empty; write the problem statement."
    assert dialog.focusWidget() is dialog.problem
    assert requests(company) == []


def test_a_bad_contact_phone_is_refused_at_the_field(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "lakes")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.contact_phone, "call me")
    qtbot.keyClicks(dialog.problem, "Noisy fan")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("contact_phone") != ""
    assert requests(company) == []


def test_open_work_and_warranty_are_said_for_the_site_and_asset(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    open_job = job(company, "S1", "A1", summary="Filter change")
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "lakes")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    assert not dialog.warranty.isVisibleTo(dialog)  # no asset chosen yet
    assert dialog.warning.isVisibleTo(dialog) and open_job in dialog.warning.text()
    dialog.asset.setCurrentIndex(dialog.asset.findData("A1"))
    assert dialog.warranty.text() == "Under warranty until 01 May 2027: the maker may pay."
    assert f"{open_job} Filter change (Open)" in dialog.warning.text()


def test_no_warning_where_there_is_no_open_work(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "elm")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    dialog.asset.setCurrentIndex(dialog.asset.findData("A2"))
    assert not dialog.warning.isVisibleTo(dialog)
    assert dialog.warranty.text() == "No warranty on record for this asset."


def type_into(dialog: QDialog, name: str, text: str) -> None:
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.setFocus()
    QtBot.keyClicks(edit, text)


def test_new_customer_and_site_without_leaving_the_form(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "Harbor Clinic")
    assert not dialog.finder.results.isVisible()  # nobody by that name yet
    assert not dialog.new_site_button.isEnabled()

    def fill_customer(box: QDialog) -> None:
        assert box.findChild(QLineEdit, "customer_name").text() == "Harbor Clinic"  # type: ignore[union-attr]
        type_into(box, "customer_code", "C9")
        type_into(box, "customer_phone", "555-0199")
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_modal(fill_customer)
    qtbot.mouseClick(dialog.new_customer_button, Qt.MouseButton.LeftButton)
    assert dialog.finder.chosen is not None and dialog.finder.chosen.code == "C9"
    assert dialog.current_site() is None and dialog.new_site_button.isEnabled()

    def fill_site(box: QDialog) -> None:
        type_into(box, "site_code", "S9")
        type_into(box, "site_name", "Main clinic")
        type_into(box, "site_address", "12 Harbor Rd")
        type_into(box, "site_contact_name", "Rosa")
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_modal(fill_site)
    qtbot.mouseClick(dialog.new_site_button, Qt.MouseButton.LeftButton)
    assert dialog.current_site() is not None and dialog.current_site().code == "S9"  # type: ignore[union-attr]
    assert dialog.contact_name.text() == "Rosa"
    qtbot.keyClicks(dialog.problem, "Water heater leaking")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = requests(company)
    assert [(r.customer.code, r.site.code, r.contact_name) for r in saved] == [("C9", "S9", "Rosa")]


def test_a_refused_new_customer_shows_why_and_creates_nothing(qtbot: QtBot, company: ServiceContext, ops: Operations) -> None:
    dialog = open_intake(qtbot, company, ops)
    seen: dict[str, str] = {}

    def fill_customer(box: QDialog) -> None:
        type_into(box, "customer_code", "C1")  # taken by Lakeside Medical
        type_into(box, "customer_name", "Harbor Clinic")
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        seen["code"] = box.form.problem("code")  # type: ignore[attr-defined]
        box.form.mark_clean()  # type: ignore[attr-defined]
        box.reject()

    when_modal(fill_customer)
    qtbot.mouseClick(dialog.new_customer_button, Qt.MouseButton.LeftButton)
    assert "already used" in seen["code"]
    assert dialog.finder.chosen is None
    with company.read() as uow:
        assert uow.find(m.Customer, "C1").name == "Lakeside Medical"  # type: ignore[union-attr]


def test_the_channel_and_the_kind_of_work_asked_for_are_recorded(
    qtbot: QtBot, company: ServiceContext, ops: Operations
) -> None:
    dialog = open_intake(qtbot, company, ops)
    qtbot.keyClicks(dialog.finder.search, "elm")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.problem, "Wants a quote for a second oven circuit")
    dialog.source.setCurrentIndex(dialog.source.findText("E-mail"))
    dialog.requested_type.setCurrentIndex(dialog.requested_type.findText("Installation"))
    qtbot.keyClick(dialog.problem, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [saved] = requests(company)
    assert (saved.source, saved.requested_type) == (RequestSource.EMAIL, "installation")
    [waiting] = review_queue.waiting_requests(company)
    assert waiting.requested_type == "installation"
