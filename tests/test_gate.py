"""The gate skips only articles that cannot yield rows: gated and ungated runs give the same rows."""
from pathlib import Path

import pytest

from extract.topic.terms import term_hits
from extract.topic.gate import on_topic, statement_windows
from extract.nlp.parse import load_nlp
from extract.run.article import extract_articles
from extract.text.read import load_manifest, read_path
from extract.schema import Article
from extract.topic.topics import load_topic

ROOT = Path(__file__).resolve().parents[1]


def own_articles():
    arts = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "articles"):
        manifest = load_manifest(folder / "manifest.csv") if (folder / "manifest.csv").is_file() else {}
        arts += [read_path(p, manifest.get(p.stem)) for p in sorted(folder.glob("*.txt"))]
    return arts


def folder_articles(folder: Path):
    from extract.text.read import iter_input_paths, read_inputs
    return [a for _, a in read_inputs(iter_input_paths([folder]), load_manifest(folder / "manifest.csv"))]


@pytest.fixture(scope="module")
def ungated():
    return list(extract_articles(own_articles(), gate=False))


def test_gated_rows_equal_ungated(ungated):
    gated = list(extract_articles(own_articles(), gate=True, batch_size=3))
    assert [a.article_id for a, _ in gated] == [a.article_id for a, _ in ungated]
    for (a, rows), (_, expected) in zip(gated, ungated):
        assert rows == expected, a.article_id       # full row dicts, in order
    assert sum(len(r) for _, r in ungated) > 50


# The blind sets read like news (background, quotes, people named long before they speak), and
# bench/on_topic like archive articles where the topic is a line or two in a longer story: the
# statement window cuts most there, and the rows must still be the same.
@pytest.mark.parametrize("folder", ["tests/blind", "tests/blind2", "tests/blind3", "tests/blind4", "tests/blind5",
                                    "bench/on_topic"])
def test_windowed_rows_equal_whole_article(folder):
    arts = folder_articles(ROOT / folder)
    topic = load_topic()
    cut = sum(1 for a in arts if statement_windows(a.text, topic) != [(0, len(a.text))])
    gated, ungated_ = extract_articles(arts, gate=True), extract_articles(arts, gate=False)
    for (a, rows), (_, expected) in zip(gated, ungated_):
        assert rows == expected, a.article_id
    assert cut >= (len(arts) // 2 if folder.startswith("bench") else 1)   # the windows did cut


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


# Windows: whole lines, from BEFORE_SENTENCES (3) before each line with a topic term to
# AFTER_SENTENCES (6) after it, merged when they touch; the text here is written so the margins show.
FILL = "".join(f"Filler sentence {i}. " for i in range(1, 9)).strip()   # eight sentences on one line


@pytest.mark.parametrize("text, expected", [
    ("Gas prices fell.\nNothing here.", []),
    ("Macron said France could send troops.", ["Macron said France could send troops."]),
    # the lines before a hit back to three sentences, the lines after it to six
    ("Head.\nA. B. C.\nD. E.\nF.\nMacron backed a force of troops.\nG. H.\nI. J. K.\nL. M.\nN.",
     ["D. E.\nF.\nMacron backed a force of troops.\nG. H.\nI. J. K.\nL. M.\n"]),
    # a long line counts all its sentences: one line of eight is margin enough either side
    (f"Head.\n{FILL}\nTusk ruled out troops.\n{FILL}\nTail.", [f"{FILL}\nTusk ruled out troops.\n{FILL}\n"]),
    # hits far apart make two windows; the text between them is never parsed
    (f"Troops first.\n{FILL}\n{FILL}\n{FILL}\nTroops last.", [f"Troops first.\n{FILL}\n", f"{FILL}\nTroops last."]),
    # hits close together make one
    ("Troops first.\nA. B.\nTroops last.\nC.", ["Troops first.\nA. B.\nTroops last.\nC."]),
    # a phrase broken by a line break counts on the line where it starts
    (f"{FILL}\n{FILL}\nLeaders spoke of boots\non the ground.\n{FILL}\n{FILL}",
     [f"{FILL}\nLeaders spoke of boots\non the ground.\n{FILL}\n"]),
    # Russia's and Ukraine's own troops are not the topic (the word just before says so) ...
    ("Russian forces pushed on.\nUkraine’s troops held the line.", []),
    # ... unless something else stands between
    ("Russian and European troops met.", ["Russian and European troops met."]),
    # a term starts a word: "reinforce" is not "force"
    ("NATO will reinforce its eastern flank and enforce the rules.", []),
])
def test_statement_windows(text, expected):
    assert [text[s:e] for s, e in statement_windows(text, load_topic())] == expected


@pytest.mark.parametrize("text", ["NATO will reinforce its eastern flank.", "Courts enforce contracts."])
def test_terms_inside_words_do_not_pass(text):
    assert not on_topic(text, load_topic())


WIND = " ".join(f"Turbine {i} was switched on as engineers watched the gauges." for i in range(1, 13))


@pytest.mark.parametrize("text, leader", [
    # a pronoun whose person was named twelve sentences before the window
    ("Danish Prime Minister Mette Frederiksen opened a wind farm on Monday.\n" + WIND +
     "\nShe said Denmark was ready to send troops to Ukraine as part of a reassurance force.", "Mette Frederiksen"),
    # a bare title: the last person named with that post
    ("Danish Prime Minister Mette Frederiksen opened a wind farm on Monday.\n" + WIND +
     "\nThe prime minister said Denmark was ready to send troops to Ukraine.", "Mette Frederiksen"),
])
def test_people_named_before_a_window_are_carried_into_it(text, leader):
    article = Article("carry", text, published="2025-03-10")
    windows = statement_windows(text, load_topic())
    assert len(windows) == 1 and "Frederiksen" not in text[windows[0][0]:]     # the name is outside the window
    [(_, gated)], [(_, whole)] = extract_articles([article]), extract_articles([article], gate=False)
    assert gated == whole
    assert [(r["leader"], r["position"]) for r in gated] == [(leader, "support")]


def test_people_named_finds_known_people_with_where_they_end():
    from extract.run.article import people_named
    text = "Mette Frederiksen met Sir Keir Starmer and a farmer, John Smith."
    got = people_named(load_nlp(), text, "2025-03-10")
    assert [(text[:end].split()[-1], a.name, a.country) for end, a in got] == [
        ("Frederiksen", "Mette Frederiksen", "Denmark"), ("Starmer", "Keir Starmer", "United Kingdom")]
