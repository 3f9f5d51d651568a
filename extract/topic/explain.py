"""Why a row appeared, or did not: each sentence on the topic, its terms, and the rows it gave.

`explain(article, topic)` runs the real extractor (`run.article.extract_article`) for the rows,
and reads the same stages it is made of for the reasons: `attribution.window.window_statements`
gives each statement (holder, cue, rule trace, position) with its sentence, `topic.terms` says
which words put a sentence on the topic and why a term was not counted. The whole text is parsed
at once, which gives the same rows as the gated run (`tests/test_gate.py`).
"""
from __future__ import annotations

from .. import settings
from ..actors.groups import load_groups
from ..actors.mentions import find_mentions
from ..actors.table import load_table
from ..attribution.window import ANAPHOR_WINDOW, ArticleContext, window_statements
from ..judge.rows import rule_trace, to_row
from ..nlp.parse import load_nlp
from ..registry import on
from ..run.article import extract_article
from ..schema import Article
from . import terms as T
from .topics import Topic, anchor_in, has_anchor

# Why a word that is a term was not counted, by the rule that refused it (topic.terms).
REFUSALS = (("term_idiom", T._idiom, "an idiom, not the topic"),
            ("term_excluded_owner", T._excluded, "someone else's, by exclude_modifiers"),
            ("term_measured", T._measured, "what a measure buys, by measure_words ('3.5 percent for the forces')"),
            ("term_off_target", T._off_target, "somewhere else, by off_target_places (or a demonym of one) or a named place"),
            ("term_deploys_other", T._deploys_something_else, "of something that is not a term"))


def _phrase_at(tok, sent, topic: Topic) -> str:
    """The multi-word term whose head is this token in the sentence, if any."""
    words = [t.lower_ for t in sent]
    for phrase in topic.phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase and sent[i:i + n].root == tok:
                return " ".join(phrase)
    return ""


def _term_reason(tok, sent, topic: Topic, article: Article, recent: bool) -> str:
    """Why a counted term counts: strong, or which anchor the sentence or article names."""
    low, lemma, phrase = tok.lower_, tok.lemma_.lower(), _phrase_at(tok, sent, topic)
    if phrase in topic.strong or not phrase and (low in topic.strong or lemma in topic.strong):
        return f"strong term{' ' + repr(phrase) if phrase else ''}"
    if phrase or low in topic.terms or lemma in topic.terms:
        kind = f"term {phrase!r}" if phrase else "term"
    elif recent and (low in topic.context or lemma in topic.context):
        kind = "follow-up term, a topic sentence just before"
    else:
        return "anaphor, points back to a topic sentence just before"
    anchor = anchor_in(sent.text, topic)
    if anchor:
        return f"{kind}; the sentence names the anchor '{anchor}'"
    anchor = anchor_in(article.text, topic) or anchor_in(article.title, topic) or "?"
    return f"{kind}; the article names the anchor '{anchor}'"


def _refused(sent, topic: Topic, anchored: bool, hits) -> list[str]:
    """Words of the sentence that are terms but were not counted, each with the rule that said no."""
    out = []
    for tok in sent:
        if tok in hits or tok.pos_ not in ("NOUN", "VERB", "PROPN") or \
                (tok.lower_ not in topic.terms and tok.lemma_.lower() not in topic.terms):
            continue
        strong = tok.lower_ in topic.strong or tok.lemma_.lower() in topic.strong
        if not (strong or anchored or has_anchor(sent.text, topic)):
            out.append(f"'{tok.text}' (no anchor in the article or sentence, and not a strong term)")
            continue
        why = next((f"'{tok.text}' ({name}: {text})" for name, test, text in REFUSALS if on(name) and test(tok, topic)), None)
        if why:
            out.append(why)
    return out


def explain(article: Article, topic: Topic, nlp=None) -> list[str]:
    """The explanation as lines of text."""
    nlp = nlp or load_nlp()
    final = extract_article(article, topic, nlp)
    table = load_table(str(settings.data_dir()))
    doc = nlp(article.text)
    whole = ArticleContext(article, table, topic)
    statements, spans = window_statements(doc, article, topic, whole)
    ents_by_sent: dict[int, list] = {}
    for ent in doc.ents:
        ents_by_sent.setdefault(ent.sent.start, []).append(ent)
    mentions = find_mentions(doc, table, article.published)
    lines = [f"{article.name or article.article_id}: {len(final)} row(s) on '{topic.name}' ({topic.label})"]
    shown = 0
    claimed: set[int] = set()   # final rows already shown
    last_topical = -10
    for si, sent in enumerate(doc.sents):
        recent = si - last_topical <= ANAPHOR_WINDOW
        hits = T.term_hits(sent, topic, whole.anchored, in_context=recent)
        hits, via_anaphor = T.with_anaphors(sent, hits, topic, recent)
        found = [st for st in statements if st.sent.start == sent.start]
        refused = _refused(sent, topic, whole.anchored, hits)
        if not hits and not refused:
            continue
        shown += 1
        lines.append(f"[sentence {si + 1}] {sent.text.strip()}")
        if refused:
            lines.append("  not counted: " + "; ".join(refused))
        if not hits:
            continue
        lines.append("  on the topic by: " + "; ".join(
            f"'{h.text}' ({_term_reason(h, sent, topic, article, recent)})" for h in hits))
        if on("question") and sent.text.rstrip().rstrip('"”’\'').endswith("?"):
            lines.append("  no row: a question states no position (rule question)")
        elif not found:
            named = [m for m in mentions if sent.start <= m.start < sent.end]
            if not named:
                lines.append("  no row: no holder found (no person, title, pronoun or government named in the sentence)")
            else:
                lines.append("  no row: " + ", ".join(f"'{m.text}' ({m.actor.name or m.actor.country})" for m in named)
                             + " named, but no stance cue links a holder to the term (no cue word on the path "
                               "from the term to a subject, speaker or agent)")
        for st in found:
            row = to_row(st, article, topic, spans, ents_by_sent)
            who = row["leader"] or f"the government of {row['country']}"
            kept = [i for i, r in enumerate(final) if r["quote"] == row["quote"] and r["leader"] == row["leader"]
                    and r["country"] == row["country"] and r["position"] == row["position"]]
            fate = _group_fate(final, row) if row["country"] in load_groups(str(settings.data_dir())).members else \
                "a row" if kept and kept[0] not in claimed else \
                "the same row as above (one per holder and sentence)" if kept else \
                _final_of(final, row)
            claimed.update(kept[:1])
            lines.append(f"  holder: {who} ({row['country'] or '?'}) as '{row['mention']}' · cue: "
                         f"{row['cue'] or '-'} · rule: {rule_trace(st)} · position: {row['position']} -> {fate}")
        if hits and (found or not via_anaphor):
            last_topical = si
    if not shown:
        lines.append("no sentence is on the topic: none holds a term that counts "
                     f"(terms: {', '.join(sorted(topic.terms)[:8])}...)")
    return lines


def _group_fate(final: list[dict], row: dict) -> str:
    """Where a group's statement went (rule group_name): to the members the article does not name itself."""
    got = [r["country"] for r in final if r["quote"] == row["quote"] and not r["leader"]
           and r["rule"].startswith("group_name")]
    return ("rows of its members " + ", ".join(dict.fromkeys(got))) if got else \
        "no row: the article names each member itself, or their rows were consolidated (rule group_name)"


def _final_of(final: list[dict], row: dict) -> str:
    """Where a statement that made no row went (judge.consolidate: one judgement per holder)."""
    other = [r for r in final if r["leader"] == row["leader"] and r["country"] == row["country"]]
    if other:
        return f"no row: one judgement per holder, and theirs is {other[0]['position']} (\"{other[0]['quote'][:60]}...\")"
    if not row["leader"] and any(r["country"] == row["country"] and r["position"] == row["position"] for r in final):
        return f"no row: a named person of {row['country']} holds the same position (one judgement per holder)"
    return "no row: dropped when the holder's rows were consolidated (one judgement per holder)"
