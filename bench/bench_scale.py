"""Extraction at archive scale: the gated extraction next to a plain spaCy pass, 1 and 2 workers, memory.

    .venv/bin/python bench/bench_scale.py [--articles 400] [--batch-size 16] [--no-workers] [--no-memory]

Three corpora, built here and streamed (never held whole):

  mixed     one article in ten on the topic: the project's own on-topic articles (seeds/*.txt and
            tests/articles/*.txt except off_*), each followed by nine off-topic filler articles
            written from the templates below (energy, sport, trade, elections, weather, science)
  on-topic, archive   every article on the topic the way an archive's are: bench/on_topic/, 30
            articles written for this benchmark, mostly about something else (the front line,
            sanctions, gas, summits...) with the troops question in one to three sentences
  on-topic, dense     every article on the topic and little else: the project's test articles
            (seeds, tests/articles except off_*, tests/blind*), written to be full of statements

For each corpus, timed in one run:
  gated     extract.run.article.extract_articles (gate on) -> rows, one process
  ungated   the same with gate=False (the full pipeline on every article), for reference
  plain     nlp.pipe of spacy.load(settings.MODEL) (no extra components) over the same texts

then the gated extraction with 1 and 2 worker processes (extract_stream; the 2 workers are a pool
started and warmed first, so their time is steady state), and the memory check: tracemalloc
peak of the gated extraction over the mixed corpus at 1x and 3x its size (flat = streaming).
Words are whitespace-separated tokens of the article text.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from extract import settings  # noqa: E402
from extract.topic.gate import on_topic, statement_windows  # noqa: E402
from extract.nlp.parse import load_nlp  # noqa: E402
from extract.run.article import extract_articles
from extract.run.stream import extract_stream  # noqa: E402
from extract.text.read import iter_input_paths, load_manifest, read_inputs  # noqa: E402
from extract.schema import Article  # noqa: E402
from extract.topic.topics import load_topic  # noqa: E402

# --- off-topic filler, written for this benchmark ---------------------------------------------------

SUBJECTS = {
    "energy": ("Gas prices {dir} on {day} as traders weighed {factor}",
               ["Wholesale gas for next-month delivery {dir} {pct} percent in {city}, the biggest move since {month}.",
                "Analysts said {factor} would keep the market nervous until the heating season ends.",
                "Utilities in {country} told regulators that household bills would {dir2} from {month}.",
                "Wind output was {level} for much of the week, so grid operators leaned on coal and gas plants.",
                "A spokeswoman for the energy regulator said storage sites were {pct} percent full.",
                "Industrial users, from glassmakers to fertiliser plants, asked for help with costs.",
                "The minister for energy said the government would publish a new tariff plan in {month}.",
                "Solar farms added record capacity in the spring, but cloudy weeks cut their output.",
                "Traders expect prices to stay volatile while {factor} remains unresolved."]),
    "sport": ("{team} beat {team2} {score} in {city}",
              ["{team} scored twice in the second half to beat {team2} {score} on {day}.",
               "The coach said the squad had worked hard on set pieces during the international break.",
               "A crowd of {n} watched the match in steady rain at the stadium in {city}.",
               "The win lifts {team} to third in the table, two points behind the leaders.",
               "{team2} had the better of the first half but could not turn chances into goals.",
               "The goalkeeper made three fine saves before the break and was named player of the match.",
               "The two sides meet again in the cup in {month}.",
               "Injuries to two midfielders left the visitors short on the bench.",
               "Fans sang long after the final whistle as the players did a lap of honour."]),
    "trade": ("Exports from {country} {dir} in {month}",
              ["Exports from {country} {dir} {pct} percent in {month}, the statistics office said on {day}.",
               "Shipments of machinery and cars led the change, while food exports were flat.",
               "Economists at a bank in {city} said the figures pointed to a slow recovery in demand.",
               "Imports of consumer goods rose as retailers restocked ahead of the holidays.",
               "The trade surplus narrowed to {n} million euros, below what markets had expected.",
               "Exporters complained about shipping costs and delays at the main container ports.",
               "The chamber of commerce asked the government to cut red tape for small firms.",
               "Negotiators will meet again in {month} to discuss tariffs on steel and aluminium.",
               "The currency {dir} slightly after the data were released."]),
    "elections": ("Voters in {city} go to the polls as {party} leads",
                  ["Voters in {city} elect a new council on {day}, with {party} ahead in most polls.",
                   "Turnout at the last local election was {pct} percent, and campaigners hope to beat it.",
                   "Candidates have focused on housing, bus routes and the cost of childcare.",
                   "The {party} candidate promised to freeze local taxes for two years.",
                   "Opponents said the promise was unaffordable and would mean cuts to libraries.",
                   "Polling stations open at seven in the morning and close at ten at night.",
                   "Results are expected early on {day2}, officials at the town hall said.",
                   "A televised debate on {day} drew {n} viewers, a record for a local contest.",
                   "Several smaller parties hope to win their first seats on the council."]),
    "weather": ("Storm brings heavy rain to {country}",
                ["A storm brought heavy rain and strong winds to {country} on {day}.",
                 "Rivers rose quickly in the hills above {city}, and several roads were closed.",
                 "The weather service issued {level} warnings for the coast until {day2}.",
                 "Rail operators cancelled some services and asked passengers to check before travelling.",
                 "About {n} homes lost power overnight, the network operator said.",
                 "Farmers said the rain came too late to save the summer harvest.",
                 "Forecasters expect calmer and colder weather by the end of the week.",
                 "Emergency crews pumped water from basements in the old town.",
                 "Schools in two districts stayed closed as a precaution."]),
    "science": ("Researchers in {city} report new battery chemistry",
                ["Researchers in {city} said on {day} they had built a battery cell that charges in minutes.",
                 "The cell uses sodium instead of lithium, which is cheaper and easier to source.",
                 "In laboratory tests it kept {pct} percent of its capacity after {n} cycles.",
                 "The team hopes to work with a manufacturer on a pilot line by {month}.",
                 "Other scientists said the results were promising but needed to be repeated.",
                 "The paper appeared in a peer-reviewed journal after a year of review.",
                 "Funding came from a national research council and two private foundations.",
                 "The researchers said the design could suit grid storage better than cars.",
                 "Patents have been filed in {country} and abroad."]),
}
FILL = {
    "dir": ["rose", "fell", "climbed", "dropped", "edged up", "slipped"], "dir2": ["rise", "fall"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "day2": ["Saturday", "Sunday"],
    "month": ["January", "March", "May", "July", "September", "November"],
    "pct": [str(n) for n in range(2, 90, 7)], "n": [str(n) for n in (1200, 4500, 18000, 36000, 250000)],
    "city": ["Lyon", "Porto", "Gdansk", "Leeds", "Bilbao", "Graz", "Turku", "Utrecht", "Brno", "Aarhus"],
    "country": ["Portugal", "Austria", "Belgium", "Ireland", "Czechia", "Denmark", "Greece", "Slovenia"],
    "factor": ["supply talks", "a heat wave in Asia", "pipeline maintenance", "low river levels", "an LNG outage"],
    "level": ["low", "high", "patchy", "amber", "yellow"], "score": ["2-1", "3-0", "1-0", "4-2", "2-0"],
    "team": ["Rovers", "United", "Athletic", "City", "Wanderers"], "team2": ["Albion", "Town", "Rangers", "County"],
    "party": ["the Greens", "the Liberals", "the Social Democrats", "the Conservatives", "a local list"],
}


def filler(rng: random.Random, i: int) -> Article:
    kind = rng.choice(sorted(SUBJECTS))
    title_t, lines = SUBJECTS[kind]
    fill = lambda s: s.format(**{k: rng.choice(v) for k, v in FILL.items()})  # noqa: E731
    paras = []
    for _ in range(rng.randint(3, 6)):
        paras.append(" ".join(fill(s) for s in rng.sample(lines, rng.randint(2, 4))))
    title = fill(title_t)
    return Article(f"filler_{i:06d}", title + "\n\n" + "\n\n".join(paras), title=title,
                   published="2025-0%d-1%d" % (rng.randint(1, 9), rng.randint(0, 9)), outlet="Bench Wire")


def folder_articles(*folders) -> list[Article]:
    """The articles of these folders (their manifests applied), except the off-topic test ones (off_*)."""
    arts = []
    for folder in folders:
        manifest = load_manifest(folder / "manifest.csv") if (folder / "manifest.csv").is_file() else {}
        arts += [a for p, a in read_inputs(iter_input_paths([folder]), manifest) if not Path(p).stem.startswith("off_")]
    return arts


def mixed_corpus(base, n_articles, seed=1):
    """Yields articles lazily: one of ours, then nine fillers, repeated."""
    rng = random.Random(seed)
    for i in range(n_articles):
        yield base[(i // 10) % len(base)] if i % 10 == 0 else filler(rng, i)


def words_of(arts) -> int:
    return sum(len(a.text.split()) for a in arts)


def maxrss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=400, help="articles in the mixed corpus (default 400)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--no-workers", action="store_true", help="skip the 1 / 2 worker runs")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = ap.parse_args(argv)
    bs = args.batch_size

    topic = load_topic(None)
    nlp = load_nlp()
    plain = spacy.load(settings.MODEL)
    base = folder_articles(ROOT / "seeds", ROOT / "tests" / "articles")
    # Warm-up: first calls of both pipelines, not timed.
    list(extract_articles(base[:2], topic, nlp, gate=False))
    list(extract_articles(base[:2], topic, nlp, gate=True))
    list(plain.pipe([a.text for a in base[:2]]))
    print(f"model {settings.MODEL} (spaCy {spacy.__version__}); project pipeline: {', '.join(nlp.pipe_names)}; "
          f"plain: {', '.join(plain.pipe_names)}; batch size {bs}; {len(base)} own on-topic articles")

    archive = folder_articles(ROOT / "bench" / "on_topic")
    dense = folder_articles(ROOT / "seeds", ROOT / "tests" / "articles",
                            *sorted((ROOT / "tests").glob("blind*")))
    corpora = {
        "mixed (1 in 10)": lambda: mixed_corpus(base, args.articles),
        "on-topic, archive": lambda: iter(archive),
        "on-topic, dense": lambda: iter(dense),
    }
    targets = {"mixed (1 in 10)": 3.0, "on-topic, archive": 1.5, "on-topic, dense": 1.5}
    results = {}
    for name, make in corpora.items():
        n_words = n_arts = n_gate = 0
        for a in make():
            n_words += len(a.text.split())
            n_arts += 1
            n_gate += on_topic(a.text, topic)

        def run(gate):
            return sum(len(r) for _, r in extract_articles(make(), topic, nlp, batch_size=bs, gate=gate))

        s_gated, rows_g = timed(lambda: run(True))
        rss_g = maxrss_mb()
        s_ungated, rows_u = timed(lambda: run(False))
        s_plain, _ = timed(lambda: sum(1 for _ in plain.pipe((a.text for a in make()), batch_size=bs)))
        assert rows_g == rows_u, (rows_g, rows_u)
        results[name] = (n_words, s_gated, s_plain)
        share = sum(e - s for a in make() for s, e in statement_windows(a.text, topic)) / sum(len(a.text) for a in make())
        print(f"\n== {name}: {n_arts} articles, {n_words} words, {n_gate} through the gate, {rows_g} rows; "
              f"statement windows hold {share:.0%} of the characters")
        print(f"{'pass':<22} {'seconds':>8} {'words/s':>9} {'vs plain':>9}")
        for label, secs in (("gated extraction", s_gated), ("ungated extraction", s_ungated), ("plain nlp.pipe", s_plain)):
            print(f"{label:<22} {secs:>8.2f} {n_words / secs:>9.0f} {s_plain / secs:>8.2f}x")
        print(f"peak RSS after the gated pass: {rss_g:.0f} MB")

    if not args.no_workers:
        from extract.run.backends import Pool
        print("\n== workers (gated extraction via extract_stream; 2 workers: a pool started and warmed before the "
              "clock starts, so the time is steady state; 'startup' = starting it and loading the model in each; "
              "load = 1-minute load average before the run; bench/bench_workers.py repeats this back to back)")
        t = time.perf_counter()
        pool = Pool(2, None, topic, True, bs)
        pool.start()   # both processes up, the model loaded in each
        startup = time.perf_counter() - t
        try:
            for name, make in corpora.items():
                n_words = results[name][0]
                digests, secs = set(), {}
                for n in (1, 2):
                    kw = {"nlp": nlp} if n == 1 else {"backend": pool}
                    load = os.getloadavg()[0]
                    secs[n], rows = timed(lambda: [r for _, rs in extract_stream(make(), topic, workers=n, batch_size=bs, **kw)
                                                   for r in rs])
                    digests.add(hashlib.sha256(repr(rows).encode()).hexdigest())
                    print(f"{name:<18} workers={n}: {secs[n]:6.2f}s, steady {n_words / secs[n]:>6.0f} words/s"
                          + (f" ({secs[1] / secs[2]:.2f}x one worker; startup {startup:.2f}s)" if n == 2 else "")
                          + f"; {len(rows)} rows; load {load:.2f}; peak RSS self {maxrss_mb():.0f} MB")
                print(f"{'':<18} rows identical at 1 and 2 workers: {len(digests) == 1}")
            hwm = [int(line.split()[1]) / 1024 for pid in pool.pool._processes
                   for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmHWM")]
            print(f"peak RSS of each worker: {', '.join(f'{m:.0f} MB' for m in hwm)}")
        finally:
            pool.close()

    if not args.no_memory:
        print("\n== memory: tracemalloc peak of the gated extraction, mixed corpus at 1x and 3x size (rows dropped)")
        for k in (1, 3):
            tracemalloc.start()
            for _ in extract_articles(mixed_corpus(base, k * args.articles), topic, nlp, batch_size=bs):
                pass
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(f"{k * args.articles:>6} articles: peak {peak:.1f} MB")

    print("\n== summary")
    for name, (n_words, s_gated, s_plain) in results.items():
        print(f"{name:<18} gated {n_words / s_gated:>7.0f} words/s, plain {n_words / s_plain:>7.0f} words/s, "
              f"ratio {s_plain / s_gated:.2f}x (target {targets[name]}x: "
              f"{'met' if s_plain / s_gated >= targets[name] else 'missed'})")
    print(f"peak RSS (this process): {maxrss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
