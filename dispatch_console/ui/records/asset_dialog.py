"""The asset editor: its site (searchable), code, name, what it is, and its warranty."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import parse_date
from dispatch_console.services import assets, record_choices
from dispatch_console.services.assets import AssetSpec
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.records.chooser import RecordChooser
from dispatch_console.ui.records.editor import RecordEditor, line

DATE_HINT = "YYYY-MM-DD, or empty if not known"


class AssetDialog(RecordEditor):
    """A new asset (``code`` None, at ``site_code`` if given) or an existing one."""

    def __init__(self, ctx: ServiceContext, operations: Operations, code: str | None = None,
                 parent: QWidget | None = None, *, site_code: str = "") -> None:
        super().__init__("New asset" if code is None else f"Asset {code}", ctx, operations, code, parent)
        self._site_code = site_code
        form = self.form
        self.site_combo = RecordChooser(
            "site", search=partial(record_choices.site_choices, ctx),
            label_of=partial(record_choices.site_label, ctx), limit=record_choices.CHOICE_LIMIT,
            hint="Type part of the site's name, code or address, or its customer's name",
        )
        form.add("site_code", "&Site:", self.site_combo)
        self.code_edit = line("A short code, e.g. A-1001")
        form.add("code", "&Code:", self.code_edit)
        self.name_edit = line("e.g. Rooftop unit 1")
        form.add("name", "&Name:", self.name_edit)
        self.category_edit = line("e.g. RTU, Boiler, Panel")
        form.add("category", "C&ategory:", self.category_edit)
        self.make_edit = line("e.g. Carrier")
        form.add("make", "&Make:", self.make_edit)
        self.model_edit = line("e.g. 48TC")
        form.add("model", "M&odel:", self.model_edit)
        self.serial_edit = line()
        form.add("serial", "Se&rial number:", self.serial_edit)
        self.installed_edit = line(DATE_HINT)
        form.add("installed_on", "&Installed on:", self.installed_edit)
        self.warranty_edit = line(DATE_HINT)
        form.add("warranty_until", "&Warranty until:", self.warranty_edit)
        self.load()
        self.finish()

    def load(self) -> None:
        spec = AssetSpec(site_code=self._site_code, code="", name="")
        if self.code is not None:
            record = assets.get_asset(self.ctx, self.code)
            spec, self.version = record.spec, record.version
        self.site_combo.set_code(spec.site_code)
        self.code_edit.setText(spec.code)
        self.name_edit.setText(spec.name)
        self.category_edit.setText(spec.category)
        self.make_edit.setText(spec.make)
        self.model_edit.setText(spec.model)
        self.serial_edit.setText(spec.serial)
        self.installed_edit.setText(spec.installed_on.isoformat() if spec.installed_on else "")
        self.warranty_edit.setText(spec.warranty_until.isoformat() if spec.warranty_until else "")
        self.form.mark_clean()

    def spec(self) -> AssetSpec | None:
        """What the form shows, or None with the dates that are not dates said at their fields."""
        problems: dict[str, str] = {}
        days: dict[str, date | None] = {}
        for name in ("installed_on", "warranty_until"):
            text = self.form.value(name).strip()
            try:
                days[name] = parse_date(text) if text else None
            except ValidationError as exc:
                problems[name] = str(exc)
        if problems:
            self.form.show_problems(problems)
            return None
        return AssetSpec(
            site_code=self.site_combo.code(), code=self.code_edit.text(), name=self.name_edit.text(),
            category=self.category_edit.text(), make=self.make_edit.text(), model=self.model_edit.text(),
            serial=self.serial_edit.text(), installed_on=days["installed_on"],
            warranty_until=days["warranty_until"],
        )

    def save_op(self) -> Op[Any] | None:
        spec = self.spec()
        if spec is None:
            return None
        if self.code is None:
            def create(_confirm: bool) -> str:
                self.code = assets.create_asset(self.ctx, spec)
                return self.code

            return Op(f"Create asset {spec.code.strip()}", create)
        code, version = self.code, self.version or 0

        def edit(_confirm: bool) -> int:
            self.version = assets.edit_asset(self.ctx, code, spec, version)
            self.code = spec.code.strip()
            return self.version

        return Op(f"Save asset {code}", edit)
