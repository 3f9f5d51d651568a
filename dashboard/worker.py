"""The upload's extraction, in a worker process, so a slow article never blocks the server.

The app starts a `Job` for the files to extract and polls it (a fragment that reruns every
second): the page stays responsive, shows which article is being read, and can cancel.  The worker
loads the model, reads and extracts each file in turn, and reports each result on a queue.  The
extraction has its own time budget (extract/bounds.py); reading does not, so the job also stops an
article that runs past `settings.ARTICLE_SECONDS` plus a margin by killing the worker, reports
that article in one line, and starts a new worker for the rest.

No streamlit here: the spawned worker imports this module.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import queue as queue_mod
import time

KILL_MARGIN = 5.0   # seconds past the budget before the worker is killed (reading has no budget of its own)


def extract_topics(article, topics: list[str | None], nlp) -> list[dict]:
    """The article's rows on each of ``topics`` (None: the default topic), each row naming its topic:
    one parse for all of them (extract_article with a list of topics)."""
    from extract.run.article import extract_article
    names = [t for t in topics if t]
    return extract_article(article, topic=names or None, nlp=nlp)


def _work(items, fallback: str | None, data_dir: str, out, topics: list[str | None] | None = None) -> None:
    """In the worker process: (name, bytes, meta, origin, key) items -> messages on `out`."""
    os.environ["COALITION_DATA_DIR"] = data_dir
    from extract.nlp.parse import load_nlp
    from extract.text.read import read_bytes
    from extract.schema import ArticleError

    out.put(("model",))
    nlp = load_nlp()
    for i, (name, payload, meta, origin, key) in enumerate(items):
        out.put(("start", i))
        try:
            article = read_bytes(name, payload, meta)
            if not article.published and fallback:
                article.published = fallback
            rows = extract_topics(article, topics or [None], nlp)
        except ArticleError as exc:
            out.put(("error", i, str(exc)))
            continue
        except Exception as exc:   # noqa: BLE001 - one bad file must not stop the others
            out.put(("error", i, f"{name}: extraction failed ({type(exc).__name__}: {exc})".replace("\n", " ")))
            continue
        out.put(("done", i, {"name": name, "origin": origin, "article": dataclasses.asdict(article),
                             "rows": rows}))
    out.put(("finished",))


class Job:
    """One upload's extraction.  `poll()` collects what the worker reported; `results` maps each
    item's key to its pending entry, `errors` lists one line per failed file."""

    def __init__(self, items: list[tuple], fallback: str | None, data_dir: str, budget: float,
                 topics: list[str] | None = None):
        self.items = items               # (name, bytes, meta, origin, key)
        self.fallback, self.data_dir, self.budget = fallback, data_dir, budget
        self.topics = list(topics or [None])   # the topics each article is extracted on (None: the default)
        self.results: dict[str, dict] = {}
        self.errors: list[str] = []
        self.finished = False
        self.cancelled = False
        self.loading = True
        self.next = 0                    # index of the first item not reported yet
        self.current: int | None = None
        self.since = time.monotonic()
        self._start(0)

    def _start(self, first: int) -> None:
        ctx = multiprocessing.get_context("spawn")   # no fork of a threaded server
        self.queue = ctx.Queue()
        self.offset = first
        self.proc = ctx.Process(target=_work, daemon=True,
                                args=(self.items[first:], self.fallback, self.data_dir, self.queue, self.topics))
        self.proc.start()
        self.loading, self.current, self.since = True, None, time.monotonic()

    def poll(self) -> None:
        while not self.finished:
            try:
                msg = self.queue.get_nowait()
            except queue_mod.Empty:
                break
            self._take(msg)
        if self.finished:
            return
        now = time.monotonic()
        # one budget per article, whatever the number of topics: they share one parse
        if self.current is not None and self.budget > 0 and now - self.since > self.budget + KILL_MARGIN:
            name = self.items[self.current][0]
            self._stop()
            self.errors.append(f"{name}: stopped after the time budget of {self.budget:g} s "
                               "(setting COALITION_ARTICLE_SECONDS); no rows from this article")
            self._advance(self.current + 1)
        elif not self.proc.is_alive() and self.queue.empty():
            # died without a word (killed, out of memory): the article it was on fails, the rest go on
            at = self.current if self.current is not None else self.next
            if at < len(self.items):
                self.errors.append(f"{self.items[at][0]}: the extraction worker stopped "
                                   f"(exit code {self.proc.exitcode}); no rows from this article")
            self._advance(at + 1)

    def _take(self, msg: tuple) -> None:
        kind = msg[0]
        if kind == "model":
            self.loading = True
        elif kind == "start":
            self.loading, self.current, self.since = False, self.offset + msg[1], time.monotonic()
        elif kind == "done":
            i = self.offset + msg[1]
            self.results[self.items[i][4]] = msg[2]
            self.next, self.current = i + 1, None
        elif kind == "error":
            i = self.offset + msg[1]
            self.errors.append(msg[2])
            self.next, self.current = i + 1, None
        elif kind == "finished":
            self.finished = True
            self.proc.join(timeout=5)

    def _advance(self, first: int) -> None:
        self.next = first
        if first >= len(self.items):
            self.finished = True
        else:
            self._start(first)

    def _stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)

    def cancel(self) -> None:
        self._stop()
        self.cancelled = self.finished = True

    def status(self) -> str:
        total = len(self.items)
        if self.finished:
            return f"Extracted {len(self.results)} of {total} article(s)"
        if self.loading:
            return f"Loading the language model… ({time.monotonic() - self.since:.0f} s)"
        name = self.items[self.current][0] if self.current is not None else ""
        return f"{(self.current or 0) + 1}/{total}: {name} ({time.monotonic() - self.since:.0f} s)"

    def progress(self) -> float:
        return min(1.0, self.next / max(1, len(self.items)))
