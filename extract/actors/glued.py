"""Names run into the next word by a web page's markup ("Merzsaid", "Emmanuel Macronproposed",
"ParisThe"): the tokenizer cuts them in two before parsing, so the name is a name and the verb a
verb, while the text (and so every quote) stays as the page printed it.

Only a known name or place is split off, and only before a word we know follows names
(rules/glue_words.txt, the reporting verbs, the stance cue verbs) or before a capitalised word:
"McDonald", "DeSantis" and "MacBook" stay whole.
"""
from __future__ import annotations

import functools
import re

from ..bounds import uninterrupted
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


def glued_words(text: str, table: ActorTable) -> dict[str, tuple[str, str]]:
    """Each run-together word of `text` that starts with a known name -> (name, rest)."""
    if not on("glued_name"):
        return {}
    names, followers = table.one_word_names, _followers()
    out: dict[str, tuple[str, str]] = {}
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word in out or fold(word) in names:
            continue
        for k in range(3, len(word) - 1):
            left, right = word[:k], word[k:]
            if fold(left) in names and (right.lower() in followers and right.islower()
                                        or right[0].isupper() and right[1:].islower() and len(right) > 1):
                out[word] = (left, right)
                break
    return out


def split_glued(nlp, text: str, table: ActorTable) -> None:
    """Teach the tokenizer to cut each run-together name of `text` in two ("Merzsaid" -> "Merz",
    "said"): the text itself is not changed, so every quote stays a verbatim piece of it. With the
    rule off, what was taught is forgotten (the tokenizer's special cases outlive one article)."""
    taught = _taught.setdefault(id(nlp.tokenizer), set())
    if not on("glued_name"):
        if taught:
            with uninterrupted():   # the tokenizer outlives the article: never half rebuilt
                nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in taught}
                taught.clear()
        return
    for word, (left, right) in glued_words(text, table).items():
        if word not in taught:
            with uninterrupted():
                taught.add(word)
                nlp.tokenizer.add_special_case(word, [{"ORTH": left}, {"ORTH": right}])


_taught: dict[int, set[str]] = {}   # per tokenizer: the words it was taught
