"""The pipeline: sentence boundaries the text makes plain, and the leader ruler."""
import pytest

from extract.nlp.parse import load_nlp


@pytest.mark.parametrize("text, sentences", [
    # a line break always ends a sentence
    ("Merz rules out troops\nBerlin, 18 February", ["Merz rules out troops", "Berlin, 18 February"]),
    # a full stop glued to the next word does not ("Caliber.Az" is an outlet)
    ("Merz said there is no decision, Caliber.Az reports, citing foreign media. Meloni agreed.",
     ["Merz said there is no decision, Caliber.Az reports, citing foreign media.", "Meloni agreed."]),
    # an ordinary full stop still does
    ("Tusk spoke first. Macron replied.", ["Tusk spoke first.", "Macron replied."]),
])
def test_sentence_boundaries(text, sentences):
    assert [s.text.strip() for s in load_nlp()(text).sents] == sentences


def test_the_ruler_makes_known_leaders_people():
    doc = load_nlp()("Kaja Kallas and Mark Rutte met in Brussels.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "PERSON"] == [("Kaja Kallas", "PERSON"), ("Mark Rutte", "PERSON")]


def test_concurrent_loads_share_one_model():
    """The app warms the model in a thread while an upload may ask for it: one load, one object."""
    from concurrent.futures import ThreadPoolExecutor

    from extract import settings
    from extract.nlp.parse import load_nlp
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(load_nlp, [None, settings.MODEL])
    assert a is b is load_nlp()
    assert "entity_ruler" in a.pipe_names


@pytest.mark.parametrize("curly, straight", [
    ("Allies agreed to meet Trump’s demand to spend five percent of GDP on defence.",
     "Allies agreed to meet Trump's demand to spend five percent of GDP on defence."),
    ("The government isn’t just planning a force, it’s ready to send one.",
     "The government isn't just planning a force, it's ready to send one."),
])
def test_a_curly_apostrophe_parses_as_a_straight_one(curly, straight):
    """The model was trained on straight apostrophes; "Trump’s demand" as a page prints it gets the
    parse of "Trump's demand" (a possessor), and the text stays as printed."""
    nlp = load_nlp()
    a, b = nlp(curly), nlp(straight)
    assert a.text == curly
    assert [(t.dep_, t.head.i, t.tag_) for t in a] == [(t.dep_, t.head.i, t.tag_) for t in b]
    assert a.vocab["n’t"].norm_ == "n't" and a.vocab["’s"].shape_ == "'x"
