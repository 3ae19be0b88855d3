"""Choosing a day's crew sheets: the day (tomorrow to start with), then its technicians.

The list shows every technician with work that day and how many jobs he has, all checked; the
dispatcher unchecks those whose sheets are not wanted, then prints, previews, saves or opens
them. A day with no work says so in words and offers nothing to print.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import FlowLayout, keep_on_screen
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.printing import documents
from dispatch_console.ui.printing.actions import PrintingActions
from dispatch_console.ui.printing.documents import CrewMember, Document
from dispatch_console.ui.widgets import heading, hint

#: How long after the last change of the day the list is read again (ms): typing a date
#: changes it at each key.
READ_AFTER_MS = 300
PREFERRED_SIZE = QSize(560, 620)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CrewSheetsDialog(QDialog):
    """The crew sheets of a chosen day and technicians: print, preview, save as PDF, open.

    ``printing`` does the printing (the main window's ``PrintingActions``); one of its own is
    made when none is given.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        operations: Operations,
        parent: QWidget | None = None,
        *,
        printing: PrintingActions | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crewSheets")
        self.setWindowTitle("Crew sheets")
        self.setSizeGripEnabled(True)
        self._ctx = ctx
        self._operations = operations
        self.printing = printing if printing is not None else PrintingActions(ctx, operations, self)
        self.today = documents.company_today(ctx)
        #: The day whose technicians the list shows (None before the first read).
        self.shown_day: date | None = None
        self.members: list[CrewMember] = []

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Crew sheets"))
        layout.addWidget(hint(
            "Each technician's day on paper: their jobs in time order, the parts to bring, and room "
            "for notes and times. A technician with no jobs that day gets no page."
        ))
        day_row = QHBoxLayout()
        day_label = QLabel("&Day:")
        self.day_edit = QDateEdit()
        self.day_edit.setObjectName("crewDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("ddd d MMM yyyy")
        day_label.setBuddy(self.day_edit)
        self.day_note = plain_label("")
        self.day_note.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        day_row.addWidget(day_label)
        day_row.addWidget(self.day_edit)
        day_row.addWidget(self.day_note, 1)
        layout.addLayout(day_row)

        list_row = QHBoxLayout()
        self.list_title = plain_label("")
        self.list_title.setObjectName("crewListTitle")
        list_row.addWidget(self.list_title, 1)
        self.all_button = QPushButton("&All")
        self.none_button = QPushButton("N&one")
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)
            list_row.addWidget(button)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        layout.addLayout(list_row)

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["Technician", "Jobs"])
        self.model.itemChanged.connect(self._on_item_changed)
        self.view = QTreeView()
        self.view.setObjectName("crewList")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.nobody = plain_label("", wrap=True)
        self.nobody.setObjectName("crewNobody")
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nobody.setStyleSheet("QLabel { color: palette(placeholder-text); font-size: 11pt; }")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.nobody)
        layout.addWidget(self.stack, 1)
        self.summary = plain_label("")
        self.summary.setObjectName("crewSummary")
        layout.addWidget(self.summary)

        bar = QWidget()
        flow = FlowLayout(bar)
        self.print_button = self._button(flow, "&Print…", "printCrewSheets", self.print_sheets)
        self.preview_button = self._button(flow, "Pre&view…", "previewCrewSheets", self.preview_sheets)
        self.save_button = self._button(flow, "&Save as PDF…", "saveCrewSheets", self.save_sheets)
        self.open_button = self._button(flow, "Open in the PDF vi&ewer", "openCrewSheets", self.open_sheets)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        flow.addWidget(close)
        layout.addWidget(bar)

        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_AFTER_MS)
        self._read_timer.timeout.connect(self.refresh)
        self.day_edit.setDate(_qdate(documents.tomorrow(ctx)))
        self.day_edit.dateChanged.connect(self._on_day_edit_date_changed)
        keep_on_screen(self, PREFERRED_SIZE)
        self.refresh()

    def _button(self, flow: FlowLayout, text: str, name: str, act: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: act())
        flow.addWidget(button)
        return button

    # -- the day and its technicians -----------------------------------------------------------
    def day(self) -> date:
        chosen = self.day_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def start_over(self) -> None:
        """Tomorrow again (the dialog is kept between openings), its technicians read afresh."""
        self.today = documents.company_today(self._ctx)
        self.set_day(documents.tomorrow(self._ctx))

    def set_day(self, day: date) -> None:
        """Show ``day``'s technicians (as choosing it in the date field does, without waiting)."""
        self.day_edit.setDate(_qdate(day))
        self.refresh()

    @Slot(QDate)
    def _on_day_edit_date_changed(self, _day: QDate) -> None:
        # Nothing to print until the new day's technicians are listed.
        for button in (self.print_button, self.preview_button, self.save_button, self.open_button):
            button.setEnabled(False)
        self._read_timer.start()

    @Slot()
    def refresh(self) -> None:
        """Read the technicians with work on the chosen day (off the GUI thread) and list them,
        all checked."""
        self._read_timer.stop()
        day = self.day()
        words = documents.day_words(day, self.today)
        outcome = self._operations.run(Op(
            f"Find the technicians with work on {words}",
            lambda _confirm: documents.crew_members(self._ctx, day),
            self,
            done=lambda found: f"{len(found)} {'technician has' if len(found) == 1 else 'technicians have'} work on {words}",
        ))
        members = outcome.value if outcome is not None else []
        self.shown_day = day
        self.members = members
        self.model.blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        for member in members:
            name = QStandardItem(f"{member.name} ({member.code})")
            name.setData(member.code, CODE_ROLE)
            name.setCheckable(True)
            name.setCheckState(Qt.CheckState.Checked)
            jobs = QStandardItem(f"{member.jobs} {'job' if member.jobs == 1 else 'jobs'}")
            jobs.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow([name, jobs])
        self.model.blockSignals(False)
        self.view.reset()
        offset = (day - self.today).days
        set_plain(self.day_note, {0: "today", 1: "tomorrow", -1: "yesterday"}.get(offset, ""))
        if members:
            set_plain(self.list_title, f"Technicians with work on {words}:")
            self.stack.setCurrentWidget(self.view)
        else:
            set_plain(self.list_title, "")
            set_plain(self.nobody, f"No technician has work on {words}: there are no crew sheets to print.")
            self.stack.setCurrentWidget(self.nobody)
        self._on_item_changed()

    def checked_codes(self) -> list[str]:
        return [
            self.model.item(row, 0).data(CODE_ROLE)
            for row in range(self.model.rowCount())
            if self.model.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.model.blockSignals(True)
        for row in range(self.model.rowCount()):
            self.model.item(row, 0).setCheckState(state)
        self.model.blockSignals(False)
        self.view.viewport().update()
        self._on_item_changed()

    @Slot()
    def _on_item_changed(self, *_args: object) -> None:
        codes = set(self.checked_codes())
        jobs = sum(m.jobs for m in self.members if m.code in codes)
        if self.members:
            set_plain(
                self.summary,
                f"{len(codes)} of {len(self.members)} technicians checked: "
                f"{jobs} {'job' if jobs == 1 else 'jobs'}, one sheet each.",
            )
        else:
            set_plain(self.summary, "")
        for button in (self.print_button, self.preview_button, self.save_button, self.open_button):
            button.setEnabled(bool(codes))
        self.all_button.setEnabled(bool(self.members))
        self.none_button.setEnabled(bool(self.members))

    # -- the document --------------------------------------------------------------------------
    def document(self) -> Document:
        """The crew sheets of the checked technicians (everyone's when all are checked)."""
        codes = self.checked_codes()
        everyone = len(codes) == len(self.members)
        day = self.shown_day if self.shown_day is not None else self.day()
        return documents.crew_sheets(day, None if everyone else codes, today=self.today)

    def print_sheets(self) -> None:
        self.printing.print_document(self.document(), self)

    def preview_sheets(self) -> None:
        self.printing.preview_document(self.document(), self)

    def save_sheets(self) -> None:
        self.printing.save_document(self.document(), self)

    def open_sheets(self) -> None:
        self.printing.open_document(self.document(), self)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
