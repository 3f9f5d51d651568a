"""The cheap gate: can an article hold a statement about the topic at all?

A statement needs a topic term in some sentence (`attribute.term_hits`: a
term's lower-case form or lemma, or a multiword phrase). Context terms and
anaphors only count right after such a sentence, and echoes only after a
statement, so an article with no topic term yields no rows, and the full
spaCy pipeline need not run on it.

The check runs on the raw text, with no tokenizer and no tagger, so it cannot
see lemmas; it is generous instead: every single-word term becomes a stem (the
term less its last two letters, at least four letters kept) searched as a
substring of the lower-cased text ("deploy" -> "depl" finds "deployed",
"redeployment"...), and every phrase is searched with any whitespace between
its words. False positives only cost speed; a false negative would lose rows,
which `tests/test_gate.py` checks against the ungated run.
"""
from __future__ import annotations

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
    # Longest first so the regex engine tries the specific alternatives before their prefixes.
    alts = sorted({re.escape(s) for s in stems} | phrases, key=len, reverse=True)
    return re.compile("|".join(alts) if alts else r"(?!)")


def on_topic(text: str, topic: Topic) -> bool:
    """True when the text may hold a topic sentence (generous: false positives are fine)."""
    return gate_pattern(topic).search(text.lower()) is not None
