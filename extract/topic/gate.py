"""The cheap gate: can an article hold a statement about the topic at all?

A statement needs a topic term in some sentence (`attribute.term_hits`: a
term's lower-case form or lemma, or a multiword phrase). Context terms and
anaphors only count right after such a sentence, and echoes only after a
statement, so an article with no topic term yields no rows, and the full
spaCy pipeline need not run on it.

Within an on-topic article, `statement_windows` narrows the text the model reads to
the lines around those with topic terms (see its docstring for what the margins cover).

The check runs on the raw text, with no tokenizer and no tagger, so it cannot
see lemmas; it is generous instead: every single-word term becomes a stem (the
term less its last two letters, at least four letters kept) searched as a
word start in the lower-cased text ("deploy" -> "depl" finds "deployed",
"deployment"...), and every phrase is searched with any whitespace between
its words. False positives only cost speed; a false negative would lose rows,
which `tests/test_gate.py` checks against the ungated run.
"""
from __future__ import annotations

import bisect
import functools
import re

from .topics import Topic


def _stem(term: str) -> str:
    return term[:max(4, len(term) - 2)] if len(term) > 4 else term


def gate_pattern(topic: Topic) -> re.Pattern:
    return _pattern(topic.terms, topic.phrases)


@functools.lru_cache(maxsize=16)
def _pattern(terms: frozenset, phrases_: tuple) -> re.Pattern:
    stems = {_stem(t) for t in terms}
    phrases = {r"\s*".join(re.escape(w) for w in p) for p in phrases_}
    # Longest first so the regex engine tries the specific alternatives before their prefixes. A
    # match starts a word: a token hits only when its form or lemma is a term, and an inflected
    # form starts like its lemma ("forces", "forced") while "reinforce" or "enforce" does not.
    alts = sorted({re.escape(s) for s in stems} | phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + ")" if alts else r"(?!)")


def on_topic(text: str, topic: Topic) -> bool:
    """True when the text may hold a topic sentence (generous: false positives are fine)."""
    return gate_pattern(topic).search(text.lower()) is not None


# Sentences of margin around the lines with topic terms. After: an anaphor or echo may follow a
# topic sentence by up to 4 sentences (pipeline.ANAPHOR_WINDOW) and a quote's "…, she said" tag
# comes next; 6 leaves room. Before: the quote tag of "X said:" and the sentence that names the
# person a pronoun points back to; people named further back are carried (`pipeline.people_named`).
# Fewer (1 and 1) lost rows on the blind sets and bench/on_topic; these lost none.
AFTER_SENTENCES = 6
BEFORE_SENTENCES = 3
_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?:\s|$)")


def _sentences(line: str) -> int:
    """About how many sentences a line holds (sentence ends, and an unfinished one)."""
    line = line.strip()
    ends = list(_SENT_END.finditer(line + " "))
    return len(ends) + (1 if line and (not ends or ends[-1].end() < len(line)) else 0)


def _excluded_before(low: str, at: int, topic: Topic) -> bool:
    """'Russian forces', 'Ukrainian troops': the word just before the term is one that makes it
    not the deployment the topic is about (`topic.terms._excluded` reads the same list on the parse)."""
    before = low[max(0, at - 40):at]
    word = before.split()[-1].replace("’", "'") if before.strip() and before[-1:].isspace() else ""
    return word in topic.exclude_modifiers


def statement_windows(text: str, topic: Topic) -> list[tuple[int, int]]:
    """The parts of an article where the model must run, as (start, end) character offsets in
    text order: whole lines, from BEFORE_SENTENCES before each line with a topic term (as
    `on_topic` finds them) to AFTER_SENTENCES after it, overlapping or touching parts merged.
    Empty when there is no term at all.

    Text outside the windows cannot hold a statement, so it is never parsed. What a statement's
    attribution reads further back than the margin, the people named there, is carried over
    cheaply (`pipeline.people_named`)."""
    low = text.lower()
    hits = [m.start() for m in gate_pattern(topic).finditer(low) if not _excluded_before(low, m.start(), topic)]
    starts = [0] + [m.end() for m in re.finditer("\n", text)]   # where each line starts
    ends = starts[1:] + [len(text)]                               # ... and ends, its newline included
    spans: list[list[int]] = []
    for line in sorted({bisect.bisect_right(starts, h) - 1 for h in hits}):
        lo, seen = line, 0
        while lo > 0 and seen < BEFORE_SENTENCES:
            lo -= 1
            seen += _sentences(text[starts[lo]:ends[lo]])
        hi, seen = line, 0
        while hi < len(starts) - 1 and seen < AFTER_SENTENCES:
            hi += 1
            seen += _sentences(text[starts[hi]:ends[hi]])
        if spans and lo <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    return [(starts[lo], ends[hi]) for lo, hi in spans]
