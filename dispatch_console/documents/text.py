"""User text into a document exactly as typed.

platypus reads a Paragraph's text as markup: a dispatcher's "<b>" or "&amp;" would change the
layout, and "<img src=...>" would make reportlab fetch a file. Everything a user typed goes
through ``plain`` (for Paragraphs), and line breaks become real breaks. Canvas drawing
(``drawString``) takes text literally and needs nothing.
"""

from __future__ import annotations

#: Characters a PDF font cannot show and no one means to print (control characters but tab
#: and line breaks).
_INVISIBLE = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None}


def clean(text: str | None) -> str:
    """The text without control characters; None as empty."""
    return (text or "").translate(_INVISIBLE)


def plain(text: str | None) -> str:
    """Text for a platypus Paragraph: markup characters escaped, line breaks kept."""
    # Imported here: xml.sax.saxutils brings urllib.request, http.client and email with it,
    # which the crew sheets' command (canvas drawing, no markup) would load for nothing.
    from xml.sax.saxutils import escape

    lines = clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line).replace("\t", "&nbsp;" * 4) for line in lines)
