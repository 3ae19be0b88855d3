"""The queue stays in urgency order after every change, and the keyboard gets in and out of it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import Priority
from dispatch_console.domain.queue_order import queue_key
from dispatch_console.ui.board.queue import ITEM_ROLE, QueueFilter, QueueModel, QueueView
from tests.ui.board.test_queue_model import NOW, item


def numbers(model: QueueModel) -> list[str]:
    return [i.number for i in model.items()]


def test_an_emergency_coming_back_goes_to_the_top_not_below_low_priority() -> None:
    model = QueueModel(lambda: NOW)
    model.set_items([item(1, Priority.HIGH), item(2, Priority.NORMAL), item(3, Priority.LOW)])
    model.add(item(4, Priority.EMERGENCY, due_hours=100))
    assert numbers(model) == ["WO-1004", "WO-1001", "WO-1002", "WO-1003"]


def test_every_change_keeps_priority_then_due_by_order() -> None:
    model = QueueModel(lambda: NOW)
    # Given in no order at all.
    model.set_items([item(1, Priority.LOW, 1), item(2, Priority.HIGH, 50), item(3, Priority.HIGH, 5), item(4)])
    assert numbers(model) == ["WO-1003", "WO-1002", "WO-1004", "WO-1001"]
    model.add(item(5, Priority.NORMAL, None))  # no due-by: last of the normals
    model.add(item(6, Priority.NORMAL, 2))  # due sooner than WO-1004
    assert numbers(model) == ["WO-1003", "WO-1002", "WO-1006", "WO-1004", "WO-1005", "WO-1001"]
    model.remove_number("WO-1002")
    model.add(item(1, Priority.EMERGENCY, 1))  # WO-1001 raised to emergency: moves, not duplicated
    assert numbers(model) == ["WO-1001", "WO-1003", "WO-1006", "WO-1004", "WO-1005"]
    assert model.items() == sorted(model.items(), key=queue_key)


def test_the_unsorted_view_shows_the_models_order_and_sorting_by_a_column_ties_by_urgency() -> None:
    model = QueueModel(lambda: NOW)
    model.set_items([item(1, Priority.LOW, 5), item(2, Priority.EMERGENCY, 5), item(3, Priority.HIGH, 5)])
    proxy = QueueFilter()
    proxy.setSourceModel(model)
    proxy.sort(4)  # estimated hours: all equal, so urgency decides
    shown = [proxy.data(proxy.index(r, 0), ITEM_ROLE).number for r in range(proxy.rowCount())]
    assert shown == ["WO-1002", "WO-1003", "WO-1001"]


def queue_between_two_fields(qtbot: QtBot) -> tuple[QWidget, QLineEdit, QueueView, QLineEdit]:
    host = QWidget()
    before, after = QLineEdit(), QLineEdit()
    model = QueueModel(lambda: NOW, host)
    model.set_items([item(1), item(2), item(3)])
    view = QueueView()
    view.setModel(model)
    layout = QVBoxLayout(host)
    for w in (before, view, after):
        layout.addWidget(w)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)  # waitActive returns at once offscreen
    return host, before, view, after


def test_tab_moves_on_from_the_queue_instead_of_between_its_cells(qtbot: QtBot) -> None:
    host, before, view, after = queue_between_two_fields(qtbot)
    before.setFocus()
    QTest.keyClick(before, Qt.Key.Key_Tab)
    assert view.hasFocus()
    QTest.keyClick(view, Qt.Key.Key_Down)  # the arrows choose a work order
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert after.hasFocus()
    QTest.keyClick(after, Qt.Key.Key_Backtab)
    assert view.hasFocus()


def test_enter_on_a_queued_work_order_opens_it(qtbot: QtBot) -> None:
    host, before, view, after = queue_between_two_fields(qtbot)
    view.setFocus()
    view.selectRow(1)
    with qtbot.waitSignal(view.open_requested, timeout=1000) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == ["WO-1002"]
    with qtbot.waitSignal(view.open_requested, timeout=1000) as opened:
        QTest.keyClick(view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert opened.args == ["WO-1002"]


def test_the_database_query_and_the_queue_key_agree(company) -> None:  # type: ignore[no-untyped-def]

    from dispatch_console.services import board as board_service
    from tests.ui.board.driving import at, new_order

    for i, (priority, due) in enumerate([(Priority.LOW, 1), (Priority.EMERGENCY, 50), (Priority.NORMAL, None),
                                         (Priority.HIGH, 5), (Priority.NORMAL, 2), (Priority.EMERGENCY, 3)]):
        new_order(company, f"Job {i}", priority=priority, due_by=at(due) if due is not None else None)
    queue = board_service.load_queue(company)
    assert queue == sorted(queue, key=queue_key)
    with company.read() as uow:
        rows = uow.queue_rows()
    assert [r.number for r in rows] == [i.number for i in queue]  # the ORDER BY says the same
    assert [i.priority for i in queue][:2] == [Priority.EMERGENCY, Priority.EMERGENCY]
