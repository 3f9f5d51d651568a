"""Word lists are data: `extract/rules/<name>.txt`, one entry per line, '#' starts a comment line.

`rules/README.md` says where each list came from and which rule reads it. Entries are
lower-cased; a rule compares them with a token's lower-case form or lemma, as it says.
"""
from __future__ import annotations

import functools
from pathlib import Path

RULES = Path(__file__).parent / "rules"


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of `rules/<name>.txt` as a set (the '.txt' may be given)."""
    return frozenset(phrase_list(name))


@functools.lru_cache(maxsize=None)
def phrase_list(name: str) -> tuple[str, ...]:
    """The entries of `rules/<name>.txt` in file order, duplicates dropped (the first match names the cue)."""
    path = RULES / (name if name.endswith(".txt") else f"{name}.txt")
    return tuple(dict.fromkeys(w.strip().lower() for w in path.read_text(encoding="utf-8").split("\n")
                               if w.strip() and not w.lstrip().startswith("#")))


CUE_CLASSES = ("support", "oppose", "hedge", "rule_out", "carrier", "actions")
PHRASE_CLASSES = ("support", "oppose", "conditional", "neutral", "without_condition")


def stance_cues() -> dict[str, frozenset[str]]:
    """The engine's generic stance words (rules/stance/<class>.txt); a topic adds or removes its own."""
    return {c: word_list(f"stance/{c}") for c in CUE_CLASSES}


def stance_phrases() -> dict[str, tuple[str, ...]]:
    return {c: phrase_list(f"stance/phrases_{c}") for c in PHRASE_CLASSES}
