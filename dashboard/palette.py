"""The one colour table: the app's charts, the map, the PDF and the PPTX all read it."""
from __future__ import annotations

POSITIONS = ("support", "conditional", "oppose")
POSITION_LABELS = {"support": "Support", "conditional": "Conditional", "oppose": "Oppose"}
# Support green, conditional amber, oppose red (ColorBrewer RdYlGn ends + amber middle).
POSITION_COLORS = {"support": "#1a9850", "conditional": "#fdae61", "oppose": "#d73027"}
# Text drawn on a bar of that position's colour (dark on light fills, white on dark).
POSITION_TEXT = {"support": "#ffffff", "conditional": "#222222", "oppose": "#ffffff"}
NO_DATA_COLOR = "#e8e8e8"
OTHER_COLOR = "#bdbdbd"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """'#1a9850' -> (26, 152, 80), for fpdf2 and python-pptx."""
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


POSITION_RGB = {p: rgb(c) for p, c in POSITION_COLORS.items()}
