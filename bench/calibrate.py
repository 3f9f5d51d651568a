"""Measure how often each rule's judgements are right on real news, for the rows' confidence.

    .venv/bin/python bench/calibrate.py [--write]

Runs the extractor on the real-news dev set (tests/real: its texts must be present, see its
README) and counts, for each rule named in a judged holder's rows, the judgements that were right,
wrong or spurious. The smoothed share right, (correct + 1) / (judged + 2), is the most a row made by
that rule can claim: `judge.rows` caps a row's confidence at the lowest share among its rules.
`--write` saves the table as extract/rules/rule_precision.csv (the held-out real articles are not
read). Confidence is measured with the cap off, so the table does not feed on itself.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["COALITION_NO_CALIBRATION"] = "1"

from extract.evaluate import extract_rows, load_gold, normalise_rows, score  # noqa: E402

OUT = ROOT / "extract/rules/rule_precision.csv"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    texts = ROOT / "tests/real/texts"
    if not texts.is_dir():
        print("tests/real/texts is missing: re-create it from tests/real/sources.csv (see its README)")
        return 2
    rows = extract_rows([str(texts)], str(ROOT / "tests/real/sources.csv"), say=lambda m: None)
    result = score(load_gold(ROOT / "tests/real/gold.csv"), normalise_rows(rows))
    table = []
    for name, c in sorted(result["by_rule"].items()):
        n = c["correct"] + c["wrong"] + c["spurious"]
        table.append({"rule": name, "judged": n, "correct": c["correct"],
                      "precision": round((c["correct"] + 1) / (n + 2), 2)})
    for t in table:
        print(f"{t['rule']:<24} {t['correct']:>4}/{t['judged']:<4} {t['precision']}")
    print("by confidence:", result["by_confidence"])
    if args.write:
        with OUT.open("w", encoding="utf-8", newline="") as f:
            f.write(f"# Share of judgements right per rule on the real-news dev set (tests/real/gold.csv), "
                    f"smoothed (correct+1)/(judged+2); measured {dt.date.today()} by bench/calibrate.py.\n")
            w = csv.DictWriter(f, ["rule", "judged", "correct", "precision"])
            w.writeheader()
            w.writerows(table)
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
