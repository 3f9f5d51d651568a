"""Quotation marks: the spans of the text that are someone's own words."""
from __future__ import annotations

import re

from spacy.tokens import Token
QUOTE_OPEN = {"“": "”", "«": "»", "„": "“", '"': '"'}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (curly, guillemets, straight)."""
    spans, i = [], 0
    pattern = re.compile(r"[“«„\"]")
    while True:
        m = pattern.search(text, i)
        if not m:
            return spans
        close = QUOTE_OPEN[m.group()]
        j = text.find(close, m.end())
        if m.group() == "„" and j < 0:
            j = text.find("”", m.end())
        if j < 0 or j - m.end() > 3000:
            i = m.end()
            continue
        spans.append((m.start(), j + 1))
        i = j + 1


def in_quote(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(a < tok.idx < b for a, b in spans)
