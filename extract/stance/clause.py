"""Stance over a whole clause: phrases, if-clauses and 'without' conditions on top of the path reading."""
from __future__ import annotations

import re

from spacy.tokens import Token

from ..lexicon import word_list
from ..schema import Reading
from ..topic.topics import Topic
from ..deps import SCOPE_DEPS
from ..registry import declare, on, rule
from .reading import CONDITIONAL, IF_MARKS, OPPOSE, SUPPORT, read_path

# "would only be credible with American support": a condition however it is phrased
ONLY_IF = re.compile(r"\bonly\b(?: \S+){0,4} (?:if|with|when|under|provided)\b")


def phrase_hits(text: str, phrases: tuple[str, ...]) -> list[str]:
    padded = f" {text.lower()} "
    return [p for p in phrases if f" {p} " in padded]


def apply_phrases(reading: Reading, scope_text: str, clause_text: str, topic: Topic) -> Reading:
    """Phrases over the clause's words: explicit refusals, then conditions and hedges."""
    pos, strong, cue = reading.position, reading.strong, reading.cue
    if phrase_hits(scope_text, topic.cue_phrases.get("neutral", ())):
        return Reading(None, "")          # "declined to comment on possible deployments"
    opp = phrase_hits(scope_text, topic.cue_phrases.get("oppose", ()))
    if not opp and pos is None:
        # nothing on the path: a refusal elsewhere in the holder's clause ("… would be met with all available means")
        opp = phrase_hits(clause_text, topic.cue_phrases.get("oppose", ()))
    cond = phrase_hits(clause_text, topic.cue_phrases.get("conditional", ()))
    split = ONLY_IF.search(clause_text)   # "would only be credible with American support"
    if split and not cond:
        cond = [split.group(0)]
    if opp and not any(c.startswith(("not ", "n't ")) for c in cond) and pos != CONDITIONAL:
        pos, strong, cue = OPPOSE, True, (cue + " / " if cue else "") + opp[0]
    if cond and pos is not None and not (pos == OPPOSE and strong):
        pos, strong, cue = CONDITIONAL, True, (cue + " / " if cue else "") + cond[0]
    elif cond and pos is None:
        pos, strong, cue = CONDITIONAL, True, cond[0]   # "a European force could work, but only if…"
    return Reading(pos, cue, strong)


def without_condition(tokens: list[Token], topic: Topic) -> str:
    """'without the full commitment of the United States': a condition phrased as a refusal."""
    nouns = set(topic.cue_phrases.get("without_condition", ()))
    for t in tokens:
        if t.lower_ == "without":
            # the object of "without" itself, not a gerund's ("without waiting for guarantees")
            for obj in t.children:
                if obj.dep_ == "pobj" and (obj.lemma_.lower() in nouns or obj.lower_ in nouns):
                    return f"without … {obj.text}"
    return ""




def _timing_only(clause: Token, topic: Topic) -> bool:
    """'if a peace deal is reached' only dates an offer (ANNOTATION: still support); 'if it is part
    of a deal Russia can accept' sets a condition."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_.lower() in topic.timing_nouns or c.text in topic.anchors)
               for c in clause.children)


def read_clause(seg: list[Token], top: Token, topic: Topic, skip: set[int]) -> Reading:
    reading = read_path(seg, topic, skip)
    clause = list(top.subtree)
    scope = sorted({t.i for s in seg for c in [s] + [c for c in s.children if c.dep_ in SCOPE_DEPS]
                    for t in (list(c.subtree)[:5] if c.dep_ == "prep" else [c])})
    doc = top.doc
    scope_text = " ".join(doc[i].lower_ for i in scope)
    clause_text = " ".join(t.lower_ for t in clause)
    reading = apply_phrases(reading, scope_text, clause_text, topic)
    # "would support a European force if it's part of a deal": an if-clause on the predicate
    if reading.position in (SUPPORT, OPPOSE) and not reading.strong and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in IF_MARKS for m in c.children)
            and not _timing_only(c, topic) for s in seg for c in s.children):
        reading = Reading(CONDITIONAL, reading.cue + " / if", True)
    cond = without_condition(clause, topic)
    if cond and reading.position in (OPPOSE, SUPPORT) and not reading.strong:
        reading = Reading(CONDITIONAL, reading.cue + " / " + cond, True)
    return reading
