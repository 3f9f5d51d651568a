"""Seconds of read + extract for each generated worst case (tests/hostile_inputs.py).

    .venv/bin/python bench/worst_cases.py [--chars 500000] [--via worker [--budget 5]]
    .venv/bin/python bench/worst_cases.py --markdown

Each case either finishes or fails with a one-line ArticleError; the table says which, and the
warnings the caps of extract/bounds.py left.  --via worker sends each as an upload to the app's warm
worker (dashboard/worker.py), which stops it at --budget seconds (reading included; its watchdog
kills the process only bounds.MARGIN seconds later).  The lateness line says how long past the
budget a stopped article ran at most.  --markdown times the Markdown parser on the runs of markup
that made the old stripper quadratic, at n/4 and n units: linear is about 4x.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=500_000)
    ap.add_argument("--via", choices=["extract", "worker"], default="extract")
    ap.add_argument("--budget", type=float, default=None, help="--via worker: seconds per file (default the setting)")
    ap.add_argument("--markdown", action="store_true", help="time the Markdown parser on runs of markup")
    args = ap.parse_args(argv)
    if args.markdown:
        return _markdown()
    if args.via == "worker":
        return _via_worker(args.chars, args.budget)
    from extract import settings
    from extract.bounds import MARGIN
    from extract.nlp.parse import load_nlp
    from extract.run.article import extract_article
    from extract.text.read import read_bytes
    from extract.schema import ArticleError
    from tests.hostile_inputs import worst_cases

    nlp = load_nlp()
    print(f"budget {settings.ARTICLE_SECONDS:g} s, {settings.MAX_PARSED_TOKENS:,} tokens read per article")
    worst = late = 0.0
    for kind, (name, data) in worst_cases(args.chars).items():
        start = time.perf_counter()
        read = float("nan")
        try:
            article = read_bytes(name, data)
            read = time.perf_counter() - start
            rows = extract_article(article, nlp=nlp)
            outcome = f"{len(rows)} row(s); {len(article.warnings)} warning(s)"
        except ArticleError as exc:
            outcome = f"error: {exc}"[:110]
        secs = time.perf_counter() - start
        worst = max(worst, secs)
        if outcome.startswith("error: ") and "time budget" in outcome:
            late = max(late, secs - (0 if read != read else read) - settings.ARTICLE_SECONDS)
        print(f"{kind:32s} {len(data):>9,} bytes  read {read:5.2f} s  total {secs:6.2f} s  {outcome}", flush=True)
    print(f"slowest: {worst:.2f} s; an article stopped by the budget stopped at most {late:.2f} s after it "
          f"(margin allowed: {MARGIN:g} s)")
    return 0


def _markdown() -> int:
    from extract.text.markdown import to_text
    print("unit                     n      n/4 s    n s  ratio (linear ~4, quadratic ~16)")
    for unit, n in [("**a ", 20_000), ("[", 80_000), ("![", 40_000), ("_a ", 30_000), ("[a](", 20_000),
                    ("<a ", 30_000), ("> " * 50 + "x\n", 1_000)]:
        def secs(k):
            start = time.perf_counter()
            to_text("Title\n\n" + unit * k)
            return time.perf_counter() - start
        small, big = min(secs(n // 4) for _ in range(2)), min(secs(n) for _ in range(2))
        print(f"{unit[:20]!r:22s} {n:>7,}  {small:6.3f}  {big:6.3f}  {big / max(small, 1e-6):5.1f}", flush=True)
    return 0


def _via_worker(chars: int, budget: float | None) -> int:
    import shutil
    import tempfile
    import time as time_mod
    from dashboard.worker import Job, Worker
    from extract import settings
    from tests.hostile_inputs import worst_cases
    budget = settings.ARTICLE_SECONDS if budget is None else budget
    data_dir = Path(tempfile.mkdtemp(prefix="worst-")) / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns(".lock", ".cache"))
    worker = Worker(str(data_dir))
    print(f"via the app's worker, watchdog at {budget:g} s")
    worst = 0.0
    try:
        for kind, (name, data) in worst_cases(chars).items():
            job = Job([(name, data, None, "upload", "k")], None, str(data_dir), budget, worker=worker)
            while not job.finished:
                time_mod.sleep(0.005)
            secs = time_mod.monotonic() - job.since   # from when the worker got the file
            worst = max(worst, secs)
            outcome = (f"error: {job.errors[0]}" if job.errors else
                       f"{len(job.results['k']['rows'])} row(s); {len(job.results['k']['article']['warnings'])} warning(s)")
            print(f"{kind:32s} {len(data):>9,} bytes  total {secs:6.2f} s  {outcome[:120]}", flush=True)
    finally:
        worker.close()
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    print(f"slowest: {worst:.2f} s; {worker.starts - 1} restart(s) after the watchdog")
    return 0


if __name__ == "__main__":
    sys.exit(main())
