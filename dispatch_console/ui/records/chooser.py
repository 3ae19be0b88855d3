"""A searchable choice of one record (a site's customer, an asset's site): type any part of its
name or code and pick it from the list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class RecordChooser(QComboBox):
    """An editable combo of ``(code, shown text)`` choices whose value is the chosen code.

    Text that names no choice is passed on as typed, so the service says in words that there is
    no such record (at the field, like any other problem).
    """

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(f"Type part of the {what}'s name or code")

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """The records to choose from, as (code, what the list shows)."""
        keep = self.code()
        self.blockSignals(True)
        self.clear()
        for code, shown in choices:
            self.addItem(shown, code)
        self.blockSignals(False)
        self.set_code(keep)

    def code(self) -> str:
        """The chosen record's code ("" when nothing is typed)."""
        text = self.currentText().strip()
        if not text:
            return ""
        found = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if found >= 0:
            return str(self.itemData(found))
        for i in range(self.count()):
            if str(self.itemData(i)).casefold() == text.casefold():
                return str(self.itemData(i))
        return text

    def set_code(self, code: str) -> None:
        found = self.findData(code)
        if found >= 0:
            self.setCurrentIndex(found)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code)
        line = self.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # a long name shows its beginning

    def form_value(self) -> str:
        """What the form compares and lists as typed: the chosen record, as the list shows it."""
        return self.currentText()
