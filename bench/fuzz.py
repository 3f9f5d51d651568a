"""Fuzz harness: hostile inputs through read -> extract, each with a time budget.

    .venv/bin/python bench/fuzz.py [--n 10000] [--budget 5] [--seed 0] [--slowest 10] [--via extract|cli|worker]

Inputs come from Hypothesis strategies (random bytes and Unicode, sentences near the extractor's
vocabulary with odd characters and unclosed quotes, hostile and broken HTML, deep nesting: those
of tests/test_fuzz.py) and from generated files (tests/hostile_inputs.py: repeated topic words,
giant sentences, unclosed quotes, thousands of names, markup runs...) at random sizes up to
--max-chars.  Each goes through `read_bytes` and `extract_article` with the real model, with
COALITION_ARTICLE_SECONDS set to 0.8 x --budget.  Only ArticleError may escape (a one-line message
starting with the file's name); anything else is a traceback.  An input is over budget when read
plus extraction took longer than --budget seconds.

--via cli writes each input to a file and runs it through `extract.cli.main` (exit 0 with rows, or 1
with a 'failed:' line naming the file: anything else is a wrong exit code); --via worker sends each
as an upload to the app's warm worker (dashboard/worker.py), whose watchdog kills it at --budget.

It prints the counts, the slowest inputs and their seconds, the peak memory, and exits 1 on any
traceback, wrong exit code or input over budget.  tests/test_fuzz_harness.py runs a small slice in CI.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings as hsettings, strategies as st  # noqa: E402

EXTS = [".txt", ".md", ".html", ".htm"]
MARKUP = ["**", "*", "_", "__", "[", "]", "(", ")", "![", "`", "```", "> ", "- ", "1. ", "#", "<", ">", "|",
          "\\", "&#", "~~", "[a](", "<a ", "<!--", "\n", "    "]


def strategies(max_chars: int):
    from tests import test_fuzz as tf
    from tests.hostile_inputs import worst_cases

    kinds = sorted(worst_cases(100))

    @st.composite
    def generated_file(draw):
        kind = draw(st.sampled_from(kinds))
        chars = int(10 ** draw(st.floats(min_value=2, max_value=math.log10(max_chars))))   # sizes spread evenly in log
        name, data = worst_cases(chars)[kind]
        return name, data, f"generated '{kind}' {chars:,} chars"

    @st.composite
    def markup_run(draw):
        units = draw(st.lists(st.sampled_from(MARKUP + tf.QUOTES + tf.TOPICS), min_size=1, max_size=4))
        reps = int(10 ** draw(st.floats(min_value=0, max_value=math.log10(max_chars // 8))))
        text = ("".join(units) * reps)[:max_chars]
        ext = draw(st.sampled_from(EXTS))
        return f"run{ext}", text.encode("utf-8", "surrogatepass"), f"markup run {units!r} x{reps:,}"

    def encoded(strategy, label, exts=EXTS):
        return st.tuples(strategy, st.sampled_from(exts)).map(
            lambda p: (f"fuzz{p[1]}", p[0].encode("utf-8", "surrogatepass") if isinstance(p[0], str) else p[0],
                       f"{label} {len(p[0]):,} chars"))

    return st.one_of(
        encoded(st.binary(max_size=3000), "random bytes"),
        encoded(st.text(max_size=1500), "random unicode"),
        encoded(tf.topical_text(), "topical text"),
        encoded(tf.topical_text(), "topical text", [".md"]),
        encoded(tf.hostile_html(), "hostile html", [".html"]),
        encoded(tf.broken_html(), "broken html", [".html", ".htm"]),
        encoded(tf.nested_html(), "nested html", [".html"]),
        markup_run(),
        generated_file(),
    )


@dataclass
class Result:
    n: int = 0
    seconds: float = 0.0
    rows: int = 0
    article_errors: int = 0
    killed: int = 0                                    # --via worker: processes killed by the watchdog
    tracebacks: list = field(default_factory=list)     # (description, traceback text)
    wrong_exit: list = field(default_factory=list)     # --via cli: (description, exit code, stderr)
    over_budget: list = field(default_factory=list)    # (seconds, description)
    timings: list = field(default_factory=list)        # (seconds, description, outcome)
    peak_mb: float = 0.0                               # this process's peak resident memory
    peak_child_mb: float = 0.0                         # the largest worker process's (--via worker)


def _direct(nlp):
    """read_bytes + extract_article in this process: (rows, error text or None, seconds)."""
    from extract.run.article import extract_article
    from extract.schema import ArticleError
    from extract.text.read import read_bytes

    def through(name, data):
        t = time.perf_counter()
        try:
            return len(extract_article(read_bytes(name, data), nlp=nlp)), None, time.perf_counter() - t
        except ArticleError as exc:
            return 0, str(exc), time.perf_counter() - t
    return through


def _cli(tmp: Path, result: Result):
    """Each input as a file through `extract.cli.main` (-o, --no-cache): exit 0 and rows, or exit 1
    and one 'failed:' line naming the file; any other exit code is wrong."""
    import contextlib
    import csv
    import io
    from extract.cli import main
    from extract.text.read import display_name
    count = [0]

    def through(name, data):
        count[0] += 1
        folder = tmp / str(count[0])
        folder.mkdir()
        path, out = folder / name, folder / "out.csv"
        path.write_bytes(data)
        err = io.StringIO()
        t = time.perf_counter()
        with contextlib.redirect_stderr(err):
            code = main([str(path), "-o", str(out), "--no-cache", "--quiet"])
        secs = time.perf_counter() - t
        failed = [line.strip()[len("failed: "):] for line in err.getvalue().splitlines()
                  if line.strip().startswith("failed: ")]
        if code not in (0, 1) or (code == 1) != bool(failed):
            result.wrong_exit.append((name, code, err.getvalue()[-500:]))
        if failed:
            return 0, failed[0] if failed[0].startswith(display_name(str(path))) else f"?{failed[0]}", secs
        with open(out, encoding="utf-8") as fh:
            return sum(1 for _ in csv.DictReader(fh)), None, secs
    return through


def _worker(tmp: Path, budget: float, result: Result):
    """Each input as an upload through the app's warm worker (dashboard/worker.py) under its watchdog;
    the seconds run from when the file was sent to the worker to its answer."""
    import shutil
    from dashboard.worker import Job, Worker
    data_dir = tmp / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns(".lock", ".cache"))
    worker = Worker(str(data_dir))

    def through(name, data):
        job = Job([(name, data, None, "upload", "k")], None, str(data_dir), budget, worker=worker)
        while not job.finished:
            time.sleep(0.005)
        secs = time.monotonic() - job.since
        result.killed = worker.starts - 1   # each restart after the first start: a kill by the watchdog
        if job.errors:
            return 0, job.errors[0], secs
        return len(job.results["k"]["rows"]), None, secs
    return through, worker


def run(n: int = 10_000, budget: float = 5.0, seed: int = 0, max_chars: int = 50_000, out=sys.stdout,
        via: str = "extract") -> Result:
    import resource
    import tempfile
    from extract import settings
    from extract.nlp.parse import load_nlp
    from extract.text.read import display_name

    # the extractor's own budget leaves a fifth of the input's for reading and for the last
    # sentence or piece it was on when the budget ran out (in the worker, the watchdog is the limit)
    settings.ARTICLE_SECONDS = 0.8 * budget
    result = Result()
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
    worker = None
    if via == "worker":
        through, worker = _worker(tmp, budget, result)
    else:
        nlp = load_nlp()
        through = _cli(tmp, result) if via == "cli" else _direct(nlp)
    start = time.perf_counter()

    @hsettings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
               suppress_health_check=list(HealthCheck))
    @given(item=strategies(max_chars))
    def one(item):
        name, data, what = item
        try:
            rows, error, secs = through(name, data)
            result.rows += rows
            outcome = f"{rows} row(s)"
            if error is not None:
                result.article_errors += 1
                outcome = f"error: {error}"[:160]
                if not error.startswith(f"{display_name(name)}: ") and not error.startswith(str(tmp)) \
                        or "\n" in error:
                    result.tracebacks.append((what, f"malformed one-line error: {error!r}"))
        except Exception:   # noqa: BLE001 - what the harness is looking for
            result.tracebacks.append((what, traceback.format_exc()))
            outcome, secs = "TRACEBACK", 0.0
        result.n += 1
        result.timings.append((secs, what, outcome))
        if secs > budget:
            result.over_budget.append((secs, what))
        if result.n % 500 == 0:
            print(f"  {result.n:,} inputs, {time.perf_counter() - start:.0f} s", file=out, flush=True)

    from hypothesis import seed as with_seed
    try:
        with_seed(seed)(one)()
    finally:
        if worker is not None:
            worker.close()
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.peak_child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def report(result: Result, budget: float, slowest: int = 10, out=sys.stdout) -> None:
    print(f"fuzz: {result.n:,} inputs in {result.seconds:.1f} s; {result.rows:,} rows, "
          f"{result.article_errors:,} one-line errors, {len(result.tracebacks)} tracebacks, "
          f"{len(result.over_budget)} over the budget of {budget:g} s", file=out)
    print(f"  {len(result.wrong_exit)} wrong exit codes, {result.killed} worker(s) killed by the watchdog; "
          f"max {max((t[0] for t in result.timings), default=0):.2f} s per input; peak memory "
          f"{result.peak_mb:,.0f} MB (worker processes {result.peak_child_mb:,.0f} MB)", file=out)
    print(f"slowest {slowest}:", file=out)
    for secs, what, outcome in sorted(result.timings, key=lambda t: -t[0])[:slowest]:
        print(f"  {secs:6.2f} s  {what}  -> {outcome}", file=out)
    for what, tb in result.tracebacks[:5]:
        print(f"TRACEBACK on {what}:\n{tb}", file=out)
    for name, code, err in result.wrong_exit[:5]:
        print(f"WRONG EXIT {code} on {name}:\n{err}", file=out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="inputs to generate (default 10,000)")
    ap.add_argument("--budget", type=float, default=5.0, help="seconds per input (default 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-chars", type=int, default=50_000, help="largest generated file (default 50,000)")
    ap.add_argument("--slowest", type=int, default=10)
    ap.add_argument("--via", choices=["extract", "cli", "worker"], default="extract",
                    help="extract: read_bytes + extract_article here (default); cli: each input a file "
                         "through extract.cli.main, exit codes checked; worker: each input an upload "
                         "through the app's warm worker and its watchdog")
    args = ap.parse_args(argv)
    result = run(args.n, args.budget, args.seed, args.max_chars, via=args.via)
    report(result, args.budget, args.slowest)
    return 1 if result.tracebacks or result.over_budget or result.wrong_exit else 0


if __name__ == "__main__":
    sys.exit(main())
