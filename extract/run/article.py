"""Article -> rows of the tidy table. The command line and the app both call `extract_article`.

Several topics are read from one parse: the model reads the union of their statement windows
once, then each topic's rules run over the same Docs, and each row says its topic.
"""
from __future__ import annotations

import dataclasses
import time

from spacy.language import Language

from .. import settings
from ..actors.glued import split_glued
from ..actors.mentions import near_alias
from ..actors.table import fold, load_table, strip_honorifics
from ..attribution.quoted import is_caption
from ..attribution.window import ArticleContext, window_statements
from ..judge.consolidate import consolidate
from ..judge.groups import member_rows
from ..judge.rows import to_row
from ..judge.voice import speakers_for_governments
from ..learned.fallback import fallback_statements
from ..nlp.parse import load_nlp
from ..registry import declare, on
from ..schema import Actor, Article, ArticleError
from ..topic.gate import statement_windows
from ..bounds import MAX_WINDOW_CHARS, Budget, read_parts
from ..topic.topics import Topic, load_topics
from . import together

declare("headline", "attribution", "Sánchez rejects NATO's 5% target (a headline; the body names Sánchez only "
        "reporting figures): the headline's holder holds it, unless the body gives them a position of its own")


def extract_article(article: Article, topic=None, nlp: Language | None = None) -> list[dict]:
    """All rows for one article, in text order. `topic` is a name, a Topic, or several topics (a list,
    "a,b" or "all": `topics.load_topics`); with several, the article is parsed once and the rows of
    each topic follow those of the one before, in the order given. The dashboard's upload calls this."""
    [(_, rows)] = extract_articles([article], topic, nlp)
    if isinstance(rows, ArticleError):
        raise rows
    return rows


def rows_or_error(article: Article, topic, windows: list, nlp: Language | None = None,
                  budget: Budget | None = None) -> list[dict] | ArticleError:
    """The rows, or the ArticleError that says this article could not be read through, so one odd
    article never stops a batch (the rules are code; a text they trip on is reported, not fatal).

    `topic` is a Topic or several (`load_topics`): each runs over the same Docs, its rows
    consolidated on their own.
    `windows` is [(doc, offset)]: the Doc of the whole text at offset 0, or Docs of the parts of it
    that start at `offset` (`gate.statement_windows`); `nlp` then finds who was named before each.
    Or it is [(start, end)]: the parts of the text, which `nlp` parses here, within the article's
    time `budget` (bounds.Budget), like everything else this does: past the budget it stops where
    it is (even inside the model) and the article's ArticleError says so."""
    topics = load_topics(topic)
    budget = budget or Budget(article)
    try:
        return budget.run(_rows, article, topics, windows, nlp, budget)
    except ArticleError as exc:   # the time budget
        return exc
    except Exception as exc:   # noqa: BLE001 - reported per article, with the reason
        return ArticleError(article.name or article.article_id,
                            f"extraction failed ({type(exc).__name__}: {exc})".replace("\n", " "))


def _rows(article: Article, topics, windows: list, nlp, budget: Budget) -> list[dict]:
    if windows and isinstance(windows[0][0], int):   # parts to parse: each once, whatever the number of topics
        docs, rate = [], 0.0   # seconds per character of this article's model calls so far
        for batch in _batches(windows):
            chars = sum(e - s for s, e in batch)
            budget.check()
            if budget.left() < rate * chars:   # it would end past the budget, and cannot be cut on the way
                raise budget.error()
            start = time.monotonic()
            docs += zip(nlp.pipe([article.text[s:e] for s, e in batch], batch_size=len(batch)), [s for s, _ in batch])
            rate = max(rate, (time.monotonic() - start) / chars)
        windows = docs
    table = load_table(str(settings.data_dir()))
    last = windows[-1][1] if windows else 0
    # one pass over the names: those before the last window's start, and everyone the text names
    # (for rule government_speaker); Docs given without a model have them in their entities
    all_named = people_named(nlp, article.text, article.published) if windows and nlp is not None else []
    named = [(end, a) for end, a in all_named if end <= last]
    everyone = [a for _, a in all_named] if nlp is not None else \
        [a for d, _ in windows for a in _known_people(d, table, article.published)]
    budget.check()   # the windows and the names before them take time on a long text too
    head = _headline_doc(nlp, article, table, all_named if windows and nlp is not None else None) \
        if on("headline") else None
    misspelt = _misspelt(windows, table, article.published)
    rows = []
    for t in topics:
        whole = ArticleContext(article, table, t)
        topic_rows, unlinked = [], []
        for d, offset in windows:
            found: list = []
            statements, spans = window_statements(d, article, t, whole, offset,
                                                  tuple(a for end, a in named if end <= offset), budget, found)
            ents_by_sent: dict[int, list] = {}
            for ent in d.ents:
                ents_by_sent.setdefault(ent.sent.start, []).append(ent)
            topic_rows += [to_row(st, article, t, spans, ents_by_sent) for st in statements]
            unlinked += [place._replace(window=(spans, ents_by_sent)) for place in found]
        if head is not None:
            topic_rows = _headline_rows(head, article, t, whole, budget, topic_rows) + topic_rows
        topic_rows = member_rows(topic_rows, article.text, everyone)
        held = {(r["leader"], r["country"] if not r["leader"] else "") for r in topic_rows}
        topic_rows += [to_row(st, article, t, *window) for st, window in
                       fallback_statements(article.article_id, t.name, unlinked, held)]
        rows += consolidate(speakers_for_governments(topic_rows, article.text, everyone, misspelt, _topic_words(t)))
    budget.warn()
    return rows


def _topic_words(t) -> frozenset[str]:
    """The words that put a neighbour sentence on the topic for rule speaker_on_topic: the terms,
    the follow-up terms, the heads of multiword terms ("force", "willing") and the noun anaphors
    ("the idea"); not "it" or "that", which every sentence has."""
    pronouns = {"it", "that", "this"}
    return frozenset(t.terms | t.context | {p[-1] for p in t.phrases} | (t.anaphors - pronouns))


def _headline_doc(nlp, article: Article, table, named: list | None = None):
    """(the parse of the headline the reader split off the text (`text.read.split_title`), the people
    the body names), or None. A headline that opens with a surname the body gives in full is parsed
    with the full name ("Trump slams Spain…" reads as a noun phrase to the small model; "Donald
    Trump slams Spain…" as a sentence); the rows still quote the headline as printed."""
    title = article.title.strip()
    if not title or "\n" in title or is_caption(title):
        return None
    # a headline names people by surname ("Sánchez rejects…"): those the body names in full count
    # (`named`: `people_named` of the text, when the caller has it already)
    named = people_named(nlp, article.text, article.published) if named is None else named
    prior = tuple(a for _, a in named)
    text = _full_name_first(title, prior)
    split_glued(nlp, text, table)
    return nlp(text), prior


def _full_name_first(title: str, people: tuple[Actor, ...]) -> str:
    """'Trump: allies…' -> 'Donald Trump: allies…' when the body names Donald Trump."""
    first = title.split(maxsplit=1)[0]
    word = first.rstrip(":,").removesuffix("'s").removesuffix("’s")
    for a in reversed(people):
        parts = a.name.split()
        if len(parts) > 1 and fold(parts[-1]) == fold(word):
            return " ".join(parts[:-1]) + " " + title
    return title


def _headline_rows(doc, article: Article, topic: Topic, whole: ArticleContext, budget: Budget,
                   body_rows: list[dict]) -> list[dict]:
    """A headline is a statement too ("Sánchez rejects NATO's 5% target"): its rows, for holders the
    body gives no position of their own (rule headline). Where the body speaks of the same holder
    it decides, agreeing or not: a headline compresses, the body says it in full."""
    doc, prior = doc
    head = dataclasses.replace(article, text=doc.text, title="")
    ctx = ArticleContext(head, whole.table, topic)
    ctx.anchored = whole.anchored   # "target" counts in a headline of an article that names NATO
    statements, spans = window_statements(doc, head, topic, ctx, 0, prior, budget)
    ents: dict[int, list] = {}
    for ent in doc.ents:
        ents.setdefault(ent.sent.start, []).append(ent)
    held = {(r["leader"], r["country"] if not r["leader"] else "") for r in consolidate(body_rows)}
    out = []
    for st in statements:
        row = to_row(st, article, topic, spans, ents)
        if (row["leader"], row["country"] if not row["leader"] else "") in held:
            continue
        row["rule"] = "headline / " + row["rule"]
        row["quote"] = article.title.strip()   # as printed, whatever name was filled in to parse it
        out.append(row)
    return out


def _batches(parts: list[tuple[int, int]]):
    """The parts in batches of at most bounds.MAX_WINDOW_CHARS characters (a part longer is alone):
    one model call reads one batch, and a call into compiled code is what the time limit cannot cut
    (bounds.MARGIN).  The budget is checked between them too (what holds it in a thread)."""
    batch, size = [], 0
    for s, e in parts:
        if batch and size + e - s > MAX_WINDOW_CHARS:
            yield batch
            batch, size = [], 0
        batch.append((s, e))
        size += e - s
    if batch:
        yield batch


def extract_articles(articles, topic=None, nlp: Language | None = None,
                     batch_size: int = 16, gate: bool = True):
    """(article, rows) for each article of an iterable, in input order, streaming: spaCy parses them in batches.
    `rows` is an ArticleError instead when the article could not be extracted (see `rows_or_error`).
    `topic`: one topic or several (`topics.load_topics`), all read from the same parse.

    With `gate` (the default) the model reads only an article's statement windows
    (`gate.statement_windows`), and nothing of an article with no topic term; the rows are the same
    as with `gate=False`.  Each article is parsed on its own, within its time budget (bounds.Budget):
    one that runs out fails alone, and the next one is read with the same model."""
    topic = load_topics(topic)
    nlp = nlp or load_nlp()
    table = load_table(str(settings.data_dir()))
    if not gate:
        for a in articles:
            budget = Budget(a)
            try:
                doc = budget.run(_whole_doc, nlp, a.text, table)
            except ArticleError as exc:
                yield a, exc
                continue
            yield a, rows_or_error(a, topic, [(doc, 0)], nlp, budget)
        return
    # Chunks of at most `batch_size` on-topic (or 8 x batch_size in all) articles keep memory
    # bounded however long a run of off-topic articles is, and the output in input order.
    chunk: list[tuple] = []
    n_hits = 0
    for a in articles:
        budget = Budget(a)
        try:   # finding the windows counts in the article's budget; none: no topic term, so no rows, no parse
            windows, failed = budget.run(_windows, nlp, a.text, topic, table), None
        except ArticleError as exc:
            windows, failed = [], exc
        chunk.append((a, budget, windows, failed))
        n_hits += bool(windows)
        if n_hits >= batch_size or len(chunk) >= 8 * batch_size:
            yield from _gated_chunk(chunk, topic, nlp)
            chunk, n_hits = [], 0
    yield from _gated_chunk(chunk, topic, nlp)


def union_windows(text: str, topics: tuple[Topic, ...]) -> list[tuple[int, int]]:
    """The statement windows of every topic, overlapping or touching ones merged (one topic: its own)."""
    if len(topics) == 1:
        return statement_windows(text, topics[0])
    merged: list[list[int]] = []
    for s, e in sorted(w for t in topics for w in statement_windows(text, t)):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _whole_doc(nlp, text: str, table):
    split_glued(nlp, text, table)   # "Merzsaid", "Macronproposed": two tokens each
    return nlp(text)


def _windows(nlp, text: str, topic, table) -> list[tuple[int, int]]:
    windows = union_windows(text, topic)   # none: no topic term, so no rows and no parse
    if windows:   # only a text the model reads needs its run-together names cut
        split_glued(nlp, text, table)
    return windows


def _gated_chunk(chunk, topic, nlp):
    """The model reads only the statement windows of each on-topic article (`gate.statement_windows`),
    in pieces of at most bounds.MAX_WINDOW_CHARS; the pieces of consecutive short articles in one
    call (`together`: the same Docs, less per-call cost), a longer article's on its own. Each
    article's time budget holds for its own share of the parse."""
    ready = []
    for article, budget, ws, failed in chunk:
        parts = []
        if failed is None:
            try:
                parts = budget.run(read_parts, article.text, ws, budget)
            except ArticleError as exc:
                failed = exc
        ready.append((article, budget, parts, failed))
    for group in together.groups(ready, _joint_size):
        docs = together.parse_together(nlp, [(a, b, p) for a, b, p, f in group if _joint_size((a, b, p, f))])
        for article, budget, parts, failed in group:
            if failed is not None:
                yield article, failed
            else:
                yield article, rows_or_error(article, topic, docs.get(id(article), parts), nlp, budget) if parts else []


def _joint_size(entry) -> int:
    """Characters an article brings to a call shared with others: 0 if it has none to parse, failed,
    or is too long to share (it is read in calls of its own)."""
    _, _, parts, failed = entry
    chars = sum(e - s for s, e in parts)
    return 0 if failed is not None or chars > MAX_WINDOW_CHARS else chars


def _misspelt(windows, table, date: str) -> dict[str, Actor]:
    """Names as the page misspells them ("Wladyslaw Kosyniak-Kamysz") -> the table's person
    (rule fuzzy_name), so government_speaker finds a misspelt speaker too."""
    if not on("fuzzy_name") or not windows or isinstance(windows[0][0], int):
        return {}
    found = {}
    for d, _ in windows:
        for e in d.ents:
            key = fold(strip_honorifics(e.text))
            if e.label_ == "PERSON" and key not in table.aliases and (near := near_alias(table, key)):
                found[strip_honorifics(e.text)] = table.person(near, date)
    return found


def _known_people(doc, table, date: str) -> list[Actor]:
    keys = (fold(strip_honorifics(e.text)) for e in doc.ents)
    return [table.person(table.aliases[k], date) for k in keys if k in table.aliases]


def people_named(nlp: Language, text: str, date: str) -> list[tuple[int, Actor]]:
    """Known people named in a text, in order, with the offset where each mention ends; found
    cheaply: the tokenizer and the leader ruler, no model."""
    table = load_table(str(settings.data_dir()))
    doc = nlp.get_pipe("entity_ruler")(nlp.make_doc(text))
    keys = ((e.end_char, fold(strip_honorifics(e.text))) for e in doc.ents)
    return [(end, table.person(table.aliases[k], date)) for end, k in keys if k in table.aliases]
