"""The briefing pack's comparison of two topics (``dashboard.topics.compare``): PDF pages and PPTX
slides, one row per country, each position cell in its colour and written with its shape, the
deciding speaker beside it. Called by ``dashboard.export.briefing_pdf`` / ``briefing_pptx``."""
from __future__ import annotations

import math

import pandas as pd

from dashboard.export import _ACCENT, _MUTED, _POSITION_COLOURS, TABLE_ROWS_PER_PAGE
from dashboard.palette import NO_DATA_COLOR, POSITION_TEXT, rgb

# The comparison of two topics (dashboard.topics.compare): each position cell in its colour and with
# its shape, the deciding speaker beside it.
_COMPARE_COLS = [("Country", "country", 0.16), ("{a}", "position_a", 0.19), ("Decided by", "speaker_a", 0.23),
                 ("{b}", "position_b", 0.19), ("Decided by", "speaker_b", 0.23)]


def _compare_cell(position: str, unicode_ok: bool) -> str:
    from dashboard.topics import with_glyph
    return with_glyph(position) if unicode_ok else position


def comparison_pages(pdf, label_a: str, label_b: str, table: pd.DataFrame):
    pages = max(1, math.ceil(len(table) / TABLE_ROWS_PER_PAGE))
    row_h = 9.0
    for page in range(pages):
        chunk = table.iloc[page * TABLE_ROWS_PER_PAGE:(page + 1) * TABLE_ROWS_PER_PAGE]
        pdf.add_page()
        suffix = f" ({page + 1}/{pages})" if pages > 1 else ""
        pdf.heading(f"{label_a} vs {label_b}{suffix}")
        # the head on two lines: a topic's label is longer than its column
        head_h, top = 12.0, pdf.get_y()
        pdf.set_fill_color(*_ACCENT)
        pdf.rect(pdf.l_margin, top, pdf.epw, head_h, style="F")
        pdf.font(11, bold=True, colour=(255, 255, 255))
        x = pdf.l_margin
        for label, _, frac in _COMPARE_COLS:
            width = pdf.epw * frac
            lines = pdf.lines(width - 3, pdf.txt(label.format(a=label_a, b=label_b)))
            if len(lines) > 2:
                lines = [lines[0], pdf.fit(" ".join(lines[1:]), width - 4)]
            pdf.set_xy(x + 1.5, top + (head_h - 5 * len(lines)) / 2)
            pdf.multi_cell(width - 3, 5, "\n".join(lines))
            x += width
        pdf.set_xy(pdf.l_margin, top + head_h)
        if chunk.empty:
            pdf.font(14, colour=_MUTED)
            pdf.cell(0, 12, pdf.txt("No country has a position on either topic."))
            continue
        for i, (_, row) in enumerate(chunk.iterrows()):
            for _, key, frac in _COMPARE_COLS:
                width = pdf.epw * frac
                value = str(row[key])
                if key.startswith("position_"):
                    fill = _POSITION_COLOURS.get(value, rgb(NO_DATA_COLOR))
                    ink = rgb(POSITION_TEXT.get(value, "#555555"))
                    pdf.set_fill_color(*fill)
                    pdf.font(12, bold=value in _POSITION_COLOURS, colour=ink)
                    value = _compare_cell(value, pdf.unicode_ok)
                else:
                    pdf.set_fill_color(*((241, 244, 248) if i % 2 else (255, 255, 255)))
                    pdf.font(12, bold=(key == "country"))
                pdf.cell(width, row_h, " " + pdf.fit(pdf.txt(value), width - 3), fill=True, border="B")
            pdf.ln(row_h)


def comparison_slides(new_slide, notes, comparison: tuple[str, str, pd.DataFrame], margin, width):
    """The comparison of two topics as table slides: each position cell filled with its colour and
    written with its shape; the notes list every row."""
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt
    label_a, label_b, table = comparison
    pages = max(1, math.ceil(len(table) / TABLE_ROWS_PER_PAGE))
    for page in range(pages):
        chunk = table.iloc[page * TABLE_ROWS_PER_PAGE:(page + 1) * TABLE_ROWS_PER_PAGE]
        suffix = f" ({page + 1}/{pages})" if pages > 1 else ""
        slide = new_slide(f"{label_a} vs {label_b}{suffix}")
        grid = slide.shapes.add_table(len(chunk) + 1, len(_COMPARE_COLS), margin, Inches(1.3),
                                      width, Inches(0.36) * (len(chunk) + 1)).table
        for j, (label, _, frac) in enumerate(_COMPARE_COLS):
            grid.columns[j].width = int(width * frac)
            grid.cell(0, j).text = label.format(a=label_a, b=label_b)
            grid.cell(0, j).text_frame.paragraphs[0].runs[0].font.size = Pt(13)
        for i, (_, row) in enumerate(chunk.iterrows(), start=1):
            for j, (_, key, _) in enumerate(_COMPARE_COLS):
                cell, value = grid.cell(i, j), str(row[key])
                cell.text = _compare_cell(value, True) if key.startswith("position_") else value
                font = cell.text_frame.paragraphs[0].runs[0].font if cell.text else None
                if key.startswith("position_"):
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor(*_POSITION_COLOURS.get(value, rgb(NO_DATA_COLOR)))
                    if font is not None:
                        font.bold = value in _POSITION_COLOURS
                        font.color.rgb = RGBColor(*rgb(POSITION_TEXT.get(value, "#555555")))
                if font is not None:
                    font.size = Pt(14)
        notes(slide, "\n".join(f"{r.country}: {label_a} {r.position_a} ({r.speaker_a or '-'}, {r.date_a or '-'}); "
                               f"{label_b} {r.position_b} ({r.speaker_b or '-'}, {r.date_b or '-'})"
                               for r in chunk.itertuples()))
