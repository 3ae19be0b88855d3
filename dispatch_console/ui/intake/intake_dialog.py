"""New request: the form a dispatcher fills while the customer is on the phone (Ctrl+N).

Built for speed: type any part of the caller's name, phone, address or site code and the
matching customers list under the field (Down/Up walk it, Enter picks); the site and the asset
follow from the customer, the contact from the site. Tab walks the form in reading order,
Enter moves on like Tab, and Ctrl+Enter (or Enter on Save) saves. What the dispatcher should
know before promising a visit (open work already at the site or on the asset, the asset's
warranty) is said in a line under the asset: a hint, never a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import record_rules as rules
from dispatch_console.domain.enums import Priority, RequestSource, WorkOrderType
from dispatch_console.services import assets, customers, intake, record_history, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customer_search import CustomerChoice, SiteChoice, find_customers
from dispatch_console.ui.fitting import keep_on_screen, natural_size, scrolling
from dispatch_console.ui.formatting import label
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.widgets import hint

#: What each source of a request is called on the form.
SOURCE_LABELS = {
    RequestSource.PHONE: "Phone call",
    RequestSource.EMAIL: "E-mail",
    RequestSource.PORTAL: "Customer portal",
    RequestSource.TECHNICIAN: "Technician in the field",
    RequestSource.RECURRING_PLAN: "Recurring plan",
}
#: "Not said": the caller did not ask for a kind of work; the reviewer decides.
NOT_SAID = "(not said)"
NO_ASSET = "(no particular asset)"
#: The longest problem statement the form takes (it is a note, not a document).
PROBLEM_LENGTH = 4000
WARNING_STYLE = "QLabel { color: #8d4e00; }"


def customer_line(choice: CustomerChoice) -> str:
    """A found customer as the list under the search field shows it."""
    first = choice.sites[0] if choice.sites else None
    where = f" · {first.code} {first.address}" if first else ""
    phone = f" · {choice.phone}" if choice.phone else ""
    return f"{choice.name} ({choice.code}){phone}{where}"


class CustomerFinder(QWidget):
    """A search field with the matching customers under it; the keyboard walks the list.

    Signals:
        edited: the typed text or the chosen customer changed (for the form).
        picked: CustomerChoice or None — a customer was chosen, or the search typed over.
        entered: the user picked one from the list (Enter or a click): time to move on.
    """

    edited = Signal()
    picked = Signal(object)
    entered = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.found: list[CustomerChoice] = []
        self.chosen: CustomerChoice | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setPlaceholderText("Name, phone, address or site code")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results_model = QStringListModel(self)
        self.results = QListView()
        self.results.setObjectName("customerResults")
        self.results.setModel(self.results_model)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the search field
        self.results.setMaximumHeight(self.results.fontMetrics().height() * 7)
        self.results.hide()
        layout.addWidget(self.results)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.search.installEventFilter(self)
        self.results.clicked.connect(self._on_results_clicked)

    def form_value(self) -> str:
        return self.chosen.code if self.chosen else self.search.text()

    def choose(self, choice: CustomerChoice) -> None:
        """Take ``choice`` as the caller's customer."""
        self.chosen = choice
        self.search.setText(f"{choice.name} ({choice.code})")
        self.results.hide()
        self.edited.emit()
        self.picked.emit(choice)

    def choose_code(self, code: str) -> bool:
        """Find and choose the customer with this code (after creating one); True when found."""
        match = next((c for c in find_customers(self._ctx, code) if c.code == code), None)
        if match is not None:
            self.choose(match)
        return match is not None

    @Slot(str)
    def _on_search_text_edited(self, text: str) -> None:
        self.chosen = None
        self.found = find_customers(self._ctx, text)
        self.results_model.setStringList([customer_line(c) for c in self.found])
        self.results.setVisible(bool(self.found))
        if self.found:
            self.results.setCurrentIndex(self.results_model.index(0))
        self.edited.emit()
        self.picked.emit(None)

    @Slot()
    def _on_results_clicked(self) -> None:
        self._pick_current()

    def _pick_current(self) -> bool:
        row = self.results.currentIndex().row()
        if not self.results.isVisible() or not 0 <= row < len(self.found):
            return False
        self.choose(self.found[row])
        self.entered.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(len(self.found) - 1, self.results.currentIndex().row() + step))
                self.results.setCurrentIndex(self.results_model.index(row))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if self._pick_current():
                    return True
            if key == Qt.Key.Key_Escape and self.results.isVisible():
                self.results.hide()
                return True
        return super().eventFilter(watched, event)


class WithButton(QWidget):
    """A field and a button beside it ("New site…"), one form row; the field's value is the form's."""

    def __init__(self, field: QWidget, button: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.edited = getattr(field, "edited", None) or getattr(field, "currentIndexChanged", None)

    def form_value(self) -> str:
        custom = getattr(self.field, "form_value", None)
        if callable(custom):
            return str(custom())
        return self.field.currentText() if isinstance(self.field, QComboBox) else ""



class IntakeDialog(RecordDialog):
    """New request: customer, site, asset, contact, problem, source and priority.

    ``saved`` is the request's number once it is recorded.
    """

    def __init__(self, ctx: ServiceContext, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__("New request", operations, parent)
        self.setObjectName("intakeDialog")
        self._ctx = ctx
        self._sites: list[SiteChoice] = []
        self._assets: list[assets.AssetRow] = []
        form = self.form
        form.rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        # The form scrolls rather than growing past a 1366x768 screen at 200 %.
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeWidget(form)
        outer.insertWidget(0, scrolling(form), 1)

        self.finder = CustomerFinder(ctx)
        self.new_customer_button = QPushButton("New c&ustomer…")
        self.new_customer_button.setObjectName("newCustomer")
        form.add("customer", "&Customer:", WithButton(self.finder, self.new_customer_button))
        self.site = QComboBox()
        self.site.setObjectName("site")
        self.new_site_button = QPushButton("New si&te…")
        self.new_site_button.setObjectName("newSite")
        form.add("site_code", "&Site:", WithButton(self.site, self.new_site_button))
        self.asset = QComboBox()
        self.asset.setObjectName("asset")
        form.add("asset_code", "&Asset:", self.asset)
        self.warning = plain_label("", wrap=True)
        self.warning.setObjectName("intakeWarning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warranty = hint("")
        self.warranty.setObjectName("intakeWarranty")
        notes_box = QWidget()
        notes_column = QVBoxLayout(notes_box)
        notes_column.setContentsMargins(0, 0, 0, 0)
        notes_column.addWidget(self.warning)
        notes_column.addWidget(self.warranty)
        form.rows.addRow("", notes_box)
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("contactName")
        form.add("contact_name", "Contact &name:", self.contact_name)
        self.contact_phone = QLineEdit()
        self.contact_phone.setObjectName("contactPhone")
        form.add("contact_phone", "Contact &phone:", self.contact_phone)
        self.access_notes = plain_label("", wrap=True, wrap_anywhere=True)
        self.access_notes.setObjectName("accessNotes")
        self.access_notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.rows.addRow("Access notes:", self.access_notes)
        self.problem = QPlainTextEdit()
        self.problem.setObjectName("problem")
        self.problem.setTabChangesFocus(True)
        self.problem.setPlaceholderText("What the caller reports, in their words")
        self.problem.setFixedHeight(self.problem.fontMetrics().height() * 5)
        form.add("problem", "P&roblem:", self.problem)
        self.source = QComboBox()
        self.source.setObjectName("source")
        for source, text in SOURCE_LABELS.items():  # "customer, channel not recorded" is only old data
            self.source.addItem(text, source)
        form.add("source", "S&ource:", self.source)
        self.priority = QComboBox()
        self.priority.setObjectName("priority")
        for priority in Priority:
            self.priority.addItem(label(priority), priority)
        self.priority.setCurrentIndex(self.priority.findData(intake.RequestSpec.priority))
        form.add("priority", "Pr&iority:", self.priority)
        self.requested_type = QComboBox()
        self.requested_type.setObjectName("requestedType")
        self.requested_type.addItem(NOT_SAID, None)
        for kind in WorkOrderType:
            self.requested_type.addItem(label(kind), kind)
        form.add("requested_type", "Asks &for:", self.requested_type)

        self.save_button.setText("Save request")
        for button in (self.new_customer_button, self.new_site_button):
            # Out of the Tab chain, so Tab goes field to field; Alt+U and Alt+T reach them.
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.save_button.setDefault(False)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._on_save_shortcut_activated)
        for combo in (self.site, self.asset, self.source, self.priority, self.requested_type):
            # Long site addresses must not widen the form past the screen.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        self.setTabOrder(self.finder.search, self.site)
        self.setTabOrder(self.site, self.asset)
        self.setTabOrder(self.asset, self.contact_name)
        self.setTabOrder(self.contact_name, self.contact_phone)
        self.setTabOrder(self.contact_phone, self.problem)
        self.setTabOrder(self.problem, self.source)
        self.setTabOrder(self.source, self.priority)
        self.setTabOrder(self.priority, self.requested_type)

        self.finder.picked.connect(self._on_finder_picked)
        self.finder.entered.connect(self._on_finder_entered)
        self.site.currentIndexChanged.connect(self._on_site_current_index_changed)
        self.asset.currentIndexChanged.connect(self._on_asset_current_index_changed)
        self.new_customer_button.clicked.connect(self._on_new_customer_button_clicked)
        self.new_site_button.clicked.connect(self._on_new_site_button_clicked)
        self.new_site_button.setEnabled(False)
        self.load()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        # Room for the whole form with the results list open; the screen bounds it.
        wide = self.fontMetrics().averageCharWidth() * 100
        self.on_screen = keep_on_screen(self, QSize(wide, natural_size(self).height() + self.finder.results.maximumHeight()))

    # -- RecordDialog -----------------------------------------------------------------------------
    def load(self) -> None:
        """An empty request (a new request has nothing saved to reload)."""
        self.form.mark_clean()

    def save_op(self) -> Op[str] | None:
        problems: dict[str, str] = {}
        customer = self.finder.chosen
        site = self.current_site()
        if customer is None:
            problems["customer"] = ("choose the caller's customer: type part of the name, phone, address "
                                    "or site code and pick it from the list (or add a new customer)")
        elif site is None:
            problems["site_code"] = "choose the site where the work is (or add a new site)"
        statement = self.problem.toPlainText()
        problem = rules.required_text_problem(statement, "problem statement", PROBLEM_LENGTH)
        if problem:
            problems["problem"] = problem
        phone = self.contact_phone.text()
        if phone.strip() and (phone_problem := rules.phone_problem(phone, "contact phone")):
            problems["contact_phone"] = phone_problem
        if problems:
            self.form.show_problems(problems)
            return None
        assert site is not None
        asset = self.current_asset()
        spec = intake.RequestSpec(
            site_code=site.code,
            problem=statement,
            source=RequestSource(self.source.currentData()),
            priority=Priority(self.priority.currentData()),
            asset_code=asset.code if asset else None,
            contact_name=self.contact_name.text(),
            contact_phone=phone,
            requested_type=self.requested_type.currentData(),
        )
        ctx = self._ctx
        return Op(
            f"Record the request of {customer.name if customer else ''}",
            lambda _confirm: intake.create_request(ctx, spec),
            done=lambda number: f"Request {number} recorded",
        )

    # -- what is chosen ---------------------------------------------------------------------------
    def current_site(self) -> SiteChoice | None:
        index = self.site.currentIndex()
        return self._sites[index] if 0 <= index < len(self._sites) else None

    def current_asset(self) -> assets.AssetRow | None:
        index = self.asset.currentIndex() - 1  # the first entry is "no particular asset"
        return self._assets[index] if 0 <= index < len(self._assets) else None

    # -- filling in -------------------------------------------------------------------------------
    @Slot(object)
    def _on_finder_picked(self, choice: CustomerChoice | None) -> None:
        self._sites = list(choice.sites) if choice else []
        self.site.blockSignals(True)
        self.site.clear()
        for s in self._sites:
            address = ", ".join(part.strip() for part in s.address.splitlines() if part.strip())
            self.site.addItem(f"{s.name} ({s.code}) · {address}", s.code)
        self.site.blockSignals(False)
        self.new_site_button.setEnabled(choice is not None)
        self._site_changed()

    @Slot()
    def _on_finder_entered(self) -> None:
        self.site.setFocus(Qt.FocusReason.TabFocusReason)  # picked: on to the site

    @Slot(int)
    def _on_site_current_index_changed(self, _index: int) -> None:
        self._site_changed()

    def _site_changed(self) -> None:
        site = self.current_site()
        self._assets = assets.list_assets(self._ctx, site_code=site.code) if site else []
        self.asset.blockSignals(True)
        self.asset.clear()
        self.asset.addItem(NO_ASSET, None)
        for a in self._assets:
            serial = f", serial {a.serial}" if a.serial else ""
            self.asset.addItem(f"{a.name} ({a.code}{serial})", a.code)
        self.asset.blockSignals(False)
        self.contact_name.setText(site.contact_name if site else "")
        self.contact_phone.setText(site.contact_phone if site else "")
        set_plain(self.access_notes, site.access_notes if site else "", wrap_anywhere=True)
        self._update_warnings()

    @Slot(int)
    def _on_asset_current_index_changed(self, _index: int) -> None:
        self._update_warnings()

    def _update_warnings(self) -> None:
        site, asset = self.current_site(), self.current_asset()
        open_work: dict[str, record_history.JobRow] = {}
        if site is not None:
            open_work.update({j.number: j for j in record_history.site_history(self._ctx, site.code).open_work})
        if asset is not None:
            open_work.update({j.number: j for j in record_history.asset_history(self._ctx, asset.code).open_work})
        if open_work:
            listed = "; ".join(f"{j.number} {j.summary} ({label(j.status)})" for j in list(open_work.values())[:3])
            more = f" and {len(open_work) - 3} more" if len(open_work) > 3 else ""
            where = "on this asset or site" if asset else "at this site"
            text = f"⚠ Open work {where} already: {listed}{more}. Check it is not the same job."
        else:
            text = ""
        set_plain(self.warning, text, wrap_anywhere=True)
        self.warning.setVisible(bool(text))
        if asset is None:
            warranty = ""
        elif asset.under_warranty and asset.warranty_until is not None:
            warranty = f"Under warranty until {asset.warranty_until:%d %b %Y}: the maker may pay."
        elif asset.warranty_until is not None:
            warranty = f"Warranty ended {asset.warranty_until:%d %b %Y}."
        else:
            warranty = "No warranty on record for this asset."
        set_plain(self.warranty, warranty)
        self.warranty.setVisible(bool(warranty))

    # -- new customer and site ------------------------------------------------------------------
    @Slot()
    def _on_new_customer_button_clicked(self) -> None:
        dialog = NewCustomerDialog(self._ctx, self.operations, self, name=self.finder.search.text())
        created = dialog.exec() and dialog.saved
        dialog.deleteLater()
        if created:
            self.finder.choose_code(str(dialog.saved))
            self.site.setFocus()

    @Slot()
    def _on_new_site_button_clicked(self) -> None:
        customer = self.finder.chosen
        if customer is None:
            return
        dialog = NewSiteDialog(self._ctx, self.operations, customer, self)
        created = dialog.exec() and dialog.saved
        dialog.deleteLater()
        if created:
            code = str(dialog.saved)
            self.finder.choose_code(customer.code)
            index = self.site.findData(code)
            if index >= 0:
                self.site.setCurrentIndex(index)
            self.site.setFocus()

    # -- keys -------------------------------------------------------------------------------------
    @Slot()
    def _on_save_shortcut_activated(self) -> None:
        self._on_buttons_accepted()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves on to the next field like Tab (Enter on a button presses it); Ctrl+Enter saves."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._on_buttons_accepted()  # Ctrl+Enter when the shortcut did not see it first
            return
        if enter and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
                return
            self.focusNextChild()
            return
        super().keyPressEvent(event)


class NewCustomerDialog(RecordDialog):
    """A new customer, from the intake form; ``saved`` is its code."""

    def __init__(self, ctx: ServiceContext, operations: Operations, parent: QWidget | None = None,
                 *, name: str = "") -> None:
        super().__init__("New customer", operations, parent)
        self.setObjectName("newCustomerDialog")
        self._ctx = ctx
        self.fields: dict[str, QLineEdit] = {}
        for field, caption in (("code", "&Code:"), ("name", "&Name:"), ("phone", "&Phone:"),
                               ("email", "&E-mail:"), ("billing_address", "&Billing address:")):
            edit = QLineEdit()
            edit.setObjectName(f"customer_{field}")
            self.fields[field] = edit
            self.form.add(field, caption, edit)
        self.load()
        if name and not any(ch.isdigit() for ch in name):
            self.fields["name"].setText(name)  # what was typed in the search, when it is a name
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 55)
        self.on_screen = keep_on_screen(self, natural_size(self))

    def load(self) -> None:
        self.form.mark_clean()

    def save_op(self) -> Op[str] | None:
        spec = customers.CustomerSpec(**{k: e.text() for k, e in self.fields.items()})
        ctx = self._ctx
        return Op(f"Create customer {spec.code.strip()}", lambda _c: customers.create_customer(ctx, spec),
                  done=lambda code: f"Customer {code} created")


class NewSiteDialog(RecordDialog):
    """A new site of the caller's customer, from the intake form; ``saved`` is its code."""

    def __init__(self, ctx: ServiceContext, operations: Operations, customer: CustomerChoice,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"New site of {customer.name}", operations, parent)
        self.setObjectName("newSiteDialog")
        self._ctx = ctx
        self._customer = customer.code
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for field, caption in (("code", "&Code:"), ("name", "&Name:"), ("address", "&Address:"),
                               ("contact_name", "Contact &name:"), ("contact_phone", "Contact &phone:")):
            edit = QLineEdit()
            edit.setObjectName(f"site_{field}")
            self.fields[field] = edit
            self.form.add(field, caption, edit)
        notes = QPlainTextEdit()
        notes.setObjectName("site_access_notes")
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(notes.fontMetrics().height() * 4)
        self.fields["access_notes"] = notes
        self.form.add("access_notes", "A&ccess notes:", notes)
        self.load()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 55)
        self.on_screen = keep_on_screen(self, natural_size(self))

    def load(self) -> None:
        self.form.mark_clean()

    def save_op(self) -> Op[str] | None:
        values = {k: (e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()) for k, e in self.fields.items()}
        spec = sites.SiteSpec(customer_code=self._customer, **values)
        ctx = self._ctx
        return Op(f"Create site {spec.code.strip()}", lambda _c: sites.create_site(ctx, spec),
                  done=lambda code: f"Site {code} created")
