"""The printed work order, read back as text: every field, names in every script in the embedded
font, markup characters printed literally, long text flowing over pages, photos and signature."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
import reportlab.lib.utils
from pypdf import PdfReader

from dispatch_console.documents.work_order_pdf import work_order_pdf
from dispatch_console.domain.errors import NotFound
from dispatch_console.services import execution
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.documents.jobs import (
    CHECKLIST,
    MARKUP,
    NAMES,
    dress_company,
    flat,
    font_names,
    pages_of,
    planned_job,
    text_of,
    worked_job,
)


def test_a_worked_job_prints_every_field(company: ServiceContext, clock) -> None:
    dress_company(company)
    number = worked_job(company, clock)
    pdf = work_order_pdf(company, number)
    text = flat(text_of(pdf))
    for expected in (
        # the company's letterhead
        "Acme Mechanical", "2100 Commerce Street", "Dallas, TX 75201", "(214) 555-0100",
        "office@acme-mech.example",
        # the job
        "WORK ORDER", number, "Replace the RTU 1 blower motor", "TYPE Corrective", "PRIORITY High",
        "STATUS In progress", "DUE BY Mon 30 Nov 2026 17:00", "ESTIMATED 2.5 h",
        # customer, site, contact, access
        "Lakeside Medical", "Building A (S1)", "SITE ADDRESS 100 Main St", "Maria Gomez", "(214) 555-0199",
        "Roof hatch key at the front desk; sign in with security.",
        # the equipment and its warranty on the printing day
        "RTU 1 (A1)", "Carrier", "48FC-06", "4820G11234", "Under warranty until 1 May 2027",
        # the visits in company time (09:00 Chicago is 15:00 UTC)
        "Ana Reyes (T1) Mon 30 Nov 2026 09:00–11:00", "Ben Okafor (T2) Mon 30 Nov 2026 09:30–11:00",
        # the scope
        "The blower motor hums but does not turn. Bring the replacement motor and a capacitor.",
        # the checklist, two ticked of three
        "Checklist (2 of 3 done)", *CHECKLIST,
        # the parts to bring, then what was done
        "F-2020 Pleated filter 20x20x2 4 ea", "R410A Refrigerant R-410A 2.5 lb",
        "Ana Reyes Mon 30 Nov 2026 09:00–10:30 1:30 yes", "Training", "1:30 no",
        "Parts used", "F-2020 Pleated filter 20x20x2 2 ea",
        "Motor replaced; amperage 4.1 A.",
        # the signature with signer and time, the photos in the appendix
        "Signed by Maria Gomez on Mon 30 Nov 2026 12:00",
        "Appendix: photos (2)", "Photo 1 · Before — before the repair", "rtu-1.png",
        "Photo 2 · After — after the repair",
        # the footer
        f"Work order {number} · printed Mon 30 Nov 2026 12:00", "Page 1 of",
    ):
        assert expected in text, expected
    assert "Customer signature" not in text  # signed: no empty line to sign on


def test_the_signature_and_photos_are_drawn_as_images(company: ServiceContext, clock) -> None:
    dress_company(company)
    number = worked_job(company, clock, photos=2)
    reader = PdfReader(io.BytesIO(work_order_pdf(company, number)))
    pages = [(page.extract_text(), len(page.images)) for page in reader.pages]
    signed = [images for text, images in pages if "Signed by Maria Gomez" in text]
    assert signed == [1]  # the signature's image beside its line
    appendix, images = pages[-1]
    assert "Appendix: photos (2)" in appendix and "Photo 1" in appendix and "Photo 2" in appendix
    assert images == 2, "both photos on the appendix's own page"
    assert all("Appendix" not in text for text, _ in pages[:-1])


def test_an_unsigned_unscheduled_job_has_lines_to_sign_on(company: ServiceContext) -> None:
    number = planned_job(company)
    text = flat(text_of(work_order_pdf(company, number)))
    assert "Not scheduled yet." in text
    assert "Customer signature Date" in text and "Name (print) Technician" in text
    assert "Signed by" not in text and "Appendix" not in text
    assert "STATUS Open" in text
    assert "None on record" in text  # no access notes


def test_a_job_without_equipment_says_so(company: ServiceContext) -> None:
    number = planned_job(company)
    with company.write("test: no asset") as uow:
        uow.work_order(number).asset = None
    text = flat(text_of(work_order_pdf(company, number)))
    assert "No equipment is named on this work order." in text and "RTU 1 (A1)" not in text


@pytest.mark.parametrize(
    ("until", "words"),
    [
        (date(2026, 11, 26), "Under warranty until 26 Nov 2026"),  # the printing day itself
        (date(2026, 11, 25), "Out of warranty (ended 25 Nov 2026)"),
        (None, "No warranty on record"),
    ],
)
def test_the_warranty_is_read_on_the_printing_day(company: ServiceContext, until: date | None, words: str) -> None:
    number = planned_job(company)
    with company.write("test: warranty") as uow:
        uow.require(m.Asset, "A1").warranty_until = until
    text = flat(text_of(work_order_pdf(company, number)))
    assert words in text
    assert "Under warranty" not in text.replace(words, "") if until != date(2026, 11, 26) else True


def test_names_in_every_script_print_exactly_in_the_embedded_font(company: ServiceContext, clock) -> None:
    dress_company(company, customer=NAMES[0], contact=NAMES[1], access=f"Ask for {NAMES[2]} at the desk")
    with company.write("test: names") as uow:
        uow.require(m.Technician, "T1").name = NAMES[3]
        uow.company().name = NAMES[4]  # type: ignore[union-attr]
    number = worked_job(
        company, clock, note=" ".join(NAMES), checklist=NAMES, summary=f"Service for {NAMES[0]}",
        description="\n".join(NAMES),
    )
    with company.write("test: signer") as uow:
        signature = uow.work_order(number).signature
        assert signature is not None
        signature.signer_name = NAMES[2]
    pdf = work_order_pdf(company, number)
    text = text_of(pdf)
    for name in NAMES:
        assert name in text, name
    assert f"Signed by {NAMES[2]}" in flat(text)
    assert font_names(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            descendant = ref.get_object()
            descriptor = descendant.get("/FontDescriptor") or descendant["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), "the font is embedded, not referenced"


def test_markup_characters_print_literally_and_fetch_nothing(
    company: ServiceContext, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = reportlab.lib.utils.open_for_read

    def watching(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(name))
        return real_open(name, *args, **kwargs)

    text_line = " ".join(MARKUP)
    dress_company(company, contact=text_line, access=text_line)
    with company.write("test: markup") as uow:
        uow.require(m.Asset, "A1").serial = '<img src="file:///etc/passwd"/>'
        uow.require(m.Site, "S1").address = "<para>100 Main St</para> & <br/>"
    number = worked_job(
        company, clock, summary=text_line, description=text_line, checklist=MARKUP, note=text_line,
    )
    monkeypatch.setattr(reportlab.lib.utils, "open_for_read", watching)
    text = flat(text_of(work_order_pdf(company, number)))
    for item in MARKUP:
        assert item in text, item
    assert "<para>100 Main St</para> & <br/>" in text
    assert text.count('<img src="file:///etc/passwd"/>') >= 6
    assert not [name for name in opened if "passwd" in name or name.startswith("file:")]


def test_a_scope_of_8000_words_flows_over_pages_whole(company: ServiceContext) -> None:
    words = [f"w{i:04d}" for i in range(8000)]
    number = planned_job(company, description=" ".join(words))
    started = time.perf_counter()
    pdf = work_order_pdf(company, number)
    elapsed = time.perf_counter() - started
    pages = pages_of(pdf)
    assert len(pages) >= 4
    found = flat("\n".join(pages)).split()
    positions = [found.index(word) for word in words]
    assert positions == sorted(positions), "every word, in order"
    for n, page in enumerate(pages[1:], start=2):
        assert f"Work order {number} (continued)" in page and f"Page {n} of {len(pages)}" in page
    assert elapsed < 10


def test_long_notes_and_checklist_items_break_across_pages(company: ServiceContext, clock) -> None:
    long_item = " ".join(f"c{i:04d}" for i in range(1500))  # taller than a page on its own
    long_note = "\n\n".join(" ".join(f"n{p}x{i:03d}" for i in range(150)) for p in range(12))
    number = worked_job(company, clock, checklist=("Short first item", long_item), note=long_note, photos=0)
    pages = pages_of(work_order_pdf(company, number))
    found = flat("\n".join(pages)).split()
    for word in [f"c{i:04d}" for i in range(1500)] + [f"n{p}x{i:03d}" for p in range(12) for i in range(150)]:
        assert word in found, word
    assert len(pages) >= 4


def test_a_photo_that_cannot_be_printed_is_named(company: ServiceContext, clock) -> None:
    number = worked_job(company, clock, photos=0, sign=False)
    execution.add_photo(company, number, "meter.heic", "image/heic", b"not really a picture", caption="Meter")
    text = flat(text_of(work_order_pdf(company, number)))
    assert "Photo 1 (meter.heic, image/heic) cannot be printed; open it in the console." in text
    assert "Photo 1 · Other — Meter" in text


def test_a_missing_work_order_is_refused_in_words(company: ServiceContext) -> None:
    with pytest.raises(NotFound, match="no work order 'WO-9999'"):
        work_order_pdf(company, "WO-9999")
