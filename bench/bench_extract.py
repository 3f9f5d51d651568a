"""Throughput and memory of the whole extraction next to a plain spaCy pass.

    .venv/bin/python bench/bench_extract.py [--words 50000] [--batch-size 16] [--no-tracemalloc]

Corpus: the real news texts of tests/real/texts/ (git-ignored: dense, on-topic
copy, where the statement gate lets most of the text through) when they are there,
else (or with --corpus synthetic) seeds/*.txt and tests/articles/*.txt; repeated
(file by file, in order) until it holds at least --words words.  Three timed passes over it:

  extraction  read the file + parse with the project's pipeline + rows
              (extract.text.read.read_path -> extract.run.article.extract_articles)
  plain       nlp.pipe of spacy.load(settings.MODEL) with no extra component,
              over the same article texts (already read)
  windows     the project's pipeline alone over the statement windows the extraction parses
              (no rules): the part of the extraction's time the model takes, its floor
  traced      the extraction again under tracemalloc, for its peak of Python
              allocations (tracemalloc slows it, so it is not timed)

Each pass reports wall seconds and the CPU seconds of this process: on a machine shared with other
jobs the CPU seconds are the steadier measure (the wall time grows with the others' load, printed
beside it as the 1-minute load average).

Peak RSS (resource.getrusage ru_maxrss) is the process's high-water mark after
each pass, so it only ever grows; the model loads happen before any pass.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from extract import settings  # noqa: E402
from extract.nlp.parse import load_nlp  # noqa: E402
from extract.run.article import extract_articles  # noqa: E402
from extract.text.read import load_manifest, read_path  # noqa: E402
from extract.topic.topics import load_topic  # noqa: E402
from extract.topic.gate import statement_windows  # noqa: E402

SYNTHETIC = [(ROOT / "seeds", ROOT / "seeds" / "manifest.csv"),
              (ROOT / "tests" / "articles", ROOT / "tests" / "articles" / "manifest.csv")]
REAL = [(ROOT / "tests" / "real" / "texts", ROOT / "tests" / "real" / "texts" / "manifest.csv")]
SOURCES = SYNTHETIC


def words(text: str) -> int:
    return len(text.split())


def corpus(min_words: int) -> list[tuple[Path, dict | None, int]]:
    """(path, manifest entry, words) repeated until the total reaches min_words."""
    base = []
    for folder, manifest in SOURCES:
        meta = load_manifest(manifest) if manifest.is_file() else {}
        for path in sorted(folder.glob("*.txt")):
            base.append((path, meta.get(path.stem), words(read_path(path, meta.get(path.stem)).text)))
    if not base or not sum(n for *_, n in base):
        sys.exit(f"bench: no articles found in {', '.join(str(f) for f, _ in SOURCES)}")
    out, total = [], 0
    while total < min_words:
        for item in base:
            out.append(item)
            total += item[2]
            if total >= min_words:
                break
    return out


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_extraction(items, topic, nlp, batch_size) -> int:
    articles = (read_path(path, meta) for path, meta, _ in items)
    n_rows = 0
    for _article, rows in extract_articles(articles, topic, nlp, batch_size=batch_size):
        n_rows += len(rows)
    return n_rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=50_000, help="minimum corpus size in words (default 50000)")
    ap.add_argument("--batch-size", type=int, default=16, help="spaCy batch size for both passes (default 16)")
    ap.add_argument("--no-tracemalloc", action="store_true", help="skip the traced pass")
    ap.add_argument("--corpus", choices=["real", "synthetic"], default=None,
                    help="real: tests/real/texts (the default when present); synthetic: seeds + tests/articles")
    args = ap.parse_args(argv)
    global SOURCES
    has_real = any(REAL[0][0].glob("*.txt"))
    if args.corpus == "real" and not has_real:
        sys.exit("bench: tests/real/texts holds no texts")
    SOURCES = REAL if (args.corpus or ("real" if has_real else "synthetic")) == "real" else SYNTHETIC

    items = corpus(args.words)
    n_words = sum(n for *_, n in items)
    n_unique = len({p for p, *_ in items})
    print(f"corpus: {', '.join(str(f.relative_to(ROOT)) for f, _ in SOURCES)}: {len(items)} articles ({n_unique} distinct files), {n_words} words; "
          f"model {settings.MODEL} (spaCy {spacy.__version__}); batch size {args.batch_size}")
    rss_start = maxrss_mb()

    t = time.perf_counter()
    nlp = load_nlp()
    topic = load_topic(None)
    load_project = time.perf_counter() - t
    t = time.perf_counter()
    plain_nlp = spacy.load(settings.MODEL)
    load_plain = time.perf_counter() - t
    rss_loaded = maxrss_mb()
    print(f"model load: project pipeline {load_project:.2f}s ({', '.join(nlp.pipe_names)}); "
          f"plain {load_plain:.2f}s ({', '.join(plain_nlp.pipe_names)})")

    # warm-up: one article through each, so neither pass pays first-call costs
    run_extraction(items[:1], topic, nlp, args.batch_size)
    list(plain_nlp.pipe([read_path(items[0][0], items[0][1]).text]))

    load = os.getloadavg()[0]
    t, c = time.perf_counter(), time.process_time()
    n_rows = run_extraction(items, topic, nlp, args.batch_size)
    secs_extract, cpu_extract = time.perf_counter() - t, time.process_time() - c
    rss_extract = maxrss_mb()

    texts = [read_path(path, meta).text for path, meta, _ in items]
    t, c = time.perf_counter(), time.process_time()
    for _doc in plain_nlp.pipe(texts, batch_size=args.batch_size):
        pass
    secs_plain, cpu_plain = time.perf_counter() - t, time.process_time() - c
    rss_plain = maxrss_mb()

    windows = [text[s:e] for text in texts for s, e in statement_windows(text, topic)]
    t, c = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(windows, batch_size=args.batch_size):
        pass
    secs_windows, cpu_windows = time.perf_counter() - t, time.process_time() - c
    load_end = os.getloadavg()[0]

    traced_peak = None
    if not args.no_tracemalloc:
        tracemalloc.start()
        run_extraction(items, topic, nlp, args.batch_size)
        traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

    wps_extract = n_words / secs_extract
    wps_plain = n_words / secs_plain
    print()
    print(f"{'pass':<12} {'words':>8} {'seconds':>8} {'words/s':>9} {'CPU s':>7} {'words/CPU s':>11} {'peak RSS MB':>12}")
    for label, secs, cpu, rss in (("extraction", secs_extract, cpu_extract, rss_extract),
                                  ("plain spaCy", secs_plain, cpu_plain, rss_plain),
                                  ("windows", secs_windows, cpu_windows, maxrss_mb())):
        print(f"{label:<12} {n_words:>8} {secs:>8.2f} {n_words / secs:>9.0f} {cpu:>7.2f} {n_words / cpu:>11.0f} {rss:>12.0f}")
    print()
    print(f"extraction / plain throughput: {wps_extract / wps_plain:.2f} wall, {cpu_plain / cpu_extract:.2f} CPU "
          f"(the extraction costs {secs_extract / secs_plain:.2f}x the plain parse); load {load:.2f} -> {load_end:.2f}")
    print(f"statement windows: {sum(map(len, windows)) / sum(map(len, texts)):.0%} of the characters; the model over "
          f"them alone takes {cpu_windows / cpu_extract:.0%} of the extraction's CPU time (the rest is the rules)")
    print(f"rows extracted: {n_rows}")
    print(f"peak RSS: {rss_start:.0f} MB at start, {rss_loaded:.0f} MB after loading both models")
    if traced_peak is not None:
        print(f"tracemalloc peak during the extraction: {traced_peak:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
