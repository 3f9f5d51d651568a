"""Is a text English? The model and every word list read English only, so a text in another
language gives no positions (at most those of English words quoted in it); its reader is told so,
instead of being shown an empty result as if the article held no statement.

A text of MIN_WORDS words or more reads as another language when under MIN_ENGLISH of its words
are common English function words and over MIN_OTHER are another language's
(`rules/language_words.csv`), or when most of its letters are of a script other than Latin and
Cyrillic (Chinese, Japanese, Arabic…: a script without spaces has few "words" to count).
Measured on the 754 texts under tests/ and seeds/ (2026-12-02): every English text has at least
11% English words and at most 4% of another list's, every text in another language at most 6%
English and at least 10% of its own language's.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata

from ..lexicon import RULES

WORDS_FILE = RULES / "language_words.csv"
MIN_WORDS = 30          # fewer words (a headline, a caption) say too little to judge
MIN_ENGLISH = 0.08      # between the 6% of the other languages and the 11% of the English texts
MIN_OTHER = 0.07        # between the 4% an English text has of another list and the 10% of a foreign one
ENGLISH_SHARE = 0.11    # the least of any English text measured, for the note
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_OTHER_LETTER = re.compile(r"[^\W\d_a-zA-Z]")   # a letter outside ASCII


@functools.lru_cache(maxsize=1)
def language_words() -> dict[str, frozenset[str]]:
    """language -> its words; a malformed file is one error naming it (not a failure per article)."""
    lines = [(n, ln) for n, ln in enumerate(WORDS_FILE.read_text(encoding="utf-8").splitlines(), 1)
             if ln.strip() and not ln.startswith("#")]
    out: dict[str, frozenset[str]] = {}
    for (n, _), row in zip(lines[1:], csv.DictReader(ln for _, ln in lines)):
        if not (row.get("language") or "").strip() or not (row.get("words") or "").split():
            raise ValueError(f"{WORDS_FILE}: line {n}: needs 'language,words' (words separated by spaces)")
        out[row["language"].strip()] = frozenset(row["words"].lower().split())
    if "English" not in out:
        raise ValueError(f"{WORDS_FILE}: no English line")
    return out


def shares(text: str) -> tuple[int, dict[str, float]]:
    """(words in the text, language -> share of its words in that language's list)."""
    words = _WORD.findall(text.lower())
    n = len(words)
    return n, {lang: (sum(w in ws for w in words) / n if n else 0.0) for lang, ws in language_words().items()}


def _script(text: str) -> str | None:
    """The script most of the letters are in, when it is neither Latin nor Cyrillic."""
    letters = len(_LETTER.findall(text))
    others = _OTHER_LETTER.findall(text)   # found in C: an English text has a few at most (é, ł)
    if letters < MIN_WORDS or len(others) * 2 < letters:
        return None
    counts: dict[str, int] = {}
    for ch in others:
        name = unicodedata.name(ch, "")
        script = name.split()[0] if name else "?"
        counts[script] = counts.get(script, 0) + 1
    top = max(counts, key=counts.get)
    if top in ("LATIN", "CYRILLIC") or counts[top] * 2 < letters:
        return None
    return {"CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean"}.get(top, top.title())


def language_of(text: str) -> str:
    """'' when the text reads as English (or is too short to tell), else the language it reads as."""
    script = _script(text)
    if script:
        return script
    n, share = shares(text)
    if n < MIN_WORDS or share["English"] >= MIN_ENGLISH:
        return ""
    best = max((lang for lang in share if lang != "English"), key=share.get)
    return best if share[best] >= MIN_OTHER else ""


def note(language: str) -> str:
    """The reader's warning for a text in `language`."""
    return (f"the text reads as {language}, not English (English text has {ENGLISH_SHARE:.0%} or more common "
            "English words): the extractor reads English only and will miss the positions in it")
