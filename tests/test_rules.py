"""The rule registry: every rule has cases, and switching it off changes them (no dead rules).

`tests/rule_cases.csv` (written by `bench/rule_worth.py --write-cases`, from our own articles) names,
for each rule, articles whose rows change when the rule is off and one row that comes or goes.
"""
from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from extract import catalogue, registry
from extract.nlp.parse import load_nlp
from extract.run.article import extract_article
from extract.text.read import load_manifest, read_path

ROOT = Path(__file__).resolve().parent.parent
CASES = list(csv.DictReader(open(ROOT / "tests/rule_cases.csv", encoding="utf-8")))
RULES = catalogue.all_rules()


@functools.lru_cache(maxsize=None)
def article(path: str):
    p = ROOT / f"{path}.txt"
    manifest = p.parent / "manifest.csv"
    meta = load_manifest(manifest).get(p.stem) if manifest.exists() else None
    return read_path(p, meta)


# The learned fallback reads a holder whom a rule switched off no longer reads: a rule's case is its
# effect among the rules, so both runs are without it (but for its own case).
FALLBACK = "learned_fallback"
# Rules that only keep the fallback off a holder ("hosting is no position") show their effect with it on.
FALLBACK_GATES = {"meeting_role"}


def rows(path: str, off: str = "", rule: str = "") -> set[tuple]:
    mp = pytest.MonkeyPatch()
    with mp.context() as m:
        names = {off} | ({FALLBACK} if rule != FALLBACK and rule not in FALLBACK_GATES else set())
        if names - {""}:
            m.setenv(registry.ENV, ",".join(sorted(names - {""})))
        else:
            m.delenv(registry.ENV, raising=False)
        got = extract_article(article(path), nlp=load_nlp())
    return {(r["leader"], r["country"], r["position"], r["quote"]) for r in got}


def test_every_rule_has_a_case_and_every_case_a_rule():
    assert sorted(set(RULES) - {c["rule"] for c in CASES}) == []
    assert sorted({c["rule"] for c in CASES} - set(RULES)) == []


def test_every_rule_has_an_example_sentence():
    assert [r.name for r in RULES.values() if len(r.example) < 15] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['rule']}:{c['article'].split('/')[-1]}")
def test_switching_a_rule_off_changes_its_case(case):
    on, off = rows(case["article"], rule=case["rule"]), rows(case["article"], case["rule"], case["rule"])
    assert on != off, f"{case['rule']} changes nothing in {case['article']}: a dead rule"
    row = (case["leader"], case["country"], case["position"])
    with_rule, without = ({r[:3] for r in on}, {r[:3] for r in off})
    if case["when_off"] == "gone":
        assert row in with_rule
    else:
        assert row in without


def test_rule_names_are_traced_in_rows():
    got = extract_article(article("tests/articles/neg_01_rule_out"), nlp=load_nlp())
    assert got and all(r["rule"] for r in got)
    assert all(n in RULES or n == "anaphor" for r in got for n in r["rule"].split(" / "))


def test_disable_rejects_an_unknown_rule(monkeypatch):
    monkeypatch.delenv(registry.ENV, raising=False)
    with pytest.raises(ValueError, match="unknown rule"):
        catalogue.disable(["no_such_rule"])


def test_disable_rule_on_the_command_line(tmp_path, monkeypatch):
    """--disable-rule switches a rule off for the run (and its cache key); an unknown name exits 2."""
    from extract.cli import main
    monkeypatch.delenv(registry.ENV, raising=False)
    src = ROOT / "tests/articles/rule_01_double_negation.txt"
    on, off = tmp_path / "on.csv", tmp_path / "off.csv"
    assert main([str(src), "-o", str(on), "--quiet", "--no-cache"]) == 0
    assert main([str(src), "-o", str(off), "--quiet", "--no-cache", "--disable-rule", "double_negation"]) == 0
    read = lambda p: {(r["leader"], r["position"]) for r in csv.DictReader(open(p, encoding="utf-8"))}  # noqa: E731
    assert ("Mette Frederiksen", "conditional") in read(on)
    assert ("Mette Frederiksen", "oppose") in read(off)
    monkeypatch.delenv(registry.ENV, raising=False)
    assert main([str(src), "-o", str(tmp_path / "x.csv"), "--quiet", "--disable-rule", "no_such_rule"]) == 2


def test_cache_version_covers_disabled_rules_and_every_rule_file(monkeypatch):
    from extract.run.cache import SOURCE_DIR, _sources_version, extractor_version
    monkeypatch.delenv(registry.ENV, raising=False)
    _sources_version.cache_clear()   # the files' part is read once per process
    v = extractor_version("troops_to_ukraine")
    monkeypatch.setenv(registry.ENV, "echo")
    _sources_version.cache_clear()
    assert extractor_version("troops_to_ukraine") != v
    assert (SOURCE_DIR / "rules/rule_precision.csv").is_file()   # a csv in rules/ is hashed too (not only .txt)
