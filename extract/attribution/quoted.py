"""Quoted words and their speakers.

* quote     - a quote whose speaker sits after it: "“…,” he said."; an untagged
              answer in an interview belongs to the person the headline names, and a
              line after a speaker label ("KRISTERSSON: …", "De Wever: …") to that person.
* echo      - "Meloni echoed this stance" takes the last stated position.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from ..actors.table import fold, person_labelled
from ..lexicon import word_list
from ..schema import Article, Mention, Reading, Statement
from ..stance.clause import read_clause
from ..text.quotes import in_quote
from .holders import REPORTING, _subjects
from ..registry import declare, declare_all, on

declare_all("attribution", [
    ("quote_speaker", "“We will not send soldiers,” Fico said. (the tag after or before a quote)"),
    ("speaker_label", "KRISTERSSON: We are ready to contribute troops. (a transcript's label)"),
    ("interviewee", "An interview with Kosiniak-Kamysz / “Polish troops will not go.” (the headline's person)"),
    ("quoted_government", "“Germany is prepared to send troops,” Merz said. (a government in its leader's quote)"),
    ("tag_only", "“Allies commit to 5%.” Spain announced that it would not. (a reporting verb with its own "
     "clause after a quote starts a new report; a tag naming no holder, 'said Reuters', gives the quote to nobody)"),
    ("echo", "Macron backs troops. Meloni echoed this stance. (the last stated position)"),
    ("echoed_source", "Starmer said he was ready to send troops, echoing similar remarks by Macron. (the one "
     "echoed holds what the sentence's holder says)"),
    ("caption_title", "Spain's Prime Minister Pedro Sánchez (Image: AP) / “We back 5%.” (a photo caption in the "
     "title slot is no headline: no interviewee, no headline row)"),
])

ECHO_VERBS = word_list("echo_verbs")
PRESS_NOUNS = word_list("press_nouns")
NEWS_OUTLETS = word_list("news_outlets")
ECHO_OBJECTS = word_list("echo_objects")
# "PRIME MINISTER ULF KRISTERSSON: …", "De Wever: …" at the start of a line: a transcript or a Q&A.
# "Spain's Prime Minister Pedro Sanchez (Image: AP)": a photo's caption in the title slot, no headline
CAPTION = re.compile(r"\((?:image|photo|picture|file photo|foto)\b|^(?:image|photo|picture)s?\s*:|\b(?:getty images|shutterstock)\b",
                     re.IGNORECASE)


def is_caption(title: str) -> bool:
    """The 'title' is a photo caption the page put first: it names who is pictured, not who says what."""
    return on("caption_title") and bool(CAPTION.search(title))


LABEL = re.compile(r"^[ \t]*([A-Z][^\n:]{0,60}?)[ \t]*:[ \t]+(?=\S)", re.MULTILINE)


def speaker_labels(text: str, table, date: str) -> list[tuple[int, int, int, Mention]]:
    """Lines of a transcript or an interview that open with a label naming a known person, as
    (line start, start of the words after the label, line end, the person): the words are that
    person's. Labels that name nobody in the table ("Q:", "QUESTION (…):", "Note:") are skipped."""
    out = []
    for m in LABEL.finditer(text):
        actor = person_labelled(m.group(1), table, date)
        if actor is not None:
            end = text.find("\n", m.end())
            out.append((m.start(), m.end(), len(text) if end < 0 else end,
                        Mention(-1, -1, actor, "name", m.group(1).strip())))
    return out


INSTITUTIONS = word_list("institution_nouns")
declare("tagged_other", "attribution", "Albanese spoke first. “Foreign boots in Ukraine are unacceptable,” the "
        "embassy posted. (the tag names the speaker, who is not Albanese)")


def quote_speaker(sent: Span, spans, by_token: dict[int, Mention]) -> tuple[Mention | None, tuple]:
    """For a sentence inside a quote, the speaker tagged after the quote ('…,” he said') or before it."""
    doc = sent.doc
    span = next(((a, b) for a, b in spans if a <= sent.start_char + 1 and b >= sent.end_char - 2
                 or a < sent.end_char and b > sent.start_char), None)
    if span is None:
        return None, ()
    a, b = span
    # The tag right after the closing mark: '…,” he said' / '…,” said Merz' (same sentence or the next few words).
    tail = doc.char_span(b - 1, min(len(doc.text), b + 80), alignment_mode="expand")
    dash = _dash_signature(tail, b, by_token)
    if dash is not None:
        return dash, ((dash_sent,) if (dash_sent := doc[dash.start].sent) != sent else ())
    for tok in tail or []:
        if tok.idx >= b - 1 and tok.lemma_.lower() in REPORTING:
            if on("tag_only") and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
                break   # "….” Spain announced that it won't…": a new report, not the quote's tag
            ms = _subjects(tok, by_token)
            if not ms and on("tag_only") and any(c.dep_ in ("nsubj", "nsubjpass") and (
                    c.lower_ in NEWS_OUTLETS or c.lemma_.lower() in PRESS_NOUNS) for c in tok.children):
                return None, ()   # '"can ill-afford to spend 5%", said Reuters': the press holds nothing
            if not ms and on("tagged_other") and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in INSTITUTIONS
                                                      for c in tok.children):
                return None, ()   # '…,” the embassy posted': the tag names a speaker outside the table
            for m in ms:
                s = tok.sent
                return m, ((s,) if s != sent else ())
        if tok.text in ".!?" and tok.idx > b + 1:
            break
    # Speaker introduced before the quote: "Merz said: “…”"
    for tok in doc.char_span(max(0, a - 200), a, alignment_mode="expand") or []:
        if tok.lemma_.lower() in REPORTING:
            ms = _subjects(tok, by_token)
            if ms:
                return ms[0], ()
    return None, ()


def _dash_signature(tail, b: int, by_token) -> Mention | None:
    """'“… we will never send our troops.” / – Andrej Babiš': a dash and a name right after the quote
    sign it (rule tag_only)."""
    words = [t for t in tail or [] if t.idx >= b and not t.is_space][:2]
    if on("tag_only") and len(words) == 2 and words[0].text in ("–", "—", "-") and words[1].i in by_token:
        m = by_token[words[1].i]
        return m if m.actor.name else None
    return None


def echo_statements(sent: Span, by_token, previous: list[Statement]) -> list[Statement]:
    """'Meloni echoed this stance': the holder takes the position last stated before."""
    out = []
    if not previous or not on("echo"):
        return out
    for tok in sent:
        if tok.lemma_.lower() in ECHO_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in ECHO_OBJECTS for c in tok.children):
            name = "echo"
        elif _similar_statement(tok):
            name = "similar_statement"
        else:
            continue
        for m in _subjects(tok, by_token):
            last = previous[-1]
            out.append(Statement(m, sent, Reading(last.reading.position, tok.text), "echo", tok, rule=name))
    return out


SIMILAR = frozenset({"similar", "same", "identical"})
declare("similar_statement", "attribution", "Belgium said it was ready to send troops. Luxembourg made similar "
        "statements. (Luxembourg: support too)")


def _similar_statement(tok) -> bool:
    """'X made similar statements', 'issued the same message': any verb whose object is an echoed
    noun that says it is like the one before takes that one's position (rule similar_statement)."""
    return on("similar_statement") and tok.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ECHO_OBJECTS
        and any(a.dep_ == "amod" and a.lower_ in SIMILAR for a in c.children) for c in tok.children)


def echoed_sources(sent: Span, by_token, found: list[Statement]) -> list[Statement]:
    """'Starmer said he was ready to send troops, echoing similar statements by Macron' (or 'echoing
    Macron's remarks', 'echoing Macron'): the one whose words are echoed said the same; they take the
    position of the sentence's holder."""
    said = next((st for st in found if st.reading.position is not None), None)
    if said is None or not on("echoed_source"):
        return []
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in ECHO_VERBS or tok.tag_ != "VBG":
            continue
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            if obj.i in by_token:
                sources = [obj]
            elif obj.lemma_.lower() in ECHO_OBJECTS or obj.lower_ in ECHO_OBJECTS:
                sources = [c for c in obj.children if c.dep_ == "poss"] + [
                    g for p in obj.children if p.dep_ == "prep" and p.lower_ in ("by", "of", "from")
                    for g in p.children if g.dep_ == "pobj"]
            else:
                continue
            for x in (y for g in sources for y in (g, *g.conjuncts)):
                m = by_token.get(x.i)
                if m is not None and m.actor.name and m.actor.key != said.holder.actor.key:
                    out.append(Statement(m, sent, Reading(said.reading.position, tok.text, False, ("echoed_source",)),
                                         "echo", said.hit, relayed=True, rule="echoed_source"))
    return out


def title_person(article: Article, table) -> Mention | None:
    """The one known person the headline names ("… an interview with Wladyslaw Kosiniak-Kamysz"):
    the speaker of quotes that carry no tag of their own, as in an interview's answers."""
    if is_caption(article.title):
        return None
    title = f" {fold(article.title)} "
    names = {name for alias, name in table.aliases.items() if " " in alias and f" {alias} " in title}
    if len(names) != 1:
        return None
    name = names.pop()
    return Mention(-1, -1, table.person(name, article.published), "name", name)


def _quoted_government(st: Statement, spans, by_token, interviewee: Mention | None,
                       label: Mention | None = None) -> Statement:
    """'“With a US backstop, Germany is prepared…,” Merz said': a government inside a person's quote
    is that person's position when they are of the same country. Inside a labelled answer the
    label names the speaker (a tag search would find the next speaker's label)."""
    if st.holder.actor.name or not in_quote(st.hit, spans) or not on("quoted_government"):
        return st
    speaker, extra = (label, ()) if label is not None else quote_speaker(st.sent, spans, by_token)
    speaker = speaker or interviewee
    if speaker is not None and speaker.actor.name and speaker.actor.country == st.holder.actor.country:
        return Statement(speaker, st.sent, st.reading, "quote", st.hit, extra, relayed=True, anaphor=st.anaphor,
                         rule="quoted_government")
    return st


def _quote_reading(hit, topic):
    path = [hit] + list(hit.ancestors)
    return read_clause(path, path[-1], topic, set())
