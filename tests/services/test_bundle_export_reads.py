"""The bundle export read straight from SQL (issue #11): each file's rows in the bundle's order
(ties by age), codes in code point order on both databases, lists merged to their owners, each
distinct value formatted once, and progress told as the import tells it."""

from __future__ import annotations

from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain import instant_texts
from dispatch_console.domain.csv_values import format_instant
from dispatch_console.services import bundle_export
from dispatch_console.services.bundle_export import export_bundle, export_folder
from dispatch_console.services.bundle_import import import_bundle, import_folder
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import export_reads
from dispatch_console.storage import models as m
from tests.services.bundles import encoded

BASE = {
    "company.csv": "name,timezone\nAcme,America/Chicago\n",
    "technicians.csv": "code,name\nT1,One\nT2,Two\nT3,Three\n",
    "customers.csv": "code,name\nC1,One\n",
    "sites.csv": "code,customer_code,name,address\nS1,C1,Depot,1 Road\n",
    "parts.csv": "sku,description,unit_price\nP1,Washer,1\nP2,Valve,2\n",
}
AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 09:00 in Chicago


def rows(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()[1:]


def with_work_orders(ctx: ServiceContext, *numbers: str, skills: str = "") -> None:
    files = dict(BASE, **{"work_orders.csv": "number,type,site_code,summary,required_skills\n" + "".join(
        f"{number},general,S1,Fix,{skills}\n" for number in numbers
    )})
    if skills:
        files["skills.csv"] = "code,name\n" + "".join(f"{code},x\n" for code in skills.split(";"))
    import_bundle(ctx, encoded(files))


def test_codes_come_out_in_code_point_order_accents_included(ctx: ServiceContext) -> None:
    codes = ["é1", "Z1", "a1", "É1", "10", "9", "zz"]
    import_bundle(ctx, encoded(dict(
        BASE,
        **{
            "skills.csv": "code,name\n" + "".join(f"{code},Skill {code}\n" for code in codes),
            "technicians.csv": "code,name,skills\nT1,One," + ";".join(codes) + "\n",
            "work_orders.csv": "number,type,site_code,summary\n" + "".join(
                f"W{code},general,S1,Fix\n" for code in codes
            ),
        },
    )))
    bundle = export_bundle(ctx)
    expected = sorted(codes)
    assert expected == ["10", "9", "Z1", "a1", "zz", "É1", "é1"]  # code points, not a locale's order
    assert [row.split(",")[0] for row in rows(bundle["skills.csv"])] == expected
    assert [row.split(",")[1] for row in rows(bundle["technician_skills.csv"])] == expected
    assert [row.split(",")[0] for row in rows(bundle["work_orders.csv"])] == [f"W{code}" for code in expected]


def test_each_work_order_gets_its_own_required_skills_in_order(ctx: ServiceContext) -> None:
    import_bundle(ctx, encoded(dict(
        BASE,
        **{
            "skills.csv": "code,name\nB,x\nA,x\nC,x\n",
            "work_orders.csv": (
                "number,type,site_code,summary,required_skills\n"
                "W3,general,S1,Fix,C\nW1,general,S1,Fix,B;A\nW2,general,S1,Fix,\nW4,general,S1,Fix,\n"
                "W5,general,S1,Fix,A;C;B\n"
            ),
        },
    )))
    skills = {row.split(",")[0]: row.split(",")[8] for row in rows(export_bundle(ctx)["work_orders.csv"])}
    assert skills == {"W1": "A;B", "W2": "", "W3": "C", "W4": "", "W5": "A;B;C"}


def test_ties_come_out_oldest_first(ctx: ServiceContext) -> None:
    """Same start, same position, same moment: the row made first comes first, every time."""
    with_work_orders(ctx, "W1", "W2")
    with ctx.write("Lists with ties") as uow:
        techs = {code: uow.require(m.Technician, code).id for code in ("T1", "T2", "T3")}
        later, earlier = AT + timedelta(hours=1), AT
        w2 = uow.work_order("W2", full=True)
        w1 = uow.work_order("W1", full=True)
        for wo in (w2, w1):  # W2's rows are older, but W1 comes first
            for tech, start in (("T3", later), ("T2", earlier), ("T1", later)):
                wo.bookings.append(m.Booking(technician_id=techs[tech], start=start, end=start + timedelta(hours=1)))
                wo.labor.append(m.LaborEntry(technician_id=techs[tech], start=start, end=start + timedelta(hours=1)))
                wo.notes.append(m.Note(author=tech, at=start, text=f"by {tech}"))
            wo.checklist.extend(
                m.ChecklistItem(position=position, text=text)
                for position, text in ((2, "second, older"), (1, "first"), (2, "second, newer"))
            )
            wo.scope_changes.extend(
                m.ScopeChange(seq=seq, description=f"#{seq}", requested_by="x", requested_at=AT) for seq in (2, 1)
            )
        uow.flush()
        t1 = uow.session.get(m.Technician, techs["T1"])
        assert t1 is not None
        for reason in ("Older", "Newer"):
            t1.time_off.append(m.TimeOff(start=AT, end=later, reason=reason))
    bundle = export_bundle(ctx)
    for number in ("W1", "W2"):
        mine = [row for row in rows(bundle["bookings.csv"]) if row.startswith(f"{number},")]
        assert [row.split(",")[1] for row in mine] == ["T2", "T3", "T1"]
        mine = [row for row in rows(bundle["labor.csv"]) if row.startswith(f"{number},")]
        assert [row.split(",")[1] for row in mine] == ["T2", "T3", "T1"]
        mine = [row for row in rows(bundle["notes.csv"]) if row.startswith(f"{number},")]
        assert [row.split(",")[1] for row in mine] == ["T2", "T3", "T1"]
    assert [row.split(",")[0] for row in rows(bundle["bookings.csv"])] == ["W1"] * 3 + ["W2"] * 3
    assert rows(bundle["checklist_items.csv"]) == [
        f"{number},{text},false,," for number in ("W1", "W2")
        for text in ("first", '"second, older"', '"second, newer"')
    ]
    assert [row.split(",")[:3] for row in rows(bundle["scope_changes.csv"])] == [
        ["W1", "1", "#1"], ["W1", "2", "#2"], ["W2", "1", "#1"], ["W2", "2", "#2"]
    ]
    assert [row.split(",")[3] for row in rows(bundle["time_off.csv"])] == ["Older", "Newer"]


def test_a_work_order_without_lists_has_no_rows_and_no_file_is_written_for_an_empty_list(
    ctx: ServiceContext,
) -> None:
    with_work_orders(ctx, "W1", "W2", "W3")
    with ctx.write("Parts on two of three") as uow:
        part = uow.require(m.Part, "P1").id
        for number in ("W3", "W1"):
            wo = uow.work_order(number, full=True)
            wo.parts_used.append(m.PartUsed(part_id=part, quantity=Decimal(1)))
            uow.flush()
    bundle = export_bundle(ctx)
    assert rows(bundle["parts_used.csv"]) == ["W1,P1,1,", "W3,P1,1,"]
    assert "bookings.csv" not in bundle and "planned_parts.csv" not in bundle and "photos.csv" not in bundle


def test_photos_are_numbered_within_their_work_order(ctx: ServiceContext) -> None:
    with_work_orders(ctx, "W1", "W2")
    with ctx.write("Photos, added in turns") as uow:
        w1, w2 = uow.work_order("W1", full=True), uow.work_order("W2", full=True)
        for wo, name in ((w2, "b1.jpg"), (w1, "a1.png"), (w2, "b2.JPEG"), (w1, "a2")):
            wo.attachments.append(m.Attachment(
                kind="before", filename=name, content_type="image/png", data=name.encode(),
                caption="Zoë’s photo, „quoted“", added_by="Kai", added_at=AT,
            ))
            uow.flush()
        w1.signature = m.Signature(signer_name="Åsa", signed_at=AT, image_png=b"png")
        w2.signature = m.Signature(signer_name="Front desk", signed_at=AT, image_png=None)
    bundle = export_bundle(ctx)
    assert [row.split(",")[:3] for row in rows(bundle["photos.csv"])] == [
        ["W1", "files/W1/photo-1.png", "a1.png"],
        ["W1", "files/W1/photo-2.png", "a2"],
        ["W2", "files/W2/photo-1.jpg", "b1.jpg"],
        ["W2", "files/W2/photo-2.jpeg", "b2.JPEG"],
    ]
    assert rows(bundle["photos.csv"])[0].endswith(',before,image/png,"Zoë’s photo, „quoted“",Kai,2026-11-20T09:00')
    assert rows(bundle["signatures.csv"]) == [
        "W1,Åsa,2026-11-20T09:00,files/W1/signature.png", "W2,Front desk,2026-11-20T09:00,"
    ]
    assert bundle["files/W2/photo-2.jpeg"] == b"b2.JPEG" and bundle["files/W1/signature.png"] == b"png"
    assert [name for name in bundle if name.startswith("files/")] == sorted(
        name for name in bundle if name.startswith("files/")
    )


def test_progress_counts_every_row_a_batch_at_a_time(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_work_orders(ctx, "W1", "W2", "W3", "W4", "W5")
    monkeypatch.setattr(export_reads, "BATCH", 2)
    told: list[tuple[int, int, str]] = []
    report = export_folder(ctx, tmp_path / "out", lambda done, total, file: told.append((done, total, file)))
    total = sum(report.rows.values())
    assert total == 1 + 3 + 1 + 1 + 2 + 5 + 3  # company, technicians, customer, site, parts, orders, series
    assert {t for _, t, _ in told} == {total}
    assert [done for done, _, _ in told] == sorted({done for done, _, _ in told})  # only forward
    assert told[-1][0] == total
    assert [(done, file) for done, _, file in told if file == "work_orders.csv"] == [
        (10, "work_orders.csv"), (12, "work_orders.csv"), (13, "work_orders.csv")  # 2, 2 and 1 rows
    ]
    files = list(dict.fromkeys(file for _, _, file in told))
    assert files == [name for name in report.rows]  # one file after another, in the bundle's order


def test_an_export_without_progress_writes_the_same(ctx: ServiceContext, sample_bundle: Path, tmp_path: Path) -> None:
    import_folder(ctx, sample_bundle)
    export_folder(ctx, tmp_path / "quiet")
    export_folder(ctx, tmp_path / "told", lambda *_: None)
    for path in (tmp_path / "quiet").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "told" / path.relative_to(tmp_path / "quiet")).read_bytes()


def test_a_driver_without_chunked_rows_writes_the_same(
    ctx: ServiceContext, sample_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before libpq 17 PostgreSQL's rows are streamed one at a time: the same bundle, batch by batch."""
    if ctx.db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's streaming; SQLite reads a batch at a time from its cursor")
    import psycopg

    import_folder(ctx, sample_bundle)
    monkeypatch.setattr(export_reads, "BATCH", 3)
    chunked = export_bundle(ctx)
    asked: list[int] = []
    stream = psycopg.Cursor.stream

    def one_at_a_time(cursor: Any, query: Any, *args: Any, size: int = 1, **kwargs: Any) -> Any:
        asked.append(size)
        return stream(cursor, query, *args, size=size, **kwargs)

    monkeypatch.setattr(psycopg.capabilities, "has_stream_chunked", lambda *_, **__: False)
    monkeypatch.setattr(psycopg.Cursor, "stream", one_at_a_time)
    assert export_bundle(ctx) == chunked
    assert asked and set(asked) == {1}


def test_the_memos_forgetting_changes_no_cell(
    ctx: ServiceContext, sample_bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values formatted once are the same as formatted each time, however often the memos start afresh."""
    import_folder(ctx, sample_bundle)
    remembered = export_bundle(ctx)
    monkeypatch.setattr(bundle_export, "_MEMO_LIMIT", 1)
    monkeypatch.setattr(instant_texts, "_HOURS_LIMIT", 1)
    monkeypatch.setattr(instant_texts, "CELLS_LIMIT", 1)
    assert export_bundle(ctx) == remembered


ZONES = ["America/Chicago", "Australia/Lord_Howe", "Europe/Dublin", "Asia/Kolkata", "America/St_Johns", "UTC"]
#: Around daylight-saving changes, and the 1883 change from Chicago's local mean time (-05:50:36).
MOMENTS = [
    datetime(2026, 11, 1, 5, 0, tzinfo=UTC), datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
    datetime(2026, 4, 4, 14, 0, tzinfo=UTC), datetime(2026, 10, 3, 15, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 0, tzinfo=UTC), datetime(1883, 11, 18, 17, 0, tzinfo=UTC),
]


def instant_cells(ctx: ServiceContext, tz: ZoneInfo) -> dict[Any, str]:
    """The export's cells of instants, by the text the database gives."""
    with ctx.read() as uow:
        return bundle_export._Cells(tz, export_reads.ExportReads(uow), bundle_export._Files(lambda *_: None)).instant


@pytest.mark.parametrize("zone_name", ZONES)
def test_instants_read_as_format_instant_writes_them(ctx: ServiceContext, zone_name: str) -> None:
    tz = ZoneInfo(zone_name)
    cells = instant_cells(ctx, tz)
    for moment in MOMENTS:
        for step in range(-300, 300):
            instant = moment + step * timedelta(seconds=67, microseconds=250_000 if step % 3 == 0 else 0)
            assert cells[instant.strftime("%Y-%m-%d %H:%M:%S.%f")] == format_instant(instant, tz), instant
            # Written otherwise (by another program: SQLite keeps any text), read as the column reads it.
            assert cells[instant.strftime("%Y-%m-%d %H:%M:%S")] == format_instant(instant.replace(microsecond=0), tz)
    assert cells[None] == ""


def test_the_repeated_hour_keeps_its_offset(ctx: ServiceContext) -> None:
    cells = instant_cells(ctx, ZoneInfo("America/Chicago"))
    assert [cells["2026-11-01 06:30:00.000000"], cells["2026-11-01 07:30:00.000000"]] == [
        "2026-11-01T01:30-05:00", "2026-11-01T01:30-06:00"
    ]


def test_records_needing_quotes_are_quoted_whatever_their_batch() -> None:
    plain: list[list[str]] = [["a", "b"], ["c", "d"]]
    assert bundle_export._lines(plain, 2) == "a,b\nc,d\n"
    awkward: list[Any] = [["a", "b"], ["c,d", "e"], ["f", 'g"h'], ["i", "j\rk"], ["l", "m\nn"], ["", ""]]
    assert bundle_export._lines(awkward, 2) == 'a,b\n"c,d",e\nf,"g""h"\ni,"j\rk"\nl,"m\nn"\n,\n'
    assert bundle_export._lines([[""], ["x"]], 1) == '""\nx\n'
    without_cr = [row for row in awkward if "\r" not in row[1]] + [["", 'a "b"'], ["\n", ""], [",", ","]]
    assert bundle_export._lines(without_cr, 2) == "".join(map(bundle_export._line, without_cr))
    assert bundle_export._lines(without_cr, 2) == 'a,b\n"c,d",e\nf,"g""h"\nl,"m\nn"\n,\n,"a ""b"""\n"\n",\n",",","\n'


def test_files_are_read_in_turn_and_one_stopped_early_is_closed() -> None:
    closed: list[str] = []

    def reading(key: str, size: int) -> Generator[list[int], None, None]:
        try:
            yield from ([n] for n in range(size))
        finally:
            closed.append(key)

    assert list(export_reads.in_turn([("a", reading("a", 2)), ("b", reading("b", 0)), ("c", reading("c", 1))])) == [
        ("a", [0]), ("a", [1]), ("c", [0])
    ]
    assert closed == ["a", "b", "c"]
    closed.clear()
    batches = export_reads.in_turn([("a", reading("a", 5)), ("b", reading("b", 5))])
    assert next(batches) == ("a", [0])
    batches.close()
    assert closed == ["a"]  # the one being read closed (its cursor with it), the next never begun
