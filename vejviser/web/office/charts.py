"""Small bar charts drawn on the server as inline SVG: no script, no third-party library.

The template draws what ``bar_chart`` measures; the SVG carries a ``<title>`` and a ``<desc>``
with every figure, and the page shows the same figures in a table, so a screen reader (and
axe-core) gets them without seeing the picture.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Width of the drawing in SVG units (it scales to the page); the label column takes the rest.
WIDTH, LABEL_WIDTH, ROW_HEIGHT, BAR_HEIGHT = 480, 190, 24, 16
#: Labels longer than this are cut in the drawing (the table beside it has the whole text).
LABEL_CHARS = 26


@dataclass(frozen=True)
class Bar:
    """One row of the chart: its label, its value and where the bar is drawn."""

    label: str
    value: int
    y: int
    width: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart's size and bars."""

    width: int
    height: int
    bar_x: int
    bar_height: int
    bars: tuple[Bar, ...]


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def bar_chart(rows: Sequence[tuple[str, int]]) -> Chart:
    """Bars for ``rows`` ((label, value), largest first as given), scaled to the largest value;
    a value above zero always gets a visible bar."""
    largest = max((value for _label, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 40  # the value is written after the bar
    bars = tuple(Bar(_cut(label), value, index * ROW_HEIGHT + 4,
                     max(2, round(room * value / largest)) if value else 0,
                     index * ROW_HEIGHT + 4 + BAR_HEIGHT - 3)
                 for index, (label, value) in enumerate(rows))
    return Chart(WIDTH, max(1, len(bars)) * ROW_HEIGHT + 8, LABEL_WIDTH, BAR_HEIGHT, bars)
