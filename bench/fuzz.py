"""Fuzz harness: hostile inputs through read -> extract, each with a time budget.

    .venv/bin/python bench/fuzz.py [--n 10000] [--budget 5] [--seed 0] [--slowest 10]

Inputs come from Hypothesis strategies (random bytes and Unicode, sentences near the extractor's
vocabulary with odd characters and unclosed quotes, hostile and broken HTML, deep nesting: those
of tests/test_fuzz.py) and from generated files (tests/hostile_inputs.py: repeated topic words,
giant sentences, unclosed quotes, thousands of names, markup runs...) at random sizes up to
--max-chars.  Each goes through `read_bytes` and `extract_article` with the real model, with
COALITION_ARTICLE_SECONDS set to 0.8 x --budget.  Only ArticleError may escape (a one-line message
starting with the file's name); anything else is a traceback.  An input is over budget when read
plus extraction took longer than --budget seconds.

It prints the counts, the slowest inputs and their seconds, and exits 1 on any traceback or any
input over budget.  tests/test_fuzz_harness.py runs a small slice in CI.
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
    tracebacks: list = field(default_factory=list)     # (description, traceback text)
    over_budget: list = field(default_factory=list)    # (seconds, description)
    timings: list = field(default_factory=list)        # (seconds, description, outcome)


def run(n: int = 10_000, budget: float = 5.0, seed: int = 0, max_chars: int = 50_000, out=sys.stdout) -> Result:
    from extract import settings
    from extract.nlp.parse import load_nlp
    from extract.run.article import extract_article
    from extract.text.read import display_name, read_bytes
    from extract.schema import ArticleError

    nlp = load_nlp()
    # the extractor's own budget leaves a fifth of the input's for reading and for the last
    # sentence or piece it was on when the budget ran out
    settings.ARTICLE_SECONDS = 0.8 * budget
    result = Result()
    start = time.perf_counter()

    @hsettings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
               suppress_health_check=list(HealthCheck))
    @given(item=strategies(max_chars))
    def one(item):
        name, data, what = item
        t = time.perf_counter()
        try:
            article = read_bytes(name, data)
            rows = extract_article(article, nlp=nlp)
            outcome = f"{len(rows)} row(s)"
            result.rows += len(rows)
        except ArticleError as exc:
            result.article_errors += 1
            outcome = f"error: {exc}"[:160]
            if not str(exc).startswith(f"{display_name(name)}: ") or "\n" in str(exc):
                result.tracebacks.append((what, f"malformed ArticleError: {exc!r}"))
        except Exception:   # noqa: BLE001 - what the harness is looking for
            result.tracebacks.append((what, traceback.format_exc()))
            outcome = "TRACEBACK"
        secs = time.perf_counter() - t
        result.n += 1
        result.timings.append((secs, what, outcome))
        if secs > budget:
            result.over_budget.append((secs, what))
        if result.n % 500 == 0:
            print(f"  {result.n:,} inputs, {time.perf_counter() - start:.0f} s", file=out, flush=True)

    from hypothesis import seed as with_seed
    with_seed(seed)(one)()
    result.seconds = time.perf_counter() - start
    return result


def report(result: Result, budget: float, slowest: int = 10, out=sys.stdout) -> None:
    print(f"fuzz: {result.n:,} inputs in {result.seconds:.1f} s; {result.rows:,} rows, "
          f"{result.article_errors:,} one-line errors, {len(result.tracebacks)} tracebacks, "
          f"{len(result.over_budget)} over the budget of {budget:g} s", file=out)
    print(f"slowest {slowest}:", file=out)
    for secs, what, outcome in sorted(result.timings, key=lambda t: -t[0])[:slowest]:
        print(f"  {secs:6.2f} s  {what}  -> {outcome}", file=out)
    for what, tb in result.tracebacks[:5]:
        print(f"TRACEBACK on {what}:\n{tb}", file=out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="inputs to generate (default 10,000)")
    ap.add_argument("--budget", type=float, default=5.0, help="seconds per input (default 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-chars", type=int, default=50_000, help="largest generated file (default 50,000)")
    ap.add_argument("--slowest", type=int, default=10)
    args = ap.parse_args(argv)
    result = run(args.n, args.budget, args.seed, args.max_chars)
    report(result, args.budget, args.slowest)
    return 1 if result.tracebacks or result.over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
