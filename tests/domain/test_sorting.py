"""How lists sort text: accents and case folded, and only the first characters count."""

from __future__ import annotations

from dispatch_console.domain.sorting import SORT_KEY_LENGTH, sort_key


def test_accents_and_case_are_folded() -> None:
    assert sort_key("Ólafur") == "olafur"
    assert sorted(["Zoë", "ábaco", "Bravo", "Øster"], key=sort_key) == ["ábaco", "Bravo", "Øster", "Zoë"]
    assert sort_key(None) == sort_key("") == ""


def test_only_the_first_characters_decide_the_place() -> None:
    page = "Replace the filters. " * 2_000  # a pasted page of notes as a summary
    assert sort_key(page) == page[:SORT_KEY_LENGTH].lower()
    # A fold that makes two letters of one stays within the length too.
    assert len(sort_key("ß" * 1_000)) == SORT_KEY_LENGTH
    # Shorter texts are whole.
    assert sort_key("Building A") == "building a"
