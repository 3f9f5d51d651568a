"""Attribution: who holds the position a topic sentence expresses.

Each extractor rule walks the dependency parse the way textacy's
`extract/triples.py` does, and each yields `Statement`s. Rules, with the case
each catches:

* subject   - the subject of a predicate above the topic term:
              "Tusk rejected the notion of deploying troops".
* passive   - the agent of a passive or a participle on the topic noun:
              "the idea, proposed by Macron and supported by Starmer".
* possessor - the owner of a proposal/willingness: "Macron's proposal to send troops".
* relay     - a government clause inside a person's report moves to the person
              when they are of the same country ("Hegseth confirmed that
              Washington would not deploy troops"); otherwise it stays with
              the inner holder ("Zelensky said Putin rejected…" is Putin's).
* quote     - a quote whose speaker sits after it: "“…,” he said."; an untagged
              answer in an interview belongs to the person the headline names, and a
              line after a speaker label ("KRISTERSSON: …", "De Wever: …") to that person.
* tag       - a reporting clause beside the statement: "Rome would help with
              training, she said, but no Italian soldier would go"; "according to X".
* signatory - "the declaration signed by Macron and Starmer commits both countries to…".
* echo      - "Meloni echoed this stance" takes the last stated position.

Questions state nothing ("Will Poland send soldiers?"); in "asked whether …,
X said …" the answer, not the question, carries the position.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .actors import Actor, Mention, person_labelled, rule_words
from .stance import (COND_MARKS, CONDITIONAL, OPPOSE, SUPPORT, Reading, apply_phrases, read_path,
                     without_condition)
from .topics import Topic

SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
PROPOSER_NOUNS = {"proposal", "plan", "idea", "initiative", "willingness", "readiness", "offer", "push",
                  "call", "suggestion", "vision", "pledge", "commitment", "support", "backing"}
OPPONENT_NOUNS = {"refusal", "rejection", "opposition", "scepticism", "skepticism", "reluctance", "objection"}
DESCRIPTIVE_VERBS = {"lead", "spearhead", "command", "deploy", "send", "station", "base", "make", "staff", "run",
                     "organise", "organize", "form", "compose", "build", "fund", "equip", "deliver", "provide", "plan",
                     "discuss", "call", "name", "know", "describe"}
TIMING_NOUNS = {"ceasefire", "cease-fire", "deal", "truce", "peace", "agreement", "settlement", "armistice", "war", "fighting"}
IF_MARKS = {"if", "unless", "provided", "providing"}
DOCUMENT_NOUNS = {"declaration", "agreement", "statement", "letter", "communique", "communiqué", "pledge", "plan",
                  "proposal", "document", "text", "accord", "pact", "treaty", "memorandum"}
ASKING = {"ask", "wonder", "question", "query", "inquire", "enquire", "press", "quiz"}
SPOKES_NOUNS = {"office", "spokesman", "spokeswoman", "spokesperson", "aide", "aides", "team", "camp", "press"}
SCOPE_DEPS = {"neg", "acomp", "attr", "oprd", "prt", "aux", "det", "advmod", "dobj", "prep", "intj"}   # intj: "said no to"
# Subjects that speak for nobody in the actor table: "officials said", "diplomats say".
OPAQUE_SPEAKER_POS = {"NOUN", "PROPN"}
ECHO_VERBS = {"echo", "share", "mirror", "endorse", "repeat", "reiterate"}
ECHO_OBJECTS = {"stance", "position", "view", "sentiment", "line", "concern", "concerns", "approach", "reservations"}
QUOTE_OPEN = {"“": "”", "«": "»", "„": "“", '"': '"'}
REPORTING = rule_words("reporting_verbs.txt")
MEETING_NOUNS = rule_words("meeting_nouns.txt")
MILITARY_NOUNS = rule_words("military_nouns.txt")


@dataclass
class Statement:
    holder: Mention
    sent: Span
    reading: Reading
    method: str
    hit: Token                 # the topic term or anaphor
    extra_sents: tuple = ()    # other sentences the quote needs (the speaker's tag)
    relayed: bool = False
    anaphor: bool = False      # the topic came from 'the idea', not a topic term


# --- topic hits ---------------------------------------------------------------------------------

def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (curly, guillemets, straight)."""
    spans, i = [], 0
    pattern = re.compile(r"[“«„\"]")
    while True:
        m = pattern.search(text, i)
        if not m:
            return spans
        close = QUOTE_OPEN[m.group()]
        # look no further than the 3,000 characters a quote may span: unclosed marks stay linear
        j = text.find(close, m.end(), m.end() + 3001)
        if m.group() == "„" and j < 0:
            j = text.find("”", m.end(), m.end() + 3001)
        if j < 0 or j - m.end() > 3000:
            i = m.end()
            continue
        spans.append((m.start(), j + 1))
        i = j + 1


# "PRIME MINISTER ULF KRISTERSSON: …", "De Wever: …" at the start of a line: a transcript or a Q&A.
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


class QuoteSpans(list):
    """The (start, end) spans of a window, in their order, indexed so that `in_quote` is a binary
    search: with thousands of quotation marks a scan per token made a window quadratic."""

    def __init__(self, spans):
        super().__init__(spans)
        ordered = sorted(self)
        self.starts = [a for a, _ in ordered]
        self.ends = [b for _, b in ordered]
        self.reach = list(itertools.accumulate(self.ends, max))   # the furthest end so far

    def covers(self, i: int) -> bool:
        j = bisect.bisect_left(self.starts, i) - 1   # the last span starting before i
        while j >= 0 and self.reach[j] > i:
            if self.ends[j] > i:
                return True
            j -= 1
        return False


def in_quote(tok: Token, spans: list[tuple[int, int]]) -> bool:
    if isinstance(spans, QuoteSpans):
        return spans.covers(tok.idx)
    return any(a < tok.idx < b for a, b in spans)


def _excluded(tok: Token, topic: Topic) -> bool:
    """'Russian troops', "Ukraine's forces": not the deployment the topic is about; nor is force in
    'the use of force', 'taken by force' or 'the ceasefire remains in force'."""
    if tok.lower_ == "force" and tok.dep_ == "pobj" and not list(tok.children) and (
            tok.head.lower_ in ("by", "in") or tok.head.lower_ == "of" and tok.head.head.lemma_.lower() == "use"):
        return True   # bare "force" only: "a part in the force" is the force
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    for m in mods:
        phrase = " ".join(t.text for t in m.subtree).lower().replace("’", "'")
        if m.lower_ in topic.exclude_modifiers or phrase in topic.exclude_modifiers \
                or re.sub(r" ?'s$", "", phrase) + "'s" in topic.exclude_modifiers:
            return True
    return False


def _deploys_something_else(tok: Token, topic: Topic) -> bool:
    """'deploying 27,000 police officers', 'the deployment of air defence systems': a verb or noun of
    deploying whose object is named and is neither troops nor a military unit."""
    if tok.pos_ == "VERB":
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    elif tok.lemma_.lower() == "deployment":
        objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    else:
        return False
    # ("it would deploy 'the day after'": a time is not what is deployed)
    objects = [o for o in objects if o.pos_ in ("NOUN", "PROPN") and o.ent_type_ not in ("DATE", "TIME")]
    return bool(objects) and all(o.lemma_.lower() not in topic.terms and o.lower_ not in topic.terms
                                 and o.lemma_.lower() not in MILITARY_NOUNS for o in objects)


def _off_target(tok: Token, topic: Topic) -> bool:
    """'troops to Estonia', 'on NATO's eastern flank': a deployment somewhere other than Ukraine.
    Also a clause hanging on another place: 'a visit to Vilnius, where Germany is stationing a brigade'."""
    for anc in list(tok.ancestors)[:3]:
        if anc.ent_type_ in ("GPE", "LOC") and anc.text not in topic.anchors and anc.dep_ != "ROOT":
            return True
    nodes = [tok, tok.head] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    for node in nodes:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "in", "on", "into", "along", "near", "at"):
                for obj in prep.children:
                    words = {t.text for t in obj.subtree}
                    if words & topic.off_target_places and not words & set(topic.anchors):
                        return True
    return False


def term_hits(sent: Span, topic: Topic, article_anchored: bool, in_context: bool = False) -> list[Token]:
    """Topic terms in a sentence; `in_context` admits the context terms (a topic sentence was just before)."""
    hits = []
    anchored = article_anchored or any(a in sent.text for a in topic.anchors)
    terms = topic.terms | topic.context if in_context else topic.terms
    for tok in sent:
        low, lemma = tok.lower_, tok.lemma_.lower()
        if (low in terms or lemma in terms) and tok.pos_ in ("NOUN", "VERB", "PROPN"):
            strong = low in topic.strong or lemma in topic.strong
            if (strong or anchored) and not _excluded(tok, topic) and not _off_target(tok, topic) \
                    and not _deploys_something_else(tok, topic):
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


def anaphor_hits(sent: Span, topic: Topic) -> list[Token]:
    """'the idea', 'this initiative', 'it': the topic of a recent sentence referred back to."""
    out = []
    for tok in sent:
        if tok.lower_ not in topic.anaphors and tok.lemma_.lower() not in topic.anaphors:
            continue
        if tok.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "such", "his", "her", "its", "their")
                                      for c in tok.children):
            if not any(c.dep_ in ("acl", "relcl", "prep") and c.lower_ in ("to", "of") for c in tok.children):
                out.append(tok)
        elif tok.pos_ == "PRON" and tok.dep_ in ("dobj", "pobj"):   # "rejected it", "willing to look at it"
            out.append(tok)
    return out


# --- holders ------------------------------------------------------------------------------------

def mention_at(tok: Token, by_token: dict[int, Mention]) -> Mention | None:
    return by_token.get(tok.i)


RELATIVE = {"who", "which", "that", "whose"}


def _subjects(node: Token, by_token) -> list[Mention]:
    """Subjects and passive agents of a predicate, conjuncts included ("Macron and Starmer said").
    A relative pronoun stands for the noun its clause hangs on ("Macron, who has championed the idea")."""
    out = []
    for c in node.children:
        if c.dep_ in SUBJ_DEPS or c.dep_ == "agent":
            targets = [c] if c.dep_ != "agent" else [g for g in c.children if g.dep_ == "pobj"]
            if c.lower_ in RELATIVE and node.dep_ == "relcl":
                targets = [node.head]
            for t in targets:
                # "Britain's defence secretary, John Healey, said": the name is an apposition;
                # "her office said", "Macron's spokesman said": the person speaks through them
                apps = [a for a in t.children if a.dep_ == "appos"]
                if t.lemma_.lower() in SPOKES_NOUNS:
                    apps += [p for p in t.children if p.dep_ == "poss" and p.i in by_token and by_token[p.i].actor.name]
                for x in [t] + apps + [cc for cc in t.conjuncts]:
                    m = mention_at(x, by_token)
                    if m and m not in out:
                        out.append(m)
    return out


def _possessors(node: Token, by_token) -> list[Mention]:
    out = []
    for c in node.children:
        if c.dep_ == "poss":
            m = mention_at(c, by_token)
            if m:
                out.append(m)
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "of") and node.lemma_.lower() in PROPOSER_NOUNS | OPPONENT_NOUNS:
            for g in c.children:
                m = mention_at(g, by_token)
                if m and g.dep_ == "pobj":
                    out.append(m)
    return out


def _participles(noun: Token):
    """Verbs hanging off a noun that may carry an agent: 'the idea, proposed by Macron and supported by Starmer'."""
    for c in noun.children:
        if c.dep_ in ("acl", "relcl"):
            yield c
            for cj in c.conjuncts:
                yield cj


def statements_in_sentence(sent: Span, hits: list[Token], topic: Topic, by_token: dict[int, Mention],
                           spans) -> list[Statement]:
    out: list[Statement] = []
    for hit in hits:
        out.extend(_walk_up(hit, sent, topic, by_token))
        # "The scheme has been dismissed by Orbán and is opposed by Fico": a conjoined verb's own agent
        for verb in [hit] + list(hit.ancestors)[:4]:
            for cj in verb.conjuncts:
                if cj.i > verb.i and cj.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cj.children):
                    for m in _subjects(cj, by_token):
                        reading = read_path([cj], topic)
                        if reading.position is not None:
                            out.append(Statement(m, sent, reading, "passive", hit))
        for noun in [hit] + [a for a in hit.ancestors if a.pos_ == "NOUN"][:2]:
            below = [a for a in [hit, *hit.ancestors] if a.head.i == noun.i and a.i != noun.i]
            if noun.i != hit.i and below and _names_meeting(noun, below[0]):
                break   # who joined or chaired such a meeting is an attendee, not a holder
            for verb in _participles(noun):
                if verb.lemma_.lower() in DESCRIPTIVE_VERBS:
                    continue   # "a force led by Britain and France" describes it; it is nobody's position
                for m in _subjects(verb, by_token):
                    reading = read_path([verb], topic)
                    if reading.position is None:
                        continue
                    out.append(Statement(m, sent, reading, "passive", hit))
    return out


def _names_meeting(node: Token, below: Token | None) -> bool:
    """The walk reached a meeting noun from its name: "a call OF the coalition", "a coalition meeting"."""
    return below is not None and node.pos_ == "NOUN" and node.lemma_.lower() in MEETING_NOUNS \
        and (below.dep_ == "prep" and below.lower_ == "of" or below.dep_ in ("compound", "nmod"))


def _walk_up(hit: Token, sent: Span, topic: Topic, by_token) -> list[Statement]:
    """Walk from the topic term to the root, yielding a statement for each holder met."""
    out: list[Statement] = []
    path: list[Token] = []
    skip: set[int] = set()
    inner: Statement | None = None
    inner_node: Token | None = None
    node, prev = hit, None
    while True:
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in node.children) \
                and node.head.lemma_.lower() in ASKING:
            # "asked whether Canadian troops could take part, Trudeau said everything was on the table":
            # the question only names the topic; the position is in the answer above it.
            if inner is not None or node.head is node:
                break
            path, skip = [], set()
            prev, node = node, node.head
            continue
        if _names_meeting(node, prev):
            break   # "a video call of the coalition of the willing, joined by Meloni": the topic names a meeting
        path.append(node)
        if prev is not None and prev.dep_ == "conj" and node.pos_ in ("VERB", "AUX", "ADJ"):
            skip.add(node.i)   # a conjoined verb only lends its subject
        owners = _possessors(node, by_token) if node.lemma_.lower() in PROPOSER_NOUNS | OPPONENT_NOUNS else []
        owners += _signatories(node, by_token)
        holders = [m for m in _subjects(node, by_token) + owners
                   if m.start > hit.i or m.end <= hit.i]
        if holders and node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in node.children):
            holders = []   # a holder inside a condition ("once Washington has said how it would back the force")
        if not holders and inner is None and _opaque_speaker(node, by_token):
            break          # "officials said France would…" belongs to unnamed officials, not to whoever is above
        if holders:
            seg = path if inner is None else path[path.index(inner_node) + 1:]
            reading = _read(seg, node, topic, skip)
            if node.pos_ == "NOUN" and node.lemma_.lower() in PROPOSER_NOUNS and reading.position is None:
                reading = Reading(SUPPORT, node.text)   # "Macron's proposal to send troops"
            if reading.position is None and inner is None and node.lemma_.lower() in REPORTING:
                reading = _sibling_reading(node, path, topic)
            for m in holders:
                if inner is None:
                    if reading.position is not None:
                        inner = Statement(m, sent, reading, "subject", hit)
                        out.append(inner)
                        inner_node = node
                    continue
                if m.actor.key == inner.holder.actor.key:
                    continue   # the same speaker again ("a German official said Berlin would not…")
                # An outer holder: a reporter, or someone taking a position on the inner one.
                own = reading.position is not None and not _only_reporting([t for t in seg if t.i not in skip], topic)
                if own:
                    combined = _compose(inner.reading, reading)
                    out.append(Statement(m, sent, combined, "subject", hit))
                elif m.actor.name and not inner.holder.actor.name and _reports(seg, node) and (
                        m.actor.country == inner.holder.actor.country or not m.actor.known and not m.actor.country):
                    out.remove(inner)
                    moved = Statement(_with_country(m, inner.holder.actor.country), sent, inner.reading, "relay",
                                      hit, relayed=True)
                    out.append(moved)
                    inner = moved
            if inner is not None and holders and inner.holder in holders:
                inner_node = node
        if node.head is node or node.dep_ == "ROOT":
            break
        prev, node = node, node.head
    return _speech_tag(out, inner, path, hit, sent, topic, by_token, skip)


def _speech_tag(out, inner, path, hit, sent, topic, by_token, skip) -> list[Statement]:
    """'Rome would help with training, she said, but no Italian soldier would go': a reporting
    clause hanging off the sentence (parataxis) names who speaks for the clause above it."""
    if inner is not None and inner.holder.actor.name:
        return out
    if inner is not None and inner.holder.via is not None and any(t.lemma_.lower() in REPORTING for t in sent):
        # "Stocker said his neutral country could consider…" (however the parse hangs it together)
        via = inner.holder.via
        return [Statement(via, sent, inner.reading, "relay", hit, relayed=True)]
    for tok in sent:
        if tok.lower_ == "according" and tok.head in path:
            # "According to Zelensky, Macron has promised troops" - the attribution is a phrase
            speakers = [by_token[g.i] for t in tok.children for g in t.children if g.i in by_token]
        elif tok.lemma_.lower() not in REPORTING or tok.dep_ not in ("parataxis", "advcl", "conj") \
                or tok.head not in path:
            continue
        else:
            speakers = _subjects(tok, by_token)
        speakers = [m for m in speakers if m.actor.name]
        if not speakers:
            continue
        speaker = speakers[0]
        if inner is None:
            reading = _read(path, path[-1], topic, skip)
            if reading.position is not None:
                return [Statement(speaker, sent, reading, "quote", hit)]
        elif speaker.actor.country == inner.holder.actor.country:
            return [Statement(speaker, sent, inner.reading, "relay", hit, relayed=True)]
    return out


def _sibling_reading(verb: Token, path: list[Token], topic: Topic) -> Reading:
    """A misparse can split what was said into two clauses under the reporting verb ("said any
    soldiers deployed to Ukraine … would be considered legitimate targets"), and an answer sits
    beside its question ("asked whether…, said everything was on the table"): read the other one."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "conj") and c not in path:
            reading = _read([c], c, topic, set())
            if reading.position is not None:
                return reading
    return Reading(None, "")


def _signatories(verb: Token, by_token) -> list[Mention]:
    """'The declaration signed by Macron and Starmer commits both countries to deploying forces':
    the signatories of a document hold what the document says."""
    out = []
    for subj in verb.children:
        if subj.dep_ == "nsubj" and subj.lemma_.lower() in DOCUMENT_NOUNS and subj.i not in by_token:
            # "the declaration signed by…", "the declaration of intent signed by…"
            nouns = [subj] + [g for c in subj.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            for acl in (c for n in nouns for c in n.children if c.dep_ == "acl"):
                out += [m for m in _subjects(acl, by_token) if m not in out]
    return out


def _with_country(m: Mention, country: str) -> Mention:
    """Someone not in the actor table who speaks for a country ("Farage said Britain…") is of it."""
    if m.actor.country or m.actor.known:
        return m
    actor = Actor(m.actor.name, country, m.actor.role, m.actor.gender, known=False)
    return Mention(m.start, m.end, actor, m.kind, m.text, m.head)


def _timing_only(clause: Token, topic: Topic) -> bool:
    """'if a peace deal is reached' only dates an offer (ANNOTATION: still support); 'if it is part
    of a deal Russia can accept' sets a condition."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_.lower() in TIMING_NOUNS or c.text in topic.anchors)
               for c in clause.children)


def _opaque_speaker(node: Token, by_token) -> bool:
    return node.lemma_.lower() in REPORTING and any(
        c.dep_ == "nsubj" and c.pos_ in OPAQUE_SPEAKER_POS and c.i not in by_token for c in node.children)


def _reports(seg: list[Token], node: Token) -> bool:
    """The holder reports the inner clause: the reporting verb is theirs, or has no subject of its own."""
    for t in seg:
        if t.lemma_.lower() in REPORTING and (t is node or not any(c.dep_ in SUBJ_DEPS for c in t.children)):
            return True
    return False


def _read(seg: list[Token], top: Token, topic: Topic, skip: set[int]) -> Reading:
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


def _only_reporting(seg: list[Token], topic: Topic) -> bool:
    """True when the outer segment holds only reporting verbs and carriers ('said', 'told', 'stating')."""
    for t in seg:
        lemma = t.lemma_.lower()
        if lemma in REPORTING:
            continue
        for c in [t] + [c for c in t.children if c.dep_ in ("neg", "acomp", "prt", "dobj")]:
            if c.lemma_.lower() in topic.cues.get("support", ()) | topic.cues.get("oppose", ()) | topic.cues.get("rule_out", ()):
                if c.lemma_.lower() not in REPORTING:
                    return False
    return True


def _compose(inner: Reading, outer: Reading) -> Reading:
    """The outer holder's position on the inner statement: backing a refusal is a refusal."""
    if outer.position == OPPOSE and outer.strong:
        pos = SUPPORT if inner.position == OPPOSE else OPPOSE
        return Reading(pos, outer.cue, True)
    if outer.position == SUPPORT:
        return Reading(inner.position, f"{outer.cue} / {inner.cue}", inner.strong)
    return outer


# --- article-level rules ------------------------------------------------------------------------

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
    for tok in tail or []:
        if tok.idx >= b - 1 and tok.lemma_.lower() in REPORTING:
            for m in _subjects(tok, by_token):
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


def echo_statements(sent: Span, by_token, previous: list[Statement]) -> list[Statement]:
    """'Meloni echoed this stance': the holder takes the position last stated before."""
    out = []
    if not previous:
        return out
    for tok in sent:
        if tok.lemma_.lower() in ECHO_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in ECHO_OBJECTS for c in tok.children):
            for m in _subjects(tok, by_token):
                last = previous[-1]
                out.append(Statement(m, sent, Reading(last.reading.position, tok.text), "echo", tok))
    return out
