"""Board budgets: 200 technicians x 14 days, 10,000 bookings, 1,000 queued work orders.

Prints, beside the same rectangles in a plain QGraphicsView (10,000 labelled QGraphicsRectItems):
  - open: data loaded, widget built, first full paint;
  - repaint: one full repaint of the viewport while scrolling;
  - drop: a queued work order dropped on the board until the board is repainted (booking saved,
    conflicts checked, board patched);
  - suggestions: ranking all technicians for the selected queued work order;
  - memory: how much resident memory the board (or the plain view) added.
Budgets: open < 1 s, repaint < 16 ms, drop < 50 ms.

Run:  python tests/benchmarks/bench_board.py   (offscreen; takes about half a minute)
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QPointF, QRectF, QSettings  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QUndoStack  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from dispatch_console.services.context import ServiceContext  # noqa: E402
from dispatch_console.storage import schema  # noqa: E402
from dispatch_console.storage.database import Database  # noqa: E402
from dispatch_console.ui.board.page import BoardPage  # noqa: E402
from dispatch_console.ui.bus import ChangeBus  # noqa: E402
from tests.benchmarks.board_data import build_schedule  # noqa: E402
from tests.ui.board.driving import drop_mime, queue_mime  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 08:00 in Chicago
W, H = 1600, 900


def rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.1f} ms, best {min(samples) * 1000:7.1f} ms"


def bare_qt(rects: list[tuple[float, float, float, float, str]]) -> tuple[float, list[float], list[float]]:
    """The same rectangles with labels as items in a plain QGraphicsView; a "drop" there is
    moving one item and repainting (no saving, no conflict check)."""
    t0 = time.perf_counter()
    scene = QGraphicsScene()
    brush = QBrush(QColor("#3f78c0"))
    for x, y, w, h, label in rects:
        item = QGraphicsRectItem(QRectF(0, 0, w, h))
        item.setPos(x, y)
        item.setBrush(brush)
        text = QGraphicsSimpleTextItem(label, item)
        text.setPos(3, 2)
        scene.addItem(item)
    view = QGraphicsView(scene)
    view.resize(W, H)
    view.show()
    view.grab()
    opened = time.perf_counter() - t0
    repaints = []
    for i in range(30):
        view.verticalScrollBar().setValue(i * 37)
        t = time.perf_counter()
        view.viewport().grab()
        repaints.append(time.perf_counter() - t)
    drops = []
    items = [i for i in scene.items() if isinstance(i, QGraphicsRectItem)][:15]
    for item in items:
        t = time.perf_counter()
        item.setPos(item.pos() + QPointF(20, 0))
        view.viewport().grab()
        drops.append(time.perf_counter() - t)
    view.close()
    return opened, repaints, drops


def main() -> int:
    app = QApplication.instance() or QApplication([])
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / name))
    app.setFont(QFont("DejaVu Sans", 9))
    folder = Path(tempfile.mkdtemp(prefix="bench-board-"))
    db = Database(f"sqlite:///{folder / 'bench.db'}")
    schema.upgrade(db)
    ctx = ServiceContext(db=db, actor="bench", clock=lambda: NOW)
    t = time.perf_counter()
    build_schedule(ctx, technicians=200, days=14, bookings=10_000, queued=1_000, first_day=date(2026, 11, 30))
    print(f"data: 200 technicians x 14 days, 10,000 bookings, 1,000 queued (built in {time.perf_counter() - t:.1f} s)")
    settings = QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("board/view", "two_weeks")
    settings.setValue("board/zoom/two_weeks", 2)

    base_rss = rss_mb()
    t0 = time.perf_counter()
    page = BoardPage(ctx, QUndoStack(), settings, bus=ChangeBus(ctx))
    page.resize(W, H)
    page.show()
    page.grab()
    opened = time.perf_counter() - t0
    board_rss = rss_mb() - base_rss
    assert len(page.state.bookings) == 10_000, len(page.state.bookings)

    repaints = []
    vbar = page.board.verticalScrollBar()
    for i in range(30):
        vbar.setValue(i * 37)
        t = time.perf_counter()
        page.board.viewport().grab()
        repaints.append(time.perf_counter() - t)

    # Same rectangles, as the board would lay them out, in a plain QGraphicsView.
    axis = page.board.axis
    rects = []
    for row, tech in enumerate(page.state.rows):
        for block in page.state.by_tech.get(tech.id, ()):
            for x0, x1 in axis.segments(block.start, block.end):
                rects.append((x0, row * page.board.row_height + 3, x1 - x0, page.board.row_height - 6, block.number))
    bare_rss0 = rss_mb()
    bare_open, bare_repaints, bare_drops = bare_qt(rects)
    bare_rss = rss_mb() - bare_rss0

    # Drops: a queued work order onto a row, until the board has repainted.
    page.set_view("day")
    page.operations.confirm_conflicts = lambda _parent, _title, _lines: True
    drops = []
    queue = [i.number for i in page.queue_model.items()][:15]
    for n, number in enumerate(queue):
        row = 3 + n
        pos = QPointF(page.board.axis.x_of_wall(0, 8) - page.board.horizontalScrollBar().value() + 5,
                      row * page.board.row_height + 10 - vbar.value())
        mime = queue_mime(page, number)
        t = time.perf_counter()
        drop_mime(page.board.viewport(), mime, pos)
        page.board.viewport().grab()
        drops.append(time.perf_counter() - t)
    booked = sum(1 for b in page.state.bookings.values() if b.number in queue)

    # Suggestions as the selection moves through the queue (ranked over all 10,000 bookings).
    suggestions = []
    for row in range(15):
        t = time.perf_counter()
        page.queue_view.selectRow(row)
        page.flush_suggestions()
        suggestions.append(time.perf_counter() - t)

    print()
    print(f"{'':34}{'Dispatch Console':>34}   {'plain QGraphicsView':>34}")
    print(f"{'open (load + build + first paint)':34}{opened * 1000:31.0f} ms   {bare_open * 1000:31.0f} ms   budget < 1000 ms")
    print(f"{'full repaint while scrolling':34}{best(repaints):>34}   {best(bare_repaints):>34}   budget < 16 ms")
    print(f"{'drop -> saved, checked, repainted':34}{best(drops):>34}   {best(bare_drops):>34}   budget < 50 ms")
    print(f"{'suggest 5 technicians (selection)':34}{best(suggestions):>34}   {'(no equivalent)':>34}")
    print(f"{'memory (resident growth)':34}{board_rss:31.0f} MB   {bare_rss:31.0f} MB")
    print(f"({booked} of {len(queue)} drops booked; the rest were on conflicts and confirmed)")
    ok = opened < 1.0 and statistics.median(repaints) < 0.016 and statistics.median(drops) < 0.050
    print("budgets:", "held" if ok else "NOT held")
    page.close()
    db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
