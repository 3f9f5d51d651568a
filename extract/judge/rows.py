"""Statements -> rows of the tidy table: the verbatim quote, its date, and the evidence weight with
which `consolidate` settles a holder's disagreeing rows (the row's `confidence` is set after that,
by `judge.confidence`, from the holder's consolidated rows)."""
from __future__ import annotations

import os

from .. import settings
from ..actors.table import fold, load_table, role_kind
from ..schema import Article, Statement
from ..text.dates import statement_date
from ..text.quotes import in_quote
from ..stance.reading import counted_term
from ..topic.topics import Topic
# How surely a statement was found, by how its holder was found (a named speaker beats a pronoun): the
# weight of its position when the holder's statements disagree (consolidate), not the output confidence.
MENTION_CONFIDENCE = {"name": 0.9, "surname": 0.85, "title": 0.8, "fuzzy": 0.75, "unknown": 0.75, "government": 0.75,
                      "pronoun": 0.7}
METHOD_FACTOR = {"subject": 1.0, "passive": 0.95, "relay": 0.95, "quote": 0.9, "echo": 0.8}
ANAPHOR_FACTOR = 0.9        # the topic came from "the idea" rather than a topic term
BEST_BASE = 0.9             # a named subject's base: scaled to its rules' measured precision on real news


def _precision_table() -> dict[str, float]:
    """rules/rule_precision.csv: how often each rule's judgements were right on real news."""
    import csv
    from ..lexicon import RULES
    path = RULES / "rule_precision.csv"
    if not path.exists() or os.environ.get("COALITION_NO_CALIBRATION"):
        return {}
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {r["rule"]: float(r["precision"]) for r in csv.DictReader(lines)}


_PRECISION: dict[str, float] | None = None


def rule_cap(st: Statement) -> float:
    """The share right of the least reliable rule that made the row, as measured on real news
    (`bench/calibrate.py --rule-precision`); rules not measured there count as BEST_BASE. The row's
    evidence weight is its base (how the holder was found) scaled by this share, so the order by base
    is kept."""
    global _PRECISION
    if _PRECISION is None:
        _PRECISION = _precision_table()
    names = rule_trace(st).split(" / ")
    return min([_PRECISION[n] for n in names if n in _PRECISION] or [BEST_BASE])


OWN_WORDS = frozenset({"our", "my", "its", "their"})


def own_troops(st: Statement) -> bool:
    """The topic term names the holder's own troops: 'US troops', 'American ground forces', 'our soldiers'."""
    country = st.holder.actor.country
    if not country:
        return False
    demonyms = load_table(str(settings.data_dir())).demonyms
    for c in st.hit.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and (
                c.lower_ in OWN_WORDS or demonyms.get(fold(c.text)) == country):
            return True
    return False


def to_row(st: Statement, article: Article, topic: Topic, spans, ents_by_sent: dict) -> dict:
    m = st.holder
    sents = [st.sent, *st.extra_sents]
    if m.start >= st.sent.end and st.sent.doc[m.start].sent.start == st.sent.end:
        sents.append(st.sent.doc[m.start].sent)   # "… These include Greece and Portugal.": the quote names the holder
    sents.sort(key=lambda s: s.start)
    quote = st.sent.doc[sents[0].start:sents[-1].end].text.strip()   # verbatim; Doc.text per row is quadratic
    conf = MENTION_CONFIDENCE.get(m.kind, 0.7) * METHOD_FACTOR.get(st.method, 0.9)
    if st.anaphor:
        conf *= ANAPHOR_FACTOR
    direct = in_quote(st.hit, spans) or any(in_quote(t, spans) for t in st.sent if t.lemma_ in st.reading.cue.split(" / "))
    return {
        "article_id": article.article_id,
        "leader": m.actor.name,
        "country": m.actor.country,
        "role": m.actor.role,
        "role_kind": role_kind(m.actor.role),
        "date": statement_date(ents_by_sent.get(st.sent.start, ()), article.published),
        "topic": topic.name,
        "position": st.reading.position,
        "quote": quote,
        "quote_type": "direct" if direct else "reported",
        "source": article.outlet,
        "url": article.url if article.url.startswith(("http://", "https://")) else "",
        "title": article.title,
        "published": article.published,
        "mention": m.text,
        "cue": st.reading.cue,
        "_own": own_troops(st),   # used by consolidate, not written
        # used by consolidate, not written: a yes to troops counted or in a unit ("several hundred soldiers")
        "_counted": st.reading.position == "support" and counted_term(st.hit),
        "rule": rule_trace(st),
        "_strong": st.reading.strong,   # used by consolidate, not written
        # used by consolidate, not written: the weight of this statement's position for its holder
        "_evidence": round(min((conf + (0.05 if direct else 0)) * rule_cap(st) / BEST_BASE, 0.99), 2),
    }


def rule_trace(st: Statement) -> str:
    """The registry names of the rules behind a statement, each once, attribution first."""
    names = [st.rule or st.method] + (["fuzzy_name"] if st.holder.kind == "fuzzy" else []) \
        + (["anaphor"] if st.anaphor else []) + list(st.reading.rules)
    return " / ".join(dict.fromkeys(n for n in names if n))
