"""The customers, sites and assets lists as windows on the database (issue #11): a page at a
time in name order (accents and case folded: "Ólafur" among the O's, ties in the order the
records were made), more as the table scrolls, a header click sorting in SQL, the count a COUNT,
and show_customer / show_site / show_asset reading on to a record far down the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from dispatch_console.domain.sorting import sort_key
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from dispatch_console.ui.paged_rows import PAGE_SIZE
from dispatch_console.ui.records.page import RecordsPage
from tests.ui.records.conftest import type_into

#: Names that sort differently by code point, by case and by accent; the two "Olafur"s tie
#: with "Ólafur" once folded, and so do the two "alpha"s.
NAMES = ["Zeta Foods", "Ólafur's Pharmacy", "alpha", "Olafur Bakery", "Alpha", "Émile Garage", "Olafur Bakery",
         "beta", "Ølstue", "ALPHA", "Eagle"]
MANY = 230


def _add_records(ctx: ServiceContext) -> None:
    """The NAMES as customers (each with a site and an asset of the same name), then MANY more."""
    with ctx.write("records for the lists") as uow:
        for i, name in enumerate([*NAMES, *(f"Customer {n:04d}" for n in range(MANY))]):
            customer = m.Customer(code=f"L{i:04d}", name=name)
            uow.session.add(customer)
            uow.session.flush()
            site = m.Site(code=f"LS{i:04d}", customer_id=customer.id, name=name, address="")
            uow.session.add(site)
            uow.session.flush()
            uow.session.add(m.Asset(code=f"LA{i:04d}", site_id=site.id, name=name))


def _all_keys(page: RecordsPage, records: str) -> list[str]:
    listing = getattr(page, records)
    assert listing.paged is not None
    listing.paged.fetch_all_until(lambda _row: False, most=100_000)
    return listing.keys()


def _expected(ctx: ServiceContext, model: type[m.Customer] | type[m.Site] | type[m.Asset]) -> list[str]:
    """Python's order: sorted by the folded name, stable (ties in the order they were made)."""
    with ctx.read() as uow:
        rows = uow.session.execute(_select(model)).all()
    return [code for code, _name in sorted(rows, key=lambda row: sort_key(row[1]))]


def _select(model: type[m.Customer] | type[m.Site] | type[m.Asset]) -> object:
    from sqlalchemy import select

    return select(model.code, model.name).order_by(model.id)


def test_each_list_is_in_pythons_name_order_with_ties_in_the_order_made(
    qtbot: QtBot, company: ServiceContext, page: RecordsPage
) -> None:
    _add_records(company)
    page.refresh()
    assert _all_keys(page, "customers") == _expected(company, m.Customer)
    page.tabs.setCurrentIndex(1)
    assert _all_keys(page, "sites") == _expected(company, m.Site)
    page.tabs.setCurrentIndex(2)
    assert _all_keys(page, "assets") == _expected(company, m.Asset)
    # "Ólafur" with the O's, after the two "Olafur Bakery"s; "Émile" after "Eagle"; the three
    # "alpha"s in the order made, whatever their case.
    names = [row.name for row in page.customers.model.rows]
    start = names.index("Olafur Bakery")
    assert names[start:start + 3] == ["Olafur Bakery", "Olafur Bakery", "Ólafur's Pharmacy"]
    assert names.index("Eagle") < names.index("Émile Garage") < names.index("Zeta Foods")
    assert names[:3] == ["alpha", "Alpha", "ALPHA"]


def test_the_list_reads_a_page_and_more_as_it_scrolls_and_counts_in_the_database(
    qtbot: QtBot, company: ServiceContext, page: RecordsPage
) -> None:
    _add_records(company)
    page.refresh()
    customers = page.customers
    assert customers.paged is not None
    with company.read() as uow:
        total = len(uow.session.scalars(_select(m.Customer)).all())  # type: ignore[call-overload]
    assert total > 2 * PAGE_SIZE
    assert customers.model.rowCount() == PAGE_SIZE
    assert customers.count_label.text() == f"{total} customers"

    bar = customers.table.verticalScrollBar()

    def scrolled_to_the_end() -> bool:
        bar.setValue(bar.maximum())  # as a drag of the scroll bar to its end
        return customers.model.rowCount() > PAGE_SIZE

    qtbot.waitUntil(scrolled_to_the_end)
    assert customers.paged.pages_read == 2
    assert customers.count_label.text() == f"{total} customers"  # the count, not what is loaded

    type_into(qtbot, customers.search_edit, "olafur")
    assert sorted(customers.keys()) == ["L0001", "L0003", "L0006"]
    assert customers.count_label.text() == "3 customers found"


def test_a_header_click_sorts_in_the_database_and_a_column_it_cannot_sort_by_changes_nothing(
    qtbot: QtBot, company: ServiceContext, page: RecordsPage
) -> None:
    _add_records(company)
    page.refresh()
    customers = page.customers
    header: QHeaderView = customers.table.horizontalHeader()
    by_name = customers.keys()

    code = 0  # the Code column
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _middle(header, code))
    assert customers.paged is not None and customers.paged.query.sort == "code"
    with company.read() as uow:
        from sqlalchemy import select

        codes = sorted(uow.session.scalars(select(m.Customer.code)).all())
    assert customers.keys() == codes[:PAGE_SIZE]

    phone = 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _middle(header, phone))
    assert customers.paged.query.sort == "code"  # the phone column does not sort
    assert header.sortIndicatorSection() == code
    assert customers.keys() == codes[:PAGE_SIZE]
    assert by_name != codes[:PAGE_SIZE]


def _middle(header: QHeaderView, section: int) -> object:
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def test_show_customer_site_and_asset_read_on_to_a_record_far_down_the_list(
    qtbot: QtBot, company: ServiceContext, page: RecordsPage
) -> None:
    _add_records(company)
    page.refresh()
    last = f"L{len(NAMES) + MANY - 1:04d}"  # "Customer 0229": past the first two pages
    assert page.show_customer(last)
    assert page.customers.current_key() == last
    assert page.customer_title.text().startswith("Customer 0229")

    assert page.show_site(f"LS{len(NAMES) + MANY - 1:04d}")
    assert page.sites.current_key() == f"LS{len(NAMES) + MANY - 1:04d}"
    assert page.show_asset(f"LA{len(NAMES) + MANY - 2:04d}")
    assert page.assets.current_key() == f"LA{len(NAMES) + MANY - 2:04d}"
    assert not page.show_customer("NOBODY")


def test_show_customer_clears_words_that_hide_the_record(
    qtbot: QtBot, company: ServiceContext, page: RecordsPage
) -> None:
    _add_records(company)
    page.refresh()
    type_into(qtbot, page.customers.search_edit, "zeta")
    assert page.customers.keys() == ["L0000"]
    assert page.show_customer("L0002")
    assert page.customers.search_edit.text() == ""
    assert page.customers.current_key() == "L0002"


def test_each_page_row_holds_what_the_whole_lists_row_holds(company: ServiceContext) -> None:
    """The figures counted for a page's rows alone (sites, open work) are the whole list's."""
    from dispatch_console.domain.enums import Status
    from dispatch_console.services import assets, customers, record_lists, sites
    from tests.services.records import job

    _add_records(company)
    job(company, "S1", "A1", status=Status.OPEN)
    job(company, "S1", None, status=Status.SCHEDULED)
    job(company, "S1", "A1", status=Status.CLOSED)
    job(company, "S2", "A2", status=Status.OPEN)
    query = record_lists.record_query()
    paged_customers, _ = record_lists.customer_page(company, query, None, 1000)
    assert sorted(paged_customers, key=str) == sorted(customers.list_customers(company), key=str)
    assert any(row.open_work_orders == 2 for row in paged_customers)
    paged_sites, _ = record_lists.site_page(company, query, None, 1000)
    assert sorted(paged_sites, key=str) == sorted(sites.list_sites(company), key=str)
    assert record_lists.sites_of_customer(company, "C1") == [r for r in paged_sites if r.customer_code == "C1"]
    paged_assets, _ = record_lists.asset_page(company, query, None, 1000)
    assert sorted(paged_assets, key=str) == sorted(assets.list_assets(company), key=str)
