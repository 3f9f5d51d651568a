"""Where batches of articles run: in this process, in a pool of processes, or on a Dask cluster.

Each backend has `slots` (batches in flight), `submit(articles)`, `done(handle)`, `result(handle)`
(a (rows, warnings) pair per article) and `close()`. A pool process or Dask worker runs `process_batch`, which loads the model once per
process (`nlp.parse.load_nlp` keeps it) and reuses it for every later batch.
"""
from __future__ import annotations

import os

from .. import settings
from ..nlp.parse import load_nlp
from ..schema import Article
from ..topic.topics import Topic
from .article import extract_articles


def process_batch(articles: list[Article], topic: tuple[Topic, ...], model: str | None = None, gate: bool = True,
                  batch_size: int = 16, data_dir: str | None = None) -> list[tuple[list[dict], list[str]]]:
    """(rows, warnings) for each article of a batch, in order: the task a pool process or Dask worker
    runs. The warnings are the article's after extraction (the caps add theirs): the article here is
    a copy, so they go back with the rows.

    The model is loaded once per process (`load_nlp` keeps it) and reused by every later batch."""
    if data_dir is not None:
        os.environ["COALITION_DATA_DIR"] = data_dir
    nlp = load_nlp(model)
    return [(rows, a.warnings) for a, rows in extract_articles(articles, topic, nlp, batch_size=batch_size, gate=gate)]


def _warm(model: str | None, data_dir: str | None) -> None:
    """Pool initializer: load the model once, when the process starts; in a session of its own
    when the setting asks for it (`settings.WORKER_SESSIONS`: see there why)."""
    if settings.WORKER_SESSIONS:
        os.setsid()
    if data_dir is not None:
        os.environ["COALITION_DATA_DIR"] = data_dir
    load_nlp(model)


def _pid(_) -> int:
    """A task that only says which process ran it (`Pool.start`)."""
    return os.getpid()


class Serial:
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
        return [(rows, a.warnings) for a, rows in extract_articles(handle, self.topic, self.nlp, self.batch_size, self.gate)]

    def close(self):
        pass


# One thread of BLAS/OpenMP per pool process: the processes are the parallelism, and N processes each
# starting a thread per core would fight over the cores. Read by numpy and thinc when they are first
# imported, so set in the environment the spawned processes start with.
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
              "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


class Pool:
    """N processes (spawned, so no state is shared by fork), each loading the model once and
    running one thread (`THREAD_ENV`)."""

    def __init__(self, workers, model, topic, gate, batch_size):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        data_dir = str(settings.data_dir())
        self.thread_env = {k: os.environ.get(k, "1") for k in THREAD_ENV}   # a setting the user made stays
        os.environ.update(self.thread_env)   # a spawned process inherits the environment of the spawn
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm, initargs=(model, data_dir))
        self.args = (topic, model, gate, batch_size, data_dir)
        self.workers = workers
        self.slots = 2 * workers

    def start(self) -> list[int]:
        """Start every process now and wait until each has loaded the model; their process ids.
        (The executor starts a process only when a task finds none idle, so a pool that has seen one
        task has one process, and the next would load the model while the clock runs.)"""
        futures = [self.pool.submit(_pid, i) for i in range(self.workers)]
        while len(self.pool._processes) < self.workers:   # a task done fast leaves the next to an idle one
            futures.append(self.pool.submit(_pid, 0))
        for f in futures:
            f.result()
        return list(self.pool._processes)

    def submit(self, articles):
        return self.pool.submit(process_batch, articles, *self.args)

    def done(self, handle):
        return handle.done()

    def result(self, handle):
        return handle.result()

    def close(self):
        self.pool.shutdown(cancel_futures=True)


class DaskBackend:
    def __init__(self, scheduler, model, topic, gate, batch_size):
        from distributed import Client
        if isinstance(scheduler, Client):
            self.client, self.own = scheduler, False
        else:
            self.client, self.own = Client(scheduler), True
        n = max(1, sum(self.client.nthreads().values()))
        self.slots = 2 * n
        self.args = (topic, model, gate, batch_size, str(settings.data_dir()))

    def submit(self, articles):
        return self.client.submit(process_batch, articles, *self.args, pure=False)

    def done(self, handle):
        return handle.done()

    def result(self, handle):
        return handle.result()

    def close(self):
        if self.own:
            self.client.close()
