"""The customer editor: code, name, phone, e-mail, billing address and tax rate."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from dispatch_console.services import customers
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.customers import CustomerSpec
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.records.editor import RecordEditor, line, lines


class CustomerDialog(RecordEditor):
    """A new customer (``code`` None) or an existing one; refusals show at their fields."""

    def __init__(self, ctx: ServiceContext, operations: Operations, code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("New customer" if code is None else f"Customer {code}", ctx, operations, code, parent)
        form = self.form
        self.code_edit = line("A short code, e.g. C-1001")
        form.add("code", "&Code:", self.code_edit)
        self.name_edit = line("The customer's name, as on invoices")
        form.add("name", "&Name:", self.name_edit)
        self.phone_edit = line("(214) 555-0100")
        form.add("phone", "&Phone:", self.phone_edit)
        self.email_edit = line("name@example.com")
        form.add("email", "&E-mail:", self.email_edit)
        self.billing_edit = lines(3)
        form.add("billing_address", "&Billing address:", self.billing_edit)
        self.tax_edit = line(
            "Empty: the company's rate; 0: tax-exempt",
            tip="A percentage such as 8.25; leave it empty for the company's rate, 0 for tax-exempt",
        )
        form.add("tax_rate", "&Tax rate (%):", self.tax_edit)
        self.load()
        self.finish()

    def load(self) -> None:
        spec = CustomerSpec(code="", name="")
        if self.code is not None:
            record = customers.get_customer(self.ctx, self.code)
            spec, self.version = record.spec, record.version
        self.code_edit.setText(spec.code)
        self.name_edit.setText(spec.name)
        self.phone_edit.setText(spec.phone)
        self.email_edit.setText(spec.email)
        self.billing_edit.setPlainText(spec.billing_address)
        self.tax_edit.setText(spec.tax_rate)
        self.form.mark_clean()

    def spec(self) -> CustomerSpec:
        return CustomerSpec(
            code=self.code_edit.text(), name=self.name_edit.text(), phone=self.phone_edit.text(),
            email=self.email_edit.text(), billing_address=self.billing_edit.toPlainText(),
            tax_rate=self.tax_edit.text(),
        )

    def save_op(self) -> Op[Any]:
        spec = self.spec()
        if self.code is None:
            def create(_confirm: bool) -> str:
                self.code = customers.create_customer(self.ctx, spec)
                return self.code

            return Op(f"Create customer {spec.code.strip()}", create)
        code, version = self.code, self.version or 0

        def edit(_confirm: bool) -> int:
            self.version = customers.edit_customer(self.ctx, code, spec, version)
            self.code = spec.code.strip()
            return self.version

        return Op(f"Save customer {code}", edit)
