"""Founders: who started or leads what the topic term names.

"Led by France and the UK, the initiative faces…", "the coalition of the willing led by Britain
and France", "Proposed by Paris and London in February, the mission…", "Under the leadership of
Britain and France, the coalition…": the agent of a founding verb (or the owner of the
leadership) on a topic noun proposes it, which ANNOTATION counts as support. The agent must be an
actor, and the noun it founds no actor itself ("Spain, led by Sánchez, …" is about Spain; the
main clause says Spain's own view).
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..deps import NOMINAL_SUBJECTS
from ..lexicon import word_list
from ..registry import declare, on
from ..schema import Mention, Reading, Statement
from ..stance.reading import SUPPORT, negated_term

FOUNDING = word_list("founding_verbs")
LEADERSHIP = frozenset({"leadership", "auspices", "stewardship"})

declare("founder_agent", "attribution",
        "Led by Paris and London, the mission would deter a new invasion; the force proposed by Macron "
        "and Starmer. (the founder of a topic initiative backs it)")


def founders(sent: Span, hits: list[Token], by_token: dict[int, Mention]) -> list[Statement]:
    if not hits or not on("founder_agent"):
        return []
    out: list[Statement] = []
    for tok in sent:
        if tok.tag_ == "VBN" and tok.lemma_.lower() in FOUNDING and not negated_term(tok):
            agents = [g for a in tok.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            scope = _founded(tok, by_token)
        elif tok.dep_ == "pobj" and tok.lemma_.lower() in LEADERSHIP and tok.head.lower_ == "under":
            agents = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                      if g.dep_ == "pobj"]
            scope = tok.head.head
        else:
            continue
        if scope is None or not agents or tok.dep_ == "acl" and tok.head in hits:
            continue   # a participle on the term itself is participle_agent's ("the force, proposed by…")
        inside = {t.i for t in tok.subtree}
        hit = next((h for h in hits if h.i in {t.i for t in scope.subtree} and h.i not in inside), None)
        if hit is None:
            continue
        for x in (y for g in agents for y in (g, *g.conjuncts)):
            m = by_token.get(x.i)
            if m is not None and m.actor.country:
                out.append(Statement(m, sent, Reading(SUPPORT, tok.text, False, ("founder_agent",)), "passive",
                                     hit, rule="founder_agent"))
    return out


def _founded(verb: Token, by_token) -> Token | None:
    """What the participle founds, as the phrase to look for the term in: the noun it hangs on
    ("the coalition led by…", climbing 'of' phrases to the whole noun phrase), or, for an opening
    participle ("Led by X, the initiative…"), the clause whose subject it describes."""
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if noun.i in by_token:
            return None
        for _ in range(3):
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
                noun = noun.head.head
        return noun
    if verb.dep_ == "advcl" and verb.i < verb.head.i:
        subj = [c for c in verb.head.children if c.dep_ in NOMINAL_SUBJECTS and c.i > verb.i]
        if subj and subj[0].pos_ in ("NOUN",):
            return verb.head
    return None

