"""Screenshots of the record editors' search-as-you-type choice (a site's customer, an asset's
site) with the demo company: the matches under the field, many matches, none, and a choice kept.

    SHOTS_ONLY=records_chooser python -m tests.ui.shots /tmp/shots-rec demo laptop
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dispatch_console.services import assets, customers
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.records.asset_dialog import AssetDialog
from dispatch_console.ui.records.chooser import RecordChooser
from dispatch_console.ui.records.site_dialog import SiteDialog


def _type(chooser: RecordChooser, text: str) -> None:
    chooser.setFocus()
    chooser.selectAll()
    QTest.keyClicks(chooser, text)
    chooser.search_now()


def take(window: Any, ctx: ServiceContext, screen_shot: Callable[..., None]) -> None:
    site = SiteDialog(ctx, window.operations, None, window)
    site.show()
    word = customers.list_customers(ctx)[0].name.split()[0]
    _type(site.customer_combo, word)
    QTest.keyClick(site.customer_combo, Qt.Key.Key_Down)
    screen_shot("records-chooser-customer", window, site)
    _type(site.customer_combo, "e")  # matches nearly every customer: only the first few are listed
    screen_shot("records-chooser-many", window, site)
    _type(site.customer_combo, "Nobody we know")
    QTest.keyClick(site.customer_combo, Qt.Key.Key_Return)
    screen_shot("records-chooser-none", window, site)
    site.form.mark_clean()
    site.close()

    asset = AssetDialog(ctx, window.operations, assets.list_assets(ctx)[0].code, window)
    asset.show()
    screen_shot("records-chooser-kept", window, asset)
    QTest.keyClick(asset.site_combo, Qt.Key.Key_Down)  # Down on a chosen site: the first sites
    screen_shot("records-chooser-browse", window, asset)
    asset.form.mark_clean()
    asset.close()
