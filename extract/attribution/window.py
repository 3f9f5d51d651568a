"""A window of an article's Doc -> its statements, sentence by sentence.

Article-wide context (quote pairs, speaker labels, the headline's person) is computed once per
article (`ArticleContext`) and shifted into each window.
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..actors.mentions import find_mentions
from ..lexicon import word_list
from ..registry import declare, on
from ..schema import Actor, Article, Mention, Statement
from ..bounds import Budget, sentence_hits, too_long
from ..stance.clause import says_nothing
from ..stance.reading import ATTENDING_VERBS, DISCUSSING_VERBS, attends
from ..text.quotes import QuoteSpans, in_quote, quote_spans
from ..topic.terms import term_hits, with_anaphors
from ..topic.topics import Topic, has_anchor
from .quoted import _quote_reading, _quoted_government, echo_statements, echoed_sources, quote_speaker, speaker_labels, title_person
from .walk import denied_veto, statements_in_sentence
declare("question", "attribution", "Will Poland send soldiers? (a question states no position)")

ANAPHOR_WINDOW = 4          # sentences back that "the idea" may point to
PRESUPPOSING = word_list("presupposing_marks")
declare("presupposed_clause", "attribution",
        "What coalition is it when Italy and Poland have refused to send troops? (the 'when' clause states it)")


def _presupposed(hit) -> bool:
    """The hit is inside a clause a question takes as given: "… when Italy and Poland have already
    refused to send troops?" asks about something else and states the refusal."""
    return on("presupposed_clause") and any(
        a.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in PRESUPPOSING and c.i < a.i for c in a.children)
        for a in [hit, *hit.ancestors])


class Unlinked(NamedTuple):
    """A holder named on the topic whom no rule gave a statement there: what `learned.fallback` reads."""
    mention: Mention
    sent: Span
    hit: Token                  # the sentence's topic term
    others_stated: bool         # the sentence gave someone else's statement, which the holder may relay
    window: tuple = ()          # (quote spans, entities by sentence) of its window, for `to_row`


def _unlinked(sent, hit, mentions: list[Mention], found: list[Statement], topic: Topic) -> list[Unlinked]:
    """The holders named in a sentence on the topic of whom no rule made a statement there, unless
    the sentence has the words by which the rules read a clause as saying nothing ("declined to
    comment on a deployment", a denied report): read as the whole sentence's, so one holder's "no
    comment" keeps the model off every holder of the sentence (tests/test_pipeline.py,
    declined-to-comment).
    (The sentence right after one on the topic, "Canada and Sweden have not ruled out involvement",
    was tried too: no gain leave-one-set-out, and more spurious rows on the invented sets.)"""
    if says_nothing(sent.text, topic):
        return []
    if _attended(hit):
        return []
    held = {st.holder.actor.key for st in found}
    return [Unlinked(m, sent, hit, bool(found)) for m in mentions
            if sent.start <= m.start < sent.end and m.actor.country and m.actor.key not in held
            and not _meeting_role(m, sent, hit) and not _denied_a_veto(m, sent)]


def _head_token(m: Mention, doc) -> Token:
    return doc[m.head] if 0 <= m.head < len(doc) else doc[m.end - 1]


def _attended(hit: Token) -> bool:
    """'Spain would participate in talks on a peacekeeping force': the term names what a meeting is
    about; rule part_cue read no position, and the learned fallback should not read one either."""
    return on("part_cue") and any(a.lemma_.lower() in ATTENDING_VERBS and attends(a) for a in hit.ancestors)


def _denied_a_veto(m: Mention, sent) -> bool:
    """'Putin should not have a veto over a deployment': the one denied a veto says nothing (rule
    denied_veto); the learned fallback does not read them either."""
    tok = _head_token(m, sent.doc)
    return on("denied_veto") and tok.dep_ in ("nsubj", "nsubjpass") and any(
        denied_veto(tok.head, c) for c in tok.head.children)


ATTENDING = word_list("attending_verbs")
declare("meeting_role", "attribution", "Macron will host the coalition in Paris on Thursday to discuss guarantees "
        "for Kyiv. (hosting is no position: the model does not read Macron)")


def _meeting_role(m: Mention, sent, hit: Token) -> bool:
    """The holder only hosts, attends or meets in the sentence: the subject or object of an attending
    verb ("Macron will host the coalition", "Starmer welcomed Carney"), or the one met ("met with
    Merz"). Such a holder is not read by the learned fallback; a rule's own reading still counts."""
    if not on("meeting_role"):
        return False
    tok = _head_token(m, sent.doc)
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "with":
        tok = tok.head   # "met with Merz"
    verb = tok.head
    if not (tok.dep_ in ("nsubj", "nsubjpass", "dobj", "prep") and verb.pos_ == "VERB" and verb.lemma_.lower() in ATTENDING):
        return False
    # "will host the coalition to finalise the deployment of French troops": the purpose is a statement
    return not any(c.dep_ in ("xcomp", "advcl", "conj") and hit in c.subtree and c.lemma_.lower() not in DISCUSSING_VERBS
                   for c in verb.children)


class ArticleContext:
    """What the rules read from the whole text, once per article however many windows it has:
    quotes are paired and speaker labels read over all of it (a window may start inside a quote)."""

    def __init__(self, article: Article, table, topic: Topic):
        self.table = table
        self.quotes = quote_spans(article.text)
        self.labels = speaker_labels(article.text, table, article.published) if on("speaker_label") else []
        self.interviewee = title_person(article, table) if on("interviewee") else None
        self.anchored = has_anchor(article.text, topic) or has_anchor(article.title, topic)


def window_statements(doc, article: Article, topic: Topic, whole: ArticleContext, offset: int = 0,
                      prior: tuple[Actor, ...] = (), budget: Budget | None = None,
                      unlinked: list | None = None) -> tuple[list[Statement], list[tuple[int, int]]]:
    """The statements in the Doc of `article.text`, or of the part of it that starts at `offset`
    (`topic.gate.statement_windows`), after the known people `prior` were named; and the window's
    quoted spans (a statement's quote is direct when its words are inside one).

    `unlinked`, when given, gets an `Unlinked` for each holder named in a sentence on the topic
    that no rule made a statement of: what `learned.fallback` reads."""
    table = whole.table
    mentions = find_mentions(doc, table, article.published, prior)
    by_token: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            by_token.setdefault(i, m)
        by_token[m.head] = m
    end = offset + len(doc.text)   # only the quotes and labels that overlap this window matter
    labels = [(line - offset, a - offset, b - offset, m) for line, a, b, m in whole.labels if b > offset and line < end]
    spans = [(a - offset, b - offset) for a, b in whole.quotes if b > offset and a < end]
    spans = QuoteSpans(spans + [(a, b) for _, a, b, _ in labels])   # a labelled answer is the speaker's own words
    interviewee, anchored = whole.interviewee, whole.anchored
    statements: list[Statement] = []
    last_topical = -10
    for si, sent in enumerate(doc.sents):
        if budget is not None:
            budget.check()
        if too_long(sent, budget):   # the rules' cost grows with a sentence's length squared
            continue
        recent = si - last_topical <= ANAPHOR_WINDOW
        question = on("question") and sent.text.rstrip().rstrip('"”’\'').endswith("?")
        if question and not any(t.lower_ in PRESUPPOSING for t in sent):
            continue   # a question ("Will Poland send soldiers?") states no position
        hits = term_hits(sent, topic, anchored, in_context=recent)
        hits, via_anaphor = with_anaphors(sent, hits, topic, recent)
        if question:
            hits = [h for h in hits if _presupposed(h)]
            if not hits:
                continue
        hits = sentence_hits(sent, hits, budget)   # the caps that bound the work per sentence
        label = next((m for line, _, b, m in labels if line <= sent.start_char < b), None)
        found = statements_in_sentence(sent, hits, topic, by_token, spans) if hits else []
        found = [_quoted_government(st, spans, by_token, interviewee, label) for st in found]
        if hits and not found and on("quote_speaker") and any(in_quote(h, spans) for h in hits):
            speaker, extra = (label, ()) if label is not None else quote_speaker(sent, spans, by_token)
            rule = "speaker_label" if label is not None else "quote_speaker"
            if speaker is None and interviewee is not None:
                speaker, rule = interviewee, "interviewee"
            if speaker is not None:
                for h in hits:
                    reading = _quote_reading(h, topic)
                    if reading.position:
                        found.append(Statement(speaker, sent, reading, "quote", h, extra, rule=rule))
                        break
        found += echoed_sources(sent, by_token, found)
        found += echo_statements(sent, by_token, statements) if si - last_topical <= ANAPHOR_WINDOW else []
        if unlinked is not None and hits:
            unlinked += _unlinked(sent, hits[0], mentions, found, topic)
        statements.extend(dataclasses.replace(st, anaphor=via_anaphor) for st in found)
        if hits and (found or not via_anaphor):
            last_topical = si
    return statements, spans
