"""Fit the rows' confidence on real news and print how right each confidence band is.

    .venv/bin/python bench/calibrate.py [--write]           # fit on the dev sets, print the band tables
    .venv/bin/python bench/calibrate.py --heldout           # also score the held-out sets (once, at the end)
    .venv/bin/python bench/calibrate.py --rule-precision [--write]   # the per-rule table of judge.rows

Confidence (extract/judge/confidence.py) is a logistic score of a few features of a holder's rows in
an article. This runs the extractor on the real-news dev sets — tests/real (its dev split: gold.csv)
tests/real3, tests/real4, tests/real5 and tests/real6 (all dev since their first score) — marks each judged holder right when its (article, holder, stance) is in
the gold (`evaluate.row_outcomes`), and fits the weights by ridge-penalised logistic regression (one
example per holder; RIDGE on every weight but the intercept). It prints the weights, then per set
the band table (rows, right, share right) with the model in the file, or with the new fit under
`--write`, which saves it as extract/rules/confidence_model.csv; and on dev, the same table when each
article is scored by weights fitted without it (leave one article out: what to expect on new text).
`--heldout` adds tests/real's heldout_gold.csv, tests/real2 and tests/real7, never fitted on.

`--rule-precision` is the older table, rules/rule_precision.csv: how often each rule's judgements are
right on tests/real, measured with that table off. It caps the evidence weight by which `consolidate`
settles a holder's disagreeing rows, so writing it can change which rows come out (check with
bench/compare_rows.py); the confidence fit cannot.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RIDGE = 2.0   # about 170 holders and 7 weights: enough to keep a rare feature from a wild weight
TARGET = 0.9  # the share right a band >= 0.8 should reach (issue 10)
BANDS = ((0.9, 1.01), (0.8, 0.9), (0.7, 0.8), (0.6, 0.7), (0.5, 0.6), (0.0, 0.5))
DEV = [("dev tests/real", "tests/real", "gold.csv"), ("dev tests/real3", "tests/real3", "gold.csv"),
       ("dev tests/real4", "tests/real4", "gold.csv"), ("dev tests/real5", "tests/real5", "gold.csv"),
       ("dev tests/real6", "tests/real6", "gold.csv")]
HELDOUT = [("held-out 1 tests/real", "tests/real", "heldout_gold.csv"), ("held-out 2 tests/real2", "tests/real2", "gold.csv"),
           ("held-out 3 tests/real7", "tests/real7", "gold.csv")]


def examples(rows: list[dict], gold: list[dict]) -> list[tuple[tuple, list[dict], bool]]:
    """(holder key, its rows, right?) for each holder of the rows that the gold judges."""
    from extract.evaluate import normalise_rows, row_outcomes
    from extract.judge.confidence import holder_key
    outcomes = row_outcomes(gold, normalise_rows(rows)) if rows else []
    groups: dict[tuple, list] = {}
    for r, o in zip(rows, outcomes):
        if o is not None:
            groups.setdefault(holder_key(r), []).append((r, o))
    return [(k, [r for r, _ in g], g[0][1] == "correct") for k, g in groups.items()]


def design(exs) -> tuple[np.ndarray, np.ndarray]:
    from extract.judge.confidence import FEATURES, features
    x = np.array([[features(rows)[n] for n in FEATURES] for _k, rows, _y in exs], dtype=float).reshape(-1, len(FEATURES))
    return x, np.array([y for _k, _r, y in exs], dtype=float)


def fit(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE) -> dict[str, float]:
    """Ridge logistic regression by Newton's method: {'intercept': w0, feature: w, ...}."""
    from extract.judge.confidence import FEATURES
    a = np.column_stack([np.ones(len(x)), x])
    w = np.zeros(a.shape[1])
    pen = np.eye(a.shape[1]) * ridge
    pen[0, 0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-a @ w))
        step = np.linalg.solve(a.T @ (a * (p * (1 - p))[:, None]) + pen, a.T @ (p - y) + pen @ w)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return dict(zip(["intercept", *FEATURES], (round(float(v), 3) for v in w)))


def bands(scored: list[tuple[float, bool, int]]) -> list[dict]:
    """scored: (confidence, right, rows of the holder) per holder -> per band: rows, right rows, holders, right."""
    out = []
    for lo, hi in BANDS:
        inb = [s for s in scored if lo <= s[0] < hi]
        out.append({"band": f"{lo:.1f}-{min(hi, 1.0):.1f}", "rows": sum(n for _c, _y, n in inb),
                    "right": sum(n for _c, y, n in inb if y), "holders": len(inb), "holders_right": sum(y for _c, y, _n in inb)})
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:3.0f}%" if b else "   -"


def threshold(scored: list[tuple[float, bool, int]], target: float = TARGET) -> str:
    """The lowest confidence t at which the rows at t or above are at least `target` right."""
    for t in sorted({c for c, _y, _n in scored}):
        above = [(y, n) for c, y, n in scored if c >= t]
        rows, right = sum(n for _y, n in above), sum(n for y, n in above if y)
        if right >= target * rows:
            return f">= {t:.2f}: {right}/{rows} rows right ({_pct(right, rows).strip()})"
    return "none"


def report(name: str, scored: list[tuple[float, bool, int]]) -> None:
    print(f"\n{name}: band   rows right   %   | holders right   %")
    for b in bands(scored):
        print(f"  {b['band']:>9} {b['rows']:>6} {b['right']:>5} {_pct(b['right'], b['rows'])} |"
              f" {b['holders']:>7} {b['holders_right']:>5} {_pct(b['holders_right'], b['holders'])}")
    hi = [s for s in scored if s[0] >= 0.8]
    rows, right = sum(n for *_x, n in hi), sum(n for _c, y, n in hi if y)
    print(f"  >= 0.8: {right}/{rows} rows right ({_pct(right, rows).strip()}); "
          f"{TARGET:.0%} right from confidence {threshold(scored)}")


def score_with(model, exs) -> list[tuple[float, bool, int]]:
    from extract.judge.confidence import calibrated
    out = []
    for _k, rows, y in exs:
        out.append((calibrated(rows, model)[0]["confidence"], y, len(rows)))
    return out


def leave_one_article_out(exs) -> list[tuple[float, bool, int]]:
    from extract.judge.confidence import calibrated
    out = []
    for art in sorted({k[0] for k, _r, _y in exs}):
        model = fit(*design([e for e in exs if e[0][0] != art]))
        out += [(calibrated(rows, model)[0]["confidence"], y, len(rows)) for k, rows, y in exs if k[0] == art]
    return out


def write_model(model: dict[str, float], n: int, path: Path) -> None:
    from extract.judge.confidence import FEATURES
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# Confidence model (extract/judge/confidence.py): confidence = 1 / (1 + exp(-(intercept + sum of "
                f"weight x feature))).\n# Fitted {dt.date.today()} by bench/calibrate.py --write on {n} judged holders of "
                f"the real-news dev sets (tests/real split dev, tests/real3, tests/real4, tests/real5): ridge logistic regression (ridge {RIDGE}), "
                "right = the (article, holder, stance) is in the gold. Held-out sets were not read.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["feature", "weight", "meaning"])
        w.writerow(["intercept", model["intercept"], "log-odds of a named supporter's judgement from one sentence, every feature 0"])
        for name, (what, _f) in FEATURES.items():
            w.writerow([name, model[name], what])


def extract(folder: str) -> list[dict]:
    from extract.evaluate import extract_rows
    texts = ROOT / folder / "texts"
    if not texts.is_dir():
        raise SystemExit(f"{folder}/texts is missing: re-create it from {folder}/sources.csv (see its README)")
    return extract_rows([str(texts)], str(ROOT / folder / "sources.csv"), say=lambda m: None)


def confidence_main(args) -> int:
    from extract.evaluate import load_gold
    from extract.judge.confidence import MODEL, load_model
    rows = {folder: extract(folder) for folder in dict.fromkeys(f for _n, f, _g in DEV + (HELDOUT if args.heldout else []))}
    dev = {name: examples(rows[folder], load_gold(ROOT / folder / gold)) for name, folder, gold in DEV}
    all_dev = [e for exs in dev.values() for e in exs]
    fitted = fit(*design(all_dev))
    print(f"fitted on {len(all_dev)} dev holders (ridge {RIDGE}):", ", ".join(f"{k} {v:+.2f}" for k, v in fitted.items()))
    if args.write:
        write_model(fitted, len(all_dev), MODEL)
        print(f"wrote {MODEL.relative_to(ROOT)}")
    model = fitted if args.write else load_model()
    print("model used below:", ", ".join(f"{k} {v:+.2f}" for k, v in model.items()))
    for name, exs in dev.items():
        report(name, score_with(model, exs))
    report("dev, both sets", score_with(model, all_dev))
    report("dev, both sets, each article scored by weights fitted without it", leave_one_article_out(all_dev))
    if args.heldout:
        for name, folder, gold in HELDOUT:
            report(name, score_with(model, examples(rows[folder], load_gold(ROOT / folder / gold))))
    return 0


def rule_precision_main(args) -> int:
    os.environ["COALITION_NO_CALIBRATION"] = "1"   # measured with the cap off, so the table does not feed on itself
    from extract.evaluate import load_gold, normalise_rows, score
    out = ROOT / "extract/rules/rule_precision.csv"
    result = score(load_gold(ROOT / "tests/real/gold.csv"), normalise_rows(extract("tests/real")))
    table = []
    for name, c in sorted(result["by_rule"].items()):
        n = c["correct"] + c["wrong"] + c["spurious"]
        table.append({"rule": name, "judged": n, "correct": c["correct"], "precision": round((c["correct"] + 1) / (n + 2), 2)})
    for t in table:
        print(f"{t['rule']:<24} {t['correct']:>4}/{t['judged']:<4} {t['precision']}")
    if args.write:
        with out.open("w", encoding="utf-8", newline="") as f:
            f.write(f"# Share of judgements right per rule on the real-news dev set (tests/real/gold.csv), "
                    f"smoothed (correct+1)/(judged+2); measured {dt.date.today()} by bench/calibrate.py --rule-precision.\n")
            w = csv.DictWriter(f, ["rule", "judged", "correct", "precision"])
            w.writeheader()
            w.writerows(table)
        print(f"wrote {out.relative_to(ROOT)}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="save the fit (the confidence model, or the rule table)")
    ap.add_argument("--heldout", action="store_true", help="also print the held-out sets' bands (never fitted on)")
    ap.add_argument("--rule-precision", action="store_true", help="measure rules/rule_precision.csv instead")
    args = ap.parse_args()
    return rule_precision_main(args) if args.rule_precision else confidence_main(args)


if __name__ == "__main__":
    sys.exit(main())
