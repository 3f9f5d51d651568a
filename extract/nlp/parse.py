"""Article text -> spaCy Doc. The model is loaded once per process (per server in the app)."""
from __future__ import annotations

import functools
import threading

import spacy
from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc

from .. import settings
from . import tag_rules
from ..actors.table import load_table, person_patterns
from ..registry import declare, on

declare("glued_stop", "text", "Spain would not need to hit 5%, publishing a letter to show as much.Sanchez said so on Sunday. "
        "(a full stop run into a capitalised word after a lower-case one ends the sentence)")


@Language.component("text_boundaries")
def text_boundaries(doc: Doc) -> Doc:
    """Sentence boundaries the text makes plain, set before the parser guesses: a line break ends a
    sentence (headlines, datelines and paragraphs never run into each other), and a full stop glued
    to the next word ("Caliber.Az reports") does not, unless a lower-case word comes before it and a
    capitalised one after ("confirming as much.Sanchez said": a page that lost the space; rule glued_stop)."""
    for tok in doc[:-1]:
        if "\n" in tok.text or tok.is_space and "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
        elif tok.text == "." and tok.i > 0 and not tok.whitespace_ and doc[tok.i + 1].text[:1].isalpha():
            doc[tok.i + 1].is_sent_start = _lost_space(doc[tok.i - 1], doc[tok.i + 1])
    return doc


def _lost_space(before, after) -> bool:
    """'much.Sanchez', 'agenda.Spain': a sentence end whose space a page lost, not a name or a domain
    ('Caliber.Az', 'News.Az', 'nato.int' keep a capital before or a lower-case word after)."""
    return on("glued_stop") and not before.whitespace_ and len(before.text) >= 2 and before.text.isalpha() \
        and before.text.islower() and after.text.istitle() and after.text.isalpha() and len(after.text) >= 2


_LOADING = threading.Lock()


def load_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline named by the setting, with an entity ruler of known leaders before `ner`.

    The ruler fixes the small model's habit of tagging some leaders as ORG or missing them.
    One load per process: a call made while another thread is loading (the app warms the model
    in a background thread) waits for that load instead of repeating it.
    """
    with _LOADING:
        return _load(model or settings.MODEL)   # load_nlp() and load_nlp(<the setting>): one model


CURLY = str.maketrans({"’": "'"})   # the apostrophe; "‘" opens a quotation


def straighten_apostrophes(vocab) -> None:
    """The model was trained on straight apostrophes: a curly one in "Trump’s" or "don’t" gives other
    prefix, suffix and shape features, and the parser reads "Trump’s demand" as a modifier, not a
    possessor. The features (not the text, which stays verbatim) are computed as for a straight one."""
    for attr in (NORM, PREFIX, SUFFIX, SHAPE):
        getter = vocab.lex_attr_getters.get(attr)
        if getter is not None:
            vocab.lex_attr_getters[attr] = lambda text, _get=getter: _get(text.translate(CURLY))
    for lex in list(vocab):   # the lexemes the model's vocab already holds ("n’t" is "n't": "not")
        if "’" in lex.orth_:
            straight = vocab[lex.orth_.translate(CURLY)]
            lex.norm_, lex.prefix_, lex.suffix_, lex.shape_ = straight.norm_, straight.prefix_, straight.suffix_, straight.shape_


@functools.lru_cache(maxsize=2)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise RuntimeError(f"spaCy model '{name}' is not installed; set COALITION_MODEL or pass --model "
                           f"(the README says how to install it)") from err
    straighten_apostrophes(nlp.vocab)   # part of the model's set-up, like its tag rules: not a rule to switch off
    tag_rules.install(nlp)   # the same matches as spaCy's Matcher, faster
    nlp.add_pipe("text_boundaries", before="parser")
    # Phrase patterns compare lower-cased text, so "sir keir starmer" and "Sir Keir Starmer" both hit.
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(person_patterns(load_table(str(settings.data_dir()))))
    return nlp
