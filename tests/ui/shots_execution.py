"""Screenshots of the execution panes of the work order editor (labor, parts used, notes, photos,
signature, scope changes), each in a dialog over the main window, with the demo company.

    SHOTS_ONLY=execution python -m tests.ui.shots /tmp/shots-execution demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dispatch_console.domain.enums import Status
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import keep_on_screen
from dispatch_console.ui.work_orders.details_dialog import PREFERRED_SIZE
from dispatch_console.ui.work_orders.execution import (
    LaborPane,
    NotesPane,
    PartsUsedPane,
    PhotosPane,
    ScopeChangesPane,
    SignaturePane,
)

#: What each pane shows, to pick the job under way that has the most of it.
SHOWS: dict[str, Callable[[Any], int]] = {
    "labor": lambda wo: len(wo.labor), "parts-used": lambda wo: len(wo.parts_used),
    "notes": lambda wo: len(wo.notes), "photos": lambda wo: len(wo.attachments),
    "signature": lambda wo: int(wo.signature is not None),
    "scope-changes": lambda wo: len(wo.scope_changes),
}


def _richest_jobs(ctx: ServiceContext) -> dict[str, Any]:
    """For each pane, the job under way (in progress or on hold) with the most to show in it."""
    under_way = [work_orders.details(ctx, r.number) for r in work_orders.list_rows(ctx)
                 if r.status in (Status.IN_PROGRESS, Status.ON_HOLD)]
    return {name: max(under_way, key=lambda wo, count=count: (count(wo), len(wo.labor) + len(wo.notes)))
            for name, count in SHOWS.items()}


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    jobs = _richest_jobs(ctx)
    panes: list[tuple[str, type[Any]]] = [
        ("labor", LaborPane), ("parts-used", PartsUsedPane), ("notes", NotesPane),
        ("photos", PhotosPane), ("signature", SignaturePane), ("scope-changes", ScopeChangesPane),
    ]
    for name, kind in panes:
        wo = jobs[name]
        number = wo.number
        dialog = QDialog(window)
        dialog.setWindowTitle(f"{number} — {name.replace('-', ' ')}")
        layout = QVBoxLayout(dialog)
        pane: Any = kind(ctx, window.operations, number, dialog)
        layout.addWidget(pane)
        pane.show_work_order(wo)
        keep_on_screen(dialog, PREFERRED_SIZE)
        dialog.show()
        if isinstance(pane, LaborPane):
            code = next(iter(pane.timer_buttons), None)
            if code is not None and pane.timer_buttons[code].isEnabled():
                pane.toggle_timer(code)  # one timer running, as it looks during the job
        if isinstance(pane, SignaturePane):
            _sign(pane)
        screen_shot(f"execution-{name}", window, dialog)
        extra = _dialog_of(pane)
        if extra is not None:
            screen_shot(f"execution-{name}-dialog", window, dialog, extra)
            if hasattr(extra, "form"):
                extra.form.mark_clean()
            extra.close()
        if isinstance(pane, LaborPane):
            for code in list(pane.timer_buttons):
                pane.timers.stop(number, code)
        dialog.close()
        dialog.deleteLater()


def _sign(pane: Any) -> None:
    pad = pane.pad
    w, h = pad.width(), pad.height()
    points = [(0.08, 0.7), (0.15, 0.3), (0.22, 0.72), (0.3, 0.35), (0.38, 0.65), (0.5, 0.45), (0.62, 0.6)]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(int(w * 0.08), int(h * 0.7)))
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(int(w * x), int(h * y)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(int(w * 0.62), int(h * 0.6)))
    pane.signer.setText("Pat Facilities")


def _dialog_of(pane: Any) -> QWidget | None:
    """The pane's own dialog (manual labor, a part, a scope change), opened for its picture."""
    if isinstance(pane, LaborPane) and pane.add_button.isEnabled():
        return pane.open_entry_dialog()
    if isinstance(pane, PartsUsedPane) and pane.add_button.isEnabled():
        dialog = pane.open_add_dialog()
        dialog.search.setText("filter")
        dialog._find("filter")
        return dialog
    if isinstance(pane, ScopeChangesPane) and pane.request_button.isEnabled():
        dialog = pane.open_request_dialog()
        dialog.description.setPlainText("Replace the corroded condensate pan as well")
        dialog.hours.setText("1.5")
        dialog.cost.setText("240.00")
        return dialog
    if isinstance(pane, PhotosPane) and pane.model.rowCount():
        return pane.open_photo(0)
    return None
