"""Article -> rows of the tidy table. The command line and the app both call `extract_article`."""
from __future__ import annotations

import time

from spacy.language import Language

from .. import settings
from ..actors.table import fold, load_table, strip_honorifics
from ..attribution.window import ArticleContext, window_statements
from ..judge.consolidate import consolidate
from ..judge.rows import to_row
from ..nlp.parse import load_nlp
from ..schema import Actor, Article, ArticleError
from ..topic.gate import statement_windows
from ..bounds import Budget, read_parts
from ..topic.topics import Topic, load_topic


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
    `budget` (run.bounds.Budget) is checked between the parses of a long article."""
    budget = budget or Budget(article)
    try:
        table = load_table(str(settings.data_dir()))
        whole = ArticleContext(article, table, topic)
        last = windows[-1][0 if callable(windows[-1][1]) else 1] if windows else 0
        named = people_named(nlp, article.text[:last], article.published) if last else []
        budget.check()   # the windows and the names before them take time on a long text too
        rows = []
        for d, offset in windows:
            if callable(offset):
                budget.check()
                d, offset = offset(), d
            statements, spans = window_statements(d, article, topic, whole, offset,
                                                  tuple(a for end, a in named if end <= offset), budget)
            ents_by_sent: dict[int, list] = {}
            for ent in d.ents:
                ents_by_sent.setdefault(ent.sent.start, []).append(ent)
            rows += [to_row(st, article, topic, spans, ents_by_sent) for st in statements]
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
        start = time.monotonic()
        windows = statement_windows(a.text, topic)   # none: no topic term, so no rows and no parse
        chunk.append((a, windows, time.monotonic() - start))   # finding them counts in the article's budget
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
    for article, ws, gate_seconds in chunk:
        budget = Budget(article)
        budget.spend(gate_seconds)
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
