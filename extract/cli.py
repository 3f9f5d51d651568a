"""python -m extract INPUT... -o OUT.csv [--manifest M.csv] [--topic NAME[,NAME...]|all] [--model NAME]
       [--workers N | --scheduler ADDRESS] [--cache DIR | --no-cache] [--no-gate]

Reads files or folders of .txt/.md/.html articles and writes the tidy table.
Bad inputs are reported one line each and skipped; the exit code is 1 if any
failed. OUT is written whole or not at all (temp file, then rename).
Several topics (--topic a,b or --topic all) are extracted in one pass: each
article is parsed once, and each row says its topic. Every topic file is
checked before any article is read.

At scale: articles with no topic term skip the full spaCy pipeline (the gate;
--no-gate turns it off, same rows); rows of articles already extracted by the
same extractor version come from the cache (default .cache/extract beside
OUT); --workers N runs N processes; --scheduler sends the work to a Dask
cluster. The rows and their order are the same in every mode.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

from . import catalogue, settings
from .run.cache import RowCache, extractor_version
from .run.stream import extract_stream
from .text.read import iter_input_paths, load_manifest, read_inputs
from .schema import COLUMNS, ArticleError
from .io.store import StoreError, add_article_rows, check_folder, tidy
from .topic.topics import load_topics


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="python -m extract", description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="article files or folders (.txt, .md, .html, .htm)")
    dest = ap.add_mutually_exclusive_group(required=True)
    dest.add_argument("-o", "--output", help="CSV to write (replaced whole)")
    dest.add_argument("--add-to", metavar="DATA_DIR",
                      help="add the articles and their rows to a data folder (positions.csv + articles.csv), as "
                           "the dashboard does; an article already there has its rows replaced and its registry entry "
                           "refreshed (title, outlet, url, published), others are kept")
    ap.add_argument("--manifest", help="CSV keyed by article_id with title, outlet, url, published")
    ap.add_argument("--topic", default=None,
                    help=f"topic(s) in data/topics, comma-separated, or 'all', or a path to a .toml topic file "
                         f"(default {settings.DEFAULT_TOPIC}; list them: python -m extract.topics list)")
    ap.add_argument("--model", default=None, help=f"spaCy model (default {settings.MODEL}; env COALITION_MODEL)")
    ap.add_argument("--quiet", action="store_true", help="no per-article progress")
    ap.add_argument("--workers", type=int, default=1, help="processes to run (default 1; each loads the model once)")
    ap.add_argument("--scheduler", default=None, help="Dask scheduler address (e.g. tcp://host:8786): run on that cluster")
    ap.add_argument("--cache", default=None, help="row cache folder (default .cache/extract beside OUT)")
    ap.add_argument("--no-cache", action="store_true", help="neither read nor write the row cache")
    ap.add_argument("--no-gate", action="store_true", help="run the full pipeline on every article (same rows, slower)")
    ap.add_argument("--batch-size", type=int, default=16, help="articles per spaCy batch / per task (default 16)")
    ap.add_argument("--disable-rule", action="append", default=[], metavar="NAME",
                    help="switch a rule off (repeatable; env COALITION_DISABLE_RULES=a,b; list: python -m extract.catalogue)")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        return _main(args)
    except (StoreError, OSError, TimeoutError) as err:
        # a data-folder or output problem outside any one article: one line, never a traceback
        print(f"error: {err}", file=sys.stderr)
        return 2


def _main(args) -> int:
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    failures: list[str] = []
    try:
        catalogue.disable(args.disable_rule)
        tidy(settings.data_dir())   # what a killed add left there goes whenever the folder is opened
        topic = load_topics(args.topic)   # every file checked before any article is read
        manifest = load_manifest(args.manifest) if args.manifest else {}
        if args.workers < 1:
            raise ValueError("--workers must be at least 1")
        if args.scheduler and args.workers > 1:
            raise ValueError("--workers and --scheduler do not go together (the cluster has its own workers)")
        # The model loads when the first article needs it (not at all when every row comes from the
        # cache); here only check it is installed. A cluster's workers have their own.
        if not args.scheduler:
            _check_model(args.model)
            _check_tables()
        if args.add_to:
            check_folder(args.add_to)   # refuse a damaged folder before extracting anything
    except (ArticleError, ValueError, RuntimeError, StoreError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    read_warnings: dict[int, int] = {}   # warnings said when read; the extraction's come after them
    listed = list(iter_input_paths(args.inputs))   # paths only, for the progress count
    total = len(listed)

    def articles():
        for n, (path, got) in enumerate(read_inputs(listed, manifest), 1):
            if isinstance(got, ArticleError):
                failures.append(str(got))
                say(f"[{n}/{total}] FAILED {got}")
                continue
            for w in got.warnings:
                say(f"[{n}/{total}] warning: {got.name or path}: {w}")
            read_warnings[id(got)] = len(got.warnings)
            yield got

    out = Path(args.output) if args.output else Path(args.add_to) / "positions.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    cache = None
    if not args.no_cache:
        cache_dir = Path(args.cache) if args.cache else out.parent / ".cache" / "extract"
        cache = RowCache(cache_dir, extractor_version(tuple(t.file for t in topic), args.model))
    stats: dict = {}

    def extracted():
        """(article, rows) of the articles extracted whole; a failure is counted and said."""
        stream = extract_stream(articles(), topic, args.model, gate=not args.no_gate, cache=cache,
                                workers=args.workers, scheduler=args.scheduler, batch_size=args.batch_size,
                                stats=stats)
        done = 0
        for article, rows in stream:
            if isinstance(rows, ArticleError):
                failures.append(str(rows))
                say(f"[{done + len(failures)}/{total}] FAILED {rows}")
                continue
            done += 1
            for w in article.warnings[read_warnings.pop(id(article), 0):]:   # the caps of extract/bounds.py
                say(f"[{done + len(failures)}/{total}] warning: {article.name or article.article_id}: {w}")
            yield done + len(failures), article, rows

    if args.add_to:
        return _add_to(Path(args.add_to), extracted(), failures, total, say, [t.name for t in topic])
    _remove_dead_temps(out)
    # the pid in the name tells a later run whether the writer is still alive (see _remove_dead_temps)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp", dir=out.parent)
    n_articles = n_rows = 0
    start = time.perf_counter()
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, COLUMNS)
            writer.writeheader()
            for n, article, rows in extracted():
                n_articles += 1
                n_rows += len(rows)
                writer.writerows(rows)
                say(f"[{n}/{total}] {article.article_id}: {len(rows)} row(s)")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    secs = time.perf_counter() - start
    print(f"read {n_articles} article(s), wrote {n_rows} row(s) to {out} in {secs:.1f}s; "
          f"{len(failures)} failed", file=sys.stderr)
    mode = f"Dask {args.scheduler}" if args.scheduler else f"{args.workers} worker(s)"
    print(f"  {stats.get('cached', 0)} from the cache, {stats.get('parsed', 0)} extracted "
          f"({stats.get('on_topic', 0)} through the {'gate' if not args.no_gate else 'full pipeline, gate off'}); "
          f"{mode}", file=sys.stderr)
    for f in failures:
        print(f"  failed: {f}", file=sys.stderr)
    return 1 if failures else 0


def _add_to(data_dir: Path, extracted, failures, total, say, topic_names) -> int:
    """--add-to: each article goes through the store (lock, dedupe, atomic writes), one at a time."""
    n_articles = n_rows = 0
    for n, article, rows in extracted:
        try:
            final = add_article_rows(data_dir, article, rows, origin="cli", replace=True, topics=topic_names)
        except (StoreError, TimeoutError, OSError) as err:
            failures.append(f"{article.name or article.article_id}: not added ({err})")
            say(f"[{n}/{total}] FAILED {failures[-1]}")
            continue
        n_articles += 1
        n_rows += len(rows)
        say(f"[{n}/{total}] {article.article_id}: {len(rows)} row(s) in {data_dir} as {final}")
    print(f"read {n_articles} article(s), added their {n_rows} row(s) to {data_dir / 'positions.csv'}; "
          f"{len(failures)} failed", file=sys.stderr)
    for f in failures:
        print(f"  failed: {f}", file=sys.stderr)
    return 1 if failures else 0


def _remove_dead_temps(out: Path) -> None:
    """Temp files of OUT left by a killed run: their writer's pid (in the name) is gone."""
    for tmp in out.parent.glob(f".{out.name}.*.tmp"):
        pid = tmp.name[len(out.name) + 2:].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass   # alive, someone else's


def _check_tables() -> None:
    """Read the data folder's tables now: a damaged one is one set-up error, not a traceback per article."""
    from .actors.table import load_table
    from .text.language import language_words
    language_words()   # the reader's word lists: a malformed file stops here, naming it
    try:
        load_table()
    except KeyError as exc:
        raise ValueError(f"{settings.data_dir()}: a table (actors, roles or places .csv) lacks the column {exc}") from None


def _check_model(model: str | None) -> None:
    import spacy
    name = model or settings.MODEL
    if not (spacy.util.is_package(name) or Path(name).is_dir()):
        raise RuntimeError(f"spaCy model '{name}' is not installed; set COALITION_MODEL or pass --model "
                           f"(the README says how to install it)")
