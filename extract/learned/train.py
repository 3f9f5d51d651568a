"""Train a topic's fallback model on real annotated articles, and say what it is worth.

    python -m extract.learned.train troops_to_ukraine tests/real tests/real2 ... [--cv] [--write]
    python -m extract.learned.train nato_spending tests/real_spending#dev tests/real_spending#heldout ...

A set is a folder with gold.csv, texts/ and sources.csv, or `folder#split`: the articles of that
split in sources.csv, scored against `<split>_gold.csv` (`dev`: gold.csv). The texts are not in
the repository (tests/real*/README.md says how to fetch them); the weights it writes are.

`--cv` scores leave-one-set-out: the model trained on the other sets adds rows to the rules' rows
of the set left out, which is what a set nobody trained on gets. It prints each set's stance F1
without and with the model at each threshold; the threshold written is the best pooled one.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from ..evaluate import fold, load_gold, normalise_rows, same_person, score
from . import fallback
from .model import Model, model_path, save_model

THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def read_set(spec: str, topic: str):
    """(name, gold rows, the rules' rows, [(article_id, key, features)]) of one set."""
    from ..nlp.parse import load_nlp
    from ..run.article import extract_articles
    from ..text.read import iter_input_paths, load_manifest, read_inputs
    from ..topic.topics import load_topic
    folder, _, split = spec.partition("#")
    base = Path(folder)
    gold = load_gold(base / (f"{split}_gold.csv" if split and split != "dev" else "gold.csv"))
    meta = load_manifest(str(base / "sources.csv"))
    with open(base / "sources.csv", newline="", encoding="utf-8") as fh:
        keep = {r["article_id"] for r in csv.DictReader(fh) if not split or r.get("split") == split}
    arts = [got for _, got in read_inputs(iter_input_paths([str(base / "texts")]), meta)
            if hasattr(got, "text") and got.article_id in keep]
    fallback.RECORD = records = []
    try:
        rows = []
        for art, got in extract_articles(arts, load_topic(topic), load_nlp()):
            if isinstance(got, list):
                rows += got
            else:
                print(f"skipped: {got}", file=sys.stderr)
    finally:
        fallback.RECORD = None
    return spec, gold, rows, records


def label(gold: list[dict], article_id: str, key: tuple) -> str:
    """The gold stance of a holder in an article, or 'none'."""
    name, country = key
    for g in gold:
        if g["article_id"] != article_id:
            continue
        if name and g["person"] and same_person(name, g["person"]):
            return g["stance"]
        if not name and not g["person"] and fold(country) == fold(g["country"]):
            return g["stance"]
    return "none"


def fit(sets, c: float = 0.5) -> tuple:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    feats = [f for _, gold, _, recs in sets for _, _, f in recs]
    ys = [label(gold, a, k) for _, gold, _, recs in sets for a, k, _ in recs]
    vec = DictVectorizer()
    clf = LogisticRegression(C=c, max_iter=3000).fit(vec.fit_transform(feats), ys)
    return vec, clf


def to_model(vec, clf, threshold: float, trained_on=()) -> Model:
    names = vec.get_feature_names_out()
    coef = clf.coef_ if len(clf.classes_) > 2 else [-clf.coef_[0] / 2, clf.coef_[0] / 2]
    bias = clf.intercept_ if len(clf.classes_) > 2 else [-clf.intercept_[0] / 2, clf.intercept_[0] / 2]
    weights = {n: tuple(float(coef[k][j]) for k in range(len(clf.classes_))) for j, n in enumerate(names)}
    weights = {n: w for n, w in weights.items() if any(abs(x) > 1e-4 for x in w)}
    return Model(tuple(clf.classes_), weights, tuple(float(b) for b in bias), threshold, tuple(trained_on))


def with_model(model: Model, rows: list[dict], records: list) -> list[dict]:
    """The rules' rows plus the model's (as score reads them)."""
    out = normalise_rows(rows) if rows else []
    for article_id, (name, country), feats in records:
        position, _ = model.decide(feats)
        if position:
            out.append({"article_id": article_id, "person": name, "country": country, "stance": position})
    return out


def cross_validate(sets, c: float) -> dict[float, tuple]:
    """threshold -> (pooled correct, predicted, gold) with the model, and per-set lines printed."""
    pooled = {t: [0, 0, 0] for t in (1.01, *THRESHOLDS)}
    for i, (name, gold, rows, recs) in enumerate(sets):
        vec, clf = fit([s for j, s in enumerate(sets) if j != i], c)
        line = []
        for t in pooled:
            res = score(gold, with_model(to_model(vec, clf, t), rows, recs))
            for k, v in enumerate((res["correct"], res["predicted"], res["gold"])):
                pooled[t][k] += v
            line.append(f"{res['stance_f1']:.3f}")
        print(f"{name:32s} rules {line[0]}  with model " + " ".join(f"{t}:{v}" for t, v in zip(THRESHOLDS, line[1:])))
    return pooled


def f1(c: int, p: int, g: int) -> float:
    return 2 * c / (p + g) if p + g else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("topic")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--cv", action="store_true", help="score leave-one-set-out first")
    ap.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("--threshold", type=float, help="write this threshold (default: the best pooled in --cv, else 0.5)")
    ap.add_argument("--write", action="store_true", help=f"write {model_path('TOPIC')}")
    args = ap.parse_args(argv)
    sets = [read_set(s, args.topic) for s in args.sets]
    n = sum(len(r) for *_, r in sets)
    print(f"{n} candidate holders, {sum(label(g, a, k) != 'none' for _, g, _, r in sets for a, k, _ in r)} with a gold position")
    threshold = args.threshold or 0.5
    if args.cv:
        pooled = cross_validate(sets, args.c)
        for t, (c, p, g) in pooled.items():
            print(f"pooled {'rules alone' if t > 1 else f'threshold {t}'}: F1 {f1(c, p, g):.3f} ({c} right of {p}, gold {g})")
        if args.threshold is None:
            threshold = max(THRESHOLDS, key=lambda t: f1(*pooled[t]))
    if args.write:
        vec, clf = fit(sets, args.c)
        path = model_path(args.topic)
        save_model(to_model(vec, clf, threshold, [s for s, *_ in sets]), path)
        print(f"wrote {path} (threshold {threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
