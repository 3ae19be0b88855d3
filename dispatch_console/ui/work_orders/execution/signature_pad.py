"""The customer's signature: a pad drawn on with the mouse, a pen or a finger, the signer's name,
and the signature saved with the work order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain import lifecycle
from dispatch_console.services import execution
from dispatch_console.ui.forms import Form
from dispatch_console.ui.plain_text import escape, rich
from dispatch_console.ui.widgets import hint
from dispatch_console.ui.work_orders.execution.common import ExecutionPane, allow, at_field

#: The pad's natural size (logical pixels); it may shrink on a small screen.
PAD_SIZE = QSize(480, 160)
INK = QColor("#0d1b5e")
#: The largest size a saved signature is shown at.
SHOWN_SIZE = QSize(480, 160)

Stroke = list[QPointF]


class SignaturePad(QWidget):
    """A white pad that records strokes from the mouse, a pen (tablet) or touch.

    Signals:
        changed: a stroke was drawn, or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(QSize(240, 100))
        self.setCursor(Qt.CursorShape.CrossCursor)
        # Drawn with a mouse, pen or finger only: Tab passes over it to the signer's name.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolTip("Sign here with the mouse, a pen or a finger")
        self.strokes: list[Stroke] = []
        self._mouse_stroke: Stroke | None = None
        self._pen_stroke: Stroke | None = None
        self._touch_strokes: dict[int, Stroke] = {}

    def sizeHint(self) -> QSize:
        return PAD_SIZE

    # -- the ink --------------------------------------------------------------------------------
    def is_blank(self) -> bool:
        return not any(self.strokes)

    def clear(self) -> None:
        self.strokes = []
        self._mouse_stroke = self._pen_stroke = None
        self._touch_strokes = {}
        self.update()
        self.changed.emit()

    def _begin(self, at: QPointF) -> Stroke:
        stroke = [QPointF(at)]
        self.strokes.append(stroke)
        self.update()
        return stroke

    def _extend(self, stroke: Stroke | None, at: QPointF) -> None:
        if stroke is not None:
            stroke.append(QPointF(at))
            self.update()

    def _end(self) -> None:
        self.changed.emit()

    # -- mouse ----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._mouse_stroke = self._begin(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(self._mouse_stroke, event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._mouse_stroke is not None and event.button() == Qt.MouseButton.LeftButton:
            self._extend(self._mouse_stroke, event.position())
            self._mouse_stroke = None
            self._end()

    # -- pen ------------------------------------------------------------------------------------
    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._pen_stroke = self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(self._pen_stroke, event.position())
        elif kind == QEvent.Type.TabletRelease and self._pen_stroke is not None:
            self._extend(self._pen_stroke, event.position())
            self._pen_stroke = None
            self._end()
        event.accept()  # no mouse event is made up from it: the stroke is drawn once

    # -- touch ----------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(event, QTouchEvent) and kind in (
            QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel
        ):
            ended = False
            for point in event.points():
                ident = point.id()
                state = point.state()
                if state == point.State.Pressed or ident not in self._touch_strokes:
                    if state != point.State.Released:
                        self._touch_strokes[ident] = self._begin(point.position())
                    continue
                self._extend(self._touch_strokes[ident], point.position())
                if state == point.State.Released:
                    del self._touch_strokes[ident]
                    ended = True
            if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
                ended = ended or bool(self._touch_strokes)
                self._touch_strokes = {}
            if ended:
                self._end()
            event.accept()
            return True
        return super().event(event)

    # -- painting -------------------------------------------------------------------------------
    def _paint(self, painter: QPainter, size: QSize) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(0, 0, size.width(), size.height(), QColor("white"))
        pen = QPen(INK, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._paint(painter, self.size())
        painter.setPen(QPen(QColor("#9e9e9e"), 1))
        baseline = self.height() - 28
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.drawRect(0, 0, self.width() - 1, self.height() - 1)
        if self.is_blank():
            painter.setPen(QColor("#9e9e9e"))
            painter.drawText(16, baseline + 18, "Sign above the line")
        painter.end()

    def to_png(self) -> bytes:
        """The strokes on white, at the pad's size, as PNG (without the line and the frame)."""
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        self._paint(painter, self.size())
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())


class SignaturePane(ExecutionPane):
    """The saved signature (who signed and when), and the pad to sign (again) with the name."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        layout = QVBoxLayout(self)
        self.saved_text = QLabel()
        self.saved_text.setObjectName("signedBy")
        self.saved_text.setWordWrap(True)
        layout.addWidget(self.saved_text)
        self.saved_image = QLabel()
        self.saved_image.setObjectName("savedSignature")
        self.saved_image.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.saved_image.setStyleSheet("QLabel { background: white; border: 1px solid palette(mid); }")
        layout.addWidget(self.saved_image)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        self.sign_hint = hint("")
        layout.addWidget(self.sign_hint)
        self.form = Form()
        self.pad = SignaturePad()
        self.signer = QLineEdit()
        self.signer.setObjectName("signerName")
        self.signer.setPlaceholderText("the customer's name as they sign")
        self.form.add("pad", "Signature:", self.pad)
        self.form.add("signer", "Signed &by:", self.signer)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.clicked.connect(self.pad.clear)
        row.addWidget(self.clear_button)
        self.save_button = QPushButton("Save si&gnature")
        self.save_button.setObjectName("saveSignature")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.pad.changed.connect(self._on_pad_changed)

    def unsaved(self) -> str:
        return "a signature not saved yet" if not self.pad.is_blank() else ""

    def fill(self, wo: Any) -> None:
        signature = wo.signature
        self.saved_image.hide()
        if signature is None:
            self.saved_text.setText("The customer has not signed yet.")
            self.sign_hint.setText("Hand the screen (or the pen) to the customer to sign.")
        else:
            self.saved_text.setText(rich(
                f"Signed by <b>{escape(signature.signer_name)}</b>, {escape(self.when(signature.signed_at))}"
            ))
            pixmap = QPixmap()
            if signature.image_png and pixmap.loadFromData(signature.image_png):
                if pixmap.width() > SHOWN_SIZE.width() or pixmap.height() > SHOWN_SIZE.height():
                    pixmap = pixmap.scaled(SHOWN_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)
                self.saved_image.setPixmap(pixmap)
            else:
                self.saved_image.setText("No signature image was captured.")
            self.saved_image.show()
            self.sign_hint.setText("Signing again replaces this signature.")
        reason = self.why_not(lambda f: lifecycle.check_record_execution(f, "a signature"))
        allow(self.save_button, reason, "Save the signature with the work order")
        self.pad.setEnabled(reason is None)
        self.signer.setEnabled(reason is None)
        self.clear_button.setEnabled(reason is None)

    @Slot()
    def _on_pad_changed(self) -> None:
        if "pad" in self.form.fields and self.form.problem("pad"):
            self.form.clear_problems()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save the drawn signature with the name; True when saved (the pad is cleared)."""
        self.form.clear_problems()
        if self.pad.is_blank():
            self.form.show_problems({"pad": "the pad is blank; the customer signs above the line first"})
            return False
        name = self.signer.text()
        image = self.pad.to_png()
        title = f"Record the customer's signature on {self.number}"
        done = self.run(
            title, lambda: at_field("signer", lambda: execution.sign(self.ctx, self.number, name, image), title),
            on_refused=self.form.refusal_handler(),
        )
        if done is None:
            return False
        self.pad.clear()
        self.signer.clear()
        self.form.mark_clean()
        return True


__all__ = ["SignaturePad", "SignaturePane"]
