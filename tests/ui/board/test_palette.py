"""The board's colours: every meaning distinct by a real margin, also for colour-blind eyes.

Distances are CIE76 ΔE in CIELAB (about 2.3 is the smallest difference anybody sees; 10 is
plainly different at a glance). Colour-vision deficiencies are simulated with the matrices of
Machado, Oliveira and Fernandes (2009) at full severity.
"""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtGui import QColor

from dispatch_console.domain.enums import Status, WorkOrderType
from dispatch_console.ui.board import style

MARGIN = 10.0
CVD_MARGIN = 15.0

MACHADO = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(value: float) -> float:
    value = min(max(value, 0.0), 1.0)
    c = 12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
    return c * 255


def rgb(colour: QColor) -> tuple[float, float, float]:
    return (colour.red(), colour.green(), colour.blue())


def lab(colour: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return math.dist(lab(a), lab(b))


def seen_with(deficiency: str, colour: tuple[float, float, float]) -> tuple[float, float, float]:
    m = MACHADO[deficiency]
    lin = [_linear(c) for c in colour]
    return tuple(_encoded(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3))  # type: ignore[return-value]


def test_delta_e_tells_same_from_different() -> None:
    assert delta_e((255, 255, 255), (255, 255, 255)) == 0
    assert delta_e((0, 0, 0), (255, 255, 255)) == pytest.approx(100, abs=0.5)
    # The complaint: a faded corrective job looked like time off (old colours).
    assert delta_e((243, 210, 172), (242, 196, 160)) < MARGIN


def test_legend_swatches_are_pairwise_distinct() -> None:
    """Every legend entry has its own colour; only statuses share the neutral, each with its mark."""
    entries = [(key, swatch) for key, _label, swatch in style.LEGEND if not key.startswith("mark:")]
    for (a, sa), (b, sb) in itertools.combinations(entries, 2):
        if delta_e(rgb(sa.fill), rgb(sb.fill)) >= MARGIN:
            continue
        assert a.startswith("status:") and b.startswith("status:"), f"{a} and {b} look alike"
        assert (sa.sign, sa.pattern, sa.bar) != (sb.sign, sb.pattern, sb.bar), f"{a} and {b} look alike"
    type_fills = {rgb(c) for c in style.TYPE_COLOURS.values()}
    for key, swatch in entries:
        if key.startswith("status:"):  # the complaint: dispatched drawn in the inspection blue
            assert all(delta_e(rgb(swatch.fill), t) >= MARGIN for t in type_fills), key
    marks = [(s.edge.name() if s.edge else "", s.edge_style, s.sign) for k, _l, s in style.LEGEND if k.startswith("mark:")]
    assert len(set(marks)) == len(marks)


def block_fills() -> list[tuple[str, tuple[float, float, float]]]:
    looks = {"scheduled": Status.SCHEDULED, "dispatched": Status.DISPATCHED, "done": Status.COMPLETED}
    return [
        (f"{t.value} {name}", rgb(style.block_fill(t, status)))
        for t in WorkOrderType
        for name, status in looks.items()
    ]


def test_no_block_looks_like_a_shading_or_a_block_of_another_type() -> None:
    shades = {"off shift": style.OFF_SHIFT, "time off": style.TIME_OFF, "over-booked": style.OVERBOOKED,
              "row": style.ROW_EVEN, "odd row": style.ROW_ODD}
    fills = block_fills()
    for name, fill in fills:
        for shade, colour in shades.items():
            assert delta_e(fill, rgb(colour)) >= MARGIN, f"a {name} block looks like {shade}"
    for (a, ca), (b, cb) in itertools.combinations(fills, 2):
        if a.split()[0] != b.split()[0]:  # another type, in any status
            assert delta_e(ca, cb) >= MARGIN, f"a {a} block looks like a {b} one"


def test_each_status_look_differs_from_the_others_of_its_type() -> None:
    for t in WorkOrderType:
        looks = [rgb(style.block_fill(t, s)) for s in (Status.SCHEDULED, Status.DISPATCHED, Status.COMPLETED)]
        for a, b in itertools.combinations(looks, 2):
            assert delta_e(a, b) >= MARGIN, t


@pytest.mark.parametrize("deficiency", sorted(MACHADO))
def test_types_stay_apart_for_colour_blind_eyes(deficiency: str) -> None:
    colours = {t: seen_with(deficiency, rgb(c)) for t, c in style.TYPE_COLOURS.items()}
    for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
        assert delta_e(ca, cb) >= CVD_MARGIN, f"{a} and {b} look alike with {deficiency}"


def test_the_shading_stays_apart_for_colour_blind_eyes() -> None:
    shades = [style.OFF_SHIFT, style.TIME_OFF, style.OVERBOOKED]
    for deficiency in MACHADO:
        for a, b in itertools.combinations(shades, 2):
            assert delta_e(seen_with(deficiency, rgb(a)), seen_with(deficiency, rgb(b))) >= 5


def test_text_on_every_block_is_readable() -> None:
    """WCAG contrast of at least 3:1 (large, bold labels) between each fill and its text."""

    def luminance(colour: tuple[float, float, float]) -> float:
        r, g, b = (_linear(c) for c in colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for name, fill in block_fills():
        text = rgb(style.text_on(QColor(*[int(c) for c in fill])))
        hi, lo = sorted((luminance(fill), luminance(text)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 3.0, name
