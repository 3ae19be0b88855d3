"""The fonts every document prints with: DejaVu Sans from resources/, embedded in each PDF.

reportlab's built-in fonts cover Latin-1 only, so a Vietnamese, Polish, Greek or Cyrillic name
would print as black boxes. DejaVu Sans covers them all and ships with the program (no
platform font paths), and reportlab embeds the subset a document uses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import dispatch_console

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONTS_DIR = Path(dispatch_console.__file__).resolve().parent.parent / "resources" / "fonts"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the fonts once per process; (regular, bold) names for styles and canvases."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD
