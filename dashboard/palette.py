"""The one colour table: the app's charts, the map, the PDF and the PPTX all read it."""
from __future__ import annotations

POSITIONS = ("support", "conditional", "oppose")
POSITION_LABELS = {"support": "Support", "conditional": "Conditional", "oppose": "Oppose"}
# Dark blue / light amber / mid orange: apart in lightness (L* 25 / 81 / 53), so they stay apart in
# grayscale, and blue against orange stays apart under deuteranopia and protanopia (red/green would
# not: the old #1a9850 / #d73027 differ by L* 7). tests/test_palette.py measures both.
POSITION_COLORS = {"support": "#0b3a75", "conditional": "#f2c45a", "oppose": "#d9541a"}
# The second channel: each position has its own mark shape (timeline points, legends) and its own
# side of the bar charts (oppose left, conditional on zero, support right).
POSITION_SHAPES = {"support": "circle", "conditional": "diamond", "oppose": "square"}
# Text drawn on a fill of that position's colour (white on dark, near-black on light).
POSITION_TEXT = {"support": "#ffffff", "conditional": "#222222", "oppose": "#111111"}
# The position written as coloured text on white (tables, PDF labels): darker shades of the fills.
POSITION_INK = {"support": "#0b3a75", "conditional": "#7a5a00", "oppose": "#a63a0c"}
NO_DATA_COLOR = "#f3f3f3"
OTHER_COLOR = "#bdbdbd"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """'#1a9850' -> (26, 152, 80), for fpdf2 and python-pptx."""
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


POSITION_RGB = {p: rgb(c) for p, c in POSITION_COLORS.items()}
POSITION_INK_RGB = {p: rgb(c) for p, c in POSITION_INK.items()}
