"""Round trips at the edges: what the console stores, an export carries into an empty database exactly.

Long and awkward text, every year from 1 to 9999 in zones far east and west of UTC, fractional
seconds, Decimal places; and where a value cannot be shown in the company's zone, the import
refuses it where it enters, with the limit in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.enums import WorkOrderType
from dispatch_console.services.bundle_export import export_bundle, export_folder
from dispatch_console.services.bundle_import import import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import models as m
from tests.seed import small_company
from tests.services.bundles import Refuse, database_contents, encoded, refusing, second_database


@pytest.fixture
def other_ctx(_template: str, tmp_path: Path, clock: Any) -> Iterator[ServiceContext]:
    yield from second_database(_template, tmp_path, clock)


@pytest.fixture
def refuse(tmp_path: Path) -> Refuse:
    return refusing(tmp_path)


#: The csv module alone stops at 131,072 characters a cell; the console stores any length.
LONG = "".join(f"line {n}: ünïcødé 😀 שלום, \"quoted\" ;\n" for n in range(8_000))
EDGE_TEXTS = (
    LONG,
    "x" * 200_000,  # one unbroken cell, far past the csv module's limit
    "😀🜁𝄞 astral, עברית RTL \u202e reversed \u200f mark",
    "two\nlines", "windows\r\nline ends", "old mac\rline end", "trailing newline\n",
    'quotes "inside" and "" doubled', '"starts and ends quoted"',
    "  leading spaces", "trailing spaces  ", "\ttab first",
    "=1+1", "+1 555 0100", "-12.50", "@SUM(A1:A9)", "'apostrophe first", "''=two apostrophes",
    "comma, semicolon; pipe |", "<b>markup</b> & entities &amp;", "\\ backslash \\n not a newline",
)


def _store_edges(ctx: ServiceContext, when: datetime) -> None:
    """One work order per awkward text (summary and description), a note with each, and money and
    hours at the database's precision; written through storage, as the console keeps them."""
    with ctx.write("seed edges") as uow:
        site = uow.require(m.Site, "S1")
        for n, text in enumerate(EDGE_TEXTS, start=1):
            wo = m.WorkOrder(
                number=f"W{n:02d}", type=WorkOrderType.GENERAL, site=site, summary=text, description=text,
                created_at=when, estimated_hours=Decimal("0.0001") * n, hold_reason=text,
            )
            wo.notes = [m.Note(author="Dana", at=when + timedelta(microseconds=n), text=text)]
            uow.add(wo)
        uow.add(m.Part(sku="P-MAX", description="the most NUMERIC(14, 4) holds",
                       unit_price=Decimal("9999999999.9999"), unit="ea"))
        uow.add(m.Part(sku="P-MIN", description="the least above nothing", unit_price=Decimal("0.0001"), unit="ea"))


def _round_trip(ctx: ServiceContext, other_ctx: ServiceContext) -> dict[str, bytes]:
    first = export_bundle(ctx)
    import_bundle(other_ctx, first)
    assert export_bundle(other_ctx) == first
    assert database_contents(other_ctx) == database_contents(ctx)
    assert not import_bundle(other_ctx, first).changed  # and it is already so
    return first


def test_awkward_and_long_text_and_precise_numbers_come_back_exactly(
    company: ServiceContext, other_ctx: ServiceContext, tmp_path: Path
) -> None:
    _store_edges(company, datetime(2026, 11, 26, 15, 0, 0, 123456, tzinfo=UTC))
    first = _round_trip(company, other_ctx)
    assert len(first["work_orders.csv"]) > 3 * len(LONG)
    with other_ctx.read() as uow:
        for n, text in enumerate(EDGE_TEXTS, start=1):
            wo = uow.work_order(f"W{n:02d}")
            assert (wo.summary, wo.description, wo.hold_reason, wo.notes[0].text) == (text, text, text, text)
            assert wo.estimated_hours == Decimal("0.0001") * n
            assert wo.notes[0].at == datetime(2026, 11, 26, 15, 0, 0, 123456 + n, tzinfo=UTC)
        assert uow.require(m.Part, "P-MAX").unit_price == Decimal("9999999999.9999")
    # Through a folder too, as the command line and the console do it.
    export_folder(company, tmp_path / "out")
    assert not import_folder(other_ctx, tmp_path / "out").changed


#: Zones far from UTC either way, one with local mean time of old dates (Chicago: -05:50:36 before
#: 1883), one that skipped a whole day (Kiritimati, 31 Dec 1994).
ZONES = ("UTC", "America/Chicago", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kolkata", "Pacific/Apia")
YEARS = (1, 2, 99, 100, 999, 1000, 1582, 1752, 1883, 1900, 1969, 1970, 1994, 2000, 2038, 2100, 9998, 9999)


def _instants(tz: str) -> list[datetime]:
    """Instants of every year of YEARS, and the first and last the zone can show."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    found = [datetime(year, 6, 15, 12, 30, 15, 250000, tzinfo=UTC) for year in YEARS]
    first_wall = datetime(1, 1, 1, 0, 0).replace(tzinfo=zone)
    last_wall = datetime(9999, 12, 31, 23, 59, 59, 999999).replace(tzinfo=zone)
    for wall in (first_wall, last_wall):
        try:
            found.append(wall.astimezone(UTC))
        except OverflowError:  # east of UTC, year 1 00:00 local is before year 1 in UTC
            pass
    found.append(datetime(1, 1, 2, 0, 0, tzinfo=UTC))
    found.append(datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC))
    return found


@pytest.mark.parametrize("tz", ZONES)
def test_every_year_from_1_to_9999_comes_back_in_any_zone(
    ctx: ServiceContext, other_ctx: ServiceContext, tz: str
) -> None:
    small_company(ctx, tz=tz)
    instants = _instants(tz)
    with ctx.write("seed years") as uow:
        tech = uow.require(m.Technician, "T1")
        site = uow.require(m.Site, "S1")
        for n, instant in enumerate(instants):
            start = instant if instant.year < 9999 else instant - timedelta(microseconds=1)
            end = start + timedelta(microseconds=1)
            uow.add(m.TimeOff(technician=tech, start=start, end=end, reason=f"{n}"))
            uow.add(m.WorkOrder(number=f"Y{n:02d}", type=WorkOrderType.GENERAL, site=site, summary="year",
                                created_at=instant, due_by=instant))
        for n, year in enumerate(YEARS):
            uow.add(m.Asset(code=f"AY{n:02d}", site=site, name="dated", installed_on=date(year, 1, 1),
                            warranty_until=date(year, 12, 31)))
            uow.add(m.PmPlan(code=f"PY{n:02d}", site=site, type=WorkOrderType.PREVENTIVE, summary="plan",
                             rrule="FREQ=YEARLY", start_wall=datetime(year, 1, 2, 0, 0, 0, 1)))
    first = _round_trip(ctx, other_ctx)
    text = first["work_orders.csv"].decode()
    assert "0001-06-1" in text and "9999-06-1" in text  # the 15th or 16th, by the zone
    assert "\n1-" not in text and ",1-" not in text  # never the unpadded year strftime writes
    assert "0001-01-02T00:00:00.000001" in first["pm_plans.csv"].decode()
    with other_ctx.read() as uow:
        assert sorted(wo.created_at for wo in uow.all(m.WorkOrder)) == sorted(instants)


@pytest.mark.parametrize(
    ("tz", "cell"),
    [
        ("Asia/Tokyo", "0001-01-01T00:00"),  # +09:18:59 (local mean time): before year 1 in UTC
        ("Etc/GMT+12", "9999-12-31T23:00"),  # -12:00: after year 9999 in UTC
        ("America/Chicago", "9999-12-31T23:59"),
        ("America/Chicago", "0001-01-01T00:00+05:00"),
        ("America/Chicago", "9999-12-31T23:00-05:00"),
        ("Pacific/Kiritimati", "9999-12-31T20:00Z"),  # in UTC it is fine, in the company's zone it is not
        ("Etc/GMT+12", "0001-01-01T06:00Z"),
    ],
)
def test_an_instant_the_company_zone_cannot_show_is_refused_where_it_enters(
    ctx: ServiceContext, refuse: Refuse, tz: str, cell: str
) -> None:
    small_company(ctx, tz=tz)
    errors = refuse(ctx, {"time_off.csv": f"tech_code,start,end\nT1,{cell},2026-01-01T00:00\n"})
    assert errors == [
        f"time_off.csv:2: start: '{cell}' is outside the years 1 to 9999 in UTC or in the company's time "
        f"zone ({tz}); use a date-time between 0001-01-02 and 9999-12-30"
    ]


def test_a_plan_start_the_zone_cannot_place_is_refused(ctx: ServiceContext, refuse: Refuse) -> None:
    small_company(ctx, tz="Etc/GMT+12")
    errors = refuse(ctx, {"pm_plans.csv": "code,site_code,summary,rrule,start\nP1,S1,x,FREQ=DAILY,9999-12-31T20:00\n"})
    assert errors == [
        "pm_plans.csv:2: start: '9999-12-31T20:00' is outside the years 1 to 9999 in UTC or in the company's "
        "time zone (Etc/GMT+12); use a date-time between 0001-01-02 and 9999-12-30"
    ]


def test_year_one_written_by_hand_imports(ctx: ServiceContext) -> None:
    small_company(ctx)
    import_bundle(ctx, encoded({"time_off.csv": "tech_code,start,end\nT1,0001-01-01T00:00,0001-01-01T00:00:00.5\n"}))
    assert "T1,0001-01-01T00:00,0001-01-01T00:00:00.500000," in export_bundle(ctx)["time_off.csv"].decode()


def test_a_requests_channel_and_the_kind_of_work_asked_for_come_back(
    ctx: ServiceContext, other_ctx: ServiceContext
) -> None:
    from dispatch_console.domain.enums import RequestSource
    from dispatch_console.services import intake

    small_company(ctx)
    asked = intake.create_request(ctx, intake.RequestSpec(
        site_code="S1", problem="Quote a new rooftop unit", source=RequestSource.EMAIL,
        requested_type=WorkOrderType.INSTALLATION,
    ))
    plain = intake.create_request(ctx, intake.RequestSpec(site_code="S1", problem="Noisy fan"))
    bundle = export_bundle(ctx)
    assert ",email," in bundle["requests.csv"].decode() and ",installation," in bundle["requests.csv"].decode()
    import_bundle(other_ctx, bundle)
    with other_ctx.read() as uow:
        found = {r.number: (r.source, r.requested_type) for r in uow.all(m.WorkRequest)}
    assert found == {asked: ("email", "installation"), plain: ("phone", None)}
