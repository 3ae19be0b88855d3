"""Forms: fields with their messages beside them, and record editors that never lose typing.

Every form in the console is a ``Form`` and every record editor a ``RecordDialog``, so they
all behave the same way:

- a refusal field by field (``InvalidFields``) puts each message under its field, in words,
  and moves the focus to the first one; typing in a field clears its message;
- any other refusal is said in a banner above the fields; a stale copy (somebody else saved
  the record since it was opened) names who and when and offers *Reload*, and after the
  reload the banner still lists what you had typed, so nothing typed is lost;
- closing an editor with unsaved changes asks: save, discard, or go back to it;
- an editor opens with the keyboard on its first field, and Tab goes down the fields in reading
  order and then to Save and Cancel.

Saving runs as an ``Op`` through the window's ``Operations`` like every other action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, cast

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.errors import ConcurrencyConflict, DispatchError, InvalidFields
from dispatch_console.ui.formatting import sentence
from dispatch_console.ui.operations import Op, Operations
from dispatch_console.ui.plain_text import plain_label, set_plain
from dispatch_console.ui.widgets import heading

PROBLEM_STYLE = "QLabel { color: #b00020; }"
#: A field with a problem gets this frame colour.
PROBLEM_FIELD_STYLE = "border: 1px solid #b00020;"


def value_of(widget: QWidget) -> str:
    """What a field shows, as text: what the user typed or chose (for "what you typed")."""
    custom = getattr(widget, "form_value", None)
    if callable(custom):
        return str(custom())
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return "yes" if widget.isChecked() else "no"
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    return ""


def _on_edit(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the user changes ``widget``."""
    custom = getattr(widget, "edited", None)
    if custom is not None and hasattr(custom, "connect"):
        custom.connect(slot)
    elif isinstance(widget, QLineEdit):
        widget.textEdited.connect(slot)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
        if widget.isEditable():
            widget.editTextChanged.connect(slot)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(slot)
    elif isinstance(widget, QDateTimeEdit):
        widget.dateTimeChanged.connect(slot)
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        widget.valueChanged.connect(slot)


def reading_order(widget: QWidget) -> list[QWidget]:
    """The widgets in ``widget`` that Tab stops at, in reading order: down its layouts (a form
    row by row, a grid row by row and left to right, a box in its order), into a scroll area's
    content and a field made of several widgets, never into one Qt draws as one (a spin box)."""
    if isinstance(widget, QScrollArea) and (content := widget.widget()) is not None:
        return reading_order(content)
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return [widget]
    layout = widget.layout()
    return _layout_order(layout) if layout is not None else []


def first_stop(widget: QWidget) -> QWidget:
    """Where the keyboard goes for ``widget``: its first Tab stop (the field of a field with a
    button beside it), else the widget itself."""
    return next(iter(reading_order(widget)), widget)


def _layout_order(layout: QLayout) -> list[QWidget]:
    indexes = list(range(layout.count()))
    if isinstance(layout, QGridLayout):  # items in the order added, which need not be the rows'
        indexes.sort(key=lambda i: cast(tuple[int, int, int, int], layout.getItemPosition(i))[:2])
    elif isinstance(layout, QFormLayout):  # label, field, or a row of its own
        indexes.sort(key=lambda i: _form_place(layout, i))
    stops: list[QWidget] = []
    for index in indexes:
        item = layout.itemAt(index)
        if item is None:
            continue
        if (widget := item.widget()) is not None:
            stops += reading_order(widget)
        elif (inner := item.layout()) is not None:
            stops += _layout_order(inner)
    return stops


def _form_place(layout: QFormLayout, index: int) -> tuple[int, int]:
    row, role = cast(tuple[int, QFormLayout.ItemRole], layout.getItemPosition(index))
    return row, role.value


@dataclass
class Field:
    name: str
    label: str
    widget: QWidget
    message: QLabel


class Banner(QFrame):
    """A refusal that is not about one field, above the form; *Reload* for a stale copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#formBanner { background: #fdecea; border: 1px solid #f5c2c0; }")
        layout = QHBoxLayout(self)
        self.text = plain_label("", wrap=True)
        self.text.setObjectName("formBannerText")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 1)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setObjectName("formReload")
        self.reload_button.hide()
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def say(self, text: str, *, reload: bool = False) -> None:
        set_plain(self.text, text)
        self.reload_button.setVisible(reload)
        self.show()

    def clear(self) -> None:
        self.text.clear()
        self.reload_button.hide()
        self.hide()


class Form(QWidget):
    """Named fields, each with its message under it, and a banner above them.

    Signals:
        edited: the user changed a field.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = Banner()
        outer.addWidget(self.banner)
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(self.rows)
        outer.addStretch(1)
        self.fields: dict[str, Field] = {}
        self._clean: dict[str, str] = {}
        self._reload_action: Callable[[], None] | None = None
        self.banner.reload_button.clicked.connect(self._on_banner_reload_button_clicked)

    # -- building ---------------------------------------------------------------------------------
    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A field: ``label`` beside ``widget``, its message (hidden until there is one) under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = plain_label("", wrap=True)
        message.setObjectName(f"problem_{name}")
        message.setStyleSheet(PROBLEM_STYLE)
        message.hide()
        column.addWidget(message)
        self.rows.addRow(label, box)
        caption = self.rows.labelForField(box)
        if isinstance(caption, QLabel):
            caption.setBuddy(first_stop(widget))
        self.fields[name] = Field(name, label.rstrip(":").replace("&", ""), widget, message)
        _on_edit(widget, lambda *_args, name=name: self._on_field_edited(name))
        return widget

    def add_section(self, title: str) -> None:
        self.rows.addRow(heading(title, scale=1.1))

    # -- values -----------------------------------------------------------------------------------
    def value(self, name: str) -> str:
        return value_of(self.fields[name].widget)

    def mark_clean(self) -> None:
        """What the form shows now is what is saved."""
        self._clean = {name: self.value(name) for name in self.fields}

    def is_dirty(self) -> bool:
        return any(self.value(name) != self._clean.get(name, "") for name in self.fields)

    def typed(self) -> list[tuple[str, str]]:
        """The fields changed since the last ``mark_clean``: (label, what they show now)."""
        return [(f.label, self.value(name)) for name, f in self.fields.items()
                if self.value(name) != self._clean.get(name, "")]

    # -- problems ---------------------------------------------------------------------------------
    def problem(self, name: str) -> str:
        """The message shown under a field ("" when none)."""
        message = self.fields[name].message
        return message.text() if not message.isHidden() else ""

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each message under its field; ones about no field of this form go to the banner."""
        self.clear_problems()
        elsewhere: list[str] = []
        first: QWidget | None = None
        for name, text in problems.items():
            field = self.fields.get(name)
            if field is None:
                elsewhere.append(sentence(text))
                continue
            set_plain(field.message, sentence(text))
            field.message.show()
            field.widget.setProperty("problem", True)
            field.widget.setStyleSheet(f"{type(field.widget).__name__} {{ {PROBLEM_FIELD_STYLE} }}")
            if first is None:
                first = field.widget
        if elsewhere:
            self.banner.say(" ".join(elsewhere))
        if first is not None:
            first_stop(first).setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_problems(self) -> None:
        for field in self.fields.values():
            self._clear_field(field)
        self.banner.clear()

    def _clear_field(self, field: Field) -> None:
        field.message.clear()
        field.message.hide()
        if field.widget.property("problem"):
            field.widget.setProperty("problem", False)
            field.widget.setStyleSheet("")

    def refusal_handler(self, reload: Callable[[], None] | None = None) -> Callable[[DispatchError], None]:
        """An ``Op.on_refused`` that says a refusal on this form (see the module docstring)."""

        def refused(exc: DispatchError) -> None:
            if isinstance(exc, InvalidFields):
                self.show_problems(exc.problems)
                return
            self.clear_problems()
            stale = isinstance(exc, ConcurrencyConflict) and reload is not None
            self._reload_action = reload if stale else None
            self.banner.say(sentence(str(exc)), reload=stale)

        return refused

    @Slot()
    def _on_banner_reload_button_clicked(self) -> None:
        if self._reload_action is None:
            return
        typed = self.typed()
        self._reload_action()
        self._reload_action = None
        if typed:
            listed = "\n".join(f"• {label}: {text}" for label, text in typed)
            self.banner.say(
                "Reloaded with the saved values. What you had typed, to enter again:\n" + listed
            )
        else:
            self.banner.clear()

    def _on_field_edited(self, name: str) -> None:
        self._clear_field(self.fields[name])
        self.edited.emit()


class RecordDialog(QDialog):
    """The editor of one record: a ``Form``, Save and Cancel, and no typing lost on close.

    A subclass builds its fields on ``self.form``, fills them in ``load`` (then calls
    ``form.mark_clean()``), and says in ``save_op`` how to save what the form shows.

    Shown, it puts the keyboard on ``first_field`` (by default the first field that takes
    typing) and lets Tab go through everything in reading order, Save and Cancel last. The
    buttons are made before the fields, so Qt's own order would start on Save; the order is set
    when shown, once the subclass has built (and perhaps moved into a scroll area) its fields.
    """

    def __init__(self, title: str, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.operations = operations
        self.form = Form()
        self.saved: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        #: Where the keyboard starts when the editor opens (None: its first field).
        self.first_field: QWidget | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        for area in self.findChildren(QScrollArea):
            if area.isAncestorOf(self.form):  # the field Tab reaches scrolls into view: no stop of its own
                area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for first, second in pairwise(reading_order(self)):
            QWidget.setTabOrder(first, second)
        start = self.first_field or next((
            stop for field in self.form.fields.values() for stop in reading_order(field.widget)
            if stop.isEnabled() and stop.isVisibleTo(self)
        ), None)
        if start is not None:
            start.setFocus(Qt.FocusReason.OtherFocusReason)

    def load(self) -> None:
        """Fill the form from the saved record (and ``form.mark_clean()``)."""
        raise NotImplementedError

    def save_op(self) -> Op[Any] | None:
        """The save of what the form shows, or None when the form itself found problems."""
        raise NotImplementedError

    def save(self) -> bool:
        """Save; True when saved (the form is clean again), False with the reasons shown."""
        self.form.clear_problems()
        op = self.save_op()
        if op is None:
            return False
        op.parent = self
        op.on_refused = self.form.refusal_handler(reload=self.load)
        outcome = self.operations.run(op)
        if outcome is None:
            return False
        self.saved = outcome.value
        self.form.mark_clean()
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    def reject(self) -> None:
        """Cancel, Escape or the close button: asks first when something typed is not saved."""
        # QDialog's closeEvent calls this too, so the window's close button asks the same way.
        if self.form.is_dirty():
            answer = ask_unsaved(self, self.windowTitle())
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                if self.save():
                    self.accept()
                return
        super().reject()


def ask_discard(parent: QWidget, title: str, what: list[str]) -> bool:
    """Close anyway over typing that is saved by its own button (a note, a signature)? True: yes."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedChanges")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText(f"There is {' and '.join(what)}.")
    box.setInformativeText("Close anyway and lose it, or go back to it?")
    discard = box.addButton("Close anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is discard


def ask_unsaved(parent: QWidget, title: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel (back to the form) for changes not saved yet."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedChanges")
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText("You have changes that are not saved.")
    box.setInformativeText("Save them, discard them, or go back to the form?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return QMessageBox.StandardButton(box.exec())
