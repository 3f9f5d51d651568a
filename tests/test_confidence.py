"""judge.confidence: a row's confidence is its holder's chance of being right, by the weights that
bench/calibrate.py fitted on real news and saved in extract/rules/confidence_model.csv. The articles
here are written for the test."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from extract.judge import confidence
from extract.judge.confidence import FEATURES, ModelError, calibrated, features, load_model
from extract.run.article import extract_article
from extract.schema import Article

ROOT = Path(__file__).resolve().parents[1]
ONE = "Danish Prime Minister Mette Frederiksen said Denmark is ready to send troops to Ukraine."
TWO = ONE + " Later in the day Frederiksen repeated that Danish soldiers could deploy to Ukraine within weeks."


def rows_of(text: str, article_id: str = "t") -> list[dict]:
    return extract_article(Article(article_id, text, published="2025-03-05"))


def expected(model: dict, **feats: float) -> float:
    z = model["intercept"] + sum(model.get(k, 0.0) * v for k, v in feats.items())
    return round(1 / (1 + math.exp(-z)), 2)


def test_two_agreeing_sentences_share_one_confidence_with_the_agreement_weight():
    model = load_model()
    # Fitted on the real dev sets the agreement weight is small (-0.12 on nine sets, round 8): a second
    # sentence saying the same adds no measurable reliability. A large weight either way should be looked at.
    assert abs(model["agreement"]) < 0.5
    [one] = rows_of(ONE)
    two = rows_of(TWO)
    assert (one["leader"], one["position"]) == ("Mette Frederiksen", "support")
    assert [(r["leader"], r["position"]) for r in two] == [("Mette Frederiksen", "support")] * 2
    assert two[0]["confidence"] == two[1]["confidence"]   # one judgement, one confidence
    assert one["confidence"] == expected(model, named=1)
    assert two[0]["confidence"] == expected(model, named=1, agreement=1)


def test_the_weights_come_from_the_model_file():
    """Every confidence is the file's formula; the file's header says how it was fitted."""
    text = confidence.MODEL.read_text(encoding="utf-8")
    assert "bench/calibrate.py --write" in text and "tests/real3" in text
    model = load_model()
    assert set(model) == {"intercept", *FEATURES}
    cases = {
        "named supporter": (ONE, dict(named=1)),
        "pronoun only": ("Danish Prime Minister Mette Frederiksen visited Kyiv. She said Denmark is ready to send "
                         "troops to Ukraine.", {}),
        "a government": ("Denmark is ready to send troops to Ukraine, the Danish government said.", {}),
        "named opposer": ("Danish Prime Minister Mette Frederiksen said Denmark will not send troops to Ukraine.",
                          dict(named=1, oppose=1)),
        "through 'the idea'": ("Leaders discussed sending European troops to Ukraine. Danish Prime Minister Mette "
                               "Frederiksen said she backs the idea.", dict(anaphor=1)),
    }
    for name, (text, feats) in cases.items():
        [row] = rows_of(text)
        assert row["confidence"] == expected(model, **feats), name


def test_another_model_file_changes_only_the_confidence(tmp_path, monkeypatch):
    before = rows_of(TWO)
    path = tmp_path / "confidence_model.csv"
    path.write_text("# a test model\nfeature,weight\nintercept,-1.0\nagreement,2.0\n", encoding="utf-8")
    monkeypatch.setattr(confidence, "MODEL", path)
    after = rows_of(TWO)
    assert [r["confidence"] for r in after] == [expected({"intercept": -1.0, "agreement": 2.0}, agreement=1)] * 2 == [0.73] * 2
    strip = lambda rows: [{k: v for k, v in r.items() if k != "confidence"} for r in rows]
    assert strip(after) == strip(before)


@pytest.mark.parametrize("body, reason", [
    ("feature,weight\nintercept,0.1\nloudness,2\n", "unknown feature 'loudness'"),
    ("feature,weight\nintercept,0.1\nnamed,high\n", "feature 'named' has no numeric weight"),
    ("feature,weight\nnamed,0.4\n", "no 'intercept' row"),
])
def test_a_bad_model_file_is_named_with_the_reason(tmp_path, body, reason):
    path = tmp_path / "model.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ModelError, match=reason) as err:
        load_model(path)
    assert str(path) in str(err.value)
    with pytest.raises(ModelError, match="missing"):
        load_model(tmp_path / "absent.csv")


def _row(**kw) -> dict:
    return {"article_id": "a", "topic": "troops_to_ukraine", "leader": "A B", "country": "X", "role_kind": "head",
            "position": "support", "mention": "A B", "rule": "subject / cue_support", "confidence": None, **kw}


def test_features_read_only_the_rows_columns():
    assert features([_row()]) == {"oppose": 0, "conditional": 0, "named": 1, "other_role": 0, "anaphor": 0,
                                  "learned": 0, "agreement": 0}
    assert features([_row(rule="learned_fallback")])["learned"] == 1
    assert features([_row(mention="she"), _row(mention="He")])["named"] == 0
    assert features([_row(mention="she"), _row(mention="Ms B")]) == {**features([_row()]), "agreement": 1.0}
    assert features([_row(leader="", mention="Berlin", role_kind="government")])["named"] == 0
    assert features([_row(role_kind="other", position="oppose")])["other_role"] == 1
    f = features([_row(rule="subject / anaphor / cue_support"), _row(rule="subject / cue_support")])
    assert f["anaphor"] == 0 and f["agreement"] == 1   # one row found the topic by a topic term
    assert features([_row()] * 4)["agreement"] == 2


def test_calibrated_keeps_the_rows_and_gives_each_holder_one_value():
    rows = [_row(quote="q1"), _row(leader="C D", position="oppose", quote="q2"), _row(quote="q3")]
    out = calibrated(rows, {"intercept": 0.0, "agreement": 1.0, "oppose": 0.5})
    assert [{k: v for k, v in r.items() if k != "confidence"} for r in out] == \
        [{k: v for k, v in r.items() if k != "confidence"} for r in rows]
    assert [r["confidence"] for r in out] == [0.73, 0.62, 0.73]
    assert all(r["confidence"] is None for r in rows)   # the input is not changed


def test_calibrate_fit_recovers_the_direction_of_a_feature():
    sys.path.insert(0, str(ROOT / "bench"))
    import calibrate
    rng = np.random.default_rng(0)
    x = np.zeros((400, len(FEATURES)))
    x[:, list(FEATURES).index("oppose")] = rng.integers(0, 2, 400)
    y = (rng.random(400) < np.where(x[:, list(FEATURES).index("oppose")] == 1, 0.9, 0.6)).astype(float)
    w = calibrate.fit(x, y)
    assert w["oppose"] > 1.0 and abs(w["anaphor"]) < 1e-9   # a feature that never fires keeps weight 0
    scored = [(0.9, True, 2), (0.85, True, 1), (0.8, False, 1), (0.6, False, 3)]
    assert calibrate.threshold(scored) == ">= 0.85: 3/3 rows right (100%)"
    assert [(b["band"], b["rows"], b["right"], b["holders"]) for b in calibrate.bands(scored)][:3] == \
        [("0.9-1.0", 2, 2, 1), ("0.8-0.9", 2, 1, 2), ("0.7-0.8", 0, 0, 0)]
