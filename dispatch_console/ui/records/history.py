"""A customer's, site's or asset's service history: open work first, then everything done, the
customer's invoices, the last completion, and whether a new visit would be a possible callback.

A dispatcher on the phone sees at a glance what is still to do there and when it was last
serviced; a double-click (or Enter) on a work order opens it. Ten years of a customer is read
from the newest back: all the open work and the newest of the rest, "Show older" for more.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from dispatch_console.domain.lifecycle import is_finished
from dispatch_console.services import assets, record_history, record_lists
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.record_history import History, InvoiceRow, JobRow
from dispatch_console.ui.formatting import (
    format_count,
    format_day,
    format_moment,
    format_money,
    label,
)
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.records.table import Column, RecordTable, RowsModel
from dispatch_console.ui.widgets import heading, hint

CUSTOMER, SITE, ASSET = "customer", "site", "asset"
CALLBACK_STYLE = "QLabel { color: #8d2a1a; font-weight: bold; }"


class HistoryPane(QWidget):
    """The history of one record (``show_history``); empty until one is chosen.

    Signals:
        open_work_order: the number of a work order the dispatcher opened.
    """

    open_work_order = Signal(str)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.kind: str | None = None
        self.code: str | None = None
        self.history: History | None = None
        #: How many finished work orders (and invoices) are read: one page more per "Show older".
        self.limit = record_history.HISTORY_PAGE
        self._fitted = False
        tz = ctx.zone()
        self._tz = tz

        self.summary_label = plain_label("", wrap=True)
        self.callback_label = plain_label("", wrap=True)
        self.callback_label.setObjectName("possibleCallback")
        self.callback_label.setStyleSheet(CALLBACK_STYLE)
        self.jobs_heading = heading("Work orders", scale=1.1)
        self.jobs_model: RowsModel[JobRow] = RowsModel(self._job_columns(), lambda j: j.number, self)
        self.jobs_table = RecordTable(self.jobs_model, sortable=False)
        self.jobs_table.setToolTip("Open work first, then the rest, newest first; double-click or Enter opens one")
        self.jobs_table.open_requested.connect(self.open_work_order)
        self.invoices_heading = heading("Invoices", scale=1.1)
        self.invoices_model: RowsModel[InvoiceRow] = RowsModel(
            [
                Column("Invoice", lambda i: i.number),
                Column("Issued", lambda i: format_day(i.issued_on)),
                Column("Due", lambda i: format_day(i.due_on)),
                Column("Total", lambda i: f"{format_money(i.total)} {i.currency}", right=True),
            ],
            lambda i: i.number, self,
        )
        self.invoices_table = RecordTable(self.invoices_model, sortable=False)
        self.empty_label = hint("Choose a record to see its history.")
        self.older_button = QPushButton("Show &older")
        self.older_button.setObjectName("showOlder")
        self.older_button.setToolTip("Read further back in this history")
        self.older_button.clicked.connect(self._on_older_button_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.callback_label)
        layout.addWidget(self.jobs_heading)
        layout.addWidget(self.jobs_table, 3)
        layout.addWidget(self.invoices_heading)
        layout.addWidget(self.invoices_table, 1)
        layout.addWidget(self.older_button)
        self._show_parts(False)

    def _job_columns(self) -> list[Column[JobRow]]:
        def when(moment: datetime | None) -> str:
            return format_moment(moment, self._tz, year_of=self._ctx.now())

        return [
            Column("Number", lambda j: j.number),
            Column("Status", lambda j: label(j.status.value)),
            Column("Summary", lambda j: j.summary),
            Column("Scheduled", lambda j: when(j.scheduled_start)),
            Column("Completed", lambda j: when(j.completed_at)),
            Column("Callback?", lambda j: "possible callback" if j.possible_callback else "",
                   tip=lambda j: "Created within 30 days of the last completion there" if j.possible_callback else ""),
            Column("Type", lambda j: label(j.type.value)),
            Column("Site", lambda j: j.site_code),
            Column("Asset", lambda j: j.asset_code or ""),
        ]

    # -- public -----------------------------------------------------------------------------------
    def show_history(self, kind: str | None, code: str | None) -> None:
        """The history of the customer, site or asset ``code`` (None: nothing chosen)."""
        if (kind, code) != (self.kind, self.code):
            self.limit = record_history.HISTORY_PAGE
        self.kind, self.code = kind, code
        self.refresh()

    def show_older(self) -> None:
        """Read a page further back (as "Show older")."""
        self.limit += record_history.HISTORY_PAGE
        self.refresh()

    def refresh(self) -> None:
        if self.kind is None or not self.code:
            self.history = None
            self._show_parts(False)
            return
        self._tz = self._ctx.zone()
        if self.kind == CUSTOMER:
            history = record_history.customer_history(self._ctx, self.code, self.limit)
        elif self.kind == SITE:
            history = record_history.site_history(self._ctx, self.code, self.limit)
        else:
            history = record_history.asset_history(self._ctx, self.code, self.limit)
        self.history = history
        open_first = [j for j in history.work_orders if not is_finished(j.status)] + [
            j for j in history.work_orders if is_finished(j.status)
        ]
        self.jobs_model.set_rows(open_first)
        self.invoices_model.set_rows(history.invoices)
        if not self._fitted and (open_first or history.invoices):  # once: measuring is most of a refresh
            self.jobs_table.fit_columns(220)
            self.invoices_table.fit_columns()
            self._fitted = True
        self._show_parts(True)
        set_plain(self.summary_label, self._summary(history))
        callback = self._callback_words()
        set_plain(self.callback_label, callback)
        self.callback_label.setVisible(bool(callback))
        set_plain(self.jobs_heading, f"Work orders ({_shown(len(history.work_orders), history.older_work_orders)})")
        set_plain(self.invoices_heading, f"Invoices ({_shown(len(history.invoices), history.older_invoices)})")
        self.older_button.setVisible(history.has_older)

    def job_numbers(self) -> list[str]:
        """The work orders as listed: open work first."""
        return self.jobs_table.keys()

    # -- inside -----------------------------------------------------------------------------------
    def _show_parts(self, shown: bool) -> None:
        self.empty_label.setVisible(not shown)
        for widget in (self.summary_label, self.jobs_heading, self.jobs_table):
            widget.setVisible(shown)
        self.callback_label.setVisible(False)
        self.older_button.setVisible(False)
        invoices = shown and self.kind == CUSTOMER
        self.invoices_heading.setVisible(invoices)
        self.invoices_table.setVisible(invoices)

    def _summary(self, history: History) -> str:
        open_count = len(history.open_work)
        parts = [
            "No open work." if not open_count
            else f"{format_count(open_count)} open work order{'s' if open_count != 1 else ''}: "
            + ", ".join(j.number for j in history.open_work) + "."
        ]
        if history.last_completed is not None:
            when = format_moment(history.last_completed, self._tz)
            parts.append(f"Last completed: {history.last_completed_number} on {when}.")
        else:
            parts.append("Nothing completed yet.")
        return " ".join(parts)

    def _callback_words(self) -> str:
        """Whether a visit now would be a possible callback (for a customer: at any of its sites)."""
        assert self.code is not None
        if self.kind == ASSET:
            site_code = assets.get_asset(self._ctx, self.code).spec.site_code
            flag = record_history.possible_callback(self._ctx, site_code=site_code, asset_code=self.code)
            return _said(flag.words) if flag else ""
        if self.kind == SITE:
            flag = record_history.possible_callback(self._ctx, site_code=self.code)
            return _said(flag.words) if flag else ""
        said = []
        for site in record_lists.sites_of_customer(self._ctx, self.code):
            flag = record_history.possible_callback(self._ctx, site_code=site.code)
            if flag is not None:
                said.append(f"A new visit at {site.name} ({site.code}) would be a {flag.words}.")
        return "\n".join(said)

    @Slot()
    def _on_older_button_clicked(self) -> None:
        self.show_older()


def _shown(count: int, older: int) -> str:
    """``12``, or ``the newest 50 of 1,234`` when older ones are not read yet."""
    return f"the newest {format_count(count)} of {format_count(count + older)}" if older else format_count(count)


def _said(words: str) -> str:
    return f"A new visit now would be a {words}."

