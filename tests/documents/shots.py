"""Pictures of the printed documents for docs/screens.md: ``python -m tests.documents.shots OUT``.

Makes a worked, signed job with photos and an invoice with half-cent lines in a scratch
database (the small company of tests/seed.py), prints them, and renders pages to PNG with
poppler's ``pdftoppm`` at 80 dpi (compressed with ``pngquant`` when it is installed). It also
leaves the PDFs beside the pictures, to open and look at.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from dispatch_console.documents.invoice_pdf import invoice_pdf
from dispatch_console.documents.work_order_pdf import work_order_pdf
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage import schema
from dispatch_console.storage.database import Database
from tests.conftest import Clock
from tests.documents import jobs
from tests.seed import small_company

#: (PDF, page, picture): page 1 of each, and the work order's continuation page.
SHOTS = (
    ("work-order.pdf", 1, "pdf-work-order.png"),
    ("work-order.pdf", 2, "pdf-work-order-page-2.png"),
    ("invoice.pdf", 1, "pdf-invoice.png"),
)


def make_pdfs(out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        db = Database(f"sqlite:///{Path(scratch) / 'shots.db'}")
        try:
            schema.upgrade(db)
            clock = Clock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
            ctx = ServiceContext(db=db, actor="Dana Dispatcher", clock=clock)
            small_company(ctx)
            jobs.dress_company(ctx)
            number = jobs.worked_job(
                ctx, clock,
                description="The blower motor hums but does not turn.\n"
                "Bring the replacement motor and a capacitor rated 7.5 µF.",
            )
            (out / "work-order.pdf").write_bytes(work_order_pdf(ctx, number))
            jobs.set_rate(ctx, "T1", "85.33")
            _, invoice = jobs.billed(
                ctx, clock, [("T1", 1.5), ("T1", 0.25)], [("F-2020", "3", "0.335"), ("R410A", "2.5", None)]
            )
            (out / "invoice.pdf").write_bytes(invoice_pdf(ctx, invoice))
        finally:
            db.dispose()


def render(out: Path) -> list[Path]:
    pictures = []
    for pdf, page, name in SHOTS:
        stem = out / Path(name).stem
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(out / pdf), str(stem)],
            check=True,
        )
        pictures.append(stem.with_suffix(".png"))
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--ext", ".png", *map(str, pictures)], check=True)
    return pictures


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    make_pdfs(out)
    for picture in render(out):
        print(picture)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
