"""Topic definitions are data: `data/topics/<name>.json` (terms, anchors, cue words, phrases).

A new topic is a new file; nothing here names a topic.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from .. import lexicon, settings


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


def _cues(d: dict) -> dict[str, frozenset[str]]:
    """The engine's generic stance words, plus the topic's own (`cues`), less what it removes (`remove_cues`)."""
    add, remove = d.get("cues", {}), d.get("remove_cues", {})
    return {k: (v | frozenset(w.lower() for w in add.get(k, ()))) - frozenset(w.lower() for w in remove.get(k, ()))
            for k, v in lexicon.stance_cues().items()}


def _phrases(d: dict) -> dict[str, tuple[str, ...]]:
    add, remove = d.get("phrases", {}), d.get("remove_phrases", {})
    out = {}
    for k, v in lexicon.stance_phrases().items():
        drop = {p.lower() for p in remove.get(k, ())}
        out[k] = tuple(p for p in dict.fromkeys([*v, *(p.lower() for p in add.get(k, ()))]) if p not in drop)
    return out


def topic_dir() -> Path:
    return Path(settings.data_dir()) / "topics"


def available() -> list[str]:
    return sorted(p.stem for p in topic_dir().glob("*.json"))


@functools.lru_cache(maxsize=8)
def load_topic(name: str | None = None) -> Topic:
    name = name or settings.DEFAULT_TOPIC
    path = topic_dir() / f"{name}.json"
    if not path.exists():
        raise ValueError(f"unknown topic '{name}' (known: {', '.join(available()) or 'none'})")
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the topic file ({exc})") from None
    terms = [t.lower() for t in d["terms"]]
    return Topic(
        name=d["name"], label=d.get("label", d["name"]),
        terms=frozenset(t for t in terms if " " not in t),
        phrases=tuple(tuple(t.split()) for t in terms if " " in t),
        strong=frozenset(t.lower() for t in d.get("strong_terms", [])),
        context=frozenset(t.lower() for t in d.get("context_terms", [])),
        anchors=tuple(d.get("anchors", [])),
        exclude_modifiers=frozenset(m.lower() for m in d.get("exclude_modifiers", [])),
        off_target_places=frozenset(d.get("off_target_places", [])),
        anaphors=frozenset(a.lower() for a in d.get("anaphors", [])),
        cues=_cues(d),
        cue_phrases=_phrases(d),
        idiom_terms=frozenset(t.lower() for t in d.get("idiom_terms", [])),
        deploy_nouns=frozenset(t.lower() for t in d.get("deploy_nouns", [])),
        timing_nouns=frozenset(t.lower() for t in d.get("timing_nouns", [])),
        collectives=frozenset(t.lower() for t in d.get("collectives", [])),
    )
