"""Quotation marks: the spans of the text that are someone's own words."""
from __future__ import annotations

import bisect
import itertools
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
        # look no further than the 3,000 characters a quote may span: unclosed marks stay linear
        j = text.find(close, m.end(), m.end() + 3001)
        if m.group() == "„" and j < 0:
            j = text.find("”", m.end(), m.end() + 3001)
        if j < 0 or j - m.end() > 3000:
            i = m.end()
            continue
        spans.append((m.start(), j + 1))
        i = j + 1


class QuoteSpans(list):
    """The (start, end) spans of a window, in their order, indexed so that `in_quote` is a binary
    search: with thousands of quotation marks a scan per token made a window quadratic."""

    def __init__(self, spans):
        super().__init__(spans)
        ordered = sorted(self)
        self.starts = [a for a, _ in ordered]
        self.ends = [b for _, b in ordered]
        self.reach = list(itertools.accumulate(self.ends, max))   # the furthest end so far

    def covers(self, i: int) -> bool:
        j = bisect.bisect_left(self.starts, i) - 1   # the last span starting before i
        while j >= 0 and self.reach[j] > i:
            if self.ends[j] > i:
                return True
            j -= 1
        return False


def in_quote(tok: Token, spans: list[tuple[int, int]]) -> bool:
    if isinstance(spans, QuoteSpans):
        return spans.covers(tok.idx)
    return any(a < tok.idx < b for a, b in spans)
