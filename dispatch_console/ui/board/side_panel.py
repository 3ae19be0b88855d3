"""Beside the board: the selected work order in short, and the best technicians to take it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dispatch_console.domain.suggestions import Ranking, Suggestion
from dispatch_console.domain.timekeeping import to_local
from dispatch_console.domain.workdays import day_text, weekday_name
from dispatch_console.services.board import BookingBlock, QueueItem
from dispatch_console.ui.plain_text import escape, plain_label, set_plain, tooltip
from dispatch_console.ui.roster.marks import EXPIRING_COLOR


def _moment(moment: datetime, zone: ZoneInfo) -> str:
    local = to_local(moment, zone)
    return f"{day_text(local.date())} {local:%H:%M}"


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when the panel is narrow (the card's tooltip has it all)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = text
        self.setTextFormat(Qt.TextFormat.PlainText)  # a name or reason, shown as typed
        self.setStyleSheet("color: #475467;")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width()))


class SuggestionCard(QFrame):
    """One suggested technician: the slot, the reasons in words, and a button that books it.

    Signals:
        book_clicked: the Suggestion this card shows.
    """

    book_clicked = Signal(object)

    def __init__(self, rank: int, suggestion: Suggestion, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.setObjectName("suggestionCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(
            "#suggestionCard { background: #ffffff; border: 1px solid #d0d5dd; border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 12)
        layout.setSpacing(3)
        start = to_local(suggestion.start, zone)
        # The name on a line of its own (elided, whole in the tooltip), the slot under it.
        title = ElidedLabel(f"{rank}. {suggestion.tech_name}")
        title.setStyleSheet("font-weight: bold; color: #101828;")
        when = QLabel(f"{day_text(start.date())} {start:%H:%M}")
        when.setTextFormat(Qt.TextFormat.PlainText)
        when.setStyleSheet("color: #b42318;" if suggestion.late else "color: #344054;")
        layout.addWidget(title)
        layout.addWidget(when)
        self.reasons = [ElidedLabel("• " + reason) for reason in suggestion.reasons]
        for line, reason in zip(self.reasons, suggestion.reasons, strict=True):
            if reason in suggestion.cautions:  # a certification running out: amber, as on the roster
                line.setStyleSheet(f"color: {EXPIRING_COLOR.name()}; font-weight: bold;")
            layout.addWidget(line)
        self.setToolTip(tooltip("\n".join(suggestion.reasons)))
        # Short, so the card fits a narrow panel; the card's title names the technician.
        self.button = QPushButton(f"Book {weekday_name(start.date())} {start:%H:%M}")
        self.button.setToolTip(tooltip(f"Book {day_text(start.date())} {start:%H:%M} with {suggestion.tech_name}"))
        self.button.clicked.connect(lambda: self.book_clicked.emit(self.suggestion))
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)


class SidePanel(QWidget):
    """Details of what is selected and the suggested technicians.

    Signals:
        book_suggestion: (work order number, Suggestion) — the dispatcher took a suggestion.
        open_requested: str — open the work order.
    """

    book_suggestion = Signal(str, object)
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._number: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel("Select a booking or a queued work order")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # holds the work order's summary
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setStyleSheet("color: #344054;")
        self.open_button = QPushButton("Open work order")
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(lambda: self._number and self.open_requested.emit(self._number))
        outer.addWidget(self.heading)
        outer.addWidget(self.details)
        outer.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.suggestions_title = QLabel("<b>Suggested technicians</b>")
        outer.addWidget(self.suggestions_title)
        self._cards_host = QWidget()
        self._cards = QVBoxLayout(self._cards_host)
        self._cards.setContentsMargins(0, 0, 0, 0)
        self._cards.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Cards take the panel's width (long reasons are elided, whole in the tooltip).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._cards_host)
        scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        outer.addWidget(scroll, 1)
        self.cards: list[SuggestionCard] = []
        self.suggestions_title.setVisible(False)

    def show_nothing(self) -> None:
        self._number = None
        self.heading.setText("Select a booking or a queued work order")
        self.details.setText(
            "Drag work orders from the queue onto a technician's row. Drag a booking to move it, "
            "its edges to change its length, or back to the queue to unbook it."
        )
        self.open_button.setVisible(False)
        self._set_cards([], None, None)

    def show_queue_item(self, item: QueueItem, zone: ZoneInfo, now: datetime) -> None:
        self._number = item.number
        set_plain(self.heading, f"{item.number} — {item.summary}", wrap_anywhere=True)
        due = _moment(item.due_by, zone) if item.due_by else "no due-by"
        overdue = " <b style='color:#b42318'>(overdue)</b>" if item.due_by and item.due_by < now else ""
        self.details.setText(
            f"{escape(item.customer)} · {escape(item.site)}<br>"
            f"{item.type.value.title()} · {item.priority.value} priority · {item.estimated_hours} h<br>"
            f"Skills: {escape(', '.join(item.required_skills) or 'any')}<br>Due by {due}{overdue}<br>"
            "<i>Waiting in the queue</i>"
        )
        self.open_button.setVisible(True)

    def show_booking(self, block: BookingBlock, tech_name: str, zone: ZoneInfo) -> None:
        self._number = block.number
        set_plain(self.heading, f"{block.number} — {block.summary}", wrap_anywhere=True)
        start, end = to_local(block.start, zone), to_local(block.end, zone)
        due = _moment(block.due_by, zone) if block.due_by else "no due-by"
        late = " <b style='color:#b42318'>(late)</b>" if block.late else ""
        conflict = (
            f"<br><span style='color:#b54708'>⚠ Confirmed: {escape(block.confirmed_conflicts)}</span>"
            if block.confirmed_conflicts else ""
        )
        self.details.setText(
            f"{escape(block.customer)} · {escape(block.site)}<br>"
            f"{block.type.value.title()} · {block.priority.value} priority · {block.status.label}<br>"
            f"<b>{escape(tech_name)}</b>, {day_text(start.date())} {start:%H:%M}–{end:%H:%M}<br>"
            f"Skills: {escape(', '.join(block.required_skills) or 'any')}<br>Due by {due}{late}{conflict}"
        )
        self.open_button.setVisible(True)

    def show_several(self, count: int) -> None:
        self._number = None
        self.heading.setText(f"{count} bookings selected")
        self.details.setText("Drag any of them to move them together, or press Delete to unbook them.")
        self.open_button.setVisible(False)
        self._set_cards([], None, None)

    def _on_card_book_clicked(self, number: str | None, suggestion: Suggestion) -> None:
        """One booking per showing: the buttons stay off until the panel is shown anew (after
        the booking, the page shows the selection again), so a second press books nothing twice
        and adds no empty undo step."""
        if any(not card.button.isEnabled() for card in self.cards):
            return
        for card in self.cards:
            card.button.setEnabled(False)
        self.book_suggestion.emit(number, suggestion)

    def show_ranking(self, ranking: Ranking | None, zone: ZoneInfo | None) -> None:
        self._set_cards(list(ranking.suggestions) if ranking else [], zone, ranking)

    def _set_cards(self, suggestions: list[Suggestion], zone: ZoneInfo | None, ranking: Ranking | None) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        while self._cards.count():
            item = self._cards.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.suggestions_title.setVisible(ranking is not None)
        if ranking is None or zone is None:
            return
        number = self._number
        for i, suggestion in enumerate(suggestions, start=1):
            card = SuggestionCard(i, suggestion, zone)
            card.book_clicked.connect(lambda s, n=number: self._on_card_book_clicked(n, s))
            self._cards.addWidget(card)
            card.show()
            self.cards.append(card)
        if not suggestions:
            why = sorted(set(ranking.excluded.values()))[:3]
            note = plain_label(
                "No technician can take it: " + "; ".join(why) if why else "No active technicians.",
                wrap_anywhere=True,
            )
            note.setStyleSheet("color: #b42318;")
            self._cards.addWidget(note)
            note.show()
        self._cards.addStretch(1)
