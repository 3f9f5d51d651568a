"""A faster matcher for the model's `attribute_ruler`, with the same matches.

The attribute ruler of en_core_web_sm maps tags to POS and morphology with 179
token patterns run through spaCy's general `Matcher`; that matching was a tenth
of the pipeline's time. Its patterns are simple (one or two tokens, each a few
attribute tests), so looking each token's tag and lower-case form up in an index
of first tokens and checking only those patterns finds exactly the same matches,
several times faster. `spacy.pipeline.AttributeRuler.set_annotations` still
applies them, so what gets set is spaCy's own doing.

A ruler with a pattern this does not understand (operators, other attributes)
keeps spaCy's matcher: `install` leaves it alone. `tests/test_tag_rules.py`
compares every token's attributes with and without it.
"""
from __future__ import annotations

import re

from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

FIELDS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}   # positions in the per-token tuple


def _test(field: int, value):
    """One attribute test of a token pattern, as a function of the token tuple; None if not understood."""
    if isinstance(value, (str, bool)):
        return lambda tok: tok[field] == value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            s = frozenset(arg)
            return lambda tok: tok[field] in s
        if op == "NOT_IN" and isinstance(arg, list):
            s = frozenset(arg)
            return lambda tok: tok[field] not in s
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda tok: isinstance(tok[field], str) and rx.search(tok[field]) is not None
    return None


class FastMatch:
    """Drop-in for `AttributeRuler.match`: (attr_id, match_id, start, end), sorted as spaCy sorts them."""

    def __init__(self, ruler: AttributeRuler):
        self.index: dict[tuple, list] = {}   # (field, value) -> patterns whose first token needs it
        self.other: list = []
        self.ok = True
        strings = ruler.vocab.strings
        # Attr ids are the string keys the ruler added ("0", "1", ...); read the patterns back per key.
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            got = ruler.matcher.get(key)
            if got is None:
                continue
            match_id = strings[key]
            for pattern in got[1]:
                compiled = self._compile(pattern)
                if compiled is None:
                    self.ok = False
                    return
                entry = (attr_id, match_id, compiled)
                starts = self._index_key(pattern[0])
                if starts is None:
                    self.other.append(entry)
                else:
                    for k in starts:
                        self.index.setdefault(k, []).append(entry)

    @staticmethod
    def _index_key(first: dict):
        """(field, value) keys a token must have for the pattern to start there: its most selective
        equality or IN test (word, then tag, dependency, space); None when it has none."""
        for name in ("LOWER", "TAG", "DEP", "IS_SPACE"):
            value = first.get(name)
            if isinstance(value, (str, bool)):
                return [(FIELDS[name], value)]
            if isinstance(value, dict) and list(value) == ["IN"]:
                return [(FIELDS[name], v) for v in value["IN"]]
        return None

    @staticmethod
    def _compile(pattern: list[dict]):
        tests = []
        for spec in pattern:
            if not spec or any(k not in FIELDS for k in spec):
                return None
            token_tests = [_test(FIELDS[k], v) for k, v in spec.items()]
            if any(t is None for t in token_tests):
                return None
            tests.append(token_tests)
        return tests

    def __call__(self, doc: Doc):
        toks = [(t.lower_, t.tag_, t.dep_, t.is_space) for t in doc]
        n, index, found = len(toks), self.index, set()
        for i, tok in enumerate(toks):
            candidates = [*index.get((0, tok[0]), ()), *index.get((1, tok[1]), ()), *index.get((2, tok[2]), ()),
                          *index.get((3, tok[3]), ()), *self.other]
            for attr_id, match_id, tests in candidates:
                end = i + len(tests)
                if end <= n and all(test(toks[i + j]) for j, token_tests in enumerate(tests) for test in token_tests):
                    found.add((attr_id, match_id, i, end))
        return sorted(found)


def install(nlp) -> bool:
    """Give the pipeline's attribute ruler the faster matcher, if it understands every pattern."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastMatch(ruler)
    if fast.ok:
        ruler.match = fast
    return fast.ok
