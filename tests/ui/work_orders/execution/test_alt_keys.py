"""Every button of the work order window has its own Alt key among what the window shows at the
time: the header, the lifecycle steps, printing and Close under every tab, and that tab's buttons
and labels (the plan's included). An Alt key two shown buttons share presses neither of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.details_dialog import WorkOrderDetailsDialog
from tests.ui.work_orders.execution.test_keyboard import ALT, open_window, press

TABS = ["Plan", "Bookings", "Labor", "Parts used", "Notes", "Photos", "Scope changes", "Signature",
        "Closeout", "History"]


def alt_key(text: str) -> str | None:
    """The letter after a single ``&`` (None: no Alt key)."""
    plain = text.replace("&&", "")
    return plain[plain.index("&") + 1].lower() if "&" in plain else None


def shown_keys(dialog: WorkOrderDetailsDialog) -> dict[str, list[str]]:
    """Each Alt key the window answers now, with the texts it belongs to; a button without one
    is listed under "". A standard dialog button (Close) counts with the key some desktops give
    it, its first letter, whatever this platform's text."""
    keys: dict[str, list[str]] = {}
    widgets: list[QWidget] = [*dialog.findChildren(QAbstractButton), *dialog.findChildren(QLabel)]
    for widget in widgets:
        text = widget.text()
        if not widget.isVisible() or (isinstance(widget, QLabel) and widget.buddy() is None):
            continue  # a label's & is an Alt key only with a buddy
        if isinstance(widget, QAbstractButton) and not text:
            continue  # the tab bar's scroll arrows
        key = alt_key(text)
        if key is None and isinstance(widget.parentWidget(), QDialogButtonBox):
            key = text[:1].lower()
        if key is not None or isinstance(widget, QAbstractButton):
            keys.setdefault(key or "", []).append(text)
    return keys


@pytest.mark.parametrize("tab", TABS)
def test_under_every_tab_each_shown_button_has_its_own_alt_key(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, settings: QSettings, tab: str,
) -> None:
    dialog = open_window(qtbot, company, ops, job, settings)
    assert dialog.tabs is not None
    tabs = dialog.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert [t for t in titles if not any(t.startswith(name) for name in TABS)] == []  # none left out
    tabs.setCurrentIndex(next(i for i, title in enumerate(titles) if title.startswith(tab)))
    keys = shown_keys(dialog)
    assert "" not in keys, f"no Alt key on {keys.get('')}"
    assert {key: owners for key, owners in keys.items() if len(owners) > 1} == {}
    for step in dialog.step_buttons.values():  # the steps are there under every tab
        assert step.isVisible() and alt_key(step.text()) in keys


def test_the_plans_two_removes_and_a_step_answer_their_own_keys(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str, settings: QSettings,
) -> None:
    dialog = open_window(qtbot, company, ops, scheduled_job, settings)
    plan = dialog.plan_pane
    assert plan is not None and dialog.tabs is not None
    tabs = dialog.tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(plan)))
    pressed: list[str] = []
    plan.checklist.remove_button.clicked.connect(lambda: pressed.append("line"))
    plan.planned.remove_button.clicked.connect(lambda: pressed.append("part"))
    press(Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: pressed == ["line"], timeout=3000)  # a button pressed by its key clicks a moment later
    press(Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: pressed == ["line", "part"], timeout=3000)  # a shared key would press neither
    press(Qt.Key.Key_T, ALT)  # Dispa&tch
    qtbot.waitUntil(lambda: work_orders.details(company, scheduled_job).status == "dispatched", timeout=3000)
