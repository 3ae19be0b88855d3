"""Requests: the review queue. Each request waiting for a decision, emergencies first and then
the oldest, with what the reviewer needs beside it (warranty, the last jobs at the site and on
the asset with possible callbacks flagged, open work there), and the three decisions: approve
into a work order, reject with a reason, or an emergency straight onto the board's queue."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.enums import Priority, WorkOrderType
from dispatch_console.domain.review_order import EMERGENCY_DUE_HOURS, suggested_type, summary_of
from dispatch_console.services import intake, review_queue
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_history import JobRow
from dispatch_console.services.review_queue import WaitingRequest
from dispatch_console.ui.bus import ChangeBus, StaleWhileHidden
from dispatch_console.ui.fitting import FlowLayout, keep_on_screen, natural_size, scrolling
from dispatch_console.ui.formatting import format_moment, label
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain, tooltip
from dispatch_console.ui.widgets import PRIORITY_CHIP, heading, hint, placeholder

#: A change to any of these kinds may add, remove or change a waiting request or its brief.
SHOWN_ENTITIES = ("request", "work_order", "customer", "site", "asset")
CALLBACK_STYLE = "QLabel { color: #b00020; font-weight: bold; }"
_ROOT = QModelIndex()
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


#: The most each column but the last (Site, which takes the rest) is made wide, in average
#: characters: the problem, what the reviewer scans the list for, gets the most room.
COLUMN_CHARS = (34, 28, 28, 60)


class RequestTableModel(QAbstractTableModel):
    """The waiting requests, in the review order the service gives."""

    HEADERS = ("Received", "Priority", "Customer", "Problem", "Site")

    def __init__(self, ctx: ServiceContext, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[WaitingRequest] = []
        self._now = ctx.now()

    def set_rows(self, rows: list[WaitingRequest]) -> None:
        self._now = self._ctx.now()
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{r.number} · {format_moment(r.received_at, self._ctx.zone(), year_of=self._now)}",
                label(r.priority),
                r.customer,
                summary_of(r.problem),
                f"{r.site} ({r.site_code})",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{r.number}: {r.problem}")
        if role == NUMBER_ROLE:
            return r.number
        if column == 1 and role == Qt.ItemDataRole.BackgroundRole:
            return QColor(PRIORITY_CHIP[r.priority][0])
        if column == 1 and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(PRIORITY_CHIP[r.priority][1])
        return None


class JobList(QListWidget):
    """Jobs a line each (wrapped), as tall as its lines up to ``MOST_ROWS`` and scrolling beyond:
    one open job takes one line's room, not a box of empty lines."""

    MOST_ROWS = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._hint = QSize()

    def sizeHint(self) -> QSize:
        shown = min(self.count(), self.MOST_ROWS)
        rows = self.fontMetrics().height()
        if shown:
            # The lines as laid out at the list's width (wrapped), from the first's top to the
            # last shown one's bottom; a new width is laid out 100 ms later unless asked now.
            self.executeDelayedItemsLayout()
            rows = self.visualItemRect(self.item(shown - 1)).bottom() - self.visualItemRect(self.item(0)).top() + 1
        return QSize(super().sizeHint().width(), rows + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        # A scroll area's own minimum is its scroll bar's height: a one-line list would get it.
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def updateGeometries(self) -> None:  # noqa: N802 - Qt's name
        # Called once the lines are laid out anew (new lines, a new width wrapping them anew):
        # the layout then asks the new height.
        super().updateGeometries()
        hint = self.sizeHint()
        if hint != self._hint:
            self._hint = hint
            self.updateGeometry()


def job_line(job: JobRow, tz: ZoneInfo, now: datetime) -> str:
    """A past or open job at the site, dated on the company's clock as the lists date it."""
    flag = "  ⚑ possible callback" if job.possible_callback else ""
    when = format_moment(job.completed_at or job.created_at, tz, year_of=now)
    return f"{job.number} · {when} · {label(job.type)}: {job.summary} ({label(job.status)}){flag}"


class ReviewPage(QWidget):
    """The Requests page.

    Signals:
        open_work_order(number: str): the reviewer wants to see a work order listed beside a
            request (Enter or a double click on it).
    """

    open_work_order = Signal(str)

    def __init__(self, ctx: ServiceContext, bus: ChangeBus, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self._ctx = ctx
        self._operations = operations
        self.freshness = StaleWhileHidden(self, bus, *SHOWN_ENTITIES)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Requests waiting for review"))
        self.count = hint("")
        top.addWidget(self.count, 1)
        layout.addLayout(top)

        self.model = RequestTableModel(ctx, self)
        self.table = QTableView()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.empty = placeholder("No requests are waiting for review. New calls appear here (Ctrl+N records one).")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        self.brief = self._build_brief()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(scrolling(self.brief))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.refresh()

    def _build_brief(self) -> QWidget:
        box = QWidget()
        box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        column = QVBoxLayout(box)
        self.title = heading("", scale=1.2)
        self.title.setWordWrap(True)
        self.where = plain_label("", wrap=True, wrap_anywhere=True)
        self.problem = plain_label("", wrap=True, wrap_anywhere=True)
        self.problem.setObjectName("reviewProblem")
        self.contact = hint("")
        self.warranty = plain_label("", wrap=True)
        self.warranty.setObjectName("reviewWarranty")
        self.callback = plain_label("", wrap=True)
        self.callback.setObjectName("reviewCallback")
        self.callback.setStyleSheet(CALLBACK_STYLE)
        self.agreements = hint("")
        self.button_row = QWidget()
        buttons = FlowLayout(self.button_row)  # wraps on a narrow pane (a laptop at 200 %)
        self.approve_button = QPushButton("&Approve…")
        self.approve_button.setObjectName("approve")
        self.reject_button = QPushButton("&Reject…")
        self.reject_button.setObjectName("reject")
        self.emergency_button = QPushButton("&Emergency: to the board")
        self.emergency_button.setObjectName("emergency")
        self.emergency_button.setToolTip(tooltip(
            f"Approve as emergency work, due within {EMERGENCY_DUE_HOURS} hours, straight onto the board's queue"
        ))
        for button in (self.approve_button, self.reject_button, self.emergency_button):
            buttons.addWidget(button)
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.reject_button.clicked.connect(self._on_reject_button_clicked)
        self.emergency_button.clicked.connect(self._on_emergency_button_clicked)
        self.open_list = self._job_list("openWork")
        self.site_list = self._job_list("siteJobs")
        self.asset_list = self._job_list("assetJobs")
        for widget in (self.title, self.where, self.problem, self.contact):
            column.addWidget(widget)
        column.addWidget(self.button_row)
        for widget in (self.callback, self.warranty, self.agreements):
            column.addWidget(widget)
        self.open_heading = heading("Open work there", scale=1.05)
        self.site_heading = heading("Last jobs at the site", scale=1.05)
        self.asset_heading = heading("Last jobs on the asset", scale=1.05)
        for title, listing in ((self.open_heading, self.open_list), (self.site_heading, self.site_list),
                               (self.asset_heading, self.asset_list)):
            column.addWidget(title)
            column.addWidget(listing)
        column.addStretch(1)  # short lists stay short: the room left is below them
        return box

    def _job_list(self, name: str) -> QListWidget:
        listing = JobList()
        listing.setObjectName(name)
        listing.itemActivated.connect(self._on_job_item_activated)
        return listing

    # -- loading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the waiting requests again, keeping the selected one when it still waits."""
        self.freshness.stale = False
        keep = self.current_number()
        rows = review_queue.waiting_requests(self._ctx)
        self.model.set_rows(rows)
        self.list_stack.setCurrentWidget(self.table if rows else self.empty)
        waiting = len(rows)
        self.count.setText("" if not waiting else f"{waiting} waiting" if waiting != 1 else "1 waiting")
        numbers = [r.number for r in rows]
        row = numbers.index(keep) if keep in numbers else 0
        if rows:
            self.table.selectRow(row)
            self.table.resizeColumnsToContents()
            for c in range(self.model.columnCount() - 1):
                self.table.horizontalHeader().resizeSection(
                    c, min(self.table.horizontalHeader().sectionSize(c) + 12, self.fontMetrics().averageCharWidth() * COLUMN_CHARS[c])
                )
        self._show_brief()

    def current_number(self) -> str | None:
        request = self.current_request()
        return request.number if request else None

    def current_request(self) -> WaitingRequest | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def select(self, number: str) -> bool:
        """Select a waiting request by number (for the main window); False when it is not waiting."""
        numbers = [r.number for r in self.model.rows]
        if number not in numbers:
            return False
        self.table.selectRow(numbers.index(number))
        return True

    @Slot()
    def _on_current_row_changed(self, *_args: object) -> None:
        self._show_brief()

    def _show_brief(self) -> None:
        request = self.current_request()
        self.brief.setEnabled(request is not None)
        for button in (self.approve_button, self.reject_button, self.emergency_button):
            button.setEnabled(request is not None)
        for listing in (self.open_list, self.site_list, self.asset_list):
            listing.clear()
        if request is None:
            for text_label in (self.title, self.where, self.problem, self.contact, self.warranty,
                               self.callback, self.agreements):
                text_label.clear()
            self.callback.hide()
            return
        seen = review_queue.request_context(self._ctx, request)
        set_plain(self.title, f"{request.number} · {label(request.priority)} · {label(request.source)} request")
        asset = f" · {request.asset} ({request.asset_code})" if request.asset else ""
        set_plain(self.where, f"{request.customer} · {request.site} ({request.site_code}){asset}", wrap_anywhere=True)
        set_plain(self.problem, request.problem, wrap_anywhere=True)
        contact = " · ".join(p for p in (request.contact_name, request.contact_phone) if p)
        set_plain(self.contact, f"Received {format_moment(request.received_at, self._ctx.zone())}"
                  + (f" · contact {contact}" if contact else ""))
        if request.asset is None:
            warranty = "No asset named: warranty unknown."
        elif seen.under_warranty and seen.warranty_until:
            warranty = f"✔ Under warranty until {seen.warranty_until:%d %b %Y}."
        elif seen.warranty_until:
            warranty = f"Warranty ended {seen.warranty_until:%d %b %Y}."
        else:
            warranty = "No warranty on record for this asset."
        set_plain(self.warranty, warranty)
        set_plain(self.callback, f"⚑ {seen.callback[:1].upper()}{seen.callback[1:]}." if seen.callback else "")
        self.callback.setVisible(bool(seen.callback))
        set_plain(self.agreements, "\n".join(f"Agreement: {a}" for a in seen.brief.agreements))
        self.agreements.setVisible(bool(seen.brief.agreements))
        self._fill(self.open_list, seen.open_work, "No open work at this site or on this asset.")
        self._fill(self.site_list, seen.site_jobs, "No jobs at this site yet.")
        self._fill(self.asset_list, seen.asset_jobs, "No jobs on this asset yet." if request.asset else "No asset named.")

    def _fill(self, listing: QListWidget, jobs: tuple[JobRow, ...], empty: str) -> None:
        tz, now = self._ctx.zone(), self._ctx.now()
        for job in jobs:
            line = job_line(job, tz, now)
            item = QListWidgetItem(line)
            item.setData(NUMBER_ROLE, job.number)
            item.setToolTip(tooltip(line))
            if job.possible_callback:
                item.setForeground(QColor("#b00020"))
            listing.addItem(item)
        if not jobs:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            listing.addItem(item)
        listing.updateGeometry()

    @Slot(QListWidgetItem)
    def _on_job_item_activated(self, item: QListWidgetItem) -> None:
        number = item.data(NUMBER_ROLE)
        if number:
            self.open_work_order.emit(str(number))

    # -- decisions --------------------------------------------------------------------------------
    @Slot()
    def _on_approve_button_clicked(self) -> None:
        request = self.current_request()
        if request is None:
            return
        dialog = ApproveDialog(self._ctx, self._operations, request, self)
        dialog.exec()  # the new work order is named on the status bar and shows on the board
        dialog.deleteLater()

    @Slot()
    def _on_reject_button_clicked(self) -> None:
        request = self.current_request()
        if request is None:
            return
        dialog = RejectDialog(self._ctx, self._operations, request, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def _on_emergency_button_clicked(self) -> None:
        request = self.current_request()
        if request is None:
            return
        ctx, number = self._ctx, request.number
        approval = intake.Approval(
            type=WorkOrderType.EMERGENCY, summary=summary_of(request.problem), priority=Priority.EMERGENCY,
            due_by_hours=EMERGENCY_DUE_HOURS,
        )
        self._operations.run(Op(
            f"Approve {number} as an emergency",
            lambda _confirm: intake.approve(ctx, number, approval),
            parent=self,
            done=lambda wo: f"{number} approved as emergency {wo}: on the board's queue, due within {EMERGENCY_DUE_HOURS} hours",
            on_stale=self.refresh,
        ))


class ApproveDialog(RecordDialog):
    """Approve a request: the work order it becomes, filled from the request and editable.
    ``saved`` is the new work order's number."""

    def __init__(self, ctx: ServiceContext, operations: Operations, request: WaitingRequest,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Approve {request.number}", operations, parent)
        self.setObjectName("approveDialog")
        self._ctx = ctx
        self._request = request
        self.save_button.setText("Approve")
        form = self.form
        context = hint(f"{request.customer} · {request.site} ({request.site_code})"
                       + (f" · {request.asset}" if request.asset else "") + f"\n{request.problem}")
        form.rows.addRow(context)
        self.type = QComboBox()
        self.type.setObjectName("approveType")
        for kind in WorkOrderType:
            self.type.addItem(label(kind), kind)
        form.add("type", "&Type:", self.type)
        self.summary = QLineEdit()
        self.summary.setObjectName("approveSummary")
        form.add("summary", "&Summary:", self.summary)
        self.priority = QComboBox()
        self.priority.setObjectName("approvePriority")
        for priority in Priority:
            self.priority.addItem(label(priority), priority)
        form.add("priority", "&Priority:", self.priority)
        self.skills = QLineEdit()
        self.skills.setObjectName("approveSkills")
        self.skills.setPlaceholderText("Skill codes, separated by commas (e.g. HVAC, ELEC)")
        form.add("required_skills", "S&kills:", self.skills)
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("approveHours")
        self.hours.setDecimals(2)
        self.hours.setRange(0, 1000)
        self.hours.setSingleStep(0.25)
        self.hours.setSuffix(" h")
        form.add("estimated_hours", "Estimated &hours:", self.hours)
        self.due = QSpinBox()
        self.due.setObjectName("approveDue")
        self.due.setRange(0, 24 * 90)
        self.due.setSpecialValueText("no due-by")
        self.due.setSuffix(" hours from now")
        form.add("due_by_hours", "&Due within:", self.due)
        self.description = QPlainTextEdit()
        self.description.setObjectName("approveDescription")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().height() * 4)
        form.add("description", "D&escription:", self.description)
        self.load()
        # Room for a summary's usual length on one line (it becomes the work order's title).
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.on_screen = keep_on_screen(self, natural_size(self))

    def load(self) -> None:
        r = self._request
        self.type.setCurrentIndex(self.type.findData(suggested_type(r.priority, r.source, r.requested_type)))
        self.summary.setText(summary_of(r.problem))
        self.summary.setCursorPosition(0)  # a summary longer than the field shows its beginning
        self.priority.setCurrentIndex(self.priority.findData(r.priority))
        self.skills.clear()
        self.hours.setValue(float(intake.Approval.estimated_hours))
        self.due.setValue(EMERGENCY_DUE_HOURS if r.priority == Priority.EMERGENCY else 0)
        self.description.setPlainText(r.problem)
        self.form.mark_clean()

    def save_op(self) -> Op[str] | None:
        skills = tuple(code.strip() for code in self.skills.text().replace(";", ",").split(",") if code.strip())
        approval = intake.Approval(
            type=WorkOrderType(self.type.currentData()),
            summary=self.summary.text(),
            priority=Priority(self.priority.currentData()),
            required_skills=skills,
            estimated_hours=Decimal(str(self.hours.value())).quantize(Decimal("0.01")),
            due_by_hours=self.due.value() or None,
            description=self.description.toPlainText(),
        )
        ctx, number = self._ctx, self._request.number
        return Op(f"Approve {number}", lambda _confirm: intake.approve(ctx, number, approval),
                  done=lambda wo: f"{number} approved: work order {wo}")


class RejectDialog(RecordDialog):
    """Reject a request, with the reason the customer will be told."""

    def __init__(self, ctx: ServiceContext, operations: Operations, request: WaitingRequest,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Reject {request.number}", operations, parent)
        self.setObjectName("rejectDialog")
        self._ctx = ctx
        self._request = request
        self.save_button.setText("Reject")
        self.form.rows.addRow(hint(f"{request.customer}: {summary_of(request.problem)}"))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("rejectReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Why, in words the customer can be told")
        self.reason.setFixedHeight(self.reason.fontMetrics().height() * 4)
        self.form.add("reason", "&Reason:", self.reason)
        self.load()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 55)
        self.on_screen = keep_on_screen(self, natural_size(self))

    def load(self) -> None:
        self.form.mark_clean()

    def save_op(self) -> Op[None] | None:
        ctx, number, reason = self._ctx, self._request.number, self.reason.toPlainText()
        return Op(f"Reject {number}", lambda _confirm: intake.reject(ctx, number, reason),
                  done=lambda _none: f"{number} rejected")
