"""Many articles -> rows in input order: cache, gate, and a backend (serial, pool or Dask)."""
from __future__ import annotations

from spacy.language import Language

from ..schema import ArticleError
from ..topic.gate import on_topic
from ..topic.topics import load_topics
from .backends import DaskBackend, Pool, Serial


def extract_stream(articles, topic=None, model: str | None = None, *, gate: bool = True,
                   cache=None, workers: int = 1, scheduler=None, batch_size: int = 16,
                   nlp: Language | None = None, stats: dict | None = None, backend=None):
    """(article, rows) for each article, in input order, the same rows as `extract_articles`.

    topic      one topic or several (`topics.load_topics`: a list, "a,b", "all"), read from one parse
    cache      a `cache.RowCache` (or None): articles seen before with the same extractor are not parsed
    workers    processes in a local pool (1: this process)
    scheduler  a Dask scheduler address or `distributed.Client`: the batches run on that cluster
    Memory stays bounded: at most a few batches are in flight, rows go out as soon as their turn comes.
    `stats` (a dict) receives counts: articles, cached, parsed (sent to the extractor), on_topic.
    `backend`: a `backends.Pool` made before (its processes already up), used and left open."""
    from collections import deque
    from .cache import article_key

    topic = load_topics(topic)
    own = backend is None
    if not own:
        pass   # the caller's pool, already started
    elif scheduler is not None:
        backend = DaskBackend(scheduler, model, topic, gate, batch_size)
    elif workers > 1:
        backend = Pool(workers, model, topic, gate, batch_size)
    else:
        backend = Serial(nlp, model, topic, gate, batch_size)
    stats = stats if stats is not None else {}
    for k in ("articles", "cached", "parsed", "on_topic"):
        stats.setdefault(k, 0)
    task_size = batch_size if not isinstance(backend, Serial) else 4 * batch_size
    window: deque = deque()     # [entries, handle]; entries: [article, key, rows or None, warnings read]

    def flush(entries):
        todo = [e[0] for e in entries if e[2] is None]
        window.append([entries, backend.submit(todo) if todo else None])

    def finish(item):
        entries, handle = item
        if handle is not None:
            results = iter(backend.result(handle))
            for e in entries:
                if e[2] is None:
                    e[2], warnings = next(results)
                    e[0].warnings[:] = warnings   # a pool or Dask worker extracted a copy of the article
                    if cache is not None and not isinstance(e[2], ArticleError):
                        cache.put(e[1], e[2], warnings[e[3]:])   # the extraction's, after the reading's
        for article, _, rows, _ in entries:
            yield article, rows

    try:
        entries: list = []
        n_todo = 0
        for article in articles:
            stats["articles"] += 1
            key = article_key(article) if cache is not None else None
            entry = cache.get_entry(key) if cache is not None else None
            rows = None
            if entry is not None:
                rows = entry[0]
                article.warnings += entry[1]   # the caps' warnings, as when it was extracted
                stats["cached"] += 1
            else:
                n_todo += 1
                stats["parsed"] += 1
                stats["on_topic"] += any(on_topic(article.text, t) for t in topic) if gate else 1
            entries.append([article, key, rows, len(article.warnings)])
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
        if own:
            backend.close()
