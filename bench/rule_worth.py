"""What each rule is worth: stance F1 on every gold set with the rule switched off, and the articles
whose rows it changes (the cases that pin it).

    .venv/bin/python bench/rule_worth.py [--rules a,b] [--write-cases]

Prints one line per rule: the F1 change on each set when the rule is off (negative: the rule helps).
`--write-cases` rewrites the measured rules' lines of tests/rule_cases.csv from the changes: for
each rule, up to two of our own articles (never tests/real, whose texts stay out of the
repository) whose rows differ; `--rules a,b` measures only those.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import catalogue, registry  # noqa: E402
from extract.evaluate import extract_rows, load_gold, normalise_rows, score  # noqa: E402

SETS = [("seeds", "tests/seeds_gold.csv"), ("tests/articles", None), ("tests/blind", None), ("tests/blind2", None),
        ("tests/blind3", None), ("tests/blind4", None), ("tests/blind5", None), ("tests/real/texts", "tests/real/gold.csv"),
        ("bench/on_topic", "")]
OWN = ("seeds", "tests/articles", "tests/blind", "tests/blind2", "tests/blind3", "tests/blind4", "tests/blind5",
       "bench/on_topic")


def run_sets(sets) -> dict:
    out = {}
    for name, gold in sets:
        folder = ROOT / name
        manifest = folder / "manifest.csv"
        rows = extract_rows([str(folder)], str(manifest) if manifest.exists() else None, say=lambda m: None)
        gold = gold if gold is not None else f"{name}/gold.csv"
        f1 = score(load_gold(ROOT / gold), normalise_rows(rows))["stance_f1"] if gold and (ROOT / gold).exists() else None
        out[name] = (rows, f1)
    return out


def key(r: dict) -> tuple:
    return (r["article_id"], r["leader"], r["country"], r["position"], r["quote"][:80])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", default="")
    ap.add_argument("--write-cases", action="store_true")
    ap.add_argument("--own-only", action="store_true", help="only our own sets (fast: for cases)")
    args = ap.parse_args()
    sets = [(n, g) for n, g in SETS if (ROOT / n).is_dir() and (not args.own_only or n in OWN)]
    names = [n for n in args.rules.split(",") if n] or sorted(catalogue.all_rules())
    os.environ.pop(registry.ENV, None)
    base = run_sets(sets)
    print("rule".ljust(24) + " ".join(n.split("/")[-1][:8].rjust(8) for n, _ in sets) + "  rows changed")
    print("(all on)".ljust(24) + " ".join(f"{base[n][1]:8.3f}" if base[n][1] is not None else "       -" for n, _ in sets))
    cases = []
    for rule in names:
        os.environ[registry.ENV] = rule
        off = run_sets(sets)
        cells, changed = [], 0
        own_cases: dict[str, tuple] = {}
        for n, _ in sets:
            f1 = off[n][1]
            cells.append(f"{f1 - base[n][1]:+8.3f}" if f1 is not None else "       -")
            a, b = {key(r) for r in base[n][0]}, {key(r) for r in off[n][0]}
            changed += len(a ^ b)
            if n in OWN:
                for k in sorted(a ^ b):
                    own_cases.setdefault(k[0], (n, k, k in a))
        print(rule.ljust(24) + " ".join(cells) + f"  {changed}")
        sys.stdout.flush()
        for article_id, (n, k, lost) in list(own_cases.items())[:2]:
            cases.append({"rule": rule, "article": f"{n}/{article_id}", "leader": k[1], "country": k[2],
                          "position": k[3], "when_off": "gone" if lost else "appears"})
    os.environ.pop(registry.ENV, None)
    if args.write_cases:
        path = ROOT / "tests/rule_cases.csv"
        if path.exists():   # the cases of rules not measured in this run are kept
            kept = [c for c in csv.DictReader(path.open(encoding="utf-8")) if c["rule"] not in names]
            cases = sorted(kept + cases, key=lambda c: c["rule"])
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, ["rule", "article", "leader", "country", "position", "when_off"])
            w.writeheader()
            w.writerows(cases)
        print(f"wrote {len(cases)} cases to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
