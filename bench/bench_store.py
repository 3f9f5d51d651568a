"""Adding an article to a big data folder: seconds and bytes written per add, by table size.

    .venv/bin/python bench/bench_store.py [--sizes 10000 100000 1000000] [--adds 5] [--rows 4]

For each size a data folder is written (streamed, never held whole): positions.csv with that many
generated rows (bench_dashboard's speakers, outlets and ~30-word quotes, 1-6 rows per article)
and articles.csv registering every article. Then ``--adds`` new articles of ``--rows`` rows each
are added through ``extract.io.store.add_article_rows`` (the lock, the damage checks, the pending
entry, the writes), one after another, as ``python -m extract --add-to`` and the dashboard do.

Printed per size: the first add (nothing known about the folder yet: positions.csv is checked
whole, as after an edit by hand), the median of the later adds (steady state), and the bytes the
later adds wrote to positions.csv (file size growth for an append; the whole file for a rewrite,
seen as a new inode). Target: an add costs O(new rows), so the steady add stays flat as the table
grows (well under a second at 1M rows). The registry (articles.csv, a row per article) is still
read, for the duplicate check, and rewritten, on every add: its time is in the numbers.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_dashboard import DAYS, OUTLETS, WORDS, speakers  # noqa: E402


def write_folder(d: Path, n: int, seed: int = 7) -> int:
    """positions.csv with ``n`` rows and articles.csv with their articles; returns the article count."""
    from extract.io.store import ARTICLE_COLUMNS, text_sha256
    from extract.schema import COLUMNS
    d.mkdir(parents=True)
    rng = random.Random(seed)
    people = speakers(rng)
    weights = [rng.paretovariate(1.2) for _ in people]
    start = dt.date.today() - dt.timedelta(days=DAYS)
    article = written = 0
    with open(d / "positions.csv", "w", encoding="utf-8", newline="") as fp, \
            open(d / "articles.csv", "w", encoding="utf-8", newline="") as fa:
        wp, wa = csv.writer(fp, lineterminator="\n"), csv.writer(fa, lineterminator="\n")
        wp.writerow(COLUMNS)
        wa.writerow(ARTICLE_COLUMNS)
        while written < n:
            article += 1
            day = start + dt.timedelta(days=rng.randrange(DAYS))
            outlet, aid = rng.choice(OUTLETS), f"bench_{article:07d}"
            title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
            url = f"https://example.org/{outlet.lower().replace(' ', '-')}/{aid}"
            wa.writerow([aid, title, outlet, url, day.isoformat(), text_sha256(f"article {aid}"), "cli",
                         "2026-01-01T00:00:00+00:00"])
            for leader, country, role in rng.choices(people, weights, k=min(rng.randint(1, 6), n - written)):
                quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(24, 36))).capitalize()
                row = {"article_id": aid, "leader": leader, "country": country, "role": role,
                       "date": day.isoformat(), "topic": "troops_to_ukraine",
                       "position": rng.choice(["support", "conditional", "oppose"]), "quote": quote,
                       "quote_type": "direct", "source": outlet, "url": url, "confidence": "0.80",
                       "title": title, "published": day.isoformat(), "mention": leader or country, "cue": "ready",
                       "role_kind": "head", "rule": "subject / cue_support"}
                wp.writerow([row.get(c, "") for c in COLUMNS])
                written += 1
    return article


def one_add(d: Path, i: int, rows: int) -> tuple[float, int, bool]:
    """(seconds, bytes positions.csv grew by, whether it was rewritten: a new inode)."""
    from extract.io.store import add_article_rows, positions_path
    from extract.schema import Article
    before = positions_path(d).stat()
    new = [{"leader": "Bench Leader", "country": "France", "role": "President", "date": "2025-06-10",
            "topic": "troops_to_ukraine", "position": "support", "quote": f"We are ready, number {i} {j}.",
            "quote_type": "direct", "source": "Bench Wire", "confidence": "0.9"} for j in range(rows)]
    t0 = time.perf_counter()
    add_article_rows(d, Article(article_id=f"new_{i}", text=f"a new bench article {i}"), new, "cli")
    secs = time.perf_counter() - t0
    after = positions_path(d).stat()
    return secs, after.st_size - before.st_size, after.st_ino != before.st_ino


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--adds", type=int, default=5)
    ap.add_argument("--rows", type=int, default=4, help="rows per added article")
    args = ap.parse_args()
    import os
    print(f"# load: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min), {os.cpu_count()} cores", flush=True)
    out = []
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        for n in args.sizes:
            d = Path(tmp) / f"data_{n}"
            t0 = time.perf_counter()
            n_articles = write_folder(d, n)
            mb = (d / "positions.csv").stat().st_size / 1e6
            print(f"# {n} rows ({mb:.0f} MB), {n_articles} articles: written in {time.perf_counter() - t0:.1f} s",
                  flush=True)
            runs = [one_add(d, i, args.rows) for i in range(args.adds)]
            first, later = runs[0], runs[1:]
            steady = statistics.median(s for s, _, _ in later) if later else float("nan")
            wrote = [(mb * 1e6 + g if rewritten else g) for _, g, rewritten in later]
            out.append((n, mb, first[0], steady, statistics.median(wrote) if wrote else 0,
                        any(r for _, _, r in later)))
            print(f"  first add {first[0]:.2f} s, later adds {', '.join(f'{s:.2f}' for s, _, _ in later)} s", flush=True)
            import shutil
            shutil.rmtree(d, ignore_errors=True)
    print(f"\nOne add of {args.rows} rows (seconds; bytes written to positions.csv by a later add):")
    print(f"{'rows':>9} | {'MB':>5} | {'first add':>9} | {'later add':>9} | {'target':>6} | {'bytes written':>13} | rewrites")
    for n, mb, first, steady, wrote, rewrites in out:
        print(f"{n:>9} | {mb:>5.0f} | {first:>9.2f} | {steady:>9.2f} | {'< 1':>6} | {wrote:>13,.0f} | "
              f"{'yes' if rewrites else 'no'}")
    print(f"# load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
