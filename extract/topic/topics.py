"""Topic definitions are data: `data/topics/<name>.toml`, one file per topic, the name its file stem.

`data/topics/TEMPLATE.toml` explains every key; `spec.py` checks a file (pydantic) and stops with
one line naming the file, the key and the fix. A new topic is a new file; nothing here names a topic.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .. import lexicon, settings
from .spec import TopicError, TopicFile, read_spec

NAME = re.compile(r"[a-z0-9][a-z0-9_]*")   # a topic's name (its file stem): what --topic a,b can list


@dataclass(frozen=True)
class Topic:
    name: str
    label: str
    terms: frozenset[str]            # single words (lower case) that put a sentence on the topic
    phrases: tuple[tuple[str, ...], ...]  # multiword terms, as word tuples
    strong: frozenset[str]           # terms on the topic even without an anchor in the sentence
    context: frozenset[str]          # terms on the topic only right after a topic sentence ("a German contribution")
    anchors: tuple[str, ...]
    exclude_modifiers: frozenset[str]
    off_target_places: frozenset[str]
    anaphors: frozenset[str]
    cues: dict                       # position class -> frozenset of lemmas
    cue_phrases: dict                # "oppose"/"conditional" -> phrases; "without_condition" -> nouns
    idiom_terms: frozenset[str] = frozenset()   # bare after by / in / use of, an idiom ("in force")
    deploy_nouns: frozenset[str] = frozenset()  # nouns of deploying: "the deployment of X" names what
    timing_nouns: frozenset[str] = frozenset()  # subjects that make an if-clause only a time ("if a truce holds")
    collectives: frozenset[str] = frozenset()   # "a European force would…" commits nobody in particular
    hosts: frozenset[str] = frozenset()         # countries the question is done to ("Ukraine"): what they say asks for it
    measure_words: frozenset[str] = frozenset()  # a term they govern is what they measure ('3.5 percent for the forces')
    question: str = ""
    file: str = ""                   # the file it was read from


@functools.lru_cache(maxsize=64)
def _anchor_pattern(anchors: tuple[str, ...]) -> re.Pattern | None:
    # an anchor starts a word, and may run on into it: "Russia" finds "Russian", but "5%" is not
    # inside "2.5%" and "NATO" not inside "SENATOR"
    return re.compile("|".join(r"(?<![\w.])" + re.escape(a) for a in anchors)) if anchors else None


def anchor_in(text: str, topic: "Topic") -> str | None:
    """The first anchor the text contains, or None."""
    pattern = _anchor_pattern(topic.anchors)
    found = pattern.search(text) if pattern is not None else None
    return found.group() if found else None


def has_anchor(text: str, topic: "Topic") -> bool:
    return anchor_in(text, topic) is not None


def _cues(spec: TopicFile) -> dict[str, frozenset[str]]:
    """The engine's generic stance words, plus the topic's own (`cue_words`), less what it removes."""
    add, remove = spec.cue_words, spec.remove_cue_words
    return {k: (v | frozenset(w.lower() for w in getattr(add, k))) - frozenset(w.lower() for w in getattr(remove, k))
            for k, v in lexicon.stance_cues().items()}


def _phrases(spec: TopicFile) -> dict[str, tuple[str, ...]]:
    add, remove = spec.cue_phrases, spec.remove_cue_phrases
    out = {}
    for k, v in lexicon.stance_phrases().items():
        drop = {p.lower() for p in getattr(remove, k)}
        out[k] = tuple(p for p in dict.fromkeys([*v, *(p.lower() for p in getattr(add, k))]) if p not in drop)
    return out


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import spacy
    return spacy.blank("en").tokenizer   # the model's own tokenizer rules, without loading the model


def term_words(term: str) -> tuple[str, ...]:
    """A term as the lower-case tokens the parse will have: '5%' -> ('5', '%'), 'cease-fire' ->
    ('cease', '-', 'fire'), 'U.S. troops' -> ('u.s.', 'troops'). Tokenized as written: the tokenizer
    keeps 'U.S.' whole but splits 'u.s.'."""
    if re.fullmatch(r"[\w\s]+", term):
        return tuple(term.lower().split())
    return tuple(t.lower_ for t in _tokenizer()(" ".join(term.split())) if not t.is_space)


def topic_dir() -> Path:
    return Path(settings.data_dir()) / "topics"


def available() -> list[str]:
    """The topics of the data folder (TEMPLATE.toml is not one: its stem is no topic name)."""
    return sorted(p.stem for p in topic_dir().glob("*.toml") if NAME.fullmatch(p.stem))


def topic_path(name: str) -> Path:
    """The file of a topic: a name in data/topics, or a path to a .toml file."""
    if name.endswith(".toml") or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise TopicError(f"{path}: no such topic file")
        return path
    path = topic_dir() / f"{name}.toml"
    if not path.exists():
        if path.with_suffix(".json").exists():
            raise TopicError(f"{path.with_suffix('.json')}: topics are TOML files now; rewrite it as {path.name} "
                             f"(data/topics/TEMPLATE.toml explains every key)")
        near = difflib.get_close_matches(name, available(), n=1)
        raise TopicError(f"unknown topic '{name}'" + (f"; did you mean '{near[0]}'?" if near else "")
                         + f" (known: {', '.join(available()) or 'none'}; files in {topic_dir()})")
    return path


def load_topic(name: str | None = None) -> Topic:
    """The topic of that name (default settings.DEFAULT_TOPIC), re-read when its file changes."""
    path = topic_path(name or settings.DEFAULT_TOPIC)
    st = path.stat()
    return _load(str(path), st.st_mtime_ns, st.st_size)


def load_topics(spec: str | Topic | list | tuple | None = None) -> tuple[Topic, ...]:
    """Several topics, each checked before any article is read: a Topic, a name, 'a,b', 'all' (every
    topic in data/topics), or a list of these. None is the default topic. Each topic appears once."""
    if spec is None or isinstance(spec, (str, Topic)):
        spec = [spec]
    out: dict[str, Topic] = {}
    for item in spec:
        if isinstance(item, Topic):
            out.setdefault(item.name, item)
            continue
        names = [n.strip() for n in (item or settings.DEFAULT_TOPIC).split(",") if n.strip()]
        for n in (available() if names == ["all"] else names):
            t = load_topic(n)
            out.setdefault(t.name, t)
    if not out:
        raise TopicError(f"no topic given, and none in {topic_dir()}")
    return tuple(out.values())


@functools.lru_cache(maxsize=32)
def _load(path: str, _mtime: int, _size: int) -> Topic:
    p = Path(path)
    if not NAME.fullmatch(p.stem):
        raise TopicError(f"{p}: a topic's file name is its name, in lower case letters, digits and _ "
                         f"(e.g. nato_spending.toml); rename the file")
    spec = read_spec(p)
    terms = [term_words(t) for t in spec.terms]
    return Topic(
        name=p.stem, label=spec.label, question=spec.question, file=path,
        terms=frozenset(t[0] for t in terms if len(t) == 1),
        phrases=tuple(t for t in terms if len(t) > 1),
        strong=frozenset(" ".join(term_words(t)) for t in spec.strong_terms),
        context=frozenset(t.lower() for t in spec.follow_up_terms),
        anchors=tuple(spec.anchors),
        exclude_modifiers=frozenset(m.lower() for m in spec.exclude_modifiers),
        off_target_places=frozenset(spec.off_target_places),
        anaphors=frozenset(a.lower() for a in spec.anaphors),
        cues=_cues(spec),
        cue_phrases=_phrases(spec),
        idiom_terms=frozenset(t.lower() for t in spec.idiom_terms),
        deploy_nouns=frozenset(t.lower() for t in spec.object_checked_terms),
        timing_nouns=frozenset(t.lower() for t in spec.timing_nouns),
        collectives=frozenset(t.lower() for t in spec.collectives),
        hosts=frozenset(spec.hosts),
        measure_words=frozenset(w.lower() for w in spec.measure_words),
    )
