"""Time to first render of each dashboard view on synthetic positions tables.

    .venv/bin/python bench/bench_dashboard.py [--sizes 1000 10000 100000] [--views support map ...]
                                              [--repeat 1] [--seed 7] [--timeout 300]

For each size a temporary data folder is made: a copy of data/ (actors,
coalitions, country codes, map, ...) whose positions.csv is replaced by a
generated table — ~40 countries from data/country_codes.csv, ~150 leaders
(the real office holders of those countries in data/actors.csv, topped up with
invented names), dates over two years, the three positions, ~30-word quotes,
articles of 1-6 rows from a dozen outlets.

Each view is then run with ``AppTest.from_file("dashboard/app.py")`` and
``?view=<slug>`` (app.py opens that tab; only the open tab renders), twice:
"cold" right after clearing Streamlit's caches and removing the Parquet copy of
positions.csv (so it includes reading and checking the CSV, as for the first visitor
after the data changed) and "warm"
(cache filled, as for every later rerun). The time is from ``from_file`` to the
end of the first ``run()``. Each run asserts that no exception element appeared
(Altair's MaxRowsError included: it would surface as one) and that the view's
subheader is there. "csv" is extract.io.store.load_positions alone, outside Streamlit.

Peak RSS (resource.getrusage ru_maxrss) is the process high-water mark after
each size, so it only grows.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")   # no bare-mode warnings per run

APP = str(ROOT / "dashboard" / "app.py")
VIEWS = ["support", "map", "timeline", "coalitions", "quotes", "add"]
HEADINGS = {"support": "Support vs opposition", "map": "Map", "timeline": "Timeline",
            "coalitions": "Coalition membership", "quotes": "Quote explorer", "add": "Add articles"}
N_COUNTRIES = 40
N_LEADERS = 150
DAYS = 730
OUTLETS = ["Test Wire", "Baltic Ledger", "Northern Post", "Pacific Desk", "Danube Daily",
           "Atlantic Review", "Iberian Times", "Alpine Courier", "Channel Herald", "Vistula News",
           "Adriatic Observer", "Nordic Journal"]
WORDS = ("the government would consider sending troops to Ukraine only after a ceasefire and "
         "with a clear mandate from partners while air cover intelligence and logistics from "
         "Washington remain essential for any reassurance force that European capitals could "
         "deploy on the ground to deter a fresh Russian attack and support the peace settlement "
         "agreed by both sides under international monitoring").split()
FIRST = ["Anna", "Jonas", "Marta", "Pieter", "Ilse", "Tomas", "Elena", "Mikko", "Sofia", "Lukas",
         "Ines", "Karel", "Nora", "Davor", "Lena", "Aurel"]
LAST = ["Varga", "Lindqvist", "Novak", "Moreau", "Berzins", "Kowalczyk", "Jansen", "Rossi",
        "Papadakis", "Horvat", "Dumitru", "Keller", "Ferreira", "Nieminen", "Petrov", "Walsh"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def speakers(rng: random.Random) -> list[tuple[str, str, str]]:
    """~150 (leader, country, role) over ~40 countries; a few government rows (leader "")."""
    codes = [r["country"] for r in _read_csv(ROOT / "data" / "country_codes.csv")]
    actors = _read_csv(ROOT / "data" / "actors.csv")
    by_country: dict[str, list[tuple[str, str, str]]] = {}
    for a in actors:
        by_country.setdefault(a["country"], []).append((a["name"], a["country"], a["role"]))
    # prefer countries with office holders on file, then any others from the codes list
    ranked = sorted(codes, key=lambda c: (-len(by_country.get(c, [])), c))
    countries = ranked[:N_COUNTRIES]
    out: list[tuple[str, str, str]] = []
    seen = set()
    for c in countries:
        for person in by_country.get(c, [])[:4]:
            if person[0] not in seen:
                seen.add(person[0])
                out.append(person)
    roles = ["Foreign Minister", "Defence Minister", "Member of Parliament", "Opposition leader"]
    while len(out) < N_LEADERS:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{len(out)}"
        out.append((name, rng.choice(countries), rng.choice(roles)))
    out = out[:N_LEADERS - 5]
    for c in countries[:5]:
        out.append(("", c, "government"))
    return out


def generate(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    people = speakers(rng)
    weights = [rng.paretovariate(1.2) for _ in people]   # some speakers far more quoted
    start = dt.date.today() - dt.timedelta(days=DAYS)
    rows: list[dict] = []
    article = 0
    while len(rows) < n:
        article += 1
        day = start + dt.timedelta(days=rng.randrange(DAYS))
        outlet = rng.choice(OUTLETS)
        aid = f"bench_{article:06d}"
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        for leader, country, role in rng.choices(people, weights, k=min(rng.randint(1, 6), n - len(rows))):
            quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(24, 36)))
            rows.append({
                "article_id": aid, "leader": leader, "country": country, "role": role,
                "date": day.isoformat(), "topic": "troops_to_ukraine",
                "position": rng.choices(["support", "conditional", "oppose"], [0.4, 0.35, 0.25])[0],
                "quote": quote.capitalize(), "quote_type": rng.choice(["direct", "reported"]),
                "source": outlet, "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{aid}",
                "confidence": f"{rng.uniform(0.5, 0.95):.2f}", "title": title,
                "published": day.isoformat(), "mention": leader or country, "cue": "ready",
            })
    return rows


def make_data_dir(n: int, seed: int, parent: Path) -> Path:
    from extract.schema import COLUMNS
    d = parent / f"data_{n}"
    shutil.copytree(ROOT / "data", d, ignore=shutil.ignore_patterns(".lock", ".*.tmp", "positions.csv",
                                                                     "articles.csv"))
    with open(d / "positions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(generate(n, seed))
    return d


def run_view(view: str, timeout: float, cold: bool):
    import streamlit as st
    import streamlit.logger
    from streamlit.testing.v1 import AppTest
    streamlit.logger.set_log_level("error")   # no bare-mode warnings per run
    if cold:
        # as for the first visitor after the data changed: no table in memory, no Parquet copy
        st.cache_data.clear()
        st.cache_resource.clear()
        from dashboard import data
        data.cache_path(data.data_dir() / "positions.csv").unlink(missing_ok=True)
        if hasattr(data, "tail_path"):
            data.tail_path(data.data_dir() / "positions.csv").unlink(missing_ok=True)
    t0 = time.perf_counter()
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["view"] = view
    at.run()
    secs = time.perf_counter() - t0
    errors = [f"{getattr(e, 'message', '')} {e.value}".strip() for e in at.exception]
    errors += [e.value for e in at.error if "MaxRowsError" in str(e.value)]
    if not any(h.value == HEADINGS[view] for h in at.subheader):
        errors.append(f"heading {HEADINGS[view]!r} not rendered (subheaders: {[h.value for h in at.subheader]})")
    return secs, errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--views", nargs="+", default=VIEWS, choices=VIEWS)
    ap.add_argument("--repeat", type=int, default=1, help="runs per view (the minimum is reported)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=300, help="AppTest timeout per run, seconds")
    args = ap.parse_args()

    import logging
    for name in ("streamlit", "streamlit.runtime.caching.cache_data_api",
                 "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from extract.io.store import load_positions

    results: dict[tuple[int, str], tuple[float, float]] = {}
    loads: dict[int, float] = {}
    rss: dict[int, float] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench_dashboard_") as tmp:
        for n in args.sizes:
            t0 = time.perf_counter()
            d = make_data_dir(n, args.seed, Path(tmp))
            gen = time.perf_counter() - t0
            size_mb = (d / "positions.csv").stat().st_size / 1e6
            os.environ["COALITION_DATA_DIR"] = str(d)
            t0 = time.perf_counter()
            df, problems = load_positions(d / "positions.csv")
            loads[n] = time.perf_counter() - t0
            assert len(df) == n and not problems, (len(df), problems[:3])
            del df
            print(f"# {n} rows: generated in {gen:.1f} s ({size_mb:.1f} MB), csv read in {loads[n]:.2f} s",
                  flush=True)
            for view in args.views:
                timings = {}
                for cold in (True, False):
                    best = None
                    for _ in range(args.repeat):
                        secs, errors = run_view(view, args.timeout, cold)
                        best = secs if best is None else min(best, secs)
                        if errors:
                            failures.append(f"{n} rows, {view} ({'cold' if cold else 'warm'}): {errors}")
                    timings[cold] = best
                results[(n, view)] = (timings[True], timings[False])
                print(f"  {view:<11} cold {timings[True]:7.2f} s   warm {timings[False]:7.2f} s", flush=True)
            rss[n] = _rss_mb()

    print()
    print("Seconds to first render, cold / warm (AppTest, ?view=<slug>):")
    head = (f"{'rows':>8} | " + " | ".join(f"{v:>13}" for v in args.views)
            + f" | {'csv':>6} | {'peak RSS MB':>11}")
    print(head)
    print("-" * len(head))
    for n in args.sizes:
        cells = " | ".join(f"{results[(n, v)][0]:>6.2f}/{results[(n, v)][1]:<6.2f}" for v in args.views)
        print(f"{n:>8} | {cells} | {loads[n]:>6.2f} | {rss[n]:>11.0f}")
    if failures:
        print("\nFAILURES:")
        for f in failures:
            print("  " + f)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
