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
        elif tok.tag_ == "VBN" and tok.dep_ == "amod" and (tok.lemma_.lower() in FOUNDING or tok.lemma_.lower() in BACKING) \
                and on("hyphen_founder") and tok.head.pos_ == "NOUN" and tok.head.i not in by_token and not negated_term(tok):
            agents = _hyphen_agents(tok, by_token)   # "a UK-led initiative", "a UK and France-backed force"
            # "the coalition of the willing, a UK-led initiative": the apposition names the term's thing
            scope = tok.head.head if tok.head.dep_ == "appos" else tok.head
        elif tok.dep_ == "pobj" and tok.lemma_.lower() in LEADERSHIP and tok.head.lower_ == "under":
            agents = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                      if g.dep_ == "pobj"]
            scope = tok.head.head
        else:
            continue
        if scope is None or not agents or tok.dep_ == "acl" and tok.head.i in {h.i for h in hits}:
            continue   # a participle on the term itself is participle_agent's ("the force, proposed by…")
        inside = {t.i for t in tok.subtree}
        hit = next((h for h in hits if h.i in {t.i for t in scope.subtree} and h.i not in inside), None)
        if hit is None or tok.dep_ == "amod" and not _names_deployment(tok.head, scope, hit):
            continue
        fired = ("founder_agent", "hyphen_founder") if tok.dep_ == "amod" else ("founder_agent",)
        for x in (y for g in agents for y in (g, *g.conjuncts)):
            m = by_token.get(x.i)
            if m is not None and m.actor.country:
                out.append(Statement(m, sent, Reading(SUPPORT, tok.text, False, fired), "passive",
                                     hit, rule="founder_agent"))
    return out


BACKING = frozenset({"back"})   # "a France-backed force": backing, like founding, backs it
declare("hyphen_founder", "attribution", "Albanese would consider joining a UK and France-backed security force "
        "for Ukraine; a UK-led mission. (the governments before the hyphen lead or back it)")


def _hyphen_agents(verb: Token, by_token) -> list[Token]:
    """'UK-led', 'France-backed': the government the model hangs on the participle before its hyphen,
    and one joined to it by 'and' right before ('a UK and France-backed force', where the model hangs
    the UK elsewhere). Only governments: 'a Trump-backed plan' is left to the person rules."""
    doc = verb.doc
    names = [c for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < verb.i
             and any(t.tag_ == "HYPH" for t in doc[c.i + 1:verb.i])]
    out = []
    for c in names:
        m = by_token.get(c.i)
        if m is None or m.kind != "government":
            return []
        out.append(c)
        start = m.start
        if start >= 2 and doc[start - 1].lower_ == "and":
            other = by_token.get(start - 2)   # the mention that ends right before the 'and'
            other = other if other is not None and other.end == start - 1 else None
            head = doc[other.head if other.head >= 0 else other.start] if other is not None else None
            # only a name the parse joins to the compound ("a UK and France-backed force": the UK's
            # conjunct is the force), not "between Washington and France-backed plans"
            if head is not None and other.kind == "government" and head.head.lower_ not in ("between", "with", "from") \
                    and (verb.head in head.conjuncts or head.head.i in (verb.i, verb.head.i)):
                out.insert(0, head)
    return out


def _names_deployment(noun: Token, scope: Token, hit: Token) -> bool:
    """The noun a hyphen founder leads is the topic's own: the term, the phrase holding it, or an
    apposition to the term ('the coalition of the willing, a UK-led initiative')."""
    return noun.i == hit.i or hit in noun.subtree or noun.dep_ == "appos" and scope.i == hit.i


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

