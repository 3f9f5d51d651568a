"""The schema of a topic file (`data/topics/<name>.toml`), checked with pydantic before any article is read.

`read_spec(path)` returns the validated file, or raises `TopicError` with ONE line naming the
file, the key and the fix ("data/topics/x.toml: unknown key 'anchours'; did you mean 'anchors'?").
Every key is explained in words in `data/topics/TEMPLATE.toml`; this module only says what is
allowed. The cue sub-tables take their class names from the engine's lexicon
(`lexicon.CUE_CLASSES`, `lexicon.PHRASE_CLASSES`), so the schema and the lexicon cannot drift.
"""
from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model, model_validator

from .. import lexicon

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Words = list[Word]


class TopicError(ValueError):
    """A topic file that cannot be used: one line, naming the file, the key and the fix."""


class _Strict(BaseModel):
    # strict: "terms" given as a string, or a number in a list, is an error, never coerced
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


CueWords = create_model("CueWords", __base__=_Strict, **{c: (Words, []) for c in lexicon.CUE_CLASSES})
CuePhrases = create_model("CuePhrases", __base__=_Strict, **{c: (Words, []) for c in lexicon.PHRASE_CLASSES})


class TopicFile(_Strict):
    label: Word
    question: Word
    terms: Annotated[Words, Field(min_length=1)]
    strong_terms: Words = []
    anchors: Words = []
    follow_up_terms: Words = []
    anaphors: Words = []
    exclude_modifiers: Words = []
    off_target_places: Words = []
    measure_words: Words = []
    idiom_terms: Words = []
    object_checked_terms: Words = []
    timing_nouns: Words = []
    collectives: Words = []
    hosts: Words = []
    cue_words: CueWords = CueWords()
    remove_cue_words: CueWords = CueWords()
    cue_phrases: CuePhrases = CuePhrases()
    remove_cue_phrases: CuePhrases = CuePhrases()

    @model_validator(mode="after")
    def _consistent(self):
        terms = {t.lower() for t in self.terms}
        for key in ("strong_terms", "idiom_terms", "object_checked_terms"):
            for t in getattr(self, key):
                if t.lower() not in terms:
                    raise _KeyProblem(key, f"'{t}' is not in terms; add it to terms too (it only qualifies a term)")
        if not self.anchors and not self.strong_terms:
            raise _KeyProblem("anchors", "no anchors and no strong_terms, so no term can ever count; "
                                         "add anchors (names the topic's articles contain) or strong_terms")
        generic_words, generic_phrases = lexicon.stance_cues(), lexicon.stance_phrases()
        for table, generic, kind in (("remove_cue_words", generic_words, "stance/"),
                                     ("remove_cue_phrases", generic_phrases, "stance/phrases_")):
            for cls in generic:
                for w in getattr(getattr(self, table), cls):
                    if w.lower() not in generic[cls]:
                        near = difflib.get_close_matches(w.lower(), list(generic[cls]), n=1)
                        raise _KeyProblem(f"{table}.{cls}", f"'{w}' is not in the engine's list "
                                          f"(extract/rules/{kind}{cls}.txt), so removing it does nothing; "
                                          + (f"did you mean '{near[0]}'?" if near else "drop it"))
        return self


class _KeyProblem(ValueError):
    """A cross-key problem found by the validator: (key, message)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key, self.message = key, message


# What to write when a required key is missing or has the wrong type.
EXAMPLES = {
    "label": 'label = "Raising defence spending to 5% of GDP"',
    "question": 'question = "What position does each leader take on ...?"',
    "terms": 'terms = ["troops", "peacekeepers"]',
}


def read_spec(path: Path) -> TopicFile:
    """The validated topic file, or TopicError (one line) before anything else is read."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TopicError(f"{path}: cannot read the topic file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"{path}: not valid TOML: {exc}; fix that line "
                         f"(strings in double quotes, lists in [ ], one key = value a line)") from None
    try:
        return TopicFile.model_validate(raw)
    except ValidationError as exc:
        raise TopicError(f"{path}: {_explain(exc.errors()[0], raw)}") from None


def _known(loc: tuple) -> list[str]:
    """The keys allowed at the level of `loc` (top level, or inside a cue table)."""
    return list(CueWords.model_fields) if len(loc) > 1 and "words" in str(loc[0]) else \
        list(CuePhrases.model_fields) if len(loc) > 1 else list(TopicFile.model_fields)


def _explain(err: dict, raw: dict) -> str:
    """One pydantic error -> 'key ...: problem; fix'."""
    loc, kind = tuple(err["loc"]), err["type"]
    keys = [p for p in loc if isinstance(p, str)]
    key = ".".join(keys) or "?"
    index = next((p for p in loc if isinstance(p, int)), None)
    if kind == "value_error" and isinstance(err.get("ctx", {}).get("error"), _KeyProblem):
        problem = err["ctx"]["error"]
        return f"key '{problem.key}': {problem.message}"
    if kind == "extra_forbidden":
        if key == "name":
            return "key 'name' is not used: a topic's name is its file name; remove the line"
        prefix = ".".join(keys[:-1])
        near = difflib.get_close_matches(keys[-1], _known(loc), n=1, cutoff=0.6)
        fix = f"did you mean '{prefix + '.' if prefix else ''}{near[0]}'?" if near else \
            f"the keys here are {', '.join(_known(loc))} (data/topics/TEMPLATE.toml explains each)"
        return f"unknown key '{key}'; {fix}"
    if kind == "missing":
        return f"missing key '{key}'; add it, e.g. {EXAMPLES.get(key, key + ' = ...')}"
    if kind == "too_short":
        return f"key '{key}' is empty; list at least one word, e.g. {EXAMPLES.get(key, key + ' = [...]')}"
    if kind == "list_type":
        got = _value(raw, keys)
        example = _quote(got) if isinstance(got, str) else '"..."'
        what = "a table" if isinstance(got, dict) else f"{type(got).__name__} {_quote(got)}"
        return f"key '{key}' must be a list of words in [ ], e.g. {key} = [{example}], not {what}"
    if kind in ("model_type", "dict_type"):
        return f"key '{key}' must be a table of word lists, e.g. [{key}] then support = [\"back\"]"
    if kind in ("string_type", "string_too_short"):
        where = f"entry {index + 1} of '{key}'" if index is not None else f"key '{key}'"
        what = "is empty" if kind == "string_too_short" else f"is {type(err['input']).__name__} {err['input']!r}"
        return f"{where} {what}; write a word in double quotes, e.g. \"troops\""
    return f"key '{key}': {err['msg']}"


def _value(raw: dict, keys: list[str]):
    for k in keys:
        raw = raw.get(k) if isinstance(raw, dict) else None
    return raw


def _quote(value) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
