"""Notes on the job: who wrote what and when, shown exactly as typed, and a new one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout

from dispatch_console.domain import lifecycle
from dispatch_console.services import execution
from dispatch_console.ui.forms import Form
from dispatch_console.ui.plain_text import escape
from dispatch_console.ui.work_orders.execution.common import ExecutionPane, allow, at_field

#: Lines the box for a new note shows.
NEW_NOTE_LINES = 3


class NotesPane(ExecutionPane):
    """The notes of the job, oldest first, and a box to add one (Ctrl+Enter adds it)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("notesList")
        self.browser.setOpenLinks(False)
        layout.addWidget(self.browser, 1)
        self.form = Form()
        self.text = QPlainTextEdit()
        self.text.setObjectName("newNote")
        self.text.setPlaceholderText("What was found, done or agreed…")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * NEW_NOTE_LINES + 12)
        self.form.add("text", "New &note:", self.text)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_button = QPushButton("&Add note")
        self.add_button.setObjectName("addNote")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.text.installEventFilter(self)
        self.form.mark_clean()

    def fill(self, wo: Any) -> None:
        notes = sorted(wo.notes, key=lambda n: n.at)
        if not notes:
            self.browser.setHtml("<p style='color:gray'>No notes yet.</p>")
        else:
            self.browser.setHtml("".join(
                f"<p><b>{escape(note.author)}</b> <span style='color:gray'>{escape(self.when(note.at))}</span>"
                f"<br>{escape(note.text)}</p>"
                for note in notes
            ))
        reason = self.why_not(lifecycle.check_add_note)
        allow(self.add_button, reason, "Add the note to the work order (Ctrl+Enter)")
        self.text.setReadOnly(reason is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Enter in the box adds the note (Enter alone starts a new line).
        if (watched is self.text and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self._on_add_button_clicked()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def _on_add_button_clicked(self) -> None:
        if self.add_button.isEnabled():
            self.add_note()

    def add_note(self) -> bool:
        """Add what the box holds; True when saved (the box is emptied)."""
        self.form.clear_problems()
        text = self.text.toPlainText()
        title = f"Add a note to {self.number}"
        done = self.run(
            title, lambda: at_field("text", lambda: execution.add_note(self.ctx, self.number, text), title),
            on_refused=self.form.refusal_handler(),
        )
        if done is None:
            return False
        self.text.clear()
        self.form.mark_clean()
        return True

    def unsaved(self) -> str:
        return "a note not added yet" if self.text.toPlainText().strip() else ""
