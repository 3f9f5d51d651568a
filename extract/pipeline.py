"""Article -> rows of the tidy table. The command line and the app both call `extract_article`."""
from __future__ import annotations

import os

from spacy.language import Language

from . import settings
from .actors import Actor, Mention, find_mentions, fold, load_table, strip_honorifics
from .attribute import (QuoteSpans, Statement, anaphor_hits, echo_statements, in_quote, quote_spans, quote_speaker,
                        speaker_labels, statements_in_sentence, term_hits)
from .bounds import Budget, read_parts, sentence_hits, too_long
from .dates import statement_date
from .parse import load_nlp
from .schema import COLUMNS, Article, ArticleError
from .topics import Topic, load_topic
from .gate import on_topic, statement_windows

# How sure a row is, by how its holder was found (a named speaker beats a pronoun).
MENTION_CONFIDENCE = {"name": 0.9, "surname": 0.85, "title": 0.8, "unknown": 0.75, "government": 0.75, "pronoun": 0.7}
METHOD_FACTOR = {"subject": 1.0, "passive": 0.95, "relay": 0.95, "quote": 0.9, "echo": 0.8}
# Within one sentence: an explicit refusal beats a stated condition, which beats a softer "no"
# (a negated offer next to a condition is the condition), then a plain yes, then a bare hedge
# ("who has championed the idea, said a force could be ready" is support).
SENTENCE_PRIORITY = {("oppose", True): 4, ("conditional", True): 3, ("oppose", False): 2,
                     ("support", False): 1, ("support", True): 1, ("conditional", False): 0}
ANAPHOR_FACTOR = 0.9        # the topic came from "the idea" rather than a topic term
ANAPHOR_WINDOW = 4          # sentences back that "the idea" may point to


def extract_article(article: Article, topic: str | Topic | None = None, nlp: Language | None = None) -> list[dict]:
    """All rows for one article, in text order."""
    [(_, rows)] = extract_articles([article], topic, nlp)
    if isinstance(rows, ArticleError):
        raise rows
    return rows


def rows_or_error(article: Article, topic: Topic, windows: list, nlp: Language | None = None,
                  budget: Budget | None = None) -> list[dict] | ArticleError:
    """The rows, or the ArticleError that says this article could not be read through, so one odd
    article never stops a batch (the rules are code; a text they trip on is reported, not fatal).

    `windows` is [(doc, offset)]: the Doc of the whole text at offset 0, or Docs of the parts of it
    that start at `offset` (`gate.statement_windows`); `nlp` then finds who was named before each.
    A window may be (offset, thunk) instead, the thunk parsing it when called, so that the time
    `budget` (bounds.Budget) is checked between the parses of a long article."""
    budget = budget or Budget(article)
    try:
        table = load_table(str(settings.data_dir()))
        whole = _ArticleContext(article, table, topic)
        last = windows[-1][0 if callable(windows[-1][1]) else 1] if windows else 0
        named = people_named(nlp, article.text[:last], article.published) if last else []
        rows = []
        for d, offset in windows:
            if callable(offset):
                budget.check()
                d, offset = offset(), d
            rows += window_rows(d, article, topic, whole, offset, tuple(a for end, a in named if end <= offset),
                                budget)
        budget.warn()
        return consolidate(rows)
    except ArticleError as exc:   # the time budget
        return exc
    except Exception as exc:   # noqa: BLE001 - reported per article, with the reason
        return ArticleError(article.name or article.article_id,
                            f"extraction failed ({type(exc).__name__}: {exc})".replace("\n", " "))


def extract_articles(articles, topic: str | Topic | None = None, nlp: Language | None = None,
                     batch_size: int = 16, gate: bool = True):
    """(article, rows) for each article of an iterable, in input order, streaming: spaCy parses them in batches.
    `rows` is an ArticleError instead when the article could not be extracted (see `rows_or_error`).

    With `gate` (the default) the model reads only an article's statement windows
    (`gate.statement_windows`), and nothing of an article with no topic term; the rows are the same
    as with `gate=False`."""
    topic = topic if isinstance(topic, Topic) else load_topic(topic)
    nlp = nlp or load_nlp()
    if not gate:
        pairs = ((a.text, a) for a in articles)
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, rows_or_error(article, topic, [(doc, 0)])
        return
    # Chunks of at most `batch_size` on-topic (or 8 x batch_size in all) articles keep memory
    # bounded however long a run of off-topic articles is, and the output in input order.
    chunk: list[tuple[Article, list]] = []
    n_hits = 0
    for a in articles:
        windows = statement_windows(a.text, topic)   # none: no topic term, so no rows and no parse
        chunk.append((a, windows))
        n_hits += bool(windows)
        if n_hits >= batch_size or len(chunk) >= 8 * batch_size:
            yield from _gated_chunk(chunk, topic, nlp, batch_size)
            chunk, n_hits = [], 0
    yield from _gated_chunk(chunk, topic, nlp, batch_size)


def _gated_chunk(chunk, topic, nlp, batch_size):
    """The model reads only the statement windows of each on-topic article (`gate.statement_windows`).

    Windows are read in pieces of at most bounds.MAX_WINDOW_CHARS. An article with a piece split
    off is parsed on its own, a piece at a time, so that its time budget is checked between the
    pieces; the other articles share one `nlp.pipe` (their parse is short)."""
    plans = []
    for article, ws in chunk:
        budget = Budget(article)
        parts = read_parts(article.text, ws, budget)
        plans.append((article, budget, parts, not budget.split_windows and not budget.unread))
    docs = iter(nlp.pipe([a.text[s:e] for a, _, parts, shared in plans if shared for s, e in parts],
                         batch_size=batch_size))
    for article, budget, parts, shared in plans:
        if not parts:
            yield article, []
        elif shared:
            yield article, rows_or_error(article, topic, [(next(docs), s) for s, _ in parts], nlp, budget)
        else:
            thunks = [(s, lambda s=s, e=e, t=article.text: nlp(t[s:e])) for s, e in parts]
            yield article, rows_or_error(article, topic, thunks, nlp, budget)


def people_named(nlp: Language, text: str, date: str) -> list[tuple[int, Actor]]:
    """Known people named in a text, in order, with the offset where each mention ends; found
    cheaply: the tokenizer and the leader ruler, no model."""
    table = load_table(str(settings.data_dir()))
    doc = nlp.get_pipe("entity_ruler")(nlp.make_doc(text))
    keys = ((e.end_char, fold(strip_honorifics(e.text))) for e in doc.ents)
    return [(end, table.person(table.aliases[k], date)) for end, k in keys if k in table.aliases]


class _ArticleContext:
    """What the rules read from the whole text, once per article however many windows it has:
    quotes are paired and speaker labels read over all of it (a window may start inside a quote)."""

    def __init__(self, article: Article, table, topic: Topic):
        self.table = table
        self.quotes = quote_spans(article.text)
        self.labels = speaker_labels(article.text, table, article.published)
        self.interviewee = title_person(article, table)
        self.anchored = any(a in article.text or a in article.title for a in topic.anchors)


def window_rows(doc, article: Article, topic: Topic, whole: _ArticleContext, offset: int = 0,
                prior: tuple[Actor, ...] = (), budget: Budget | None = None) -> list[dict]:
    """Rows, not yet consolidated, from the Doc of `article.text`, or of the part of it that starts
    at `offset` (`gate.statement_windows`), after the known people `prior` were named."""
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
        if sent.text.rstrip().rstrip('"”’\'').endswith("?"):
            continue   # a question ("Will Poland send soldiers?") states no position
        hits = term_hits(sent, topic, anchored, in_context=recent)
        via_anaphor = False
        if recent:
            extra = [t for t in anaphor_hits(sent, topic) if t not in hits]
            via_anaphor = bool(extra) and not hits
            hits += extra
        hits = sentence_hits(sent, hits, budget)   # the caps that bound the work per sentence
        label = next((m for line, _, b, m in labels if line <= sent.start_char < b), None)
        found = statements_in_sentence(sent, hits, topic, by_token, spans) if hits else []
        found = [_quoted_government(st, spans, by_token, interviewee, label) for st in found]
        if hits and not found and any(in_quote(h, spans) for h in hits):
            speaker, extra = (label, ()) if label is not None else quote_speaker(sent, spans, by_token)
            speaker = speaker or interviewee
            if speaker is not None:
                for h in hits:
                    reading = _quote_reading(h, topic)
                    if reading.position:
                        found.append(Statement(speaker, sent, reading, "quote", h, extra))
                        break
        found += echo_statements(sent, by_token, statements) if si - last_topical <= ANAPHOR_WINDOW else []
        for st in found:
            st.anaphor = via_anaphor
        statements.extend(found)
        if hits and (found or not via_anaphor):
            last_topical = si
    ents_by_sent: dict[int, list] = {}
    for ent in doc.ents:
        ents_by_sent.setdefault(ent.sent.start, []).append(ent)
    return [_row(st, article, topic, spans, ents_by_sent) for st in statements]


def title_person(article: Article, table) -> Mention | None:
    """The one known person the headline names ("… an interview with Wladyslaw Kosiniak-Kamysz"):
    the speaker of quotes that carry no tag of their own, as in an interview's answers."""
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
    if st.holder.actor.name or not in_quote(st.hit, spans):
        return st
    speaker, extra = (label, ()) if label is not None else quote_speaker(st.sent, spans, by_token)
    speaker = speaker or interviewee
    if speaker is not None and speaker.actor.name and speaker.actor.country == st.holder.actor.country:
        return Statement(speaker, st.sent, st.reading, "quote", st.hit, extra, relayed=True, anaphor=st.anaphor)
    return st


def _quote_reading(hit, topic):
    from .attribute import _read
    path = [hit] + list(hit.ancestors)
    return _read(path, path[-1], topic, set())


def _row(st: Statement, article: Article, topic: Topic, spans, ents_by_sent: dict) -> dict:
    m = st.holder
    sents = sorted([st.sent, *st.extra_sents], key=lambda s: s.start)
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
        "date": statement_date(ents_by_sent.get(st.sent.start, ()), article.published),
        "topic": topic.name,
        "position": st.reading.position,
        "quote": quote,
        "quote_type": "direct" if direct else "reported",
        "source": article.outlet,
        "url": article.url if article.url.startswith(("http://", "https://")) else "",
        "confidence": round(min(conf + (0.05 if direct else 0), 0.99), 2),
        "title": article.title,
        "published": article.published,
        "mention": m.text,
        "cue": st.reading.cue,
        "_strong": st.reading.strong,   # used by consolidate, not written
    }


def consolidate(rows: list[dict]) -> list[dict]:
    """One judgement per (article, holder), as the annotation rules ask.

    Rows of the same holder in the same sentence collapse to the surest; if a
    holder's rows disagree, the position with the most confidence wins and the
    stray rows go (they are usually a misread clause). A government row goes
    when a named person of that country holds the same position."""
    best: dict[tuple, dict] = {}
    for r in rows:
        key = (r["leader"], r["country"] if not r["leader"] else "", r["quote"])
        # Within one sentence a refusal beats an offer ("will provide intelligence, but no ground
        # troops") and a condition beats a plain yes ("ready, but only with a US backstop").
        if key not in best or SENTENCE_PRIORITY[r["position"], r["_strong"]] > \
                SENTENCE_PRIORITY[best[key]["position"], best[key]["_strong"]]:
            best[key] = r
    rows = list(best.values())
    weight: dict[tuple, dict[str, float]] = {}
    for r in rows:
        w = weight.setdefault((r["leader"], r["country"] if not r["leader"] else ""), {})
        w[r["position"]] = w.get(r["position"], 0) + r["confidence"]
    winner = {k: max(v, key=v.get) for k, v in weight.items()}
    rows = [r for r in rows if winner[(r["leader"], r["country"] if not r["leader"] else "")] == r["position"]]
    named = {(r["country"], r["position"]) for r in rows if r["leader"]}
    speakers = {(r["country"], r["quote"]) for r in rows if r["leader"]}
    # A government row goes when a named person of that country holds the same position in the
    # article, or speaks in the same sentence (they are the one who said it).
    rows = [r for r in rows if r["leader"] or ((r["country"], r["position"]) not in named
                                               and (r["country"], r["quote"]) not in speakers)]
    order = {id(r): i for i, r in enumerate(rows)}
    return [{c: r[c] for c in COLUMNS} for r in sorted(rows, key=lambda r: order[id(r)])]


# --- at scale: cache, gate, process pool or Dask cluster -------------------------------------------

def process_batch(articles: list[Article], topic: Topic, model: str | None = None, gate: bool = True,
                  batch_size: int = 16, data_dir: str | None = None) -> list[list[dict]]:
    """Rows for each article of a batch, in order: the task a pool process or Dask worker runs.

    The model is loaded once per process (`load_nlp` keeps it) and reused by every later batch."""
    if data_dir is not None:
        os.environ["COALITION_DATA_DIR"] = data_dir
    nlp = load_nlp(model)
    return [rows for _, rows in extract_articles(articles, topic, nlp, batch_size=batch_size, gate=gate)]


def _warm(model: str | None, data_dir: str | None) -> None:
    """Pool initializer: load the model once, when the process starts."""
    if data_dir is not None:
        os.environ["COALITION_DATA_DIR"] = data_dir
    load_nlp(model)


class _Serial:
    """The in-process backend: a task runs when its result is wanted."""
    slots = 1

    def __init__(self, nlp, model, topic, gate, batch_size):
        self.nlp, self.model, self.topic, self.gate, self.batch_size = nlp, model, topic, gate, batch_size

    def submit(self, articles):
        return articles

    def done(self, handle):
        return False

    def result(self, handle):
        self.nlp = self.nlp or load_nlp(self.model)
        return [rows for _, rows in extract_articles(handle, self.topic, self.nlp, self.batch_size, self.gate)]

    def close(self):
        pass


class _Pool:
    """N processes (spawned, so no state is shared by fork), each loading the model once."""

    def __init__(self, workers, model, topic, gate, batch_size):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        data_dir = str(settings.data_dir())
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm, initargs=(model, data_dir))
        self.args = (topic, model, gate, batch_size, data_dir)
        self.slots = 2 * workers

    def submit(self, articles):
        return self.pool.submit(process_batch, articles, *self.args)

    def done(self, handle):
        return handle.done()

    def result(self, handle):
        return handle.result()

    def close(self):
        self.pool.shutdown(cancel_futures=True)


def extract_stream(articles, topic: str | Topic | None = None, model: str | None = None, *, gate: bool = True,
                   cache=None, workers: int = 1, scheduler=None, batch_size: int = 16,
                   nlp: Language | None = None, stats: dict | None = None):
    """(article, rows) for each article, in input order, the same rows as `extract_articles`.

    cache      a `cache.RowCache` (or None): articles seen before with the same extractor are not parsed
    workers    processes in a local pool (1: this process)
    scheduler  a Dask scheduler address or `distributed.Client`: the batches run on that cluster
    Memory stays bounded: at most a few batches are in flight, rows go out as soon as their turn comes.
    `stats` (a dict) receives counts: articles, cached, parsed (sent to the extractor), on_topic."""
    from collections import deque
    from .cache import article_key

    topic = topic if isinstance(topic, Topic) else load_topic(topic)
    if scheduler is not None:
        from .distributed import DaskBackend
        backend = DaskBackend(scheduler, model, topic, gate, batch_size)
    elif workers > 1:
        backend = _Pool(workers, model, topic, gate, batch_size)
    else:
        backend = _Serial(nlp, model, topic, gate, batch_size)
    stats = stats if stats is not None else {}
    for k in ("articles", "cached", "parsed", "on_topic"):
        stats.setdefault(k, 0)
    task_size = batch_size if workers > 1 or scheduler is not None else 4 * batch_size
    window: deque = deque()     # [entries, handle]; entries: [article, key, rows or None]

    def flush(entries):
        todo = [e[0] for e in entries if e[2] is None]
        window.append([entries, backend.submit(todo) if todo else None])

    def finish(item):
        entries, handle = item
        if handle is not None:
            results = iter(backend.result(handle))
            for e in entries:
                if e[2] is None:
                    e[2] = next(results)
                    if cache is not None and not isinstance(e[2], ArticleError):
                        cache.put(e[1], e[2])
        for article, _, rows in entries:
            yield article, rows

    try:
        entries: list = []
        n_todo = 0
        for article in articles:
            stats["articles"] += 1
            key = article_key(article) if cache is not None else None
            rows = cache.get(key) if cache is not None else None
            if rows is not None:
                stats["cached"] += 1
            else:
                n_todo += 1
                stats["parsed"] += 1
                stats["on_topic"] += on_topic(article.text, topic) if gate else 1
            entries.append([article, key, rows])
            if n_todo >= task_size or len(entries) >= 8 * task_size:
                flush(entries)
                entries, n_todo = [], 0
                while window and (len(window) > backend.slots or window[0][1] is None
                                  or backend.done(window[0][1])):
                    yield from finish(window.popleft())
        if entries:
            flush(entries)
        while window:
            yield from finish(window.popleft())
    finally:
        backend.close()
