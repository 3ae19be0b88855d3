"""Crew sheets read back from the PDF: every field, time order, a page per technician with work,
the pick list's sums, names in several scripts and markup printed exactly, long scopes flowing on,
the technician filter, and the day read in a few queries whatever the number of jobs."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import event

from dispatch_console.documents.crew_sheets import crew_sheets_pdf
from dispatch_console.domain.errors import NotFound
from dispatch_console.services.context import ServiceContext
from dispatch_console.services.crew_sheet_data import CrewJob, PartLine, crew_day, pick_list
from dispatch_console.storage import models as m
from tests.seed import MON_9

MONDAY = date(2026, 11, 30)  # MON_9 is 09:00 that day in Chicago, the small company's zone
NAMES = ("Nguyễn Thị Hương", "Łukasz Żółć", "Παπαδόπουλος", "Ковальчук")
MARKUP = ("<b>", "&amp;", '<img src="x"/>')


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Extracted text with every run of white space as one space (lines wrap where they fit)."""
    return re.sub(r"\s+", " ", text)


def book(
    ctx: ServiceContext,
    number: str,
    tech: str,
    hours: float,
    length: float = 2,
    *,
    site: str = "S1",
    summary: str = "RTU not cooling",
    description: str | None = "Check the contactor and the charge.",
    checklist: tuple[str, ...] = ("Lock out", "Check filters"),
    parts: tuple[tuple[str, str], ...] = (("F-2020", "2"),),
    status: str = "scheduled",
    priority: str = "normal",
    kind: str = "repair",
) -> None:
    """A work order at ``site`` booked to ``tech`` from ``hours`` after Monday 09:00 Chicago time."""
    with ctx.write(f"test: {number}") as uow:
        found = uow.find(m.Technician, tech)
        place = uow.find(m.Site, site)
        assert found is not None and place is not None
        wo = m.WorkOrder(
            number=number, type=kind, priority=priority, status=status, site=place, summary=summary,
            description=description, estimated_hours=Decimal(str(length)), created_at=MON_9 - timedelta(days=2),
        )
        wo.checklist = [m.ChecklistItem(position=i, text=text) for i, text in enumerate(checklist)]
        wo.planned_parts = [
            m.PlannedPart(part=uow.require(m.Part, sku), quantity=Decimal(quantity)) for sku, quantity in parts
        ]
        start = MON_9 + timedelta(hours=hours)
        wo.bookings = [m.Booking(technician=found, start=start, end=start + timedelta(hours=length))]
        uow.add(wo)


def dress_site(ctx: ServiceContext, code: str = "S1", **fields: str) -> None:
    with ctx.write("test: site") as uow:
        site = uow.require(m.Site, code)
        for name, value in fields.items():
            setattr(site, name, value)


def add_technician(ctx: ServiceContext, code: str, name: str) -> None:
    with ctx.write("test: technician") as uow:
        uow.add(m.Technician(code=code, name=name, phone="(214) 555-0199"))


@pytest.fixture
def day(company: ServiceContext) -> ServiceContext:
    """Ana (T1) with two jobs on Monday booked out of order, Ben (T2) with one, Cleo (T3) none."""
    dress_site(company, contact_name="Maria Gomez", contact_phone="(214) 555-0142",
               access_notes="Roof hatch key at the front desk.")
    add_technician(company, "T3", "Cleo Idle")
    book(company, "WO-2", "T1", 4, parts=(("F-2020", "3"), ("R410A", "0.25")), priority="high")
    book(company, "WO-1", "T1", 0, parts=(("F-2020", "2"), ("R410A", "1.5")))
    book(company, "WO-3", "T2", 1, site="S2", summary="Oven circuit trips", parts=())
    return company


def test_every_field_of_a_job_is_on_the_sheet(day: ServiceContext) -> None:
    with day.write("test: asset and phone") as uow:
        wo = uow.work_order("WO-1")
        wo.asset = uow.require(m.Asset, "A1")
        asset = uow.require(m.Asset, "A1")
        asset.make, asset.model, asset.serial = "Carrier", "48TC", "SN-7781"
        uow.require(m.Customer, "C1").phone = "(972) 555-0111"
        uow.require(m.Technician, "T1").phone = "(214) 555-0100"
        office = uow.company()
        assert office is not None
        office.phone = "(214) 555-0001"
    text = flat(" ".join(pages_of(crew_sheets_pdf(day, MONDAY, ["T1"]))))
    for expected in (
        "Acme Mechanical · office (214) 555-0001", "CREW SHEET", "Ana Reyes", "T1 · (214) 555-0100", "Mon 30 Nov 2026", "2 jobs · 09:00–15:00",
        "09:00–11:00 WO-1", "Repair · Normal priority", "job 1 of 2 · 2 h planned",
        "13:00–15:00 WO-2", "Repair · High priority", "job 2 of 2",
        "CUSTOMER", "Lakeside Medical (C1)", "Phone (972) 555-0111",
        "SITE", "Building A (S1)", "100 Main St",
        "CONTACT ON SITE", "Maria Gomez", "Phone (214) 555-0142", "ACCESS", "Roof hatch key at the front desk.",
        "ASSET", "RTU 1 (A1) ·", "Carrier 48TC ·", "s/n SN-7781",
        "SCOPE", "RTU not cooling", "Check the contactor and the charge.",
        "CHECKLIST", "Lock out", "Check filters",
        "PARTS FOR THIS JOB", "2 ea × F-2020 — Pleated filter 20x20x2", "1.5 lb × R410A — Refrigerant R-410A",
        "PARTS TO BRING", "ARRIVED", "LEFT", "NOTES", "page 1 of 1",
    ):
        assert expected in text, expected


def test_jobs_are_in_time_order_and_only_that_days(day: ServiceContext) -> None:
    book(day, "WO-SUNDAY", "T1", -24)  # Sunday
    book(day, "WO-TUESDAY", "T1", 24)
    book(day, "WO-EARLY", "T1", -2, 1)  # 07:00
    book(day, "WO-DONE", "T1", 8, status="cancelled")
    text = flat(" ".join(pages_of(crew_sheets_pdf(day, MONDAY, ["T1"]))))
    assert [n for n in re.findall(r"WO-[A-Z0-9]+", text) if not n.startswith("WO-DONE")][:3] == [
        "WO-EARLY", "WO-1", "WO-2"
    ]  # the first mentions: the pick list's "FOR" column lists them in time order too
    assert "07:00–08:00 WO-EARLY" in text and text.index("WO-EARLY") < text.index("09:00–11:00 WO-1")
    assert text.index("09:00–11:00 WO-1") < text.index("13:00–15:00 WO-2")
    for absent in ("WO-SUNDAY", "WO-TUESDAY", "WO-DONE"):
        assert absent not in text


def test_a_job_past_midnight_names_the_other_day(day: ServiceContext) -> None:
    book(day, "WO-NIGHT", "T2", 13, 4)  # 22:00 to 02:00
    text = flat(" ".join(pages_of(crew_sheets_pdf(day, MONDAY, ["T2"]))))
    assert "22:00–1 Dec 02:00 WO-NIGHT" in text
    tuesday = flat(" ".join(pages_of(crew_sheets_pdf(day, MONDAY + timedelta(days=1), ["T2"]))))
    assert "30 Nov 22:00–02:00 WO-NIGHT" in tuesday


def test_each_technician_with_work_starts_a_page_and_one_without_has_none(day: ServiceContext) -> None:
    pages = pages_of(crew_sheets_pdf(day, MONDAY))
    firsts = [page for page in pages if "CREW SHEET" in page]
    assert len(firsts) == 2  # Ana and Ben; Cleo has no jobs
    assert "Ana Reyes" in firsts[0] and "Ben Okafor" not in firsts[0]
    assert "Ben Okafor" in firsts[1] and "WO-3" in firsts[1] and "WO-1" not in firsts[1]
    assert not any("Cleo Idle" in page or "T3" in page for page in pages)
    assert pages[0].index("CREW SHEET") < 40  # the header leads the page


def test_the_pick_list_sums_each_part_over_the_days_jobs(day: ServiceContext) -> None:
    text = pages_of(crew_sheets_pdf(day, MONDAY, ["T1"]))[0]
    lines = [line.strip() for line in text.splitlines()]
    assert any(re.fullmatch(r"5 ea F-2020 Pleated filter 20x20x2 WO-1, WO-2", line) for line in lines), lines
    assert any(re.fullmatch(r"1\.75 lb R410A Refrigerant R-410A WO-1, WO-2", line) for line in lines), lines


def test_the_pick_list_counts_a_work_order_once_and_keeps_exact_quantities() -> None:
    def job(number: str, *parts: PartLine) -> CrewJob:
        at = datetime(2026, 11, 30, 15, 0)
        return CrewJob(number, "repair", "normal", "scheduled", at, at, "s", None, Decimal(1), "c", "C", None,
                       "site", "S", "addr", None, None, None, None, (), tuple(parts), ())

    filt = PartLine("F-2020", "Filter", "ea", Decimal("2"))
    gas = PartLine("R410A", "Gas", "lb", Decimal("0.10"))
    listed = pick_list([job("WO-1", filt, gas), job("WO-1", filt, gas), job("WO-2", gas), job("WO-3")])
    assert listed == (
        PartLine("F-2020", "Filter", "ea", Decimal("2"), ("WO-1",)),
        PartLine("R410A", "Gas", "lb", Decimal("0.20"), ("WO-1", "WO-2")),
    )
    assert pick_list([job("WO-3")]) == ()


def test_a_day_without_parts_says_so(day: ServiceContext) -> None:
    text = flat(pages_of(crew_sheets_pdf(day, MONDAY, ["T2"]))[0])
    assert "No parts are planned for these jobs." in text and "None planned." in text


def test_names_in_several_scripts_and_markup_print_exactly(company: ServiceContext) -> None:
    add_technician(company, "T9", NAMES[0])
    with company.write("test: names") as uow:
        uow.require(m.Customer, "C1").name = NAMES[1]
        site = uow.require(m.Site, "S1")
        site.name, site.contact_name = NAMES[3], NAMES[2]
        site.access_notes = " ".join(MARKUP)
    book(company, "WO-9", "T9", 0, summary=f"Fix {MARKUP[0]} now", description=" and ".join(MARKUP),
         checklist=(MARKUP[2],))
    text = flat(" ".join(pages_of(crew_sheets_pdf(company, MONDAY))))
    for name in NAMES:
        assert name in text, name
    assert f"{NAMES[1]} (C1)" in text and f"{NAMES[3]} (S1)" in text
    assert '<b> &amp; <img src="x"/>' in text  # the access notes
    assert 'Fix <b> now' in text and '<b> and &amp; and <img src="x"/>' in text


def test_a_scope_of_five_thousand_words_flows_onto_more_pages(company: ServiceContext) -> None:
    words = [f"w{i:04d}" for i in range(5000)]
    paragraphs = "\n\n".join(" ".join(words[i:i + 250]) for i in range(0, 5000, 250))
    book(company, "WO-LONG", "T1", 0, description=paragraphs, checklist=("After the scope",))
    book(company, "WO-NEXT", "T1", 3)
    pages = pages_of(crew_sheets_pdf(company, MONDAY))
    assert len(pages) >= 4
    text = flat(" ".join(pages))
    found = re.findall(r"w\d{4}", text)
    assert found == words  # every word, once, in order
    for page in pages[1:]:
        assert "Ana Reyes (continued)" in page and "Mon 30 Nov 2026" in page
    assert sum("WO-LONG" in page and "(continued)" in page for page in pages) >= 3  # its band again
    assert text.index("w4999") < text.index("After the scope") < text.index("12:00–14:00 WO-NEXT")
    assert f"page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_long_unbroken_word_wraps_instead_of_being_cut(company: ServiceContext) -> None:
    word = "".join(chr(ord("a") + i % 26) for i in range(400))
    dress_site(company, access_notes=word)
    book(company, "WO-W", "T1", 0, summary=word)
    text = pages_of(crew_sheets_pdf(company, MONDAY))[0]
    joined = re.sub(r"\s+", "", text)
    assert joined.count(word) == 2  # the summary and the access notes, each over several lines


def test_the_technician_filter(day: ServiceContext) -> None:
    pages = pages_of(crew_sheets_pdf(day, MONDAY, [" T2 ", "T2"]))
    assert len(pages) == 1 and "Ben Okafor" in pages[0] and "Ana Reyes" not in pages[0]
    both = pages_of(crew_sheets_pdf(day, MONDAY, ["T2", "T1"]))
    assert sum("CREW SHEET" in page for page in both) == 2
    assert len(pages_of(crew_sheets_pdf(day, MONDAY, []))) == len(pages_of(crew_sheets_pdf(day, MONDAY)))
    with pytest.raises(NotFound, match="no technician 'T7', 'X'"):
        crew_sheets_pdf(day, MONDAY, ["T1", "T7", "X"])
    with pytest.raises(NotFound, match="T3 has no work on Mon 30 Nov 2026; there are no crew sheets to print"):
        crew_sheets_pdf(day, MONDAY, ["T3"])
    # Cleo's code with Ana's: Ana's sheet alone.
    assert sum("CREW SHEET" in page for page in pages_of(crew_sheets_pdf(day, MONDAY, ["T3", "T1"]))) == 1


def test_a_day_without_work_is_refused_in_words(day: ServiceContext) -> None:
    with pytest.raises(NotFound, match="no technician has work on Sun 29 Nov 2026; there are no crew sheets"):
        crew_sheets_pdf(day, MONDAY - timedelta(days=1))


def test_a_crew_mate_on_the_same_job_is_named(day: ServiceContext) -> None:
    with day.write("test: crew") as uow:
        wo = uow.work_order("WO-1")
        wo.bookings.append(m.Booking(technician=uow.require(m.Technician, "T2"), start=MON_9, end=MON_9 + timedelta(hours=1)))
    ana = flat(" ".join(pages_of(crew_sheets_pdf(day, MONDAY, ["T1"]))))
    ben = flat(" ".join(pages_of(crew_sheets_pdf(day, MONDAY, ["T2"]))))
    assert "ALSO ON THIS JOB Ben Okafor" in ana or ("ALSO ON THIS JOB" in ana and "Ben Okafor" in ana)
    assert "Ana Reyes" in ben and "WO-1" in ben and "WO-3" in ben


@contextmanager
def statements(ctx: ServiceContext) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(ctx.db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", count)


def test_the_day_is_read_in_a_few_queries_whatever_the_number_of_jobs(day: ServiceContext) -> None:
    with statements(day) as few:
        crew_day(day, MONDAY)
    for i in range(30):
        book(day, f"WO-X{i}", "T1" if i % 2 else "T2", 0.25 * i, 0.25, checklist=("a", "b", "c"),
             parts=(("R410A", "1"),))
    with statements(day) as many:
        data = crew_day(day, MONDAY)
    assert sum(len(t.jobs) for t in data.technicians) == 33
    selects = [s for s in many if s.lstrip().upper().startswith("SELECT")]
    assert len(many) == len(few) and len(selects) <= 5, many


def test_a_work_order_number_too_long_for_the_band_takes_its_own_lines(company: ServiceContext) -> None:
    number = "WO-IMPORTED-" + "Ж" * 28  # 40 characters, as long as a code may be
    book(company, number, "T1", 0, priority="emergency")
    text = flat(pages_of(crew_sheets_pdf(company, MONDAY))[0])
    assert "09:00–11:00 job 1 of 1 · 2 h planned" in text
    assert re.sub(r"\s", "", number) in re.sub(r"\s", "", text)
    assert "Repair · Emergency priority" in text
