"""Seconds of read + extract for each generated worst case (tests/hostile_inputs.py).

    .venv/bin/python bench/worst_cases.py [--chars 500000]

Each case either finishes or fails with a one-line ArticleError; the table says which, and the
warnings the caps of extract/bounds.py left.
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
    args = ap.parse_args(argv)
    from extract import settings
    from extract.nlp.parse import load_nlp
    from extract.run.article import extract_article
    from extract.text.read import read_bytes
    from extract.schema import ArticleError
    from tests.hostile_inputs import worst_cases

    nlp = load_nlp()
    print(f"budget {settings.ARTICLE_SECONDS:g} s, {settings.MAX_PARSED_TOKENS:,} tokens read per article")
    worst = 0.0
    for kind, (name, data) in worst_cases(args.chars).items():
        start = time.perf_counter()
        try:
            article = read_bytes(name, data)
            read = time.perf_counter() - start
            rows = extract_article(article, nlp=nlp)
            outcome = f"{len(rows)} row(s); {len(article.warnings)} warning(s)"
        except ArticleError as exc:
            read = float("nan")
            outcome = f"error: {exc}"[:110]
        secs = time.perf_counter() - start
        worst = max(worst, secs)
        print(f"{kind:32s} {len(data):>9,} bytes  read {read:5.2f} s  total {secs:6.2f} s  {outcome}", flush=True)
    print(f"slowest: {worst:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
