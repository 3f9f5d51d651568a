"""The extraction on a Dask cluster (`dask.distributed`).

`DaskBackend` sends batches of articles to an existing cluster (a scheduler
address or a `Client`); each worker runs `pipeline.process_batch`, which loads
the model once per worker process (`parse.load_nlp` keeps it in a module-level
cache) and reuses it for every later batch. `pipeline.extract_stream` keeps a
bounded number of batches in flight and writes rows in input order, so the CSV
is the same as a single-process run's.
"""
from __future__ import annotations

from . import settings


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
        from .pipeline import process_batch
        return self.client.submit(process_batch, articles, *self.args, pure=False)

    def done(self, handle):
        return handle.done()

    def result(self, handle):
        return handle.result()

    def close(self):
        if self.own:
            self.client.close()
