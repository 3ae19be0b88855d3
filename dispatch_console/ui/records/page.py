"""The records page: customers, sites, assets and parts, each a list with its editor, and for a
customer its sites, for a site its assets, and for each of the three its service history.

A dispatcher sets up a whole customer here (the customer, then its sites from the customer's
own tab, then each site's assets) and looks one up while on the phone, without another tool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from dispatch_console.services import assets, customers, parts, record_lists, sites
from dispatch_console.services.assets import AssetRow
from dispatch_console.services.context import Changes, ServiceContext
from dispatch_console.services.customers import CustomerRow
from dispatch_console.services.parts import PartRow
from dispatch_console.services.sites import SiteRow
from dispatch_console.ui.bus import ChangeBus
from dispatch_console.ui.formatting import format_money
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import set_plain
from dispatch_console.ui.records.asset_dialog import AssetDialog
from dispatch_console.ui.records.customer_dialog import CustomerDialog
from dispatch_console.ui.records.editor import RecordEditor
from dispatch_console.ui.records.history import ASSET, CUSTOMER, SITE, HistoryPane
from dispatch_console.ui.records.part_dialog import PartDialog
from dispatch_console.ui.records.site_dialog import SiteDialog
from dispatch_console.ui.records.table import LIST_LIMIT, Column, Pages, RecordList
from dispatch_console.ui.widgets import heading, hint

PART = "part"
#: What each tab shows, so a change to any of these kinds of record refreshes it.
TAB_KINDS = {
    CUSTOMER: ("customer", "site", "asset", "work_order", "invoice", "booking"),
    SITE: ("customer", "site", "asset", "work_order", "booking"),
    ASSET: ("customer", "site", "asset", "work_order", "booking"),
    PART: ("part",),
}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _warranty(row: AssetRow) -> str:
    if row.warranty_until is None:
        return ""
    if row.under_warranty:
        return f"until {row.warranty_until.isoformat()}"
    return f"ended {row.warranty_until.isoformat()}"


CUSTOMER_COLUMNS: list[Column[CustomerRow]] = [
    Column("Code", lambda r: r.code),
    Column("Name", lambda r: r.name),
    Column("Phone", lambda r: r.phone),
    Column("E-mail", lambda r: r.email),
    Column("Sites", lambda r: str(r.site_count), sort=lambda r: r.site_count, right=True),
    Column("Open work", lambda r: str(r.open_work_orders), sort=lambda r: r.open_work_orders, right=True),
]
SITE_COLUMNS: list[Column[SiteRow]] = [
    Column("Code", lambda r: r.code),
    Column("Name", lambda r: r.name),
    Column("Customer", lambda r: r.customer_name, tip=lambda r: f"{r.customer_name} ({r.customer_code})"),
    Column("Address", lambda r: _first_line(r.address), tip=lambda r: r.address),
    Column("Contact", lambda r: r.contact_name),
    Column("Contact phone", lambda r: r.contact_phone),
    Column("Open work", lambda r: str(r.open_work_orders), sort=lambda r: r.open_work_orders, right=True),
]
CUSTOMER_SITE_COLUMNS = [c for c in SITE_COLUMNS if c.header != "Customer"]
ASSET_COLUMNS: list[Column[AssetRow]] = [
    Column("Code", lambda r: r.code),
    Column("Name", lambda r: r.name),
    Column("Category", lambda r: r.category),
    Column("Make / model", lambda r: " ".join(x for x in (r.make, r.model) if x)),
    Column("Serial", lambda r: r.serial),
    Column("Site", lambda r: r.site_name, tip=lambda r: f"{r.site_name} ({r.site_code}), {r.customer_name}"),
    Column("Customer", lambda r: r.customer_name),
    Column("Warranty", _warranty, sort=lambda r: r.warranty_until.isoformat() if r.warranty_until else ""),
]
SITE_ASSET_COLUMNS = [c for c in ASSET_COLUMNS if c.header not in ("Site", "Customer")]
PART_COLUMNS: list[Column[PartRow]] = [
    Column("SKU", lambda r: r.sku),
    Column("Unit price", lambda r: format_money(r.unit_price), sort=lambda r: float(r.unit_price), right=True),
    Column("Unit", lambda r: r.unit),
    Column("Description", lambda r: r.description),
]


@dataclass
class _Tab:
    """One tab: its list, and whether it must be loaded again before it is looked at."""

    kind: str
    records: RecordList[Any]
    stale: bool = True


class RecordsPage(QWidget):
    """Customers, Sites, Assets and Parts, as tabs.

    The main window calls ``show_customer``, ``show_site``, ``show_asset`` and ``show_part``
    (they select the tab and the row, and open nothing else), and connects ``open_work_order``.

    Signals:
        open_work_order: the number of a work order opened from a history.
    """

    open_work_order = Signal(str)

    def __init__(self, ctx: ServiceContext, bus: ChangeBus, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._bus = bus
        self.operations = operations
        #: The editor opened last (tests and the screenshots look at it).
        self.editor: RecordEditor | None = None
        self._closed_editors: list[RecordEditor] = []

        # Customers, sites and assets grow with the years: read a page at a time, by name.
        self.customers = RecordList(
            "customer", CUSTOMER_COLUMNS, lambda r: r.code, None,
            lambda code: customers.why_not_delete_customer(ctx, code),
            pages=Pages(lambda query, after, limit: record_lists.customer_page(ctx, query, after, limit),
                        lambda query: record_lists.customer_count(ctx, query)),
            search_hint="Finds customers by code, name, e-mail or phone digits",
        )
        self.sites = RecordList(
            "site", SITE_COLUMNS, lambda r: r.code, None,
            lambda code: sites.why_not_delete_site(ctx, code),
            pages=Pages(lambda query, after, limit: record_lists.site_page(ctx, query, after, limit),
                        lambda query: record_lists.site_count(ctx, query),
                        {"Name": "name", "Code": "code", "Customer": "customer"}),
            search_hint="Finds sites by code, name, address, customer or contact phone",
        )
        self.assets = RecordList(
            "asset", ASSET_COLUMNS, lambda r: r.code, None,
            lambda code: assets.why_not_delete_asset(ctx, code),
            pages=Pages(lambda query, after, limit: record_lists.asset_page(ctx, query, after, limit),
                        lambda query: record_lists.asset_count(ctx, query),
                        {"Name": "name", "Code": "code", "Site": "site", "Customer": "customer"}),
            search_hint="Finds assets by code, name, make, model, serial number or site",
        )
        self.parts = RecordList(
            "part", PART_COLUMNS, lambda r: r.sku,
            lambda text: parts.list_parts(ctx, text, LIST_LIMIT),
            lambda sku: parts.why_not_delete_part(ctx, sku),
            search_hint="Finds parts by SKU or description",
        )
        # A customer's own sites, and a site's own assets, to set a customer up from one place.
        self.customer_sites = RecordList(
            "site", CUSTOMER_SITE_COLUMNS, lambda r: r.code,
            lambda _text: self._sites_of_customer(),
            lambda code: sites.why_not_delete_site(ctx, code), searchable=False,
        )
        self.site_assets = RecordList(
            "asset", SITE_ASSET_COLUMNS, lambda r: r.code,
            lambda _text: self._assets_of_site(),
            lambda code: assets.why_not_delete_asset(ctx, code), searchable=False,
        )
        self.customer_history = HistoryPane(ctx)
        self.site_history = HistoryPane(ctx)
        self.asset_history = HistoryPane(ctx)
        for pane in (self.customer_history, self.site_history, self.asset_history):
            pane.open_work_order.connect(self.open_work_order)

        self.customer_title = heading("", scale=1.2)
        self.site_title = heading("", scale=1.2)
        self.asset_title = heading("", scale=1.2)
        for title in (self.customer_title, self.site_title, self.asset_title):
            title.setWordWrap(True)  # a long site name wraps instead of widening the window
        self.customer_details = QTabWidget()
        self.customer_details.addTab(self.customer_sites, "Sites")
        self.customer_details.addTab(self.customer_history, "History")
        self.site_details = QTabWidget()
        self.site_details.addTab(self.site_assets, "Assets")
        self.site_details.addTab(self.site_history, "History")

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._split(self.customers, self.customer_title, self.customer_details), "Customers")
        self.tabs.addTab(self._split(self.sites, self.site_title, self.site_details), "Sites")
        self.tabs.addTab(self._split(self.assets, self.asset_title, self.asset_history), "Assets")
        parts_box = QWidget()
        parts_layout = QVBoxLayout(parts_box)
        parts_layout.addWidget(hint("The price list: what technicians plan and use on work orders."))
        parts_layout.addWidget(self.parts, 1)
        self.tabs.addTab(parts_box, "Parts")
        self._tabs = [
            _Tab(CUSTOMER, self.customers), _Tab(SITE, self.sites), _Tab(ASSET, self.assets), _Tab(PART, self.parts),
        ]
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._wire(self.customers, CUSTOMER)
        self._wire(self.sites, SITE)
        self._wire(self.assets, ASSET)
        self._wire(self.parts, PART)
        self._wire(self.customer_sites, SITE, prefill=lambda: {"customer_code": self.customers.current_key() or ""})
        self._wire(self.site_assets, ASSET, prefill=lambda: {"site_code": self.sites.current_key() or ""})
        self.customers.current_changed.connect(self._on_customers_current_changed)
        self.sites.current_changed.connect(self._on_sites_current_changed)
        self.assets.current_changed.connect(self._on_assets_current_changed)
        bus.changed.connect(self._on_bus_changed)
        self._refresh_tab(0)

    def _split(self, records: QWidget, title: QWidget, details: QWidget) -> QSplitter:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(details, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(6, 6, 0, 6)
        list_layout.addWidget(records)
        splitter.addWidget(list_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([1100, 800])  # in proportion: the history needs room too
        return splitter

    def _wire(self, records: RecordList[Any], kind: str,
              prefill: Callable[[], dict[str, str]] | None = None) -> None:
        records.new_requested.connect(lambda: self.open_editor(kind, None, **(prefill() if prefill else {})))
        records.edit_requested.connect(lambda code: self.open_editor(kind, code))
        records.delete_requested.connect(lambda code: self.delete(kind, code))

    # -- public: what the main window calls ---------------------------------------------------------
    def show_customer(self, code: str) -> bool:
        """Select the Customers tab and the customer ``code``; False if there is none."""
        return self._show(0, code)

    def show_site(self, code: str) -> bool:
        return self._show(1, code)

    def show_asset(self, code: str) -> bool:
        return self._show(2, code)

    def show_part(self, sku: str) -> bool:
        return self._show(3, sku)

    def refresh(self) -> None:
        """Load the shown tab again now; the others when they are next looked at."""
        for tab in self._tabs:
            tab.stale = True
        self._refresh_tab(self.tabs.currentIndex())

    # -- acting -----------------------------------------------------------------------------------
    def open_editor(self, kind: str, code: str | None, **prefill: str) -> RecordEditor:
        """The editor of a record (a new one when ``code`` is None), shown beside the page."""
        for old in self._closed_editors:
            old.deleteLater()
        self._closed_editors.clear()
        parent = self.window()
        editor: RecordEditor
        if kind == CUSTOMER:
            editor = CustomerDialog(self._ctx, self.operations, code, parent)
        elif kind == SITE:
            editor = SiteDialog(self._ctx, self.operations, code, parent, customer_code=prefill.get("customer_code", ""))
        elif kind == ASSET:
            editor = AssetDialog(self._ctx, self.operations, code, parent, site_code=prefill.get("site_code", ""))
        else:
            editor = PartDialog(self._ctx, self.operations, code, parent)
        editor.setWindowModality(Qt.WindowModality.WindowModal)
        editor.accepted.connect(lambda: self._on_editor_saved(kind, editor))
        editor.finished.connect(lambda _result: self._closed_editors.append(editor))
        self.editor = editor
        editor.show()
        return editor

    def delete(self, kind: str, code: str) -> bool:
        """Delete a record after asking; refused in words while anything refers to it."""
        version, name = self._version_and_name(kind, code)
        deleter: dict[str, Callable[[ServiceContext, str, int | None], None]] = {
            CUSTOMER: customers.delete_customer, SITE: sites.delete_site,
            ASSET: assets.delete_asset, PART: parts.delete_part,
        }
        title = f"Delete {kind} {code}"
        op: Op[None] = Op(
            title,
            lambda _confirm: deleter[kind](self._ctx, code, version),
            parent=self,
            ask_first=f"Delete {kind} {code}, {name}? This cannot be undone.",
            on_stale=self.refresh,
            done=lambda _value: f"Deleted {kind} {code}",
        )
        return self.operations.run(op) is not None

    def _version_and_name(self, kind: str, code: str) -> tuple[int, str]:
        if kind == CUSTOMER:
            c = customers.get_customer(self._ctx, code)
            return c.version, c.spec.name
        if kind == SITE:
            s = sites.get_site(self._ctx, code)
            return s.version, s.spec.name
        if kind == ASSET:
            a = assets.get_asset(self._ctx, code)
            return a.version, a.spec.name
        p = parts.get_part(self._ctx, code)
        return p.version, p.spec.description

    # -- inside -----------------------------------------------------------------------------------
    def _sites_of_customer(self) -> list[SiteRow]:
        code = self.customers.current_key()
        return record_lists.sites_of_customer(self._ctx, code) if code else []

    def _assets_of_site(self) -> list[AssetRow]:
        code = self.sites.current_key()
        return assets.list_assets(self._ctx, site_code=code) if code else []

    def _show(self, index: int, code: str) -> bool:
        self.tabs.setCurrentIndex(index)
        self._refresh_tab(index, only_if_stale=True)
        return self._tabs[index].records.show_key(code)

    def _refresh_tab(self, index: int, *, only_if_stale: bool = False) -> None:
        tab = self._tabs[index]
        if only_if_stale and not tab.stale:
            return
        tab.stale = False
        tab.records.refresh()  # its details follow through current_changed

    def _on_editor_saved(self, kind: str, editor: RecordEditor) -> None:
        code = editor.saved_code()
        if code is None:
            return
        lists: dict[str, RecordList[Any]] = {CUSTOMER: self.customers, SITE: self.sites, ASSET: self.assets, PART: self.parts}
        index = [CUSTOMER, SITE, ASSET, PART].index(kind)
        if self.tabs.currentIndex() == index:
            lists[kind].show_key(code)
        subs: dict[str, RecordList[Any]] = {SITE: self.customer_sites, ASSET: self.site_assets}
        sub = subs.get(kind)
        if sub is not None:
            sub.table.select_key(code)

    @Slot(str)
    def _on_customers_current_changed(self, code: str) -> None:
        row = next((r for r in self.customers.model.rows if r.code == code), None)
        set_plain(self.customer_title, f"{row.name} ({row.code})" if row else "No customer chosen")
        self.customer_sites.refresh()
        self.customer_sites.new_button.setEnabled(row is not None)
        self.customer_details.setTabText(0, f"Sites ({self.customer_sites.model.rowCount()})" if row else "Sites")
        self.customer_history.show_history(CUSTOMER, code or None)

    @Slot(str)
    def _on_sites_current_changed(self, code: str) -> None:
        row = next((r for r in self.sites.model.rows if r.code == code), None)
        set_plain(self.site_title, f"{row.name} ({row.code}), {row.customer_name}" if row else "No site chosen")
        self.site_assets.refresh()
        self.site_assets.new_button.setEnabled(row is not None)
        self.site_details.setTabText(0, f"Assets ({self.site_assets.model.rowCount()})" if row else "Assets")
        self.site_history.show_history(SITE, code or None)

    @Slot(str)
    def _on_assets_current_changed(self, code: str) -> None:
        row = next((r for r in self.assets.model.rows if r.code == code), None)
        set_plain(self.asset_title, f"{row.name} ({row.code}) at {row.site_name}" if row else "No asset chosen")
        self.asset_history.show_history(ASSET, code or None)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if self.isVisible():
            self._refresh_tab(index, only_if_stale=True)

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        touched = False
        for tab in self._tabs:
            if changes.touches(*TAB_KINDS[tab.kind]):
                tab.stale = touched = True
        if touched and self.isVisible():
            self._refresh_tab(self.tabs.currentIndex(), only_if_stale=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_tab(self.tabs.currentIndex(), only_if_stale=True)
