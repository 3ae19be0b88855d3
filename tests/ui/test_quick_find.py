"""Quick find (Ctrl+K), typed as a dispatcher does: the right hit first, Enter opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.ui.quick_find import EMPTY_HINT, QuickFindDialog
from tests.services.records import job


def open_find(qtbot: QtBot, ctx: ServiceContext) -> tuple[QuickFindDialog, list[tuple[str, str]]]:
    dialog = QuickFindDialog(ctx)
    qtbot.addWidget(dialog)
    opened: list[tuple[str, str]] = []
    dialog.open_hit.connect(lambda kind, key: opened.append((kind, key)))
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, opened


def test_a_work_order_number_then_enter_opens_it(qtbot: QtBot, company: ServiceContext) -> None:
    number = job(company, "S1", "A1", summary="Rooftop unit tripping")
    dialog, opened = open_find(qtbot, company)
    assert dialog.status.text() == EMPTY_HINT
    qtbot.keyClicks(dialog.search, number.lower())
    hit = dialog.current_hit()
    assert hit is not None and (hit.kind, hit.key) == ("work_order", number)
    assert dialog.model.data(dialog.model.index(0)) == (
        f"Work order: {number} Rooftop unit tripping\nOpen · Lakeside Medical · Building A"
    )
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert opened == [("work_order", number)] and not dialog.isVisible()


def test_a_customer_name_a_phone_fragment_and_a_technician(qtbot: QtBot, company: ServiceContext) -> None:
    with company.write("test setup") as uow:
        uow.require(m.Customer, "C2").phone = "(972) 555-0123"
    dialog, opened = open_find(qtbot, company)
    qtbot.keyClicks(dialog.search, "elm street")
    assert [(h.kind, h.key) for h in dialog.model.hits] == [("customer", "C2")]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "555-01")
    assert (dialog.current_hit().kind, dialog.current_hit().key) == ("customer", "C2")  # type: ignore[union-attr]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "okafor")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert opened == [("technician", "T2")]


def test_down_walks_the_hits_and_enter_opens_the_chosen_one(qtbot: QtBot, company: ServiceContext) -> None:
    dialog, opened = open_find(qtbot, company)
    qtbot.keyClicks(dialog.search, "a")
    assert len(dialog.model.hits) > 2
    second = dialog.model.hits[1]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Enter)
    assert opened == [(str(second.kind), second.key)]


def test_nothing_found_says_so_and_enter_opens_nothing(qtbot: QtBot, company: ServiceContext) -> None:
    dialog, opened = open_find(qtbot, company)
    qtbot.keyClicks(dialog.search, "zzz nothing")
    assert dialog.model.hits == [] and dialog.status.text() == "Nothing matches “zzz nothing”."
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert opened == [] and dialog.isVisible()
    dialog.close()
