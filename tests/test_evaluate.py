"""extract.evaluate: the scoring rules, agreement with the reference scorer, and the seeds' score."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract import evaluate
from extract.evaluate import same_person, score

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEEDS_MANIFEST = SEEDS / "manifest.csv"
SEEDS_GOLD = ROOT / "tests" / "seeds_gold.csv"
# The reference scorer lives in shared/ beside the checkout (absent in a lone clone).
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
MIN_SEED_F1 = 0.9
NUMBERS = ("gold", "predicted", "found", "correct", "person_p", "person_r", "person_f1",
           "stance_p", "stance_r", "stance_f1", "stance_acc_on_found")


def _reference_module():
    if not REFERENCE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# the seeds, end to end

@pytest.fixture(scope="module")
def seed_pred(tmp_path_factory) -> Path:
    """The extractor's rows for the seeds, written by the command line as a user would."""
    out = tmp_path_factory.mktemp("seeds") / "positions.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "extract", str(SEEDS), "-o", str(out), "--manifest", str(SEEDS_MANIFEST), "--quiet"],
        cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


def _evaluate_json(capsys, argv) -> tuple[int, dict]:
    code = evaluate.main(argv + ["--json"])
    return code, json.loads(capsys.readouterr().out)


def test_seeds_agree_with_reference_scorer(seed_pred, capsys):
    code, ours = _evaluate_json(capsys, ["--gold", str(SEEDS_GOLD), "--pred", str(seed_pred)])
    assert code == 0
    if not REFERENCE.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE}")
    proc = subprocess.run([sys.executable, str(REFERENCE), "--gold", str(SEEDS_GOLD), "--pred", str(seed_pred),
                           "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    assert {k: ours[k] for k in theirs} == theirs   # every number, the confusion and the error lines


def test_seeds_articles_mode_scores_like_pred_mode(tmp_path, capsys):
    saved = tmp_path / "pred.csv"
    _, from_run = _evaluate_json(capsys, ["--gold", str(SEEDS_GOLD), "--articles", str(SEEDS),
                                          "--manifest", str(SEEDS_MANIFEST), "--save-pred", str(saved)])
    _, from_file = _evaluate_json(capsys, ["--gold", str(SEEDS_GOLD), "--pred", str(saved)])
    assert from_run == from_file
    assert from_run["gold"] == 12 and from_run["predicted"] > 0


def test_seeds_stance_f1(seed_pred, capsys):
    code = evaluate.main(["--gold", str(SEEDS_GOLD), "--pred", str(seed_pred), "--min-f1", str(MIN_SEED_F1)])
    report = capsys.readouterr().out
    assert code == 0, report
    last = report.strip().splitlines()[-1]
    assert last.startswith("stance_f1=")
    assert float(last.split("=")[1]) >= MIN_SEED_F1, report


def test_seed_gold_copy_matches_shared():
    shared = REFERENCE.parent / "seeds_gold.csv"
    if not shared.is_file():
        pytest.skip("shared/eval not beside the checkout")
    assert SEEDS_GOLD.read_bytes() == shared.read_bytes(), "tests/seeds_gold.csv is out of date: copy it again"


# ---------------------------------------------------------------------------
# the rules, as a table

def g(article, person, country, stance):
    return {"article_id": article, "person": person, "country": country, "stance": stance}


A, B = "a1", "a2"

# (id, gold rows, pred rows, (predicted, found, correct, stance_f1))
CASES = [
    ("exact", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "Keir Starmer", "United Kingdom", "support")], (1, 1, 1, 1.0)),
    ("zelensky-zelenskyy spelling", [g(A, "Volodymyr Zelenskyy", "Ukraine", "support")],
     [g(A, "Volodymyr Zelensky", "Ukraine", "support")], (1, 1, 1, 1.0)),
    ("surname only", [g(A, "Volodymyr Zelenskyy", "Ukraine", "support")],
     [g(A, "Zelensky", "Ukraine", "support")], (1, 1, 1, 1.0)),
    ("initial", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "K. Starmer", "United Kingdom", "support")], (1, 1, 1, 1.0)),
    ("wrong initial", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "J. Starmer", "United Kingdom", "support")], (1, 0, 0, 0.0)),
    ("titles dropped", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "Prime Minister Sir Keir Starmer", "United Kingdom", "support")], (1, 1, 1, 1.0)),
    ("accents and case", [g(A, "Pedro Sánchez", "Spain", "oppose")],
     [g(A, "PEDRO SANCHEZ", "Spain", "oppose")], (1, 1, 1, 1.0)),
    ("given-name variant", [g(A, "Giorgia Meloni", "Italy", "oppose")],
     [g(A, "Georgia Meloni", "Italy", "oppose")], (1, 1, 1, 1.0)),
    ("leading part of a long name", [g(A, "Maria Malmer Stenergard", "Sweden", "conditional")],
     [g(A, "Maria Malmer", "Sweden", "conditional")], (1, 1, 1, 1.0)),
    ("different given name", [g(A, "Emmanuel Macron", "France", "support")],
     [g(A, "Brigitte Macron", "France", "support")], (1, 0, 0, 0.0)),
    ("different surname", [g(A, "Olaf Scholz", "Germany", "oppose")],
     [g(A, "Olaf Scholl", "Germany", "oppose")], (1, 0, 0, 0.0)),   # surname similarity 0.83 < 0.85
    ("government row matches government row", [g(A, "", "Germany", "conditional")],
     [g(A, "", "germany", "conditional")], (1, 1, 1, 1.0)),
    ("person does not fill a government row", [g(A, "", "Germany", "conditional")],
     [g(A, "Olaf Scholz", "Germany", "conditional")], (1, 0, 0, 0.0)),
    ("government does not fill a person row", [g(A, "Olaf Scholz", "Germany", "oppose")],
     [g(A, "", "Germany", "oppose")], (1, 0, 0, 0.0)),
    ("government of another country", [g(A, "", "Germany", "conditional")],
     [g(A, "", "France", "conditional")], (1, 0, 0, 0.0)),
    ("majority of a holder's rows", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "Keir Starmer", "United Kingdom", "support"), g(A, "Starmer", "United Kingdom", "support"),
      g(A, "Keir Starmer", "United Kingdom", "oppose")], (1, 1, 1, 1.0)),
    ("tie is mixed", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "Keir Starmer", "United Kingdom", "support"), g(A, "Keir Starmer", "United Kingdom", "oppose")],
     (1, 1, 0, 0.0)),
    ("tie across name variants is mixed", [g(A, "Volodymyr Zelenskyy", "Ukraine", "support")],
     [g(A, "Zelensky", "Ukraine", "support"), g(A, "Volodymyr Zelenskyy", "Ukraine", "conditional")],
     (1, 1, 0, 0.0)),
    ("government tie is mixed", [g(A, "", "Poland", "oppose")],
     [g(A, "", "Poland", "oppose"), g(A, "", "Poland", "support")], (1, 1, 0, 0.0)),
    ("neutral rows cost nothing", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "Keir Starmer", "United Kingdom", "support"), g(A, "Keir Starmer", "United Kingdom", "neutral"),
      g(A, "Donald Trump", "United States", "")], (1, 1, 1, 1.0)),
    ("articles the gold lacks are ignored", [g(A, "Keir Starmer", "United Kingdom", "support")],
     [g(A, "Keir Starmer", "United Kingdom", "support"), g("other", "Donald Tusk", "Poland", "oppose")],
     (1, 1, 1, 1.0)),
    ("same person, other article", [g(A, "Keir Starmer", "United Kingdom", "support"),
                                    g(B, "Donald Tusk", "Poland", "oppose")],
     [g(B, "Keir Starmer", "United Kingdom", "support"), g(B, "Donald Tusk", "Poland", "oppose")],
     (2, 1, 1, 0.5)),
    ("spurious and missed", [g(A, "Keir Starmer", "United Kingdom", "support"),
                             g(A, "Donald Tusk", "Poland", "oppose")],
     [g(A, "Keir Starmer", "United Kingdom", "support"), g(A, "Viktor Orbán", "Hungary", "oppose")],
     (2, 1, 1, 0.5)),
    ("nothing predicted", [g(A, "Keir Starmer", "United Kingdom", "support")], [], (0, 0, 0, 0.0)),
]


@pytest.mark.parametrize("gold,pred,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(gold, pred, expected):
    result = score(gold, pred)
    assert (result["predicted"], result["found"], result["correct"], result["stance_f1"]) == expected
    reference = _reference_module()
    if reference is not None:
        theirs = reference.score(gold, pred)
        assert {k: result[k] for k in theirs} == theirs


def test_row_outcomes_give_each_row_its_holders_judgement():
    """What bench/calibrate.py fits the confidence to: every row of a holder shares the holder's outcome."""
    gold = [g(A, "Keir Starmer", "United Kingdom", "support"), g(A, "Donald Tusk", "Poland", "oppose"),
            g(A, "", "Germany", "conditional")]
    pred = [g(A, "Keir Starmer", "United Kingdom", "support"), g(A, "Starmer", "United Kingdom", "support"),
            g(A, "Donald Tusk", "Poland", "support"), g(A, "Viktor Orbán", "Hungary", "oppose"),
            g(A, "", "Germany", "conditional"), g(B, "Keir Starmer", "United Kingdom", "support"),
            {**g(A, "Mark Rutte", "NATO", "support"), "stance": "neutral"}]
    assert evaluate.row_outcomes(gold, pred) == ["correct", "correct", "wrong", "spurious", "correct", None, None]
    assert evaluate.row_outcomes(gold, []) == []


@pytest.mark.parametrize("a,b,same", [
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
    ("Zelenskyy", "Volodymyr Zelensky", True),
    ("K. Starmer", "Keir Starmer", True),
    ("Sir Keir Starmer", "Keir Starmer", True),
    ("President Emmanuel Macron", "Emmanuel Macron", True),
    ("Jonas Gahr Støre", "Jonas Gahr Store", False),  # ø has no accent-free decomposition: the reference scorer keeps it
    ("Emmanuel Macron", "Brigitte Macron", False),
    ("Donald Tusk", "Donald Trump", False),
    ("Keir Starmer", "", False),
    ("", "", True),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same
    assert same_person(b, a) is same


# ---------------------------------------------------------------------------
# the command line

def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_text_report_breaks_down_by_article(tmp_path, capsys):
    gold = _write(tmp_path / "gold.csv", "article_id,person,country,stance\n"
                  "a1,Keir Starmer,United Kingdom,support\n"
                  "a2,Donald Tusk,Poland,oppose\n"
                  "a2,,Germany,conditional\n")
    pred = _write(tmp_path / "pred.csv", "article_id,leader,country,position\n"
                  "a1,Keir Starmer,United Kingdom,support\n"
                  "a2,Donald Tusk,Poland,support\n")
    code = evaluate.main(["--gold", str(gold), "--pred", str(pred), "--min-f1", "0.9"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert lines[0].startswith("article a1: gold=1 predicted=1 found=1 correct=1") and lines[0].endswith("ok")
    assert lines[1].startswith("article a2: gold=2 predicted=1 found=1 correct=0")
    assert "  wrong    a2: Donald Tusk gold=oppose pred=support" in lines
    assert "  missed   a2: (Germany) [conditional]" in lines
    assert lines[-1] == "stance_f1=0.4"


def test_missing_column_is_exit_2(tmp_path, capsys):
    gold = _write(tmp_path / "gold.csv", "article_id,person,country,stance\na1,Keir Starmer,United Kingdom,support\n")
    pred = _write(tmp_path / "pred.csv", "article_id,name,country\na1,Keir Starmer,United Kingdom\n")
    assert evaluate.main(["--gold", str(gold), "--pred", str(pred)]) == 2
    assert "lacks column" in capsys.readouterr().err


def test_unreadable_file_is_exit_2(tmp_path, capsys):
    gold = _write(tmp_path / "gold.csv", "article_id,person,country,stance\n")
    assert evaluate.main(["--gold", str(gold), "--pred", str(tmp_path / "absent.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
