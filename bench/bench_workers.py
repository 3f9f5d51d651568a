"""1 worker against 2 at steady state, back to back, with the machine's load beside each run.

    .venv/bin/python bench/bench_workers.py [--articles 2000] [--repeat 2] [--corpus mixed,dense]

Corpora of --articles articles each, built as bench/bench_scale.py builds them:
  mixed   one article in ten on the topic (bench_scale.mixed_corpus)
  dense   the on-topic test articles (seeds, tests/articles, tests/blind*), cycled to --articles
For each corpus and each repeat, extract_stream runs with workers=1 (this process, the model
already loaded) and then workers=2 (a pool started and warmed before the clock starts: 'steady
state' is the time from the first article sent to the last row back, the model loads excluded).
Printed per run: seconds, words/s, the CPU seconds of this process (the parent's share: what the
workers cannot take over) and of the pool's processes, and the 1-minute load average before the run. The ratio 2 vs 1 is
per repeat (the runs next to each other share the machine's load).
With COALITION_WORKER_SESSIONS=1 the pool's processes run in sessions of their own (settings.py says why).
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import folder_articles, mixed_corpus  # noqa: E402
from extract import settings  # noqa: E402
from extract.nlp.parse import load_nlp  # noqa: E402
from extract.run.backends import Pool  # noqa: E402
from extract.run import stream  # noqa: E402
from extract.topic.topics import load_topics  # noqa: E402


def proc_cpu(pids) -> float:
    """CPU seconds (user + system) the processes have used so far, from /proc/PID/stat."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run(make, topic, workers, nlp, batch_size, pool=None):
    pids = pool.start() if pool is not None else []
    load = os.getloadavg()[0]
    cpu, wcpu, t = time.process_time(), proc_cpu(pids), time.perf_counter()
    rows = [r for _, rs in stream.extract_stream(make(), topic, workers=workers, batch_size=batch_size,
                                                 nlp=nlp, backend=pool) for r in rs]
    return time.perf_counter() - t, time.process_time() - cpu, proc_cpu(pids) - wcpu, load, rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--corpus", default="mixed,dense")
    args = ap.parse_args(argv)
    topic = load_topics(None)
    nlp = load_nlp()
    base = folder_articles(ROOT / "seeds", ROOT / "tests" / "articles")
    dense = folder_articles(ROOT / "seeds", ROOT / "tests" / "articles", *sorted((ROOT / "tests").glob("blind*")))
    corpora = {"mixed": lambda: mixed_corpus(base, args.articles),
               "dense": lambda: itertools.islice(itertools.cycle(dense), args.articles)}
    pool = Pool(2, None, topic, True, args.batch_size)
    pids = pool.start()   # both processes up, the model loaded in each
    list(stream.extract_stream(base[:4], topic, workers=2, backend=pool))
    list(stream.extract_stream(base[:2], topic, nlp=nlp))
    autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
    print(f"{os.cpu_count()} CPUs; batch size {args.batch_size}; thread settings in the pool: "
          + ", ".join(f"{k}={v}" for k, v in sorted(pool.thread_env.items()))
          + f"; sched_autogroup_enabled={autogroup.read_text().strip() if autogroup.exists() else '-'}"
          + f", COALITION_WORKER_SESSIONS={int(settings.WORKER_SESSIONS)} (pool processes "
          + ("in sessions of their own)" if settings.WORKER_SESSIONS else "in this session)"))
    print(f"{'corpus':<7} {'rep':>3} {'workers':>7} {'words':>8} {'seconds':>8} {'words/s':>8} "
          f"{'parent CPU s':>12} {'worker CPU s':>12} {'load':>5} {'2 vs 1':>7}")
    try:
        for name in args.corpus.split(","):
            n_words = sum(len(a.text.split()) for a in corpora[name]())
            for rep in range(args.repeat):
                digests, secs = set(), {}
                for n in (1, 2):
                    s, cpu, wcpu, load, rows = run(corpora[name], topic, n, nlp, args.batch_size, pool if n == 2 else None)
                    digests.add(hashlib.sha256(repr(rows).encode()).hexdigest())
                    secs[n] = s
                    ratio = f"{secs[1] / s:6.2f}x" if n == 2 else ""
                    print(f"{name:<7} {rep:>3} {n:>7} {n_words:>8} {s:>8.2f} {n_words / s:>8.0f} {cpu:>12.2f} "
                          f"{wcpu:>12.2f} {load:>5.2f} {ratio:>7}", flush=True)
                if len(digests) != 1:
                    print(f"{name}: rows differ between 1 and 2 workers!")
    finally:
        pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
