"""A row's confidence: the chance, measured on real news, that its judgement is right.

A judgement is right when its (article, holder, stance) is in the gold (`extract.evaluate`). All the
rows of one holder in an article carry the same judgement (`consolidate` keeps one position per
holder), so they get one confidence: a logistic score of a few features of the holder's rows,

    confidence = 1 / (1 + exp(-(intercept + sum of weight * feature)))

with the weights read from `rules/confidence_model.csv`, which `bench/calibrate.py --write` fits on
the real-news dev sets (tests/real's dev split, tests/real3) and checks band by band. The features
read only the rows' own columns, so a table can be re-scored from its CSV. The score orders nothing
and drops nothing: the rows are the same whatever the weights.
"""
from __future__ import annotations

import csv
import functools
import math
from pathlib import Path

from ..actors.mentions import PRONOUNS
from ..lexicon import RULES

MODEL = RULES / "confidence_model.csv"
PERSONAL_PRONOUNS = frozenset(PRONOUNS)


def _named(rows: list[dict]) -> bool:
    return any(r["leader"] and r["mention"].strip().lower() not in PERSONAL_PRONOUNS for r in rows)


# name -> (what it measures, its value for one holder's rows in one article). Each is cheap and
# reads only the table's columns; bench/calibrate.py fits one weight per name.
FEATURES = {
    "oppose": ("the position is oppose (support is the baseline)",
               lambda rows: float(rows[0]["position"] == "oppose")),
    "conditional": ("the position is conditional",
                    lambda rows: float(rows[0]["position"] == "conditional")),
    "named": ("a row names the holder (name, surname or title), not only 'he'/'she' or a government",
              lambda rows: float(_named(rows))),
    "other_role": ("the holder is neither a head nor a minister nor a government (an official, an envoy, "
                   "an opposition leader: role_kind 'other')",
                   lambda rows: float(rows[0].get("role_kind") == "other")),
    "anaphor": ("every row found the topic through 'the idea', 'the plan' (rule anaphor), none through a topic term",
                lambda rows: float(all("anaphor" in r["rule"].split(" / ") for r in rows))),
    "learned": ("the holder's rows were made by the learned fallback (rule learned_fallback), not by a rule",
                lambda rows: float(all("learned_fallback" in r["rule"].split(" / ") for r in rows))),
    "agreement": ("log2 of the holder's rows in the article, one per sentence, all with the same position: "
                  "0 for one sentence, 1 for two, 2 for four",
                  lambda rows: math.log2(len(rows))),
}


class ModelError(ValueError):
    """The confidence model file cannot be used (it names the file and the reason)."""


@functools.lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> dict[str, float]:
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    weights: dict[str, float] = {}
    for r in csv.DictReader(lines):
        name = (r.get("feature") or "").strip()
        if name != "intercept" and name not in FEATURES:
            raise ModelError(f"{path}: unknown feature '{name}' (known: intercept, {', '.join(FEATURES)})")
        try:
            weights[name] = float(r.get("weight") or "")
        except ValueError:
            raise ModelError(f"{path}: feature '{name}' has no numeric weight ({r.get('weight')!r})") from None
    if "intercept" not in weights:
        raise ModelError(f"{path}: no 'intercept' row")
    return weights


def load_model(path: str | Path | None = None) -> dict[str, float]:
    """feature -> weight, with 'intercept'; a feature the file does not list has weight 0."""
    p = Path(path or MODEL)
    if not p.is_file():
        raise ModelError(f"{p}: the confidence model is missing (bench/calibrate.py --write makes it)")
    return _read(str(p), p.stat().st_mtime)


def holder_key(r: dict) -> tuple:
    """One judgement: the same holder (a person, or a government with no person) on one topic."""
    return (r["article_id"], r.get("topic", ""), r["leader"], r["country"] if not r["leader"] else "")


def features(rows: list[dict]) -> dict[str, float]:
    """The features of one holder's rows in one article (all with one position)."""
    return {name: f(rows) for name, (_what, f) in FEATURES.items()}


def probability(feats: dict[str, float], model: dict[str, float]) -> float:
    z = model["intercept"] + sum(model.get(name, 0.0) * v for name, v in feats.items())
    return 1.0 / (1.0 + math.exp(-z))


def value(feats: dict[str, float], model: dict[str, float]) -> float:
    """The confidence a holder's features give: the probability, two decimals, within 0.01-0.99."""
    return min(max(round(probability(feats, model), 2), 0.01), 0.99)


def calibrated(rows: list[dict], model: dict[str, float] | None = None) -> list[dict]:
    """The rows, in their order, each with `confidence` set to its holder's estimated chance of being
    right (two decimals, within 0.01-0.99)."""
    model = model if model is not None else load_model()
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(holder_key(r), []).append(r)
    conf = {k: value(features(g), model) for k, g in groups.items()}
    return [{**r, "confidence": conf[holder_key(r)]} for r in rows]
