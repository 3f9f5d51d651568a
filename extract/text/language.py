"""Is a text English? The model and every word list read English only, so a text in another
language gives no positions; its reader is told so, instead of being shown an empty result as if
the article held no statement.

A text reads as English when enough of its words are common English function words
(`rules/language_words.csv`). Measured on the 599 texts of the real sets, seeds and test articles
(2026-12-02): every English text has at least 11% of its words in the English list, every text
in another language at most 6%. The other lists name the language in the warning.
"""
from __future__ import annotations

import csv
import functools
import re

from ..lexicon import RULES

MIN_WORDS = 30          # fewer words (a headline, a caption) say too little to judge
MIN_ENGLISH = 0.08      # between the 6% of the other languages and the 11% of the English texts
_WORD = re.compile(r"[^\W\d_]+")
ENGLISH_ONLY = "the extractor reads English only"   # ends the warning; the app shows it as a warning


@functools.lru_cache(maxsize=1)
def language_words() -> dict[str, frozenset[str]]:
    lines = [ln for ln in (RULES / "language_words.csv").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return {r["language"]: frozenset(r["words"].split()) for r in csv.DictReader(lines)}


def shares(text: str) -> tuple[int, dict[str, float]]:
    """(words in the text, language -> share of its words in that language's list)."""
    words = _WORD.findall(text.lower())
    n = len(words)
    return n, {lang: (sum(w in ws for w in words) / n if n else 0.0) for lang, ws in language_words().items()}


def not_english(text: str) -> str | None:
    """The warning for a text that does not read as English, else None."""
    n, share = shares(text)
    if n < MIN_WORDS or share["English"] >= MIN_ENGLISH:
        return None
    best = max((lang for lang in share if lang != "English"), key=share.get)
    lang = f"reads as {best}" if share[best] >= 2 * max(share["English"], 0.01) else "does not read as English"
    return (f"the text {lang} ({share['English']:.0%} of its {n:,} words are common English words; an English "
            f"text has 11% or more): {ENGLISH_ONLY}, so it finds no positions in it")
