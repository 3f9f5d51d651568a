"""Topic terms in a parsed sentence: which tokens put it on the topic.

A term counts when the article or sentence is anchored to the topic (or the term is strong),
and not when it names somebody else's forces, a deployment elsewhere, or of something else.
"""
from __future__ import annotations

import functools
import re

from spacy.tokens import Span, Token

from .. import settings
from ..actors.table import load_table
from ..deps import MODIFIER_DEPS, OBJECT_DEPS
from ..lexicon import word_list
from ..registry import declare, on, rule
from .topics import Topic, has_anchor

MILITARY_NOUNS = word_list("military_nouns")
PLACE_PREPS = word_list("place_prepositions")
ANAPHOR_DETERMINERS = word_list("anaphor_determiners")


@rule("term_idiom", "topic", "The ceasefire remains in force. (a bare idiom term is no topic term)")
def _idiom(tok: Token, topic: Topic) -> bool:
    """'the use of force', 'taken by force', 'the ceasefire remains in force': a bare idiom term
    (the topic's `idiom_terms`) after by / in / use of. "A part in the force" is the force."""
    return tok.lower_ in topic.idiom_terms and tok.dep_ == "pobj" and not list(tok.children) and (
        tok.head.lower_ in ("by", "in") or tok.head.lower_ == "of" and tok.head.head.lemma_.lower() == "use")


@rule("term_excluded_owner", "topic", "Russian troops massed at the border. (someone else's forces)")
def _excluded(tok: Token, topic: Topic) -> bool:
    """'Russian troops', "Ukraine's forces": not the deployment the topic is about."""
    mods = [c for c in tok.children if c.dep_ in MODIFIER_DEPS]
    for m in mods:
        phrase = " ".join(t.text for t in m.subtree).lower().replace("’", "'")
        if m.lower_ in topic.exclude_modifiers or phrase in topic.exclude_modifiers \
                or re.sub(r" ?'s$", "", phrase) + "'s" in topic.exclude_modifiers:
            return True
    # "Russia had mobilized 600,000 troops": the subject of the verb whose object they are owns them
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in MUSTERING and on("owner_subject"):
        return any(c.dep_ == "nsubj" and c.text.lower().replace("’", "'") in topic.exclude_modifiers
                   for c in tok.head.children)
    return False


# verbs whose subject has the forces they take ("Russia has MASSED troops"), unlike "Russia does not want NATO soldiers"
MUSTERING = frozenset({"mobilize", "mobilise", "mass", "amass", "muster", "concentrate", "gather", "have", "lose",
                       "move", "withdraw", "pull"})
declare("owner_subject", "topic", "Zelensky warned that Russia had mobilized 600,000 troops. (the subject owns "
        "the troops: someone else's forces)")


@rule("term_deploys_other", "topic", "Paris would deploy 27,000 police officers. (not troops)")
def _deploys_something_else(tok: Token, topic: Topic) -> bool:
    """'deploying 27,000 police officers', 'the deployment of air defence systems': a verb or noun of
    deploying whose object is named and is neither troops nor a military unit."""
    if tok.pos_ == "VERB":
        objects = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
    elif tok.lemma_.lower() in topic.deploy_nouns:
        objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    else:
        return False
    # ("it would deploy 'the day after'": a time is not what is deployed)
    objects = [o for o in objects if o.pos_ in ("NOUN", "PROPN") and o.ent_type_ not in ("DATE", "TIME")]
    return bool(objects) and all(o.lemma_.lower() not in topic.terms and o.lower_ not in topic.terms
                                 and o.lemma_.lower() not in MILITARY_NOUNS for o in objects)


@rule("term_off_target", "topic", "Germany is stationing a brigade in Lithuania. (a deployment elsewhere)")
def _off_target(tok: Token, topic: Topic) -> bool:
    """'troops to Estonia', 'on NATO's eastern flank': a deployment somewhere other than Ukraine.
    Also a clause hanging on another place: 'a visit to Vilnius, where Germany is stationing a brigade'."""
    for anc in list(tok.ancestors)[:3]:
        if anc.ent_type_ in ("GPE", "LOC") and anc.text not in topic.anchors and anc.dep_ != "ROOT":
            return True
    places = off_target_words(topic)
    # ... and a clause on the term saying where ("allied forces deployed on Romanian territory")
    nodes = [tok, tok.head] + [c for c in tok.children if c.dep_ in OBJECT_DEPS or c.dep_ in ("acl", "relcl")]
    for node in nodes:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
                for obj in prep.children:
                    words = {t.text for t in obj.subtree}
                    if words & places and not words & set(topic.anchors):
                        return True
    return False


declare("off_target_demonym", "topic", "Allied forces deployed on Romanian territory. (a country's demonym places "
        "a deployment there, as its name does)")


def off_target_words(topic: Topic) -> frozenset[str]:
    """The topic's off-target places, and the demonyms data/places.csv gives the countries among them:
    'on Romanian territory', 'on Polish soil' are Romania and Poland (rule off_target_demonym)."""
    if not on("off_target_demonym"):
        return topic.off_target_places
    return _with_demonyms(topic.off_target_places, str(settings.data_dir()))


@functools.lru_cache(maxsize=16)
def _with_demonyms(places: frozenset[str], data_dir: str) -> frozenset[str]:
    table = load_table(data_dir)
    countries = {country for text, (country, kind) in table.places.items() if text in places and kind == "name"}
    return places | {text for text, (country, kind) in table.places.items() if kind == "demonym" and country in countries}


@rule("term_measured", "topic", "Frederiksen hopes allies agree on 3.5 percent for the armed forces. (what a "
      "share of money buys, by the topic's measure_words: not a deployment)")
def _measured(tok: Token, topic: Topic) -> bool:
    """'3.5 percent for the armed forces', '3.5 percent would be earmarked for … training and forces':
    a term under one of the topic's measure_words, or under a verb whose subject holds one, is what
    that measure buys. The walk stops at the first verb: 'would send troops and spend 2.5% of GDP'
    keeps its troops."""
    if not topic.measure_words:
        return False
    for anc in tok.ancestors:   # up to the first verb
        if anc.lower_ in topic.measure_words:
            return True
        if anc.pos_ in ("VERB", "AUX") and anc.dep_ != "prep":   # not "including", a preposition here
            return any(c.dep_ in ("nsubj", "nsubjpass") and any(t.lower_ in topic.measure_words for t in c.subtree)
                       for c in anc.children)
    return False


declare("term_context", "topic", "Britain will send troops. A German contribution is open. (a context term right after)")


def term_hits(sent: Span, topic: Topic, article_anchored: bool, in_context: bool = False) -> list[Token]:
    """Topic terms in a sentence; `in_context` admits the context terms (a topic sentence was just before)."""
    hits = []
    anchored = article_anchored or has_anchor(sent.text, topic)
    terms = topic.terms | topic.context if in_context and on("term_context") else topic.terms
    for tok in sent:
        low, lemma = tok.lower_, tok.lemma_.lower()
        if (low in terms or lemma in terms) and tok.pos_ in ("NOUN", "VERB", "PROPN"):
            strong = low in topic.strong or lemma in topic.strong
            if (strong or anchored) and not (on("term_idiom") and _idiom(tok, topic)) \
                    and not (on("term_measured") and _measured(tok, topic)) \
                    and not (on("term_excluded_owner") and _excluded(tok, topic)) \
                    and not (on("term_off_target") and _off_target(tok, topic)) \
                    and not (on("term_deploys_other") and _deploys_something_else(tok, topic)):
                hits.append(tok)
    words = [t.lower_ for t in sent]
    for phrase in topic.phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                head = sent[i:i + n].root
                if head not in hits and (anchored or " ".join(phrase) in topic.strong):
                    hits.append(head)
    return hits


@rule("anaphor", "topic", "Macron proposed troops. Tusk rejected the idea. ('the idea' points back)")
def anaphor_hits(sent: Span, topic: Topic) -> list[Token]:
    """'the idea', 'this initiative', 'it': the topic of a recent sentence referred back to."""
    out = []
    for tok in sent:
        if tok.lower_ not in topic.anaphors and tok.lemma_.lower() not in topic.anaphors:
            continue
        # "such a move": the parser makes "such" a predeterminer
        # "no such plans", "any such mission": the parser makes "such" an adjective there
        if tok.pos_ == "NOUN" and any((c.dep_ in ("det", "poss", "predet") or c.dep_ == "amod" and c.lower_ == "such"
                                       and on("such_anaphor")) and c.lower_ in ANAPHOR_DETERMINERS
                                      for c in tok.children):
            # "such plans as a no-fly zone": 'such … as' points forward to its examples
            if not any(c.dep_ in ("acl", "relcl", "prep") and c.lower_ in ("to", "of", "for") for c in tok.children) \
                    and not (any(c.lower_ == "such" for c in tok.children)
                             and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)):
                out.append(tok)
        elif tok.pos_ == "PRON" and tok.dep_ in ("dobj", "pobj") and not _manner_of_speaking(tok) \
                and not (tok.tag_ == "WDT" and on("relative_not_anaphor") and not _demonstrative_frame(tok)):
            out.append(tok)   # "rejected it", "willing to look at it"
    return out


declare("such_anaphor", "topic", "Von der Leyen spoke of troops. Merz said there are no such plans. ('such' points "
        "back, though the parser makes it an adjective)")
declare("relative_not_anaphor", "topic", "Macron spoke of troops. Kyiv wants the membership that it was promised. "
        "(a relative 'that' points to its noun, not back to the topic)")
declare("anaphor_in_sentence", "topic", "Starmer is ready to send British forces, while Scholz called the idea premature. "
        "('the idea' points back to a term earlier in its own sentence)")


def with_anaphors(sent: Span, hits: list[Token], topic: Topic, recent: bool) -> tuple[list[Token], bool]:
    """The sentence's hits with its anaphors: after a topic sentence any of them; otherwise a noun one
    ('the idea') that follows a term of the same sentence in a clause of its own. Also says whether
    the sentence is on the topic only through an anaphor."""
    if not on("anaphor"):
        return hits, False
    extra = [t for t in anaphor_hits(sent, topic) if t not in hits]
    if not recent:
        extra = [t for t in extra if t.pos_ == "NOUN" and hits and t.i > min(h.i for h in hits)
                 and on("anaphor_in_sentence") and not any(h in t.subtree or t in h.subtree for h in hits)]
    return hits + extra, bool(extra) and not hits


def _demonstrative_frame(rel: Token) -> bool:
    """'That is something that we will not do': the relative stands for a pointing-back subject."""
    noun = rel.head.head if rel.head.dep_ == "relcl" else None
    return noun is not None and noun.dep_ == "attr" and noun.head.lemma_ == "be" and any(
        c.dep_ == "nsubj" and c.lower_ in ("that", "this", "it") for c in noun.head.children)


def _manner_of_speaking(pron: Token) -> bool:
    """'as he has put it', 'as she phrased it': the 'it' is the speaker's words, not the topic."""
    verb = pron.head
    return verb.lemma_.lower() in ("put", "phrase", "say", "describe") and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
