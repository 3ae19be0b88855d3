"""The part editor: sku, description, unit price and unit of the price list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from dispatch_console.services import parts
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.parts import PartSpec
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.records.editor import RecordEditor, line


class PartDialog(RecordEditor):
    """A new part (``sku`` None) or an existing one; refusals show at their fields."""

    def __init__(self, ctx: ServiceContext, operations: Operations, sku: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("New part" if sku is None else f"Part {sku}", ctx, operations, sku, parent)
        form = self.form
        self.sku_edit = line("The supplier's part number, e.g. F-2020")
        form.add("sku", "&SKU:", self.sku_edit)
        self.description_edit = line("What the part is")
        form.add("description", "&Description:", self.description_edit)
        self.price_edit = line("e.g. 12.50")
        form.add("unit_price", "Unit &price:", self.price_edit)
        self.unit_edit = line("ea, lb, ft, ...")
        form.add("unit", "&Unit:", self.unit_edit)
        self.load()
        self.finish()

    def load(self) -> None:
        spec = PartSpec(sku="", description="", unit_price="")
        if self.code is not None:
            record = parts.get_part(self.ctx, self.code)
            spec, self.version = record.spec, record.version
        self.sku_edit.setText(spec.sku)
        self.description_edit.setText(spec.description)
        self.price_edit.setText(spec.unit_price)
        self.unit_edit.setText(spec.unit)
        self.form.mark_clean()

    def spec(self) -> PartSpec:
        return PartSpec(
            sku=self.sku_edit.text(), description=self.description_edit.text(),
            unit_price=self.price_edit.text(), unit=self.unit_edit.text(),
        )

    def save_op(self) -> Op[Any]:
        spec = self.spec()
        if self.code is None:
            def create(_confirm: bool) -> str:
                self.code = parts.create_part(self.ctx, spec)
                return self.code

            return Op(f"Create part {spec.sku.strip()}", create)
        sku, version = self.code, self.version or 0

        def edit(_confirm: bool) -> int:
            self.version = parts.edit_part(self.ctx, sku, spec, version)
            self.code = spec.sku.strip()
            return self.version

        return Op(f"Save part {sku}", edit)
