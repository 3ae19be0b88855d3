"""What the four record editors share: a form that scrolls on a short screen, fields that say
what they expect, and an editor that fits the screen it opens on."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from dispatch_console.services.context import ServiceContext
from dispatch_console.ui.fitting import keep_on_screen, natural_size, scrolling
from dispatch_console.ui.forms import RecordDialog
from dispatch_console.ui.operations import Operations


def line(placeholder: str = "", *, tip: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    if tip:
        edit.setToolTip(tip)
    return edit


def lines(rows: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """Several lines of text; Tab moves on to the next field instead of typing a tab."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * rows + 14)
    return edit


class RecordEditor(RecordDialog):
    """A record's editor: ``code`` is None for a new record; ``version`` is the copy being edited."""

    def __init__(self, title: str, ctx: ServiceContext, operations: Operations, code: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, operations, parent)
        self.ctx = ctx
        self.code = code
        self.version: int | None = None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def finish(self) -> None:
        """Once the fields are added and filled: the form scrolls if the screen is short, and the
        editor opens at its natural size within the screen."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        area = scrolling(self.form)
        layout.insertWidget(0, area, 1)
        hint = self.form.sizeHint()
        width = max(natural_size(self).width(), hint.width() + 40)
        height = hint.height() + self.buttons.sizeHint().height() + 48
        keep_on_screen(self, QSize(width, height))

    def saved_code(self) -> str | None:
        """The code of the record once saved (a new record's too)."""
        return self.code
