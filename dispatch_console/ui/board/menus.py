"""The board's context menus: they offer what the lifecycle allows and say why the rest is not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QMenu, QWidget

from dispatch_console.domain import lifecycle
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.domain.workdays import weekday_name
from dispatch_console.services.board import BookingBlock, TechRow
from dispatch_console.ui.board.actions import BoardActions
from dispatch_console.ui.formatting import MONTHS
from dispatch_console.ui.plain_text import menu_text


def _offer(menu: QMenu, text: str, reason: str | None, slot: Callable[[], object]) -> None:
    """An entry that is enabled when allowed, and otherwise says why not."""
    if reason is None:
        menu.addAction(text, slot)
    else:
        action = menu.addAction(f"{text} — {reason}")
        action.setEnabled(False)


def booking_menu(
    parent: QWidget,
    block: BookingBlock,
    selected_ids: list[int],
    actions: BoardActions,
    others: list[TechRow],
    open_work_order: Callable[[str], None],
) -> QMenu:
    """Open, dispatch, add a visit or a technician, unbook: for the booking under the mouse."""
    state = actions.state
    count = sum(1 for b in state.bookings.values() if b.number == block.number)
    facts = WorkOrderFacts(block.number, block.type, block.status, booking_count=count)
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    menu.addAction(f"Open {block.number}", lambda: open_work_order(block.number))
    _offer(menu, "Dispatch", lifecycle.why_not(lifecycle.check_dispatch, facts), lambda: actions.dispatch(block.number))
    menu.addSeparator()
    replan = lifecycle.why_not_reschedule(block.status)
    _offer(menu, "Add a visit the next workday", replan, lambda: actions.add_next_visit(block.id))
    if replan is None:
        second = menu.addMenu("Add a technician at the same time")
        for tech in others:
            second.addAction(menu_text(tech.name), lambda code=tech.code: actions.add_technician(block.id, code))
    else:
        _offer(menu, "Add a technician at the same time", replan, lambda: None)
    menu.addSeparator()
    ids = selected_ids if block.id in selected_ids else [block.id]
    blocks = [state.bookings[i] for i in ids if i in state.bookings]
    counts = {b.number: sum(1 for o in state.bookings.values() if o.number == b.number) for b in blocks}
    reasons = [
        f"{b.number}: {r}" if len(blocks) > 1 else r
        for b in blocks
        if (r := lifecycle.why_not_unbook(b.status, counts[b.number])) is not None
    ]
    _offer(
        menu,
        "Unbook" if len(blocks) == 1 else f"Unbook {len(blocks)} bookings",
        "; ".join(reasons) if reasons else None,
        lambda: actions.unbook(ids),
    )
    return menu


def row_menu(
    parent: QWidget, tech: TechRow, day: date, ask_shift: Callable[[str, date], None]
) -> QMenu:
    menu = QMenu(parent)
    when = f"{weekday_name(day)} {day.day:02d} {MONTHS[day.month - 1]}"
    menu.addAction(menu_text(f"Shift {tech.name}'s {when} by…"), lambda: ask_shift(tech.code, day))
    return menu


def technicians_for(block: BookingBlock, rows: list[TechRow]) -> list[TechRow]:
    """Other technicians, those with the required skills first."""
    others = [t for t in rows if t.id != block.technician_id]
    return sorted(others, key=lambda t: (not set(block.required_skills) <= set(t.skills), t.name))
