"""The whole record of one work order, read-only: header plus a tab per part of the record."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, Slot
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.enums import Priority, Status, WorkOrderType
from dispatch_console.domain.errors import NotFound
from dispatch_console.domain.lifecycle import WorkOrderFacts
from dispatch_console.domain.money import hours_between, parts_amount
from dispatch_console.services import closeout, company, record_history, work_orders
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.fitting import (
    ElidedLabel,
    FlowLayout,
    available_geometry,
    keep_on_screen,
    scrolling,
)
from dispatch_console.ui.formatting import (
    format_decimal,
    format_hours,
    format_hours_between,
    format_moment,
    format_money,
    label,
    sentence,
)
from dispatch_console.ui.forms import ask_discard, ask_unsaved
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import escape, plain_label, rich, set_plain, tooltip
from dispatch_console.ui.printing.actions import work_order_buttons
from dispatch_console.ui.widgets import (
    PRIORITY_CHIP,
    STATUS_CHIP,
    chip,
    heading,
    placeholder,
    read_only_table,
)
from dispatch_console.ui.work_orders.execution import (
    BookingsPane,
    LaborPane,
    NotesPane,
    PartsUsedPane,
    PhotosPane,
    ScopeChangesPane,
    SignaturePane,
)
from dispatch_console.ui.work_orders.plan_pane import PlanPane
from dispatch_console.ui.work_orders.rows import WORK_TO_DO
from dispatch_console.ui.work_orders.steps import WorkOrderSteps

THUMBNAIL = QSize(160, 120)
#: The size the window opens at when the screen has room for it.
PREFERRED_SIZE = QSize(960, 720)
#: The tabs keep at least this many lines of height; a taller page scrolls within its tab.
TAB_MIN_LINES = 12
#: On a screen shorter than this (logical pixels: a laptop at 200 % has 384) the header shows
#: one line of who and where, its details folded, so the tabs get the room.
COMPACT_BELOW_HEIGHT = 600
#: The tabs' least height on such a screen, in lines.
COMPACT_TAB_MIN_LINES = 7


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class WorkOrderDetailsDialog(QDialog):
    """Shows one work order as ``work_orders.details`` returns it; never changes it.

    The record is loaded once; when a change notification names this work order, it is
    loaded again, keeping the tab the user is on.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        number: str,
        *,
        bus: ChangeBus | None = None,
        operations: Operations | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.number = number
        self._ctx = ctx
        self.operations = operations
        self.setWindowTitle(f"Work order {number}")
        self.setSizeGripEnabled(True)
        self._layout = QVBoxLayout(self)
        # The header scrolls on its own above the tabs (never taller than a third of the
        # window); the tabs take the rest of the height, and each tab scrolls when it must.
        self._scroll = scrolling(QWidget())
        self._scroll.setObjectName("headerArea")
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read, not typed in: Tab passes it
        self._layout.addWidget(self._scroll)
        self.tabs: QTabWidget | None = None
        self.step_buttons: dict[str, QPushButton] = {}
        #: Whether the header shows every detail (customer, site, asset, dates) or one line;
        #: decided by the screen's height when the window opens, then by the dispatcher.
        self.compact = available_geometry(self).height() < COMPACT_BELOW_HEIGHT
        self.details_shown = not self.compact
        self.details_toggle: QToolButton | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if operations is not None:
            # Close shares the steps' row (wrapping with them), so a short screen keeps room
            # for the record itself.
            self._layout.addWidget(self._build_action_bar(operations, buttons))
        else:
            self._layout.addWidget(buttons)
        self.work_order: Any = None
        self.plan_pane: PlanPane | None = (
            PlanPane(ctx, operations, number) if operations is not None else None
        )
        #: The crew's panes, kept (with what is typed or drawn in them) across reloads.
        self.panes: dict[str, Any] = {}
        if operations is not None:
            self.panes = {
                "bookings": BookingsPane(ctx, operations, number),
                "labor": LaborPane(ctx, operations, number, settings=settings),
                "parts": PartsUsedPane(ctx, operations, number),
                "notes": NotesPane(ctx, operations, number),
                "photos": PhotosPane(ctx, operations, number),
                "scope": ScopeChangesPane(ctx, operations, number),
                "signature": SignaturePane(ctx, operations, number),
            }
        self.reload()
        # Ctrl+Tab and Ctrl+Shift+Tab come with the tabs; Ctrl+PgDown and Ctrl+PgUp, as in a
        # browser, are added (Qt's tab widget does not have them).
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self._next_tab(step))
        keep_on_screen(self, self._preferred_size())
        if bus is not None:
            bus.changed.connect(self._on_bus_changed)

    def reload(self) -> None:
        """Read the record again and rebuild the form (raises NotFound if it is gone)."""
        self.work_order = work_orders.details(self._ctx, self.number)
        self._tz = self._ctx.zone()
        self._now = self._ctx.now()
        self._currency = company.get_settings(self._ctx).currency
        current = self.tabs.currentIndex() if self.tabs is not None else 0
        focused = self.focusWidget()  # the keyboard's place, kept across the rebuild
        on_tab_bar = self.tabs is not None and focused is self.tabs.tabBar()
        on_toggle = focused is not None and focused is self.details_toggle
        for kept in [self.plan_pane, *self.panes.values()]:
            if kept is not None:
                kept.setParent(None)  # kept, with what is typed in it, across rebuilds
        for pane in self.panes.values():
            pane.show_work_order(self.work_order)
        old_tabs = self.tabs
        header, tabs = self._build(self.work_order)
        scrolled = self._scroll.verticalScrollBar().value()
        self._scroll.setWidget(header)  # deletes the previous one
        self._scroll.verticalScrollBar().setValue(scrolled)
        if old_tabs is not None:
            self._layout.replaceWidget(old_tabs, tabs)
            old_tabs.hide()
            old_tabs.deleteLater()
        else:
            self._layout.insertWidget(1, tabs, 1)
        self._fit_header()
        assert self.tabs is not None
        self.tabs.setCurrentIndex(current)
        self.setWindowTitle(f"{self.number} — {self.work_order.summary}")
        self._refresh_action_bar()
        self._restore_focus(focused, on_tab_bar, on_toggle)

    def _preferred_size(self) -> QSize:
        """``PREFERRED_SIZE``, wider when the tabs' titles need it: where the screen has room
        every tab shows, instead of "Closeout (" cut and History behind the tab bar's arrows."""
        assert self.tabs is not None
        margins = self._layout.contentsMargins()
        frame = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self)
        titles = self.tabs.tabBar().sizeHint().width() + margins.left() + margins.right() + frame
        return QSize(max(PREFERRED_SIZE.width(), titles), PREFERRED_SIZE.height())

    def _restore_focus(self, focused: QWidget | None, on_tab_bar: bool, on_toggle: bool) -> None:
        """Give the keyboard back its place after a rebuild: the kept pane's widget it was on, or
        the new tab bar (a rebuild takes the panes out of the window, which drops their focus)."""
        assert self.tabs is not None
        if on_toggle and self.details_toggle is not None:
            self.details_toggle.setFocus()
        elif focused is not None and not on_tab_bar and _alive(focused) and focused.window() is self:
            focused.setFocus()
        elif on_tab_bar or focused is None or not _alive(focused) or focused.window() is not self:
            self.tabs.tabBar().setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the button that has the keyboard, and nothing else: this window has no
        default button, so Enter in a list or a field never runs a lifecycle step."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isEnabled() and focused.window() is self:
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- acting: lifecycle steps and the priority, through the window's operations --------------
    def _build_action_bar(self, operations: Operations, close: QDialogButtonBox) -> QWidget:
        self.steps = WorkOrderSteps(operations, self, on_stale=self.reload)
        bar = QWidget()
        flow = FlowLayout(bar)
        self.priority_combo = QComboBox()
        self.priority_combo.setToolTip("The work order's priority")
        for priority in Priority:
            self.priority_combo.addItem(f"{label(priority.value)} priority", priority)
        self.priority_combo.activated.connect(self._on_priority_combo_activated)
        flow.addWidget(self.priority_combo)
        for step in self.steps.steps(WorkOrderFacts(self.number, WorkOrderType.GENERAL, Status.OPEN)):
            button = QPushButton(step.text)
            button.setObjectName(f"step_{step.name}")
            button.clicked.connect(lambda _checked=False, name=step.name: self._take_step(name))
            button.setAutoDefault(False)  # never the window's default: Enter must not run a step
            self.step_buttons[step.name] = button
            flow.addWidget(button)
        for button in work_order_buttons(operations, self, self.number):  # Print…, Save as PDF…
            flow.addWidget(button)
        close.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for button in close.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        flow.addWidget(close)
        return bar

    def _refresh_action_bar(self) -> None:
        """Each step enabled when the lifecycle allows it, else disabled with the reason."""
        if self.operations is None:
            return
        for step in self.steps.steps_of(self.number):
            button = self.step_buttons[step.name]
            button.setEnabled(step.reason is None)
            button.setToolTip(tooltip(sentence(step.reason)) if step.reason else "")
        wo = self.work_order
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(Priority(wo.priority)))
        refused = lifecycle.why_not_edit(Status(wo.status))
        self.priority_combo.setEnabled(refused is None)
        self.priority_combo.setToolTip(tooltip(sentence(refused)) if refused else "The work order's priority")

    def _take_step(self, name: str) -> None:
        step = next(s for s in self.steps.steps_of(self.number) if s.name == name)
        if step.reason is None:
            step.run()

    @Slot(int)
    def _on_priority_combo_activated(self, _index: int) -> None:
        priority = Priority(self.priority_combo.currentData())
        wo = self.work_order
        if priority == Priority(wo.priority) or self.operations is None:
            return
        edit = work_orders.WorkOrderEdit(
            summary=wo.summary, description=wo.description or "", priority=priority,
            type=WorkOrderType(wo.type), estimated_hours=wo.estimated_hours, due_by=wo.due_by,
            required_skills=tuple(s.code for s in wo.required_skills),
            task_codes=tuple(wo.task_codes or ()),
        )
        version = wo.version  # the copy on screen: a change saved meanwhile is not overwritten
        done = self.operations.run(Op(
            f"Change the priority of {self.number} to {label(priority.value)}",
            lambda _confirm: work_orders.edit_work_order(self._ctx, self.number, edit, version),
            self, on_stale=self.reload,
        ))
        if done is None:
            self._refresh_action_bar()  # show the priority that is saved, not the refused one

    def tab_titles(self) -> list[str]:
        assert self.tabs is not None
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def reject(self) -> None:
        """Close, Escape or the window's close button: asks first when something typed is not saved."""
        if self.plan_pane is not None and self.plan_pane.is_dirty():
            answer = ask_unsaved(self, self.windowTitle())
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.plan_pane.save():
                return
        left = [text for text in (pane.unsaved() for pane in self.panes.values()) if text]
        if left and not ask_discard(self, self.windowTitle(), left):
            return
        super().reject()

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        if self.number in changes.work_orders or changes.touches(
            "company", "technician", "customer", "site"
        ):
            try:
                if self.plan_pane is not None and self.number in changes.work_orders:
                    self.plan_pane.saved_elsewhere()
                self.reload()
            except NotFound:
                self.setEnabled(False)
                self.setWindowTitle(f"{self.number} — no longer in the database")

    # -- building -------------------------------------------------------------------------------
    def _next_tab(self, step: int) -> None:
        if self.tabs is not None and self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _fit_header(self) -> None:
        """The header as tall as its content, but never taking the room the tabs need (half the
        window): on a short screen (a laptop at 200 %) the header scrolls instead."""
        width = max(self._scroll.width(), self.width() - 24, 100)
        content = self._scroll.widget()
        wanted = max(self._scroll.heightForWidth(width),
                     (content.minimumSizeHint().height() if content is not None else 0) + 2 * self._scroll.frameWidth())
        margins = self._layout.contentsMargins()
        inner = self.width() - margins.left() - margins.right()
        others = sum(
            _height_at(widget, inner) + self._layout.spacing()
            for widget in (self._layout.itemAt(i).widget() for i in range(self._layout.count()))
            if widget is not None and widget not in (self._scroll, self.tabs)
        )
        room = self.height() - margins.top() - margins.bottom() - others - self._layout.spacing()
        cap = max(self.fontMetrics().lineSpacing() * 3, room - (self.height() + 1) // 2)
        self._scroll.setMaximumHeight(min(wanted, cap))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_header()

    def _build(self, wo: Any) -> tuple[QWidget, QTabWidget]:
        """The header and the tab widget for ``wo`` (the tabs become ``self.tabs``)."""
        header = QWidget()
        header_layout = self._header(wo)
        header_layout.setContentsMargins(0, 0, 0, 0)
        header.setLayout(header_layout)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setMinimumHeight(
            self.fontMetrics().lineSpacing() * (COMPACT_TAB_MIN_LINES if self.compact else TAB_MIN_LINES)
        )
        for arrow in self.tabs.tabBar().findChildren(QToolButton):
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys move between tabs
        done = sum(1 for item in wo.checklist if item.done)
        plan: list[tuple[QWidget, str]] = (
            [(self.plan_pane, f"Plan · checklist ({done}/{len(wo.checklist)})")]
            if self.plan_pane is not None
            else [(self._work_tab(wo), "Work"),
                  (self._checklist_tab(wo), f"Checklist ({done}/{len(wo.checklist)})")]
        )
        pages: list[tuple[QWidget, str]] = [
            *plan,
            (self._pane("bookings", self._bookings_tab, wo), f"Bookings ({len(wo.bookings)})"),
            (self._pane("labor", self._labor_tab, wo), f"Labor ({len(wo.labor)})"),
            (self._pane("parts", self._parts_tab, wo), f"Parts used ({len(wo.parts_used)})"),
            (self._pane("notes", self._notes_tab, wo), f"Notes ({len(wo.notes)})"),
            (self._pane("photos", self._photos_tab, wo), f"Photos ({len(wo.attachments)})"),
            (self._pane("scope", self._scope_tab, wo), f"Scope changes ({len(wo.scope_changes)})"),
            (self._pane("signature", self._signature_tab, wo),
             "Signature ✓" if wo.signature is not None else "Signature"),
            (self._closeout_tab(wo), self._closeout_title()),
            (self._history_tab(), "History"),
        ]
        for page, title in pages:
            kept = page is self.plan_pane or page in self.panes.values()
            self.tabs.addTab(_scrolled_page(page) if kept else page, title)
        return header, self.tabs

    def _pane(self, name: str, read_only: Any, wo: Any) -> QWidget:
        """The crew's pane when this window can act; the read-only view otherwise."""
        pane = self.panes.get(name)
        return pane if pane is not None else read_only(wo)

    def _closeout_title(self) -> str:
        gaps = closeout.closeout_gaps(self._ctx, self.number)
        return f"Closeout ({len(gaps)} to do)" if gaps else "Closeout ✓"

    def _closeout_tab(self, wo: Any) -> QWidget:
        """What the type still needs before the work can be verified, each item named."""
        gaps = closeout.closeout_gaps(self._ctx, self.number)
        page = QWidget()
        layout = QVBoxLayout(page)
        kind = label(WorkOrderType(wo.type).value).lower()
        if gaps:
            layout.addWidget(plain_label(f"Before this {kind} job can be verified:", wrap=True))
            listing = QListWidget()
            listing.setObjectName("closeoutGaps")
            for gap in gaps:
                listing.addItem(sentence(gap))
            layout.addWidget(listing, 1)
        else:
            layout.addWidget(placeholder(
                f"Everything a {kind} job needs is recorded: it can be completed and verified."
            ), 1)
        return page

    def _history_tab(self) -> QWidget:
        """Who changed what and when: the work order's audit log, newest first. A work order
        edited for years has a long log: its newest rows are read, "Show older changes" reads
        further back."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        older = QPushButton("Show older changes")
        older.setObjectName("olderChanges")
        older.setToolTip("Read further back in this work order's history")
        layout.addWidget(older, 0, Qt.AlignmentFlag.AlignLeft)
        limit = [record_history.CHANGES_PAGE]

        def fill() -> None:
            entries, more = record_history.work_order_changes(self._ctx, self.number, limit[0])
            if layout.count() > 1:
                shown = layout.takeAt(0).widget()
                if shown is not None:
                    shown.deleteLater()
            content = placeholder("No changes recorded yet.") if not entries else read_only_table(
                ["When", "Who", "What", "Changed"],
                [[self._when(e.at), e.actor, e.action, e.changed] for e in entries],
                stretch=3,
            )
            layout.insertWidget(0, content, 1)
            older.setVisible(more)

        def show_older() -> None:
            limit[0] += record_history.CHANGES_PAGE
            fill()

        older.clicked.connect(show_older)
        fill()
        return box

    def _when(self, moment: datetime | None) -> str:
        return format_moment(moment, self._tz) if moment is not None else ""

    def _header(self, wo: Any) -> QVBoxLayout:
        outer = QVBoxLayout()
        outer.setSpacing(2 if self.compact else 6)
        title_row = QHBoxLayout()
        self.number_label = heading(wo.number, scale=1.25 if self.compact else 1.6)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_row.addWidget(self.number_label)
        title_row.addSpacing(8)
        status = Status(wo.status)
        priority = Priority(wo.priority)
        title_row.addWidget(chip(label(status.value), STATUS_CHIP[status.value]))
        title_row.addWidget(
            chip(f"{label(priority.value)} priority", PRIORITY_CHIP[priority.value])
        )
        title_row.addWidget(chip(label(WorkOrderType(wo.type).value)))
        if not wo.billable:
            title_row.addWidget(chip("Not billable"))
        title_row.addStretch(1)
        # The details fold away (on a short screen they start folded): Alt+H or a click.
        toggle = QToolButton()
        toggle.setObjectName("headerDetails")
        toggle.setText("&Header details")
        toggle.setCheckable(True)
        toggle.setChecked(self.details_shown)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setArrowType(Qt.ArrowType.DownArrow if self.details_shown else Qt.ArrowType.RightArrow)
        toggle.setAutoRaise(True)
        toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        toggle.setToolTip("Show or fold the customer, site, asset and dates")
        toggle.toggled.connect(self._on_details_toggle_toggled)
        self.details_toggle = toggle
        title_row.addWidget(toggle)
        outer.addLayout(title_row)
        summary = heading("", scale=1.0 if self.compact else 1.15)
        set_plain(summary, wo.summary, wrap_anywhere=True)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(summary)

        site = wo.site
        customer = site.customer
        left: list[tuple[str, str]] = [
            ("Customer", " · ".join(filter(None, [customer.name, customer.phone]))),
            ("Site", f"{site.name} ({site.code})"),
            ("Address", site.address),
            ("Contact", " · ".join(filter(None, [site.contact_name, site.contact_phone]))),
            ("Access", _text(site.access_notes)),
        ]
        right: list[tuple[str, str]] = [("Asset", self._asset_text(wo.asset))]
        due = self._when(wo.due_by) or "no deadline"
        if wo.due_by is not None and wo.due_by < self._now and status in WORK_TO_DO:
            due = f'<span style="color:#c62828; font-weight:bold">⚠ {escape(due)} — overdue</span>'
        else:
            due = escape(due)
        right += [
            ("Due by", due),
            ("Estimated", f"{format_decimal(wo.estimated_hours)} h"),
            ("Created", self._when(wo.created_at)),
            ("Origin", self._origin_text(wo)),
        ]
        for caption, moment, who in (
            ("Started", wo.started_at, None),
            ("Completed", wo.completed_at, None),
            ("Verified", wo.verified_at, wo.verified_by),
            ("Closed", wo.closed_at, None),
        ):
            if moment is not None:
                right.append((caption, self._when(moment) + (f" by {who}" if who else "")))
        if wo.hold_reason and status == Status.ON_HOLD:
            right.append(("On hold", wo.hold_reason))
        if wo.cancel_reason:
            right.append(("Cancelled", wo.cancel_reason))

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for column, pairs in ((0, left), (2, right)):
            for row, (caption, value) in enumerate(pairs):
                name = QLabel(f"{caption}:")
                name.setStyleSheet("QLabel { color: palette(placeholder-text); }")
                name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                text = value if caption == "Due by" else escape(value or "—")
                shown = QLabel(text)
                shown.setTextFormat(Qt.TextFormat.RichText)
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(name, row, column, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(shown, row, column + 1, Qt.AlignmentFlag.AlignTop)
        self.header_details = QWidget()
        self.header_details.setObjectName("headerDetailsGrid")
        self.header_details.setLayout(grid)
        grid.setContentsMargins(0, 4, 0, 0)
        self.header_details.setVisible(self.details_shown)
        outer.addWidget(self.header_details)
        # Folded: who and where in one line, so the dispatcher still knows whose job it is.
        due = self._when(wo.due_by)
        self.header_line = ElidedLabel(" · ".join(filter(None, [
            customer.name, f"{site.name} ({site.code})", " ".join((site.address or "").split()),
            f"due {due}" if due else "",
        ])), Qt.TextElideMode.ElideRight)
        self.header_line.setTextFormat(Qt.TextFormat.PlainText)
        self.header_line.setObjectName("headerLine")
        self.header_line.setToolTip(tooltip(self.header_line.text()))
        self.header_line.setVisible(not self.details_shown)
        outer.addWidget(self.header_line)
        outer.addSpacing(2 if self.compact else 6)
        return outer

    @Slot(bool)
    def _on_details_toggle_toggled(self, shown: bool) -> None:
        self.details_shown = shown
        self.header_details.setVisible(shown)
        self.header_line.setVisible(not shown)
        if self.details_toggle is not None:
            self.details_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._fit_header()

    @staticmethod
    def _asset_text(asset: Any) -> str:
        if asset is None:
            return "none (the site as a whole)"
        parts = [f"{asset.name} ({asset.code})"]
        make = " ".join(filter(None, [asset.make, asset.model]))
        if make:
            parts.append(make)
        if asset.serial:
            parts.append(f"S/N {asset.serial}")
        if asset.warranty_until:
            parts.append(f"warranty until {asset.warranty_until:%d %b %Y}")
        return " · ".join(parts)

    @staticmethod
    def _origin_text(wo: Any) -> str:
        if wo.pm_plan is not None:
            return f"recurring plan {wo.pm_plan.code}"
        if wo.request is not None:
            return f"request {wo.request.number} ({label(str(wo.request.source))})"
        return "entered at the office"

    # -- tabs -----------------------------------------------------------------------------------
    def _work_tab(self, wo: Any) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        description = QTextBrowser()
        description.setPlainText(wo.description or "No description beyond the summary.")
        description.setMaximumHeight(110)
        form.addRow("Description:", description)
        skills = ", ".join(f"{s.name} ({s.code})" for s in wo.required_skills) or "none"
        form.addRow("Required skills:", self._value(skills))
        form.addRow("Task codes:", self._value(", ".join(wo.task_codes or []) or "none"))
        if not wo.planned_parts:
            form.addRow("Planned parts:", self._value("none"))
        layout.addLayout(form)
        if wo.planned_parts:
            layout.addWidget(QLabel("Planned parts:"))
            layout.addWidget(
                read_only_table(
                    ["SKU", "Description", "Quantity", "Unit"],
                    [
                        [p.part.sku, p.part.description, format_decimal(p.quantity), p.part.unit]
                        for p in wo.planned_parts
                    ],
                    stretch=1,
                    right_aligned=[2],
                ),
                1,
            )
        else:
            layout.addStretch(1)
        return page

    @staticmethod
    def _value(text: str) -> QLabel:
        widget = plain_label(text, wrap_anywhere=True)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return widget

    def _checklist_tab(self, wo: Any) -> QWidget:
        if not wo.checklist:
            return placeholder("This work order has no checklist.")
        tree = QTreeWidget()
        tree.setHeaderLabels(["Item", "Ticked by", "At"])
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        for item in wo.checklist:
            entry = QTreeWidgetItem([item.text, _text(item.done_by), self._when(item.done_at)])
            # Enabled but not user-checkable: the tick shows, nobody can change it here.
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            entry.setCheckState(0, Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
            tree.addTopLevelItem(entry)
        tree.resizeColumnToContents(1)
        tree.setColumnWidth(0, 420)
        return tree

    def _bookings_tab(self, wo: Any) -> QWidget:
        if not wo.bookings:
            return placeholder("Not on anyone's schedule yet: book it from the board.")
        rows = []
        for booking in wo.bookings:
            conflicts = booking.confirmed_conflicts or ""
            if conflicts and booking.confirmed_by:
                conflicts = f"{conflicts} (confirmed by {booking.confirmed_by})"
            rows.append(
                [
                    booking.technician.name,
                    self._when(booking.start),
                    self._when(booking.end),
                    format_hours_between(booking.start, booking.end),
                    conflicts or "none",
                ]
            )
        return read_only_table(
            ["Technician", "Start", "End", "Duration", "Conflicts"],
            rows,
            stretch=4,
            right_aligned=[3],
        )

    def _labor_tab(self, wo: Any) -> QWidget:
        if not wo.labor:
            return placeholder("No labor logged yet.")
        rows = []
        total = billable = Decimal(0)
        for entry in wo.labor:
            hours = hours_between(entry.start, entry.end)
            total += hours
            if entry.billable:
                billable += hours
            rows.append(
                [
                    entry.technician.name,
                    self._when(entry.start),
                    self._when(entry.end),
                    format_hours_between(entry.start, entry.end),
                    "yes" if entry.billable else "no",
                    _text(entry.note),
                ]
            )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            read_only_table(
                ["Technician", "Start", "End", "Hours", "Billable", "Note"],
                rows,
                stretch=5,
                right_aligned=[3],
            )
        )
        layout.addWidget(QLabel(f"Total {format_hours(total)} h, of which {format_hours(billable)} h billable."))
        return page

    def _parts_tab(self, wo: Any) -> QWidget:
        if not wo.parts_used:
            return placeholder("No parts used yet.")
        rows = []
        total = Decimal(0)
        for used in wo.parts_used:
            price = used.unit_price if used.unit_price is not None else used.part.unit_price
            amount = parts_amount(used.quantity, price)
            total += amount
            price_item = QTableWidgetItem(format_money(price))
            if used.unit_price is not None:
                price_item.setToolTip(
                    f"Price for this job (list price {format_money(used.part.unit_price)})"
                )
            rows.append(
                [
                    used.part.sku,
                    used.part.description,
                    format_decimal(used.quantity),
                    used.part.unit,
                    price_item,
                    format_money(amount),
                ]
            )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            read_only_table(
                [
                    "SKU",
                    "Description",
                    "Quantity",
                    "Unit",
                    f"Unit price ({self._currency})",
                    "Amount",
                ],
                rows,
                stretch=1,
                right_aligned=[2, 4, 5],
            )
        )
        layout.addWidget(plain_label(f"Parts total {format_money(total)} {self._currency} before tax."))
        return page

    def _notes_tab(self, wo: Any) -> QWidget:
        if not wo.notes:
            return placeholder("No notes yet.")
        browser = QTextBrowser()
        html = []
        for note in wo.notes:
            html.append(
                f"<p><b>{escape(note.author)}</b> <span style='color:gray'>"
                f"{escape(self._when(note.at))}</span><br>"
                f"{escape(note.text)}</p>"
            )
        browser.setHtml("".join(html))
        return browser

    def _photos_tab(self, wo: Any) -> QWidget:
        if not wo.attachments:
            return placeholder("No photos or files attached.")
        photos = QListWidget()
        photos.setViewMode(QListWidget.ViewMode.IconMode)
        photos.setIconSize(THUMBNAIL)
        photos.setResizeMode(QListWidget.ResizeMode.Adjust)
        photos.setWordWrap(True)
        photos.setSpacing(8)
        for attachment in wo.attachments:
            caption = f"{label(attachment.kind)}: {attachment.caption or attachment.filename}"
            item = QListWidgetItem(caption)
            pixmap = QPixmap()
            if attachment.content_type.startswith("image/") and pixmap.loadFromData(
                attachment.data
            ):
                item.setIcon(QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio)))
            item.setToolTip(tooltip(
                f"{attachment.filename}\nadded by {attachment.added_by}, {self._when(attachment.added_at)}"
            ))
            photos.addItem(item)
        return photos

    def _scope_tab(self, wo: Any) -> QWidget:
        if not wo.scope_changes:
            return placeholder("No change of scope was requested.")
        browser = QTextBrowser()
        html = []
        for change in wo.scope_changes:
            extra = []
            if change.extra_hours:
                extra.append(f"+{format_decimal(change.extra_hours)} h")
            if change.extra_cost:
                extra.append(f"+{format_money(change.extra_cost)} {self._currency}")
            status = label(str(change.status))
            text = (
                f"<p><b>#{change.seq} {escape(status)}</b>: {escape(change.description)}"
                + (f" ({escape(', '.join(extra))})" if extra else "")
                + f"<br><span style='color:gray'>Requested by {escape(change.requested_by)}, "
                f"{escape(self._when(change.requested_at))}"
            )
            if change.decided_by:
                text += f"; decided by {escape(change.decided_by)}, {escape(self._when(change.decided_at))}"
            text += "</span>"
            if change.decision_note:
                text += f"<br>{escape(change.decision_note)}"
            html.append(text + "</p>")
        browser.setHtml("".join(html))
        return browser

    def _signature_tab(self, wo: Any) -> QWidget:
        signature = wo.signature
        if signature is None:
            return placeholder("The customer has not signed yet.")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(rich(
                f"Signed by <b>{escape(signature.signer_name)}</b>, {escape(self._when(signature.signed_at))}"
            ))
        )
        image = QLabel()
        pixmap = QPixmap()
        if signature.image_png and pixmap.loadFromData(signature.image_png):
            box = QSize(480, 200)
            if pixmap.width() > box.width() or pixmap.height() > box.height():
                pixmap = pixmap.scaled(
                    box,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            image.setPixmap(pixmap)
            image.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            image.setStyleSheet("QLabel { background: white; border: 1px solid palette(mid); }")
        else:
            image.setText("No signature image was captured.")
        layout.addWidget(image)
        layout.addStretch(1)
        return page


def _height_at(widget: QWidget, width: int) -> int:
    """The height ``widget`` takes at ``width`` (a wrapping row of buttons: its wrapped height)."""
    return widget.heightForWidth(width) if widget.hasHeightForWidth() else widget.sizeHint().height()


def _scrolled_page(page: QWidget) -> QScrollArea:
    """An editing pane that scrolls when its tab is shorter than it (the plan's form on a
    laptop at 200 %), instead of making the whole window taller; lists scroll by themselves."""
    area = QScrollArea()
    area.setObjectName("tabPage")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight into the page
    area.setWidget(page)
    return area


def _alive(widget: QWidget) -> bool:
    """Whether the widget still exists (a rebuild deletes the old header and tab bar)."""
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True
