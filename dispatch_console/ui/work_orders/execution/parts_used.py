"""Parts used on the job: the table with amounts, and adding one found in the parts list as you type."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.money import parse_decimal, parts_amount
from dispatch_console.domain.record_rules import decimal_text
from dispatch_console.services import execution, parts, work_orders
from dispatch_console.services.parts import PartRow
from dispatch_console.ui.fitting import keep_on_screen, natural_size
from dispatch_console.ui.formatting import format_decimal, format_money
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op
from dispatch_console.ui.plain_text import set_plain, tooltip
from dispatch_console.ui.work_orders.execution.common import (
    ExecutionPane,
    TableKeys,
    allow,
    at_field,
    chain_tab_order,
    record_table,
    total_and_buttons,
)

AnyIndex = QModelIndex | QPersistentModelIndex
#: How many parts the search shows as you type.
SEARCH_LIMIT = 20


class PartsUsedModel(QAbstractTableModel):
    """The parts used on one work order, with the price charged and the amount."""

    def __init__(self, pane: PartsUsedPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.rows: list[Any] = []

    def headers(self) -> tuple[str, ...]:
        currency = f" ({self._pane.currency})" if self._pane.currency else ""
        return ("SKU", "Description", "Quantity", "Unit", f"Unit price{currency}", "Amount")

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        used = self.rows[index.row()]
        column = index.column()
        price = price_of(used)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                used.part.sku,
                used.part.description,
                format_decimal(used.quantity),
                used.part.unit,
                format_money(price),
                format_money(parts_amount(used.quantity, price)),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4 and used.unit_price is not None:
                return f"Price for this job (list price {format_money(used.part.unit_price)})"
            return tooltip(self.data(index))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def price_of(used: Any) -> Decimal:
    """The price charged for a part used: this job's own, else the list price."""
    return used.unit_price if used.unit_price is not None else used.part.unit_price


class PartsUsedPane(ExecutionPane):
    """The parts the crew used, priced, and Add… to record one more."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        layout = QVBoxLayout(self)
        self.model = PartsUsedModel(self)
        self.table = record_table("partsUsedTable", self.model, stretch=1)
        layout.addWidget(self.table, 1)
        bottom, self.total_label, (self.add_button, self.remove_button) = total_and_buttons(
            "partsTotal", ("&Add part…", "addPartUsed"), ("&Remove…", "removePartUsed"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._refresh_remove)
        # Enter adds a part like the chosen one (to correct it), Delete removes it.
        TableKeys(self.table, enter=lambda row: self.open_add_dialog(self.model.rows[row]), delete=self.remove_part)
        layout.addLayout(bottom)
        chain_tab_order(self.table, self.add_button, self.remove_button)
        self.add_dialog: PartUsedDialog | None = None

    def fill(self, wo: Any) -> None:
        self.model.set_rows(list(wo.parts_used))
        total = sum((parts_amount(u.quantity, price_of(u)) for u in wo.parts_used), Decimal(0))
        set_plain(
            self.total_label,
            f"Parts total {format_money(total)} {self.currency} before tax." if wo.parts_used else "No parts used yet.",
        )
        allow(self.add_button, self.why_not(lambda f: lifecycle.check_record_execution(f, "parts")),
              "Record a part used on this job")
        self._refresh_remove()

    def chosen(self) -> Any:
        """The part used chosen in the table (None: none is)."""
        rows = self.table.selectionModel().selectedRows()
        index = self.table.currentIndex()
        row = rows[0].row() if rows else (index.row() if index.isValid() else -1)
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _refresh_remove(self, *_args: Any) -> None:
        if self.chosen() is None:
            self.remove_button.setEnabled(False)
            self.remove_button.setToolTip("Choose the part to remove")
            return
        allow(self.remove_button, self.why_not(lifecycle.check_remove_part_used),
              "Remove the chosen part, recorded by mistake (Delete); Enter adds one like it to correct it")

    def remove_part(self, row: int | None = None) -> bool:
        """Remove the chosen part used (or the one in ``row``) after asking, naming it; when the
        rules refuse, the refusal says why and nothing is asked. True when removed."""
        used = self.chosen() if row is None else self.model.rows[row]
        if used is None:
            return False
        what = f"{format_decimal(used.quantity)} {used.part.unit} of {used.part.sku}"
        seen = execution.part_used_as_seen(used)
        used_id = int(used.id)
        done = self.run(
            f"Remove {what} from {self.number}",
            lambda: execution.remove_part_used(self.ctx, self.number, used_id, as_seen=seen),
            ask_first=(f"Remove {what} ({used.part.description}) from {self.number}?"
                       if self.why_not(lifecycle.check_remove_part_used) is None else None),
            on_stale=lambda: self.show_work_order(work_orders.details(self.ctx, self.number)),
        )
        return done is not None

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.open_add_dialog()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.remove_part()

    def open_add_dialog(self, like: Any = None) -> PartUsedDialog:
        """The dialog for a part used (shown, not waited for); ``like`` fills it from a part used
        (to add it again corrected)."""
        dialog = PartUsedDialog(self, parent=self.window(), like=like)
        self.add_dialog = dialog
        dialog.open()
        return dialog


class PartUsedDialog(RecordDialog):
    """A part used: found in the parts list as you type, its quantity and the price charged
    (the list price unless changed for this job)."""

    def __init__(self, pane: PartsUsedPane, parent: QWidget | None = None, like: Any = None) -> None:
        super().__init__(f"Add a part used on {pane.number}", pane.operations, parent)
        self.pane = pane
        self.like = like
        self.chosen: PartRow | None = None
        self.search = QLineEdit()
        self.search.setObjectName("partSearch")
        self.search.setPlaceholderText("SKU or description")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("partResults")
        self.results.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.quantity = QLineEdit()
        self.quantity.setObjectName("partQuantity")
        self.price = QLineEdit()
        self.price.setObjectName("partPrice")
        self.form.add("part", "&Part:", self.search)
        self.form.rows.addRow("", self.results)
        self.form.add("quantity", "&Quantity:", self.quantity)
        self.form.add("unit_price", f"Unit &price ({pane.currency}):" if pane.currency else "Unit &price:", self.price)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.search.installEventFilter(self)
        self.results.currentItemChanged.connect(self._on_results_current_item_changed)
        self.load()
        self.first_field = self.search
        keep_on_screen(self, natural_size(self).expandedTo(QSize(600, 0)))

    def load(self) -> None:
        self.search.clear()
        self.quantity.setText("1")
        self.price.clear()
        self._find("")
        if self.like is not None:
            self.search.setText(self.like.part.sku)
            self._find(self.like.part.sku)
            self.quantity.setText(format_decimal(self.like.quantity))
            self.price.setText(decimal_text(price_of(self.like), 2))
        self.form.mark_clean()

    # -- finding the part -----------------------------------------------------------------------
    def _find(self, text: str) -> None:
        found = parts.list_parts(self.pane.ctx, text, SEARCH_LIMIT)
        self.results.blockSignals(True)
        self.results.clear()
        for row in found:
            item = QListWidgetItem(f"{row.sku} — {row.description} ({format_money(row.unit_price)} / {row.unit})")
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setToolTip(tooltip(item.text()))
            self.results.addItem(item)
        self.results.blockSignals(False)
        if text.strip() and found:
            self.results.setCurrentRow(0)
        else:
            self._choose(None)

    @Slot(str)
    def _on_search_text_edited(self, text: str) -> None:
        self._find(text)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_results_current_item_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        self._choose(current.data(Qt.ItemDataRole.UserRole) if current is not None else None)

    def _choose(self, row: PartRow | None) -> None:
        """The part chosen; its list price is the price unless the user typed another."""
        previous = self.chosen
        self.chosen = row
        typed_own = previous is not None and self.price.text().strip() not in ("", decimal_text(previous.unit_price, 2))
        if row is not None and not typed_own:
            self.price.setText(decimal_text(row.unit_price, 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the search field move through the results, so the keyboard is enough.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.results.count():
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    # -- saving ---------------------------------------------------------------------------------
    def save_op(self) -> Op[Any] | None:
        pane = self.pane
        chosen = self.chosen
        title = f"Add a part used on {pane.number}"
        problems: dict[str, str] = {}
        if chosen is None:
            problems["part"] = "no part is chosen; type part of its SKU or description and pick it from the list"
        quantity = price = None
        try:
            quantity = parse_decimal(self.quantity.text(), "quantity")
        except ValidationError as exc:
            problems["quantity"] = str(exc)
        if self.price.text().strip():
            try:
                price = parse_decimal(self.price.text(), "price")
            except ValidationError as exc:
                problems["unit_price"] = str(exc)
        if problems:
            self.form.show_problems(problems)
            return None
        assert chosen is not None and quantity is not None
        own_price = None if price is None or price == chosen.unit_price else price
        sku = chosen.sku
        title = f"Add {format_decimal(quantity)} {chosen.unit} of {sku} to {pane.number}"
        return Op(title, lambda _confirm: at_field(
            "quantity", lambda: execution.use_part(pane.ctx, pane.number, sku, quantity, own_price), title,
            {"unit price": "unit_price"},
        ))
