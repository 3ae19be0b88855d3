"""Screenshots of the records page (each tab) and of each record editor, with the demo company.

    SHOTS_ONLY=records python -m tests.ui.shots /tmp/shots-records demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from dispatch_console.services import assets, customers, parts, sites
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.records.page import RecordsPage


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    page = RecordsPage(ctx, window.bus, window.operations)
    page.setWindowTitle("Customers — Dispatch Console")
    page.resize(window.size())
    page.move(window.pos())
    page.show()
    customer = customers.list_customers(ctx)[0].code
    busiest = max(customers.list_customers(ctx), key=lambda r: r.open_work_orders).code
    page.show_customer(busiest)
    screen_shot("records-customers", page)
    page.customer_details.setCurrentIndex(1)
    screen_shot("records-customer-history", page)
    site = sites.list_sites(ctx)[0].code
    page.show_site(site)
    screen_shot("records-sites", page)
    page.site_details.setCurrentIndex(1)
    screen_shot("records-site-history", page)
    asset = assets.list_assets(ctx)[0].code
    page.show_asset(asset)
    screen_shot("records-assets", page)
    page.show_part(parts.list_parts(ctx)[0].sku)
    screen_shot("records-parts", page)

    editors: list[tuple[str, str, str | None]] = [
        ("customer", "customer-new", None), ("customer", "customer", customer),
        ("site", "site", site), ("asset", "asset", asset),
        ("part", "part", parts.list_parts(ctx)[0].sku),
    ]
    for kind, name, code in editors:
        editor = page.open_editor(kind, code)
        screen_shot(f"records-editor-{name}", page, editor)
        if kind == "asset":
            editor.warranty_edit.setText("2001-01-01")  # type: ignore[attr-defined]
            editor.installed_edit.setText("2020-05-01")  # type: ignore[attr-defined]
            editor.name_edit.setText("")  # type: ignore[attr-defined]
            editor.save()
            screen_shot("records-editor-asset-refused", page, editor)
        editor.form.mark_clean()
        editor.close()
    _close(page)


def _close(page: QWidget) -> None:
    page.close()
    page.deleteLater()
