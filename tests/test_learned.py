"""The learned fallback (extract/learned): a holder named on the topic whom no rule read gets the
position the topic's model gives, when it is likely enough; the model's file is plain weights."""
from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from extract.learned import fallback, train
from extract.learned.features import holder_features
from extract.learned.model import Model, load_model, save_model
from extract.schema import Actor, Mention

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests/articles/rule_36_learned_fallback.txt"


def _rows(tmp_path, *extra):
    from extract import registry
    from extract.cli import main
    out = tmp_path / "rows.csv"
    with pytest.MonkeyPatch.context() as mp:   # --disable-rule sets the registry's variable for the process
        mp.delenv(registry.ENV, raising=False)
        return _cli_rows(main, out, extra)


def _cli_rows(main, out, extra):
    assert main([str(ARTICLE), "-o", str(out), "--quiet", "--no-cache",
                 "--manifest", str(ROOT / "tests/articles/manifest.csv"), *extra]) == 0
    return list(csv.DictReader(out.open(encoding="utf-8")))


def test_a_holder_no_rule_read_gets_the_models_position_with_its_sentence(tmp_path):
    rows = _rows(tmp_path)
    macron = [r for r in rows if r["leader"] == "Emmanuel Macron"]
    assert [(r["country"], r["position"], r["rule"]) for r in macron] == [("France", "support", "learned_fallback")]
    assert macron[0]["quote"].startswith("In Paris, the reassurance force is Emmanuel Macron's project")
    assert macron[0]["cue"].startswith("model 0.")          # says a model read it, and how sure it was
    assert float(macron[0]["cue"].split()[1]) >= load_model("troops_to_ukraine").threshold
    # Lavrov is named on the topic too, but the model is not sure enough of a position: no row
    assert not [r for r in rows if r["leader"] == "Sergei Lavrov"]


def test_switched_off_the_rule_gives_no_row(tmp_path):
    assert not [r for r in _rows(tmp_path, "--disable-rule", "learned_fallback") if r["leader"] == "Emmanuel Macron"]


def _mention(name, country, kind="name"):
    return Mention(0, 1, Actor(name, country, "President"), kind, name or country, 0)


def _place(mention, sent=None):
    from extract.attribution.window import Unlinked
    return Unlinked(mention, sent, None, False)


def test_only_holders_with_no_row_are_candidates():
    macron, france, starmer = _mention("Emmanuel Macron", "France"), _mention("", "France", "government"), \
        _mention("Keir Starmer", "United Kingdom")
    places = [_place(macron), _place(france), _place(starmer), _place(macron, "second sentence")]
    got = fallback.holder_places(places, held={("Keir Starmer", "")})
    assert list(got) == [("Emmanuel Macron", ""), ("", "France")]
    assert len(got[("Emmanuel Macron", "")]) == 2


def test_a_topic_without_a_model_file_gets_no_fallback_rows():
    assert load_model("no_such_topic") is None
    assert fallback.fallback_statements("a1", "no_such_topic", [_place(_mention("Emmanuel Macron", "France"))],
                                        set()) == []


def test_model_probabilities_and_threshold():
    model = Model(("none", "oppose", "support"), {"w=refuse": (0.0, 2.0, -1.0)}, (1.0, 0.0, 0.0), 0.6)
    probs = model.probabilities({"w=refuse": 1.0})
    assert math.isclose(sum(probs.values()), 1.0)
    assert max(probs, key=probs.get) == "oppose"
    assert model.decide({"w=refuse": 1.0})[0] == "oppose"          # 1 - P(none) = 0.73 >= 0.6
    assert model.decide({})[0] is None                              # no word: "none" is likeliest
    assert model.decide({"w=unknown": 1.0}) == model.decide({})     # a word the model never saw weighs nothing


def test_the_written_weights_give_the_trained_models_probabilities(tmp_path):
    recs = [("a", ("", "Russia"), {"country=Russia": 1.0, "w=refuse": 1.0}),
            ("a", ("Keir Starmer", ""), {"country=United Kingdom": 1.0, "w=send": 1.0}),
            ("b", ("", "Spain"), {"country=Spain": 1.0, "w=meeting": 1.0}),
            ("b", ("Keir Starmer", ""), {"country=United Kingdom": 1.0, "w=meeting": 1.0})]
    gold = [{"article_id": "a", "person": "", "country": "Russia", "stance": "oppose"},
            {"article_id": "a", "person": "Starmer", "country": "United Kingdom", "stance": "support"}]
    vec, clf = train.fit([("s", gold, [], recs)], c=1.0)
    save_model(train.to_model(vec, clf, 0.5, ["s"]), tmp_path / "learned" / "t.json")
    model = load_model("t", str(tmp_path))   # the file as the extractor reads it
    for _, _, feats in recs:
        want = dict(zip(clf.classes_, clf.predict_proba(vec.transform([feats]))[0]))
        got = model.probabilities(feats)
        assert all(math.isclose(got[c], want[c], abs_tol=1e-3) for c in want)
    assert model.trained_on == ("s",)


def test_labels_match_people_by_name_and_governments_by_country():
    gold = [{"article_id": "a", "person": "Emmanuel Macron", "country": "France", "stance": "support"},
            {"article_id": "a", "person": "", "country": "Spain", "stance": "oppose"}]
    assert train.label(gold, "a", ("Emanuel Macron", "")) == "support"      # a misspelt name is the same person
    assert train.label(gold, "a", ("", "Spain")) == "oppose"
    assert train.label(gold, "a", ("", "France")) == "none"                 # France's row is Macron's
    assert train.label(gold, "b", ("", "Spain")) == "none"                  # another article


def test_features_are_words_and_places_not_names():
    from extract.nlp.parse import load_nlp
    doc = load_nlp()("Sergei Lavrov said Russia would never accept Western troops in Ukraine.")
    sent = next(doc.sents)
    m = Mention(0, 2, Actor("Sergei Lavrov", "Russia", "Foreign Minister"), "name", "Sergei Lavrov", 1)
    feats = holder_features("Russia", True, [_place(m, sent)])
    assert {"subject", "speaker", "kind=name", "gov=say", "w=never", "w=accept", "w=troop", "country=Russia",
            "holder=person", "sentences=1"} <= set(feats)
    assert not [f for f in feats if "lavrov" in f.lower() or f == "w=ukraine"]   # names are not words
