"""Photos added from disk and by dropping files, opened full size; a signature drawn with the mouse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import PhotoKind
from dispatch_console.services import work_orders
from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.operations import Operations
from dispatch_console.ui.work_orders.execution import PhotosPane, SignaturePane
from tests.ui import seed
from tests.ui.work_orders.execution.conftest import open_pane


def photo_file(folder: Path, name: str, width: int = 64, height: int = 48) -> Path:
    path = folder / name
    path.write_bytes(seed.png(width, height))
    return path


def photos_of(ctx: ServiceContext, number: str) -> list[tuple[str, str, str, str | None]]:
    return [(a.filename, a.content_type, a.kind, a.caption) for a in work_orders.details(ctx, number).attachments]


def drop_files(pane: PhotosPane, files: list[Path]) -> QDropEvent:
    """A real drag of files from the file manager: enter, then drop, with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    at = pane.view.geometry().center()
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pane, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pane, drop)
    return drop


def test_photos_from_disk_tagged_before_with_a_caption(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, tmp_path: Path,
) -> None:
    pane = open_pane(qtbot, PhotosPane, company, ops, job)
    assert pane.empty_hint.isVisible()
    chosen = [photo_file(tmp_path, "unit.png"), photo_file(tmp_path, "coil.PNG")]
    pane.choose_files = lambda _parent: [str(f) for f in chosen]
    qtbot.mouseClick(pane.add_button, Qt.MouseButton.LeftButton)
    dialog = pane.details_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findText("Before"))
    qtbot.keyClicks(dialog.caption, "Condenser as found")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert photos_of(company, job) == [
        ("unit.png", "image/png", PhotoKind.BEFORE, "Condenser as found"),
        ("coil.PNG", "image/png", PhotoKind.BEFORE, "Condenser as found"),
    ]
    assert pane.model.rowCount() == 2
    assert pane.model.index(0).data() == "Before: Condenser as found"
    assert not pane.model.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()  # a thumbnail
    assert not pane.empty_hint.isVisible()


def test_a_photo_dropped_on_the_pane_is_added_and_opens_full_size(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, tmp_path: Path,
) -> None:
    pane = open_pane(qtbot, PhotosPane, company, ops, job)
    big = photo_file(tmp_path, "after.png", 3000, 2000)
    drop = drop_files(pane, [big])
    assert drop.isAccepted()
    dialog = pane.details_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findText("After"))
    qtbot.keyClick(dialog.caption, Qt.Key.Key_Return)
    assert photos_of(company, job) == [("after.png", "image/png", PhotoKind.AFTER, None)]
    index = pane.model.index(0)
    qtbot.waitUntil(lambda: pane.view.visualRect(index).isValid())
    rect = pane.view.visualRect(index)
    # a double click is a click and then a double-click event, as the window system sends it
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    viewer = pane.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.original.width() == 3000
    screen = viewer.screen().availableGeometry()
    assert viewer.width() <= screen.width() and viewer.height() <= screen.height()
    shown = viewer.image.pixmap()
    assert 0 < shown.width() < 3000 and abs(shown.width() / shown.height() - 1.5) < 0.02
    viewer.close()


def test_a_file_that_is_not_a_photo_is_refused_in_words_and_nothing_is_added(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str, tmp_path: Path,
) -> None:
    pane = open_pane(qtbot, PhotosPane, company, ops, job)
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    drop_files(pane, [text])
    dialog = pane.details_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.problem("files") == "'notes.txt' is not a photo (JPEG, PNG, HEIC or WebP)."
    assert photos_of(company, job) == []
    dialog.reject()


def test_no_photos_before_the_work_is_dispatched(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str, tmp_path: Path,
) -> None:
    pane = open_pane(qtbot, PhotosPane, company, ops, scheduled_job)
    assert not pane.add_button.isEnabled()
    assert "It is scheduled" in pane.add_button.toolTip()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo_file(tmp_path, "x.png")))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pane, enter)
    assert not enter.isAccepted()


def draw(pad: QWidget, points: list[tuple[int, int]]) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1]))


def test_a_signature_drawn_with_the_mouse_is_saved_with_the_name(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, SignaturePane, company, ops, job)
    assert pane.saved_text.text() == "The customer has not signed yet."
    pad = pane.pad
    draw(pad, [(30, 80), (60, 40), (90, 100), (120, 50), (160, 90), (200, 60)])
    draw(pad, [(220, 70), (300, 72)])
    assert not pad.is_blank() and len(pad.strokes) == 2
    qtbot.keyClicks(pane.signer, "Pat <Facilities>")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    signature = work_orders.details(company, job).signature
    assert signature is not None and signature.signer_name == "Pat <Facilities>"
    image = QImage.fromData(signature.image_png)
    assert not image.isNull() and image.size() == pad.size()
    inked = sum(
        1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert inked > 50  # the strokes are in the picture, not a blank page
    assert pad.is_blank() and pane.signer.text() == ""
    assert "Pat &lt;Facilities&gt;" in pane.saved_text.text() and "Thu 26 Nov 09:00" in pane.saved_text.text()
    assert not pane.saved_image.pixmap().isNull()


def test_clear_and_a_blank_pad_or_no_name_are_refused_at_the_field(
    qtbot: QtBot, company: ServiceContext, ops: Operations, job: str,
) -> None:
    pane = open_pane(qtbot, SignaturePane, company, ops, job)
    draw(pane.pad, [(30, 80), (200, 60)])
    qtbot.mouseClick(pane.clear_button, Qt.MouseButton.LeftButton)
    assert pane.pad.is_blank()
    qtbot.keyClicks(pane.signer, "Pat")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    assert pane.form.problem("pad").startswith("The pad is blank")
    draw(pane.pad, [(30, 80), (200, 60)])
    assert pane.form.problem("pad") == ""
    pane.signer.clear()
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    assert pane.form.problem("signer") == "The name of the person signing is required."
    assert work_orders.details(company, job).signature is None


def test_no_signature_before_the_work_is_dispatched(
    qtbot: QtBot, company: ServiceContext, ops: Operations, scheduled_job: str,
) -> None:
    pane = open_pane(qtbot, SignaturePane, company, ops, scheduled_job)
    assert not pane.save_button.isEnabled() and not pane.pad.isEnabled()
    assert "It is scheduled" in pane.save_button.toolTip()
