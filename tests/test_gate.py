"""The gate skips only articles that cannot yield rows: gated and ungated runs give the same rows."""
from pathlib import Path

import pytest

from extract.attribute import term_hits
from extract.gate import on_topic
from extract.parse import load_nlp
from extract.pipeline import extract_articles
from extract.read import load_manifest, read_path
from extract.schema import Article
from extract.topics import load_topic

ROOT = Path(__file__).resolve().parents[1]


def own_articles():
    arts = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "articles"):
        manifest = load_manifest(folder / "manifest.csv") if (folder / "manifest.csv").is_file() else {}
        arts += [read_path(p, manifest.get(p.stem)) for p in sorted(folder.glob("*.txt"))]
    return arts


@pytest.fixture(scope="module")
def ungated():
    return list(extract_articles(own_articles(), gate=False))


def test_gated_rows_equal_ungated(ungated):
    gated = list(extract_articles(own_articles(), gate=True, batch_size=3))
    assert [a.article_id for a, _ in gated] == [a.article_id for a, _ in ungated]
    for (a, rows), (_, expected) in zip(gated, ungated):
        assert rows == expected, a.article_id       # full row dicts, in order
    assert sum(len(r) for _, r in ungated) > 50


def test_every_article_with_rows_passes_the_gate(ungated):
    topic = load_topic()
    for article, rows in ungated:
        if rows:
            assert on_topic(article.text, topic), article.article_id


def test_every_sentence_with_a_term_hit_passes_the_gate():
    """Sentence by sentence, with the most generous setting of term_hits (anchored, in context)."""
    topic, nlp = load_topic(), load_nlp()
    for article in own_articles():
        for sent in nlp(article.text).sents:
            if term_hits(sent, topic, True, in_context=False):
                assert on_topic(sent.text, topic), (article.article_id, sent.text)


@pytest.mark.parametrize("text", [
    "Oil prices fell on Tuesday as traders weighed OPEC output.",
    "The striker scored twice as the home side won the derby 3-1.",
    "Parliament passed the budget after a long night of votes.",
])
def test_off_topic_text_is_skipped(text):
    assert not on_topic(text, load_topic())
    assert [r for _, r in extract_articles([Article("x", text)])] == [[]]


@pytest.mark.parametrize("text", [
    "Macron said France would deploy TROOPS to Ukraine.",          # upper case
    "Britain is redeploying forces to Ukraine.",                    # inflection, prefix
    "Leaders spoke of boots\non the ground in Ukraine.",            # phrase across a line break
    "Starmer backed the coalition  of the willing.",
])
def test_inflections_and_phrases_pass(text):
    assert on_topic(text, load_topic())
