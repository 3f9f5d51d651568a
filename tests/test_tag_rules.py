"""The faster attribute-ruler matcher sets exactly what spaCy's own Matcher sets."""
from pathlib import Path

import pytest
import spacy

from extract import settings
from extract.text.read import iter_input_paths, read_inputs
from extract.nlp.tag_rules import FastMatch, install

ROOT = Path(__file__).resolve().parents[1]
# Every construction the model's patterns name: contractions, "gonna", "y'all", "let's", expletive
# "there is", object pronouns, auxiliaries, determiners used as pronouns, runs of spaces.
ODD = ("I ain't gonna do it, y'all. Let's go, c'mon! Nothin' is there. There is a cat, and there're two. "
       "Did he? He did, and he has. I gave it to you and me. That is what it is; those were hers. "
       "We've done it, they're here, I'm there. Isn't it? Doesn't matter. Gotta go.  \n\n   Spaces  here.")


def texts():
    folders = [ROOT / "seeds", ROOT / "tests" / "articles", *sorted((ROOT / "tests").glob("blind*")),
               ROOT / "bench" / "on_topic"]
    return [a.text for _, a in read_inputs(iter_input_paths(folders), {}) if hasattr(a, "text")] + [ODD]


def token_attrs(doc):
    return [(t.i, t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_same_annotations_as_spacy_on_the_project_texts():
    plain, fast = spacy.load(settings.MODEL), spacy.load(settings.MODEL)
    assert install(fast)
    n = 0
    for a, b in zip(plain.pipe(texts()), fast.pipe(texts())):
        assert token_attrs(a) == token_attrs(b), a.text[:60]
        n += len(a)
    assert n > 50_000


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "new", "OP": "?"}, {"LOWER": "york"}],    # an operator
    [{"SHAPE": "Xxxx"}],                                  # an attribute it does not read
    [{"LOWER": {"FUZZY": "troops"}}],                     # a predicate it does not know
])
def test_a_pattern_it_cannot_read_keeps_spacys_matcher(pattern):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"POS": "DET"})
    ruler.add([pattern], {"POS": "PROPN"})
    assert not FastMatch(ruler).ok
    assert not install(nlp) and "match" not in vars(ruler)


def test_two_token_patterns_and_their_index():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"})
    assert install(nlp)
    doc = nlp("I'm gonna call y'all and ya all.")
    assert [(t.text, t.lemma_) for t in doc if t.lemma_] == [("gon", "go"), ("na", "to"), ("y'", "you")]
