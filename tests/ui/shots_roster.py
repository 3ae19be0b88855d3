"""Screenshots of the roster page, the technician editor and the time-off calendar, with the demo company.

    SHOTS_ONLY=roster python -m tests.ui.shots /tmp/shots-roster demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from dispatch_console.services.context import ServiceContext
from dispatch_console.services.roster import technicians as roster
from dispatch_console.services.roster import time_off
from dispatch_console.ui.roster.page import RosterPage


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    page = RosterPage(ctx, window.bus, window.operations)
    page.setWindowTitle("Roster — Dispatch Console")
    page.resize(window.size())
    page.move(window.pos())
    page.show()
    rows = roster.technician_rows(ctx, roster.today(ctx))
    # The technician the office should look at first: marked certifications, then time off.
    now = ctx.now()
    with_time_off = [
        r for r in rows if time_off.time_off_of(ctx, r.code, now - timedelta(days=7), now + timedelta(days=60))
    ]
    chosen = next((r for r in rows if r.certification_warnings), with_time_off[0] if with_time_off else rows[0])
    page.show_technician(chosen.code)
    screen_shot("roster", page)

    shown = with_time_off[0] if with_time_off else chosen
    page.show_technician(shown.code)
    entries = time_off.time_off_of(ctx, shown.code, now - timedelta(days=7), now + timedelta(days=60))
    if entries:
        page.time_off.show_month(entries[0].start.astimezone(ctx.zone()).date())
    page.time_off_area.ensureWidgetVisible(page.time_off.calendar)
    screen_shot("roster-time-off", page)

    editor = page.edit_technician(chosen.code)
    screen_shot("roster-editor", page, editor)
    editor.name_edit.setText("")
    editor.rate_edit.setText("eighty")
    editor.save()
    screen_shot("roster-editor-refused", page, editor)
    editor.form.mark_clean()
    editor.close()

    new = page.new_technician()
    screen_shot("roster-editor-new", page, new)
    new.form.mark_clean()
    new.close()
    page.close()
