"""The uploads' extraction, in one warm worker process per server, under a watchdog.

The server starts one `Worker` (`shared`) when the app first loads: a spawned process that loads
the model once and then reads and extracts the files it is sent, one at a time, for every session.
A thread of the server (the watchdog) feeds it, collects its answers, and kills it when a file
takes longer than the time budget (`settings.ARTICLE_SECONDS`, reading and extraction together):
that file fails with one line saying which file and in which step, and a fresh worker (a new
model load) takes the next file.  The worker only computes and answers on a queue, so a kill
leaves nothing half-written; rows are stored later, by the session, under the data lock.

A session's upload is a `Job`: its files wait in the worker's queue (the jobs of several sessions
take turns, a file each), and the session's page polls it without blocking (the server's script
thread never waits for the worker).

No streamlit here: the spawned worker imports this module.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import queue as queue_mod
import threading
import time

WARM_TEXT = ("PARIS, 3 March 2025 - President Emmanuel Macron said France was ready to send troops "
             "to Ukraine as part of a reassurance force after a ceasefire.")
STEPS = {"read": "reading the file", "extract": "extracting positions"}


def _serve(inbox, outbox, data_dir: str) -> None:
    """In the worker process: load the model once, then answer (task id, file) messages for ever."""
    os.environ["COALITION_DATA_DIR"] = data_dir
    from extract import settings
    from extract.nlp.parse import load_nlp
    from extract.run.article import extract_article
    from extract.schema import Article, ArticleError
    from extract.text.read import read_bytes

    nlp = load_nlp()
    extract_article(Article(article_id="warm-up", text=WARM_TEXT), nlp=nlp)   # topic, tables, word lists
    outbox.put(("ready", os.getpid()))
    parent = os.getppid()
    while True:
        try:
            task = inbox.get(timeout=2)
        except queue_mod.Empty:
            if os.getppid() != parent:   # the server died without stopping us: go too
                return
            continue
        if task is None:
            return
        tid, name, payload, meta, fallback, budget, topics = task
        settings.ARTICLE_SECONDS = budget   # the extractor's own check; the watchdog is the hard limit
        try:
            outbox.put(("step", tid, "read"))
            article = read_bytes(name, payload, meta)
            if not article.published and fallback:
                article.published = fallback
            outbox.put(("step", tid, "extract"))
            # every chosen topic from one parse; each row names its topic (None: the default topic)
            rows = extract_article(article, topic=[t for t in topics if t] or None, nlp=nlp)
        except ArticleError as exc:
            outbox.put(("error", tid, str(exc)))
            continue
        except Exception as exc:   # noqa: BLE001 - one bad file must not stop the others
            outbox.put(("error", tid, f"{name}: extraction failed ({type(exc).__name__}: {exc})".replace("\n", " ")))
            continue
        outbox.put(("done", tid, {"article": dataclasses.asdict(article), "rows": rows}))


class Worker:
    """One warm extraction process, its watchdog thread, and the files waiting for it."""

    def __init__(self, data_dir: str):
        self.data_dir = str(data_dir)
        self.lock = threading.RLock()
        self.jobs: list[Job] = []          # jobs with files still to send, in turn
        self.current: tuple | None = None  # (job, index, sent at) of the file the process is on
        self.starts = 0                    # processes started: 1, plus one per restart
        self.pid: int | None = None        # of the process once its model is loaded
        self.closed = False
        self.broken = False                # the process died before its model was loaded
        self.wanted = False                # files were submitted since (so start it again)
        self.stop = False                  # the file the process is on was cancelled
        self._tid = 0
        self._spawn()
        self.thread = threading.Thread(target=self._watch, name="coalition-extract-watchdog", daemon=True)
        self.thread.start()

    @property
    def ready(self) -> bool:
        return self.pid is not None

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")   # no fork of a threaded server
        self.inbox, self.outbox = ctx.Queue(), ctx.Queue()
        self.proc = ctx.Process(target=_serve, args=(self.inbox, self.outbox, self.data_dir), daemon=True,
                                name="coalition-extract")
        self.proc.start()
        self.starts += 1
        self.pid = None

    def submit(self, job: Job) -> None:
        with self.lock:
            self.jobs.append(job)
            self.wanted = True

    def cancel(self, job: Job) -> None:
        """Drop a job's waiting files; if the process is on one of them, it is stopped (a new one starts).
        The watchdog thread does the stopping: it alone reads and replaces the queues."""
        with self.lock:
            if job in self.jobs:
                self.jobs.remove(job)
            if self.current is not None and self.current[0] is job:
                self.current = None
                self.stop = True

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self._kill()

    def _kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=10)
        for q in (self.inbox, self.outbox):   # a dead reader's queues: never wait on their feeder threads
            q.cancel_join_thread()
            q.close()

    def _restart(self) -> None:
        self._kill()
        self._spawn()

    def _watch(self) -> None:
        while not self.closed:
            try:
                msg = self.outbox.get(timeout=0.05)   # also how often the budget is looked at
            except (queue_mod.Empty, OSError, ValueError):   # OSError/ValueError: a queue closed by a restart
                msg = None
            with self.lock:
                if self.closed:
                    return
                if msg is not None:
                    self._take(msg)
                self._check()
                self._feed()

    def _take(self, msg: tuple) -> None:
        kind = msg[0]
        if kind == "ready":
            self.pid = msg[1]
            return
        if self.current is None or msg[1] != self.current[3]:
            return   # about a file that was cancelled meanwhile
        job, i = self.current[0], self.current[1]
        if kind == "step":
            job.step = msg[2]
        elif kind == "done":
            job.results[job.items[i][4]] = {"name": job.items[i][0], "origin": job.items[i][3], **msg[2]}
            self._finish_file(job)
        elif kind == "error":
            job.errors.append(msg[2])
            self._finish_file(job)

    def _check(self) -> None:
        """The watchdog: a file past its budget, or a process that died, fails in one line."""
        if self.stop:   # a cancelled file
            self.stop = False
            self._restart()
            return
        if self.broken and self.wanted:   # files again after a failed start: try once more
            self.broken = False
            self._restart()
            return
        if self.current is not None:
            job, i, sent, _ = self.current
            name = job.items[i][0]
            if job.budget > 0 and time.monotonic() - sent > job.budget:
                self._kill()
                job.errors.append(f"{name}: stopped after the time budget of {job.budget:g} s while "
                                  f"{STEPS.get(job.step, job.step)} (setting COALITION_ARTICLE_SECONDS); "
                                  "no rows from this article")
                self._finish_file(job)   # said before the new process starts (starting one takes a while)
                self._spawn()
                return
        if not self.proc.is_alive() and not self.broken:
            code = self.proc.exitcode
            if self.current is not None:
                job, i = self.current[:2]
                job.errors.append(f"{job.items[i][0]}: the extraction worker stopped (exit code {code}) while "
                                  f"{STEPS.get(job.step, job.step)}; no rows from this article")
                self._finish_file(job)
            elif not self.ready:   # died loading the model: say so to every waiting job, start again on demand
                for job in self.jobs:
                    job.errors += [f"{item[0]}: the extraction worker could not start (exit code {code}); "
                                   "not extracted" for item in job.items[job.next:]]
                    job.next, job.finished = len(job.items), True
                self.jobs.clear()
                self.broken, self.wanted = True, False
                return
            self._restart()

    def _finish_file(self, job: Job) -> None:
        job.next += 1
        job.current = None
        self.current = None
        if job.next >= len(job.items):
            job.finished = True

    def _feed(self) -> None:
        """Send the next file when the process is idle: each waiting job's next file in turn."""
        if self.current is not None or not self.ready or not self.jobs:
            return
        job = self.jobs.pop(0)
        i = job.next
        if i >= len(job.items):
            job.finished = True
            return
        if i + 1 < len(job.items):
            self.jobs.append(job)   # its next file after the other sessions' next ones
        self._tid += 1
        name, payload, meta, _, _ = job.items[i]
        self.inbox.put((self._tid, name, payload, meta, job.fallback, job.budget, job.topics))
        job.current, job.step, job.since = i, "read", time.monotonic()
        self.current = (job, i, time.monotonic(), self._tid)


_shared: dict[str, Worker] = {}
_shared_lock = threading.Lock()


def shared(data_dir: str) -> Worker:
    """The server's worker for `data_dir`, started on the first call (the model loads then, in it).

    One data folder per server; a call for another folder (a test's) replaces the worker, since the
    model's leader patterns come from the folder's actors table."""
    data_dir = str(data_dir)
    with _shared_lock:
        w = _shared.get("worker")
        if w is None or w.closed or w.data_dir != data_dir or not w.thread.is_alive():
            if w is not None:
                w.close()
            w = _shared["worker"] = Worker(data_dir)
        return w


class Job:
    """One upload's extraction: `results` maps each item's key to its pending entry, `errors` lists one
    line per failed file.  The worker's watchdog thread fills them; `poll()` is kept for the page."""

    def __init__(self, items: list[tuple], fallback: str | None, data_dir: str, budget: float,
                 worker: Worker | None = None, topics: list[str] | None = None):
        self.items = items               # (name, bytes, meta, origin, key)
        self.fallback, self.budget = fallback, budget
        # the topics each article is extracted on (None: the default); one budget per article,
        # whatever their number: they share one parse
        self.topics = list(topics or [None])
        self.results: dict[str, dict] = {}
        self.errors: list[str] = []
        self.finished = not items
        self.cancelled = False
        self.next = 0                    # files answered so far
        self.current: int | None = None  # the file the worker is on
        self.step = "read"
        self.since = time.monotonic()
        self.worker = worker or shared(data_dir)
        self.worker.submit(self)

    def poll(self) -> None:
        """Nothing to do: the watchdog thread collects the answers (kept so the page's code reads plainly)."""

    def cancel(self) -> None:
        self.worker.cancel(self)
        self.cancelled = self.finished = True

    def status(self) -> str:
        total = len(self.items)
        with self.worker.lock:
            if self.finished:
                return f"Extracted {len(self.results)} of {total} article(s)"
            if self.current is None:
                if not self.worker.ready:
                    return "Loading the language model…"
                return "Waiting for another session's extraction to finish a file…"
            return (f"{self.current + 1}/{total}: {self.items[self.current][0]}, {STEPS[self.step]} "
                    f"({time.monotonic() - self.since:.0f} s)")

    def progress(self) -> float:
        return min(1.0, self.next / max(1, len(self.items)))
