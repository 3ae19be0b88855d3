"""The site editor: its customer (searchable), code, name, address, where it is on the map, the
contact on site and how to get in."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from dispatch_console.services import record_choices, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.sites import SiteSpec
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.records.chooser import RecordChooser
from dispatch_console.ui.records.editor import RecordEditor, line, lines


class SiteDialog(RecordEditor):
    """A new site (``code`` None, of ``customer_code`` if given) or an existing one."""

    def __init__(self, ctx: ServiceContext, operations: Operations, code: str | None = None,
                 parent: QWidget | None = None, *, customer_code: str = "") -> None:
        super().__init__("New site" if code is None else f"Site {code}", ctx, operations, code, parent)
        self._customer_code = customer_code
        form = self.form
        self.customer_combo = RecordChooser(
            "customer", search=partial(record_choices.customer_choices, ctx),
            label_of=partial(record_choices.customer_label, ctx), limit=record_choices.CHOICE_LIMIT,
            hint="Type part of the customer's name, code, phone or address",
        )
        form.add("customer_code", "C&ustomer:", self.customer_combo)
        self.code_edit = line("A short code, e.g. S-1001")
        form.add("code", "&Code:", self.code_edit)
        self.name_edit = line("e.g. Building A, Main store")
        form.add("name", "&Name:", self.name_edit)
        self.address_edit = lines(2)
        form.add("address", "&Address:", self.address_edit)
        self.lat_edit = line("e.g. 32.7767 (empty if not known)")
        form.add("lat", "&Latitude:", self.lat_edit)
        self.lon_edit = line("e.g. -96.7970")
        form.add("lon", "L&ongitude:", self.lon_edit)
        self.contact_name_edit = line("Who lets the technician in")
        form.add("contact_name", "Con&tact on site:", self.contact_name_edit)
        self.contact_phone_edit = line("(214) 555-0100")
        form.add("contact_phone", "Contact p&hone:", self.contact_phone_edit)
        self.access_edit = lines(3, "Gate code, parking, keys, hours")
        form.add("access_notes", "Access &notes:", self.access_edit)
        self.load()
        self.finish()

    def load(self) -> None:
        spec = SiteSpec(customer_code=self._customer_code, code="", name="", address="")
        if self.code is not None:
            record = sites.get_site(self.ctx, self.code)
            spec, self.version = record.spec, record.version
        self.customer_combo.set_code(spec.customer_code)
        self.code_edit.setText(spec.code)
        self.name_edit.setText(spec.name)
        self.address_edit.setPlainText(spec.address)
        self.lat_edit.setText(spec.lat)
        self.lon_edit.setText(spec.lon)
        self.contact_name_edit.setText(spec.contact_name)
        self.contact_phone_edit.setText(spec.contact_phone)
        self.access_edit.setPlainText(spec.access_notes)
        self.form.mark_clean()

    def spec(self) -> SiteSpec:
        return SiteSpec(
            customer_code=self.customer_combo.code(), code=self.code_edit.text(), name=self.name_edit.text(),
            address=self.address_edit.toPlainText(), lat=self.lat_edit.text(), lon=self.lon_edit.text(),
            contact_name=self.contact_name_edit.text(), contact_phone=self.contact_phone_edit.text(),
            access_notes=self.access_edit.toPlainText(),
        )

    def save_op(self) -> Op[Any]:
        spec = self.spec()
        if self.code is None:
            def create(_confirm: bool) -> str:
                self.code = sites.create_site(self.ctx, spec)
                return self.code

            return Op(f"Create site {spec.code.strip()}", create)
        code, version = self.code, self.version or 0

        def edit(_confirm: bool) -> int:
            self.version = sites.edit_site(self.ctx, code, spec, version)
            self.code = spec.code.strip()
            return self.version

        return Op(f"Save site {code}", edit)


