"""Score extracted positions against a gold annotation file.

(Over 300 lines on purpose: it mirrors shared/eval/score.py rule for rule, so the two can be read
side by side, and adds the trace reports: by rule, by confidence band, per article.)

    python -m extract.evaluate --gold GOLD.csv --pred PRED.csv [--json] [--min-f1 F]
    python -m extract.evaluate --gold GOLD.csv --articles DIR [DIR/FILE ...] [--manifest M.csv]
                               [--topic NAME] [--model NAME] [--save-pred OUT.csv] [--json] [--min-f1 F]

With --articles the extraction runs here (same code as `python -m extract`)
and its rows are scored directly; when --manifest is not given and the first
input folder has a `manifest.csv`, that one is used.

The rules are those of the project's reference scorer (shared/eval/score.py),
ported here as pure functions so the tests and CI do not depend on it:

  * One judgement per (article, person). Gold rows with an empty person are
    positions attributed to a country's government; they match pred rows with
    an empty leader and the same country.
  * Pred rows whose position is not one of support / conditional / oppose
    are ignored (neutral mentions cost nothing).
  * Several pred rows for the same (article, person) collapse to their most
    frequent position; a tie between positions counts as 'mixed' (wrong).
  * Names match when they are equal after folding case, accents, titles and
    punctuation, or when the surnames agree (allowing small spelling
    variants) and so do the given names (or one side gives only the surname
    or an initial). Only pred rows of an article that the gold file covers
    are scored.

Prints the misses of each article, then precision / recall / F1 for finding
the people (ignoring stance) and for (person, stance) together, stance
accuracy on the people found, the confusion counts, and last
'stance_f1=<value>'.  Exit 1 if --min-f1 is given and stance F1 falls below
it, 2 on unusable input.
"""
from __future__ import annotations

import argparse
import collections
import csv
import difflib
import json
import sys
import unicodedata
from pathlib import Path

STANCES = ("support", "conditional", "oppose")
TITLES = {
    "sir", "lord", "dame", "mr", "mrs", "ms", "dr", "president", "prime",
    "minister", "chancellor", "king", "queen", "general", "gen", "the",
}
GOLD_COLUMNS = (("person", "leader"), ("stance", "position"))
PRED_COLUMNS = (("leader", "person"), ("position", "stance"))


class EvalInputError(Exception):
    """A gold or prediction file that cannot be scored (exit code 2)."""


# ---------------------------------------------------------------------------
# names

def fold(text: str | None) -> list[str]:
    """Lower-cased, accent-free word tokens with titles ('Sir', 'President') dropped."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(c if c.isalnum() or c.isspace() else " " for c in text.casefold())
    return [t for t in text.split() if t not in TITLES]


def same_person(a: str, b: str) -> bool:
    """Whether two names denote the same person under the scorer's rules."""
    ta, tb = fold(a), fold(b)
    if not ta or not tb:
        return not ta and not tb
    if ta == tb:
        return True
    shorter, longer = sorted((ta, tb), key=len)
    if len(shorter) >= 2 and longer[:len(shorter)] == shorter:
        return True  # 'Maria Malmer' ~ 'Maria Malmer Stenergard'
    if ta[-1] != tb[-1] and difflib.SequenceMatcher(None, ta[-1], tb[-1]).ratio() < 0.85:
        return False  # surnames differ ('Zelensky' ~ 'Zelenskyy' pass)
    ga, gb = ta[:-1], tb[:-1]
    if not ga or not gb:
        return True  # one side gives only the surname
    if ga[0][0] != gb[0][0]:
        return False
    if len(ga[0]) == 1 or len(gb[0]) == 1:
        return True  # an initial: 'K. Starmer'
    return difflib.SequenceMatcher(None, ga[0], gb[0]).ratio() >= 0.8  # 'Giorgia' ~ 'Georgia'


# ---------------------------------------------------------------------------
# rows

def normalise_rows(rows: list[dict], person_cols=PRED_COLUMNS[0], stance_cols=PRED_COLUMNS[1],
                   name: str = "rows") -> list[dict]:
    """Dict rows (a CSV's or the extractor's) -> [{article_id, person, country, stance}].

    The person and stance columns are the first of `person_cols` / `stance_cols`
    present in the first row. Raises EvalInputError when a column is missing."""
    if not rows:
        return []
    cols = rows[0].keys()
    pcol = next((c for c in person_cols if c in cols), None)
    scol = next((c for c in stance_cols if c in cols), None)
    missing = [n for n, c in (("article_id", "article_id" if "article_id" in cols else None),
                              ("person/leader", pcol), ("stance/position", scol)) if c is None]
    if missing:
        raise EvalInputError(f"{name} lacks column(s): {', '.join(missing)}")
    return [{
        "article_id": (r.get("article_id") or "").strip(),
        "person": (r.get(pcol) or "").strip(),
        "country": (r.get("country") or "").strip(),
        "stance": (r.get(scol) or "").strip().lower(),
        # the extractor's trace, when there is one: misses by rule, accuracy by confidence band
        **({"rule": r.get("rule") or ""} if "rule" in cols else {}),
        **({"confidence": r.get("confidence")} if "confidence" in cols else {}),
    } for r in rows]


def read_csv(path: str | Path, person_cols, stance_cols) -> list[dict]:
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise EvalInputError(f"cannot read {path}: {err}") from None
    return normalise_rows(rows, person_cols, stance_cols, name=str(path))


def load_gold(path: str | Path) -> list[dict]:
    """The gold rows with a scored stance (other labels are not judgements)."""
    return [g for g in read_csv(path, *GOLD_COLUMNS) if g["stance"] in STANCES]


def load_pred(path: str | Path) -> list[dict]:
    return read_csv(path, *PRED_COLUMNS)


# ---------------------------------------------------------------------------
# scoring

def collapse(pred_rows: list[dict]) -> dict[tuple, str]:
    """(article, display name, country) -> stance, one entry per judged holder."""
    return {key: stance for key, (stance, _rows) in judgements(pred_rows).items()}


def judgements(pred_rows: list[dict]) -> dict[tuple, tuple[str, list[dict]]]:
    """(article, display name, country) -> (stance, the rows behind it), one entry per judged holder."""
    groups: dict[tuple, list[dict]] = collections.defaultdict(list)
    for r in pred_rows:
        if r["stance"] not in STANCES:
            continue
        placed = False
        for key in groups:
            art, name, country = key
            if art != r["article_id"]:
                continue
            if r["person"] and name and same_person(name, r["person"]):
                groups[key].append(r)
                placed = True
                break
            if not r["person"] and not name and fold(country) == fold(r["country"]):
                groups[key].append(r)
                placed = True
                break
        if not placed:
            groups[(r["article_id"], r["person"], r["country"])].append(r)
    out = {}
    for key, rows in groups.items():
        counts = collections.Counter(x["stance"] for x in rows).most_common()
        stance = counts[0][0]
        if len(counts) > 1 and counts[1][1] == counts[0][1]:
            stance = "mixed"
        out[key] = (stance, rows)
    return out


CONFIDENCE_BANDS = ((0.8, 1.01), (0.7, 0.8), (0.6, 0.7), (0.5, 0.6), (0.0, 0.5))


def _confidence(rows: list[dict]) -> float | None:
    values = []
    for r in rows:
        try:
            values.append(float(r.get("confidence")))
        except (TypeError, ValueError):
            pass
    return max(values) if values else None


def _rules(rows: list[dict]) -> list[str]:
    names = [n.strip() for r in rows for n in (r.get("rule") or "").split(" / ") if n.strip()]
    return list(dict.fromkeys(names)) or ["(no rule)"]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def score(gold_rows: list[dict], pred_rows: list[dict]) -> dict:
    """The numbers of the reference scorer, plus a per-article breakdown ('articles').

    Both inputs are lists of {article_id, person, country, stance} (see
    `normalise_rows`); gold rows should already be restricted to STANCES."""
    return _scored(gold_rows, pred_rows)[0]


def row_outcomes(gold_rows: list[dict], pred_rows: list[dict]) -> list[str | None]:
    """For each pred row, the outcome of its holder's judgement in `score`: 'correct' (the article,
    holder and stance are in the gold), 'wrong' (the holder is, with another stance) or 'spurious';
    None for a row that is not scored (no stance, or an article the gold does not cover). What
    bench/calibrate.py fits the rows' confidence to."""
    _result, behind, outcome = _scored(gold_rows, pred_rows)
    of = {id(r): outcome[key] for key, (_s, rows) in behind.items() for r in rows}
    return [of.get(id(r)) for r in pred_rows]


def _scored(gold_rows: list[dict], pred_rows: list[dict]) -> tuple[dict, dict, dict]:
    """score's result, with the judged holders' rows ('behind') and each holder's outcome."""
    gold = gold_rows
    articles = {g["article_id"] for g in gold}
    pred = [p for p in pred_rows if p["article_id"] in articles]
    behind = judgements(pred)
    judged = {key: stance for key, (stance, _rows) in behind.items()}
    outcome: dict[tuple, str] = {}
    used: set[tuple] = set()
    found = correct = 0
    confusion: collections.Counter = collections.Counter()
    misses: list[str] = []
    per: dict[str, dict] = {a: {"gold": 0, "predicted": 0, "found": 0, "correct": 0, "errors": []}
                            for a in sorted(articles)}
    for g in gold:
        art = per[g["article_id"]]
        art["gold"] += 1
        match = None
        for key in judged:
            if key in used or key[0] != g["article_id"]:
                continue
            if g["person"]:
                ok = bool(key[1]) and same_person(key[1], g["person"])
            else:
                ok = not key[1] and fold(key[2]) == fold(g["country"])
            if ok:
                match = key
                break
        who = g["person"] or f"({g['country']})"
        if match is None:
            line = f"missed   {g['article_id']}: {who} [{g['stance']}]"
            misses.append(line)
            art["errors"].append(line)
            continue
        used.add(match)
        found += 1
        art["found"] += 1
        confusion[(g["stance"], judged[match])] += 1
        outcome[match] = "correct" if judged[match] == g["stance"] else "wrong"
        if judged[match] == g["stance"]:
            correct += 1
            art["correct"] += 1
        else:
            line = f"wrong    {g['article_id']}: {who} gold={g['stance']} pred={judged[match]}"
            misses.append(line)
            art["errors"].append(line)
    for key, stance in judged.items():
        per[key[0]]["predicted"] += 1
        if key not in used:
            outcome[key] = "spurious"
            line = f"spurious {key[0]}: {key[1] or '(' + key[2] + ')'} [{stance}]"
            misses.append(line)
            per[key[0]]["errors"].append(line)
    for art in per.values():
        art["stance_p"], art["stance_r"], art["stance_f1"] = prf(art["correct"], art["predicted"], art["gold"])
    det = prf(found, len(judged), len(gold))
    st = prf(correct, len(judged), len(gold))
    return {
        "gold": len(gold), "predicted": len(judged), "found": found, "correct": correct,
        "person_p": det[0], "person_r": det[1], "person_f1": det[2],
        "stance_p": st[0], "stance_r": st[1], "stance_f1": st[2],
        "stance_acc_on_found": round(correct / found, 3) if found else 0.0,
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        "errors": misses,
        "articles": per,
        "by_rule": _by_rule(behind, outcome),
        "by_confidence": _by_confidence(behind, outcome),
    }, behind, outcome


def _by_rule(behind: dict, outcome: dict) -> dict[str, dict[str, int]]:
    """Each rule named in a judged holder's rows: how many of those judgements were correct, wrong
    (the holder is in the gold with another stance) or spurious (not in the gold)."""
    out: dict[str, dict[str, int]] = {}
    for key, (_stance, rows) in behind.items():
        for name in _rules(rows):
            c = out.setdefault(name, {"correct": 0, "wrong": 0, "spurious": 0})
            c[outcome[key]] += 1
    return dict(sorted(out.items(), key=lambda kv: -(kv[1]["wrong"] + kv[1]["spurious"])))


def _by_confidence(behind: dict, outcome: dict) -> list[dict]:
    """Judged holders by their surest row's confidence: how many, and how many were right."""
    bands = []
    for lo, hi in CONFIDENCE_BANDS:
        keys = [k for k, (_s, rows) in behind.items()
                if (c := _confidence(rows)) is not None and lo <= c < hi]
        right = sum(outcome[k] == "correct" for k in keys)
        bands.append({"band": f"{lo:.1f}-{min(hi, 1.0):.1f}", "judged": len(keys), "correct": right,
                      "accuracy": round(right / len(keys), 3) if keys else None})
    return bands


def format_text(result: dict) -> str:
    """The text report: per-article misses, then the totals; last line 'stance_f1=<value>'."""
    lines = []
    for art_id, art in result.get("articles", {}).items():
        lines.append(f"article {art_id}: gold={art['gold']} predicted={art['predicted']} "
                     f"found={art['found']} correct={art['correct']} stance_f1={art['stance_f1']}"
                     + ("" if art["errors"] else "  ok"))
        lines.extend(f"  {e}" for e in art["errors"])
    lines.append(f"gold={result['gold']} predicted={result['predicted']} found={result['found']} "
                 f"correct={result['correct']}")
    lines.append(f"people:  P={result['person_p']} R={result['person_r']} F1={result['person_f1']}")
    lines.append(f"stance:  P={result['stance_p']} R={result['stance_r']} F1={result['stance_f1']} "
                 f"accuracy-on-found={result['stance_acc_on_found']}")
    lines.append("confusion (gold->pred): " + ", ".join(f"{k}={v}" for k, v in result["confusion"].items()))
    if result.get("by_rule") and set(result["by_rule"]) != {"(no rule)"}:
        lines.append("by rule (judged holders whose rows a rule made: correct / wrong / spurious):")
        lines.extend(f"  {name:<24} {c['correct']:>4} {c['wrong']:>4} {c['spurious']:>4}"
                     for name, c in result["by_rule"].items())
    if any(b["judged"] for b in result.get("by_confidence", ())):
        lines.append("by confidence (judged holders, correct, accuracy): " + ", ".join(
            f"{b['band']}: {b['judged']} {b['correct']} {b['accuracy']}" for b in result["by_confidence"]))
    lines.append(f"stance_f1={result['stance_f1']}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# running the extraction

def extract_rows(inputs: list[str], manifest: str | None = None, topic: str | None = None,
                 model: str | None = None, say=None) -> list[dict]:
    """Run the extractor over files/folders and return its rows (unreadable files are reported and skipped)."""
    from .nlp.parse import load_nlp
    from .run.article import extract_articles
    from .text.read import iter_input_paths, load_manifest, read_inputs
    from .schema import ArticleError
    from .topic.topics import load_topic

    say = say or (lambda msg: print(msg, file=sys.stderr))
    meta = load_manifest(manifest) if manifest else {}
    topic_obj = load_topic(topic)
    nlp = load_nlp(model)

    def articles():
        for _path, got in read_inputs(iter_input_paths(inputs), meta):
            if isinstance(got, ArticleError):
                say(f"skipped: {got}")
                continue
            if got.language:   # scored like any article: its gold rows count as missed
                say(f"not English: {got.name or got.article_id}: reads as {got.language}")
            yield got

    rows: list[dict] = []
    for _article, article_rows in extract_articles(articles(), topic_obj, nlp):
        if isinstance(article_rows, ArticleError):
            say(f"skipped: {article_rows}")
            continue
        rows.extend(article_rows)
    return rows


def _write_rows(path: str, rows: list[dict]) -> None:
    from .schema import COLUMNS
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True, help="gold CSV (article_id, person, country, stance)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--pred", help="positions CSV to score (article_id, leader, country, position)")
    src.add_argument("--articles", nargs="+", metavar="PATH", help="article files/folders to extract and score")
    ap.add_argument("--manifest", help="manifest CSV for --articles (default: manifest.csv in the first folder)")
    ap.add_argument("--topic", default=None, help="topic for --articles (default: the extractor's)")
    ap.add_argument("--model", default=None, help="spaCy model for --articles (default: the extractor's)")
    ap.add_argument("--save-pred", metavar="OUT.csv", help="with --articles, also write the extracted rows here")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--min-f1", type=float, default=None, help="exit 1 if stance F1 is below this")
    args = ap.parse_args(argv)
    from extract import settings
    from extract.io import store
    store.tidy(settings.data_dir())   # every command tidies what a killed add left in the data folder
    if args.manifest and not args.articles:
        ap.error("--manifest goes with --articles")
    try:
        gold = load_gold(args.gold)
        if args.pred:
            pred = load_pred(args.pred)
        else:
            manifest = args.manifest
            first = Path(args.articles[0])
            if manifest is None and first.is_dir() and (first / "manifest.csv").is_file():
                manifest = str(first / "manifest.csv")
                print(f"using manifest {manifest}", file=sys.stderr)
            from .schema import ArticleError
            try:
                rows = extract_rows(args.articles, manifest, args.topic, args.model)
            except (ArticleError, ValueError, RuntimeError, OSError) as err:  # bad manifest, topic, model
                raise EvalInputError(f"extraction failed: {err}") from None
            if args.save_pred:
                _write_rows(args.save_pred, rows)
            pred = normalise_rows(rows, name="extracted rows") if rows else []
    except EvalInputError as err:
        print(f"evaluate: {err}", file=sys.stderr)
        return 2
    result = score(gold, pred)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_text(result))
    if args.min_f1 is not None and result["stance_f1"] < args.min_f1:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
