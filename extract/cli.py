"""python -m extract INPUT... -o OUT.csv [--manifest M.csv] [--topic NAME] [--model NAME]

Reads files or folders of .txt/.md/.html articles and writes the tidy table.
Bad inputs are reported one line each and skipped; the exit code is 1 if any
failed. OUT is written whole or not at all (temp file, then rename).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

from . import settings
from .parse import load_nlp
from .pipeline import extract_articles
from .read import iter_input_paths, load_manifest, read_path
from .schema import COLUMNS, ArticleError
from .topics import load_topic


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="python -m extract", description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="article files or folders (.txt, .md, .html, .htm)")
    ap.add_argument("-o", "--output", required=True, help="CSV to write (replaced whole)")
    ap.add_argument("--manifest", help="CSV keyed by article_id with title, outlet, url, published")
    ap.add_argument("--topic", default=None, help=f"topic file in data/topics (default {settings.DEFAULT_TOPIC})")
    ap.add_argument("--model", default=None, help=f"spaCy model (default {settings.MODEL}; env COALITION_MODEL)")
    ap.add_argument("--quiet", action="store_true", help="no per-article progress")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    failures: list[str] = []
    try:
        topic = load_topic(args.topic)
        manifest = load_manifest(args.manifest) if args.manifest else {}
        nlp = load_nlp(args.model)
    except (ArticleError, ValueError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    paths = list(iter_input_paths(args.inputs))
    total = len(paths)

    def articles():
        for n, (path, err) in enumerate(paths, 1):
            if err is None:
                try:
                    article = read_path(path, manifest.get(Path(path).stem))
                except ArticleError as e:
                    err = e
            if err is not None:
                failures.append(str(err))
                say(f"[{n}/{total}] FAILED {err}")
                continue
            for w in article.warnings:
                say(f"[{n}/{total}] warning: {article.name or path}: {w}")
            yield article

    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    n_articles = n_rows = 0
    start = time.perf_counter()
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, COLUMNS)
            writer.writeheader()
            for article, rows in extract_articles(articles(), topic, nlp):
                n_articles += 1
                n_rows += len(rows)
                writer.writerows(rows)
                say(f"[{n_articles + len(failures)}/{total}] {article.article_id}: {len(rows)} row(s)")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    secs = time.perf_counter() - start
    print(f"read {n_articles} article(s), wrote {n_rows} row(s) to {out} in {secs:.1f}s; "
          f"{len(failures)} failed", file=sys.stderr)
    for f in failures:
        print(f"  failed: {f}", file=sys.stderr)
    return 1 if failures else 0
