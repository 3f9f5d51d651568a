"""Names run into the next word by a web page's markup ("Merzsaid", "Emmanuel Macronproposed",
"ParisThe"): split them before parsing, so the name is a name and the verb a verb.

Only a known name or place is split off, and only before a word we know follows names
(rules/glue_words.txt, the reporting verbs, the stance cue verbs) or before a capitalised word:
"McDonald", "DeSantis" and "MacBook" stay whole.
"""
from __future__ import annotations

import functools
import re

from ..lexicon import stance_cues, word_list
from ..registry import declare, on
from .table import ActorTable, fold

declare("glued_name", "actors", "Merzsaid Germany would not send troops. (the name is split from the verb)")

_WORD = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b")


@functools.lru_cache(maxsize=1)
def _followers() -> frozenset[str]:
    """The lower-case words that may follow a name run into it, with their inflections."""
    lemmas = word_list("reporting_verbs") | stance_cues()["support"] | stance_cues()["oppose"] | stance_cues()["rule_out"]
    forms = {w for w in lemmas if " " not in w}
    forms |= {w + s for w in list(forms) for s in ("s", "d", "ed", "es")}
    forms |= {w[:-1] + "ed" for w in lemmas if w.endswith("e")} | {"said", "told", "wrote", "spoke"}
    return frozenset(forms | word_list("glue_words"))


def _names(table: ActorTable) -> frozenset[str]:
    """Folded surnames and one-word places of the table: the words that may be split off."""
    return frozenset(table.surnames) | frozenset(fold(p) for p in table.places if " " not in p)


def unglue(text: str, table: ActorTable) -> str:
    """`text` with each run-together known name split from the word after it (same text otherwise)."""
    if not on("glued_name"):
        return text
    names, followers = _names(table), _followers()

    def split(m: re.Match) -> str:
        word = m.group(0)
        if fold(word) in names:
            return word
        for k in range(3, len(word) - 1):
            left, right = word[:k], word[k:]
            if fold(left) in names and (right.lower() in followers and right.islower()
                                        or right[0].isupper() and right[1:].islower() and len(right) > 1):
                return f"{left} {right}"
        return word

    return _WORD.sub(split, text)
