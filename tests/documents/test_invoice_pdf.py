"""The printed invoice, read back as text: company and bill-to, dates and terms, every line and
the amounts against hand calculations (half cents rounded up, tax once on the sum), void and
missing invoices, names in every script and markup printed literally."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from dispatch_console.documents import layout
from dispatch_console.documents.invoice_pdf import invoice_pdf
from dispatch_console.domain.errors import NotFound
from dispatch_console.services import billing, execution
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.documents.jobs import (
    MARKUP,
    NAMES,
    billed,
    dress_company,
    flat,
    font_names,
    pages_of,
    set_rate,
    text_of,
)
from tests.seed import at


def stored(ctx: ServiceContext, number: str) -> tuple[Decimal, Decimal, Decimal]:
    with ctx.read() as uow:
        invoice = uow.require(m.Invoice, number)
        return invoice.subtotal, invoice.tax, invoice.total


def test_an_invoice_prints_company_bill_to_dates_terms_lines_and_totals(company: ServiceContext, clock) -> None:
    dress_company(company)
    set_rate(company, "T1", "85.33")
    wo, number = billed(company, clock, [("T1", 1.5)], [("F-2020", "3", "0.335")])
    text = flat(text_of(invoice_pdf(company, number)))
    for expected in (
        "Acme Mechanical", "2100 Commerce Street Dallas, TX 75201", "(214) 555-0100", "office@acme-mech.example",
        "INVOICE", number,
        "BILL TO Lakeside Medical Accounts Payable 100 Main St, Suite 400 Dallas, TX 75202", "Customer no. C1",
        f"INVOICE NUMBER {number}", "ISSUE DATE 30 Nov 2026", "DUE DATE 30 Dec 2026", "TERMS Net 30 days",
        "CURRENCY USD",
        f"{wo} · Service call · Building A, 100 Main St",
        # 1 h 30 min at 85.33 is 127.995: half a cent, rounded up
        f"{wo} labor, Ana Reyes, 2026-11-30 1.5 h 85.33 128.00",
        # 3 at 0.335 is 1.005: half a cent, rounded up (banker's rounding would give 1.00)
        f"{wo} F-2020 Pleated filter 20x20x2 3 0.335 1.01",
        # 129.01 taxed at 8.25 % is 10.643325
        "Subtotal 129.01", "Tax (8.25 %) 10.64", "Total USD 139.65",
        f"Please pay USD 139.65 by 30 Dec 2026, quoting invoice {number}.",
        f"Invoice {number} · printed", "Page 1 of 1",
    ):
        assert expected in text, expected
    assert stored(company, number) == (Decimal("129.01"), Decimal("10.64"), Decimal("139.65"))
    assert "VOID" not in text and "DRAFT" not in text


def test_tax_of_half_a_cent_is_rounded_up_once_on_the_sum(company: ServiceContext, clock) -> None:
    # 4 filters at 2.50: 10.00, taxed at 8.25 % is 0.825 -> 0.83 (banker's would give 0.82).
    _, number = billed(company, clock, [("T1", 0.5)], [("F-2020", "4", "2.50")], billable=False)
    text = flat(text_of(invoice_pdf(company, number)))
    assert "4 2.50 10.00" in text
    assert "Subtotal 10.00" in text and "Tax (8.25 %) 0.83" in text and "Total USD 10.83" in text
    assert "labor" not in text  # the labor was not billable


def test_several_lines_add_up_as_a_hand_calculation(company: ServiceContext, clock) -> None:
    set_rate(company, "T1", "85.33")
    set_rate(company, "T2", "95.50")
    wo, number = billed(
        company, clock, [("T1", 1.5), ("T1", 0.25), ("T2", 0.75)],
        [("F-2020", "3", "0.335"), ("R410A", "2.5", None), ("F-2020", "1", "12.345")],
    )
    # 127.995 -> 128.00; 21.3325 -> 21.33; 71.625 -> 71.63; 1.005 -> 1.01; 71.00; 12.345 -> 12.35
    amounts = ["128.00", "21.33", "71.63", "1.01", "71.00", "12.35"]
    subtotal = sum((Decimal(a) for a in amounts), Decimal("0"))
    assert subtotal == Decimal("305.32")
    tax = (subtotal * Decimal("0.0825")).quantize(Decimal("0.01"))  # 25.1889 -> 25.19
    text = flat(text_of(invoice_pdf(company, number)))
    assert "0.75 h 95.50 71.63" in text and "2.5 28.40 71.00" in text and "1 12.345 12.35" in text
    assert "0.25 h 85.33 21.33" in text
    assert f"Subtotal {subtotal}" in text and f"Tax (8.25 %) {tax}" in text and f"Total USD {subtotal + tax}" in text
    assert stored(company, number) == (subtotal, tax, subtotal + tax)


def test_a_tax_exempt_customer_pays_no_tax(company: ServiceContext, clock) -> None:
    _, number = billed(company, clock, [("T1", 2)], site="S2")
    text = flat(text_of(invoice_pdf(company, number)))
    assert "Elm Street Bakery" in text and "Subtotal 170.00" in text and "Tax (0 %) 0.00" in text
    assert "Total USD 170.00" in text


def test_many_lines_repeat_the_header_and_end_with_the_totals(company: ServiceContext, clock) -> None:
    wo, number = billed(company, clock, [("T1", 1)])
    with company.write("test: reopen") as uow:  # more parts on the work order already billed
        invoice = uow.require(m.Invoice, number)
        work = uow.work_order(wo)
        part = uow.require(m.Part, "F-2020")
        for i in range(70):
            invoice.lines.append(
                m.InvoiceLine(work_order=work, position=i + 2, kind="part", description=f"line {i:02d}",
                              quantity=Decimal("1"), unit_price=part.unit_price, amount=part.unit_price)
            )
    pages = pages_of(invoice_pdf(company, number))
    assert len(pages) >= 2
    for page in pages:
        assert "DESCRIPTION QTY UNIT PRICE AMOUNT (USD)" in flat(page)
    assert "Total USD 92.01" in flat(pages[-1]) and all("Total" not in page for page in pages[:-1])
    assert f"Invoice {number} (continued)" in pages[1]
    every = flat(" ".join(pages))
    assert all(f"line {i:02d}" in every for i in range(70))


def test_a_void_invoice_says_void_on_every_page(company: ServiceContext, clock) -> None:
    if not hasattr(billing, "void"):
        pytest.skip("invoices have no statuses yet")
    wo, number = billed(company, clock, [("T1", 1)])
    billing.void(company, number, "Billed to the wrong customer <b>&amp;</b>")
    pdf = invoice_pdf(company, number)
    text = flat(text_of(pdf))
    assert "VOID — this invoice was voided on Mon 30 Nov 2026 19:00: Billed to the wrong customer <b>&amp;</b>." in text
    assert "nothing is owed on it" in text and "Please pay" not in text
    # the watermark is drawn on each page behind the content
    assert all("VOID" in page for page in pages_of(pdf))
    assert "Total USD 92.01" in text  # the amounts are kept as they were


def test_a_draft_invoice_says_it_is_not_issued(company: ServiceContext, clock) -> None:
    if not hasattr(billing, "create_draft"):
        pytest.skip("invoices have no statuses yet")
    wo = billed(company, clock, [("T1", 1)])[0]
    billing.void(company, billing.invoice_rows(company)[0].number, "again as a draft")
    draft = billing.create_draft(company, [wo]).number
    text = flat(text_of(invoice_pdf(company, draft)))
    assert "DRAFT — not issued yet" in text


def test_a_missing_invoice_is_refused_in_words(company: ServiceContext) -> None:
    with pytest.raises(NotFound, match="no invoice 'INV-9999'"):
        invoice_pdf(company, "INV-9999")


def test_names_in_every_script_and_markup_print_exactly(company: ServiceContext, clock) -> None:
    dress_company(company, customer=f"{NAMES[0]} {MARKUP[0]}")
    with company.write("test: names") as uow:
        uow.require(m.Customer, "C1").billing_address = "\n".join([*NAMES[1:], *MARKUP])
        uow.require(m.Technician, "T1").name = NAMES[3]
        uow.company().name = NAMES[4] + " & Sons"  # type: ignore[union-attr]
    _, number = billed(company, clock, [("T1", 1)])
    pdf = invoice_pdf(company, number)
    text = text_of(pdf)
    for item in (*NAMES, *MARKUP, f"{NAMES[0]} {MARKUP[0]}", f"{NAMES[4]} & Sons"):
        assert item in text, item
    assert font_names(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_the_page_count_is_whole_and_the_labor_line_has_the_technician(company: ServiceContext, clock) -> None:
    wo, number = billed(company, clock, [("T1", 1)])
    reader = PdfReader(io.BytesIO(invoice_pdf(company, number)))
    assert reader.metadata is not None and reader.metadata.title == f"Invoice {number}"
    assert f"{wo} labor, Ana Reyes" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("1234.5"), "1,234.50"),
        (Decimal("128.00"), "128.00"),
        (Decimal("0.335"), "0.335"),
        (Decimal("12.3450"), "12.345"),
        (Decimal("1000000"), "1,000,000.00"),
        (Decimal("-3"), "-3.00"),
    ],
)
def test_amounts_are_written_exactly(value: Decimal, words: str) -> None:
    assert layout.money(value) == words


def test_a_part_added_after_billing_is_not_on_the_printed_invoice(company: ServiceContext, clock) -> None:
    """The invoice prints what it stores, not what the work order has now."""
    wo, number = billed(company, clock, [("T1", 1)])
    clock.now = at(12)
    with company.write("test: back to work") as uow:
        uow.work_order(wo).status = "in_progress"
    execution.use_part(company, wo, "R410A", Decimal("5"))
    text = flat(text_of(invoice_pdf(company, number)))
    assert "R410A" not in text and "Subtotal 85.00" in text
